package plan

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The grammar of a target, as official plans write them:
//
//	[year phrase，][subject][metric][分别][verb][prefix qualifier]value[、value…]
//
// where a value is a number with its unit and qualifier (180万左右, 95%以上,
// 7公里/平方公里, 0.05人以内, 1.4以下), a range (3—5家), a ratio (1.6:1), a
// return period (50年一遇) or a time written in words (半小时, 一刻钟).
// Lists pair with the years, subjects or metrics they follow ("2023和2025年
// …分别达168万左右、180万左右"), and a value-first form names what is
// counted after it ("建成5个千亿级、10个五百亿级、40个百亿级开发区").
//
// The parser reads it in three files: values.go finds the values,
// targets.go reads the sentence around them (years, subjects, lists) and
// metrics.go names what they measure. Their word lists (units, copulas,
// verbs, connectives) are that grammar's words: how the official format
// writes any target, whatever the plan's topic. They are format.txt, read
// into a grammar for each plan, so that a word is added where its reason is
// written and every rule that reads it sees it; the syntax of numbers,
// years and punctuation stays in the code.

// titlePlace reads the place a clause title of the official shape is
// about: 做大做强遵义中心城市 → 遵义, 中心城市.
func (g *grammar) titlePlace(title string) (name, kind string) {
	m := g.titlePlaceRe.FindStringSubmatch(g.stripTitleVerbs(title))
	if m == nil {
		return "", ""
	}
	return m[1], m[2]
}

// clauseSubject is the subject of a clause's targets where a sentence names
// none: the place the clause is about, or 全省.
func (g *grammar) clauseSubject(c *Clause) string {
	name, kind := c.aboutWith(g)
	switch {
	case name == "":
		return "全省"
	case kind == "特大城市":
		return name
	}
	return name + kind
}

// extractTargets finds the clause's targets.
func (g *grammar) extractTargets(c *Clause, places []string) []Target {
	return g.extractTargetsWith(c, places, g.subjectMatcher(places))
}

// subjectMatcher matches the subjects that open a lead: the plan's places,
// each perhaps after 省会 and before its kind (遵义中心城市) or a suffix
// subjectItem drops (长沙市, 黔南州, 长株潭地区), and the generic subjects;
// one or several joined by 和 or 、.
func (g *grammar) subjectMatcher(places []string) *regexp.Regexp {
	item := `(?:(?:省会)?(?:` + placeAlternation(places) + `)(?:` + g.placeSuffixes + `)?|` + g.genericSubjectsRe + `)`
	return regexp.MustCompile(`^` + item + `(?:[和、]` + item + `)*`)
}

// extractTargetsWith is extractTargets with the subject matcher built once
// per plan. It reads the clause one 责任单位 span at a time, so that a
// subject such as 每个市 is read as the places whose governments answer
// for the span.
func (g *grammar) extractTargetsWith(c *Clause, places []string, subjectRe *regexp.Regexp) []Target {
	ex := extractor{g: g, clause: c, places: places, subjectRe: subjectRe, defaultSubject: g.clauseSubject(c)}
	for _, sp := range g.dutySpans(c.Text) {
		ex.local = nil
		for _, d := range sp.departments {
			if place, _, ok := g.localGovernment(d); ok {
				ex.local = append(ex.local, place)
			}
		}
		for _, sentence := range splitKeep(sp.text, "。\n") {
			ex.sentence(sentence)
		}
	}
	return ex.out
}

// span is a piece of a clause text between 责任单位 blocks and the
// departments of the block that closes it (none for text after the last).
type span struct {
	text        string
	departments []string
}

// dutySpans cuts a clause text at its 责任单位 blocks: each span is the
// text a block covers, so a sentence never runs across a block and every
// quote stands verbatim in the clause.
func (g *grammar) dutySpans(text string) []span {
	var out []span
	prev := 0
	for _, b := range g.findDutyBlocks(text) {
		out = append(out, span{text: text[prev:b.start], departments: splitDepartments(b.inner)})
		prev = b.end
	}
	if prev < len(text) {
		out = append(out, span{text: text[prev:]})
	}
	return out
}

func placeAlternation(places []string) string {
	if len(places) == 0 {
		return `\x{0}`
	}
	q := make([]string, len(places))
	for i, p := range places {
		q[i] = regexp.QuoteMeta(p)
	}
	return strings.Join(q, "|")
}

// extractor reads the targets of one clause with the plan's grammar.
type extractor struct {
	g              *grammar
	clause         *Clause
	places         []string
	subjectRe      *regexp.Regexp
	defaultSubject string
	local          []string // the places whose governments answer for the span read
	out            []Target
}

// list is a run of values that share what stands before them.
type list struct {
	subjects []string
	metrics  []string
	verbMul  bool // 分别 or 均: values pair up with years, subjects or metrics
	each     bool // 均, 保持在: one value holds for every year
	prefixQ  string
	// verb is what the lead says is done where it says nothing else
	// ("建成" before 5个千亿级…开发区): the counted noun follows the value.
	verb    string
	values  []valueMatch
	quoteAt int // where the quote starts in the part
	// ownYears: the year phrase opens this list ("2023和2025年，…年均增长
	// 12%以上"), so a single value holds for each of its years.
	ownYears bool
	perYear  bool   // 每年, 年均: the value holds for each year
	remark   string // 在…领域: the fields a count is for
	// plainNoun: the lead's verb frames a field that went to the remark
	// (在…领域培育建设4家以上国家级重大创新平台), so the metric is the noun
	// counted.
	plainNoun bool
	per       string // 每万名工人 in 密度达每万名工人260台
	bare      string // the segment before the lead's own, when it holds no value
	limit     string // 严格限制新建, 不得新建: the figure is a ceiling
	sentence  string // the sentence the list stands in
}

// sentence reads one sentence: its year phrase holds until another replaces
// it or the sentence ends.
func (ex *extractor) sentence(s string) {
	var years []Year
	lastMetric, lastUnit, lastSubjects := "", "", []string(nil)
	for _, part := range splitKeep(s, "；;") {
		yearStart, listsSinceYear := -1, 0
		var cur *list
		var partSubjects []string
		emit := func() {
			if cur != nil && len(cur.values) > 0 {
				ex.emit(part, cur, years)
			}
			cur = nil
		}
		pos := 0
		for _, v := range ex.g.findValues(part) {
			if v.start < pos {
				continue // inside the noun of the value before
			}
			lead := part[pos:v.start]
			origAt, leadAt := pos, pos
			pos = v.end + len(v.tail)
			trimmed := strings.TrimFunc(lead, isPunct)
			if cur != nil && (trimmed == "" || slices.Contains(ex.g.valueJoiners, trimmed)) {
				cur.values = append(cur.values, v)
				continue
			}
			emit()
			// The lead's last comma segment is this list's own; the one
			// before it, when it holds no value, may name the metric that
			// this one leaves out: "不断提升…分担率，2023年贵阳和遵义达45%".
			bare := ""
			if i := lastComma(lead); i >= 0 {
				prevSeg := lead[:i]
				if j := lastComma(prevSeg); j >= 0 {
					prevSeg = prevSeg[j:]
				}
				bare = strings.TrimFunc(ex.g.removeYears(prevSeg), isPunct)
				leadAt += i
				lead = lead[i:]
			}
			if locs := ex.g.yearLocsIn(part, origAt, v.start); len(locs) > 0 {
				l := locs[len(locs)-1]
				years = parseYears(part[l[0]:l[1]])
				yearStart, listsSinceYear = l[0], 0
				if l[0] >= leadAt {
					// A year inside the segment is its value's year and
					// no part of the metric: 其中2024年完成投资…,
					// 电能利用效率(PUE)到2026年降至1.4以下.
					lead = part[leadAt:l[0]] + part[l[1]:v.start]
				}
			}
			cur = &list{values: []valueMatch{v}, quoteAt: leadAt, sentence: s}
			if yearStart >= 0 && listsSinceYear == 0 {
				cur.quoteAt, cur.ownYears = min(yearStart, leadAt), true
			}
			listsSinceYear++
			ex.readLead(cur, trimLead(lead), lastMetric, lastSubjects, bare)
			// "严格限制新建150米以上…，不得新建250米以上…": a count that
			// names no subject is for the one before it in the part.
			if len(cur.subjects) == 0 && v.noun() != "" {
				cur.subjects = partSubjects
			}
			partSubjects = cur.subjects
			if _, unit, _ := ex.g.splitValue(v.text); unit == lastUnit && len(cur.metrics) == 1 {
				cur.metrics[0] = completeHead(lastMetric, cur.metrics[0])
			}
			if len(cur.metrics) > 0 && cur.metrics[len(cur.metrics)-1] != "" {
				lastMetric = cur.metrics[len(cur.metrics)-1]
			}
			_, lastUnit, _ = ex.g.splitValue(v.text)
			lastSubjects = cur.subjects
		}
		emit()
	}
}

// lastComma is the byte offset of the last comma of either width in s, or -1.
func lastComma(s string) int {
	return max(strings.LastIndex(s, "，"), strings.LastIndex(s, ","))
}

// yearLocsIn finds the year phrases in part[from:to].
func (g *grammar) yearLocsIn(part string, from, to int) [][]int {
	var out [][]int
	for _, l := range g.yearLocs(part[:to]) {
		if l[0] >= from {
			out = append(out, l)
		}
	}
	return out
}

// removeYears drops the year phrases of a segment.
func (g *grammar) removeYears(s string) string {
	for _, l := range slicesReverse(g.yearLocs(s)) {
		s = s[:l[0]] + s[l[1]:]
	}
	return s
}

func slicesReverse(ls [][]int) [][]int {
	out := make([][]int, len(ls))
	for i, l := range ls {
		out[len(ls)-1-i] = l
	}
	return out
}

func (g *grammar) cutConnectives(lead string) string {
	for changed := true; changed; {
		changed = false
		for _, c := range g.connectives {
			if rest, ok := strings.CutPrefix(lead, c); ok {
				lead, changed = rest, true
			}
		}
	}
	return lead
}

// readLead takes apart what stands before a list of values: subject, metric,
// 分别, verb and prefix qualifier. A field the count is for, written before
// its verb (在数字技术、节能降碳…等优势前沿领域培育建设4家以上…), goes to
// the remark; a limit on what may be built (严格限制新建150米以上超高层建筑,
// 不得新建250米以上…) says the figure is a ceiling, so its words are the
// value's qualifier and what is limited its metric.
func (ex *extractor) readLead(l *list, lead, lastMetric string, lastSubjects []string, bare string) {
	g := ex.g
	l.bare = bare
	part := strings.HasPrefix(lead, "其中") // 其中高速铁路: a part of the last metric
	lead = g.cutConnectives(lead)
	for _, w := range g.perYear {
		if rest, ok := strings.CutPrefix(lead, w); ok {
			l.perYear, lead = true, g.cutConnectives(rest)
			break
		}
	}
	if m := g.locativeRe.FindStringSubmatch(lead); m != nil {
		l.remark, l.plainNoun = m[1], true
		lead = lead[len(m[0]):]
	}
	ex.readSubjects(l, &lead)
	if m := g.limitRe.FindString(lead); m != "" && l.values[0].noun() != "" {
		l.limit, lead = m, lead[len(m):]
	}
	for _, q := range g.prefixQualifiers {
		if rest, ok := strings.CutSuffix(lead, q); ok {
			l.prefixQ, lead = q, rest
		}
	}
	if strings.Contains(lead, "分别") {
		l.verbMul = true
		lead = strings.Replace(lead, "分别", "", 1)
	}
	if i := strings.LastIndex(lead, "均"); i >= 0 && g.isCopula(lead[i+len("均"):]) {
		l.each = true
		lead = lead[:i] + lead[i+len("均"):]
	}
	if strings.HasSuffix(lead, "保持在") {
		l.each = true
	}
	lead = strings.Replace(lead, "力争", "", 1)
	for _, q := range g.prefixQualifiers {
		if rest, ok := strings.CutSuffix(lead, q); ok {
			l.prefixQ, lead = q, rest
		}
		// 至少建成1个…: the qualifier stands before the verb of a
		// value-first count.
		if i := strings.LastIndex(lead, q); i >= 0 && g.isVerb(lead[i+len(q):]) {
			l.prefixQ, lead = q, lead[:i]+lead[i+len(q):]
		}
	}
	l.prefixQ = g.baseQualifier(l.prefixQ)
	// "密度达每万名工人260台": what the value is per belongs to the metric.
	if i := strings.LastIndex(lead, "每"); i > 0 && g.endsWithCopula(lead[:i]) {
		l.per, lead = lead[i:], lead[:i]
	}
	for _, cp := range g.copulas {
		if rest, ok := strings.CutSuffix(lead, cp); ok {
			lead = rest
			break
		}
	}
	metric := trimLead(lead)
	l.verb = metric
	switch {
	case (strings.HasPrefix(metric, "比") || strings.HasPrefix(metric, "占")) && lastMetric != "" && !strings.Contains(lastMetric, "占"):
		metric = lastMetric + metric // 或比2020年提高5个百分点以上; 占地区生产总值比重
	case part && metric != "" && lastMetric != "":
		metric = partOf(metric, lastMetric)
	case lastMetric != "" && !l.verbMul:
		// "累计建设改造城镇供水管网1500公里，污水管网2500公里": the
		// later items of a list leave out what the first says before its noun.
		metric = g.sharedHead(lastMetric, metric, 4, 2)
	}
	switch {
	case metric == "" && lastMetric != "" && l.subjects != nil:
		metric = lastMetric
	case metric == "" && bare != "":
		metric = g.stripVerbs(bare)
	case metric == "" || g.isVerb(metric):
		if lastMetric != "" {
			metric = g.swapVerb(lastMetric, metric)
			if l.subjects == nil {
				l.subjects = lastSubjects
			}
		}
	}
	if l.per != "" {
		metric += "(" + l.per + ")"
	}
	metric = g.listedOn(metric)
	if strings.Contains(metric, "、") && !strings.ContainsAny(metric, "“”") {
		// "建有率、完好率分别达95%左右、95%以上": one metric a value.
		parts := strings.Split(metric, "、")
		if len(parts) == len(l.values) || l.verbMul {
			for i := 1; i < len(parts); i++ {
				parts[i] = g.sharedHead(parts[0], parts[i], 3, 1)
			}
			l.metrics = g.sharedMeasure(parts)
			return
		}
	}
	l.metrics = []string{metric}
}

// readSubjects takes the subject off a lead: the places of the span for a
// subject that stands for each of them (每个市), a subject its figure
// describes (城区常住人口300万以下城市), or the plan's places and generic
// subjects. A place written before 至 or 到 starts a route (贵阳至其他中心
// 城市), not a subject.
func (ex *extractor) readSubjects(l *list, lead *string) {
	g := ex.g
	if m := g.distributiveRe.FindString(*lead); m != "" && len(ex.local) > 1 {
		l.subjects = append(l.subjects, ex.local...)
		*lead = (*lead)[len(m):]
		return
	}
	if m := g.describedSubjectRe.FindString(*lead); m != "" {
		l.subjects = append(l.subjects, m)
		*lead = (*lead)[len(m):]
		return
	}
	m := ex.subjectRe.FindString(*lead)
	if m == "" && l.values[0].noun() != "" {
		// A count's subject may follow its opening verb: 打造贵阳贵安
		// “半小时”通勤圈.
		rest := cutPrefixes(*lead, g.allVerbs)
		if m = ex.subjectRe.FindString(rest); m != "" {
			*lead = rest
		}
	}
	if m == "" {
		return
	}
	if rest := (*lead)[len(m):]; hasPrefixAny(rest, g.routeWords) && !hasPrefixAny(rest, g.prefixQualifiers) {
		return
	}
	*lead = (*lead)[len(m):]
	// "贵阳和遵义" is one subject; "省会贵阳、市州中心城市、县城" are
	// three; in "贵阳、遵义中心城市" both are 中心城市.
	items := strings.Split(m, "、")
	for i, s := range items {
		items[i] = ex.subjectItem(s)
	}
	suffix := g.placeKind(items[len(items)-1])
	for _, s := range items {
		if suffix != "" && g.placeKind(s) == "" && ex.isPlace(s) {
			s += suffix
		}
		l.subjects = append(l.subjects, ex.subjectName(s))
	}
}

// subjectItem writes a place the way subjects name it: with its kind
// (遵义中心城市) but without the 市, 州 or 地区 that follows a name in
// running text (长沙市 → 长沙, 长株潭地区 → 长株潭).
func (ex *extractor) subjectItem(s string) string {
	for _, suf := range ex.g.nameSuffixes {
		if stem, ok := strings.CutSuffix(s, suf); ok && ex.isPlace(strings.TrimPrefix(stem, "省会")) {
			return stem
		}
	}
	return s
}

// subjectName turns a generic subject into the clause's own where it means
// the clause's place: 全市 in the 贵阳 clause is 贵阳.
func (ex *extractor) subjectName(s string) string {
	if slices.Contains(ex.g.clausePlaces, s) && ex.defaultSubject != "全省" {
		return ex.defaultSubject
	}
	return s
}

// PlaceKind is the kind of place a subject names, as the plan's format
// writes it after the name: 中心城市 in 遵义中心城市; "" for none.
func (p *Plan) PlaceKind(s string) string {
	return p.grammar().placeKind(s)
}

func (g *grammar) placeKind(s string) string {
	for _, k := range g.placeKinds {
		if strings.HasSuffix(s, k) {
			return k
		}
	}
	return ""
}

func (ex *extractor) isPlace(s string) bool {
	for _, p := range ex.places {
		if s == p {
			return true
		}
	}
	return false
}

// emit turns a list into targets, pairing its values with years, subjects
// or metrics. A value is given a year only where the text ties one to it:
// the years of a phrase it pairs with (分别), each year for a value that
// holds throughout (均, 保持在) or that the phrase opens, and the one year
// of a phrase that names one. A lone value under 2023和2025年 is for the
// period and no one year of it.
func (ex *extractor) emit(part string, l *list, years []Year) {
	n := len(l.values)
	last := l.values[n-1]
	quote := strings.TrimFunc(part[l.quoteAt:max(last.end+len(last.tail), last.sharedEnd)], func(r rune) bool {
		return strings.ContainsRune("，,、；;。：: \u3000\n", r)
	})
	subjects := l.subjects
	if len(subjects) == 0 {
		subjects = []string{ex.defaultSubject}
	}
	metrics := l.metrics
	tails := valueTails(l.values)
	g := ex.g
	multi := len(years) > 1
	period := ""
	switch {
	case multi:
		period = years[0].String() + "—" + years[len(years)-1].String()
	case len(years) == 1 && years[0].Label != "" && l.perYear:
		period = years[0].Label
	}
	lone := Year{} // the year of a value the years do not pair with
	if len(years) == 1 && !l.perYear {
		lone = years[0]
	}
	add := func(i int, subject, metric string, y Year) {
		v := l.values[i]
		t := Target{Ref: ex.clause.Ref, Subject: subject, Metric: metric, Year: y, Value: v.text, Quote: quote, Remark: l.remark}
		if tails[i] != "" {
			t.Metric, t.Remark = l.tailMetric(g, tails[i], v.text)
		}
		t.Number, t.Unit, t.Qualifier = g.splitValue(v.text)
		if l.prefixQ != "" && t.Qualifier == "" {
			t.Qualifier = l.prefixQ
		}
		if l.limit != "" {
			t.Qualifier = l.limit
		}
		if l.perYear {
			t.Year, t.PerYear = Year{}, true
		}
		if t.Year.IsZero() {
			t.Period = period
		}
		ex.out = append(ex.out, t)
	}
	metricAt := func(i int) string {
		if len(metrics) == n {
			return metrics[i]
		}
		return strings.Join(metrics, "、")
	}
	allYears := multi && (l.each || l.ownYears) && !l.perYear
	switch {
	case n > 1 && len(years) == n && len(subjects) <= 1 && !l.perYear:
		for i := range l.values {
			add(i, subjects[0], metricAt(0), years[i])
		}
	case n > 1 && len(subjects) == n:
		for i := range l.values {
			add(i, subjects[i], metricAt(0), lone)
		}
	case n == 1 && len(subjects) > 1:
		for _, s := range subjects {
			if allYears {
				for _, y := range years {
					add(0, s, metricAt(0), y)
				}
				continue
			}
			add(0, s, metricAt(0), lone)
		}
	case n == 1 && allYears:
		for _, y := range years {
			add(0, subjects[0], metricAt(0), y)
		}
	default:
		for i := range l.values {
			add(i, strings.Join(subjects, "、"), metricAt(i), lone)
		}
	}
}

// trimLead trims the punctuation around a lead, but keeps a quotation mark
// whose partner it holds: “跨省通办”事项 keeps its opening “.
func trimLead(s string) string {
	t := strings.TrimFunc(s, isPunct)
	if t == "" {
		return t
	}
	at := strings.Index(s, t)
	before, after := s[:at], s[at+len(t):]
	if strings.HasSuffix(before, "“") && strings.Contains(t, "”") && strings.Count(t, "“") < strings.Count(t, "”") {
		t = "“" + t
	}
	if strings.HasPrefix(after, "”") && strings.Contains(t, "“") && strings.Count(t, "”") < strings.Count(t, "“") {
		t += "”"
	}
	// 电能利用效率(PUE)分别降至…: a closing parenthesis whose partner the
	// lead holds is part of it.
	for _, p := range [][2]string{{"(", ")"}, {"（", "）"}} {
		if strings.HasPrefix(after, p[1]) && strings.Count(t, p[0]) > strings.Count(t, p[1]) {
			t += p[1]
		}
	}
	return t
}

// isPunct is the punctuation that separates the parts of a sentence.
func isPunct(r rune) bool {
	return strings.ContainsRune("，,、；;。：:！!？?“”\"（）()《》 \u3000\n", r)
}

// yearLocs finds the year phrases of a lead outside quotation marks; a year
// inside a phrase ("完成2000年底前建成…", "比2020年提高") is not one, but
// one after a connective (其中2024年…) is.
func (g *grammar) yearLocs(lead string) [][]int {
	quoted := quotedSpans(lead)
	var out [][]int
	for _, l := range yearRe.FindAllStringIndex(lead, -1) {
		if inSpans(quoted, l[0]) && !strings.Contains(lead[l[0]:l[1]], "十") {
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(lead[:l[0]])
		if l[0] > 0 && !isPunct(prev) && prev != '年' && !strings.HasPrefix(lead[l[0]:], "到") && !strings.HasPrefix(lead[l[0]:], "“") {
			// Mid-phrase: a year phrase opens its segment.
			if !strings.HasSuffix(lead[:l[0]], "累计") && !hasSuffixAny(lead[:l[0]], g.connectives) {
				continue
			}
		}
		out = append(out, l)
	}
	return out
}

var digitsRe = regexp.MustCompile(`\d{4}`)

// parseYears reads the years of a year phrase.
func parseYears(s string) []Year {
	if strings.Contains(s, "十") && strings.Contains(s, "五") && !digitsRe.MatchString(s) {
		return []Year{{Label: strings.Trim(strings.TrimSuffix(s, "时期"), "“”")}}
	}
	ds := digitsRe.FindAllString(s, -1)
	if len(ds) == 2 && strings.ContainsAny(s, "—-－至") {
		return []Year{{Label: ds[0] + "—" + ds[1]}}
	}
	var out []Year
	for _, d := range ds {
		n, _ := strconv.Atoi(d)
		out = append(out, Year{N: n})
	}
	return out
}

// splitKeep splits s after each of the separator runes, keeping them.
func splitKeep(s, seps string) []string {
	var out []string
	start := 0
	for i, r := range s {
		if strings.ContainsRune(seps, r) {
			end := i + utf8.RuneLen(r)
			if strings.TrimSpace(s[start:end]) != "" {
				out = append(out, s[start:end])
			}
			start = end
		}
	}
	if strings.TrimSpace(s[start:]) != "" {
		out = append(out, s[start:])
	}
	return out
}
