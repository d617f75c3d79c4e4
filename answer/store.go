package answer

import (
	"index/suffixarray"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/planbot/planbot/data/plan"
)

// unitKind says what a piece of the plan that questions are matched against is.
type unitKind uint8

const (
	unitSentence unitKind = iota // a sentence of a clause, 责任单位 blocks left out
	unitTitle                    // a clause's title with its section's
	unitTarget                   // a target's subject and metric
	unitQuote                    // the span a target is quoted from
)

// unit is one piece of the plan, folded for matching.
type unit struct {
	kind   unitKind
	clause int32 // index into Engine.clauses
	item   int32 // the sentence's or target's index in its clause; 0 for a title
	text   string
	norm   float64 // 1/√(its length in characters): a search's length norm
}

// store holds the plan's units and finds, for any string, the units that
// hold it: a suffix array over all their texts, so that a question's word
// is looked up once rather than searched for in every text.
type store struct {
	units     []unit
	starts    []int // where each unit's text starts in the joined data
	sa        *suffixarray.Index
	sentences int // how many units are sentences: the document count of idf

	// found remembers what find gave: questions use the same few
	// thousand words and their parts again and again. Up to foundMax
	// words are kept, so that no stream of questions grows it without end.
	found  sync.Map // string → []int32
	nFound atomic.Int64
}

// foundMax bounds store.found: the plan's vocabulary many times over, at
// a few megabytes.
const foundMax = 100_000

func newStore(units []unit) *store {
	s := &store{units: units, starts: make([]int, len(units))}
	var b strings.Builder
	for i, u := range units {
		units[i].norm = 1 / math.Sqrt(float64(max(1, utf8.RuneCountInString(u.text))))
		s.starts[i] = b.Len()
		b.WriteString(u.text)
		b.WriteByte(0)
		if u.kind == unitSentence {
			s.sentences++
		}
	}
	s.sa = suffixarray.New([]byte(b.String()))
	return s
}

// find lists the units whose text holds w, ascending.
func (s *store) find(w string) []int32 {
	if w == "" || strings.IndexByte(w, 0) >= 0 {
		return nil
	}
	if units, ok := s.found.Load(w); ok {
		return units.([]int32)
	}
	units := s.lookup(w)
	if s.nFound.Load() < foundMax {
		if _, loaded := s.found.LoadOrStore(w, units); !loaded {
			s.nFound.Add(1)
		}
	}
	return units
}

// lookup is find without the memory: the units whose text holds w.
func (s *store) lookup(w string) []int32 {
	offs := s.sa.Lookup([]byte(w), -1)
	if len(offs) == 0 {
		return nil
	}
	out := make([]int32, 0, len(offs))
	for _, off := range offs {
		i := sort.SearchInts(s.starts, off+1) - 1
		out = append(out, int32(i))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// sentenceCount is how many sentences hold w, for its idf.
func (s *store) sentenceCount(units []int32) int {
	n := 0
	for _, u := range units {
		if s.units[u].kind == unitSentence {
			n++
		}
	}
	return n
}

// sentence is a sentence of a clause as a reply quotes it.
type sentence struct {
	text string // verbatim, with its closing mark
	duty int    // the index in Clause.Duties of the block that covers it, -1 for none
	unit int32
}

// clauseInfo is a clause with what answering it needs, made once at start.
type clauseInfo struct {
	c         *plan.Clause
	sentences []sentence
	title     int32    // its title unit
	targets   []int32  // its targets' units, in the clause's order
	quotes    []int32  // its targets' quote units
	subjects  []string // its targets' subjects, folded
	generic   []bool   // whether each target's subject is a kind of place (县城, 全省)
	// firstTarget is where its targets start among all the plan's.
	firstTarget int
	// sentenceOf is, for each target, the sentence its quote stands in.
	sentenceOf []int
	// groups are its targets by subject and metric, every year of one
	// measure together, in the clause's order.
	groups [][]int
	about  string // the place its title is about, folded: 遵义; "" for none
}

// splitSentences splits a clause's text, 责任单位 blocks left out, after
// each 。, ；, ; and line break, keeping the marks: a reply quotes the
// sentence that answers, not the paragraph around it.
func splitSentences(text string) []string {
	var out []string
	start := 0
	for i, r := range text {
		if r == '。' || r == '；' || r == ';' || r == '\n' {
			end := i + utf8.RuneLen(r)
			if s := strings.TrimSpace(text[start:end]); s != "" && s != "。" {
				out = append(out, s)
			}
			start = end
		}
	}
	if s := strings.TrimSpace(text[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// dutyOf finds the 责任单位 block that covers a sentence of a clause.
func dutyOf(c *plan.Clause, s string) int {
	s = strings.TrimRight(s, "。；;")
	for i, d := range c.Duties {
		if strings.Contains(d.Text, s) {
			return i
		}
	}
	if len(c.Duties) > 0 {
		return len(c.Duties) - 1
	}
	return -1
}

// withoutRemarks drops short remarks in parentheses, (含大方) or (助理),
// so that 城区(含大方)常住人口 is matched as 城区常住人口 too.
func withoutRemarks(s string) string {
	for {
		i := strings.IndexAny(s, "(（")
		if i < 0 {
			return s
		}
		j := strings.IndexAny(s[i:], ")）")
		if j < 0 || utf8.RuneCountInString(s[i:i+j]) > 13 {
			return s
		}
		_, w := utf8.DecodeRuneInString(s[i+j:])
		s = s[:i] + s[i+j+w:]
	}
}

// matchText is what a unit is matched as: the folded text, and again
// without its remarks in parentheses where it has any.
func matchText(folded string) string {
	if bare := withoutRemarks(folded); bare != folded {
		return folded + "\n" + bare
	}
	return folded
}

// searchable is a text that is searched often: a suffix array finds and
// counts what it holds without scanning it each time.
type searchable struct {
	text string
	sa   *suffixarray.Index
}

func newSearchable(text string) searchable {
	return searchable{text: text, sa: suffixarray.New([]byte(text))}
}

// Contains reports whether the text holds w.
func (t searchable) Contains(w string) bool {
	return w == "" || len(t.sa.Lookup([]byte(w), 1)) > 0
}

// Count is how many times the text holds w, overlaps counted.
func (t searchable) Count(w string) int {
	if w == "" {
		return 0
	}
	return len(t.sa.Lookup([]byte(w), -1))
}
