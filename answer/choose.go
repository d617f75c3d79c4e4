package answer

import (
	"cmp"
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/planbot/planbot/data/plan"
)

// How the choice between answers is made.
const (
	// answers is the least match an answer needs: below it, what the plan
	// says covers too little of the question to be its answer.
	answers = 0.55
	// answersInWords is the least match of the plan's words (a passage) as
	// the answer to a question that asks for a figure; and such a passage
	// must state one.
	answersInWords = 0.7
	// askSway is how much what a question asks for sways the choice: an
	// answer of the kind not asked for keeps 1−askSway of its match.
	askSway = 0.35
	// headingRest is how much of a question's weight may lie outside a
	// chapter's or section's title for the question to be about the heading.
	headingRest = 0.34
	// otherMetric is how close (in match) another group must come to be
	// answered beside the best one.
	otherMetric = 0.6
	// alsoClause is how close a second clause's passage must come to be
	// cited beside the first, for a topic.
	alsoClause = 0.8
	// figuresAsked is the share of asking for figures above which the
	// question is a question for a figure.
	figuresAsked = 0.4
	// clearlyBetter is how much better a figure of another place must
	// answer the words than the best one for the place asked, when that one
	// does not measure what the question names, for the answer to be none.
	clearlyBetter = 0.2
	// sharesOnly is how little of a metric a question may hold for the
	// metric only to share words with what it names (数字经济产业基金规模
	// for 数字经济规模), not to be it written more fully (建成百亿级以上
	// 开发区 for 百亿级开发区建成).
	sharesOnly = 0.75
	// deptTopic is the least weight of words besides a department's name
	// for a question to be about a topic of that department's rather than
	// about all it does.
	deptTopic = 2.5
)

// kind is what an answer shows.
type kind int

const (
	kindNone      kind = iota
	kindFigures        // rows of targets: one measure, or several side by side
	kindPassage        // sentences of the plan
	kindDuty           // who is responsible, with the sentences they are for
	kindMembers        // the members of a set, as the plan lists them
	kindDept           // the clauses a department is named in
	kindClause         // whole clauses
	kindHeading        // the clauses of a chapter or section
	kindSmallTalk      // a greeting: what planbot can be asked
)

// decision is what stage 4 chose and stage 6 renders.
type decision struct {
	kind     kind
	reason   Reason
	ask      ask
	groups   []group   // kindFigures, in the order shown; close matches for kindNone
	passages []passage // kindPassage, kindDuty, kindMembers; close matches for kindNone
	dept     []int     // kindDept: the departments named
	clauses  []int     // kindClause, kindHeading, kindDept
	heading  int       // kindHeading
	missing  string    // what was asked that the plan lacks: 2030年, 北京, 第99条
	head     string    // kindMembers: the word each member has: 行动, 收入, 权
}

// decide chooses the answer (stage 4), or says why there is none (stage 5).
func (e *Engine) decide(ctx context.Context, q *question) decision {
	top, _ := q.asks.top()
	d := decision{ask: top, heading: -1}
	switch {
	case !hasLetter(q.text):
		d.kind, d.reason = kindNone, Empty
		return d
	case len(q.terms) == 0 && len(q.places) == 0 && len(q.depts) == 0 && len(q.refs) == 0 && len(q.years) == 0 && len(q.outside) == 0 && q.chapter == 0 && len(q.heads) == 0:
		d.kind, d.reason = kindSmallTalk, SmallTalk
		if !q.chatter {
			d.kind, d.reason = kindNone, Empty
		}
		return d
	}
	if len(q.refs) > 0 {
		return e.decideRefs(q, d)
	}
	if e.saysNothing(q) {
		d.kind, d.reason = kindNone, NotInPlan // 省里…目标数是几个: nothing left to look for
		return d
	}
	if q.chapter != 0 && len(q.heads) == 0 { // 保障措施第一部分: within the heading named, read by its words
		for i, h := range e.gaz.headings {
			if h.chapter == q.chapter {
				d.kind, d.heading, d.clauses = kindHeading, i, h.clauses
				return d
			}
		}
	}
	if len(q.outside) > 0 && !namesOwnPlace(q) && len(q.depts) == 0 {
		d.kind, d.reason, d.missing = kindNone, OutsidePlan, strings.Join(q.outside, "、")
		return d
	}
	cr := e.credits(q)
	rel := e.relevance(q)
	if len(q.depts) > 0 {
		// A department named: what it does, when that is asked, or when
		// the question asks which clauses and the rest of it is no topic
		// the plan answers on its own (遵义市政府单独被点名的是哪条). Else
		// the department is who asks (发改委这边问一下…).
		switch top {
		case askDept:
			return e.decideDept(q, cr, rel, d)
		case askMembers, askClause, askTopic, askAcross:
			if cr.total < deptTopic || !e.answersAlone(q, cr, rel) {
				d.ask = askDept
				return e.decideDept(q, nil, rel, d)
			}
		}
	}
	if h, ok := e.headingAsked(q, cr); ok && top != askDuty && (top != askValue || len(q.heads) > 0) && len(q.years) == 0 {
		hd := e.gaz.headings[h]
		switch {
		case top == askClause || (top == askDefine && len(hd.clauses) <= 2) || (len(hd.clauses) == 1 && top != askMembers && top != askHow && top != askWhether):
			d.kind, d.clauses = kindClause, hd.clauses
			return d
		case len(hd.clauses) > 1:
			d.kind, d.heading, d.clauses = kindHeading, h, hd.clauses
			return d
		}
		// One clause, asked which or how: its sentences answer.
	}
	gs := e.groups(q, cr, rel)
	ps := e.passages(q, cr, rel)
	bestG := e.bestGroup(q, gs)
	forFigure := q.forFigure()

	// The figure the words ask for is set for other places or years only:
	// say so, and show it as a close match, not as the answer.
	if forFigure && top != askDuty {
		for _, g := range gs {
			if g.why == "" || g.words < answers {
				continue
			}
			// Set for another place or year only; or the figure asked
			// measures what the best one for the place asked does not
			// (全省常住人口总数, where the province has a 城镇化率); or the
			// question names the measure outright and the best one only
			// shares words with it (数字经济规模 of 2025, where the plan
			// sets it for 2024 and 2026 and has a 数字经济产业基金规模),
			// rather than holding it (市场主体总量 for 市场主体).
			if bestG == nil || bestG.base < answers || (!e.namesHead(q, bestG.first(e).Metric) && e.namesHead(q, g.first(e).Metric) && g.words > bestG.words+clearlyBetter) ||
				(g.why == OtherYear && e.namesMetric(q, g.first(e).Metric, true) && e.metricHeld(q, bestG.first(e).Metric) < sharesOnly &&
					!strings.Contains(bestG.first(e).Metric, g.first(e).Metric) && g.words > bestG.words) {
				return e.decideNone(q, gs, ps, d)
			}
		}
	}
	sg, sp, gathered, together := e.weighAnswers(q, gs, ps, bestG)
	if sg == 0 && sp == 0 {
		return e.decideNone(q, gs, ps, d)
	}
	if top == askDuty {
		if len(ps) == 0 || ps[0].base < answers {
			return e.decideNone(q, gs, ps, d)
		}
		p := e.passageFor(ps, bestG, sg > sp)
		d.kind, d.passages = kindDuty, []passage{p}
		return d
	}
	if sg >= sp {
		d.kind = kindFigures
		d.groups = gathered
		if q.asks[askSum] > 0 && len(d.groups) > 1 {
			// The plan states the figures one by one; a total it does not
			// state is not given, and not computed.
			d.kind, d.reason = kindNone, NotInPlan
			d.missing = "sum"
		}
		return d
	}
	if together != nil {
		// Each thing joined by 和 its own passage, as the plan says it.
		d.kind, d.passages = kindPassage, together
		if top == askMembers || top == askDefine {
			d.kind = kindMembers
		}
		return d
	}
	d.kind, d.passages = kindPassage, []passage{ps[0]}
	switch top {
	case askClause:
		d.kind, d.clauses = kindClause, []int{ps[0].clause}
		return d
	case askMembers, askDefine:
		d.kind, d.head = kindMembers, e.memberHead(q)
		if e.listsSet(q, ps[0], d.head) {
			d.head = "" // the passage's sentence is the answer as it stands
		}
	}
	for _, p := range ps[1:] {
		if p.match >= alsoClause*ps[0].match && p.base >= answers && len(d.passages) < 3 {
			d.passages = append(d.passages, p)
		}
	}
	return d
}

// bestGroup is the group that answers, if any: the best that is for the
// place and year asked and not left out (除了贵阳), or, for a list, the one
// it starts from.
func (e *Engine) bestGroup(q *question, gs []group) *group {
	var bestG *group
	for i := range gs {
		if gs[i].why == "" && !e.leftOut(q, gs[i].subject(e)) {
			bestG = &gs[i]
			break
		}
	}
	if bestG != nil && (q.asks[askAcross] > 0 || q.asks[askMembers] > 0) && q.kindAsked() == "" && len(q.places) == 0 {
		bestG = e.listLead(gs, bestG)
	}
	return bestG
}

// forFigure reports whether the question asks for a figure above all.
func (q *question) forFigure() bool {
	return q.asks.share(askValue, askCompare, askChange, askSum) >= figuresAsked || (q.asks[askValue] > 0 && q.asks.share(askValue, askAcross) >= figuresAsked)
}

// weighAnswers weighs the figures that answer (sg, and the groups they
// gather) against the passage that answers (sp), each by how strongly the
// question asks for its kind; 0 for a kind that does not answer.
func (e *Engine) weighAnswers(q *question, gs []group, ps []passage, bestG *group) (sg, sp float64, gathered []group, together []passage) {
	top, _ := q.asks.top()
	figures, words := q.kindShares()
	if bestG != nil && bestG.named {
		figures += q.asks.share(askTopic) / 2 // a measure named outright asks its figure
	}
	switch {
	case bestG == nil:
	case bestG.base >= answers:
		gathered = e.gatherGroups(q, gs, *bestG)
		sg = max(bestG.match, jointMatch(q, gathered)) * (1 - askSway + askSway*figures)
	case len(q.items) >= 2:
		// 市场主体总量和城市商圈: each measure named covers its part of the
		// question, and they answer it together.
		if g := e.gatherGroups(q, gs, *bestG); jointMatch(q, g) >= answers {
			gathered = g
			sg = jointMatch(q, g) * (1 - askSway + askSway*figures)
		}
	}
	if len(ps) > 0 && ps[0].base >= answers && (!q.forFigure() || top == askDuty || (ps[0].base >= answersInWords && e.quoteHasFigure(ps[0], q.unit))) {
		sp = ps[0].even * (1 - askSway + askSway*words)
	}
	// Only where the question asks what each is (分别是哪些, 是什么): 高校和
	// 科研院所能参与…吗 asks one thing of both.
	if (top == askMembers || top == askDefine) && !q.forFigure() {
		var cover float64
		together, cover = e.jointPassages(q, ps)
		if together != nil && (sp == 0 || cover >= ps[0].base+jointGain) {
			sp = max(sp, cover*(1-askSway+askSway*words))
		} else {
			together = nil
		}
	}
	return sg, sp, gathered, together
}

// jointGain is how much more of the question passages joined must cover
// than the best one alone to answer in its place.
const jointGain = 0.15

// jointPassages are the passages that answer, together, the things a
// question joins with 和 (宅基地制度改革试点县和国家数字乡村试点县): for each,
// the passage that best covers its words, where each covers them well and
// no one passage covers the whole question, with how much of it they
// cover; nil otherwise.
func (e *Engine) jointPassages(q *question, ps []passage) ([]passage, float64) {
	if len(q.items) < 2 {
		return nil, 0
	}
	var out []passage
	for _, sub := range q.items {
		best, bestM := -1, 0.0
		for i, p := range ps {
			if p.place == 0 {
				continue
			}
			if m := wordsCovered(q, p.per, sub); m > bestM {
				best, bestM = i, m
			}
		}
		if best < 0 || bestM < answersInWords {
			return nil, 0
		}
		if !slices.ContainsFunc(out, func(o passage) bool {
			return o.clause == ps[best].clause && slices.Equal(o.sentences, ps[best].sentences)
		}) {
			out = append(out, ps[best])
		}
	}
	cover := jointCover(q, len(out), func(k, i int) float64 { return out[k].per[i] * out[k].place })
	if len(out) < 2 || cover < answers {
		return nil, 0
	}
	return out, cover
}

// wordsCovered is how much of some of the question's words, by weight, the
// per-word credits cover.
func wordsCovered(q *question, per []float64, sub []int) float64 {
	sum, w := 0.0, 0.0
	for _, i := range sub {
		sum += q.terms[i].weight * per[i]
		w += q.terms[i].weight
	}
	if w == 0 {
		return 0
	}
	return sum / w
}

// kindShares is how strongly the question asks for figures, and for
// words, each in [0, 1].
func (q *question) kindShares() (figures, words float64) {
	figures = q.asks.share(askValue, askCompare, askChange, askAcross, askSum) + q.asks.share(askTopic, askWhen)/2
	words = q.asks.share(askTopic, askHow, askWhether, askDefine, askMembers, askDuty, askWhen, askClause, askDept) + q.asks.share(askValue)/2
	return figures, words
}

// answersAlone reports whether the plan answers the question's words
// without the department named in it.
func (e *Engine) answersAlone(q *question, cr *credits, rel relevance) bool {
	ps := e.passages(q, cr, rel)
	return len(ps) > 0 && ps[0].base >= answersInWords
}

// itemTie is how close to an item's best group another of its sentence
// must answer the item to be given beside it.
const itemTie = 0.01

// listNear is how close to the best a group's match must be to lead or
// join a list within one sentence.
const listNear = 0.1

// listLead is the group a list within one clause starts from (四类管网各改造
// 多少公里): of those that answer about as well as the best, the one whose
// sentence states the most of them.
func (e *Engine) listLead(gs []group, best *group) *group {
	mates := func(g group) int {
		c := &e.clauses[g.clause]
		n := 0
		for _, o := range gs {
			if o.why == "" && o.clause == g.clause && o.match >= best.match-listNear && c.sentenceOf[o.targets[0]] == c.sentenceOf[g.targets[0]] {
				n++
			}
		}
		return n
	}
	lead, most := best, mates(*best)
	for i := range gs {
		if gs[i].why != "" || gs[i].match < best.match-listNear {
			continue
		}
		if n := mates(gs[i]); n > most {
			lead, most = &gs[i], n
		}
	}
	return lead
}

// minContent is the least weight of words a question needs, when it names
// nothing else of the plan, to be looked for: a stray 数 or 的 is not a
// question.
const minContent = 1.0

// saysNothing reports whether all a question holds is a kind of place and
// words too slight to look for.
func (e *Engine) saysNothing(q *question) bool {
	if len(namedPlaces(q)) > 0 || len(q.depts) > 0 || len(q.sets) > 0 || len(q.heads) > 0 || q.chapter != 0 || len(q.outside) > 0 {
		return false
	}
	w := 0.0
	for _, t := range q.terms {
		if !t.place {
			w += t.weight
		}
	}
	return w < minContent && len(q.terms) > 0
}

// namesOwnPlace reports whether a question names a place of the plan by
// its name: 都市圈 alone in 成都都市圈 is a kind of place, and 成都 is
// the place asked about.
func namesOwnPlace(q *question) bool {
	for _, h := range namedPlaces(q) {
		if h.place.form != h.place.kind {
			return true
		}
	}
	return false
}

// decideRefs answers a question that names clauses by number: their text,
// or who is responsible for them.
func (e *Engine) decideRefs(q *question, d decision) decision {
	for _, ref := range q.refs {
		ci, ok := e.byRef[ref]
		if !ok {
			d.kind, d.reason, d.missing = kindNone, NoSuchClause, ref
			return d
		}
		d.clauses = append(d.clauses, ci)
	}
	d.kind = kindClause
	if d.ask == askDuty {
		d.kind = kindDuty
		for _, ci := range d.clauses {
			d.passages = append(d.passages, passage{clause: ci, sentences: allSentences(&e.clauses[ci])})
		}
	}
	return d
}

func allSentences(c *clauseInfo) []int {
	out := make([]int, len(c.sentences))
	for i := range out {
		out[i] = i
	}
	return out
}

// decideDept answers what a department is responsible for: every clause
// that names it, or, when the question also names a topic, the passages of
// those clauses that cover it.
func (e *Engine) decideDept(q *question, cr *credits, rel relevance, d decision) decision {
	d.kind, d.dept = kindDept, q.depts
	for ci := range e.clauses {
		for _, di := range q.depts {
			if slices.Contains(e.clauses[ci].c.Departments, e.gaz.depts[di].name) {
				d.clauses = append(d.clauses, ci)
				break
			}
		}
	}
	if cr == nil || cr.total < deptTopic {
		return d
	}
	var mine []passage
	for _, p := range e.passages(q, cr, rel) {
		if slices.Contains(d.clauses, p.clause) && p.cover >= answersInWords {
			mine = append(mine, p)
		}
	}
	if len(mine) > 0 {
		d.kind, d.passages = kindPassage, mine[:min(3, len(mine))]
	}
	return d
}

// headingAsked finds the chapter or section a question names by its title
// (保障措施有哪些, 工作目标有哪几个方面) or by a set its title names
// (“四改”是哪四个), with little else.
func (e *Engine) headingAsked(q *question, cr *credits) (int, bool) {
	text := stripQuotes(q.text)
	best, bestLen := -1, 0
	for i, h := range e.gaz.headings {
		name := ""
		switch {
		case slices.Contains(q.heads, i) || (utf8.RuneCountInString(h.title) >= 4 && strings.Contains(text, h.title)):
			name = h.title
		default:
			// A heading that names a set (实施城镇“四改”) is asked for by
			// the set's name: its clauses are the members. Unless members
			// are asked and a sentence lists them while the heading's
			// clauses are not as many (壮大“六大数字产业集群” holds three
			// clauses; one sentence lists the six).
			members := q.asks[askMembers] > 0 || q.asks[askDefine] > 0
			for _, s := range q.sets {
				if set := e.gaz.sets[s].name; strings.Contains(h.title, set) && !(members && e.listedApart(s, len(h.clauses))) {
					name = set
				}
			}
		}
		if name == "" || len(name) <= bestLen {
			continue
		}
		rest := 0.0
		within := false // a word beside the heading that its clauses hold
		for _, t := range q.terms {
			if !strings.Contains(name, t.text) && !strings.Contains(h.title, t.text) {
				rest += t.weight
				within = within || t.weight >= askedWord && e.headingHolds(h, t.text)
			}
		}
		if cr.total > 0 && rest/cr.total > headingRest || within {
			// 强省会行动里人才这块: what the heading's clauses say of 人才,
			// not the heading's list of clauses.
			continue
		}
		best, bestLen = i, len(name)
	}
	return best, best >= 0
}

// headingHolds reports whether a sentence of a heading's clauses has w.
func (e *Engine) headingHolds(h heading, w string) bool {
	for _, ci := range h.clauses {
		for _, s := range e.clauses[ci].sentences {
			if strings.Contains(e.gaz.store.units[s.unit].text, w) {
				return true
			}
		}
	}
	return false
}

// listedApart reports whether a set the plan counts (六大…, 3个…) has its
// members listed in one sentence, and is not counted as n: the clauses of
// a heading that names it are then not its members.
func (e *Engine) listedApart(set, n int) bool {
	s := e.gaz.sets[set]
	m := setCountRe.FindStringSubmatch(s.name)
	if m == nil {
		return false
	}
	count, err := plan.ChineseNumber(m[1])
	if err != nil {
		if count, err = strconv.Atoi(m[1]); err != nil {
			return false
		}
	}
	if count < 2 || count == n {
		return false
	}
	for _, u := range s.units {
		if unit := e.gaz.store.units[u]; unit.kind == unitSentence && strings.Count(unit.text, "、") >= count-1 {
			return true
		}
	}
	return false
}

// setCountRe is the count a set's name opens with: 六大, 3个, 十项.
var setCountRe = regexp.MustCompile(`^([一二三四五六七八九十]+|\d+)(?:大|个|项|类)`)

// passageFor is the passage a duty question is about: the best passage, or
// the sentence the best figures are quoted from when they fit better.
func (e *Engine) passageFor(ps []passage, g *group, figures bool) passage {
	if g != nil && figures {
		c := &e.clauses[g.clause]
		quote := g.first(e).Quote
		for si, s := range c.sentences {
			if strings.Contains(s.text, quote) {
				return passage{clause: g.clause, sentences: []int{si}, match: g.match}
			}
		}
	}
	return ps[0]
}

// listsSet reports whether a sentence of the passage lists, with 、, the
// members of what the question asks about in the same part (between
// commas) as the question's own words: 与贵阳、遵义共同打造发展“金三角”,
// 推动贵阳、凯里等创建国家公交都市. The members are there, whatever noun
// the question gives them (哪几个城市), not in the clause's other sentences
// that hold that noun. head is the members' word (memberHead), no word of
// the list.
func (e *Engine) listsSet(q *question, p passage, head string) bool {
	c := &e.clauses[p.clause]
	for _, si := range p.sentences {
		for _, part := range strings.FieldsFunc(c.sentences[si].text, isPartBreak) {
			if !strings.Contains(part, "、") {
				continue
			}
			folded := e.foldPlan(part)
			held, total := 0.0, 0.0
			for _, t := range q.terms {
				if t.text == head || !t.known() {
					continue
				}
				total += t.weight
				if slices.ContainsFunc(t.forms, func(f form) bool { return !f.part && strings.Contains(folded, f.text) }) {
					held += t.weight
				}
			}
			if total > 0 && held >= listedCover*total {
				return true
			}
		}
	}
	return false
}

// listedCover is how much of the question's words a part of a sentence
// must hold to be the list it asks for.
const listedCover = 0.6

func isPartBreak(r rune) bool { return r == ',' || r == '，' || r == '；' || r == ';' }

// countRe is a count before a set's word: 七大, 四项, 三, 10个.
var countRe = regexp.MustCompile(`^(?:[一二三四五六七八九十两]+|\d+)(?:大|项|个|条|类|种)?`)

// memberHead is the word each member of the set asked about has: the last
// word of the question's content, a count before it left out (七大行动 →
// 行动, “三权” → 权).
func (e *Engine) memberHead(q *question) string {
	// A count and a word right after 哪 name the members: 是哪三权 → 权.
	for _, c := range q.cues {
		if c.ask != askMembers {
			continue
		}
		for _, w := range q.words {
			if w.Start != c.end || !countRe.MatchString(w.Text) {
				continue
			}
			if h := countRe.ReplaceAllString(w.Text, ""); h != "" && h != w.Text && !e.cues.filler[h] {
				return h
			}
		}
	}
	last := -1
	for i, t := range q.terms {
		if t.place {
			continue
		}
		if last < 0 || t.start > q.terms[last].start {
			last = i
		}
	}
	if last < 0 {
		return ""
	}
	w := countRe.ReplaceAllString(q.terms[last].text, "")
	if w == "" {
		return q.terms[last].text
	}
	return w
}

// gatherGroups adds to the best group the others a question asks for
// beside it: other places named (贵阳和遵义), other measures joined by 和
// (城镇和农村居民收入), other years whose figure another measure states
// (2023年完成 and 到2025年累计完成城镇化投资), and, when the question asks
// across a kind of place or names none while the clause sets the measure
// for several, each of them.
func (e *Engine) gatherGroups(q *question, gs []group, best group) []group {
	out := []group{best}
	has := func(g group) bool {
		return slices.ContainsFunc(out, func(o group) bool { return o.clause == g.clause && o.targets[0] == g.targets[0] })
	}
	bt := best.first(e)
	sameKind := func(g group) bool {
		t := g.first(e)
		return withoutRemarks(t.Metric) == withoutRemarks(bt.Metric) || e.head(t.Metric) == e.head(bt.Metric)
	}
	valid := func(g group) bool { return g.why == "" && g.match >= answers*otherMetric }
	kindWord := q.kindAsked()
	listing := q.asks[askAcross] > 0 || q.asks[askSum] > 0 || q.asks[askMembers] > 0
	acrossPlaces := listing && kindWord != ""
	// 2023年和2025年工伤保险参保人数分别是多少: 分别 is across the years
	// of the measure named, not across the other measures of its sentence.
	inSentence := listing && kindWord == "" && len(q.places) == 0 && !(len(q.years) >= 2 && best.named && q.asks[askSum] == 0)
	switch {
	case distinctPlaces(q) >= 2:
		// Each place its best group of the same measure.
		for _, h := range q.places {
			if slices.ContainsFunc(out, func(g group) bool { return e.placeFit(*h.place, g.subject(e)) > 0 }) {
				continue
			}
			for _, g := range gs {
				if valid(g) && !has(g) && sameKind(g) && e.placeFit(*h.place, g.subject(e)) > 0 {
					out = append(out, g)
					break
				}
			}
		}
	case acrossPlaces:
		// 各市州中心城市…: the measure for every place of the kind.
		for _, g := range gs {
			t := g.first(e)
			if !valid(g) || has(g) || isIncrease(t.Metric) != isIncrease(bt.Metric) || !sameKind(g) || e.leftOut(q, g.subject(e)) {
				continue
			}
			if !strings.Contains(t.Subject, strings.TrimPrefix(kindWord, "市州")) && !(kindWord == "市州" && strings.Contains(t.Subject, "中心城市")) {
				continue
			}
			out = append(out, g)
		}
	case inSentence:
		// 四类管网各改造多少公里, 社保参保各项目标: the other measures of the
		// sentence the best one stands in.
		c := &e.clauses[best.clause]
		for _, g := range gs {
			if valid(g) && !has(g) && g.clause == best.clause && c.sentenceOf[g.targets[0]] == c.sentenceOf[best.targets[0]] {
				out = append(out, g)
			}
		}
	case len(q.places) == 0:
		// The same clause's other subjects, where none was asked: 省会贵阳、
		// 市州中心城市、县城 each; 贵阳、遵义、其他市州中心城市 each.
		for _, g := range gs {
			t := g.first(e)
			if valid(g) && !has(g) && g.clause == best.clause && sameKind(g) && isIncrease(t.Metric) == isIncrease(bt.Metric) && t.Subject != bt.Subject {
				out = append(out, g)
			}
		}
	}
	// Measures joined by 和: each its best group, the one that does not
	// also answer another item's own words.
	for si, sub := range q.items {
		var other []int
		for sj, o := range q.items {
			if sj != si {
				other = append(other, exclusive(o, sub)...)
			}
		}
		// The item's best group, and those of its sentence that answer it
		// as well (棚改: 开工 and 建成棚户区改造).
		score := make([]float64, len(gs))
		bestSub, pick := 0.0, -1
		for i, g := range gs {
			if g.why != "" {
				continue
			}
			m := subMatch(q, g, sub)
			if m < answers {
				continue
			}
			score[i] = m - otherSide*subMatch(q, g, other)
			if score[i] > bestSub {
				pick, bestSub = i, score[i]
			}
		}
		if pick < 0 {
			continue
		}
		c := &e.clauses[gs[pick].clause]
		for i, g := range gs {
			if score[i] >= bestSub-itemTie && (i == pick || g.clause == gs[pick].clause && c.sentenceOf[g.targets[0]] == c.sentenceOf[gs[pick].targets[0]]) && !has(g) {
				out = append(out, g)
			}
		}
	}
	// Years asked that the groups lack, from another measure of the best
	// group's clause: 2023年完成 and 到2025年累计完成城镇化投资. Not where
	// the best group's figure stands for no one year (公园绿地新增面积1000公顷
	// over 2023—2025): the reply says the year has no figure of its own, and
	// another measure's figure for it answers nothing asked.
	for _, y := range q.years {
		if best.year == yearUnstated {
			break
		}
		if slices.ContainsFunc(out, func(g group) bool { return groupHasYear(e, g, y) }) {
			continue
		}
		for _, g := range gs {
			if g.clause == best.clause && !has(g) && groupHasYear(e, g, y) && g.match >= answers*otherMetric {
				out = append(out, g)
				break
			}
		}
	}
	slices.SortStableFunc(out, func(a, b group) int {
		if a.clause != b.clause {
			return a.clause - b.clause
		}
		return a.targets[0] - b.targets[0]
	})
	if distinctPlaces(q) >= 2 {
		// Side by side in the order the question names the places.
		order := func(g group) int {
			for i, h := range q.places {
				if e.placeFit(*h.place, g.subject(e)) > 0 {
					return i
				}
			}
			return len(q.places)
		}
		slices.SortStableFunc(out, func(a, b group) int { return order(a) - order(b) })
	}
	return out
}

// conjuncts splits a question's words at each 和 (与, 、 …) that joins two
// of them into the things asked side by side: 铁路总里程和高铁里程 are two,
// 幼儿园、义务教育学校、普通高中…多少所 three. Where the first item is one
// word (城镇和农村居民收入增速), the last side's words after its own first
// are shared by every item.
func (e *Engine) conjuncts(q *question) [][]int {
	var cuts []int
	for _, at := range q.conj {
		if !e.insidePhrase(q, at) { // 新增及更新, 新建、改扩建: the plan's own phrase, one thing
			cuts = append(cuts, at)
		}
	}
	if len(cuts) == 0 {
		return nil
	}
	var order []int
	for i, t := range q.terms {
		if !t.place {
			order = append(order, i)
		}
	}
	slices.SortFunc(order, func(a, b int) int { return q.terms[a].start - q.terms[b].start })
	items := make([][]int, len(cuts)+1)
	for _, i := range order {
		k := 0
		for k < len(cuts) && q.terms[i].start > cuts[k] {
			k++
		}
		items[k] = append(items[k], i)
	}
	items = slices.DeleteFunc(items, func(it []int) bool { return len(it) == 0 })
	if len(items) < 2 {
		return nil
	}
	n := len(items[0])
	last := items[len(items)-1]
	// 城镇和农村居民收入增速: a common first word (城镇) shares the last
	// side's other words; a rare one (城市商圈和夜间经济街区) names a
	// measure of its own.
	if n == 1 && len(last) > n && q.terms[items[0][0]].weight < specificWord {
		shared := last[n:]
		items[len(items)-1] = last[:n]
		for k := range items {
			items[k] = append(items[k], shared...)
		}
	} else if first := items[0]; len(first) > len(last) && len(last) == 1 && q.terms[last[0]].weight < specificWord {
		// 城镇化投资23年和到25年累计: the last item names only what
		// differs, and shares the first's other words; a rare one
		// (…和工伤保险参保人数) names a measure of its own.
		items[len(items)-1] = append(last, first[1:]...)
	}
	return items
}

// insidePhrase reports whether the conjunction at `at` joins two words the
// way the plan's own text does: then they name one thing.
func (e *Engine) insidePhrase(q *question, at int) bool {
	prev, next := -1, -1
	for i, t := range q.terms {
		if t.start < at && (prev < 0 || t.start > q.terms[prev].start) {
			prev = i
		}
		if t.start > at && (next < 0 || t.start < q.terms[next].start) {
			next = i
		}
	}
	if prev < 0 || next < 0 {
		return false
	}
	start, end := q.terms[prev].start, q.terms[next].start+len(q.terms[next].text)
	if end > len(q.text) || start >= end {
		return false
	}
	return e.gaz.planText.Contains(q.text[start:end])
}

// exclusive is the words of a that b does not have.
func exclusive(a, b []int) []int {
	var out []int
	for _, i := range a {
		if !slices.Contains(b, i) {
			out = append(out, i)
		}
	}
	return out
}

// otherSide is how much answering the other side's own words counts against
// a group picked for one side of a 和.
const otherSide = 0.5

// jointMatch is how well groups answer the question together: each word
// by the group that covers it best.
func jointMatch(q *question, gs []group) float64 {
	if len(gs) < 2 {
		return 0
	}
	return jointCover(q, len(gs), func(k, i int) float64 { return gs[k].per[i] * gs[k].place * gs[k].year })
}

// jointCover is how much of the question's words, by weight, n answers
// cover together, each word by the one whose credit for it (credit(k, i),
// answer k, word i) is best; places aside.
func jointCover(q *question, n int, credit func(k, i int) float64) float64 {
	sum, total := 0.0, 0.0
	for i, t := range q.terms {
		if t.place {
			continue
		}
		best := 0.0
		for k := range n {
			best = max(best, credit(k, i))
		}
		sum += t.weight * best
		total += t.weight
	}
	if total == 0 {
		return 0
	}
	return sum / total
}

// subMatch is how well a group answers some of the question's words.
func subMatch(q *question, g group, sub []int) float64 {
	return wordsCovered(q, g.per, sub) * g.place * g.year
}

// leftOut reports whether a subject, folded, is a place the question
// leaves out: 除了贵阳.
func (e *Engine) leftOut(q *question, subject string) bool {
	for _, pl := range q.except {
		if e.placeFit(*pl, subject) >= fitPrefix {
			return true
		}
	}
	return false
}

func groupHasYear(e *Engine, g group, y int) bool {
	for _, i := range g.targets {
		if e.clauses[g.clause].c.Targets[i].Year.N == y {
			return true
		}
	}
	return false
}

// Stage 5: decide "none" for a stated reason.

// decideNone says why the plan has no answer: it sets the figure for other
// places or other years (the close match is shown as such), or nothing it
// says covers the question.
func (e *Engine) decideNone(q *question, gs []group, ps []passage, d decision) decision {
	d.kind, d.reason = kindNone, NotInPlan
	forFigure := q.asks.share(askValue, askCompare, askChange, askAcross, askSum) >= figuresAsked
	// The close match shown is the one nearest the question: for a year the
	// plan does not set, the place asked's own measure (2024年遵义城区人口:
	// 遵义's 168万 and 180万), not whichever group another place's
	// happens to rank first when none of them answers.
	var close []group
	for _, g := range gs {
		if g.why == "" || g.words < answers || (!forFigure && g.words < answersInWords) {
			continue
		}
		close = append(close, g)
	}
	if len(close) > 0 && close[0].why == OtherYear && len(q.places) > 0 {
		nearest := func(g group) float64 {
			if g.why != OtherYear {
				return 0
			}
			return g.words * (1 + g.place)
		}
		slices.SortStableFunc(close, func(a, b group) int { return cmp.Compare(nearest(b), nearest(a)) })
	}
	for _, g := range close {
		d.reason = g.why
		d.groups = []group{g}
		switch g.why {
		case OtherYear:
			var ys []string
			for _, y := range q.years {
				ys = append(ys, itoa(y)+"年")
			}
			if q.period != "" {
				ys = append(ys, "“"+q.period+"”时期")
			}
			d.missing = strings.Join(ys, "、")
		case OtherPlace:
			var names []string
			for _, h := range q.places {
				names = append(names, q.f.rawSpan(h.start, h.end))
			}
			d.missing = strings.Join(names, "、")
		}
		return d
	}
	for _, p := range ps {
		if p.cover > 0 && len(d.passages) < 3 {
			d.passages = append(d.passages, p)
		}
	}
	return d
}
