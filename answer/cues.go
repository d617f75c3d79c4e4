package answer

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Stage 3: weigh the cues. What a question asks for is scored from all its
// evidence — the cue words of data/cues.txt, the slots stage 2 found, the
// shape of the question — and every kind keeps its score: the candidates of
// stage 4 are weighed by it, so a wording no list foresaw still finds its
// answer through the slots and the content it names.

// ask is a kind of question.
type ask int

const (
	askDuty    ask = iota // who is responsible: 餐厨垃圾处理谁负责 (first: it wins a tie)
	askValue              // a figure: 遵义2025城区人口目标
	askDept               // what one department does: 省水利厅负责哪些
	askMembers            // the members of a set: 六大产业基地是哪六个
	askDefine             // what a name means: 3个100万是啥意思
	askHow                // how a task is done: 老旧小区怎么改
	askWhether            // whether: 在城里租房能落户吗
	askWhen               // when: S1号线啥时候建成
	askCompare            // side by side: 贵阳和遵义公交分担率
	askChange             // the change between years: 2023到2025增加多少
	askAcross             // one measure across places: 各市州中心城市城区人口
	askClause             // a clause's text: 第38条
	askSum                // a total of several figures: 9个中心城市人口加起来
	askTopic              // what the plan says: 海绵城市
	numAsks
)

// askSections names the cue file's section for each kind.
var askSections = [numAsks]string{
	askValue: "value", askDuty: "duty", askDept: "dept", askMembers: "members", askDefine: "define",
	askHow: "how", askWhether: "whether", askWhen: "when", askCompare: "compare", askChange: "change",
	askAcross: "across", askClause: "clause", askSum: "sum", askTopic: "",
}

func (a ask) String() string {
	if a == askTopic {
		return "topic"
	}
	if a >= 0 && a < numAsks {
		return askSections[a]
	}
	return fmt.Sprintf("ask(%d)", int(a))
}

// cues are the parsed cue file: the entries that signal a kind of question,
// longest first, and the words that carry no content.
type cues struct {
	asking  []askCue
	chatter []cueEntry
	// askingFirst and chatterFirst index the entries' first words, so
	// that a question is matched only against entries whose first word it
	// holds, of hundreds.
	askingFirst, chatterFirst *phraseIndex
	filler                    map[string]bool
	// measures are the [value] cues that are nouns of quantity (数量, 总量):
	// a metric that ends in one measures what stands before it.
	measures map[string]bool
}

type askCue struct {
	cueEntry
	ask ask
}

// newCues sorts a cue file's entries for matching.
func newCues(f *cueFile) (*cues, error) {
	c := &cues{filler: map[string]bool{}, measures: map[string]bool{}}
	known := map[string]bool{"chatter": true, "filler": true}
	for a := ask(0); a < numAsks; a++ {
		if s := askSections[a]; s != "" {
			known[s] = true
			for _, en := range f.sections[s] {
				c.asking = append(c.asking, askCue{en, a})
			}
		}
	}
	for name := range f.sections {
		if !known[name] {
			return nil, fmt.Errorf("cues: unknown section [%s] (line %d)", name, f.sections[name][0].line)
		}
	}
	for _, en := range f.sections["value"] {
		if w := strings.Join(en.parts, ""); len(en.parts) == 1 && utf8.RuneCountInString(w) == 2 && strings.ContainsAny(w, "数量") {
			c.measures[w] = true
		}
	}
	c.chatter = f.sections["chatter"]
	for _, en := range f.sections["filler"] {
		c.filler[strings.Join(en.parts, "")] = true
	}
	if len(c.asking) == 0 {
		return nil, fmt.Errorf("cues: no entries")
	}
	slices.SortStableFunc(c.asking, func(a, b askCue) int { return b.size() - a.size() })
	slices.SortStableFunc(c.chatter, func(a, b cueEntry) int { return b.size() - a.size() })
	firsts := make([]string, len(c.asking))
	for i, a := range c.asking {
		firsts[i] = a.parts[0]
	}
	c.askingFirst = newPhraseIndex(firsts)
	firsts = make([]string, len(c.chatter))
	for i, en := range c.chatter {
		firsts[i] = en.parts[0]
	}
	c.chatterFirst = newPhraseIndex(firsts)
	return c, nil
}

// present lists, ascending, the entries of x whose first word text holds.
func present(x *phraseIndex, text string) []int {
	var out []int
	for _, h := range x.find(text) {
		if len(out) == 0 || out[len(out)-1] != h.i {
			out = append(out, h.i)
		}
	}
	return out
}

// size orders entries: longer literal text first, and an entry with a gap
// before one without of the same length.
func (c cueEntry) size() int {
	n := 0
	for _, p := range c.parts {
		n += utf8.RuneCountInString(p)
	}
	return 2*n + len(c.parts) - 1
}

// askScores holds how strongly a question asks each kind of thing.
type askScores [numAsks]float64

// The weights of the evidence that is not a cue word.
const (
	cueCap          = 2.0 // no kind gains more than this from its cue words
	topicBase       = 0.5 // every question is a little a question about a topic
	deptOnlyName    = 1.5 // a department named with nothing else asks what it does
	deptNamed       = 0.5 // a department named with its cue words asks what it does
	refNamed        = 2.5 // a clause number asks for that clause
	twoPlaces       = 1.0 // two places named set them side by side …
	twoYears        = 0.6 // … as two years do
	yearNamed       = 0.4 // a year asks for a figure of that year
	kindAcross      = 0.5 // 各…中心城市: one measure across a kind of place
	deptNeedsDepart = 0.0 // a department's cue words count only when a department is named
)

// weigh scores what a question asks for.
func (e *Engine) weigh(q *question) askScores {
	var s askScores
	for _, m := range q.cues {
		s[m.ask] += m.weight
	}
	for a := range s {
		s[a] = min(s[a], cueCap)
	}
	s[askTopic] += topicBase
	switch {
	case len(q.depts) == 0:
		// 负责哪些 without a department asks which tasks, not whose.
		s[askMembers] += s[askDept] / 2
		s[askDept] = deptNeedsDepart
	case len(q.terms) == 0:
		s[askDept] += deptOnlyName
	case s[askDept] > 0:
		s[askDept] += deptNamed
	}
	if len(q.refs) > 0 {
		s[askClause] += refNamed
	}
	if distinctPlaces(q) >= 2 && s[askMembers]+s[askDefine]+s[askHow]+s[askWhether]+s[askDuty] == 0 {
		s[askCompare] += twoPlaces
	}
	if len(q.years) >= 2 {
		s[askCompare] += twoYears
	}
	if len(q.years) > 0 || q.period != "" {
		s[askValue] += yearNamed
	}
	if q.kindAsked() != "" && (s[askAcross] > 0 || (s[askMembers] > 0 && s[askValue] > 0)) {
		// 各市州中心城市…, 8个市州中心城市…分别是多少: a figure for each
		// place of a kind, not for the group the plan calls 市州中心城市.
		s[askAcross] += kindAcross + s[askMembers]
		q.places = slices.DeleteFunc(q.places, func(h placeHit) bool {
			return h.place.generic && strings.Contains(h.place.form, "市州")
		})
		q.terms = slices.DeleteFunc(q.terms, func(t term) bool { return strings.Contains(t.text, "市州") })
	}
	return s
}

// distinctPlaces counts the named places a question sets side by side.
func distinctPlaces(q *question) int {
	var cores []string
	for _, p := range q.places {
		if !slices.Contains(cores, p.place.core) {
			cores = append(cores, p.place.core)
		}
	}
	return len(cores)
}

// top is the kind asked most strongly, and its share of all the scores.
func (s askScores) top() (ask, float64) {
	best, sum := askTopic, 0.0
	for a, v := range s {
		sum += v
		if v > s[best] {
			best = ask(a)
		}
	}
	if sum == 0 {
		return askTopic, 0
	}
	return best, s[best] / sum
}

// share is how much of the question's asking is for kinds in as.
func (s askScores) share(as ...ask) float64 {
	sum, part := 0.0, 0.0
	for a, v := range s {
		sum += v
		if slices.Contains(as, ask(a)) {
			part += v
		}
	}
	if sum == 0 {
		return 0
	}
	return part / sum
}
