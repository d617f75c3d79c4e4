package plan

import (
	"strings"
)

// dutyBlock is one （责任单位：…） block: where it starts and ends in the
// clause text and what it says.
type dutyBlock struct {
	start, end int // byte offsets of the block, parentheses included
	inner      string
}

// findDutyBlocks finds every 责任单位 block, matching parentheses of either
// width so that a unit such as 县（市、区）人民政府 does not end it early.
func (g *grammar) findDutyBlocks(text string) []dutyBlock {
	var out []dutyBlock
	for from := 0; from < len(text); {
		start, opener := -1, ""
		for _, o := range g.dutyOpeners {
			if i := strings.Index(text[from:], o); i >= 0 && (start < 0 || from+i < start) {
				start, opener = from+i, o
			}
		}
		if start < 0 {
			break
		}
		depth, end := 0, -1
		for i, r := range text[start:] {
			switch r {
			case '(', '（':
				depth++
			case ')', '）':
				depth--
			}
			if depth == 0 {
				end = start + i + len(string(r))
				break
			}
		}
		if end < 0 { // unclosed: take the rest of the paragraph
			end = len(text)
			if i := strings.IndexByte(text[start:], '\n'); i >= 0 {
				end = start + i
			}
		}
		inner := text[start+len(opener) : end]
		inner = strings.TrimRight(inner, ")）")
		out = append(out, dutyBlock{start: start, end: end, inner: inner})
		from = end
	}
	return out
}

// readDuties splits a clause's text into the spans its 责任单位 blocks cover.
func (g *grammar) readDuties(text string) []Duty {
	var out []Duty
	prev := 0
	for _, b := range g.findDutyBlocks(text) {
		out = append(out, Duty{
			Text:        strings.TrimSpace(text[prev:b.start]),
			Departments: splitDepartments(b.inner),
		})
		prev = b.end
	}
	return out
}

// WithoutDuties is a clause text with its 责任单位 blocks taken out, so that
// nothing in a department's name is read as a target and a reply can show
// the departments on a line of their own. Each block leaves a line break,
// which ends a sentence: a quote never spans a block, and so stands verbatim
// in the clause text. The blocks are found as the plan's format opens them.
func (p *Plan) WithoutDuties(text string) string {
	return p.grammar().withoutDuties(text)
}

func (g *grammar) withoutDuties(text string) string {
	var b strings.Builder
	prev := 0
	for _, d := range g.findDutyBlocks(text) {
		b.WriteString(text[prev:d.start])
		b.WriteString("\n")
		prev = d.end
	}
	b.WriteString(text[prev:])
	return b.String()
}

// splitDepartments reads the departments of one block:
// "省应急厅等省安委会成员单位、省公安厅,各市〔州〕人民政府" names 省应急厅,
// 省安委会成员单位, 省公安厅 and 各市〔州〕人民政府. A trailing 等 ("and
// others") is not part of a name.
func splitDepartments(s string) []string {
	var out []string
	depth := 0 // separators inside parentheses belong to a name: 各县（市、区）人民政府
	for _, part := range strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case '(', '（':
			depth++
		case ')', '）':
			depth = max(depth-1, 0)
		}
		return depth == 0 && (r == '、' || r == ',' || r == '，' || r == ';' || r == '；')
	}) {
		for _, name := range strings.Split(part, "等") {
			name = strings.TrimFunc(name, isSpace)
			if name != "" {
				out = append(out, name)
			}
		}
	}
	return out
}

// unionDepartments lists each department of the duties once, in order.
func unionDepartments(ds []Duty) []string {
	var out []string
	seen := map[string]bool{}
	for _, d := range ds {
		for _, n := range d.Departments {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}
