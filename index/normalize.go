package index

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
)

// Normalizer folds the ways one word can be written into one: full-width
// Latin letters and digits to half-width (２０２５ → 2025), Latin letters to
// lower case (ＧＤＰ → gdp), traditional characters to simplified (遵義 →
// 遵义), with zero-width characters dropped. Questions are typed on phones
// and copied from web pages, and the plan is written in simplified
// half-width text: folding both sides lets them meet.
//
// A Normalizer is safe for concurrent use. Building one parses OpenCC's
// dictionaries (embedded in the binary, nothing is read from disk) and takes
// tens of milliseconds, so build one and keep it.
type Normalizer struct {
	t2s *opencc.OpenCC
	// changes are the characters OpenCC changes, and changesFrom the
	// phrases it changes that hold none of them, by their first
	// character (t2s_changes.go): a text with neither, which is most
	// questions and every simplified plan, skips the conversion, which
	// costs a dictionary lookup per character.
	changes     map[rune]bool
	changesFrom map[rune][]string
}

// NewNormalizer builds a Normalizer.
func NewNormalizer() (*Normalizer, error) {
	cc, err := opencc.New("t2s")
	if err != nil {
		return nil, fmt.Errorf("index: opencc t2s: %w", err)
	}
	n := &Normalizer{t2s: cc, changes: make(map[rune]bool, utf8.RuneCountInString(t2sChars)), changesFrom: map[rune][]string{}}
	for _, r := range t2sChars {
		n.changes[r] = true
	}
	for p := range strings.SplitSeq(t2sPhrases, "\n") {
		if r, _ := utf8.DecodeRuneInString(p); p != "" {
			n.changesFrom[r] = append(n.changesFrom[r], p)
		}
	}
	return n, nil
}

// converts reports whether OpenCC may change the folded runes rs.
func (n *Normalizer) converts(rs []rune) bool {
	for i, r := range rs {
		if r < utf8.RuneSelf {
			continue
		}
		if n.changes[r] {
			return true
		}
		for _, p := range n.changesFrom[r] {
			if strings.HasPrefix(string(rs[i:min(len(rs), i+utf8.RuneCountInString(p))]), p) {
				return true
			}
		}
	}
	return false
}

// Normalize returns s folded as the Normalizer's doc says. Every rune of s
// except the zero-width ones gives exactly one rune of the result; bytes
// that are not UTF-8 and control characters other than tab and line breaks
// become spaces.
func (n *Normalizer) Normalize(s string) string {
	rs, _, _ := n.normalize([]byte(s), false)
	return string(rs)
}

// normalize folds input rune by rune and, when offsets is set, also returns
// for each rune of the result the byte offsets in input where the rune it
// came from starts and ends; the tokenizer maps jieba's offsets back to what
// the caller passed through it.
func (n *Normalizer) normalize(input []byte, offsets bool) (rs []rune, starts, ends []int) {
	rs = make([]rune, 0, len(input))
	if offsets {
		starts = make([]int, 0, len(input))
		ends = make([]int, 0, len(input))
	}
	for i := 0; i < len(input); {
		r, size := utf8.DecodeRune(input[i:])
		if r, ok := fold(r, size); ok {
			rs = append(rs, r)
			if offsets {
				starts = append(starts, i)
				ends = append(ends, i+size)
			}
		}
		i += size
	}
	if !n.converts(rs) {
		return rs, starts, ends
	}
	// OpenCC's t2s tables map every phrase to one of the same length (the
	// tests check this on real text), so positions survive; should a future
	// table break that, the text is better left traditional than misaligned.
	out, err := n.t2s.Convert(string(rs))
	if err != nil {
		return rs, starts, ends
	}
	if conv := []rune(out); len(conv) == len(rs) {
		rs = conv
	}
	return rs, starts, ends
}

// fold maps one decoded rune to its normal form, or reports false for runes
// that are dropped.
func fold(r rune, size int) (rune, bool) {
	switch {
	case r == utf8.RuneError && size <= 1:
		// Not UTF-8: jieba would reject the whole text.
		return ' ', true
	case r == '\t' || r == '\n' || r == '\r':
		return r, true
	case r == 0x200B || r == 0x200C || r == 0x200D || r == 0x2060 || r == 0xFEFF || r == 0x00AD || r == 0x180E:
		return 0, false
	case r == 0x3000:
		return ' ', true
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFEE0
	case unicode.IsControl(r):
		// NUL would cut the C string jieba receives.
		return ' ', true
	}
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r, true
	}
	if l := unicode.ToLower(r); l != r && utf8.ValidRune(l) {
		return l, true
	}
	return r, true
}

// normalizeWords folds lexicon words the way text is folded, so that a word
// given in traditional or full-width form still matches the text it names.
func (n *Normalizer) normalizeWords(words []string) []string {
	out := make([]string, 0, len(words))
	for _, w := range words {
		w = strings.TrimSpace(n.Normalize(w))
		if w != "" {
			out = append(out, w)
		}
	}
	return sortedUnique(out)
}
