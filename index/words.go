package index

import (
	"strings"
	"unicode/utf8"
)

// Word is a word jieba found in text that was folded already, with its
// part-of-speech tag (n, v, ns for a place name …) and where it stands:
// byte offsets into that text.
type Word struct {
	Text       string
	Tag        string
	Start, End int
}

// Fold folds s as the index folds text before cutting it (see Normalizer)
// and gives, for each byte of the result, the byte offset in s of the
// character it came from, so that a caller can show what the user typed.
func (ix *Index) Fold(s string) (folded string, rawAt []int) {
	rs, starts, _ := ix.norm.normalize([]byte(s), true)
	var b strings.Builder
	b.Grow(len(s))
	rawAt = make([]int, 0, len(s)+1)
	for i, r := range rs {
		n, _ := b.WriteRune(r)
		for range n {
			rawAt = append(rawAt, starts[i])
		}
	}
	rawAt = append(rawAt, len(s))
	return b.String(), rawAt
}

// Tag cuts folded text into words with jieba's tagger, the plan lexicon's
// words kept whole and tagged n. It does not fold the text again: the
// answering layer folds a question once and reads it here.
func (ix *Index) Tag(folded string) []Word {
	if t := ix.jieba(); t != nil {
		return t.Tag(folded)
	}
	return nil
}

// Tag is Index.Tag.
func (t *Tokenizer) Tag(folded string) []Word {
	if folded == "" {
		return nil
	}
	tagged := t.jieba.Tag(folded)
	out := make([]Word, 0, len(tagged))
	at := 0
	for _, wt := range tagged {
		i := strings.LastIndexByte(wt, '/')
		if i <= 0 {
			continue
		}
		w, tag := wt[:i], wt[i+1:]
		start := strings.Index(folded[at:], w)
		if start < 0 {
			continue // jieba changed the text; cannot place the word
		}
		start += at
		at = start + len(w)
		out = append(out, Word{Text: w, Tag: tag, Start: start, End: at})
	}
	return out
}

// Cut cuts folded text into words, longest dictionary words first, without
// the sub-words of search mode: the plan's phrases are read this way to
// derive their abbreviations (棚户区 改造 → 棚改).
func (ix *Index) Cut(folded string) []string {
	if t := ix.jieba(); t != nil {
		return t.jieba.Cut(folded, true)
	}
	return nil
}

// SubWords cuts folded text in search mode: each word and the dictionary
// words inside it (城镇化率 gives 城镇, 城镇化 and 城镇化率), so that a
// caller can find the last word of a phrase the lexicon keeps whole.
func (ix *Index) SubWords(folded string) []string {
	if t := ix.jieba(); t != nil {
		return t.jieba.CutForSearch(folded, true)
	}
	return nil
}

// IsWord reports whether jieba's dictionary (with the plan lexicon) has s
// as one word, so that a caller can tell a typing slip (尊义) from a word
// (意义).
func (ix *Index) IsWord(folded string) bool {
	t := ix.jieba()
	if t == nil {
		return false
	}
	ws := t.jieba.Cut(folded, false)
	return len(ws) == 1 && ws[0] == folded
}

// adminSuffixes are the endings of a province's or a city's official name.
const adminSuffixes = "市省"

// IsPlaceName reports whether a word jieba tags ns names a place: the
// dictionary knows it with the ending of an official name too (北京 and
// 北京市, 云南 and 云南省), or it has one after a name of two characters
// or more (杭州市, not 上市). jieba's dictionary tags many common words ns
// (长度, 英雄, 太阳, 美丽), which no city or province is named after.
func (ix *Index) IsPlaceName(folded string) bool {
	t := ix.jieba()
	if t == nil {
		return false
	}
	isPlace := func(w string) bool {
		tagged := t.jieba.Tag(w)
		return len(tagged) == 1 && tagged[0] == w+"/ns"
	}
	if last, _ := utf8.DecodeLastRuneInString(folded); strings.ContainsRune(adminSuffixes, last) && utf8.RuneCountInString(folded) > 2 {
		return isPlace(folded)
	}
	for _, s := range adminSuffixes {
		if isPlace(folded + string(s)) {
			return true
		}
	}
	return false
}
