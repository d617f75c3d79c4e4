package plan

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/planbot/planbot/data"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.txtar from the parser's output")

const goldenFile = "testdata/guizhou.golden.txtar"

// guizhou parses the embedded plan once per test binary.
func guizhou(t testing.TB) *Plan {
	t.Helper()
	p, err := Parse(data.GuizhouUrbanization())
	if err != nil {
		t.Fatalf("Parse(embedded plan): %v", err)
	}
	return p
}

// clauseLines is the clause structure, one line a clause:
// ref | chapter numeral | section numeral | title | departments.
func clauseLines(p *Plan) string {
	var b strings.Builder
	for _, c := range p.Clauses {
		sec := "-"
		if c.Section != nil {
			sec = c.Section.Numeral
		}
		fmt.Fprintf(&b, "%s | %s | %s | %s | %s\n", c.Ref, c.Chapter.Numeral, sec, c.Title, strings.Join(c.Departments, "、"))
	}
	return b.String()
}

// targetLines is every target, one line each:
// ref | subject | metric | year | value | quote [| remark].
// The year is "-" for none, 每年 for a per-year value, and the sentence's
// period follows in parentheses where the value has no year of its own.
func targetLines(p *Plan) string {
	var b strings.Builder
	for _, t := range p.Targets() {
		y := t.Year.String()
		switch {
		case t.PerYear:
			y = "每年"
		case t.Year.IsZero():
			y = "-"
		}
		if t.Period != "" {
			y += " (" + t.Period + ")"
		}
		fmt.Fprintf(&b, "%s | %s | %s | %s | %s | %s", t.Ref, t.Subject, t.Metric, y, t.Value, t.Quote)
		if t.Remark != "" {
			fmt.Fprintf(&b, " | 注:%s", t.Remark)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// chapterLines is the chapter and section headings.
func chapterLines(p *Plan) string {
	var b strings.Builder
	for _, ch := range p.Chapters {
		fmt.Fprintf(&b, "%s、%s\n", ch.Numeral, ch.Title)
		for _, s := range ch.Sections {
			fmt.Fprintf(&b, "\t(%s)%s\n", s.Numeral, s.Title)
		}
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	p := guizhou(t)
	got := &txtar.Archive{
		Comment: []byte("The parsed 《贵州省新型城镇化实施方案(2023—2025年)》: regenerate with\n" +
			"go test ./data/plan -run TestGolden -update, then read the diff against the text.\n"),
		Files: []txtar.File{
			{Name: "chapters", Data: []byte(chapterLines(p))},
			{Name: "clauses", Data: []byte(clauseLines(p))},
			{Name: "targets", Data: []byte(targetLines(p))},
		},
	}
	if *update {
		if err := os.MkdirAll(filepath.Dir(goldenFile), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenFile, txtar.Format(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := txtar.ParseFile(goldenFile)
	if err != nil {
		t.Fatalf("%v (run go test ./data/plan -update to create it)", err)
	}
	if len(want.Files) != len(got.Files) {
		t.Fatalf("golden file has %d sections, want %d", len(want.Files), len(got.Files))
	}
	for i, f := range got.Files {
		w := want.Files[i]
		if w.Name != f.Name {
			t.Errorf("golden section %d is %q, want %q", i, w.Name, f.Name)
			continue
		}
		if !bytes.Equal(w.Data, f.Data) {
			t.Errorf("section %s differs from %s:\n%s", f.Name, goldenFile, lineDiff(string(w.Data), string(f.Data)))
		}
	}
}

// lineDiff lists the lines only in want (-) and only in got (+), in order.
func lineDiff(want, got string) string {
	in := func(s string) map[string]int {
		m := map[string]int{}
		for _, l := range strings.Split(s, "\n") {
			m[l]++
		}
		return m
	}
	w, g := in(want), in(got)
	var b strings.Builder
	for _, l := range strings.Split(want, "\n") {
		if g[l] == 0 {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	for _, l := range strings.Split(got, "\n") {
		if w[l] == 0 {
			fmt.Fprintf(&b, "+ %s\n", l)
		}
	}
	return b.String()
}

func TestGuizhouStructure(t *testing.T) {
	p := guizhou(t)
	var want []string
	want = append(want, "R1")
	for i := 0; i <= 5; i++ {
		want = append(want, "G"+strconv.Itoa(i))
	}
	for i := 1; i <= 69; i++ {
		want = append(want, strconv.Itoa(i))
	}
	for i := 29; i <= 33; i++ {
		want = append(want, "S"+strconv.Itoa(i))
	}
	if len(want) != 81 {
		t.Fatalf("test bug: %d refs", len(want))
	}
	var got []string
	for _, c := range p.Clauses {
		got = append(got, c.Ref)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("refs:\n got %v\nwant %v", got, want)
	}
	for _, r := range want {
		c, ok := p.Clause(r)
		if !ok {
			t.Errorf("Clause(%q) not found", r)
			continue
		}
		if c.Ref != r || strings.TrimSpace(c.Text) == "" || c.Title == "" {
			t.Errorf("Clause(%q) = ref %q, title %q, %d bytes of text", r, c.Ref, c.Title, len(c.Text))
		}
	}

	if len(p.Chapters) != 9 {
		t.Errorf("%d chapters, want 9", len(p.Chapters))
	}
	sections := 0
	for i, ch := range p.Chapters {
		if ch.Number != i+1 {
			t.Errorf("chapter %d is numbered %d (%s)", i+1, ch.Number, ch.Numeral)
		}
		for _, s := range ch.Sections {
			sections++
			if s.Number != sections {
				t.Errorf("section %d is numbered %d (%s)", sections, s.Number, s.Numeral)
			}
		}
	}
	if sections != 33 {
		t.Errorf("%d sections, want 33", sections)
	}

	meta := []struct{ name, got, want string }{
		{"Title", p.Title, "贵州省新型城镇化实施方案(2023—2025年)"},
		{"DocNumber", p.DocNumber, "黔发改城镇〔2023〕571号"},
		{"Issuer", p.Issuer, "贵州省发展和改革委员会"},
		{"Date", p.Date, "2023-07-21"},
	}
	for _, m := range meta {
		if m.got != m.want {
			t.Errorf("%s = %q, want %q", m.name, m.got, m.want)
		}
	}
	if !strings.HasPrefix(p.Preamble, "为深入贯彻落实《国家新型城镇化规划") || !strings.HasSuffix(p.Preamble, "特制定本实施方案。") {
		t.Errorf("Preamble = %q", p.Preamble)
	}
}
