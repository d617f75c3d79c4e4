package answer

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/planbot/planbot/index"
)

// Stage 2: read the slots. The folded question is read against the
// gazetteer the plan gave: chatter first (it is dropped), then clause
// numbers and years, departments, places, the synonyms' phrases and the
// plan's named sets, the cue words; what is left are the words that say
// what the question is about, each weighed by how rare it is in the plan
// and with the forms the plan may write it in.

// question is what planbot read of a question.
type question struct {
	f       foldedText
	voc     *vocab       // the synonyms in use when it was read
	text    string       // the folded question
	taken   []bool       // per byte of text: read as chatter, a slot or a cue
	slotAt  []int        // where each year, ref, department, set and heading found starts
	words   []index.Word // jieba's words of the folded question, cut once
	cued    []ask        // per byte of text: the kind (+1) of the cue it stands within, gaps too; 0 for none
	years   []int        // years asked about, in order
	period  string       // a period asked about: 十四五
	places  []placeHit
	outside []string // places named that the plan never mentions: 北京
	except  []*place // places left out: 除了贵阳
	depts   []int    // departments named, indices into gazetteer.depts
	refs    []string // clauses asked for by number: "15", "G1"
	chapter int      // a chapter asked for by number: 第九部分 is 9
	sets    []int    // named sets named, indices into gazetteer.sets
	heads   []int    // chapters and sections named by their titles, indices into gazetteer.headings
	cues    []askCueHit
	terms   []term    // the words that say what is asked about
	chatter bool      // the question held chatter (greetings, thanks)
	unit    string    // the unit a figure is asked in: 元 in 多少元, 个 in 几个
	conj    []int     // where 和, 与, 、 join two of the question's words
	items   [][]int   // the things joined there, each its words (conjuncts)
	asks    askScores // stage 3
}

// placeHit is a place a question names, and how surely: 1 as the plan
// writes it, less with one character wrong (遵意).
type placeHit struct {
	place      *place
	start, end int
	sure       float64
}

type askCueHit struct {
	ask        ask
	weight     float64
	start, end int
}

// term is a word that says what a question is about.
type term struct {
	text   string
	start  int     // where it stands in the question
	weight float64 // how much it says: rare in the plan weighs more
	forms  []form  // the ways the plan may write it, the word itself first
	place  bool    // a generic place (县城): content, and read as a place too
	tag    string  // jieba's part of speech
	set    bool    // a name the plan sets in quotation marks: what the question is about
	// nominal: jieba tags the word a noun (or cannot tell); the plan not
	// using a noun is a sign the question is about something else (房价),
	// while a verb or adverb it does not use is only the asker's (一起, 过来).
	nominal bool
}

// known reports whether the plan uses the word in some form.
func (t term) known() bool {
	for _, f := range t.forms {
		if len(f.units) > 0 {
			return true
		}
	}
	return false
}

// form is one way the plan may write a question's word, and how much
// finding it counts: 1 for the word itself, less for a synonym, an
// abbreviation's expansion or a part of an unknown word.
type form struct {
	text   string
	credit float64
	units  []int32
	part   bool // a part of an unknown word: parts found together add up
}

// How much a form found counts, beside the word itself.
const (
	creditSynonym = 0.9  // a synonym's plan words: gdp → 地区生产总值
	creditAbbrev  = 0.85 // an abbreviation's expansion: 棚改 → 棚户区改造
	creditPart    = 0.8  // all the parts of a word the plan does not use, found together
	rareAbbrev    = 2    // a short word the plan writes at most this often may stand for its expansion too
)

// Term weights beside idf.
const (
	unknownWeight    = 3.0  // a word the plan never uses: as rare as can be, but maybe only chat
	singleCharFactor = 0.15 // one character says little: 建, 改, and a stray 边 or 核 less
	unknownChar      = 1.0  // a character the plan never uses
	unknownOther     = 1.0  // a verb, adverb or particle the plan never uses: 一起, 过来
	unknownLatin     = 0.5  // a Latin word the plan never uses: the asker's English (data trading), a gloss of what the Chinese names
	genericFactor    = 0.5  // 县城, 全省: a kind of place more than a topic
	titleWordFactor  = 0.3  // the plan's own title words: 新型城镇化, 实施方案
	numberFactor     = 0.5  // a figure typed in the question: 1000亿元
	setFactor        = 2.0  // a name the plan sets in quotation marks (“枫桥经验”) says what the question is about
	maxIdf           = 6.0  // idf of a word in one sentence of the plan
	idfSmoothing     = 0.5
)

var (
	clauseRefRe = regexp.MustCompile(`第(\d{1,3})条|(?:^|[^\d.])(\d{1,3})条(?:$|[^件例款])|条款(\d{1,3})|(?:^|[^a-z0-9])([grs]\d{1,2})(?:$|[^a-z0-9号线])`)
	bareRefRe   = regexp.MustCompile(`^(\d{1,3}|[grs]\d{1,2})$`)
	chapterRe   = regexp.MustCompile(`第(\d{1,2})(?:章|部分)`)
	// A year is 2010–2049 standing alone (2025, 2025年), not part of a
	// figure (2000公里, 2010万亩, 12025).
	yearRe   = regexp.MustCompile(`(?:^|[^\d.])(20[1-4]\d)(年)?`)
	periodRe = regexp.MustCompile(`十[一二三四五六七八九]五`)
	// titlePeriodRe is a span of years in brackets, as a plan's title has.
	titlePeriodRe = regexp.MustCompile(`\(\s*20\d\d\s*[—–\-~至到]+\s*20\d\d\s*年?\s*\)`)
)

// read reads a folded question's slots and content words.
func (e *Engine) read(f foldedText) *question {
	q := &question{f: f, voc: e.vocabulary(), text: f.text, taken: make([]bool, len(f.text)), cued: make([]ask, len(f.text))}
	q.words = e.ix.Tag(q.text)
	e.readChatter(q)
	e.readRefs(q)
	e.readYears(q)
	e.readDepts(q)
	e.readSets(q)
	e.readPlaces(q)
	e.readHeadings(q)
	e.readCues(q)
	e.readTerms(q)
	q.items = e.conjuncts(q)
	q.asks = e.weigh(q)
	return q
}

// free reports whether no earlier stage has read text[start:end].
func (q *question) free(start, end int) bool {
	for i := start; i < end; i++ {
		if q.taken[i] {
			return false
		}
	}
	return true
}

func (q *question) take(start, end int) {
	for i := start; i < end; i++ {
		q.taken[i] = true
	}
}

// readChatter drops greetings, thanks and politeness, and in a long
// message the parts that ask nothing: 刚调过来不久.
func (e *Engine) readChatter(q *question) {
	for _, k := range present(e.cues.chatterFirst, q.text) {
		c := e.cues.chatter[k]
		for _, m := range c.find(q.text, q.free) {
			// Chatter is dropped whole, gaps too (我是…的), unless the
			// gap names a body of the plan: 我是发改委新来的.
			q.take(m.start, m.end)
			if len(m.words) > 1 {
				gapStart, gapEnd := m.words[0][1], m.words[len(m.words)-1][0]
				for _, sp := range e.deptSpans(q.text[gapStart:gapEnd]) {
					for i := gapStart + sp[0]; i < gapStart+sp[1]; i++ {
						q.taken[i] = false
					}
				}
			}
			q.chatter = true
		}
	}
}

// deptSpans are where text names departments, longest forms first. In
// 我是发改委新来的 the body may be what is asked about (咱们委…哪些条款),
// while a place there (我是铜仁市发改委的) is only where the asker works.
func (e *Engine) deptSpans(text string) [][2]int {
	var out [][2]int
	for _, df := range e.gaz.deptForms {
		if i := strings.Index(text, df.form); i >= 0 {
			overlaps := false
			for _, sp := range out {
				if i < sp[1] && i+len(df.form) > sp[0] {
					overlaps = true
				}
			}
			if !overlaps {
				out = append(out, [2]int{i, i + len(df.form)})
			}
		}
	}
	return out
}

// readRefs finds clauses asked for by number (第15条, 15条, 条款15, G3,
// or a number alone) and chapters (第九部分).
func (e *Engine) readRefs(q *question) {
	if m := bareRefRe.FindStringSubmatchIndex(q.text); m != nil {
		q.refs = append(q.refs, strings.ToUpper(q.text[m[2]:m[3]]))
		q.take(0, len(q.text))
		return
	}
	var refs [][]int
	if strings.ContainsAny(q.text, "条grs") { // what clauseRefRe needs to match
		refs = clauseRefRe.FindAllStringSubmatchIndex(q.text, -1)
	}
	for _, m := range refs {
		for g := 1; g < len(m)/2; g++ {
			if m[2*g] < 0 {
				continue
			}
			ref := strings.ToUpper(q.text[m[2*g]:m[2*g+1]])
			if n, err := strconv.Atoi(ref); err == nil {
				ref = strconv.Itoa(n)
			}
			q.refs = appendNew(q.refs, ref)
			q.slotAt = append(q.slotAt, m[2*g])
			start, end := m[0], m[1]
			// The match may hold a character before or after the ref.
			for start < m[2*g] && !strings.ContainsAny(q.text[start:start+1], "第条") && q.text[start] < utf8.RuneSelf {
				start++
			}
			q.take(start, end)
			break
		}
	}
	if !strings.Contains(q.text, "第") {
		return
	}
	if m := chapterRe.FindStringSubmatchIndex(q.text); m != nil {
		q.chapter, _ = strconv.Atoi(q.text[m[2]:m[3]])
		q.take(m[0], m[1])
	}
}

// readYears finds the years asked about (2025, 2023年, 25年 folded to
// 2025年) and a period (十四五).
func (e *Engine) readYears(q *question) {
	// A span of years in brackets is a plan's name as its title writes it
	// (…实施方案(2023—2025年)), not years asked about.
	for _, m := range titlePeriodRe.FindAllStringIndex(q.text, -1) {
		q.take(m[0], m[1])
	}
	for _, m := range yearRe.FindAllStringSubmatchIndex(q.text, -1) {
		if !q.free(m[2], m[3]) || (m[4] < 0 && !yearEnds(q.text[m[3]:])) {
			continue
		}
		n, _ := strconv.Atoi(q.text[m[2]:m[3]])
		q.years = appendNew(q.years, n)
		q.slotAt = append(q.slotAt, m[2])
		end := m[3]
		if strings.HasPrefix(q.text[end:], "年") {
			end += len("年")
		}
		q.take(m[2], end)
	}
	if m := periodRe.FindStringIndex(q.text); m != nil {
		q.period = q.text[m[0]:m[1]]
		start, end := m[0], m[1]
		for _, w := range []string{"时期", "期间"} {
			if strings.HasPrefix(q.text[end:], w) {
				end += len(w)
			}
		}
		q.take(start, end)
	}
}

// yearEnds reports whether what follows four digits leaves them a year:
// not another digit or a unit (2000公里, 2010万亩), but 人口 is no unit.
func yearEnds(rest string) bool {
	r, _ := utf8.DecodeRuneInString(rest)
	switch {
	case rest == "":
		return true
	case r >= '0' && r <= '9', r == '.', r == '%':
		return false
	case strings.HasPrefix(rest, "人口"):
		return true
	case strings.ContainsRune("万亿千百个家户条所人元公米吨亩辆套项只张座次位", r):
		return false
	}
	return true
}

// readDepts finds the departments named, by any form the gazetteer
// derived, longest first.
func (e *Engine) readDepts(q *question) {
	forms, synonym := q.voc.deptForms, q.voc.synonymDept
	for _, h := range q.voc.deptIndex.find(q.text) {
		df, start, end := forms[h.i], h.start, h.end
		if !q.free(start, end) || (synonym[df.form] && e.planPhrase(q.text, start, end)) {
			continue // 电网 in 农村电网供电可靠率 is the plan's word, not a body
		}
		q.take(start, end)
		q.slotAt = append(q.slotAt, start)
		if df.own >= 0 {
			q.depts = appendNew(q.depts, df.own)
			continue
		}
		for _, d := range df.depts {
			q.depts = appendNew(q.depts, d)
		}
	}
}

// readPlaces finds the places named: the plan's own names first, longest
// first; then, where none is found, a name with one character wrong that
// the plan never writes (遵意 → 遵义, 铜人 → 铜仁); and places jieba knows
// that the plan never mentions come later, from the words (readTerms).
func (e *Engine) readPlaces(q *question) {
	places := q.voc.places
	for _, h := range q.voc.placeIndex.find(q.text) {
		pl, start, end := &places[h.i], h.start, h.end
		if !q.free(start, end) || (pl.synonym && e.planPhrase(q.text, start, end)) {
			continue
		}
		if excluded(q.text[:start]) {
			// 除了贵阳，其他…: the place is left out, not asked about.
			q.except = append(q.except, pl)
			q.take(start, end)
			continue
		}
		if slices.ContainsFunc(q.places, func(h placeHit) bool { return start < h.end && end > h.start }) {
			continue // 各市州 within 各市州中心城市, read as the longer
		}
		q.places = append(q.places, placeHit{place: pl, start: start, end: end, sure: 1})
		if !pl.generic {
			q.take(start, end)
		}
	}
	e.readMistypedPlaces(q)
	slices.SortStableFunc(q.places, func(a, b placeHit) int { return a.start - b.start })
}

// atWordEdges reports whether text[start:end] starts and ends where jieba
// starts and ends words: 都涉 in 都涉及 splits 涉及, and is no slip for 都匀.
func (q *question) atWordEdges(start, end int) bool {
	startOK, endOK := false, false
	for _, w := range q.words {
		if w.Start == start {
			startOK = true
		}
		if w.End == end {
			endOK = true
		}
	}
	return startOK && endOK
}

// fillerSlip reports whether the character that differs is a word that
// says nothing (都有, 案里): such a window is two words, not a slip.
func (e *Engine) fillerSlip(got, want []rune) bool {
	for i := range want {
		if got[i] != want[i] && e.cues.filler[string(got[i])] {
			return true
		}
	}
	return false
}

// excluded reports whether what stands before a place leaves it out.
func excluded(before string) bool {
	for _, w := range []string{"除了", "除去", "不含", "不包括", "除"} {
		if strings.HasSuffix(before, w) {
			return true
		}
	}
	return false
}

// mistypedSure is how surely a name with one wrong character is the place.
const mistypedSure = 0.8

func (e *Engine) readMistypedPlaces(q *question) {
	if len(e.gaz.typos.places) == 0 {
		return
	}
	rs := make([]rune, 0, len(q.text))
	offs := make([]int, 0, len(q.text)+1)
	for i, r := range q.text {
		rs, offs = append(rs, r), append(offs, i)
	}
	offs = append(offs, len(q.text))
	// One character wrong leaves the first or the second right: the
	// places that may stand at a position are those with its first
	// character first or its second second.
	type at struct{ place, pos int }
	var cands []at
	for pos, r := range rs {
		for _, i := range e.gaz.typos.byFirst[r] {
			cands = append(cands, at{i, pos})
		}
		if pos+1 < len(rs) {
			for _, i := range e.gaz.typos.bySecond[rs[pos+1]] {
				cands = append(cands, at{i, pos})
			}
		}
	}
	slices.SortFunc(cands, func(a, b at) int {
		if a.place != b.place {
			return a.place - b.place
		}
		return a.pos - b.pos
	})
	cands = slices.Compact(cands)
	// A typo one character from two places (贵俺: 贵阳 and 贵安) is the one
	// it sounds like: those read alike take their place first.
	for _, alike := range []bool{true, false} {
		for _, c := range cands {
			tp := e.gaz.typos.places[c.place]
			want := tp.runes
			if c.pos+len(want) > len(rs) {
				continue
			}
			got := rs[c.pos : c.pos+len(want)]
			start, end := offs[c.pos], offs[c.pos+len(want)]
			if oneWrong(got, want, e.sounds.same) && e.readAlike(got, want) == alike && !e.fillerSlip(got, want) && q.free(start, end) && q.atWordEdges(start, end) &&
				!e.gaz.planText.Contains(string(got)) && !e.ix.IsWord(string(got)) && e.gaz.abbrevs[string(got)] == nil {
				q.places = append(q.places, placeHit{place: &e.gaz.places[tp.place], start: start, end: end, sure: mistypedSure})
				q.take(start, end)
			}
		}
	}
}

// readAlike reports whether got and want, of one length, are read alike
// character by character.
func (e *Engine) readAlike(got, want []rune) bool {
	for i := range want {
		if got[i] != want[i] && !e.sounds.same(got[i], want[i]) {
			return false
		}
	}
	return true
}

// typoIndex holds the places a name with one character wrong may stand
// for (遵意 for 遵义): named places of two to four characters, by their
// first and by their second character.
type typoIndex struct {
	places   []typoPlace
	byFirst  map[rune][]int
	bySecond map[rune][]int
}

type typoPlace struct {
	place int // index into gazetteer.places
	runes []rune
}

func newTypoIndex(places []place) typoIndex {
	x := typoIndex{byFirst: map[rune][]int{}, bySecond: map[rune][]int{}}
	for i := range places {
		pl := &places[i]
		if pl.generic || pl.form != pl.core || strings.Contains(pl.core, "—") {
			continue
		}
		rs := []rune(pl.core)
		if len(rs) < 2 || len(rs) > 4 {
			continue
		}
		k := len(x.places)
		x.places = append(x.places, typoPlace{place: i, runes: rs})
		x.byFirst[rs[0]] = append(x.byFirst[rs[0]], k)
		x.bySecond[rs[1]] = append(x.bySecond[rs[1]], k)
	}
	return x
}

// oneWrong reports whether got is want with one character wrong, and for a
// two-character name the first one right or read alike (sameSound): 遵意 and
// 尊义 are 遵义, 季节 is not 毕节. The caller leaves out words of the
// dictionary (意义), abbreviations of the plan's phrases (安实), and windows
// across words (铁里 in 高铁里程 is not 凯里).
func oneWrong(got, want []rune, sameSound func(a, b rune) bool) bool {
	diff := 0
	for i := range want {
		if got[i] != want[i] {
			diff++
		}
		if !unicode.Is(unicode.Han, got[i]) {
			return false
		}
	}
	return diff == 1 && (len(want) > 2 || got[0] == want[0] || sameSound(got[0], want[0]))
}

// readSets finds the names the plan sets in quotation marks (“强省会”,
// “六大产业基地”), before places, so that 省会 in 强省会 is read as part of
// the name. A name is content, read whole.
func (e *Engine) readSets(q *question) {
	for i, s := range e.gaz.sets {
		for start, end := range occurrences(q.text, s.name) {
			if !q.free(start, end) {
				continue
			}
			q.take(start, end)
			q.slotAt = append(q.slotAt, start)
			q.sets = appendNew(q.sets, i)
			q.terms = append(q.terms, term{text: s.name, start: start, forms: []form{e.formOf(s.name, 1)}, set: true, nominal: true})
		}
	}
}

// readHeadings finds the chapters and sections a question names by their
// titles (保障措施, 工作目标, 健全协调机制), before the cue words, so that
// 目标 in 工作目标 is read as the title's and not as asking for a figure.
func (e *Engine) readHeadings(q *question) {
	text := q.text
	for i, h := range e.gaz.headings {
		if utf8.RuneCountInString(h.title) < 4 {
			continue
		}
		for start, end := range occurrences(text, h.title) {
			if q.free(start, end) {
				q.take(start, end)
				q.slotAt = append(q.slotAt, start)
				q.heads = appendNew(q.heads, i)
			}
		}
	}
}

// readCues finds the cue words that say what is asked, longest first.
func (e *Engine) readCues(q *question) {
	syns := q.voc.synIndex.find(q.text)
	for _, k := range present(e.cues.askingFirst, q.text) {
		c := e.cues.asking[k]
		// A gap (哪…个) is content, and may hold a cue of the same kind
		// (牵头或参与哪), but not one of another (几 in 哪几个).
		free := func(start, end int) bool {
			for i := start; i < end; i++ {
				if q.taken[i] || (q.cued[i] != 0 && q.cued[i] != c.ask+1) {
					return false
				}
			}
			return true
		}
		for _, m := range c.find(q.text, free) {
			if len(m.words) == 1 && utf8.RuneCountInString(q.text[m.start:m.end]) == 2 && e.planPhrase(q.text, m.start, m.end) {
				continue // 增加规模, 落户数量挂钩: the plan's own words, not a cue
			}
			if slices.ContainsFunc(syns, func(h phraseHit) bool { return h.start <= m.start && m.end <= h.end && h.end-h.start > m.end-m.start }) {
				continue // 总量 in 经济总量, a synonym's phrase: content, not a cue
			}
			if e.insidePlanWord(q, m.words) {
				continue // 比 of 和…比 in 城乡收入比: a word of the plan, not a cue
			}
			for i := m.start; i < m.end; i++ {
				q.cued[i] = c.ask + 1
			}
			q.cues = append(q.cues, askCueHit{ask: c.ask, weight: m.weight, start: m.start, end: m.end})
			for _, w := range m.words {
				q.take(w[0], w[1])
			}
		}
	}
}

// insidePlanWord reports whether a part of a cue stands inside a longer
// word jieba cuts from the question that the plan writes (城乡收入比, not
// 比): that word is content.
func (e *Engine) insidePlanWord(q *question, parts [][2]int) bool {
	for _, p := range parts {
		for _, w := range q.words {
			if w.Start <= p[0] && p[1] <= w.End && w.End-w.Start > p[1]-p[0] && utf8.RuneCountInString(w.Text) >= 3 && e.gaz.planText.Contains(w.Text) {
				return true
			}
		}
	}
	return false
}

// planPhrase reports whether text[start:end] stands in the question
// within words the plan writes: with two characters before it, two after
// it, or one on each side.
func (e *Engine) planPhrase(text string, start, end int) bool {
	before, after := text[:start], text[end:]
	back := func(n int) string {
		s := before
		for i := 0; i < n; i++ {
			_, w := utf8.DecodeLastRuneInString(s)
			if w == 0 {
				return ""
			}
			s = s[:len(s)-w]
		}
		return before[len(s):]
	}
	fwd := func(n int) string {
		s := after
		for i := 0; i < n; i++ {
			_, w := utf8.DecodeRuneInString(s)
			if w == 0 {
				return ""
			}
			s = s[w:]
		}
		return after[:len(after)-len(s)]
	}
	cue := text[start:end]
	for _, w := range []string{back(2) + cue, cue + fwd(2), back(1) + cue + fwd(1)} {
		if utf8.RuneCountInString(w) >= utf8.RuneCountInString(cue)+2 && e.gaz.planText.Contains(w) {
			return true
		}
	}
	return false
}

// kindAsked is the kind of place a question asks across: 中心城市 in
// 各市州中心城市城区人口 or 9个中心城市; "" for none.
func (q *question) kindAsked() string {
	for _, k := range []string{"中心城市", "市州", "县城"} {
		if strings.Contains(q.text, k) {
			return k
		}
	}
	return ""
}

// readTerms cuts what is left of the question into words and keeps those
// that say what it is about, with their weights and forms. The synonyms'
// phrases and the plan's named sets are read first, whole.
func (e *Engine) readTerms(q *question) {
	for _, m := range q.voc.syn.matches(q.voc.synIndex, q.text, q.free) {
		q.take(m.start, m.end)
		t := term{text: m.phrase, start: m.start, nominal: true}
		t.forms = append(t.forms, e.formOf(m.phrase, 1))
		for _, w := range m.plan {
			t.forms = append(t.forms, e.formOf(w, creditSynonym))
		}
		q.terms = append(q.terms, t)
	}
	q.conj = conjunctions(q)
	q.unit = unitAsked(q.text)
	var pieces []piece
	for _, w := range q.words {
		for _, p := range freeParts(q, w) {
			if w.Tag == "ns" && utf8.RuneCountInString(p.text) >= 2 && p.text == w.Text && !e.gaz.planText.Contains(p.text) && e.ix.IsPlaceName(p.text) {
				q.outside = appendNew(q.outside, q.f.rawSpan(w.Start, w.End))
				continue
			}
			if e.cues.filler[p.text] || !hasLetter(p.text) {
				p.text = ""
			}
			p = e.trimFiller(p)
			pieces = append(pieces, p)
		}
	}
	for _, p := range e.joinAbbrevs(e.joinNumbers(pieces)) {
		if p.text == "" || isNumber(p.text) || isCount(p.text) || countRe.FindString(p.text) == p.text {
			continue // a number alone (9个中心城市, 哪四项) says nothing the plan can match
		}
		t := e.newTerm(p.text)
		t.start = p.start
		t.nominal, t.tag = nominal(p.tag), p.tag
		q.terms = append(q.terms, t)
	}
	if len(q.terms) == 0 {
		// Nothing but a place (凯里那条责任单位): the place is the content.
		for _, h := range namedPlaces(q) {
			t := e.newTerm(h.place.core)
			t.start = h.start
			q.terms = append(q.terms, t)
		}
	}
	for _, h := range q.places {
		// A kind of place (县城) or the one place of a kind (都市圈,
		// 特大城市) is also a word of the plan's about what is asked.
		kindWord := h.place.generic || h.place.form == h.place.kind
		if kindWord && !slices.ContainsFunc(q.terms, func(t term) bool { return strings.Contains(t.text, h.place.form) }) {
			t := e.newTerm(h.place.form)
			t.place, t.start = true, h.start
			q.terms = append(q.terms, t)
		}
	}
	for i, t := range q.terms {
		for _, h := range q.places {
			if h.place.generic && t.text == h.place.form {
				q.terms[i].place = true
			}
		}
	}
	q.terms = dedupeTerms(q.terms)
	for i := range q.terms {
		e.weighTerm(&q.terms[i])
	}
	e.dropIdleSegments(q)
}

// A message of this many segments (parts between punctuation) is read for
// its question: segments that ask nothing and name nothing of the plan are
// dropped (刚调过来不久, 最近在赶一个汇报材料).
const (
	longMessage = 3
	idleCover   = 0.5 // a segment whose words the plan's best sentence covers less than this says nothing of the plan
	// specificWord is the weight of a word rare in the plan (全产业链典型县):
	// a segment that has one speaks of the plan.
	specificWord = 4.5
	// askedWord is the weight of a word that says what the asking part is
	// about.
	askedWord = 2.0
)

// dropIdleSegments drops, from a long message, the words of the segments
// that hold no cue and no slot and that no sentence of the plan covers.
func (e *Engine) dropIdleSegments(q *question) {
	var cuts []int
	for i, r := range q.text {
		if isBreak(r) {
			cuts = append(cuts, i)
		}
	}
	if len(cuts)+1 < longMessage {
		return
	}
	segment := func(at int) int {
		n := 0
		for _, c := range cuts {
			if at > c {
				n++
			}
		}
		return n
	}
	busy := map[int]bool{} // segments with a cue or a slot
	for _, c := range q.cues {
		busy[segment(c.start)] = true
	}
	for _, h := range namedPlaces(q) {
		busy[segment(h.start)] = true
	}
	for _, at := range q.slotAt {
		busy[segment(at)] = true
	}
	bySeg := map[int][]int{}
	for i, t := range q.terms {
		bySeg[segment(t.start)] = append(bySeg[segment(t.start)], i)
	}
	// Where the part that asks names what it asks about (…对非机动车停放
	// 设施有没有要求), the others are the asker's story, however rare
	// their words; where it does not (方案对这个有什么要求), what it asks
	// about is told before.
	asking := map[int]bool{}
	for _, c := range q.cues {
		asking[segment(c.start)] = true
	}
	says := false
	for _, t := range q.terms {
		if asking[segment(t.start)] && !t.place && t.known() && t.weight >= askedWord {
			says = true
		}
	}
	drop := map[int]bool{}
	for seg, idx := range bySeg {
		if busy[seg] || (!says && slices.ContainsFunc(idx, func(i int) bool { return q.terms[i].known() && q.terms[i].weight >= specificWord })) {
			continue // 我们县想申报全产业链典型县: a word only the plan would use
		}
		if e.bestCover(q.terms, idx) < idleCover {
			for _, i := range idx {
				drop[i] = true
			}
		}
	}
	var kept []term
	for i, t := range q.terms {
		if !drop[i] {
			kept = append(kept, t)
		}
	}
	q.terms = kept
}

// bestCover is how much of some words the plan's best sentence covers.
func (e *Engine) bestCover(terms []term, idx []int) float64 {
	in := map[int32]float64{}
	total := 0.0
	for _, i := range idx {
		t := terms[i]
		total += t.weight
		best := map[int32]float64{}
		for _, f := range t.forms {
			for _, u := range f.units {
				if e.gaz.store.units[u].kind == unitSentence && f.credit > best[u] {
					best[u] = f.credit
				}
			}
		}
		for u, c := range best {
			in[u] += t.weight * c
		}
	}
	if total == 0 {
		return 1
	}
	top := 0.0
	for _, v := range in {
		top = max(top, v)
	}
	return top / total
}

// trimFiller strips a filler character that jieba glued to a word the
// plan does not use: 率要 → 率; not from a word of the dictionary, whose
// characters are no filler (个人, 年终).
func (e *Engine) trimFiller(p piece) piece {
	if p.tag != "x" && e.ix.IsWord(p.text) {
		return p
	}
	for p.text != "" && !e.gaz.planText.Contains(p.text) {
		r, w := utf8.DecodeRuneInString(p.text)
		l, lw := utf8.DecodeLastRuneInString(p.text)
		switch {
		case utf8.RuneCountInString(p.text) > 1 && e.cues.filler[string(r)]:
			p.text, p.start = p.text[w:], p.start+w
		case utf8.RuneCountInString(p.text) > 1 && e.cues.filler[string(l)]:
			p.text = p.text[:len(p.text)-lw]
		default:
			return p
		}
	}
	return p
}

// piece is a run of a word that no earlier stage has read; an empty text
// stands for a word dropped, which breaks a run of neighbours.
type piece struct {
	text  string
	start int
	tag   string // jieba's part of speech for the word it is of
}

// freeParts is what of a word no earlier stage has read, in runs.
func freeParts(q *question, w index.Word) []piece {
	var out []piece
	start := -1
	for i := w.Start; i <= w.End; i++ {
		free := i < w.End && !q.taken[i]
		switch {
		case free && start < 0:
			start = i
		case !free && start >= 0:
			out = append(out, piece{q.text[start:i], start, w.Tag})
			start = -1
		}
	}
	return out
}

// conjunctionRe finds the words that join two things asked side by side.
var conjunctionRe = regexp.MustCompile(`以及|还有|和|与|跟|及|、|vs`)

// conjunctions lists where a free 和, 与, 、 … stands in the question.
func conjunctions(q *question) []int {
	var out []int
	for _, m := range conjunctionRe.FindAllStringIndex(q.text, -1) {
		if !q.free(m[0], m[1]) {
			continue
		}
		// 和 between two slots joins them, not two measures: 23年和25年,
		// 贵阳和遵义.
		_, before := utf8.DecodeLastRuneInString(q.text[:m[0]])
		_, after := utf8.DecodeRuneInString(q.text[m[1]:])
		if before > 0 && after > 0 && !q.free(m[0]-before, m[0]) && !q.free(m[1], m[1]+after) {
			continue
		}
		out = append(out, m[0])
	}
	return out
}

// unitRe finds the unit a figure is asked in: 多少元, 几个, 多少公里.
var unitRe = regexp.MustCompile(`(?:多少|几)(万亿元|亿元|万元|元|钱|万人|人|万户|户|个|家|所|条|公里|平方米|公顷|亩|套|张|岁|只|项)|(户|人|家|所|条|个)数`)

// unitAsked is the unit a question asks a figure in, or "".
func unitAsked(text string) string {
	var m []string
	for _, loc := range unitRe.FindAllStringSubmatchIndex(text, -1) {
		// 多少人 asks in 人; 多少人口 asks about 人口, in no unit said.
		next, _ := utf8.DecodeRuneInString(text[loc[1]:])
		if loc[1] == len(text) || !unicode.Is(unicode.Han, next) || strings.ContainsRune("呢吗啊呀吧了的呐哈", next) {
			m = make([]string, len(loc)/2)
			for i := range m {
				if loc[2*i] >= 0 {
					m[i] = text[loc[2*i]:loc[2*i+1]]
				}
			}
			break
		}
	}
	if m == nil {
		return ""
	}
	u := m[1] + m[2]
	if u == "钱" {
		return "元"
	}
	return strings.TrimLeft(u, "万亿")
}

// joinNumbers joins a number (or a name with one) to the word after it
// where the plan writes them together: 3 号线 → 3号线, s1 号线 → s1号线.
func (e *Engine) joinNumbers(ps []piece) []piece {
	const maxNumberName = 4
	var out []piece
	for i := 0; i < len(ps); i++ {
		// Only a number or a short name with one (3, s1, 5g): a word of the
		// lexicon that holds a digit (行政村5g通达率) is whole already, and
		// the word after it (分别) is another.
		if i+1 < len(ps) && hasDigit(ps[i].text) && utf8.RuneCountInString(ps[i].text) <= maxNumberName && ps[i+1].text != "" && e.gaz.planText.Contains(ps[i].text+ps[i+1].text) {
			out = append(out, piece{ps[i].text + ps[i+1].text, ps[i].start, ps[i+1].tag})
			i++
			continue
		}
		out = append(out, ps[i])
	}
	return out
}

// nominal reports whether a jieba tag is a noun's (or a Latin word's): such
// a word names a thing. x, a run jieba does not know (县想), is not.
func nominal(tag string) bool {
	switch tag {
	case "n", "nz", "ns", "nt", "nrt", "vn", "an", "eng", "j", "l", "i":
		return true
	}
	return false
}

// isCount reports whether s is a count in Chinese numerals: 四, 十五.
func isCount(s string) bool {
	for _, r := range s {
		if !strings.ContainsRune("一二三四五六七八九十两几", r) {
			return false
		}
	}
	return s != ""
}

func isNumber(s string) bool {
	for _, r := range s {
		if !(r >= '0' && r <= '9') && r != '.' {
			return false
		}
	}
	return s != ""
}

// joinAbbrevs joins short neighbouring words that together are an
// abbreviation the plan's phrases allow and the plan does not write: 棚 改
// (or 棚改) → 棚改, which stands for 棚户区改造.
func (e *Engine) joinAbbrevs(ps []piece) []piece {
	var out []piece
	for i := 0; i < len(ps); i++ {
		joined := false
		for n := 3; n >= 1 && !joined; n-- {
			if i+n > len(ps) {
				continue
			}
			s := ""
			ok := true
			for _, p := range ps[i : i+n] {
				ok = ok && p.text != ""
				s += p.text
			}
			if !ok || utf8.RuneCountInString(s) < 2 || utf8.RuneCountInString(s) > 4 {
				continue
			}
			if _, found := e.gaz.abbrevs[s]; found && !e.gaz.planText.Contains(s) {
				out = append(out, piece{s, ps[i].start, "n"})
				i += n - 1
				joined = true
			}
		}
		if !joined {
			out = append(out, ps[i])
		}
	}
	return out
}

// newTerm makes a content word with its forms: itself; the expansions of
// an abbreviation the plan does not write; and, for a word the plan does
// not use, its longest parts the plan does (城区人口 → 城区, 人口).
func (e *Engine) newTerm(w string) term {
	t := term{text: w, forms: []form{e.formOf(w, 1)}}
	if n := e.gaz.store.sentenceCount(t.forms[0].units); n > 0 && n <= rareAbbrev && utf8.RuneCountInString(w) <= 3 {
		// 中职: the plan writes it once, and also writes it out in full
		// (中等职业教育).
		for _, x := range e.gaz.abbrevs[w] {
			t.forms = append(t.forms, e.formOf(x, creditAbbrev))
		}
	}
	if len(t.forms[0].units) > 0 {
		// A long word may stand in the plan as a near form: 地区生产总值 and
		// 区域生产总值 share 生产总值.
		if rs := []rune(w); len(rs) >= 3 && isHanWord(w) {
			parts := twoByTwo([]string{w})
			if len(rs) == 3 {
				parts = []string{string(rs[:2]), string(rs[1:])} // 老城区: 老城, 城区
			}
			if len(parts) > 1 {
				for _, p := range parts {
					if f := e.formOf(p, creditPart/float64(len(parts))); len(f.units) > 0 {
						f.part = true
						t.forms = append(t.forms, f)
					}
				}
			}
		}
		return t
	}
	for _, x := range e.gaz.abbrevs[w] {
		t.forms = append(t.forms, e.formOf(x, creditAbbrev))
	}
	if len(t.forms) > 1 {
		return t
	}
	for _, p := range e.partsInPlan(w) {
		f := e.formOf(p, creditPart*float64(utf8.RuneCountInString(p))/float64(utf8.RuneCountInString(w)))
		f.part = true
		t.forms = append(t.forms, f)
	}
	return t
}

// partsInPlan splits a word the plan does not use into the longest pieces
// of two or more characters that it does, left to right.
func (e *Engine) partsInPlan(w string) []string {
	if isLatinWord(w) {
		return nil // trading holds ad and ng, which say nothing
	}
	rs := []rune(w)
	var out []string
	for i := 0; i < len(rs); {
		found := 0
		for j := len(rs); j >= i+2; j-- {
			if e.gaz.planText.Contains(string(rs[i:j])) {
				found = j
				break
			}
		}
		if found == 0 {
			i++
			continue
		}
		out = append(out, string(rs[i:found]))
		i = found
	}
	return out
}

func (e *Engine) formOf(s string, credit float64) form {
	return form{text: s, credit: credit, units: e.gaz.store.find(s)}
}

// weighTerm sets how much a word says: its idf over the plan's sentences
// (the rarest of its forms the plan uses), less for a single character, a
// kind of place, a word of the plan's own title or a figure.
func (e *Engine) weighTerm(t *term) {
	st := e.gaz.store
	best := -1
	for _, f := range t.forms {
		if n := st.sentenceCount(f.units); n > 0 && (best < 0 || n < best) {
			best = n
		}
	}
	switch {
	case best < 0 && isLatinWord(t.text):
		t.weight = unknownLatin
	case best < 0 && t.nominal:
		t.weight = unknownWeight
	case best < 0:
		t.weight = unknownOther
	default:
		t.weight = min(maxIdf, math.Log((float64(st.sentences)+1)/(float64(best)+idfSmoothing)))
	}
	switch {
	case utf8.RuneCountInString(t.text) == 1 && best < 0:
		t.weight = unknownChar // 扣, 填: not the plan's, and so a sign it is not about the plan
	case utf8.RuneCountInString(t.text) == 1:
		t.weight *= singleCharFactor
	case t.place:
		t.weight *= genericFactor
	case e.gaz.titleWords[t.text]:
		t.weight *= titleWordFactor
	case hasDigit(t.text) && !t.set:
		t.weight *= numberFactor
	}
	if t.set {
		t.weight *= setFactor
	}
	t.weight = max(t.weight, 0.05)
}

// dedupeTerms keeps each word once, and no word that stands inside a
// longer one of the question (城镇 within 城镇化率); the same words written
// twice apart (城镇供电可靠率和…供电可靠率) are one word, kept once.
func dedupeTerms(ts []term) []term {
	var out []term
	for i, t := range ts {
		inner := false
		for j, o := range ts {
			if i != j && o.text != t.text && strings.Contains(o.text, t.text) &&
				t.start >= o.start && t.start+len(t.text) <= o.start+len(o.text) {
				inner = true
			}
			if j < i && o.text == t.text {
				inner = true
			}
		}
		if !inner {
			out = append(out, t)
		}
	}
	return out
}

func isHanWord(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

// appendNew appends v unless s holds it already.
func appendNew[T comparable](s []T, v T) []T {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

// isLatinWord reports whether w is written in Latin letters (and digits)
// only.
func isLatinWord(w string) bool {
	for _, r := range w {
		if !isLatin(r) && r != '-' {
			return false
		}
	}
	return w != ""
}
