package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/planbot/planbot/data/plan"
)

const exportUsage = "usage: planbot export clauses|targets|departments [--format json|csv]\n       planbot export duties (--dept NAME | --all) -o FILE.xlsx"

// runExport prints the parsed plan: its clauses, targets or departments;
// or writes a 分工表.
func runExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "duties" {
		return runDuties(ctx, args[1:], getenv, stdout, stderr)
	}
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "json", "output format: json or csv")
	var pf planFlag
	pf.register(fs, getenv)
	var what string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		what, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %v\n%s", errUsage, err, exportUsage)
	}
	if what == "" && fs.NArg() > 0 {
		what = fs.Arg(0)
	} else if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected %q\n%s", errUsage, fs.Arg(0), exportUsage)
	}
	if *format != "json" && *format != "csv" {
		return fmt.Errorf("%w: unknown format %q\n%s", errUsage, *format, exportUsage)
	}
	p, err := pf.parse()
	if err != nil {
		return err
	}
	var rows []exportRow
	switch what {
	case "clauses":
		for _, c := range p.Clauses {
			rows = append(rows, clauseRow(c))
		}
	case "targets":
		for _, t := range p.Targets() {
			rows = append(rows, targetRow(t))
		}
	case "departments":
		for _, d := range p.Departments() {
			rows = append(rows, exportRow{{"name", d.Name}, {"refs", d.Refs}})
		}
	default:
		return fmt.Errorf("%w: export what? %q\n%s", errUsage, what, exportUsage)
	}
	if *format == "csv" {
		return writeCSV(stdout, rows)
	}
	return writeJSON(stdout, rows)
}

// exportRow is an ordered list of fields, so that JSON and CSV list them in
// the same, readable order.
type exportRow []field

type field struct {
	name  string
	value any
}

func clauseRow(c plan.Clause) exportRow {
	section := ""
	if c.Section != nil {
		section = "(" + c.Section.Numeral + ")" + c.Section.Title
	}
	return exportRow{
		{"ref", c.Ref}, {"number", c.Number},
		{"chapter", c.Chapter.Numeral + "、" + c.Chapter.Title}, {"section", section},
		{"title", c.Title}, {"text", c.Text}, {"departments", nonNil(c.Departments)},
		{"duties", c.Duties}, {"targets", len(c.Targets)},
	}
}

func targetRow(t plan.Target) exportRow {
	return exportRow{
		{"ref", t.Ref}, {"subject", t.Subject}, {"metric", t.Metric}, {"year", t.Year},
		{"value", t.Value}, {"number", t.Number}, {"unit", t.Unit}, {"qualifier", t.Qualifier},
		{"quote", t.Quote}, {"period", t.Period}, {"per_year", t.PerYear}, {"remark", t.Remark},
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// MarshalJSON writes the fields in order.
func (r exportRow) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, f := range r {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(f.name)
		v, err := json.Marshal(f.value)
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", f.name, err)
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

func writeJSON(w io.Writer, rows []exportRow) error {
	if rows == nil {
		rows = []exportRow{}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(rows)
}

// writeCSV writes UTF-8 with a byte-order mark, which Excel needs to show
// Chinese; lists are joined with 、 and structured cells written as JSON.
func writeCSV(w io.Writer, rows []exportRow) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	for i, r := range rows {
		if i == 0 {
			var head []string
			for _, f := range r {
				head = append(head, f.name)
			}
			if err := cw.Write(head); err != nil {
				return err
			}
		}
		var rec []string
		for _, f := range r {
			rec = append(rec, csvCell(f.value))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvCell(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []string:
		return strings.Join(v, "、")
	case plan.Year:
		return v.String()
	case int, float64:
		return fmt.Sprint(v)
	case bool:
		if v {
			return "1"
		}
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}
