package sheet

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/planbot/planbot/data"
	"github.com/planbot/planbot/data/plan"
	"github.com/xuri/excelize/v2"
)

func guizhou(t *testing.T) *plan.Plan {
	t.Helper()
	p, err := plan.Parse(data.GuizhouUrbanization())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestRows: a department's rows are the clauses that name it, whole, with
// the units it shares each with — those of its own 责任单位 block where a
// clause has several.
func TestRows(t *testing.T) {
	p := guizhou(t)
	for _, tc := range []struct {
		dept   string
		refs   []string
		ref    string // a row to look at
		role   string
		others []string
	}{
		{"省水利厅", []string{"G3", "第41条", "第46条", "第66条"}, "第41条", Shared, nil},
		// Clause 23 has five blocks; 住建厅 stands in the second only.
		{"省住房城乡建设厅", nil, "第23条", Shared, []string{"省发展改革委", "省自然资源厅", "省交通运输厅", "有关市〔州〕人民政府"}},
		{"省“强省会”工作领导小组成员单位", nil, "第13条", Sole, nil},
	} {
		rows := Rows(p, tc.dept)
		var refs []string
		for _, r := range rows {
			refs = append(refs, r.Ref)
		}
		if tc.refs != nil && !slices.Equal(refs, tc.refs) {
			t.Errorf("%s: rows %v, want %v", tc.dept, refs, tc.refs)
		}
		i := slices.Index(refs, tc.ref)
		if i < 0 {
			t.Fatalf("%s: no row for %s in %v", tc.dept, tc.ref, refs)
		}
		r := rows[i]
		if r.Role != tc.role || (tc.others != nil && !slices.Equal(r.Others, tc.others)) {
			t.Errorf("%s %s: role %s with %v, want %s with %v", tc.dept, tc.ref, r.Role, r.Others, tc.role, tc.others)
		}
	}
	// Every department: a row per clause naming it, the clause verbatim.
	for _, d := range p.Departments() {
		rows := Rows(p, d.Name)
		if len(rows) != len(d.Refs) {
			t.Errorf("%s: %d rows for %d clauses", d.Name, len(rows), len(d.Refs))
			continue
		}
		for i, ref := range d.Refs {
			c, _ := p.Clause(ref)
			r := rows[i]
			if r.Text != c.Text || r.Title != c.Title || len(r.Targets) != len(c.Targets) || !strings.HasPrefix(r.Chapter, c.Chapter.Numeral+"、") {
				t.Errorf("%s row %d is not clause %s as written", d.Name, i, ref)
			}
			if (r.Role == Sole) != (len(r.Others) == 0) || slices.Contains(r.Others, d.Name) {
				t.Errorf("%s %s: role %s, others %v", d.Name, ref, r.Role, r.Others)
			}
			for _, o := range r.Others {
				if !slices.Contains(c.Departments, o) {
					t.Errorf("%s %s: %s is not named by the clause", d.Name, ref, o)
				}
			}
		}
	}
}

func TestTargetLine(t *testing.T) {
	for _, tc := range []struct {
		t    plan.Target
		want string
	}{
		{plan.Target{Subject: "遵义中心城市", Metric: "城区常住人口", Year: plan.Year{N: 2023}, Value: "168万左右"}, "遵义中心城市 城区常住人口 2023年：168万左右"},
		{plan.Target{Subject: "县城", Metric: "新增城区常住人口", Year: plan.Year{Label: "十四五"}, Value: "100万以上"}, "县城 新增城区常住人口 “十四五”时期：100万以上"},
		{plan.Target{Subject: "全省", Metric: "建设智慧安防小区", Period: "2023—2025", Value: "3600个"}, "全省 建设智慧安防小区 2023—2025年间：3600个"},
		{plan.Target{Subject: "全省", Metric: "引进国内外优强企业", PerYear: true, Value: "1600家以上"}, "全省 引进国内外优强企业 每年：1600家以上"},
	} {
		if got := targetLine(tc.t); got != tc.want {
			t.Errorf("targetLine = %q, want %q", got, tc.want)
		}
	}
}

// open writes the departments' workbook and opens it again.
func open(t *testing.T, p *plan.Plan, depts ...string) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := Duties(&buf, p, depts); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestDuties: one department's workbook holds its title, the header, and a
// row per clause with the plan's text verbatim; the header stays in sight,
// columns fit and cells wrap.
func TestDuties(t *testing.T) {
	p := guizhou(t)
	const dept = "省住房城乡建设厅"
	f := open(t, p, dept)
	if got := f.GetSheetList(); !slices.Equal(got, []string{dept}) {
		t.Fatalf("sheets %v, want only %s", got, dept)
	}
	rows, err := f.GetRows(dept)
	if err != nil {
		t.Fatal(err)
	}
	want := Rows(p, dept)
	if len(rows) != len(want)+2 {
		t.Fatalf("%d rows, want the title, the header and %d clauses", len(rows), len(want))
	}
	title := rows[0][0]
	for _, s := range []string{p.Title, p.DocNumber, dept, "共" + strconv.Itoa(len(want)) + "条"} {
		if !strings.Contains(title, s) {
			t.Errorf("title %q does not name %q", title, s)
		}
	}
	if !slices.Equal(rows[1], Header()) {
		t.Errorf("header %q, want %q", rows[1], Header())
	}
	for i, w := range want {
		got := rows[i+2]
		for len(got) < len(Header()) {
			got = append(got, "")
		}
		cells := []string{w.Ref, w.Chapter, w.Section, w.Title, w.Text, w.Role, strings.Join(w.Others, "、"), strings.Join(w.Targets, "\n")}
		for j := range cells {
			if got[j] != cells[j] {
				t.Errorf("row %d (%s) column %s: %q, want %q", i+3, w.Ref, Header()[j], got[j], cells[j])
			}
		}
	}
	panes, err := f.GetPanes(dept)
	if err != nil || !panes.Freeze || panes.YSplit != 2 || panes.XSplit != 1 {
		t.Errorf("panes %+v (%v): want the title, header and first column frozen", panes, err)
	}
	bounds := widthBounds()
	for c := range Header() {
		col, _ := excelize.ColumnNumberToName(c + 1)
		w, err := f.GetColWidth(dept, col)
		if err != nil || w < bounds[c][0] || w > bounds[c][1] {
			t.Errorf("column %s is %v wide (%v), want %v", col, w, err, bounds[c])
		}
	}
	if w, _ := f.GetColWidth(dept, "B"); w < displayWidth("四、优化城镇空间布局") {
		t.Errorf("the chapter column (%v) does not fit a chapter's name", w)
	}
	id, err := f.GetCellStyle(dept, "E3")
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil || st.Alignment == nil || !st.Alignment.WrapText {
		t.Errorf("the full text does not wrap: %+v (%v)", st, err)
	}
	if h, _ := f.GetRowHeight(dept, 3); h < 30 {
		t.Errorf("a clause's row is %v high: its text will not show", h)
	}
}

// TestDutiesAll: every department gets a sheet, each its own name, after
// an index that links to them.
func TestDutiesAll(t *testing.T) {
	p := guizhou(t)
	var depts []string
	for _, d := range p.Departments() {
		depts = append(depts, d.Name)
	}
	f := open(t, p, depts...)
	sheets := f.GetSheetList()
	if len(sheets) != len(depts)+1 || sheets[0] != IndexSheet {
		t.Fatalf("%d sheets starting %v, want %s and %d departments", len(sheets), sheets[:2], IndexSheet, len(depts))
	}
	index, err := f.GetRows(IndexSheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range p.Departments() {
		row := index[i+2]
		if row[1] != d.Name || row[2] != strconv.Itoa(len(d.Refs)) {
			t.Errorf("index row %d: %q, want %s with %d clauses", i+3, row, d.Name, len(d.Refs))
		}
		ok, link, err := f.GetCellHyperLink(IndexSheet, "B"+strconv.Itoa(i+3))
		if err != nil || !ok || link != "'"+sheets[i+1]+"'!A1" {
			t.Errorf("index row %d links to %q (%v, %v), want sheet %s", i+3, link, ok, err, sheets[i+1])
		}
		rows, err := f.GetRows(sheets[i+1])
		if err != nil || len(rows) != len(d.Refs)+2 || !strings.HasSuffix(rows[0][0], d.Name+"（共"+strconv.Itoa(len(d.Refs))+"条）") {
			t.Errorf("sheet %s: %d rows, title %q (%v)", sheets[i+1], len(rows), rows[0][0], err)
		}
	}
}

func TestSheetNames(t *testing.T) {
	long := strings.Repeat("长", 40)
	got := sheetNames([]string{"省水利厅", "a/b:c*?[d]", long, long + "乙", "目录", "'引号'"})
	want := []string{"省水利厅", "a_b_c___d_", strings.Repeat("长", 31), strings.Repeat("长", 28) + "(2)", "目录(2)", "引号"}
	if !slices.Equal(got, want) {
		t.Errorf("sheetNames = %q, want %q", got, want)
	}
	for _, n := range got {
		if utf8.RuneCountInString(n) > 31 {
			t.Errorf("%q is longer than Excel allows", n)
		}
	}
}
