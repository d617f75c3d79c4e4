package answer

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/planbot/planbot/data/plan"
	"github.com/planbot/planbot/index"
)

// maxQuestion bounds what is read of a question: a chat message is at most
// 4096 characters, and nothing longer is a question.
const maxQuestion = 500

// Ask answers one question. It never fails: a question the plan does not
// answer gets IntentNone and a reply that says so.
func (e *Engine) Ask(ctx context.Context, raw string) Answer {
	text := raw
	if utf8.RuneCountInString(text) > maxQuestion {
		text = string([]rune(text)[:maxQuestion])
	}
	q := e.understand(text)
	q.raw = raw
	e.logger.Debug("understood", "question", raw, "intent", q.intent, "years", q.years, "places", q.places,
		"depts", q.depts, "ref", q.ref, "content", q.content, "extra", q.extra)
	if strings.TrimSpace(q.text) == "" {
		return e.none(ctx, q, "请输入一个问题，例如：遵义2025城区人口目标、第38条、省水利厅负责哪些。")
	}
	var (
		a  Answer
		ok bool
	)
	switch q.intent {
	case IntentClause:
		a, ok = e.answerClause(ctx, q)
	case IntentDept:
		a, ok = e.answerDept(q)
	case IntentDuty:
		a, ok = e.answerDuty(ctx, q)
	case IntentCompare:
		a, ok = e.answerCompare(ctx, q)
	case IntentList:
		a, ok = e.answerList(ctx, q)
	case IntentTarget:
		a, ok = e.answerTarget(ctx, q)
		if !ok && a.Reply == "" && len(q.places) > 0 {
			a, ok = e.notForPlace(ctx, q)
		}
	case IntentTopic:
		// A topic that names a metric outright asks for its value.
		if e.namesMetric(ctx, q) {
			a, ok = e.answerTarget(ctx, q)
		}
	}
	if !ok && a.Intent == IntentNone && a.Reply != "" {
		// The plan answers something close but not what was asked (another
		// year, no such clause): say that rather than search on.
		a.Question = raw
		return a
	}
	if !ok && q.intent != IntentClause && q.ref == "" {
		a, ok = e.answerTopic(ctx, q)
	}
	if !ok {
		return e.none(ctx, q, "")
	}
	a.Question = raw
	return a
}

// Clause answers with the clause whose ref is given ("15", "G1", "S29").
func (e *Engine) Clause(ctx context.Context, ref string) Answer {
	ref = strings.ToUpper(strings.TrimSpace(ref))
	q := e.understand("第" + ref + "条")
	q.raw, q.ref, q.intent = ref, ref, IntentClause
	if n, err := chineseNumeral(ref); err == nil {
		q.ref = strconv.Itoa(n)
	}
	if _, ok := e.byRef[q.ref]; !ok {
		return e.noSuchClause(ref)
	}
	a, _ := e.answerClause(ctx, q)
	a.Question = ref
	return a
}

// Department answers with every clause that names the department.
func (e *Engine) Department(ctx context.Context, name string) Answer {
	q := e.understand(name)
	q.raw = name
	if len(q.depts) == 0 {
		return e.none(ctx, q, fmt.Sprintf("计划的责任单位中没有“%s”。", strings.TrimSpace(name)))
	}
	a, _ := e.answerDept(q)
	a.Question = name
	return a
}

// Targets answers with the targets of a place or a year (遵义, 2025).
func (e *Engine) Targets(ctx context.Context, filter string) Answer {
	q := e.understand(filter)
	q.raw = filter
	var rs []Result
	var figures []string
	var lines strings.Builder
	for _, c := range e.clauses {
		var ts []plan.Target
		for _, t := range c.c.Targets {
			if len(q.places) > 0 && !e.subjectMatches(t, c, q.places) {
				continue
			}
			if len(q.years) > 0 && !yearIn(t.Year, q.years) {
				continue
			}
			ts = append(ts, t)
		}
		if len(ts) > 0 && (len(q.places) > 0 || len(q.years) > 0) {
			rs = append(rs, e.result(c.c, quoteOf(ts), ts))
			lines.WriteString(targetLines(ts, c.c.Ref))
			figures = append(figures, values(ts)...)
		}
	}
	if len(rs) == 0 {
		return e.none(ctx, q, fmt.Sprintf("计划没有为“%s”设定目标。", strings.TrimSpace(filter)))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "“%s”的目标：\n", strings.TrimSpace(filter))
	b.WriteString(lines.String())
	b.WriteString("\n出处见各条；发送条号（如 第15条）看全文。")
	return Answer{Question: filter, Intent: IntentList, Results: rs, Reply: b.String(), Figures: figures}
}

// Search answers with the clauses that best match the words.
func (e *Engine) Search(ctx context.Context, words string) Answer {
	q := e.understand(words)
	q.raw = words
	a, ok := e.answerTopic(ctx, q)
	if !ok {
		return e.none(ctx, q, "")
	}
	a.Question = words
	return a
}

// answerClause shows a whole clause: by number, or the one a description fits.
func (e *Engine) answerClause(ctx context.Context, q question) (Answer, bool) {
	ref := q.ref
	if ref == "" {
		cs := e.rankClauses(ctx, q, 1)
		if len(cs) == 0 || !e.covers(q, cs[0].norm) {
			return Answer{}, false
		}
		ref = cs[0].c.Ref
	}
	i, ok := e.byRef[ref]
	if !ok {
		return e.noSuchClause(ref), false
	}
	c := e.clauses[i].c
	r := e.result(c, c.Text, c.Targets)
	var b strings.Builder
	b.WriteString(c.Label() + "\n")
	b.WriteString(c.Text + "\n")
	b.WriteString("—— " + c.Place())
	return Answer{Intent: IntentClause, Results: []Result{r}, Reply: b.String()}, true
}

// noSuchClause says which refs the plan has: 第1—69条, and the refs of the
// parts without numbers, named by their chapters (工作目标 G0—G5).
func (e *Engine) noSuchClause(ref string) Answer {
	var groups []string
	for i := 0; i < len(e.clauses); {
		c := e.clauses[i].c
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
	reply := fmt.Sprintf("%s：编号条款为第1—%d条", what, e.maxNumber())
	if len(groups) > 0 {
		reply += "，另有" + strings.Join(groups, "、")
	}
	return Answer{Question: ref, Intent: IntentNone, Reply: reply + "。"}
}

func (e *Engine) maxNumber() int {
	n := 0
	for _, c := range e.clauses {
		n = max(n, c.c.Number)
	}
	return n
}

// answerDept lists every clause that names the department.
func (e *Engine) answerDept(q question) (Answer, bool) {
	if len(q.depts) == 0 {
		return Answer{}, false
	}
	d := q.depts[0]
	var rs []Result
	for _, c := range e.clauses {
		for _, name := range c.c.Departments {
			if name == d {
				rs = append(rs, e.result(c.c, dutyTextFor(c.c, d), c.c.Targets))
				break
			}
		}
	}
	if len(rs) == 0 {
		return Answer{}, false
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s是以下条款的责任单位：\n", d)
	for _, r := range rs {
		b.WriteString("· " + listLabel(r) + "\n")
	}
	b.WriteString("发送条号（如 " + refLabel(rs[0].Ref) + "）看全文。")
	return Answer{Intent: IntentDept, Results: rs, Reply: b.String()}, true
}

// dutyTextFor is the part of a clause a department is responsible for: the
// text before the 责任单位 block that names it.
func dutyTextFor(c *plan.Clause, dept string) string {
	for _, d := range c.Duties {
		for _, n := range d.Departments {
			if n == dept {
				return d.Text
			}
		}
	}
	return c.Text
}

// answerDuty says who is responsible for the task the question names.
func (e *Engine) answerDuty(ctx context.Context, q question) (Answer, bool) {
	var c *clauseInfo
	if i, ok := e.byRef[q.ref]; ok {
		c = &e.clauses[i]
	} else {
		cs := e.rankClauses(ctx, q, 1)
		if len(cs) == 0 || !e.covers(q, cs[0].norm) {
			return Answer{}, false
		}
		c = &cs[0]
	}
	duty := plan.Duty{Text: c.c.Text, Departments: c.c.Departments}
	best := -1.0
	for _, d := range c.c.Duties {
		if s := termScore(q.content, e.norm(d.Text)) + 0.5*termScore(q.extra, e.norm(d.Text)); s > best {
			best, duty = s, d
		}
	}
	quote := bestSentences(q, duty.Text, e.norm, 2)
	r := e.result(c.c, quote, nil)
	r.Departments = duty.Departments
	var b strings.Builder
	b.WriteString("责任单位：" + strings.Join(duty.Departments, "、") + "\n")
	b.WriteString("“" + quote + "”\n")
	b.WriteString("—— " + c.c.Place())
	return Answer{Intent: IntentDuty, Results: []Result{r}, Reply: b.String(), Figures: duty.Departments}, true
}

// scoredTarget is a target with how well it fits a question.
type scoredTarget struct {
	t      plan.Target
	clause *clauseInfo
	score  float64
}

// rankTargets scores every target against the question, best first. A
// target for another place than the one asked about is left out.
func (e *Engine) rankTargets(ctx context.Context, q question) []scoredTarget {
	boost := map[string]float64{}
	if hits, err := e.ix.Search(ctx, index.Query{Text: q.expanded, Kind: index.KindTarget, Size: 40}); err == nil {
		for i, h := range hits {
			boost[fmt.Sprintf("%s/%d", h.Ref, h.Target)] = 1.0 / float64(i+2)
		}
	}
	var out []scoredTarget
	for ci := range e.clauses {
		c := &e.clauses[ci]
		for ti, t := range c.c.Targets {
			fields := []string{e.match(t.Metric), e.match(t.Quote), e.norm(c.c.Title), c.norm}
			s, inMetric := wordScore(q.content, fields, []float64{3, 1.5, 1, 0.3})
			se, inMetricExtra := wordScore(q.extra, fields[:2], []float64{1.5, 0.75})
			s += se
			inMetric += inMetricExtra
			if inMetric == 0 && s < 3 {
				continue
			}
			if len(q.places) > 0 {
				if !e.subjectMatches(t, *c, q.places) {
					continue
				}
				s += 4
			} else if t.Subject == "全省" {
				s += 1
			}
			if len(q.years) > 0 {
				switch {
				case yearIn(t.Year, q.years):
					s += 2
				case !t.Year.IsZero():
					s -= 1
				}
			}
			if q.period != "" && t.Year.Label == q.period {
				s += 3
			}
			s += boost[fmt.Sprintf("%s/%d", t.Ref, ti)]
			out = append(out, scoredTarget{t: t, clause: c, score: s})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	return out
}

// wordScore weighs the words by the first of the fields each stands in
// (longer words count more), and counts those in the first field.
func wordScore(words, fields []string, weights []float64) (score float64, inFirst int) {
	for _, w := range words {
		for i, f := range fields {
			if strings.Contains(f, w) {
				score += weights[i] * float64(utf8.RuneCountInString(w))
				if i == 0 {
					inFirst++
				}
				break
			}
		}
	}
	return score, inFirst
}

// subjectMatches reports whether a target is for one of the places.
func (e *Engine) subjectMatches(t plan.Target, c clauseInfo, places []string) bool {
	for _, p := range places {
		if strings.Contains(t.Subject, p) {
			return true
		}
		if p == "全省" && t.Subject == "全省" {
			return true
		}
	}
	return false
}

func yearIn(y plan.Year, years []int) bool {
	for _, n := range years {
		if y.N == n {
			return true
		}
	}
	return false
}

// answerTarget answers with a target's value: the figure first, then the
// sentence it stands in, where that is and who is responsible.
func (e *Engine) answerTarget(ctx context.Context, q question) (Answer, bool) {
	ranked := e.rankTargets(ctx, q)
	if len(ranked) == 0 {
		return Answer{}, false
	}
	top := ranked[0]
	if !e.covers(q, top.clause.norm+" "+e.norm(top.t.Subject+top.t.Metric)) {
		return Answer{}, false
	}
	// The same metric for the same subject in the same clause: every year.
	// Where the question names no place and the clause sets the metric for
	// several (省会贵阳、市州中心城市、县城), every one of them.
	var ts []plan.Target
	for _, t := range top.clause.c.Targets {
		if t.Metric == top.t.Metric && (t.Subject == top.t.Subject || len(q.places) == 0) {
			if q.period != "" && t.Year.Label != q.period {
				continue
			}
			ts = append(ts, t)
		}
	}
	if len(q.years) > 0 && !anyYearIn(ts, q.years) {
		// The plan sets this metric for other years only: say so, and
		// offer what it does set as a close match, not as the answer.
		r := e.result(top.clause.c, quoteOf(ts), ts)
		return Answer{Intent: IntentNone, Results: []Result{r}, Reply: fmt.Sprintf(
			"计划没有设定%s的这项目标。以下相关但并非所问，仅供参考：\n%s", yearsText(q.years), targetReply(r, ts, nil))}, false
	}
	ts = orderByYears(ts, q.years)
	r := e.result(top.clause.c, quoteOf(ts), ts)
	return Answer{Intent: IntentTarget, Results: []Result{r}, Reply: targetReply(r, ts, q.years), Figures: values(ts)}, true
}

// namesMetric reports whether every word of the question stands in the
// metric of the best target: 路网密度, 新能源公交车占比.
func (e *Engine) namesMetric(ctx context.Context, q question) bool {
	ranked := e.rankTargets(ctx, q)
	if len(ranked) == 0 || len(q.content) == 0 {
		return false
	}
	metric := e.match((ranked[0].t.Subject + ranked[0].t.Metric))
	return countIn(q.content, metric) == len(q.content)
}

// notForPlace answers a target question about a place for which the plan
// sets no such target, when it sets one for another: 六盘水2025年GDP目标,
// 遵义5G基站. It says so, and shows what the plan does set as a close
// match, never as the place's figure.
func (e *Engine) notForPlace(ctx context.Context, q question) (Answer, bool) {
	others := q
	others.places, others.content = nil, nil
	for _, w := range q.content {
		if !containsAny(w, q.places) {
			others.content = append(others.content, w)
		}
	}
	a, ok := e.answerTarget(ctx, others)
	if !ok || a.Intent != IntentTarget {
		return Answer{}, false
	}
	a.Intent = IntentNone
	a.Figures = nil
	a.Reply = fmt.Sprintf("计划没有为%s设定这项目标。以下相关但并非所问，仅供参考：\n%s", strings.Join(q.places, "、"), a.Reply)
	return a, false
}

// anyYearIn reports whether a target is for one of the years, or for none
// in particular.
func anyYearIn(ts []plan.Target, years []int) bool {
	for _, t := range ts {
		if t.Year.IsZero() || yearIn(t.Year, years) {
			return true
		}
	}
	return false
}

// orderByYears puts the years asked about first.
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

// answerCompare sets two places or two years of one metric side by side.
func (e *Engine) answerCompare(ctx context.Context, q question) (Answer, bool) {
	ranked := e.rankTargets(ctx, q)
	if len(ranked) == 0 {
		return Answer{}, false
	}
	metric := ranked[0].t.Metric
	subject := ranked[0].t.Subject
	var picked []scoredTarget
	seen := map[string]bool{}
	for _, st := range ranked {
		if st.score < ranked[0].score-6 {
			break
		}
		key := st.t.Ref + st.t.Subject + st.t.Metric + st.t.Year.String()
		if seen[key] || !sameMetric(st.t.Metric, metric) {
			continue
		}
		if len(q.places) < 2 && st.t.Subject != subject {
			continue // two years of one place: 2023和2025年城镇化率 is 全省's
		}
		if len(q.years) > 0 && !yearIn(st.t.Year, q.years) && !st.t.Year.IsZero() {
			continue
		}
		seen[key] = true
		picked = append(picked, st)
	}
	if len(picked) == 0 || !e.covers(q, ranked[0].clause.norm+" "+e.norm(ranked[0].t.Metric)) {
		return Answer{}, false
	}
	sort.SliceStable(picked, func(i, j int) bool {
		a, b := picked[i], picked[j]
		if a.clause != b.clause {
			return e.byRef[a.t.Ref] < e.byRef[b.t.Ref]
		}
		return a.t.Year.N < b.t.Year.N
	})
	// Group by clause, in plan order.
	var rs []Result
	var all []plan.Target
	byRef := map[string][]plan.Target{}
	var order []*clauseInfo
	for _, st := range picked {
		if _, ok := byRef[st.t.Ref]; !ok {
			order = append(order, st.clause)
		}
		byRef[st.t.Ref] = append(byRef[st.t.Ref], st.t)
	}
	var b strings.Builder
	for _, c := range order {
		ts := byRef[c.c.Ref]
		all = append(all, ts...)
		rs = append(rs, e.result(c.c, quoteOf(ts), ts))
	}
	for _, t := range all {
		if t.Year.IsZero() {
			fmt.Fprintf(&b, "%s %s：%s\n", t.Subject, t.Metric, shown(t))
		} else {
			fmt.Fprintf(&b, "%s %s %s：%s\n", yearLabel(t.Year), t.Subject, t.Metric, shown(t))
		}
	}
	if d := difference(all); d != "" {
		b.WriteString(d + "\n")
	}
	for _, r := range rs {
		b.WriteString("\n“" + r.Quote + "”\n—— " + r.Place + "\n")
		if len(r.Departments) > 0 {
			b.WriteString("责任单位：" + strings.Join(r.Departments, "、") + "\n")
		}
	}
	return Answer{Intent: IntentCompare, Results: rs, Reply: strings.TrimSpace(b.String()), Figures: values(all)}, true
}

// sameMetric reports whether two metrics measure the same thing, remarks
// such as (含大方) aside.
func sameMetric(a, b string) bool {
	a, b = withoutRemarks(a), withoutRemarks(b)
	return a == b || strings.Contains(a, b) || strings.Contains(b, a)
}

// sameMeasure is sameMetric without the containment: 新增城区常住人口 is not
// 城区常住人口.
func sameMeasure(a, b string) bool { return withoutRemarks(a) == withoutRemarks(b) }

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

func num(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// answerList lists the targets of a kind, or the sentence that lists what
// the question asks for.
func (e *Engine) answerList(ctx context.Context, q question) (Answer, bool) {
	if a, ok := e.answerChapter(q); ok {
		return a, true
	}
	ranked := e.rankTargets(ctx, q)
	if len(ranked) > 0 && e.covers(q, ranked[0].clause.norm+" "+e.norm(ranked[0].t.Metric)) && ranked[0].score >= 4 {
		top := ranked[0]
		if q.wantsAll {
			// The measure set for the most places: 各市州中心城市城区人口 is
			// 城区常住人口 of eight clauses, not one group's 新增城区常住人口.
			sum := map[string]float64{}
			for _, st := range ranked {
				if st.score >= top.score-6 && (len(q.years) == 0 || yearIn(st.t.Year, q.years)) {
					sum[withoutRemarks(st.t.Metric)] += st.score
				}
			}
			for _, st := range ranked {
				if sum[withoutRemarks(st.t.Metric)] > sum[withoutRemarks(top.t.Metric)] {
					top = st
				}
			}
		} else {
			// The clause whose targets fit best together: 四类管网 are four
			// targets of one clause, not the one best of another.
			sum := map[string]float64{}
			for _, st := range ranked {
				if st.score >= top.score-6 {
					sum[st.t.Ref] += st.score
				}
			}
			for _, st := range ranked {
				if sum[st.t.Ref] > sum[top.t.Ref] {
					top = st
				}
			}
		}
		var picked []plan.Target
		refs := map[string]bool{}
		var order []*clauseInfo
		// Within one clause, a list is every target of the sentences that
		// the best targets stand in: 2025年社保参保各项目标 are all four
		// insurances of one sentence, though only two say 参保.
		sentencesOf := map[int]bool{}
		if !q.wantsAll {
			for _, st := range ranked {
				if st.t.Ref == top.t.Ref && st.score >= top.score-8 {
					sentencesOf[sentenceIndex(top.clause, st.t)] = true
				}
			}
			ranked = nil
			for _, t := range top.clause.c.Targets {
				if sentencesOf[sentenceIndex(top.clause, t)] {
					ranked = append(ranked, scoredTarget{t: t, clause: top.clause, score: top.score})
				}
			}
		}
		for _, st := range ranked {
			if q.wantsAll {
				if !sameMeasure(st.t.Metric, top.t.Metric) || st.score < top.score-6 {
					continue
				}
			} else if st.t.Ref != top.t.Ref || st.score < top.score-8 {
				continue
			}
			if len(q.years) > 0 && !yearIn(st.t.Year, q.years) {
				continue
			}
			if !refs[st.t.Ref] {
				refs[st.t.Ref] = true
				order = append(order, st.clause)
			}
			picked = append(picked, st.t)
		}
		if len(picked) > 0 {
			var rs []Result
			var b strings.Builder
			sort.SliceStable(order, func(i, j int) bool { return e.byRef[order[i].c.Ref] < e.byRef[order[j].c.Ref] })
			for _, c := range order {
				var ts []plan.Target
				for _, t := range c.c.Targets { // plan order within the clause
					for _, p := range picked {
						if p == t {
							ts = append(ts, t)
							break
						}
					}
				}
				rs = append(rs, e.result(c.c, quoteOf(ts), ts))
				b.WriteString(targetLines(ts, c.c.Ref))
			}
			if len(rs) > 2 {
				// Many clauses: each line cites its own; the quotes are a
				// page away rather than a screen of repeats.
				b.WriteString("\n每项数字均为所注条款原文；发送条号（如 " + refLabel(rs[0].Ref) + "）看原文和责任单位。")
			} else {
				for _, r := range rs {
					b.WriteString("\n“" + r.Quote + "”\n—— " + r.Place + "\n")
					if len(r.Departments) > 0 {
						b.WriteString("责任单位：" + strings.Join(r.Departments, "、") + "\n")
					}
				}
			}
			return Answer{Intent: IntentList, Results: rs, Reply: strings.TrimSpace(b.String()), Figures: values(picked)}, true
		}
	}
	a, ok := e.answerTopic(ctx, q)
	if ok {
		a.Intent = IntentList
	}
	return a, ok
}

var chapterNumRe = regexp.MustCompile(`第([一二三四五六七八九十\d]{1,3})(?:章|部分)`)

// answerChapter lists the clauses of a chapter the question names by its
// title (保障措施有哪些) or number (第九部分).
func (e *Engine) answerChapter(q question) (Answer, bool) {
	var ch *plan.Chapter
	for i := range e.plan.Chapters {
		c := &e.plan.Chapters[i]
		if strings.Contains(q.text, e.norm(c.Title)) {
			ch = c
		}
	}
	if m := chapterNumRe.FindStringSubmatch(q.text); ch == nil && m != nil {
		if n, err := chineseNumeral(m[1]); err == nil {
			for i := range e.plan.Chapters {
				if e.plan.Chapters[i].Number == n {
					ch = &e.plan.Chapters[i]
				}
			}
		}
	}
	if ch == nil {
		return Answer{}, false
	}
	var rs []Result
	var b strings.Builder
	b.WriteString(ch.Numeral + "、" + ch.Title + "：\n")
	for _, c := range e.clauses {
		if c.c.Chapter.Number != ch.Number {
			continue
		}
		r := e.result(c.c, c.c.Title, nil)
		rs = append(rs, r)
		b.WriteString("· " + listLabel(r) + "\n")
	}
	if len(rs) == 0 {
		return Answer{}, false
	}
	b.WriteString("发送条号（如 " + refLabel(rs[0].Ref) + "）看全文。")
	return Answer{Intent: IntentList, Results: rs, Reply: b.String()}, true
}

// sentenceIndex is which sentence of its clause a target stands in.
func sentenceIndex(c *clauseInfo, t plan.Target) int {
	for i, s := range c.sentence {
		if strings.Contains(s, t.Quote) {
			return i
		}
	}
	return -1
}

// answerTopic answers with the sentences of the clause that best fit.
func (e *Engine) answerTopic(ctx context.Context, q question) (Answer, bool) {
	cs := e.rankClauses(ctx, q, 3)
	if len(cs) == 0 || !e.covers(q, cs[0].norm) {
		return Answer{}, false
	}
	c := cs[0]
	quote := bestSentences(q, c.c.Text, e.norm, 2)
	var ts []plan.Target
	for _, t := range c.c.Targets {
		if strings.Contains(quote, t.Quote) {
			ts = append(ts, t)
		}
	}
	r := e.result(c.c, quote, ts)
	var b strings.Builder
	b.WriteString("“" + quote + "”\n")
	b.WriteString("—— " + c.c.Place())
	if len(c.c.Departments) > 0 {
		b.WriteString("\n责任单位：" + strings.Join(dutyFor(c.c, quote), "、"))
	}
	rs := []Result{r}
	for _, o := range cs[1:] {
		if e.covers(q, o.norm) {
			rs = append(rs, e.result(o.c, bestSentences(q, o.c.Text, e.norm, 1), nil))
		}
	}
	return Answer{Intent: IntentTopic, Results: rs, Reply: b.String()}, true
}

// dutyFor is the departments of the 责任单位 block that covers a quote.
func dutyFor(c *plan.Clause, quote string) []string {
	for _, d := range c.Duties {
		if strings.Contains(d.Text, strings.TrimSuffix(quote, "。")) {
			return d.Departments
		}
	}
	return c.Departments
}

// rankClauses orders clauses by how well they fit the question's words:
// words found in the title count twice, words of the synonyms half, and the
// index's own ranking breaks ties.
func (e *Engine) rankClauses(ctx context.Context, q question, n int) []clauseInfo {
	boost := map[string]float64{}
	hits, err := e.ix.Search(ctx, index.Query{Text: q.expanded, Kind: index.KindClause, Size: 20})
	if err != nil {
		e.logger.Warn("search clauses", "err", err)
	}
	for i, h := range hits {
		boost[h.Ref] = 1 / float64(i+2)
	}
	type scored struct {
		c clauseInfo
		s float64
	}
	var ss []scored
	for _, c := range e.clauses {
		title := e.norm(c.c.Title + sectionTitle(c.c))
		s := termScore(q.content, c.norm) + 2*termScore(q.content, title) + 0.5*termScore(q.extra, c.norm)
		if s == 0 {
			continue
		}
		// A clause that holds more of the question's words comes first,
		// however often a title repeats one of them.
		s += 100 * float64(countIn(q.content, c.norm))
		ss = append(ss, scored{c, s + boost[c.c.Ref]})
	}
	sort.SliceStable(ss, func(i, j int) bool { return ss[i].s > ss[j].s })
	var out []clauseInfo
	for _, s := range ss {
		if len(out) == n {
			break
		}
		out = append(out, s.c)
	}
	return out
}

// countIn is how many of the words stand in text.
func countIn(words []string, text string) int {
	n := 0
	for _, w := range words {
		if strings.Contains(text, w) {
			n++
		}
	}
	return n
}

// termScore is how much of a text the words cover, longer words counting more.
func termScore(words []string, text string) float64 {
	s := 0.0
	for _, w := range words {
		if strings.Contains(text, w) {
			s += float64(utf8.RuneCountInString(w))
		}
	}
	return s
}

// covers reports whether a text answers the question's words: most of them
// stand in it, and any place named is the text's. A question about 北京 or
// 公积金贷款利率 finds some of its words in the plan but not the rest.
func (e *Engine) covers(q question, text string) bool {
	if len(q.content) == 0 {
		return false
	}
	in, out := 0, 0
	for _, w := range q.content {
		if strings.Contains(text, w) || e.inSynonymsOf(q, w, text) {
			in++
		} else {
			out++
		}
	}
	return in > 0 && out*2 <= in
}

// inSynonymsOf reports whether the plan's words for a question word stand in text.
func (e *Engine) inSynonymsOf(q question, w, text string) bool {
	for _, p := range e.synonyms().Expand(w) {
		if strings.Contains(text, p) {
			return true
		}
	}
	return false
}

// bestSentences picks the sentences of a text that hold most of the
// question's words, in their order in the text.
func bestSentences(q question, text string, normalize func(string) string, n int) string {
	ss := sentences(withoutDutyBlocks(text))
	if len(ss) == 0 {
		return strings.TrimSpace(text)
	}
	type scored struct {
		i int
		s float64
	}
	var sc []scored
	for i, s := range ss {
		ns := normalize(s)
		sc = append(sc, scored{i, termScore(q.content, ns) + 0.5*termScore(q.extra, ns)})
	}
	sort.SliceStable(sc, func(a, b int) bool { return sc[a].s > sc[b].s })
	keep := []int{sc[0].i}
	if n > 1 && len(sc) > 1 && sc[1].s > 0 && sc[1].s >= sc[0].s/2 {
		keep = append(keep, sc[1].i)
	}
	sort.Ints(keep)
	var parts []string
	for _, i := range keep {
		parts = append(parts, ss[i])
	}
	return strings.Join(parts, "")
}

// withoutDutyBlocks drops the （责任单位：…） blocks, which the reply shows
// on a line of their own.
func withoutDutyBlocks(text string) string {
	for _, open := range []string{"(责任单位", "（责任单位"} {
		for {
			i := strings.Index(text, open)
			if i < 0 {
				break
			}
			depth, end := 0, len(text)
			for j, r := range text[i:] {
				if r == '(' || r == '（' {
					depth++
				} else if r == ')' || r == '）' {
					depth--
					if depth == 0 {
						end = i + j + utf8.RuneLen(r)
						break
					}
				}
			}
			text = text[:i] + text[end:]
		}
	}
	return text
}

// none answers that the plan does not say, with close matches marked as such.
func (e *Engine) none(ctx context.Context, q question, why string) Answer {
	a := Answer{Question: q.raw, Intent: IntentNone}
	var b strings.Builder
	if why != "" {
		b.WriteString(why)
	} else {
		b.WriteString("计划中没有这方面的目标或内容，无法给出数字。")
	}
	if len(q.content) > 0 {
		cs := e.rankClauses(ctx, q, 3)
		var close []string
		for _, c := range cs {
			if termScore(q.content, c.norm) == 0 {
				continue
			}
			a.Results = append(a.Results, e.result(c.c, bestSentences(q, c.c.Text, e.norm, 1), nil))
			close = append(close, c.c.Label())
		}
		if len(close) > 0 {
			b.WriteString("\n以下条款相关但并非所问，仅供参考：\n· " + strings.Join(close, "\n· "))
		}
	}
	a.Reply = b.String()
	return a
}

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
