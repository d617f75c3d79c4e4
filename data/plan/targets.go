package plan

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The grammar of a target, as official plans write them:
//
//	[year phrase，][subject][metric][分别][verb][prefix qualifier]value[、value…]
//
// where a value is a number with its unit and qualifier (180万左右, 95%以上,
// 7公里/平方公里, 0.05人以内), a ratio (1.6:1) or a return period (50年一遇).
// Lists pair with the years, subjects or metrics they follow ("2023和2025年
// …分别达168万左右、180万左右"), and a value-first form names what is
// counted after it ("建成5个千亿级、10个五百亿级、40个百亿级开发区").
var (
	valueRe = regexp.MustCompile(
		`前\d+位` + // a rank: 前15位
			`|\d+(?:\.\d+)?[:：]\d+(?:\.\d+)?` + // a ratio: 1.6:1
			`|\d+年一遇` + // a return period
			`|\d+(?:\.\d+)?` +
			// A magnitude and a unit, or a magnitude alone; 千 is tried as a
			// magnitude first and, where no unit follows it, as the start of
			// 千瓦: 3.5千瓦/辆, 3千个.
			`(?:(?:万亿|万|亿|千)?(?:公里/平方公里|千瓦/辆|千瓦|立方米|平方米|公里|公顷|个百分点|Gbps|%|％|亩|人|户|个|家|条|所|套(?:[(（]间[)）])?|座|岁|年|元|只|张|项|辆|位|次)|万亿|万|亿|千)?` +
			`(?:左右|以上|以内|以下)?`)
	// yearRe finds a year phrase: 2023和2025年, 2023年和2025年, 到2025年,
	// 2023—2025年, “十四五”时期.
	yearRe = regexp.MustCompile(`(?:到|至|在)?(\d{4})(?:年)?(和|、|—|-|－|至)(\d{4})年|(?:到|至|在)?(\d{4})年|“?十[一二三四五六七八九]五”?时期`)
	// qualifierRe takes a value's qualifier apart from its number and unit.
	numberRe = regexp.MustCompile(`^(?:前)?(\d+(?:\.\d+)?)`)
)

// copulas link a metric to its value and say nothing of their own.
var copulas = []string{
	"累计分别达到", "分别达到", "分别提高到", "分别提升到", "分别控制在", "分别突破", "分别达",
	"均巩固在", "巩固在", "保持在", "控制在", "提高到", "提升到", "达到", "突破", "达", "为",
}

// prefixQualifiers stand before a value and bound it.
var prefixQualifiers = []string{"不低于", "不少于", "不超过", "超过", "至少"}

// actionVerbs start a metric that counts what is done: 建成…50个, 新增…20万.
// A number followed by a noun is a target only after one of them (建成5个…
// 开发区); elsewhere it describes (榕江10个县城, 30户以上自然村寨).
var actionVerbs = []string{
	"培育建设", "培育创建", "培育形成", "新增创建", "累计打造", "建设改造", "改扩建",
	"建成", "建设", "培育", "新增", "打造", "完成", "新建", "创建", "开工", "形成", "发行", "支持", "引进", "改造", "发放", "建",
}

// connectives open a segment without belonging to its subject or metric.
var connectives = []string{"其中", "并且", "并", "力争", "同时", "或"}

// subjectRe recognises generic subjects; places named in the plan's titles
// are added per plan (see places).
const genericSubjects = `全省|全市|各市州|各市〔州〕|其他市州中心城市|市州中心城市|县级及以上城市|县级市城区|设市城市|县城|省会`

// places lists the place names the plan's own clause titles give
// (遵义中心城市 → 遵义; 贵阳—贵安—安顺都市圈 → 贵阳, 贵安, 安顺), longest
// first, so that subjects are recognised without a table typed in by hand.
func (p *Plan) places() []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if utf8.RuneCountInString(s) >= 2 && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, c := range p.Clauses {
		name, _ := titlePlace(c.Title)
		if name == "" {
			continue
		}
		add(name)
		for _, part := range strings.Split(name, "—") {
			add(part)
		}
	}
	// Longest first, so that 贵阳贵安 wins over 贵阳.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len(out[j]) > len(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

var titlePlaceRe = regexp.MustCompile(`^([\p{Han}—]{2,12}?)(中心城市|特大城市|城市群|都市圈)`)

// titleVerbs open clause titles before the place they are about.
var titleVerbs = []string{"加快", "做大", "做强", "做优", "做特", "发展", "建设", "提升", "推动", "推进"}

// titlePlace reads the place a clause title is about: 做大做强遵义中心城市 →
// 遵义, 中心城市.
func titlePlace(title string) (name, kind string) {
	t := title
	for changed := true; changed; {
		changed = false
		for _, v := range titleVerbs {
			if rest, ok := strings.CutPrefix(t, v); ok {
				t, changed = rest, true
			}
		}
	}
	m := titlePlaceRe.FindStringSubmatch(t)
	if m == nil {
		return "", ""
	}
	return m[1], m[2]
}

// clauseSubject is the subject of a clause's targets where a sentence names
// none: the city of a city clause, or 全省.
func clauseSubject(c *Clause) string {
	name, kind := titlePlace(c.Title)
	switch {
	case name == "":
		return "全省"
	case kind == "特大城市":
		return name
	}
	return name + kind
}

// valueMatch is one value found in a part of a sentence.
type valueMatch struct {
	start, end int // byte offsets in the part
	text       string
	tail       string // the noun after a value-first target: 开发区
}

// extractTargets finds the clause's targets.
func extractTargets(c *Clause, places []string) []Target {
	return extractTargetsWith(c, places, subjectMatcher(places))
}

// subjectMatcher matches the subjects that open a lead: the plan's places
// and the generic subjects, one or several joined by 和 or 、.
func subjectMatcher(places []string) *regexp.Regexp {
	item := `(?:(?:省会)?(?:` + placeAlternation(places) + `)(?:中心城市|城市群|都市圈|特大城市)?|` + genericSubjects + `)`
	return regexp.MustCompile(`^` + item + `(?:[和、]` + item + `)*`)
}

// extractTargetsWith is extractTargets with the subject matcher built once
// per plan.
func extractTargetsWith(c *Clause, places []string, subjectRe *regexp.Regexp) []Target {
	body := WithoutDuties(c.Text)
	ex := extractor{clause: c, places: places, subjectRe: subjectRe, defaultSubject: clauseSubject(c)}
	for _, sentence := range splitKeep(body, "。\n") {
		ex.sentence(sentence)
	}
	return ex.out
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

type extractor struct {
	clause         *Clause
	places         []string
	subjectRe      *regexp.Regexp
	defaultSubject string
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
}

// sentence reads one sentence: its year phrase holds until another replaces
// it or the sentence ends.
func (ex *extractor) sentence(s string) {
	var years []Year
	lastMetric, lastUnit, lastSubjects := "", "", []string(nil)
	for _, part := range splitKeep(s, "；;") {
		yearStart, listsSinceYear := -1, 0
		var cur *list
		emit := func() {
			if cur != nil && len(cur.values) > 0 {
				ex.emit(part, cur, years)
			}
			cur = nil
		}
		pos := 0
		for _, v := range findValues(part) {
			if v.start < pos {
				continue // inside the noun of the value before
			}
			lead := part[pos:v.start]
			origAt, leadAt := pos, pos
			pos = v.end + len(v.tail)
			trimmed := strings.TrimFunc(lead, isPunct)
			if cur != nil && (trimmed == "" || trimmed == "及" || trimmed == "和") {
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
				bare = strings.TrimFunc(removeYears(prevSeg), isPunct)
				leadAt += i
				lead = lead[i:]
			}
			if locs := yearLocsIn(part, origAt, v.start); len(locs) > 0 {
				l := locs[len(locs)-1]
				years = parseYears(part[l[0]:l[1]])
				yearStart, listsSinceYear = l[0], 0
				if l[0] >= leadAt {
					lead = part[l[1]:v.start]
					leadAt = l[1]
				}
			}
			cur = &list{values: []valueMatch{v}, quoteAt: leadAt}
			if yearStart >= 0 && listsSinceYear == 0 {
				cur.quoteAt, cur.ownYears = yearStart, true
			}
			listsSinceYear++
			ex.readLead(cur, trimLead(lead), lastMetric, lastSubjects, bare)
			if _, unit, _ := splitValue(v.text); unit == lastUnit && len(cur.metrics) == 1 {
				cur.metrics[0] = completeHead(lastMetric, cur.metrics[0])
			}
			if len(cur.metrics) > 0 {
				lastMetric = cur.metrics[len(cur.metrics)-1]
			}
			_, lastUnit, _ = splitValue(v.text)
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
func yearLocsIn(part string, from, to int) [][]int {
	var out [][]int
	for _, l := range yearLocs(part[:to]) {
		if l[0] >= from {
			out = append(out, l)
		}
	}
	return out
}

// removeYears drops the year phrases of a segment.
func removeYears(s string) string {
	for _, l := range slicesReverse(yearLocs(s)) {
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

// readLead takes apart what stands before a list of values: subject, metric,
// 分别, verb and prefix qualifier.
func (ex *extractor) readLead(l *list, lead, lastMetric string, lastSubjects []string, bare string) {
	part := strings.HasPrefix(lead, "其中") // 其中高速铁路: a part of the last metric
	for changed := true; changed; {
		changed = false
		for _, c := range connectives {
			if rest, ok := strings.CutPrefix(lead, c); ok {
				lead, changed = rest, true
			}
		}
	}
	if m := ex.subjectRe.FindString(lead); m != "" {
		lead = lead[len(m):]
		// "贵阳和遵义" is one subject; "省会贵阳、市州中心城市、县城" are
		// three; in "贵阳、遵义中心城市" both are 中心城市.
		items := strings.Split(m, "、")
		suffix := PlaceKind(items[len(items)-1])
		for _, s := range items {
			if suffix != "" && PlaceKind(s) == "" && ex.isPlace(s) {
				s += suffix
			}
			l.subjects = append(l.subjects, ex.subjectName(s))
		}
	}
	for _, q := range prefixQualifiers {
		if rest, ok := strings.CutSuffix(lead, q); ok {
			l.prefixQ, lead = q, rest
		}
	}
	if strings.Contains(lead, "分别") {
		l.verbMul = true
		lead = strings.Replace(lead, "分别", "", 1)
	}
	if i := strings.LastIndex(lead, "均"); i >= 0 && isCopula(lead[i+len("均"):]) {
		l.each = true
		lead = lead[:i] + lead[i+len("均"):]
	}
	if strings.HasSuffix(lead, "保持在") {
		l.each = true
	}
	lead = strings.Replace(lead, "力争", "", 1)
	for _, q := range prefixQualifiers {
		if rest, ok := strings.CutSuffix(lead, q); ok {
			l.prefixQ, lead = q, rest
		}
		// 至少建成1个…: the qualifier stands before the verb of a
		// value-first count.
		if i := strings.LastIndex(lead, q); i >= 0 && isVerb(lead[i+len(q):]) {
			l.prefixQ, lead = q, lead[:i]+lead[i+len(q):]
		}
	}
	for _, cp := range copulas {
		if rest, ok := strings.CutSuffix(lead, cp); ok {
			lead = rest
			break
		}
	}
	metric := trimLead(lead)
	l.verb = metric
	if strings.HasPrefix(metric, "比") && lastMetric != "" {
		metric = lastMetric + metric // 或比2020年提高5个百分点以上
	}
	if part && metric != "" && lastMetric != "" {
		metric = partOf(metric, lastMetric)
	} else if lastMetric != "" && !l.verbMul {
		// "累计建设改造城镇供水管网1500公里，污水管网2500公里": the
		// later items of a list leave out what the first says before its noun.
		metric = sharedHead(lastMetric, metric, 4, 2)
	}
	switch {
	case metric == "" && lastMetric != "" && l.subjects != nil:
		metric = lastMetric
	case metric == "" && bare != "":
		metric = stripVerbs(bare)
	case metric == "" || isVerb(metric):
		if lastMetric != "" {
			if strings.HasPrefix(lastMetric, metric) {
				metric = lastMetric
			} else {
				metric += stripVerbs(lastMetric)
			}
			if l.subjects == nil {
				l.subjects = lastSubjects
			}
		}
	}
	if strings.Contains(metric, "、") && !strings.ContainsAny(metric, "“”") {
		// "建有率、完好率分别达95%左右、95%以上": one metric a value.
		parts := strings.Split(metric, "、")
		if len(parts) == len(l.values) || l.verbMul {
			for i := 1; i < len(parts); i++ {
				parts[i] = sharedHead(parts[0], parts[i], 3, 1)
			}
			l.metrics = parts
			return
		}
	}
	l.metrics = []string{metric}
}

// subjectName turns a generic subject into the clause's own where it means
// the clause's place: 全市 in the 贵阳 clause is 贵阳.
func (ex *extractor) subjectName(s string) string {
	if (s == "全市" || s == "城市群" || s == "都市圈") && ex.defaultSubject != "全省" {
		return ex.defaultSubject
	}
	return s
}

// PlaceKind is the kind of place a subject names, as the official format
// writes it after the name: 中心城市 in 遵义中心城市; "" for none.
func PlaceKind(s string) string {
	for _, k := range []string{"中心城市", "城市群", "都市圈", "特大城市"} {
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

// partOf names a part the way its whole is named: 其中高速铁路 of
// 铁路营业里程 is 高速铁路营业里程. Where the two share no word, the part
// stands as written.
func partOf(part, whole string) string {
	pr, wr := []rune(part), []rune(whole)
	for n := min(len(pr), len(wr)) - 1; n >= 2; n-- {
		if string(pr[len(pr)-n:]) == string(wr[:n]) {
			return part + string(wr[n:])
		}
	}
	return part
}

// completeHead gives a metric of a list the measure the list before it
// names, where it leaves the measure out and the values are in the same
// unit: after 城镇职工基本养老保险参保人数 (万人), 工伤保险 (万人) is
// 工伤保险参保人数 — the words after its own last two characters in the
// metric before.
func completeHead(last, metric string) string {
	mr := []rune(metric)
	if last == "" || len(mr) < 2 {
		return metric
	}
	tail := string(mr[len(mr)-2:])
	i := strings.LastIndex(last, tail)
	if i < 0 {
		return metric
	}
	rest := last[i+len(tail):]
	if rest == "" || strings.ContainsAny(rest, "、，,“”") || utf8.RuneCountInString(rest) > 6 {
		return metric
	}
	return metric + rest
}

// sharedHead gives a short metric of a list (at most maxLen characters,
// ending in the same shared characters as the first) the head of the first:
// "城镇市政消火栓建有率、完好率" are 城镇市政消火栓建有率 and 城镇市政消火栓完好率.
func sharedHead(first, later string, maxLen, shared int) string {
	fr, lr := []rune(first), []rune(later)
	if len(lr) > maxLen || len(lr) < shared || len(fr) <= len(lr) || string(fr[len(fr)-shared:]) != string(lr[len(lr)-shared:]) {
		return later
	}
	return string(fr[:len(fr)-len(lr)]) + later
}

func isCopula(s string) bool {
	for _, c := range copulas {
		if s == c {
			return true
		}
	}
	return false
}

func isVerb(s string) bool {
	for _, v := range actionVerbs {
		if s == v {
			return true
		}
	}
	return false
}

// stripVerbs removes the verbs that open a phrase: 不断提升城市公共交通… →
// 城市公共交通….
func stripVerbs(s string) string {
	for _, v := range append([]string{"不断提升", "持续提升", "不断提高", "提升", "提高"}, actionVerbs...) {
		if rest, ok := strings.CutPrefix(s, v); ok && rest != "" {
			return rest
		}
	}
	return s
}

// emit turns a list into targets, pairing its values with years, subjects
// or metrics.
func (ex *extractor) emit(part string, l *list, years []Year) {
	n := len(l.values)
	last := l.values[n-1]
	quote := strings.TrimFunc(part[l.quoteAt:last.end+len(last.tail)], func(r rune) bool {
		return strings.ContainsRune("，,、；;。：: \u3000\n", r)
	})
	subjects := l.subjects
	if len(subjects) == 0 {
		subjects = []string{ex.defaultSubject}
	}
	metrics := l.metrics
	tails := valueTails(l.values)
	add := func(i int, subject, metric string, y Year) {
		v := l.values[i]
		t := Target{Ref: ex.clause.Ref, Subject: subject, Metric: metric, Year: y, Value: v.text, Quote: quote}
		if tails[i] != "" {
			t.Metric = l.verb + tails[i]
		}
		t.Number, t.Unit, t.Qualifier = splitValue(v.text)
		if l.prefixQ != "" && t.Qualifier == "" {
			t.Qualifier = l.prefixQ
		}
		ex.out = append(ex.out, t)
	}
	metricAt := func(i int) string {
		if len(metrics) == n {
			return metrics[i]
		}
		return strings.Join(metrics, "、")
	}
	yearAt := func(i int) Year {
		switch {
		case i >= 0 && len(years) == n:
			return years[i]
		case len(years) > 0:
			return years[len(years)-1]
		}
		return Year{}
	}
	switch {
	case n > 1 && len(years) == n && len(subjects) <= 1:
		for i := range l.values {
			add(i, subjects[0], metricAt(0), years[i])
		}
	case n > 1 && len(subjects) == n:
		for i := range l.values {
			add(i, subjects[i], metricAt(0), yearAt(-1))
		}
	case n == 1 && len(subjects) > 1:
		for _, s := range subjects {
			add(0, s, metricAt(0), yearAt(-1))
		}
	case n == 1 && len(years) > 1 && (l.each || l.ownYears):
		for _, y := range years {
			add(0, subjects[0], metricAt(0), y)
		}
	default:
		for i := range l.values {
			add(i, strings.Join(subjects, "、"), metricAt(i), yearAt(-1))
		}
	}
}

// valueTails gives each value of a value-first list the noun it counts:
// 5个千亿级、10个五百亿级、40个百亿级开发区 count 千亿级开发区, 五百亿级开发区
// and 百亿级开发区.
func valueTails(vs []valueMatch) []string {
	out := make([]string, len(vs))
	lastTail := vs[len(vs)-1].tail
	for i, v := range vs {
		out[i] = v.tail
		if i == len(vs)-1 || v.tail == "" || lastTail == "" {
			continue
		}
		end, _ := utf8.DecodeLastRuneInString(v.tail)
		if j := strings.IndexRune(lastTail, end); j >= 0 && j+len(string(end)) < len(lastTail) {
			out[i] = v.tail + lastTail[j+len(string(end)):]
		}
	}
	return out
}

// findValues finds the target values in a part of a sentence, leaving out
// numbers that are not targets: years, document and line numbers, names in
// quotation marks, and counts that describe (榕江10个县城, 30户以上自然村寨).
func findValues(part string) []valueMatch {
	quoted := quotedSpans(part)
	var out []valueMatch
	for _, loc := range valueRe.FindAllStringIndex(part, -1) {
		start, end := loc[0], loc[1]
		text := part[start:end]
		if !isValueShaped(text) || inSpans(quoted, start) {
			continue
		}
		before, after := part[:start], part[end:]
		prev, _ := utf8.DecodeLastRuneInString(before)
		next, _ := utf8.DecodeRuneInString(after)
		if isASCIIAlnum(prev) || prev == '.' || prev == '〔' || prev == '第' || prev == '-' {
			continue
		}
		// A digit or letter right after the number continues a name (5G,
		// 10G-PON); after a unit it starts the next word (2只REITs产品).
		if _, unit, _ := splitValue(text); next == '号' || next == '〕' || next == '级' || next == '及' || next == '-' || next == '.' ||
			(isASCIIAlnum(next) && (unicode.IsDigit(next) || unit == "" || strings.Contains("万亿千", unit))) {
			continue
		}
		if strings.HasSuffix(text, "以下") {
			continue
		}
		v := valueMatch{start: start, end: end, text: text}
		if tail := nounAfter(after); tail != "" && !strings.HasSuffix(text, "年一遇") {
			// A count followed by a noun is a target only after a verb
			// (建成5个…开发区) or within a list of such counts.
			isPercent := strings.HasSuffix(strings.TrimRight(text, "左右以上内"), "%")
			if !isPercent && !afterActionVerb(before) && !continuesCountList(part, out, start) {
				continue
			}
			v.tail = tail
		}
		out = append(out, v)
	}
	return out
}

// isValueShaped reports whether a match is a value rather than a bare number:
// it needs a unit, a qualifier, a ratio or a return period; and a four-digit
// number with 年 is a year, not a value.
func isValueShaped(s string) bool {
	m := numberRe.FindString(s)
	if m == s {
		return false
	}
	if strings.HasPrefix(s, "前") || strings.Contains(s, ":") || strings.Contains(s, "：") {
		return true
	}
	rest := s[len(m):]
	if strings.HasPrefix(rest, "年") && !strings.HasPrefix(rest, "年一遇") {
		n, _ := strconv.ParseFloat(m, 64)
		return n < 100
	}
	return rest != "千"
}

// nounAfter is the noun phrase that follows a value directly, up to the next
// punctuation: "开发区" in "40个百亿级开发区，"; "" where punctuation follows.
func nounAfter(after string) string {
	end := len(after)
	for i, r := range after {
		if (isPunct(r) && r != '“' && r != '”') || unicode.IsDigit(r) {
			end = i
			break
		}
	}
	tail := strings.TrimRight(after[:end], "及和")
	for _, c := range []string{"或", "比", "并", "及", "和", "以"} {
		if strings.HasPrefix(tail, c) {
			return ""
		}
	}
	return tail
}

// continuesCountList reports whether the value at start follows a
// value-first count with only a list separator between: 5个千亿级、10个….
func continuesCountList(part string, found []valueMatch, start int) bool {
	if len(found) == 0 {
		return false
	}
	prev := found[len(found)-1]
	from := prev.end + len(prev.tail)
	if prev.tail == "" || from > start {
		return false
	}
	between := strings.TrimFunc(part[from:start], isPunct)
	return between == "" || between == "及" || between == "和"
}

func afterActionVerb(before string) bool {
	for _, v := range actionVerbs {
		if strings.HasSuffix(before, v) {
			return true
		}
	}
	return false
}

func isASCIIAlnum(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
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
	return t
}

// isPunct is the punctuation that separates the parts of a sentence.
func isPunct(r rune) bool {
	return strings.ContainsRune("，,、；;。：:！!？?“”\"（）()《》 \u3000\n", r)
}

// quotedSpans are the byte spans inside “…”: names such as “3个100万” or
// “利剑2021—2025” hold numbers that are not targets.
func quotedSpans(s string) [][2]int {
	var out [][2]int
	for from := 0; ; {
		i := strings.Index(s[from:], "“")
		if i < 0 {
			return out
		}
		i += from
		j := strings.Index(s[i:], "”")
		if j < 0 {
			return append(out, [2]int{i, len(s)})
		}
		out = append(out, [2]int{i, i + j})
		from = i + j
	}
}

func inSpans(spans [][2]int, at int) bool {
	for _, s := range spans {
		if at >= s[0] && at < s[1] {
			return true
		}
	}
	return false
}

// yearLocs finds the year phrases of a lead outside quotation marks; a year
// inside a phrase ("完成2000年底前建成…", "比2020年提高") is not one.
func yearLocs(lead string) [][]int {
	quoted := quotedSpans(lead)
	var out [][]int
	for _, l := range yearRe.FindAllStringIndex(lead, -1) {
		if inSpans(quoted, l[0]) && !strings.Contains(lead[l[0]:l[1]], "十") {
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(lead[:l[0]])
		if l[0] > 0 && !isPunct(prev) && prev != '年' && !strings.HasPrefix(lead[l[0]:], "到") && !strings.HasPrefix(lead[l[0]:], "“") && prev != '年' {
			// Mid-phrase: a year phrase opens its segment.
			if !strings.HasSuffix(lead[:l[0]], "累计") {
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

// splitValue takes a value apart: "180万左右" → 180, "万", "左右".
func splitValue(v string) (number float64, unit, qualifier string) {
	for _, q := range []string{"左右", "以上", "以内", "以下"} {
		if rest, ok := strings.CutSuffix(v, q); ok {
			v, qualifier = rest, q
			break
		}
	}
	if rest, ok := strings.CutPrefix(v, "前"); ok {
		v, qualifier = rest, "前"
	}
	m := numberRe.FindString(v)
	number, _ = strconv.ParseFloat(m, 64)
	// The unit is normalised to half width so that 1.7：1 and 1.7:1, 70％
	// and 70% compare equal; Value keeps what the text wrote.
	unit = strings.NewReplacer("：", ":", "％", "%").Replace(v[len(m):])
	return number, unit, qualifier
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
