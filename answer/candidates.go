package answer

import (
	"context"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/planbot/planbot/data/plan"
	"github.com/planbot/planbot/index"
)

// Stage 4: gather candidate answers and choose. Every plausible kind of
// answer is scored the same way — how much of the question's content its
// text covers (each word by its weight, in the units the answer quotes, in
// the clause's title, or elsewhere in its clause), times how well it agrees
// with the slots (the place, the year) — and then weighed by how strongly
// the question asks for that kind (stage 3). The best wins.

// Where a word may stand in an answer's clause, and how much it counts
// there: in the units the answer shows, in the clause's title, in another
// sentence of the clause.
const (
	inShown       = 1.0
	inQuote       = 0.85 // a target's quote, beside its subject and metric
	inTitle       = 0.5
	inTitleFig    = 0.8 // a target is about what its clause's title says: 丰富智慧城市应用场景 → 形成典型应用场景
	inClause      = 0.3
	bleveWeight   = 0.1  // bleve's relevance of the clause, scaled to [0, 1]
	passageGrow   = 0.15 // a second sentence is quoted when it adds this much coverage
	listBonus     = 0.1  // a members question prefers the sentence that lists most items
	howBonus      = 0.1  // a how question prefers the sentence that has its word: 方式, 办法
	headMissing   = 0.6  // a target whose measure (its metric's last word) the question does not name
	notAnIncrease = 0.85 // a target that counts what is added (新增) when no increase is asked
	otherUnit     = 0.6  // a target in another unit than the one asked: 多少元 of a growth rate in %
	titleBonus    = 0.1  // a clause whose title is what the question asks about, over one that mentions it
	targetBonus   = 0.05 // a clause that sets a target on what the question asks about, over one that mentions it
)

// How an answer's place and year agree with the question's.
const (
	placeElsewhere = 0.6 // a passage that does not mention the place asked about
	placeOther     = 0.4 // a passage of a clause about another place
	yearUnstated   = 0.9 // a target or passage that names no year when one is asked
	yearMissing    = 0.85
)

// credits holds, for one question, how much each of its words counts in
// each unit of the plan, and, per clause, in its title and at most in its
// sentences: looked up, never searched for, when answers are scored.
type credits struct {
	terms       []term
	in          [][]float32 // in[i][u]: word i's credit in unit u
	title       [][]float32 // title[i][c]: word i's credit in clause c's title
	sentence    [][]float32 // sentence[i][c]: word i's best credit in clause c's sentences
	touched     []bool      // the clauses a unit of which holds one of the words
	total       float64
	figureTotal float64 // total less the words that are kinds of place
}

func (e *Engine) credits(q *question) *credits {
	st := e.gaz.store
	nc, nu := len(e.clauses), len(st.units)
	c := &credits{terms: q.terms, touched: make([]bool, nc)}
	c.in = make([][]float32, len(q.terms))
	c.title = make([][]float32, len(q.terms))
	c.sentence = make([][]float32, len(q.terms))
	// One allocation for every word's tables.
	all := make([]float32, len(q.terms)*(nu+2*nc))
	var hit []int32 // the units a word's forms stand in
	for i, t := range q.terms {
		in := all[:nu:nu]
		title, sent := all[nu:nu+nc:nu+nc], all[nu+nc:nu+2*nc:nu+2*nc]
		all = all[nu+2*nc:]
		hit = hit[:0]
		var parts map[int32]float64
		for _, f := range t.forms {
			for _, u := range f.units {
				if in[u] == 0 {
					hit = append(hit, u)
				}
				if f.part {
					if parts == nil {
						parts = map[int32]float64{}
					}
					parts[u] += f.credit
				} else if v := float32(f.credit); v > in[u] {
					in[u] = v
				}
			}
		}
		for u, v := range parts {
			if single := e.bestPart(t, u); v > single && !e.partsTogether(t, u) {
				v = single // 森林…绿化覆盖率: the parts stand apart, not as the word
			}
			in[u] = max(in[u], float32(min(v, creditPart)))
		}
		for _, u := range hit {
			v := in[u]
			if v == 0 {
				continue
			}
			un := &st.units[u]
			c.touched[un.clause] = true
			switch un.kind {
			case unitTitle:
				title[un.clause] = max(title[un.clause], v)
			case unitSentence:
				sent[un.clause] = max(sent[un.clause], v)
			}
		}
		c.in[i], c.title[i], c.sentence[i] = in, title, sent
		c.total += t.weight
		if !t.place {
			c.figureTotal += t.weight
		}
	}
	return c
}

// bestPart is the best credit one part of a word has in a unit.
func (e *Engine) bestPart(t term, u int32) float64 {
	best := 0.0
	for _, f := range t.forms {
		if f.part && slices.Contains(f.units, u) {
			best = max(best, f.credit)
		}
	}
	return best
}

// coverUnits is the share of the question's weight that some units of one
// clause cover, each unit with its factor, and the clause's title and
// sentences with theirs: Σ weight × best credit / Σ weight. Words that
// are kinds of place are left out when skipPlaces is set (a target's
// subject answers for them). per receives each word's credit.
func (c *credits) coverUnits(units []weighted, clause int, titleF, clauseF float64, skipPlaces bool, per []float64) float64 {
	total := c.total
	if skipPlaces {
		total = c.figureTotal
	}
	if total == 0 {
		return 0
	}
	sum := 0.0
	for i, t := range c.terms {
		if skipPlaces && t.place {
			per[i] = 0
			continue
		}
		best := max(float64(c.title[i][clause])*titleF, float64(c.sentence[i][clause])*clauseF)
		for _, u := range units {
			best = max(best, float64(c.in[i][u.unit])*u.factor)
		}
		per[i] = best
		sum += t.weight * best
	}
	return sum / total
}

// weighted is a unit and how much a word found there counts.
type weighted struct {
	unit   int32
	factor float64
}

// partsGap is how many characters may stand between two parts of a word
// for them to be the word written another way: 城区(常住)人口.
const partsGap = 4

// partsTogether reports whether the parts of a word that a unit holds
// stand in it in order, close together.
func (e *Engine) partsTogether(t term, u int32) bool {
	text := e.gaz.store.units[u].text
	at, found := 0, 0
	for _, f := range t.forms {
		if !f.part {
			continue
		}
		i := strings.Index(text[at:], f.text)
		if i < 0 {
			continue
		}
		if found > 0 && utf8.RuneCountInString(text[at:at+i]) > partsGap {
			return false
		}
		at += i + len(f.text)
		found++
	}
	return found >= 2
}

// relevance is how a full-text search ranks each clause and each target
// for the question, scaled so the best has 1; the zero value ranks none.
type relevance struct {
	clause []float64 // by clause index
	target []float64 // by clause's firstTarget + the target's index
}

// ofClause is clause ci's relevance.
func (r relevance) ofClause(ci int) float64 {
	if r.clause == nil {
		return 0
	}
	return r.clause[ci]
}

// ofTarget is the relevance of target ti of clause ci.
func (r relevance) ofTarget(e *Engine, ci, ti int) float64 {
	if r.target == nil {
		return 0
	}
	return r.target[e.clauses[ci].firstTarget+ti]
}

// Field boosts of relevance, as the index weighs its fields: a word in a
// clause's title or a target's subject and metric says what it is about;
// in a sentence or a quote it may be in passing.
const (
	relTitle  = 3.0
	relTarget = 3.0
	relText   = 1.0
)

// relevance ranks the clauses and targets by the question's words as a
// full-text search does (tf-idf with field boosts and length norms), from
// the units the words' forms were found in: a tie-breaker between
// candidates that cover the question alike, scaled so the best has 1.
// bleve's search over the same fields ranked them the same on the
// evaluation sets, at a hundredth of the cost; it still serves Search.
func (e *Engine) relevance(q *question) relevance {
	rel := relevance{clause: make([]float64, len(e.clauses)), target: make([]float64, e.targets)}
	st := e.gaz.store
	n := float64(len(e.clauses))
	for _, t := range q.terms {
		for _, f := range t.forms {
			if len(f.units) == 0 || f.credit < creditAbbrev {
				continue
			}
			df := 0
			last := int32(-1)
			for _, u := range f.units {
				if c := st.units[u].clause; c != last {
					df, last = df+1, c
				}
			}
			idf := (1 + math.Log(n/float64(df+1))) * f.credit
			for _, u := range f.units {
				un := &st.units[u]
				w := idf * un.norm
				ci := int(un.clause)
				switch un.kind {
				case unitTitle:
					rel.clause[ci] += relTitle * w
				case unitSentence:
					rel.clause[ci] += relText * w
				case unitTarget:
					rel.target[e.clauses[ci].firstTarget+int(un.item)] += relTarget * w
				case unitQuote:
					rel.target[e.clauses[ci].firstTarget+int(un.item)] += relText * w
				}
			}
		}
	}
	top := max(slices.Max(append(rel.clause, 0)), slices.Max(append(rel.target, 0)))
	if top > 0 {
		for i := range rel.clause {
			rel.clause[i] /= top
		}
		for i := range rel.target {
			rel.target[i] /= top
		}
	}
	return rel
}

// search runs the one full-text search a question gets: its words and
// their forms, over clauses and targets.
func (e *Engine) search(ctx context.Context, q *question) relevance {
	rel := relevance{clause: make([]float64, len(e.clauses)), target: make([]float64, e.targets)}
	var words []string
	for _, t := range q.terms {
		for _, f := range t.forms {
			if len(f.units) > 0 && f.credit >= creditAbbrev {
				words = append(words, f.text)
			}
		}
	}
	if len(words) == 0 {
		return rel
	}
	hits, err := e.ix.Search(ctx, index.Query{Text: strings.Join(words, " "), Size: 40})
	if err != nil {
		e.logger.Warn("search", "err", err)
		return rel
	}
	if len(hits) == 0 || hits[0].Score <= 0 {
		return rel
	}
	top := hits[0].Score
	for _, h := range hits {
		ci, ok := e.byRef[h.Ref]
		if !ok {
			continue
		}
		if h.Kind == index.KindTarget {
			k := e.clauses[ci].firstTarget + h.Target
			rel.target[k] = max(rel.target[k], h.Score/top)
		} else {
			rel.clause[ci] = max(rel.clause[ci], h.Score/top)
		}
	}
	return rel
}

// group is the targets of one clause for one subject and metric, every
// year: one row of figures.
type group struct {
	clause  int
	targets []int // indices into the clause's Targets, plan order
	cover   float64
	per     []float64 // each word's credit
	place   float64   // how surely the subject is the place asked
	year    float64
	words   float64 // how well it answers the question's words, place and year aside
	base    float64 // match before bleve's relevance: what must reach answers
	match   float64
	// named: every word of the question stands in the target's own subject
	// and metric — the question names the measure (路网密度), and asks for
	// its figure whatever its wording.
	named bool
	// why is set when the group answers the words but not the question:
	// its subject is another place, or it is for other years.
	why Reason
}

func (g group) first(e *Engine) plan.Target {
	return e.clauses[g.clause].c.Targets[g.targets[0]]
}

// subject is the group's subject, folded.
func (g group) subject(e *Engine) string {
	return e.clauses[g.clause].subjects[g.targets[0]]
}

// groups scores every target group of the plan against the question.
func (e *Engine) groups(q *question, cr *credits, rel relevance) []group {
	n := 0
	for ci := range e.clauses {
		if cr.touched[ci] {
			n += len(e.clauses[ci].groups)
		}
	}
	out := make([]group, 0, n)
	// Every group's credits per word, in one allocation.
	pers := make([]float64, 0, n*len(q.terms))
	skip := cr.figureTotal > 0
	buf := make([]float64, len(q.terms))
	last, mod := measureWords(q)
	// What depends on the question alone, or on a metric many groups
	// share, is worked out once.
	increase, placesNamed := asksIncrease(q), len(namedPlaces(q)) > 0
	headNamed := map[string]bool{}
	for ci := range e.clauses {
		if !cr.touched[ci] {
			continue
		}
		c := &e.clauses[ci]
		ts := c.c.Targets
		for _, members := range c.groups {
			ti := members[0]
			g := group{clause: ci, targets: members}
			units := []weighted{{c.targets[ti], inShown}, {c.quotes[ti], inQuote}}
			g.cover = cr.coverUnits(units, ci, inTitleFig, inClause, skip, buf)
			if g.cover == 0 {
				continue
			}
			pers = append(pers, buf...)
			g.per = pers[len(pers)-len(buf) : len(pers) : len(pers)]
			if own := cr.coverUnits(units[:1], ci, 0, 0, skip, buf); own >= inQuote {
				g.named = true
			}
			e.agree(q, &g)
			t := ts[ti]
			factor := 1.0
			named, ok := headNamed[t.Metric]
			if !ok {
				named = e.namesHead(q, t.Metric)
				headNamed[t.Metric] = named
			}
			if !named {
				factor *= headMissing
			}
			if isIncrease(t.Metric) && !increase {
				factor *= notAnIncrease
			}
			// The question names the measure outright (新增产业到位资金,
			// 卫生城镇创建覆盖率, 城镇居民人均年消费 for 城镇人均年消费): its
			// other words say how it is asked (领导要个数, 两个节点的目标),
			// and the figure answers where the place and year agree. A
			// count asked in no unit of its own (个数, 几个: 核个数 is "check
			// the figure") does not outweigh the measure named.
			outright := factor == 1 && e.namesMetric(q, t.Metric, g.place == 1 && placesNamed)
			if !inUnit(t.Value, q.unit) && !(outright && q.unit == "个") {
				factor *= otherUnit
				outright = false
			}
			if !outright && last >= 0 && (g.per[last] < inQuote/2 || (mod >= 0 && g.per[mod] < inQuote/2)) && (q.unit != "个" || !inUnit(t.Value, q.unit)) {
				// What the question ends on is what it measures
				// (常住人口城镇化率, 森林覆盖率): a target that does not have
				// it, or has it of another thing (绿化覆盖率), measures
				// something else. Unless the question asks the count it
				// gives (开发区里产值能上千亿的…建成几个: 5个).
				factor *= headMissing
			}
			if outright {
				g.cover = max(g.cover, answers)
			}
			bl := bleveWeight * rel.ofTarget(e, ci, ti)
			g.words = g.cover*factor + bl
			cover := g.cover * g.place
			if placesNamed && g.place > 0 {
				// The place named is part of what the question says: a
				// group for it covers that part too.
				cover = (g.cover*cr.total + placeWeight*g.place) / (cr.total + placeWeight)
			}
			g.base = cover * factor * g.year
			g.match = g.base + bl
			if g.place == 0 || g.year == 0 {
				g.match, g.base = 0, 0
			}
			out = append(out, g)
		}
	}
	return sortByMatch(out)
}

// sortPassages orders passages best first, ties in plan order, as
// sortByMatch does groups.
func sortPassages(ps []passage) []passage {
	permute(ps, func(a, b int) int { return cmpDesc(ps[a].match, ps[b].match) })
	return ps
}

// sortByMatch orders groups best first, ties in plan order.
func sortByMatch(gs []group) []group {
	permute(gs, func(a, b int) int { return cmpDesc(gs[a].match, gs[b].match) })
	return gs
}

// permute sorts xs stably by cmp of their indices, sorting the indices and
// then moving each element once along the permutation's cycles: groups and
// passages are too big to swap about while sorting hundreds.
func permute[T any](xs []T, cmp func(a, b int) int) {
	order := make([]int, len(xs))
	for i := range order {
		order[i] = i
	}
	// Ties in the order given: a sort that need not be stable, on a total
	// order, is quicker than a stable one.
	slices.SortFunc(order, func(a, b int) int {
		if c := cmp(a, b); c != 0 {
			return c
		}
		return a - b
	})
	// order[i] is the index of the element that goes to i.
	for i := range order {
		if order[i] == i {
			continue
		}
		tmp, j := xs[i], i
		for order[j] != i {
			next := order[j]
			xs[j] = xs[next]
			order[j] = j
			j = next
		}
		xs[j] = tmp
		order[j] = j
	}
}

// agree sets how a group's subject and years agree with the question's
// place and years, and why it cannot answer when they do not.
func (e *Engine) agree(q *question, g *group) {
	t := g.first(e)
	g.place, g.year = 1, 1
	subject := g.subject(e)
	switch {
	case len(q.places) > 0:
		best := 0.0
		for _, h := range q.places {
			best = max(best, e.placeFit(*h.place, subject)*h.sure)
		}
		province := slices.ContainsFunc(q.places, func(h placeHit) bool { return h.place.core == provinceCore })
		switch {
		case best > 0:
			g.place = best
		case len(namedPlaces(q)) > 0 || (province && !e.clauses[g.clause].generic[g.targets[0]]):
			g.place, g.why = 0, OtherPlace
		default:
			g.place = placeElsewhere // 县城 asked, a target for another kind of place
		}
	case t.Subject != provinceCore && !e.clauses[g.clause].generic[g.targets[0]] && q.asks[askAcross] == 0:
		g.place = namedUnasked
	}
	ts := e.clauses[g.clause].c.Targets
	switch {
	case len(q.years) > 0:
		hit, unstated := false, false
		for _, i := range g.targets {
			y := ts[i].Year
			if yearIn(y, q.years) {
				hit = true
			}
			if y.IsZero() || (y.N == 0 && y.Label != "" && !strings.Contains(y.Label, "十")) {
				unstated = true
			}
		}
		switch {
		case hit:
		case unstated:
			g.year = yearUnstated
		default:
			g.year = 0
			if g.why == "" || !e.planYear(q.years) {
				g.why = OtherYear
			}
		}
	case q.period != "":
		hit := false
		for _, i := range g.targets {
			if ts[i].Year.Label == q.period {
				hit = true
			}
		}
		if !hit {
			g.year = 0
			if g.why == "" {
				g.why = OtherYear
			}
		}
	}
}

// planYear reports whether the plan sets any target for one of the years.
func (e *Engine) planYear(years []int) bool {
	for _, c := range e.clauses {
		for _, t := range c.c.Targets {
			if yearIn(t.Year, years) {
				return true
			}
		}
	}
	return false
}

// placeWeight is how much a place named counts among the question's words
// when a target's subject is, or is not, that place.
const placeWeight = 2.0

// namedUnasked is how a target for a named place fits a question that
// names no place: it may be the one meant, but the province's own fits better.
const namedUnasked = 0.9

func isGenericSubject(s string) bool { return genericSubjectRe.MatchString(s) }

// namedPlaces are the places a question names by name, not by kind.
func namedPlaces(q *question) []placeHit {
	var out []placeHit
	for _, h := range q.places {
		if !h.place.generic {
			out = append(out, h)
		}
	}
	return out
}

// namesHead reports whether the question names what a metric measures: the
// metric's last word (人口 of 城区常住人口, 率 words, 基站), in any form.
func (e *Engine) namesHead(q *question, metric string) bool {
	head := e.head(metric)
	if head == "" || strings.Contains(q.text, head) || e.cues.measures[head] {
		// 总量 of 市场主体总量 only says "how much": the metric measures
		// what stands before it.
		return true
	}
	for _, t := range q.terms {
		for _, f := range t.forms {
			if f.credit < creditPart && f.text != t.text {
				continue
			}
			if strings.Contains(f.text, head) || (len(f.text) >= len(head)/2 && strings.Contains(head, f.text) && len([]rune(f.text)) >= 2) {
				return true
			}
		}
	}
	return false
}

// inUnit reports whether a value is in the unit asked: 个, the measure
// word of any count (几个 社区工作者 asks 15人), is any unit but a rate,
// an amount of money, a length or an area.
func inUnit(value, unit string) bool {
	switch unit {
	case "":
		return true
	case "个":
		return !strings.ContainsAny(value, "%元米顷亩吨岁") && !strings.Contains(value, "百分点")
	}
	return strings.Contains(value, unit)
}

// metricNamed is how much of a metric a question must hold to name the
// measure outright: all but a verb or a last character (拥有 of
// 每万城镇常住人口拥有社区工作者, 数 of 移动物联网终端数).
const metricNamed = 0.85

// shortMeasure is the length up to which a metric (常住人口, 城区常住人口)
// is named by many questions that ask something else: it names a target
// outright only with the target's place.
const shortMeasure = 6

// namesMetric reports whether the question holds a metric nearly whole
// (metricNamed of it): see metricHeld. placeNamed says the question names
// the target's place.
func (e *Engine) namesMetric(q *question, metric string, placeNamed bool) bool {
	m := e.gaz.metrics[metric]
	if len(m) < 2 || (len(m) <= shortMeasure && !placeNamed) {
		return false
	}
	return e.metricHeld(q, metric) >= metricNamed
}

// metricHeld is how much of a metric the question holds: the share of its
// characters that stand within two standing together in the question, or
// in a form of its words (a synonym's, an abbreviation's).
func (e *Engine) metricHeld(q *question, metric string) float64 {
	m := e.gaz.metrics[metric]
	if len(m) < 2 {
		return 0
	}
	texts := []string{q.text}
	for _, t := range q.terms {
		for _, f := range t.forms {
			if !f.part && f.text != t.text {
				texts = append(texts, f.text)
			}
		}
	}
	held := make([]bool, len(m))
	for i := 0; i+1 < len(m); i++ {
		pair := string(m[i : i+2])
		if slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, pair) }) {
			held[i], held[i+1] = true, true
		}
	}
	n := 0
	for _, h := range held {
		if h {
			n++
		}
	}
	return float64(n) / float64(len(m))
}

// head is what a metric measures: its last word, remarks left out (人口 for
// 城区(含大方)常住人口, 总值 for 都市圈区域生产总值), or its last character
// where no word ends it (率 for 常住人口城镇化率). Heads are made once, at
// start.
func (e *Engine) head(metric string) string { return e.gaz.heads[metric] }

func (e *Engine) makeHead(metric string) string {
	m := e.foldPlan(withoutRemarks(metric))
	best := ""
	for _, w := range e.ix.SubWords(m) {
		if w != m && strings.HasSuffix(m, w) && len(w) > len(best) && hasLetter(w) {
			best = w
		}
	}
	if best == "" {
		r, _ := utf8.DecodeLastRuneInString(m)
		best = string(r)
	}
	return best
}

// lastTerm is the question's last word of two characters or more that is
// no place: what it measures, in the order Chinese puts things.
func lastTerm(q *question) int {
	last := -1
	for i, t := range q.terms {
		if t.place || utf8.RuneCountInString(t.text) < 2 || !t.known() || !t.nominal || t.tag == "vn" {
			continue // 算进去, 培育: the asker's word or a verb, not the measure
		}
		if last < 0 || t.start > q.terms[last].start {
			last = i
		}
	}
	return last
}

// measureWords are what a question measures: its last word (lastTerm),
// and the word written right before it when it is one (森林 of
// 森林覆盖率), or -1.
func measureWords(q *question) (last, mod int) {
	last, mod = lastTerm(q), -1
	if last < 0 {
		return last, mod
	}
	for i, t := range q.terms {
		if i != last && !t.place && t.known() && t.nominal && t.tag != "vn" && utf8.RuneCountInString(t.text) >= 2 && t.start+len(t.text) == q.terms[last].start {
			mod = i
		}
	}
	return last, mod
}

// asksIncrease reports whether a question asks for what is added (新增,
// 增加) rather than a total.
func asksIncrease(q *question) bool {
	for _, w := range []string{"新增", "增加", "增长", "增量"} {
		if strings.Contains(q.text, w) {
			return true
		}
	}
	return q.asks[askChange] > 0
}

// isIncrease reports whether a metric counts what is added rather than a
// total: 新增城区常住人口.
func isIncrease(metric string) bool {
	return strings.HasPrefix(metric, "新增") || strings.Contains(metric, "增加")
}

func yearIn(y plan.Year, years []int) bool { return y.N != 0 && slices.Contains(years, y.N) }

// passage is sentences of one clause: what a reply quotes when the answer
// is the plan's words rather than a row of figures.
type passage struct {
	clause    int
	sentences []int // in the clause's order
	cover     float64
	per       []float64
	place     float64
	base      float64 // match before the bonuses that only rank: what must reach answers
	even      float64 // base and bleve's relevance: what is set against a group's match
	match     float64
}

// passages scores each clause by its best sentence, and more sentences
// where they cover words the first does not or say the same of another
// item (the two halves of a sentence split at ；); for a question that asks
// how or what, the title sentence alone is no answer, and the best sentence
// after it is quoted too.
func (e *Engine) passages(q *question, cr *credits, rel relevance) []passage {
	var out []passage
	named := namedPlaces(q)
	top, _ := q.asks.top()
	lists := q.asks.share(askMembers, askAcross) >= 0.3
	explain := top == askHow || top == askDefine || top == askWhether || top == askMembers || top == askWhen || top == askDuty
	title := inTitle
	if top == askClause {
		title = inShown // …那条: a clause named by its title
	}
	when := top == askWhen
	// A bare name (灯塔工厂) asks what the plan sets on it.
	bare := len(q.cues) == 0 && !slices.ContainsFunc(q.terms, func(t term) bool { return !t.nominal })
	last, mod := measureWords(q)
	measured := q.asks[askValue] > 0 && mod >= 0
	var howWords []string
	for _, h := range q.cues {
		if h.ask == askHow && h.end-h.start >= len("方式") {
			howWords = append(howWords, q.text[h.start:h.end])
		}
	}
	var phrases []string
	if !q.forFigure() {
		phrases = adjacentPhrases(q) // a figure is found by its measure's words, wherever they stand
	}
	buf := make([]float64, len(q.terms))
	for ci := range e.clauses {
		if !cr.touched[ci] {
			continue
		}
		c := &e.clauses[ci]
		covs := make([]float64, len(c.sentences))
		best, bestScore := -1, 0.0
		for si, s := range c.sentences {
			covs[si] = cr.coverUnits([]weighted{{s.unit, inShown}}, ci, title, inClause, false, buf)
			score := covs[si]
			if lists {
				// Which ones: the sentence that lists them, not the one
				// that only names the set.
				score += listBonus * float64(min(strings.Count(s.text, "、"), 5)) / 5
			}
			if explain && c.isLead(si) {
				score -= leadOnly
			}
			if bare && slices.Contains(c.sentenceOf, si) {
				score += targetBonus // 灯塔工厂: the sentence that sets a target on it
			}
			if when && yearInText(s.text) {
				score += howBonus // 哪年开通: the sentence that says the year
			}
			for _, w := range howWords {
				// 棚户区改造方式: the sentence that says 方式.
				if strings.Contains(s.text, w) {
					score += howBonus
					break
				}
			}
			if score > bestScore {
				best, bestScore = si, score
			}
		}
		if best < 0 || covs[best] == 0 {
			continue
		}
		p := passage{clause: ci, sentences: []int{best}, cover: covs[best]}
		// A second sentence that covers what the first leaves out.
		for si, s := range c.sentences {
			if si == best || covs[si] == 0 {
				continue
			}
			cov := cr.coverUnits([]weighted{{c.sentences[best].unit, inShown}, {s.unit, inShown}}, ci, title, inClause, false, buf)
			if cov >= p.cover+passageGrow {
				p.cover, p.sentences = cov, []int{min(best, si), max(best, si)}
				break
			}
		}
		units := make([]weighted, len(p.sentences))
		for k, si := range p.sentences {
			units[k] = weighted{c.sentences[si].unit, inShown}
		}
		cr.coverUnits(units, ci, title, inClause, false, buf)
		p.per = slices.Clone(buf)
		// The other half of a sentence split at ；, saying as much.
		if len(p.sentences) == 1 {
			for _, si := range []int{best + 1, best - 1} {
				if si < 0 || si >= len(c.sentences) || covs[si] < sameHalf*covs[best] {
					continue
				}
				lo, hi := min(best, si), max(best, si)
				if strings.HasSuffix(c.sentences[lo].text, "；") || strings.HasSuffix(c.sentences[lo].text, ";") {
					p.sentences = []int{lo, hi}
					break
				}
			}
		}
		// The title sentence says what the clause is about; a question
		// asking how or what wants what follows it.
		if explain && len(p.sentences) == 1 && c.isLead(p.sentences[0]) {
			next, nextCov := -1, 0.0
			for si := range c.sentences {
				if si != p.sentences[0] && covs[si] > nextCov {
					next, nextCov = si, covs[si]
				}
			}
			if next >= 0 && nextCov >= leadFollow*p.cover {
				p.sentences = []int{min(p.sentences[0], next), max(p.sentences[0], next)}
			}
		}
		// How a thing the plan names is done is often said in the
		// sentence after the one that names it (实施产业链“链长制”… 每个
		// 集群明确一名省领导担任链长).
		if (top == askHow || top == askDefine) && len(p.sentences) == 1 {
			if next := p.sentences[0] + 1; next < len(c.sentences) && e.sharesRareWord(q, c.sentences[p.sentences[0]].unit, c.sentences[next].unit) {
				p.sentences = append(p.sentences, next)
			}
		}
		p.place = 1
		if len(named) > 0 {
			p.place = e.passagePlace(c, p.sentences, named)
		}
		if measured && !e.measureTogether(q, c, p.sentences, last, mod) {
			p.place *= headMissing // 森林…覆盖率 in two sentences is no 森林覆盖率
		}
		year := 1.0
		if len(q.years) > 0 && !e.mentionsYear(c, p.sentences, q.years) {
			year = yearMissing
		}
		tc := cr.coverUnits(nil, ci, inShown, 0, false, buf)
		tg := 0.0 // the clause sets a target on it: 海绵城市 in 41, not only named in 16
		for _, u := range c.targets {
			if v := cr.coverUnits([]weighted{{u, inShown}}, ci, 0, 0, cr.figureTotal > 0, buf); v > tg {
				tg = v
			}
		}
		p.base = p.cover * p.place * year
		p.even = p.base + bleveWeight*rel.ofClause(ci)
		p.match = p.even + titleBonus*tc + targetBonus*tg
		if e.holdsPhrase(c, p.sentences, phrases) {
			p.match += phraseBonus
		}
		out = append(out, p)
	}
	return sortPassages(out)
}

// phraseBonus ranks a passage that has two of the question's words side by
// side as the question has them (城市更新) over one that has them apart
// (城市新增及更新).
const phraseBonus = 0.1

// adjacentPhrases are the question's content words that stand side by side
// in it, joined: 城市更新 from 城市 and 更新.
func adjacentPhrases(q *question) []string {
	var out []string
	for i, a := range q.terms {
		for _, b := range q.terms[i+1:] {
			if a.start+len(a.text) == b.start && !a.place && !b.place {
				out = append(out, a.text+b.text)
			}
		}
	}
	return out
}

// holdsPhrase reports whether a sentence of the passage has one of phrases.
func (e *Engine) holdsPhrase(c *clauseInfo, sentences []int, phrases []string) bool {
	for _, si := range sentences {
		text := e.gaz.store.units[c.sentences[si].unit].text
		for _, ph := range phrases {
			if strings.Contains(text, ph) {
				return true
			}
		}
	}
	return false
}

// sharesRareWord reports whether two units share a form of a question's
// word, or a part of one, that few sentences of the plan use (链长 of
// 链长制, not 城市 of 海绵城市): the second goes on about the first.
func (e *Engine) sharesRareWord(q *question, a, b int32) bool {
	st := e.gaz.store
	for _, t := range q.terms {
		words := []string{t.text}
		for _, f := range t.forms {
			words = append(words, f.text)
		}
		if rs := []rune(t.text); len(rs) >= 3 && isHanWord(t.text) {
			words = append(words, string(rs[:2]), string(rs[len(rs)-2:]))
		}
		for _, w := range words {
			units := st.find(w)
			if utf8.RuneCountInString(w) < 2 || st.sentenceCount(units) > howFollow {
				continue
			}
			if slices.Contains(units, a) && slices.Contains(units, b) {
				return true
			}
		}
	}
	return false
}

// measureTogether reports whether one of a passage's sentences writes the
// question's measure and the word before it close together (森林覆盖率 is
// not 国家森林城市 … 绿化覆盖率).
func (e *Engine) measureTogether(q *question, c *clauseInfo, sentences []int, last, mod int) bool {
	t := term{forms: append(partForms(q.terms[mod]), partForms(q.terms[last])...)}
	// The words before the modifier that name the measure with it
	// (新能源 of 新能源汽车保有量) must stand in that sentence too.
	var before []string
	for start := q.terms[mod].start; ; {
		prev := slices.IndexFunc(q.terms, func(u term) bool {
			return u.start+len(u.text) == start && !u.place && u.known() && u.nominal && u.tag != "vn" && utf8.RuneCountInString(u.text) >= 2
		})
		if prev < 0 {
			break
		}
		before = append(before, q.terms[prev].forms[0].text)
		start = q.terms[prev].start
	}
	for _, si := range sentences {
		u := c.sentences[si].unit
		if !e.partsTogether(t, u) {
			continue
		}
		text := e.gaz.store.units[u].text
		if !slices.ContainsFunc(before, func(w string) bool { return !strings.Contains(text, w) }) {
			return true
		}
	}
	return false
}

// partForms is a word as the parts of another: its own form, marked a part.
func partForms(t term) []form {
	f := t.forms[0]
	f.part = true
	return []form{f}
}

// yearInText reports whether text names a year: 2023年.
func yearInText(s string) bool {
	for _, m := range yearRe.FindAllStringSubmatchIndex(s, -1) {
		if m[4] >= 0 {
			return true
		}
	}
	return false
}

// How a passage grows beyond its best sentence.
const (
	sameHalf   = 0.9  // the other half of a sentence split at ； that covers as much
	leadOnly   = 0.05 // a title sentence, for a question that asks how or what
	leadFollow = 0.5  // the sentence after a title sentence must cover this much of what the title does
	howFollow  = 3    // the most sentences of the plan a word they share may stand in for the next to follow
)

// isLead reports whether a sentence is the clause's title sentence.
func (c *clauseInfo) isLead(si int) bool {
	return si == 0 && strings.TrimRight(c.sentences[0].text, "。") == c.c.Title
}

// quoteHasFigure reports whether a passage's sentences state a number, in
// the unit asked where one is (多少元 wants 元).
func (e *Engine) quoteHasFigure(p passage, unit string) bool {
	c := &e.clauses[p.clause]
	for _, si := range p.sentences {
		text := c.sentences[si].text
		if unit == "" && hasDigit(text) {
			return true
		}
		if unit != "" && figureInUnit(text, unit) {
			return true
		}
	}
	return false
}

// figureInUnit reports whether text states a number in the unit: 2.5万元
// is in 元.
func figureInUnit(text, unit string) bool {
	for i := 0; i < len(text); i++ {
		if text[i] < '0' || text[i] > '9' {
			continue
		}
		j := i
		for j < len(text) && (text[j] >= '0' && text[j] <= '9' || text[j] == '.') {
			j++
		}
		rest := strings.TrimLeft(text[j:], "")
		for _, m := range []string{"万亿", "亿", "万", "千"} {
			rest = strings.TrimPrefix(rest, m)
		}
		if strings.HasPrefix(rest, unit) {
			return true
		}
		i = j
	}
	return false
}

// passagePlace is how a passage agrees with the places asked about.
func (e *Engine) passagePlace(c *clauseInfo, sentences []int, named []placeHit) float64 {
	best := placeOther
	for _, h := range named {
		pl := h.place
		if c.about != "" && (c.about == pl.core || strings.HasPrefix(c.about, pl.core)) {
			return h.sure
		}
		for _, si := range sentences {
			text := e.gaz.store.units[c.sentences[si].unit].text
			if strings.Contains(text, pl.core) || strings.Contains(text, pl.form) {
				return h.sure
			}
		}
		if c.about == "" {
			best = placeElsewhere
		}
	}
	return best
}

func (e *Engine) mentionsYear(c *clauseInfo, sentences []int, years []int) bool {
	for _, si := range sentences {
		for _, y := range years {
			if strings.Contains(c.sentences[si].text, itoa(y)) {
				return true
			}
		}
	}
	return false
}

// cmpDesc orders higher scores first.
func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}
