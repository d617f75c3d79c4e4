package answer

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// phraseIndex finds which of many phrases (departments' forms, places,
// synonyms) a question holds by looking up, at each of its characters, the
// phrases that begin with it, rather than searching the question once for
// each of a thousand phrases.
type phraseIndex struct {
	phrases []string
	byFirst map[rune][]int32 // indices into phrases, ascending
}

func newPhraseIndex(phrases []string) *phraseIndex {
	x := &phraseIndex{phrases: phrases, byFirst: map[rune][]int32{}}
	for i, p := range phrases {
		if r, _ := utf8.DecodeRuneInString(p); p != "" {
			x.byFirst[r] = append(x.byFirst[r], int32(i))
		}
	}
	return x
}

// phraseHit is where phrase i stands in a text: text[start:end].
type phraseHit struct {
	i, start, end int
}

// find lists where the phrases stand in text: phrase by phrase in the
// index's order, each left to right and each after the last, as searching
// the text for each phrase in turn would.
func (x *phraseIndex) find(text string) []phraseHit {
	var hits []phraseHit
	for pos, r := range text {
		for _, i := range x.byFirst[r] {
			if p := x.phrases[i]; strings.HasPrefix(text[pos:], p) {
				hits = append(hits, phraseHit{i: int(i), start: pos, end: pos + len(p)})
			}
		}
	}
	slices.SortFunc(hits, func(a, b phraseHit) int {
		if a.i != b.i {
			return a.i - b.i
		}
		return a.start - b.start
	})
	out := hits[:0]
	for k, h := range hits {
		if k > 0 && hits[k-1].i == h.i && len(out) > 0 && out[len(out)-1].i == h.i && h.start < out[len(out)-1].end {
			continue // overlaps the same phrase's last: 哈哈哈 holds 哈哈 once
		}
		out = append(out, h)
	}
	return out
}
