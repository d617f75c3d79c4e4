package answer

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/planbot/planbot/data/plan"
)

// gazetteer is what questions are read against, built from the parsed plan
// at start: its places, departments, chapters and sections, named sets,
// the abbreviations its phrases allow, and its units in a store.
type gazetteer struct {
	places     []place
	depts      []dept
	deptForms  []deptForm
	headings   []heading
	sets       []namedSet
	typos      typoIndex           // the places a mistyped name may stand for
	abbrevs    map[string][]string // 棚改 → 棚户区改造
	titleWords map[string]bool     // the words of the plan's own title: 新型城镇化, 实施方案
	heads      map[string]string   // each target metric's head: 人口 for 城区常住人口
	// metrics are each target metric folded, remarks left out: a question
	// that holds nearly all of it names the measure outright.
	metrics  map[string][]rune
	store    *store
	planText searchable // the clauses' texts, folded, quotes dropped
}

// heading is a chapter or a section that a question may name by its title.
type heading struct {
	title   string // folded, quotes dropped
	label   string // 九、保障措施 or (十五)深入推进城镇“四改”
	clauses []int  // its clauses, in plan order
	chapter int    // the chapter's number; 0 for a section
}

// namedSet is a name the plan gives in quotation marks (“六大产业基地”,
// “四改”, “3个100万”): a question may ask what it means or what it holds.
type namedSet struct {
	name  string  // folded, without the marks
	units []int32 // the sentences and titles that use it
}

var quotedRe = regexp.MustCompile(`“([^“”]{2,14})”`)

// buildGazetteer reads the plan's clauses into units and names. It folds
// and reads the plan first, and cuts words last, once the index's jieba has
// loaded.
func (e *Engine) buildGazetteer(rules *nameRules) error {
	g := &gazetteer{abbrevs: map[string][]string{}, titleWords: map[string]bool{}, heads: map[string]string{}, metrics: map[string][]rune{}}
	p := e.plan
	var units []unit
	var all strings.Builder
	for ci := range p.Clauses {
		c := &p.Clauses[ci]
		info := clauseInfo{c: c, firstTarget: e.targets}
		e.targets += len(c.Targets)
		if name, _ := c.About(); name != "" {
			info.about = e.foldPlan(name)
		}
		info.title = int32(len(units))
		units = append(units, unit{kind: unitTitle, clause: int32(ci), text: matchText(e.foldPlan(c.Title + " " + sectionTitle(c)))})
		for si, s := range splitSentences(p.WithoutDuties(c.Text)) {
			info.sentences = append(info.sentences, sentence{text: s, duty: dutyOf(c, s), unit: int32(len(units))})
			units = append(units, unit{kind: unitSentence, clause: int32(ci), item: int32(si), text: matchText(e.foldPlan(s))})
		}
		for ti, t := range c.Targets {
			si := slices.IndexFunc(info.sentences, func(s sentence) bool { return strings.Contains(s.text, t.Quote) })
			info.sentenceOf = append(info.sentenceOf, si)
			info.subjects = append(info.subjects, e.foldPlan(t.Subject))
			info.generic = append(info.generic, isGenericSubject(t.Subject))
			info.targets = append(info.targets, int32(len(units)))
			units = append(units, unit{kind: unitTarget, clause: int32(ci), item: int32(ti), text: matchText(e.foldPlan(t.Subject + t.Metric))})
			info.quotes = append(info.quotes, int32(len(units)))
			units = append(units, unit{kind: unitQuote, clause: int32(ci), item: int32(ti), text: matchText(e.foldPlan(t.Quote))})
		}
		done := make([]bool, len(c.Targets))
		for ti, t := range c.Targets {
			if done[ti] {
				continue
			}
			var members []int
			for tj := ti; tj < len(c.Targets); tj++ {
				if c.Targets[tj].Subject == t.Subject && c.Targets[tj].Metric == t.Metric {
					members, done[tj] = append(members, tj), true
				}
			}
			info.groups = append(info.groups, members)
		}
		e.clauses = append(e.clauses, info)
		e.byRef[c.Ref] = ci
		all.WriteString(e.foldPlan(c.Text))
		all.WriteByte('\n')
	}
	g.store = newStore(units)
	g.planText = newSearchable(all.String())

	g.places = buildPlaces(p, e.foldPlan)
	g.typos = newTypoIndex(g.places)
	g.headings = e.buildHeadings()
	g.sets = e.buildSets(g.store)
	// What follows cuts words: jieba has been loading meanwhile.
	if err := e.ix.Wait(); err != nil {
		return fmt.Errorf("gazetteer: %w", err)
	}
	// The abbreviations read the whole plan's words, apart from the
	// departments: on a second core, a cold start is 15 ms shorter.
	abbrevs := make(chan map[string][]string, 1)
	go func() { abbrevs <- buildAbbrevs(twoByTwo(e.ix.Cut(g.planText.text)), rules.function) }()
	g.depts, g.deptForms = buildDepts(p, rules, e.foldPlan, e.ix.Cut, g.planText, g.places)
	g.abbrevs = <-abbrevs
	for _, w := range e.ix.Cut(e.foldPlan(p.Title)) {
		if utf8.RuneCountInString(w) >= 2 {
			g.titleWords[w] = true
		}
	}
	e.gaz = g
	for _, t := range p.Targets() {
		if _, ok := g.heads[t.Metric]; !ok {
			g.heads[t.Metric] = e.makeHead(t.Metric)
			g.metrics[t.Metric] = []rune(e.foldPlan(withoutRemarks(t.Metric)))
		}
	}
	return nil
}

// buildHeadings lists the chapters and sections by title.
func (e *Engine) buildHeadings() []heading {
	var out []heading
	for _, ch := range e.plan.Chapters {
		h := heading{title: e.foldPlan(ch.Title), label: ch.Numeral + "、" + ch.Title, chapter: ch.Number}
		for i, c := range e.clauses {
			if c.c.Chapter.Number == ch.Number {
				h.clauses = append(h.clauses, i)
			}
		}
		out = append(out, h)
		for _, s := range ch.Sections {
			sh := heading{title: e.foldPlan(s.Title), label: "(" + s.Numeral + ")" + s.Title}
			for i, c := range e.clauses {
				if c.c.Chapter.Number == ch.Number && c.c.Section != nil && c.c.Section.Number == s.Number {
					sh.clauses = append(sh.clauses, i)
				}
			}
			out = append(out, sh)
		}
	}
	return out
}

// buildSets finds the names the plan sets in quotation marks, and where it
// uses them.
func (e *Engine) buildSets(st *store) []namedSet {
	var out []namedSet
	seen := map[string]bool{}
	for _, c := range e.plan.Clauses {
		for _, m := range quotedRe.FindAllStringSubmatch(c.Title+"\n"+c.Text, -1) {
			name := e.foldPlan(m[1])
			if seen[name] || utf8.RuneCountInString(name) < 2 || periodRe.MatchString(name) {
				continue // “十四五” is a period, read as one
			}
			seen[name] = true
			var us []int32
			for _, u := range st.find(name) {
				if k := st.units[u].kind; k == unitSentence || k == unitTitle {
					us = append(us, u)
				}
			}
			out = append(out, namedSet{name: name, units: us})
		}
	}
	slices.SortStableFunc(out, func(a, b namedSet) int { return len(b.name) - len(a.name) })
	return out
}

// buildAbbrevs derives the abbreviations the plan's phrases allow: the
// first characters of two to four words that stand together (棚户区 改造 →
// 棚改, 中等 职业 → 中职), function words left out. words is the plan's
// text cut into words.
func buildAbbrevs(words []string, function map[string]bool) map[string][]string {
	out := map[string][]string{}
	han := func(w string) bool {
		for _, r := range w {
			if !unicode.Is(unicode.Han, r) {
				return false
			}
		}
		return w != ""
	}
	for i := range words {
		if !han(words[i]) || utf8.RuneCountInString(words[i]) < 2 || function[words[i]] {
			continue
		}
		var parts []string
		phrase := ""
		for j := i; j < len(words) && j < i+4; j++ {
			w := words[j]
			if !han(w) {
				break
			}
			phrase += w
			if function[w] {
				continue
			}
			parts = append(parts, w)
			if len(parts) < 2 {
				continue
			}
			keys := []string{initials(parts)}
			if len(parts) > 2 {
				keys = append(keys, initials([]string{parts[0], parts[len(parts)-1]})) // 高新 技术 企业 → 高企
			}
			if len(parts) == 2 && (parts[1] == "以上" || parts[1] == "以下") {
				// A bound keeps its last character: 规模以上 → 规上, 限额以上 → 限上.
				r, _ := utf8.DecodeRuneInString(parts[0])
				keys = append(keys, string(r)+strings.TrimPrefix(parts[1], "以"))
			}
			for _, key := range keys {
				if key == phrase || len(out[key]) >= maxExpansions || slices.Contains(out[key], phrase) {
					continue
				}
				out[key] = append(out[key], phrase)
			}
		}
	}
	return out
}

// maxExpansions bounds how many phrases one abbreviation may stand for: a
// key many phrases share says little.
const maxExpansions = 6

func sectionTitle(c *plan.Clause) string {
	if c.Section == nil {
		return ""
	}
	return c.Section.Title
}
