package answer

import (
	"bufio"
	"fmt"
	"iter"
	"slices"
	"strings"
)

// Synonyms maps what staff type to the plan's own words. The file format is
// one line each, `what staff type = what the plan says[, another way]`, with
// # comments and blank lines ignored (see data/synonyms.txt).
type Synonyms struct {
	entries []synonym // longest phrase first, so that 垃圾资源化率 wins over 垃圾
}

type synonym struct {
	phrase string
	plan   []string
}

// ParseSynonyms reads a synonyms file. normalize folds both sides the way
// questions are folded (nil leaves them as written).
func ParseSynonyms(text string, normalize func(string) string) (*Synonyms, error) {
	if normalize == nil {
		normalize = func(s string) string { return s }
	}
	s := &Synonyms{}
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		left, right, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("synonyms line %d: %q has no '='", n, line)
		}
		phrase := normalize(strings.TrimSpace(left))
		var words []string
		for _, w := range strings.FieldsFunc(right, func(r rune) bool { return r == ',' || r == '，' || r == '、' }) {
			if w = normalize(strings.TrimSpace(w)); w != "" {
				words = append(words, w)
			}
		}
		if phrase == "" || len(words) == 0 {
			return nil, fmt.Errorf("synonyms line %d: %q needs words on both sides of '='", n, line)
		}
		s.entries = append(s.entries, synonym{phrase: phrase, plan: words})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read synonyms: %w", err)
	}
	for i := 1; i < len(s.entries); i++ {
		for j := i; j > 0 && len(s.entries[j].phrase) > len(s.entries[j-1].phrase); j-- {
			s.entries[j], s.entries[j-1] = s.entries[j-1], s.entries[j]
		}
	}
	return s, nil
}

// Expand returns the plan's words for every phrase of the synonyms that q
// holds, longest phrases first; a phrase inside a longer one found is not
// expanded again.
func (s *Synonyms) Expand(q string) []string {
	if s == nil {
		return nil
	}
	var out []string
	rest := q
	for _, e := range s.entries {
		if strings.Contains(rest, e.phrase) {
			out = append(out, e.plan...)
			rest = strings.ReplaceAll(rest, e.phrase, "\x00")
		}
	}
	return out
}

// Len is how many phrases the synonyms hold.
func (s *Synonyms) Len() int {
	if s == nil {
		return 0
	}
	return len(s.entries)
}

// PhrasesFor lists the phrases that stand for one of the plan's words.
func (s *Synonyms) PhrasesFor(word string) []string {
	if s == nil {
		return nil
	}
	var out []string
	for _, e := range s.entries {
		for _, w := range e.plan {
			if w == word {
				out = append(out, e.phrase)
				break
			}
		}
	}
	return out
}

// synMatch is a synonym's phrase found in a question: where, and the plan's
// words for it.
type synMatch struct {
	phrase     string
	plan       []string
	start, end int
}

// matches finds the synonyms' phrases in q (x indexes them), longest
// first, where free says no earlier stage read the text.
func (s *Synonyms) matches(x *phraseIndex, q string, free func(start, end int) bool) []synMatch {
	if s == nil {
		return nil
	}
	var out []synMatch
	taken := make([]bool, len(q))
	for _, h := range x.find(q) {
		e, start, end := s.entries[h.i], h.start, h.end
		ok := free(start, end)
		for j := start; j < end && ok; j++ {
			ok = !taken[j]
		}
		if !ok {
			continue
		}
		for j := start; j < end; j++ {
			taken[j] = true
		}
		out = append(out, synMatch{phrase: e.phrase, plan: e.plan, start: start, end: end})
	}
	return out
}

// occurrences yields where sub stands in text, left to right, each after
// the last: the start and end byte offsets.
func occurrences(text, sub string) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		if sub == "" {
			return
		}
		for from := 0; ; {
			i := strings.Index(text[from:], sub)
			if i < 0 {
				return
			}
			start, end := from+i, from+i+len(sub)
			if !yield(start, end) {
				return
			}
			from = end
		}
	}
}

// vocab is the synonyms with what they add to the gazetteer: the
// departments and places they name by a word no rule derives (人防办,
// 凉都). It is made once per synonyms file, not per question, and replaced
// whole on reload.
type vocab struct {
	syn *Synonyms
	// deptForms are the gazetteer's department forms, then the synonyms'
	// phrases that name a department.
	deptForms []deptForm
	// synonymDept marks the forms that came from the synonyms.
	synonymDept map[string]bool
	// places are the gazetteer's places, then the synonyms' aliases.
	places []place
	// The same, indexed for finding them all in a question at once.
	deptIndex, placeIndex, synIndex *phraseIndex
}

func (e *Engine) newVocab(s *Synonyms) *vocab {
	v := &vocab{syn: s, deptForms: e.gaz.deptForms, places: e.gaz.places, synonymDept: map[string]bool{}}
	defer v.index()
	if s == nil {
		return v
	}
	deptByForm := map[string][]deptForm{}
	for _, df := range e.gaz.deptForms {
		deptByForm[df.form] = append(deptByForm[df.form], df)
	}
	placesByForm := map[string][]place{}
	for _, pl := range e.gaz.places {
		if !pl.generic {
			placesByForm[pl.form] = append(placesByForm[pl.form], pl)
		}
	}
	v.deptForms = slices.Clip(v.deptForms)
	v.places = slices.Clip(v.places)
	for _, en := range s.entries {
		for _, w := range en.plan {
			for _, df := range deptByForm[w] {
				v.deptForms = append(v.deptForms, deptForm{form: en.phrase, depts: df.depts, own: -1})
				v.synonymDept[en.phrase] = true
			}
			for _, pl := range placesByForm[w] {
				alias := pl
				alias.form = en.phrase
				alias.synonym = true
				v.places = append(v.places, alias)
			}
		}
	}
	return v
}

// index indexes the vocabulary's phrases.
func (v *vocab) index() {
	forms := make([]string, len(v.deptForms))
	for i, df := range v.deptForms {
		forms[i] = df.form
	}
	v.deptIndex = newPhraseIndex(forms)
	forms = make([]string, len(v.places))
	for i, pl := range v.places {
		forms[i] = pl.form
	}
	v.placeIndex = newPhraseIndex(forms)
	var phrases []string
	if v.syn != nil {
		for _, en := range v.syn.entries {
			phrases = append(phrases, en.phrase)
		}
	}
	v.synIndex = newPhraseIndex(phrases)
}
