package plan

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// partOf names a part the way its whole is named: 其中高速铁路 of
// 铁路营业里程 is 高速铁路营业里程, and 其中…完成投资 of 累计完成数字新基建
// 投资 is 完成数字新基建投资, the words of the whole it picks out. Where the
// two share no word, the part stands as written.
func partOf(part, whole string) string {
	pr, wr := []rune(part), []rune(whole)
	for n := min(len(pr), len(wr)) - 1; n >= 2; n-- {
		if string(pr[len(pr)-n:]) == string(wr[:n]) {
			return part + string(wr[n:])
		}
	}
	w := []rune(strings.TrimPrefix(whole, "累计"))
	if len(pr) >= 2 && len(w) > len(pr) && pr[0] == w[0] && pr[len(pr)-1] == w[len(w)-1] && isSubsequence(pr, w) {
		return string(w)
	}
	return part
}

func isSubsequence(short, long []rune) bool {
	i := 0
	for _, r := range long {
		if i < len(short) && short[i] == r {
			i++
		}
	}
	return i == len(short)
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
// "城镇市政消火栓建有率、完好率" are 城镇市政消火栓建有率 and 城镇市政消火栓完好率;
// "城镇供水管网…、污水管网" 城镇污水管网. A modifier the items share is two
// characters at least, so where the first's noun after its verb is not that
// much longer than the later item, the later item stands for all of it and
// takes only the verb: "培育独角兽企业…、瞪羚企业" → 培育瞪羚企业.
func (g *grammar) sharedHead(first, later string, maxLen, shared int) string {
	fr, lr := []rune(first), []rune(later)
	if len(lr) > maxLen || len(lr) < shared || len(fr) <= len(lr) || string(fr[len(fr)-shared:]) != string(lr[len(lr)-shared:]) {
		return later
	}
	if v := g.leadingVerb(first); v != "" {
		if rest := []rune(first[len(v):]); len(rest)-len(lr) < 2 {
			return v + later
		}
	}
	return string(fr[:len(fr)-len(lr)]) + later
}

// leadingVerb is the action verb a metric opens with, 累计 included, or "".
func (g *grammar) leadingVerb(s string) string {
	if rest, ok := strings.CutPrefix(s, "累计"); ok {
		if v := g.leadingVerb(rest); v != "" {
			return "累计" + v
		}
	}
	best := ""
	for _, v := range g.actionVerbs {
		if strings.HasPrefix(s, v) && len(v) > len(best) {
			best = v
		}
	}
	return best
}

// sharedMeasure gives each item of a metric list the measure that only its
// last item names: a list names its measure once, after its last item
// (计算产业、新型显示、音视频营业收入).
func (g *grammar) sharedMeasure(parts []string) []string {
	last := parts[len(parts)-1]
	measure := ""
	for _, m := range g.measures {
		if strings.HasSuffix(last, m) && len(m) > len(measure) && len(m) < len(last) {
			measure = m
		}
	}
	if measure == "" {
		return parts
	}
	for _, p := range parts[:len(parts)-1] {
		for _, m := range g.measures {
			if strings.HasSuffix(p, m) || strings.HasSuffix(p, string([]rune(m)[len([]rune(m))-1:])) {
				return parts
			}
		}
	}
	out := make([]string, len(parts))
	for i, p := range parts[:len(parts)-1] {
		out[i] = p + measure
	}
	out[len(parts)-1] = last
	return out
}

// swapVerb names what a bare verb counts from the metric before it:
// after 公园绿地新增面积, 改造 is 公园绿地改造面积; after 开工棚户区改造, 建成
// is 建成棚户区改造.
func (g *grammar) swapVerb(last, verb string) string {
	if verb == "" {
		return last
	}
	if strings.HasPrefix(last, verb) {
		return last
	}
	if v := g.leadingVerb(last); v != "" {
		return verb + strings.TrimPrefix(last, v)
	}
	best, at := "", -1
	for _, v := range g.actionVerbs {
		if i := strings.Index(last, v); i > 0 && len(v) > len(best) {
			best, at = v, i
		}
	}
	if at > 0 {
		return last[:at] + verb + last[at+len(best):]
	}
	return verb + last
}

// listedOn names a count of listed firms the way staff do: 在资本上市和挂牌
// 企业 is 资本市场上市和挂牌企业. The preposition 在 is no part of a name,
// and a place of listing is a market unless the text names an exchange.
func (g *grammar) listedOn(metric string) string {
	rest, ok := strings.CutPrefix(metric, "在")
	if !ok {
		return metric
	}
	i := strings.Index(rest, "上市")
	if i <= 0 {
		return metric
	}
	where := rest[:i]
	for _, s := range g.markets {
		if strings.HasSuffix(where, s) {
			return rest
		}
	}
	return where + "市场" + rest[i:]
}

func (g *grammar) endsWithCopula(s string) bool {
	return hasSuffixAny(s, g.copulas)
}

func (g *grammar) isCopula(s string) bool {
	return slices.Contains(g.copulas, s)
}

func (g *grammar) isVerb(s string) bool {
	return slices.Contains(g.actionVerbs, s)
}

// stripVerbs removes the verb that opens a phrase: 不断提升城市公共交通… →
// 城市公共交通….
func (g *grammar) stripVerbs(s string) string {
	for _, v := range g.openingVerbs {
		if rest, ok := strings.CutPrefix(s, v); ok && rest != "" {
			return rest
		}
	}
	return s
}

// cutPrefixes removes any of the words that open s, repeatedly.
func cutPrefixes(s string, words []string) string {
	for changed := true; changed; {
		changed = false
		for _, w := range words {
			if rest, ok := strings.CutPrefix(s, w); ok {
				s, changed = rest, true
			}
		}
	}
	return s
}

// tailMetric names what a value-first count counts, from the lead's verb
// and the noun after the value:
//
//	建成5个千亿级开发区                  → 建成千亿级开发区
//	加快100个省级服务业集聚区提质发展     → 省级服务业集聚区提质发展
//	推进…3个国家级示范物流园区建设        → 国家级示范物流园区
//	盘州、威宁…榕江10个县城打造成为…支点城市 → 重要区域性支点城市, the places a remark
//	床位80张左右的区域养老服务中心        → 区域养老服务中心床位
//	39.29万人实施避险搬迁                → 避险搬迁
//	乌江沙沱、思林水电站1000吨级通航设施   → 乌江沙沱、思林水电站通航设施
//	实现都市圈全域1小时通勤全覆盖         → 都市圈全域通勤
func (l *list) tailMetric(g *grammar, tail, value string) (metric, remark string) {
	tail = balanceQuotes(tail)
	verb := balanceQuotes(l.verb)
	remark = l.remark
	_, unit, _ := g.splitValue(value)
	undertaken := prefixOf(tail, g.undertakeVerbs)
	switch {
	case hasPrefixAny(tail, g.purposes):
		// 每年安排不少于10亿元支持…: the value is an amount, for the
		// purpose the remark gives, of what the segment before names.
		return g.stripVerbs(l.bare) + verb, tail
	case strings.HasPrefix(tail, "的"):
		return g.cleanTail(strings.TrimPrefix(tail, "的")) + g.attribute(verb), remark
	case undertaken != "":
		return g.fullerName(l.sentence, g.cleanTail(tail[len(undertaken):])), remark
	}
	if i := strings.Index(tail, "成为"); i > 0 {
		return g.cleanTail(tail[i+len("成为"):]), g.enumeration(verb)
	}
	tail = g.cleanTail(tail)
	switch {
	case strings.HasSuffix(unit, "吨级") || unit == "千伏":
		// A specification: the facility it is for, and what.
		return cutPrefixes(verb, g.promoteVerbs) + tail, remark
	case g.isTimeUnit(unit):
		return cutPrefixes(cutPrefixes(verb, g.promoteVerbs), g.goalVerbs) + tail, remark
	case l.plainNoun:
		return tail, remark
	case (strings.Contains(verb, "、") && !g.isVerbList(verb)) || strings.HasSuffix(verb, "等"):
		return tail, g.enumeration(verb)
	}
	return cutPrefixes(verb, g.promoteVerbs) + tail, remark
}

// prefixOf is the first of the words that s starts with, or "".
func prefixOf(s string, words []string) string {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return w
		}
	}
	return ""
}

// balanceQuotes drops the quotation marks a span cut out of a sentence
// leaves without their partners: ”通勤圈 → 通勤圈, “千万件”农特… stays.
func balanceQuotes(s string) string {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "”"), "“")
	open, closing := strings.Count(s, "“"), strings.Count(s, "”")
	switch {
	case open > closing:
		s = strings.TrimPrefix(s, "“")
	case closing > open:
		s = strings.TrimSuffix(s, "”")
	}
	return s
}

// isVerbList reports whether a lead lists verbs, not names: 新建、改扩建.
func (g *grammar) isVerbList(s string) bool {
	for _, item := range strings.Split(s, "、") {
		if !g.isVerb(item) {
			return false
		}
	}
	return true
}

// fullerName is a name as fully as its sentence gives it elsewhere:
// 避险搬迁 is 地质灾害避险搬迁 in 实施地质灾害避险搬迁工程,…39.29万人实施
// 避险搬迁. The fuller name's extra words are those right before the name
// back to a verb or a stop.
func (g *grammar) fullerName(sentence, name string) string {
	i := strings.Index(sentence, name)
	if i <= 0 {
		return name
	}
	before := sentence[:i]
	start := len(before)
	for start > 0 {
		r, w := utf8.DecodeLastRuneInString(before[:start])
		if isPunct(r) || !unicode.Is(unicode.Han, r) || hasSuffixAny(before[:start], g.allVerbs) ||
			hasSuffixAny(before[:start], g.undertakeVerbs) || strings.HasSuffix(before[:start], "的") {
			break
		}
		start -= w
	}
	extra := before[start:]
	if n := utf8.RuneCountInString(extra); n < 2 || n > 6 {
		return name
	}
	return extra + name
}

// cleanTail drops what follows a counted noun without naming it: the
// 建设 of 国家级示范物流园区建设, the 全覆盖 of 通勤全覆盖.
func (g *grammar) cleanTail(tail string) string {
	for _, s := range g.fillers {
		if rest, ok := strings.CutSuffix(tail, s); ok && rest != "" {
			return rest
		}
	}
	return tail
}

// enumeration is the list of names a count sums up, for its remark:
// 盘州、威宁…榕江 of 将处于…的盘州、威宁…榕江10个县城.
func (g *grammar) enumeration(lead string) string {
	if i := strings.LastIndex(lead, "的"); i >= 0 {
		lead = lead[i+len("的"):]
	}
	lead = cutPrefixes(lead, g.enumerationOpeners)
	return strings.TrimSuffix(lead, "等")
}

// attribute is what a value measures in "<verb><attribute><value>的<noun>":
// 床位 in 改扩建为床位80张左右的区域养老服务中心, 规模 in 设立规模200亿元的….
func (g *grammar) attribute(lead string) string {
	at := -1
	for _, v := range g.attributeVerbs {
		if i := strings.LastIndex(lead, v); i >= 0 && i+len(v) > at {
			at = i + len(v)
		}
	}
	if at >= 0 {
		return lead[at:]
	}
	return lead
}
