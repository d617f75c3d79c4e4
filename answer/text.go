package answer

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/planbot/planbot/data/plan"
	"github.com/planbot/planbot/index"
)

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
	ss := sentences(plan.WithoutDuties(text))
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
