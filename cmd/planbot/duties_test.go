package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/planbot/planbot/sheet"
	"github.com/xuri/excelize/v2"
)

// clause is a clause as `planbot export clauses` gives it.
type clause struct {
	Ref         string   `json:"ref"`
	Number      int      `json:"number"`
	Chapter     string   `json:"chapter"`
	Section     string   `json:"section"`
	Title       string   `json:"title"`
	Text        string   `json:"text"`
	Departments []string `json:"departments"`
}

func exportedClauses(t *testing.T) []clause {
	t.Helper()
	var cs []clause
	if err := json.Unmarshal([]byte(export(t, "clauses")), &cs); err != nil {
		t.Fatal(err)
	}
	return cs
}

// duties runs `planbot export duties args… -o FILE` and opens the workbook.
func duties(t *testing.T, args ...string) (*excelize.File, invocation) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "duties.xlsx")
	r := planbot(t, "", nil, append([]string{"export", "duties", "--dict-dir", testDictDir, "-o", out}, args...)...)
	if r.err != nil || r.code != 0 {
		t.Fatalf("planbot export duties %q: %v (exit status %d)\n%s", args, r.err, r.code, r.stderr)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f, r
}

// checkSheet checks that a department's sheet holds, row by row, every
// clause `export clauses` says names it, its text verbatim.
func checkSheet(t *testing.T, f *excelize.File, sheetName, dept string, cs []clause) {
	t.Helper()
	rows, err := f.GetRows(sheetName)
	if err != nil {
		t.Fatal(err)
	}
	var want []clause
	for _, c := range cs {
		if slices.Contains(c.Departments, dept) {
			want = append(want, c)
		}
	}
	if len(want) == 0 || len(rows) != len(want)+2 {
		t.Fatalf("sheet %s: %d rows, want a title, a header and %d clauses", sheetName, len(rows), len(want))
	}
	if !strings.Contains(rows[0][0], dept) || !slices.Equal(rows[1], sheet.Header()) {
		t.Errorf("sheet %s: title %q, header %q", sheetName, rows[0][0], rows[1])
	}
	for i, c := range want {
		row := rows[i+2]
		ref := c.Ref
		if c.Number != 0 {
			ref = "第" + strconv.Itoa(c.Number) + "条"
		}
		for j, w := range []string{ref, c.Chapter, c.Section, c.Title, c.Text} {
			if j >= len(row) || row[j] != w {
				t.Errorf("sheet %s, clause %s, column %s: %q, want %q", sheetName, c.Ref, sheet.Header()[j], cell(row, j), w)
			}
		}
		others := strings.Split(cell(row, 6), "、")
		if (cell(row, 5) == sheet.Sole) != (cell(row, 6) == "") || slices.Contains(others, dept) {
			t.Errorf("sheet %s, clause %s: role %q with %q", sheetName, c.Ref, cell(row, 5), cell(row, 6))
		}
	}
}

func cell(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}

// TestExportDuties: a department named as staff name it gets a workbook of
// the clauses that name it, compared with `planbot export clauses`.
func TestExportDuties(t *testing.T) {
	cs := exportedClauses(t)
	for _, tc := range []struct{ name, dept string }{
		{"水利厅", "省水利厅"},
		{"住建厅", "省住房城乡建设厅"},
		{"省发展改革委", "省发展改革委"},
	} {
		f, r := duties(t, "--dept", tc.name)
		if got := f.GetSheetList(); !slices.Equal(got, []string{tc.dept}) {
			t.Fatalf("--dept %s: sheets %v, want %s", tc.name, got, tc.dept)
		}
		checkSheet(t, f, tc.dept, tc.dept, cs)
		if !strings.Contains(r.stdout, tc.dept) {
			t.Errorf("--dept %s: stdout %q does not name %s", tc.name, r.stdout, tc.dept)
		}
	}
}

// TestExportDutiesAll: --all writes an index and a sheet per department,
// each holding the plan's text for every clause naming it.
func TestExportDutiesAll(t *testing.T) {
	cs := exportedClauses(t)
	var depts []string
	for _, c := range cs {
		for _, d := range c.Departments {
			if !slices.Contains(depts, d) {
				depts = append(depts, d)
			}
		}
	}
	f, _ := duties(t, "--all")
	sheets := f.GetSheetList()
	if len(sheets) != len(depts)+1 || sheets[0] != sheet.IndexSheet {
		t.Fatalf("%d sheets, want %s and %d departments", len(sheets), sheet.IndexSheet, len(depts))
	}
	index, err := f.GetRows(sheet.IndexSheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range depts {
		if cell(index[i+2], 1) != d {
			t.Errorf("index row %d: %q, want %s", i+3, index[i+2], d)
		}
		checkSheet(t, f, sheets[i+1], d, cs)
	}
}

func TestExportDutiesErrors(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x.xlsx")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--dept", "水利厅"}, 2, "no output file"},
		{[]string{"-o", out}, 2, "give one of --dept NAME and --all"},
		{[]string{"-o", out, "--all", "--dept", "水利厅"}, 2, "give one of --dept NAME and --all"},
		{[]string{"-o", out, "--all", "extra"}, 2, `unexpected "extra"`},
		{[]string{"-o", out, "--format", "csv", "--all"}, 2, "flag provided but not defined: -format"},
		{[]string{"-o", out, "--dept", "海关总署"}, 1, "计划的责任单位中没有“海关总署”"},
	} {
		r := planbot(t, "", nil, append([]string{"export", "duties", "--dict-dir", testDictDir}, tc.args...)...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("export duties %q: exit status %d, stderr %q; want %d and %q", tc.args, r.code, r.stderr, tc.code, tc.want)
		}
	}
}
