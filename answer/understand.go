package answer

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/planbot/planbot/data/plan"
)

// question is what planbot understood of a question.
type question struct {
	raw      string
	text     string   // normalized: folded, simplified, years written in digits
	expanded string   // text with the plan's words for its synonyms appended
	years    []int    // years asked about, in order
	period   string   // a period asked about: 十四五
	places   []string // places of the plan named (core names: 遵义, 全省)
	outside  []string // places named that the plan never mentions: 北京, 杭州市
	depts    []string // departments named
	ref      string   // a clause asked for by number: "15", "G1"
	content  []string // the words that say what is asked about
	extra    []string // the plan's words for the question's synonyms
	intent   Intent   // what the wording asks for; IntentTarget when it only asks a value
	wantsAll bool     // 各市州, 各城市: a list across clauses
}

var (
	dutyRe      = regexp.MustCompile(`(?:谁|哪个|哪些|什么)(?:单位|部门)?.{0,2}(?:负责|牵头|主抓|抓|管)|负责.{1,12}的(?:单位|部门)|(?:单位|部门)是(?:谁|哪)`)
	bareNumRe   = regexp.MustCompile(`^\s*(\d{1,3})\s*$`)
	clauseNumRe = regexp.MustCompile(`第\s*(\d{1,3})\s*条|(?:^|[^\d.])(\d{1,3})\s*条(?:$|[^件例])|条款\s*(\d{1,3})|第([一二三四五六七八九十百]{1,4})条|(?i)\b([grs]\d{1,2})\b`)
	// A year is 2010–2049 standing alone (2025, 2025年), not a part of a
	// figure (2000公里, 2010万亩, 12025).
	year4Re = regexp.MustCompile(`(?:^|[^\d.])(20[1-4]\d)(?:$|[^\d.万亿%])`)
	// A short year is two digits before 年: 25年.
	year2Re  = regexp.MustCompile(`(?:^|[^\d.])(\d\d)\s*年`)
	cnYearRe = regexp.MustCompile(`[二][〇零○O0][一二三四五六七八九〇零○][〇零○一二三四五六七八九]`)
)

// The wording of each kind of question. Each is matched on the normalized
// question; the first that fits decides.
var (
	dutyWords    = []string{"谁负责", "谁牵头", "牵头单位", "责任单位", "哪个部门", "哪些部门", "什么部门", "哪个单位", "哪些单位", "谁管", "归谁", "由谁", "负责单位", "主管部门", "谁来"}
	deptWords    = []string{"牵头哪些", "牵头的", "参与哪些", "哪些工作", "工作有哪些", "管哪些事", "负责哪些", "负责啥", "负责什么", "有什么任务", "有哪些任务", "什么任务", "哪些任务", "任务", "涉及哪", "哪几条", "哪些条", "职责", "负责的", "管哪些", "管什么", "干什么", "做什么"}
	compareWords = []string{"对比", "比较", "相比", "和", "与", "跟", "比", "差距", "变化", "到", "哪个多", "哪个高"}
	// changeWords ask for the difference between two figures.
	changeWords = []string{"增加多少", "增加了多少", "多多少", "多了多少", "少多少", "差多少", "相差多少", "提高多少", "提高了多少", "增长了多少"}
	listWords   = []string{"各市州", "各市", "各城市", "各地", "各项", "各类", "各自", "哪些", "哪几个", "哪几", "有哪", "分别", "列出", "列表", "所有", "全部", "四类", "几类", "各"}
	clauseWords = []string{"哪条", "哪一条", "那条", "这条", "说了啥", "说了什么", "讲什么", "讲了什么", "讲的什么", "内容", "原文", "全文", "怎么说"}
	valueWords  = []string{"多少", "几", "目标", "要到", "达到", "比例", "占比", "率", "数量", "人数", "规模", "总量", "里程", "人口", "指标", "十四五"}
	// stopWords say how something is asked, not what about.
	stopWords = map[string]bool{
		"多少": true, "几": true, "几个": true, "几条": true, "几所": true, "目标": true, "要到": true, "达到": true, "到": true,
		"什么": true, "啥": true, "哪些": true, "哪个": true, "哪几个": true, "哪几": true, "是": true, "要": true, "的": true,
		"了": true, "吗": true, "呢": true, "啊": true, "吧": true, "呀": true, "请问": true, "想问": true, "问下": true, "想问下": true,
		"一下": true, "你好": true, "您好": true, "谢谢": true, "麻烦": true, "查": true, "查询": true, "告诉": true, "我": true,
		"知道": true, "想": true, "hi": true, "hello": true, "thanks": true, "thank": true, "you": true, "please": true, "pls": true,
		"ok": true, "对比": true, "比较": true, "相比": true, "和": true, "与": true, "跟": true, "比": true, "增加": true,
		"年": true, "有": true, "负责": true, "谁": true, "牵头": true, "责任": true, "单位": true, "部门": true, "哪": true,
		"条": true, "那条": true, "哪条": true, "说": true, "讲": true, "内容": true, "任务": true, "各": true, "各项": true,
		"分别": true, "建": true, "计划": true, "规划": true, "方案": true, "贵州": true, "贵州省": true, "要求": true, "情况": true,
		"怎么": true, "如何": true, "现在": true, "说了啥": true, "讲什么": true, "涉及": true, "管": true, "全省": true,
		"数量": true, "总数": true, "数目": true, "个数": true, "指标": true, "目标值": true, "多多少": true,
		"之": true, "与其": true, "主要": true, "具体": true, "个": true, "多": true, "少": true, "人": true, "能": true, "会": true,
	}
)

// understand reads a question.
func (e *Engine) understand(raw string) question {
	q := question{raw: raw}
	t := e.ix.Normalize(raw)
	t = cnYearRe.ReplaceAllStringFunc(t, cnYear)
	// Years stand apart from the words around them, written out in full:
	// "5G基站25年建多少" asks about 5G基站 in 2025.
	t = spaceYears(t)
	q.text = t
	for _, m := range year4Re.FindAllStringSubmatch(t, -1) {
		n, _ := strconv.Atoi(m[1])
		q.years = appendNew(q.years, n)
	}
	if m := bareNumRe.FindStringSubmatch(t); m != nil && q.ref == "" {
		q.ref = m[1] // a number alone names a clause
	}
	if strings.Contains(t, "十四五") {
		q.period = "十四五"
	}
	if m := clauseNumRe.FindStringSubmatch(t); m != nil {
		for _, g := range m[1:] {
			if g == "" {
				continue
			}
			if n, err := chineseNumeral(g); err == nil {
				g = strconv.Itoa(n)
			}
			q.ref = strings.ToUpper(g)
			break
		}
	}

	syn := e.synonyms()
	q.expanded = t + " " + strings.Join(syn.Expand(t), " ")
	q.depts = e.findDepartments(q.expanded)
	q.places, t = e.findPlaces(t)
	q.text = t
	for _, p := range e.ix.PlaceNames(t) {
		core := strings.TrimRight(p, "省市县区州")
		if !e.mentions(p) && !e.mentions(core) && !containsAny(p, q.places) {
			q.outside = append(q.outside, p)
		}
	}
	if len(q.places) == 0 {
		q.places = e.exactPlaces(q.expanded)
	}

	switch {
	case containsAny(t, dutyWords) || dutyRe.MatchString(t):
		q.intent = IntentDuty
	case len(q.depts) > 0 && (containsAny(t, deptWords) || e.onlyNames(t, q.depts)):
		q.intent = IntentDept
	case q.ref != "":
		q.intent = IntentClause
	case isCompare(t, q):
		q.intent = IntentCompare
	case containsAny(t, listWords):
		q.intent = IntentList
	case containsAny(t, clauseWords):
		q.intent = IntentClause
	case containsAny(t, valueWords) || len(q.years) > 0:
		q.intent = IntentTarget
	default:
		q.intent = IntentTopic
	}
	q.wantsAll = containsAny(t, []string{"各市州", "各市", "各城市", "各地", "每个城市", "哪些城市", "各中心城市"})
	if q.wantsAll {
		// "各市州中心城市" asks about every city, not about the group
		// that the plan calls 市州中心城市.
		var named []string
		for _, p := range q.places {
			if !strings.Contains(p, "市州") && !strings.HasPrefix(p, "各") {
				named = append(named, p)
			}
		}
		q.places = named
	}

	q.content = contentWords(e.ix.Terms(t), e.mentions)
	if q.wantsAll {
		// The words that name the set (各市州中心城市) say which places,
		// not what is measured.
		var kept []string
		for _, w := range q.content {
			if !strings.Contains(w, "市州") && w != "中心城市" && w != "城市" {
				kept = append(kept, w)
			}
		}
		q.content = kept
	}
	seen := map[string]bool{}
	for _, w := range q.content {
		seen[w] = true
	}
	for _, w := range contentWords(e.ix.Terms(strings.Join(syn.Expand(t), " ")), e.mentions) {
		if !seen[w] {
			seen[w] = true
			q.extra = append(q.extra, w)
		}
	}
	return q
}

// contentWords keeps the terms that say what is asked about: no question
// words, years or numbers; runs of single characters jieba did not know
// (三/师/入/乡) joined back into one word where the plan uses that word
// (inPlan), dropped where it does not (谁来抓 leaves 来抓); and no term that
// only repeats part of a longer one (城镇 beside 城镇化率).
func contentWords(terms []string, inPlan func(string) bool) []string {
	var words []string
	run := ""
	flush := func() {
		if utf8.RuneCountInString(run) >= 2 && inPlan(run) {
			words = append(words, run)
		}
		run = ""
	}
	for _, w := range terms {
		if stopWords[w] || isDigits(w) || yearTerm(w) {
			flush()
			continue
		}
		if utf8.RuneCountInString(w) == 1 {
			if isHan([]rune(w)) {
				run += w
			}
			continue
		}
		flush()
		words = append(words, w)
	}
	flush()
	var out []string
	for _, w := range words {
		inner := false
		for _, o := range words {
			if o != w && strings.Contains(o, w) {
				inner = true
				break
			}
		}
		if !inner {
			out = appendNew(out, w)
		}
	}
	return out
}

// appendNew appends v unless s holds it already.
func appendNew[T comparable](s []T, v T) []T {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

// spaceYears writes short years out (25年 → 2025年) and sets every year
// apart from the words around it, so that 5G基站25年建多少 reads as 5G基站,
// 2025年, 建多少.
func spaceYears(t string) string {
	var b strings.Builder
	last := 0
	for _, m := range year2Re.FindAllStringSubmatchIndex(t, -1) {
		n, _ := strconv.Atoi(t[m[2]:m[3]])
		if n < 15 || n > 49 {
			continue
		}
		b.WriteString(t[last:m[2]])
		b.WriteString(" 20" + t[m[2]:m[3]] + "年 ")
		last = m[1]
	}
	b.WriteString(t[last:])
	t = b.String()
	b.Reset()
	last = 0
	for _, m := range year4Re.FindAllStringSubmatchIndex(t, -1) {
		b.WriteString(t[last:m[2]] + " " + t[m[2]:m[3]] + " ")
		last = m[3]
	}
	b.WriteString(t[last:])
	return strings.Join(strings.Fields(b.String()), " ")
}

// isCompare reports whether a question sets two places or two years side by
// side: 遵义和六盘水…对比, 2023到2025增加多少.
func isCompare(t string, q question) bool {
	if containsAny(t, changeWords) {
		return true
	}
	return containsAny(t, compareWords) && (len(q.places) >= 2 || len(q.years) >= 2)
}

// onlyNames reports whether the question is little more than the names: a
// department typed on its own asks what it owns.
func (e *Engine) onlyNames(t string, names []string) bool {
	rest := t
	for _, n := range names {
		for _, a := range e.deptAliases[n] {
			rest = strings.ReplaceAll(rest, a, "")
		}
		for _, phrase := range e.synonyms().PhrasesFor(n) {
			rest = strings.ReplaceAll(rest, phrase, "")
		}
	}
	return utf8.RuneCountInString(strings.TrimSpace(rest)) <= 2
}

// cnYear turns a year written in Chinese numerals into digits: 二〇二五 → 2025.
func cnYear(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '〇', '零', '○', 'O', '0':
			b.WriteByte('0')
		default:
			if d, ok := plan.NumeralDigit(r); ok {
				b.WriteByte(byte('0' + d))
			}
		}
	}
	return b.String()
}

// chineseNumeral reads 十五, 六十九 or 一百 as a number; digits pass through.
func chineseNumeral(s string) (int, error) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, nil
	}
	return plan.ChineseNumber(s)
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func yearTerm(s string) bool {
	return strings.HasSuffix(s, "年") && isDigits(strings.TrimSuffix(s, "年"))
}
