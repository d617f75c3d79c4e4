// Package sheet writes a plan's 分工表 — each department's clauses, with
// their full text, who else shares them and their targets — as an Excel
// workbook, the table staff otherwise copy the plan into by hand when they
// draft a work plan or a report.
//
// It is its own package so that excelize stays out of the rest of planbot:
// it reads only the parsed plan, and the command line and the bot hand it
// the departments to list.
package sheet

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/planbot/planbot/data/plan"
	"github.com/xuri/excelize/v2"
)

// Header is the 分工表's header row, one name per column.
func Header() []string {
	return []string{"条款", "章", "节", "标题", "条款全文", "本单位", "其他责任单位", "目标（指标、年份、数值）"}
}

// The roles a department has in a clause.
const (
	Sole   = "单独负责"
	Shared = "共同负责"
)

// IndexSheet is the name of the sheet listing the departments, in a
// workbook of more than one.
const IndexSheet = "目录"

// Row is one clause of a department's 分工表, as its cells hold it.
type Row struct {
	Ref     string // 第15条, or G3, R1, S29
	Chapter string // 四、优化城镇空间布局
	Section string // (七)做优做特区域中心城市; "" under a chapter
	Title   string
	Text    string // the clause as written, 责任单位 included
	Role    string // Sole or Shared
	Others  []string
	Targets []string // 遵义中心城市 城区常住人口 2023年：168万左右
}

// Rows are the clauses that name a department, in plan order: its 分工表.
func Rows(p *plan.Plan, dept string) []Row {
	var rows []Row
	for _, c := range p.Clauses {
		if !slices.Contains(c.Departments, dept) {
			continue
		}
		r := Row{
			Ref:     refLabel(c),
			Chapter: c.Chapter.Numeral + "、" + c.Chapter.Title,
			Title:   c.Title,
			Text:    c.Text,
			Others:  others(c, dept),
		}
		if c.Section != nil {
			r.Section = "(" + c.Section.Numeral + ")" + c.Section.Title
		}
		r.Role = Sole
		if len(r.Others) > 0 {
			r.Role = Shared
		}
		for _, t := range c.Targets {
			r.Targets = append(r.Targets, targetLine(t))
		}
		rows = append(rows, r)
	}
	return rows
}

// others are the units a department shares a clause with: those named in
// the 责任单位 blocks that name it. Where a clause's blocks each cover a
// part of it (clause 23), a part is shared only with its own block's units.
func others(c plan.Clause, dept string) []string {
	var out []string
	for _, d := range c.Duties {
		if !slices.Contains(d.Departments, dept) {
			continue
		}
		for _, o := range d.Departments {
			if o != dept && !slices.Contains(out, o) {
				out = append(out, o)
			}
		}
	}
	if len(c.Duties) == 0 { // a clause built without its blocks
		for _, o := range c.Departments {
			if o != dept {
				out = append(out, o)
			}
		}
	}
	return out
}

func refLabel(c plan.Clause) string {
	if c.Number != 0 {
		return "第" + strconv.Itoa(c.Number) + "条"
	}
	return c.Ref
}

// targetLine is a target as a cell lists it: subject, measure, year, value.
func targetLine(t plan.Target) string {
	year := ""
	switch {
	case t.Year.N != 0:
		year = strconv.Itoa(t.Year.N) + "年"
	case t.Year.Label == "十四五":
		year = "“十四五”时期"
	case t.Year.Label != "":
		year = t.Year.Label + "年"
	case t.PerYear:
		year = "每年"
	case t.Period != "":
		year = t.Period + "年间"
	}
	s := t.Subject + " " + t.Metric
	if year != "" {
		s += " " + year
	}
	return s + "：" + t.Value
}

// Title is the title row of a department's sheet: the plan, its 文号, the
// department.
func Title(p *plan.Plan, dept string) string {
	s := "《" + p.Title + "》"
	if p.DocNumber != "" {
		s += "（" + p.DocNumber + "）"
	}
	return s + "分工表：" + dept
}

// Duties writes the 分工表 of each department named as a sheet of its own,
// in the order given, after an index sheet when there is more than one.
func Duties(w io.Writer, p *plan.Plan, depts []string) error {
	if len(depts) == 0 {
		return fmt.Errorf("sheet: no department to list")
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	names := sheetNames(depts)
	first := "Sheet1" // excelize's new workbook has one sheet
	if len(depts) > 1 {
		if err := f.SetSheetName(first, IndexSheet); err != nil {
			return fmt.Errorf("sheet: name the index: %w", err)
		}
		first = ""
		if err := writeIndex(f, st, p, depts, names); err != nil {
			return err
		}
	}
	for i, d := range depts {
		name := names[i]
		if first != "" {
			if err := f.SetSheetName(first, name); err != nil {
				return fmt.Errorf("sheet: name %s: %w", d, err)
			}
			first = ""
		} else if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("sheet: add %s: %w", d, err)
		}
		if err := writeDept(f, st, name, p, d); err != nil {
			return fmt.Errorf("sheet: %s: %w", d, err)
		}
	}
	f.SetActiveSheet(0)
	if err := f.SetDocProps(&excelize.DocProperties{Title: Title(p, strings.Join(depts, "、")), Creator: "planbot", Language: "zh-CN"}); err != nil {
		return fmt.Errorf("sheet: properties: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("sheet: write workbook: %w", err)
	}
	return nil
}

// styles are the workbook's cell styles.
type styles struct {
	title, header, cell, link int
}

func newStyles(f *excelize.File) (styles, error) {
	var st styles
	border := []excelize.Border{
		{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1},
		{Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1},
	}
	for _, s := range []struct {
		id    *int
		style excelize.Style
	}{
		{&st.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}},
		{&st.header, excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&st.cell, excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&st.link, excelize.Style{Border: border, Font: &excelize.Font{Color: "1F4E8C", Underline: "single"}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
	} {
		id, err := f.NewStyle(&s.style)
		if err != nil {
			return st, fmt.Errorf("sheet: style: %w", err)
		}
		*s.id = id
	}
	return st, nil
}

// maxCell is the most characters an Excel cell holds; a longer text would
// be cut, and the table promises the plan's text whole.
const maxCell = 32767

// widthBounds are the columns' least and greatest widths, in Excel's
// units (a Latin digit; a Chinese character takes two): each column fits
// its longest line between them, and the full text wraps in a wide one.
func widthBounds() [][2]float64 {
	return [][2]float64{{7, 9}, {14, 26}, {14, 30}, {16, 34}, {90, 90}, {9, 10}, {16, 36}, {24, 56}}
}

func writeDept(f *excelize.File, st styles, name string, p *plan.Plan, dept string) error {
	rows := Rows(p, dept)
	header := Header()
	table := [][]string{header}
	for _, r := range rows {
		if utf8.RuneCountInString(r.Text) > maxCell {
			return fmt.Errorf("%s is longer than an Excel cell holds", r.Ref)
		}
		table = append(table, []string{r.Ref, r.Chapter, r.Section, r.Title, r.Text, r.Role,
			strings.Join(r.Others, "、"), strings.Join(r.Targets, "\n")})
	}
	last, _ := excelize.ColumnNumberToName(len(header))
	title := fmt.Sprintf("%s（共%d条）", Title(p, dept), len(rows))
	if err := writeTitle(f, st, name, title, last); err != nil {
		return err
	}
	widths := columnWidths(table, widthBounds())
	for i, row := range table {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(name, cell, &row); err != nil {
			return fmt.Errorf("row %d: %w", i+2, err)
		}
		if i > 0 {
			if err := f.SetRowHeight(name, i+2, rowHeight(row, widths)); err != nil {
				return err
			}
		}
	}
	end := fmt.Sprintf("%s%d", last, len(table)+1)
	if err := f.SetCellStyle(name, "A2", last+"2", st.header); err != nil {
		return err
	}
	if len(rows) > 0 {
		if err := f.SetCellStyle(name, "A3", end, st.cell); err != nil {
			return err
		}
	}
	if err := setWidths(f, name, widths); err != nil {
		return err
	}
	return finish(f, name, "A2:"+end)
}

// writeTitle writes a sheet's title row across its columns.
func writeTitle(f *excelize.File, st styles, name, title, last string) error {
	if err := f.SetCellStr(name, "A1", title); err != nil {
		return err
	}
	if err := f.MergeCell(name, "A1", last+"1"); err != nil {
		return err
	}
	if err := f.SetCellStyle(name, "A1", last+"1", st.title); err != nil {
		return err
	}
	return f.SetRowHeight(name, 1, 36)
}

// finish freezes the title, the header and the first column, so that a
// row's clause stays in sight however far one scrolls, and filters and
// prints the table by its header.
func finish(f *excelize.File, name, table string) error {
	if err := f.SetPanes(name, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 2, TopLeftCell: "B3", ActivePane: "bottomRight",
		Selection: []excelize.Selection{{SQRef: "B3", ActiveCell: "B3", Pane: "bottomRight"}}}); err != nil {
		return fmt.Errorf("freeze panes: %w", err)
	}
	if err := f.AutoFilter(name, table, nil); err != nil {
		return fmt.Errorf("filter: %w", err)
	}
	// Printed on A4 across, as wide as the page and as long as it takes.
	landscape, a4, wide, long, fit := "landscape", 9, 1, 0, true
	if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return fmt.Errorf("fit to page: %w", err)
	}
	if err := f.SetPageLayout(name, &excelize.PageLayoutOptions{Size: &a4, Orientation: &landscape, FitToWidth: &wide, FitToHeight: &long}); err != nil {
		return fmt.Errorf("page layout: %w", err)
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + name + "'!$1:$2", Scope: name})
}

// writeIndex lists the departments, each linked to its sheet.
func writeIndex(f *excelize.File, st styles, p *plan.Plan, depts, names []string) error {
	header := []string{"序号", "责任单位", "条款数", "条款"}
	table := [][]string{header}
	for i, d := range depts {
		var refs []string
		for _, r := range Rows(p, d) {
			refs = append(refs, r.Ref)
		}
		table = append(table, []string{strconv.Itoa(i + 1), d, strconv.Itoa(len(refs)), strings.Join(refs, "、")})
	}
	title := "《" + p.Title + "》"
	if p.DocNumber != "" {
		title += "（" + p.DocNumber + "）"
	}
	title += fmt.Sprintf("分工表：%d个责任单位", len(depts))
	if err := writeTitle(f, st, IndexSheet, title, "D"); err != nil {
		return err
	}
	widths := columnWidths(table, [][2]float64{{6, 6}, {20, 40}, {8, 8}, {60, 60}})
	for i, row := range table {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		var vals []any
		for j, v := range row {
			if i > 0 && (j == 0 || j == 2) {
				n, _ := strconv.Atoi(v)
				vals = append(vals, n) // counts as numbers, so that they sort
				continue
			}
			vals = append(vals, v)
		}
		if err := f.SetSheetRow(IndexSheet, cell, &vals); err != nil {
			return err
		}
		if i > 0 {
			if err := f.SetRowHeight(IndexSheet, i+2, rowHeight(row, widths)); err != nil {
				return err
			}
		}
	}
	end := fmt.Sprintf("D%d", len(table)+1)
	if err := f.SetCellStyle(IndexSheet, "A2", "D2", st.header); err != nil {
		return err
	}
	if err := f.SetCellStyle(IndexSheet, "A3", end, st.cell); err != nil {
		return err
	}
	for i := range depts {
		cell := fmt.Sprintf("B%d", i+3)
		if err := f.SetCellHyperLink(IndexSheet, cell, "'"+names[i]+"'!A1", "Location"); err != nil {
			return fmt.Errorf("link %s: %w", depts[i], err)
		}
		if err := f.SetCellStyle(IndexSheet, cell, cell, st.link); err != nil {
			return err
		}
	}
	if err := setWidths(f, IndexSheet, widths); err != nil {
		return err
	}
	if err := f.SetPanes(IndexSheet, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A3", ActiveCell: "A3", Pane: "bottomLeft"}}}); err != nil {
		return fmt.Errorf("freeze panes: %w", err)
	}
	return f.AutoFilter(IndexSheet, "A2:"+end, nil)
}

// sheetNames are the departments' names as Excel allows a sheet's: at most
// 31 characters, none of :\/?*[], and each its own (case aside).
func sheetNames(depts []string) []string {
	taken := map[string]bool{strings.ToLower(IndexSheet): true}
	var out []string
	for _, d := range depts {
		name := strings.Map(func(r rune) rune {
			if strings.ContainsRune(`:\/?*[]`, r) {
				return '_'
			}
			return r
		}, d)
		name = strings.Trim(name, "'")
		if utf8.RuneCountInString(name) > 31 {
			name = string([]rune(name)[:31])
		}
		base := name
		for n := 2; taken[strings.ToLower(name)] || name == ""; n++ {
			suffix := "(" + strconv.Itoa(n) + ")"
			r := []rune(base)
			name = string(r[:min(len(r), 31-len(suffix))]) + suffix
		}
		taken[strings.ToLower(name)] = true
		out = append(out, name)
	}
	return out
}

// displayWidth is how wide Excel sets text, in its units: two for a
// Chinese character or full-width sign, one for the rest.
func displayWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r >= 0x1100 && (unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x30ff) || (r >= 0xff00 && r <= 0xffef) || r == '—' || r == '“' || r == '”' || r == '…') {
			w += 2
		} else {
			w += 1.1
		}
	}
	return w
}

// columnWidths fits each column to its longest line, within its bounds.
func columnWidths(table [][]string, bounds [][2]float64) []float64 {
	widths := make([]float64, len(bounds))
	for c, b := range bounds {
		w := b[0]
		for _, row := range table {
			for _, line := range strings.Split(row[c], "\n") {
				w = max(w, displayWidth(line)+2)
			}
		}
		widths[c] = min(w, b[1])
	}
	return widths
}

// rowHeight is the height, in points, that shows a row's wrapped cells
// whole, up to the 409 points Excel allows. Excel does not fit a row to
// wrapped text it did not type itself, so the table sets it.
func rowHeight(row []string, widths []float64) float64 {
	lines := 1
	for c, v := range row {
		n := 0
		for _, line := range strings.Split(v, "\n") {
			n += max(1, int((displayWidth(line)+widths[c]-2.5)/(widths[c]-1.5)))
		}
		lines = max(lines, n)
	}
	return min(409, float64(lines)*16+6)
}

func setWidths(f *excelize.File, name string, widths []float64) error {
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(name, col, col, w); err != nil {
			return fmt.Errorf("width of %s: %w", col, err)
		}
	}
	return nil
}
