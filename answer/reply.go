package answer

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/planbot/planbot/data/plan"
)

// result is a cited piece of a clause.
func (e *Engine) result(c *plan.Clause, quote string, ts []plan.Target) Result {
	r := Result{
		Ref: c.Ref, Chapter: c.Chapter.Numeral + "、" + c.Chapter.Title, Title: c.Title,
		Place: c.Place(), Label: c.Label(), Quote: quote, Departments: dutyFor(c, quote), Text: c.Text,
	}
	if c.Section != nil {
		r.Section = "(" + c.Section.Numeral + ")" + c.Section.Title
	}
	if r.Departments == nil {
		r.Departments = []string{}
	}
	r.Targets = []TargetView{}
	for _, t := range ts {
		r.Targets = append(r.Targets, TargetView{Subject: t.Subject, Metric: t.Metric, Year: t.Year, Value: t.Value})
	}
	return r
}

// quoteOf is the plan's sentence span that states the targets: their
// quotes, each once, in order.
func quoteOf(ts []plan.Target) string {
	var parts []string
	for _, t := range ts {
		dup := false
		for _, p := range parts {
			if strings.Contains(p, t.Quote) {
				dup = true
			}
		}
		if !dup {
			parts = append(parts, t.Quote)
		}
	}
	return strings.Join(parts, "；")
}

// shown is a value as the reply shows it: with a qualifier that the plan
// writes before it (不低于50年一遇), as its quote has it.
func shown(t plan.Target) string {
	if t.Qualifier != "" && !strings.Contains(t.Value, t.Qualifier) && strings.Contains(t.Quote, t.Qualifier) {
		return t.Qualifier + t.Value
	}
	return t.Value
}

func values(ts []plan.Target) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Value)
	}
	return out
}

func yearLabel(y plan.Year) string {
	switch {
	case y.N != 0:
		return strconv.Itoa(y.N) + "年"
	case y.Label == "十四五":
		return "“十四五”时期"
	case y.Label != "":
		return y.Label + "年"
	}
	return "（未限年份）"
}

// targetReply leads with the figures: the years asked about first, a line
// for each subject where the clause sets the metric for several.
func targetReply(r Result, ts []plan.Target, years []int) string {
	var b strings.Builder
	var subjects []string
	bySubject := map[string][]plan.Target{}
	for _, t := range ts {
		if _, ok := bySubject[t.Subject]; !ok {
			subjects = append(subjects, t.Subject)
		}
		bySubject[t.Subject] = append(bySubject[t.Subject], t)
	}
	for _, subj := range subjects {
		b.WriteString(subj + " " + ts[0].Metric + "：")
		var main, other []string
		for _, t := range bySubject[subj] {
			s := shown(t)
			if !t.Year.IsZero() {
				s = yearLabel(t.Year) + " " + shown(t)
			}
			if len(years) == 0 || yearIn(t.Year, years) || t.Year.IsZero() {
				main = append(main, s)
			} else {
				other = append(other, s)
			}
		}
		if len(main) == 0 {
			b.WriteString("计划未设" + yearsText(years) + "目标；")
			main, other = other, nil
		}
		b.WriteString(strings.Join(main, "，"))
		if len(other) > 0 {
			b.WriteString("（" + strings.Join(other, "，") + "）")
		}
		b.WriteString("\n")
	}
	b.WriteString("“" + r.Quote + "”\n—— " + r.Place)
	if len(r.Departments) > 0 {
		b.WriteString("\n责任单位：" + strings.Join(r.Departments, "、"))
	}
	return b.String()
}

func yearsText(years []int) string {
	var s []string
	for _, y := range years {
		s = append(s, strconv.Itoa(y)+"年")
	}
	return strings.Join(s, "、")
}

// targetLines lists targets one a line: subject, metric, year and value.
func targetLines(ts []plan.Target, ref string) string {
	var b strings.Builder
	for _, t := range ts {
		fmt.Fprintf(&b, "· %s %s %s：%s（%s）\n", t.Subject, t.Metric, yearLabel(t.Year), shown(t), refLabel(ref))
	}
	return b.String()
}

// listLabel names a result in a list; G, R and S refs lead so that the
// reader can ask for them.
func listLabel(r Result) string {
	if _, err := strconv.Atoi(r.Ref); err == nil {
		return r.Label
	}
	return r.Ref + " " + r.Label
}

func refLabel(ref string) string {
	if _, err := strconv.Atoi(ref); err == nil {
		return "第" + ref + "条"
	}
	return ref
}

// Render is one result as a reply block: its quote, where it stands and its
// 责任单位, so that a client can page through results one at a time.
func Render(r Result) string {
	var b strings.Builder
	if r.Quote != "" {
		b.WriteString("“" + r.Quote + "”\n")
	}
	b.WriteString("—— " + r.Place)
	if len(r.Departments) > 0 {
		b.WriteString("\n责任单位：" + strings.Join(r.Departments, "、"))
	}
	return b.String()
}
