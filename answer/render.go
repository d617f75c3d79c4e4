package answer

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/planbot/planbot/data/plan"
)

// Stage 6: render. One function builds every reply from the decision; a
// quoted block (the plan's words, where they stand, who is responsible) is
// written by one function too, which the bot also uses to page through
// results.

// render builds the answer a decision stands for.
func (e *Engine) render(q *question, d decision) Answer {
	var r reply
	switch d.kind {
	case kindFigures:
		e.renderFigures(&r, q, d)
	case kindPassage:
		r.intent = IntentTopic
		for i, p := range d.passages {
			if i > 0 {
				r.blank()
			}
			r.block(e.passageResult(p))
		}
	case kindMembers:
		r.intent = IntentList
		for i, p := range d.passages {
			if i > 0 {
				r.blank()
			}
			r.block(e.membersResult(p, d.head))
		}
	case kindDuty:
		r.intent = IntentDuty
		for i, p := range d.passages {
			res := e.passageResult(p)
			if i > 0 {
				r.blank()
			}
			r.write("责任单位：")
			for j, d := range res.Departments {
				if j > 0 {
					r.write("、")
				}
				r.figure(d)
			}
			r.blank()
			r.quote(res)
		}
	case kindDept:
		r.intent = IntentDept
		var names []string
		for _, di := range d.dept {
			names = append(names, e.gaz.depts[di].name)
		}
		r.line(strings.Join(names, "、") + "是以下条款的责任单位：")
		for _, ci := range d.clauses {
			c := e.clauses[ci].c
			res := e.result(c, dutyTextOf(c, names), nil)
			res.Departments = c.Departments
			r.item(res)
		}
		r.hint()
	case kindClause:
		r.intent = IntentClause
		for i, ci := range d.clauses {
			c := e.clauses[ci].c
			if i > 0 {
				r.blank()
			}
			res := e.result(c, c.Text, c.Targets)
			res.Departments = c.Departments
			r.results = append(r.results, res)
			r.line(c.Label())
			r.line(c.Text)
			r.line("—— " + c.Place())
		}
	case kindHeading:
		r.intent = IntentList
		h := e.gaz.headings[d.heading]
		r.line(h.label + "：")
		var common []string
		for i, ci := range d.clauses {
			c := e.clauses[ci].c
			res := e.result(c, c.Title, nil)
			res.Departments = c.Departments
			r.item(res)
			if i == 0 {
				common = slices.Clone(c.Departments)
			} else {
				common = slices.DeleteFunc(common, func(n string) bool { return !slices.Contains(c.Departments, n) })
			}
		}
		if len(common) > 0 {
			r.line("各条责任单位均有：" + strings.Join(common, "、"))
		}
		r.hint()
	case kindSmallTalk:
		r.intent = IntentNone
		r.reason = SmallTalk
		r.line(fmt.Sprintf("您好！我可以回答《%s》里的问题，例如：", e.plan.Title))
		for _, ex := range e.examples() {
			r.line("· " + ex)
		}
	default:
		e.renderNone(&r, q, d)
	}
	return r.answer()
}

// reply collects an answer as it is rendered.
type reply struct {
	b       strings.Builder
	intent  Intent
	reason  Reason
	results []Result
	figures []Span
}

func (r *reply) line(s string) {
	r.b.WriteString(s)
	r.b.WriteByte('\n')
}

// write adds s to the line being written.
func (r *reply) write(s string) { r.b.WriteString(s) }

// figure adds a figure to the line being written, noting where it stands.
func (r *reply) figure(s string) {
	start := r.b.Len()
	r.b.WriteString(s)
	if s != "" {
		r.figures = append(r.figures, Span{start, r.b.Len()})
	}
}

func (r *reply) blank() { r.b.WriteByte('\n') }

// quote writes a result's quote and where it stands.
func (r *reply) quote(res Result) {
	r.results = append(r.results, res)
	if res.Quote != "" {
		r.line("“" + res.Quote + "”")
	}
	r.line("—— " + res.Place)
}

// block writes a result as Render shows it: quote, place, 责任单位.
func (r *reply) block(res Result) {
	r.results = append(r.results, res)
	r.b.WriteString(Render(res))
	r.b.WriteByte('\n')
}

// item writes a result as one line of a list.
func (r *reply) item(res Result) {
	r.results = append(r.results, res)
	r.line("· " + listLabel(res))
}

// hint tells how to see a listed clause in full.
func (r *reply) hint() {
	if len(r.results) > 0 {
		r.line("发送条号（如 " + refLabel(r.results[0].Ref) + "）看全文。")
	}
}

func (r *reply) answer() Answer {
	text := r.b.String()
	reply := strings.TrimSpace(text)
	// Figures are where they were written; trimming moves them.
	lead := strings.Index(text, reply)
	var figures []Span
	for _, f := range r.figures {
		f.Start, f.End = f.Start-lead, f.End-lead
		if f.Start >= 0 && f.End <= len(reply) {
			figures = append(figures, f)
		}
	}
	return Answer{Intent: r.intent, Reason: r.reason, Results: r.results, Reply: reply, Figures: figures}
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

// result is a cited piece of a clause: the quote, where it stands, the
// departments of the block that covers it, and the targets it states.
func (e *Engine) result(c *plan.Clause, quote string, ts []plan.Target) Result {
	r := Result{
		Ref: c.Ref, Chapter: c.Chapter.Numeral + "、" + c.Chapter.Title, Title: c.Title,
		Place: c.Place(), Label: c.Label(), Quote: quote, Departments: dutyFor(c, quote), Text: c.Text,
	}
	if c.Section != nil {
		r.Section = "(" + c.Section.Numeral + ")" + c.Section.Title
	}
	r.Targets = []TargetView{}
	for _, t := range ts {
		r.Targets = append(r.Targets, TargetView{Subject: t.Subject, Metric: t.Metric, Year: t.Year, Value: t.Value, Period: t.Period, PerYear: t.PerYear})
	}
	return r
}

// dutyFor is the departments of the 责任单位 block that covers a quote, or
// every department of the clause where no one block does.
func dutyFor(c *plan.Clause, quote string) []string {
	first := quote
	if i := strings.IndexAny(first, "。；;"); i > 0 {
		first = first[:i]
	}
	for _, d := range c.Duties {
		if strings.Contains(d.Text, first) {
			return d.Departments
		}
	}
	if c.Departments == nil {
		return []string{}
	}
	return c.Departments
}

// dutyTextOf is the part of a clause the departments are responsible for:
// the text before the first 责任单位 block that names one of them.
func dutyTextOf(c *plan.Clause, names []string) string {
	for _, d := range c.Duties {
		for _, n := range d.Departments {
			if slices.Contains(names, n) {
				return d.Text
			}
		}
	}
	return c.Text
}

// passageResult is a passage as a cited result.
func (e *Engine) passageResult(p passage) Result {
	c := &e.clauses[p.clause]
	var parts []string
	for _, si := range p.sentences {
		parts = append(parts, c.sentences[si].text)
	}
	quote := strings.Join(parts, "")
	var ts []plan.Target
	for _, t := range c.c.Targets {
		if strings.Contains(quote, t.Quote) {
			ts = append(ts, t)
		}
	}
	res := e.result(c.c, quote, ts)
	if len(p.sentences) > 0 {
		if di := c.sentences[p.sentences[0]].duty; di >= 0 {
			res.Departments = c.c.Duties[di].Departments
		}
	}
	return res
}

// membersResult is a passage for a question that asks which things a set
// holds: where the clause names them one sentence at a time (实施…行动,
// 增加农民…收入), the parts of its sentences that hold the set's word,
// each verbatim; else the passage's sentences.
func (e *Engine) membersResult(p passage, head string) Result {
	res := e.passageResult(p)
	if head == "" {
		return res
	}
	c := &e.clauses[p.clause]
	var parts []string
	listing := -1 // a sentence that lists things with the word, 、 between them
	for si, s := range c.sentences {
		if !strings.Contains(e.gaz.store.units[s.unit].text, head) {
			continue // no part of it can have the word
		}
		for _, seg := range strings.FieldsFunc(s.text, func(r rune) bool { return r == ',' || r == '，' || r == '。' || r == '；' || r == ';' }) {
			if strings.Contains(e.foldPlan(seg), head) {
				parts = append(parts, seg)
				if strings.Count(seg, "、") >= 2 && listing < 0 {
					listing = si
				}
			}
		}
	}
	if listing >= 0 {
		// The members stand in one list (土地承包权、宅基地使用权、集体收益
		// 分配权), maybe a sentence before the name the question asks
		// about (“三权”): the passage with that sentence, in the text's order.
		if !slices.Contains(p.sentences, listing) {
			p.sentences = append(slices.Clone(p.sentences), listing)
			slices.Sort(p.sentences)
			return e.passageResult(p)
		}
		return res
	}
	if len(parts) < 3 || len(parts) > 12 {
		return res
	}
	res.Quote = strings.Join(parts, "……")
	res.Departments = dutyFor(c.c, parts[0])
	return res
}

// renderFigures writes rows of figures: each group a line, the years asked
// first; then the difference where a change is asked; then the quotes.
func (e *Engine) renderFigures(r *reply, q *question, d decision) {
	r.intent = IntentTarget
	switch {
	case d.ask == askCompare || d.ask == askChange || (len(d.groups) > 1 && distinctPlaces(q) > 1):
		r.intent = IntentCompare
	case len(d.groups) > 1 && (d.ask == askAcross || d.ask == askMembers):
		r.intent = IntentList
	}
	if note := e.unstatedYears(q, d); note != "" {
		r.line(note)
	}
	var all []plan.Target
	byClause := map[int][]plan.Target{}
	var order []int
	for _, g := range d.groups {
		ts := e.groupTargets(g)
		ts = orderByYears(ts, q.years)
		all = append(all, ts...)
		if _, ok := byClause[g.clause]; !ok {
			order = append(order, g.clause)
		}
		byClause[g.clause] = append(byClause[g.clause], ts...)
		if len(d.groups) > compactAbove {
			r.write("· ")
			r.figureLine(ts, q.years)
			r.line("（" + refLabel(e.clauses[g.clause].c.Ref) + "）")
		} else {
			r.figureLine(ts, q.years)
			r.blank()
		}
	}
	if diff := difference(e.shownTargets(all, q.years)); diff != "" && (d.ask == askChange || d.ask == askCompare || len(q.years) >= 2) {
		r.line(diff)
	}
	slices.Sort(order)
	if len(order) > compactAbove {
		for _, ci := range order {
			ts := byClause[ci]
			r.results = append(r.results, e.result(e.clauses[ci].c, quoteOf(ts), ts))
		}
		r.line("每项数字均为所注条款原文；发送条号（如 " + refLabel(r.results[0].Ref) + "）看原文和责任单位。")
		return
	}
	for i, ci := range order {
		ts := byClause[ci]
		if i > 0 {
			r.blank()
		}
		r.block(e.result(e.clauses[ci].c, quoteOf(ts), ts))
	}
	// The figures lead and the first result is the best group's clause.
	if len(d.groups) > 0 {
		first := e.clauses[d.groups[0].clause].c.Ref
		slices.SortStableFunc(r.results, func(a, b Result) int {
			switch {
			case a.Ref == first && b.Ref != first:
				return -1
			case b.Ref == first && a.Ref != first:
				return 1
			}
			return 0
		})
	}
}

// compactAbove is how many clauses a reply of figures quotes in full; more
// are listed a line each, with their refs, so that a phone screen holds them.
const compactAbove = 3

// unstatedYears is the line that leads a reply whose figures the text ties
// to no year asked (2023年智慧安防小区多少: the plan gives 3600个 for
// 2023—2025): it says the plan gives no figure for that year, before the
// figure it does give, so that a reader never takes the one for the other.
func (e *Engine) unstatedYears(q *question, d decision) string {
	if len(q.years) == 0 {
		return ""
	}
	period, unstated := "", false
	for _, g := range d.groups {
		for _, t := range e.groupTargets(g) {
			switch {
			case yearIn(t.Year, q.years):
				return ""
			case t.Year.IsZero() && !t.PerYear:
				unstated = true
				if period == "" {
					period = t.Period
				}
			}
		}
	}
	if !unstated {
		return ""
	}
	ys := make([]string, len(q.years))
	for i, y := range q.years {
		ys[i] = strconv.Itoa(y) + "年"
	}
	if period != "" {
		return fmt.Sprintf("计划没有单独给出%s的数字，给出的是%s年间的：", strings.Join(ys, "、"), period)
	}
	return fmt.Sprintf("计划没有给出%s的数字，给出的数字未注明年份：", strings.Join(ys, "、"))
}

// groupTargets is a group's targets in plan order.
func (e *Engine) groupTargets(g group) []plan.Target {
	var ts []plan.Target
	for _, i := range g.targets {
		ts = append(ts, e.clauses[g.clause].c.Targets[i])
	}
	return ts
}

// shownTargets are the targets a difference is taken between: those of
// the years asked, or all.
func (e *Engine) shownTargets(ts []plan.Target, years []int) []plan.Target {
	if len(years) < 2 {
		return ts
	}
	var out []plan.Target
	for _, t := range ts {
		if yearIn(t.Year, years) {
			out = append(out, t)
		}
	}
	return out
}

// figureLine writes one group's line: subject, metric, and its values, the
// years asked first and the others after in parentheses, each value a
// figure where it stands.
func (r *reply) figureLine(ts []plan.Target, years []int) {
	t0 := ts[0]
	// A value is shown with what the text writes before it (不低于50年一遇)
	// and after it (（2023—2025年间）); only the value is the figure.
	type shownValue struct{ before, value, after string }
	var main, other []shownValue
	for _, t := range ts {
		s := shownValue{value: t.Value}
		if q := shown(t); q != t.Value {
			s.before = strings.TrimSuffix(q, t.Value)
		}
		switch {
		case !t.Year.IsZero():
			s.before = yearLabel(t.Year) + " " + s.before
		case t.PerYear:
			s.before = "每年 " + s.before
		case t.Period != "":
			// The text ties the figure to no one year of its sentence's
			// period: say so rather than give it the last year.
			s.after = "（" + t.Period + "年间）"
		}
		if len(years) == 0 || yearIn(t.Year, years) || t.Year.IsZero() {
			main = append(main, s)
		} else {
			other = append(other, s)
		}
	}
	if len(main) == 0 {
		main, other = other, nil
	}
	values := func(vs []shownValue) {
		for i, v := range vs {
			if i > 0 {
				r.write("，")
			}
			r.write(v.before)
			r.figure(v.value)
			r.write(v.after)
		}
	}
	r.write(t0.Subject + " " + t0.Metric + "：")
	values(main)
	if len(other) > 0 {
		r.write("（")
		values(other)
		r.write("）")
	}
}

// orderByYears puts the targets of the years asked first.
func orderByYears(ts []plan.Target, years []int) []plan.Target {
	if len(years) == 0 {
		return ts
	}
	var first, rest []plan.Target
	for _, t := range ts {
		if yearIn(t.Year, years) {
			first = append(first, t)
		} else {
			rest = append(rest, t)
		}
	}
	return append(first, rest...)
}

// quoteOf is the plan's span that states the targets: their quotes, each
// once, in order.
func quoteOf(ts []plan.Target) string {
	var parts []string
	for _, t := range ts {
		if !slices.ContainsFunc(parts, func(p string) bool { return strings.Contains(p, t.Quote) }) {
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

func yearLabel(y plan.Year) string {
	switch {
	case y.N != 0:
		return strconv.Itoa(y.N) + "年"
	case y.Label == "十四五":
		return "“十四五”时期"
	case y.Label != "":
		return y.Label + "年"
	}
	return ""
}

// difference shows the arithmetic between two values of one unit, so that
// the reply states no number the plan does not, except by a sum shown.
func difference(ts []plan.Target) string {
	if len(ts) != 2 || ts[0].Unit != ts[1].Unit || ts[0].Number == 0 || ts[1].Number == 0 ||
		ts[0].Number == ts[1].Number || strings.ContainsAny(ts[0].Unit, ":：遇") || ts[0].Qualifier == "前" {
		return "" // equal, a ratio, a return period or a rank: nothing to subtract
	}
	a, b := ts[0], ts[1]
	if a.Year.N > b.Year.N || (a.Year.N == b.Year.N && a.Number > b.Number) {
		a, b = b, a
	}
	d := b.Number - a.Number
	word := "增加"
	if a.Year.N == b.Year.N {
		word = "相差"
	}
	if d < 0 {
		d, word = -d, "减少"
	}
	unit := strings.TrimSuffix(a.Unit, "(间)")
	diffUnit := unit
	if unit == "%" {
		diffUnit = "个百分点" // the difference of two rates is not a rate
	}
	return fmt.Sprintf("%s：%s%s − %s%s = %s%s（按计划数字计算）", word, num(b.Number), unit, num(a.Number), unit, num(d), diffUnit)
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func itoa(n int) string { return strconv.Itoa(n) }

// renderNone says that the plan does not answer, and why; what it sets
// for other places or years is shown as a close match, never as the answer.
func (e *Engine) renderNone(r *reply, q *question, d decision) {
	r.intent, r.reason = IntentNone, d.reason
	switch d.reason {
	case Empty:
		r.line("请输入一个问题，例如：" + strings.Join(e.examples()[:3], "、") + "。")
		return
	case OutsidePlan:
		r.line(fmt.Sprintf("本计划中没有关于%s的目标或内容。", d.missing))
		return
	case NoSuchClause:
		r.line(e.noSuchClause(d.missing))
		return
	case OtherYear:
		r.line(fmt.Sprintf("计划没有设定%s的这项目标。", d.missing))
	case OtherPlace:
		r.line(fmt.Sprintf("计划没有为%s设定这项目标。", d.missing))
	default:
		if d.missing == "sum" {
			r.line("计划分别设定了以下目标，没有给出它们的合计，这里也不代为计算：")
		} else {
			r.line("计划中没有这方面的目标或内容，无法给出数字。")
		}
	}
	if len(d.groups) > 0 && d.missing == "sum" {
		// The figures are the plan's, each where it stands: a row each,
		// then each clause's words and its 责任单位.
		var order []int
		byClause := map[int][]plan.Target{}
		for _, g := range d.groups {
			ts := e.groupTargets(g)
			n := len(r.figures)
			r.figureLine(ts, nil)
			r.figures = r.figures[:n] // no answer: not set in bold
			r.line("（" + refLabel(e.clauses[g.clause].c.Ref) + "）")
			if _, ok := byClause[g.clause]; !ok {
				order = append(order, g.clause)
			}
			byClause[g.clause] = append(byClause[g.clause], ts...)
		}
		for _, ci := range order {
			r.blank()
			r.block(e.result(e.clauses[ci].c, quoteOf(byClause[ci]), byClause[ci]))
		}
		return
	}
	if len(d.groups) > 0 {
		r.line("以下相关但并非所问，仅供参考：")
		for _, g := range d.groups {
			ts := e.groupTargets(g)
			// A close match is no answer: its values are not set as figures.
			n := len(r.figures)
			r.figureLine(ts, nil)
			r.figures = r.figures[:n]
			r.line("（" + refLabel(e.clauses[g.clause].c.Ref) + "）")
			r.results = append(r.results, e.result(e.clauses[g.clause].c, quoteOf(ts), ts))
		}
		if len(d.groups) == 1 {
			r.line("“" + r.results[0].Quote + "”")
			r.line("—— " + r.results[0].Place)
		}
		return
	}
	if len(d.passages) > 0 {
		r.line("以下条款相关但并非所问，仅供参考：")
		for _, p := range d.passages {
			res := e.passageResult(p)
			r.results = append(r.results, res)
			r.line("· " + listLabel(res))
		}
	}
}

// noSuchClause says which refs the plan has: 第1—69条, and the refs of the
// parts without numbers, named by their chapters (工作目标 G0—G5).
func (e *Engine) noSuchClause(ref string) string {
	var groups []string
	maxN := 0
	for i := 0; i < len(e.clauses); {
		c := e.clauses[i].c
		maxN = max(maxN, c.Number)
		if c.Number != 0 {
			i++
			continue
		}
		j := i
		for j+1 < len(e.clauses) && e.clauses[j+1].c.Number == 0 && e.clauses[j+1].c.Ref[0] == c.Ref[0] {
			j++
		}
		span := c.Ref
		if j > i {
			span += "—" + e.clauses[j].c.Ref
		}
		groups = append(groups, c.Chapter.Title+" "+span)
		i = j + 1
	}
	what := "计划中没有这一条"
	if ref != "" {
		what = "计划中没有第" + ref + "条"
	}
	reply := fmt.Sprintf("%s：编号条款为第1—%d条", what, maxN)
	if len(groups) > 0 {
		reply += "，另有" + strings.Join(groups, "、")
	}
	return reply + "。"
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

// examples are questions of each kind, made from the plan itself, for
// greetings and empty questions.
func (e *Engine) examples() []string {
	var out []string
	for _, c := range e.clauses {
		if len(c.c.Targets) > 0 {
			t := c.c.Targets[len(c.c.Targets)-1]
			for _, t2 := range c.c.Targets {
				if t2.Subject != provinceCore && t2.Year.N != 0 {
					t = t2
					break
				}
			}
			if t.Subject != provinceCore && t.Year.N != 0 {
				out = append(out, strings.TrimSuffix(t.Subject, e.plan.PlaceKind(t.Subject))+t.Year.String()+"年"+withoutRemarks(t.Metric)+"目标")
				break
			}
		}
	}
	if len(out) == 0 {
		for _, t := range e.plan.Targets() {
			out = append(out, t.Metric+"目标")
			break
		}
	}
	if len(e.clauses) > 0 {
		last := e.clauses[len(e.clauses)/2].c
		out = append(out, refLabel(last.Ref))
	}
	if ds := e.gaz.depts; len(ds) > 0 {
		out = append(out, ds[0].name+"负责哪些")
	}
	for len(out) < 3 {
		out = append(out, "第1条")
	}
	return out
}
