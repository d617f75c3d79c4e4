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
			// The plan's words for a synonym weigh no more than a short word
			// of the question's own: 地区生产总值 stands for the 3 letters gdp.
			for _, w := range q.extra {
				se, in := wordScore([]string{w}, fields[:2], []float64{1.5, 0.75})
				s += min(se, 4.5)
				inMetric += in
			}
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
			// 新增城区常住人口 counts what is added; a question that asks
			// for no increase asks for the total.
			if containsAny(t.Metric, changeVerbs) && !containsAny(q.text, changeVerbs) {
				s -= 3
			}
			s += boost[fmt.Sprintf("%s/%d", t.Ref, ti)]
			out = append(out, scoredTarget{t: t, clause: c, score: s})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	return out
}

// changeVerbs make a metric an increase rather than a total.
var changeVerbs = []string{"新增", "增加", "增长"}

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
	return e.targetAnswer(q, e.rankTargets(ctx, q))
}

// targetAnswer is answerTarget over targets already ranked for q.
func (e *Engine) targetAnswer(q question, ranked []scoredTarget) (Answer, bool) {
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
	quote := quoteOf(ts) // in the plan's order, before the years asked lead
	ts = orderByYears(ts, q.years)
	r := e.result(top.clause.c, quote, ts)
	return Answer{Intent: IntentTarget, Results: []Result{r}, Reply: targetReply(r, ts, q.years), Figures: values(ts)}, true
}

// namesMetric reports whether the question names the metric of the best
// ranked target: two thirds of its words stand in it (路网密度, 新能源公交车占比),
// or the plan's own name for it from the synonyms does.
func (e *Engine) namesMetric(q question, ranked []scoredTarget) bool {
	if len(ranked) == 0 || len(q.content) == 0 {
		return false
	}
	metric := e.match(ranked[0].t.Subject + ranked[0].t.Metric)
	if 3*countIn(q.content, metric) >= 2*len(q.content) {
		return true
	}
	// The plan's own name for the metric, from the synonyms: 城乡居民收入比.
	for _, w := range q.extra {
		if utf8.RuneCountInString(w) >= 3 && strings.Contains(metric, w) {
			return true
		}
	}
	return false
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
		if seen[key] || !sameMeasure(st.t.Metric, metric) {
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

// sameMeasure reports whether two metrics measure the same thing, remarks
// such as (含大方) aside; 新增城区常住人口 is not 城区常住人口, nor 高速铁路营业里程
// 铁路营业里程.
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
