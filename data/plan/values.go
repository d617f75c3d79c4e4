package plan

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// yearRe finds a year phrase, numberRe the number of a value; the
// expression that finds what may be a value is built from format.txt's
// units and qualifiers (grammar.valueRe). See targets.go for the grammar
// they are part of.
var (
	// yearRe finds a year phrase: 2023和2025年, 2023年和2025年, 到2025年,
	// 2023—2025年, “十四五”时期.
	yearRe = regexp.MustCompile(`(?:到|至|在)?(\d{4})(?:年)?(和|、|—|-|－|至)(\d{4})年|(?:到|至|在)?(\d{4})年|“?十[一二三四五六七八九]五”?时期`)
	// numberRe takes the number (or the low end of a range) from a value.
	numberRe = regexp.MustCompile(`^(?:前)?(\d+(?:\.\d+)?)(?:[—–～~]\d+(?:\.\d+)?)?`)
)

// valueMatch is one value found in a part of a sentence.
type valueMatch struct {
	start, end int // byte offsets in the part
	text       string
	tail       string // the noun after a value-first target: 开发区
	// shared is the noun a value counts that a later value of its list
	// writes: 城市算力时延圈 for 1毫秒 in 长株潭1毫秒、全省3毫秒城市算力时延圈.
	shared    string
	sharedEnd int // where the shared noun ends in the part, for the quote
}

// noun is what a value-first value counts, written after it or shared.
func (v valueMatch) noun() string {
	if v.tail != "" {
		return v.tail
	}
	return v.shared
}

// isTimeUnit reports whether a value in unit may be a time-based goal
// (1小时通勤圈, 2小时内铁路通达, “300米见绿”).
func (g *grammar) isTimeUnit(unit string) bool {
	return slices.Contains(g.timeUnits, strings.TrimSuffix(unit, "内"))
}

// valueTails gives each value of a value-first list the noun it counts:
// 5个千亿级、10个五百亿级、40个百亿级开发区 count 千亿级开发区, 五百亿级开发区
// and 百亿级开发区.
func valueTails(vs []valueMatch) []string {
	out := make([]string, len(vs))
	lastTail := vs[len(vs)-1].tail
	for i, v := range vs {
		out[i] = v.noun()
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
// quotation marks, and counts that describe (30户以上自然村寨).
func (g *grammar) findValues(part string) []valueMatch {
	quoted := quotedSpans(part)
	var out []valueMatch
	for _, loc := range g.valueRe.FindAllStringIndex(part, -1) {
		start, end := loc[0], loc[1]
		text := part[start:end]
		if !isValueShaped(text) {
			continue
		}
		_, unit, _ := g.splitValue(text)
		if inSpans(quoted, start) && !(g.isTimeUnit(unit) && opensQuotedGoal(part, start)) {
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
		if next == '号' || next == '〕' || next == '级' || next == '及' || next == '-' || next == '.' ||
			(isASCIIAlnum(next) && (unicode.IsDigit(next) || unit == "" || strings.Contains("万亿千", unit))) {
			continue
		}
		if inWords(text) && !g.afterPrefixQualifier(before) && !(g.isTimeUnit(unit) && g.reachesAfter(after)) {
			continue
		}
		v := valueMatch{start: start, end: end, text: text}
		if tail := g.nounAfter(after); tail != "" && !strings.HasSuffix(text, "年一遇") {
			// A count followed by a noun is a target only where the text
			// commits to it: after a verb (建成5个…开发区), within a list of
			// such counts, and in the forms countCommits names.
			isPercent := strings.HasSuffix(g.cutQualifier(text), "%")
			if !isPercent && !g.continuesCountList(part, out, start) && !g.countCommits(before, tail, unit, inSpans(quoted, start)) {
				continue
			}
			v.tail = tail
		}
		out = append(out, v)
	}
	return g.shareReach(part, out)
}

// shareReach gives a time value the reach that the next one names, where
// only a place stands between them: 长株潭1毫秒、全省3毫秒城市算力时延圈.
func (g *grammar) shareReach(part string, vs []valueMatch) []valueMatch {
	for i := len(vs) - 2; i >= 0; i-- {
		v, next := &vs[i], vs[i+1]
		_, unit, _ := g.splitValue(v.text)
		_, nextUnit, _ := g.splitValue(next.text)
		if v.tail != "" || next.tail == "" || unit != nextUnit || !g.isTimeUnit(unit) || !g.reaches(next.tail) {
			continue
		}
		between := part[v.end:next.start]
		if strings.HasPrefix(between, "、") && utf8.RuneCountInString(between) <= 8 && strings.IndexFunc(between[len("、"):], isPunct) < 0 {
			v.shared, v.sharedEnd = next.tail, next.end+len(next.tail)
		}
	}
	return vs
}

// countCommits reports whether a value followed by a noun is a target by
// what stands around it (before is the text before the value, tail the
// noun after it):
//
//   - after a verb that does something (建成5个…) or pushes it forward
//     (加快100个…提质发展), or a bound (至少有一个…);
//   - after a list of the names it counts (盘州、威宁…榕江10个县城;
//     …等22个现代服务业集聚区);
//   - in a segment set for each year (每年为3000家以上中小企业…);
//   - a specification of what is built (1000吨级通航设施; 床位80张左右的
//     区域养老服务中心; 39.29万人实施避险搬迁);
//   - a time goal (1小时通勤圈, 2小时内铁路通达, “300米见绿”).
func (g *grammar) countCommits(before, tail, unit string, quotedGoal bool) bool {
	seg := before
	if i := strings.LastIndexAny(seg, "，,；;。：:"); i >= 0 {
		_, w := utf8.DecodeRuneInString(seg[i:])
		seg = seg[i+w:]
	}
	switch {
	case hasSuffixAny(before, g.actionVerbs) || g.afterPrefixQualifier(before):
		return true
	case hasSuffixAny(before, g.promoteVerbs):
		return true
	case strings.HasSuffix(seg, "等") || (strings.Contains(seg, "、") && !strings.HasSuffix(seg, "、")):
		return true
	case hasPrefixAny(seg, g.perYear):
		return true
	case strings.HasSuffix(unit, "吨级") || unit == "千伏":
		return true
	case strings.HasPrefix(tail, "的") || hasPrefixAny(tail, g.undertakeVerbs):
		return !strings.HasPrefix(tail, "的") || g.isAttributeLead(seg)
	case g.isTimeUnit(unit):
		return quotedGoal || g.reaches(tail)
	}
	return false
}

// isAttributeLead reports whether the words before a value end in what a
// 的-noun has (改扩建为床位, 设立规模): a verb, then a short noun.
func (g *grammar) isAttributeLead(seg string) bool {
	a := g.attribute(seg)
	return a != seg && a != "" && utf8.RuneCountInString(a) <= 4
}

func (g *grammar) reaches(tail string) bool {
	for _, w := range g.reachWords {
		if strings.Contains(tail, w) {
			return true
		}
	}
	return false
}

// reachesAfter reports whether a time written in words is followed by
// the reach of a goal (半小时”通勤圈, 一刻钟便民生活圈).
func (g *grammar) reachesAfter(after string) bool {
	return g.reaches(g.nounAfter(after))
}

// opensQuotedGoal reports whether the value at start opens a quoted goal,
// or an item of one: “300米见绿、500米见园”, “30分钟乡村医疗健康卫生圈”.
func opensQuotedGoal(part string, start int) bool {
	return strings.HasSuffix(part[:start], "“") || strings.HasSuffix(part[:start], "、")
}

// inWords reports whether a value is written in Chinese numerals.
func inWords(v string) bool {
	r, _ := utf8.DecodeRuneInString(v)
	return !unicode.IsDigit(r) && r != '前'
}

func (g *grammar) afterPrefixQualifier(before string) bool {
	return hasSuffixAny(before, g.prefixQualifiers)
}

// baseQualifier is the prefix qualifier q bounds as: the entry it starts
// with, where one does (至少有 of 至少, written before a count: 县城至少有
// 一个…), else q.
func (g *grammar) baseQualifier(q string) string {
	base := q
	for _, b := range g.prefixQualifiers {
		if len(b) < len(base) && strings.HasPrefix(q, b) {
			base = b
		}
	}
	return base
}

func hasSuffixAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

func hasPrefixAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// isValueShaped reports whether a match is a value rather than a bare number:
// it needs a unit, a qualifier, a ratio or a return period; and a four-digit
// number with 年 is a year, not a value.
func isValueShaped(s string) bool {
	if inWords(s) {
		return true
	}
	m := numberRe.FindString(s)
	if m == s {
		return false
	}
	if strings.HasPrefix(s, "前") || strings.Contains(s, ":") || strings.Contains(s, "：") {
		return true
	}
	rest := s[len(m):]
	if strings.HasPrefix(rest, "年") && !strings.HasPrefix(rest, "年一遇") {
		n, _ := strconv.ParseFloat(numberRe.FindStringSubmatch(s)[1], 64)
		return n < 100
	}
	return rest != "千"
}

// nounAfter is the noun phrase that follows a value directly, up to the next
// punctuation: "开发区" in "40个百亿级开发区，"; "" where punctuation follows.
func (g *grammar) nounAfter(after string) string {
	end := len(after)
	for i, r := range after {
		if (isPunct(r) && r != '“' && r != '”') || unicode.IsDigit(r) {
			end = i
			break
		}
	}
	tail := cutSuffixes(after[:end], g.valueJoiners)
	if hasPrefixAny(tail, g.nounBreaks) {
		return ""
	}
	if strings.Trim(tail, "“”") == "" {
		return ""
	}
	return tail
}

// continuesCountList reports whether the value at start follows a
// value-first count with only a list separator between: 5个千亿级、10个….
func (g *grammar) continuesCountList(part string, found []valueMatch, start int) bool {
	if len(found) == 0 {
		return false
	}
	prev := found[len(found)-1]
	from := prev.end + len(prev.tail)
	if prev.tail == "" || from > start {
		return false
	}
	between := strings.TrimFunc(part[from:start], isPunct)
	return between == "" || slices.Contains(g.valueJoiners, between)
}

func isASCIIAlnum(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
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

// splitValue takes a value apart: "180万左右" → 180, "万", "左右"; "3—5家"
// → 3, "家", ""; "一个" → 1, "个", ""; "2小时内" → 2, "小时", "内".
func (g *grammar) splitValue(v string) (number float64, unit, qualifier string) {
	for _, q := range g.qualifiers {
		if rest, ok := strings.CutSuffix(v, q); ok {
			v, qualifier = rest, q
			break
		}
	}
	if rest, ok := strings.CutPrefix(v, "前"); ok {
		v, qualifier = rest, "前"
	}
	if rest, ok := strings.CutSuffix(v, "内"); ok && qualifier == "" && g.isTimeUnit(strings.TrimLeft(rest, "0123456789.")) {
		v, qualifier = rest, "内"
	}
	if inWords(v) {
		return wordsValue(v)
	}
	m := numberRe.FindStringSubmatch(v)
	if m == nil {
		return 0, v, qualifier
	}
	number, _ = strconv.ParseFloat(m[1], 64)
	// The unit is normalised to half width so that 1.7：1 and 1.7:1, 70％
	// and 70% compare equal; Value keeps what the text wrote.
	unit = strings.NewReplacer("：", ":", "％", "%").Replace(v[len(m[0]):])
	return number, unit, qualifier
}

// cutQualifier is a value without the qualifier that ends it: 95% of
// 95%以上.
func (g *grammar) cutQualifier(v string) string {
	for _, q := range g.qualifiers {
		if rest, ok := strings.CutSuffix(v, q); ok {
			return rest
		}
	}
	return v
}

// cutSuffixes removes any of the words that end s, repeatedly.
func cutSuffixes(s string, words []string) string {
	for changed := true; changed; {
		changed = false
		for _, w := range words {
			if rest, ok := strings.CutSuffix(s, w); ok {
				s, changed = rest, true
			}
		}
	}
	return s
}

// wordsValue reads a value written in words: 半小时 is 0.5 小时, 一刻钟 1
// 刻钟, 两个 2 个.
func wordsValue(v string) (number float64, unit, qualifier string) {
	if rest, ok := strings.CutPrefix(v, "半"); ok {
		return 0.5, rest, ""
	}
	i := 0
	for i < len(v) {
		r, w := utf8.DecodeRuneInString(v[i:])
		if !strings.ContainsRune("一两二三四五六七八九十", r) {
			break
		}
		i += w
	}
	n, err := ChineseNumber(strings.ReplaceAll(v[:i], "两", "二"))
	if err != nil {
		return 0, v, ""
	}
	return float64(n), v[i:], ""
}
