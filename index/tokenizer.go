package index

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/yanyiwu/gojieba"
)

// Name is the type under which the jieba tokenizer is registered with bleve.
// An index mapping names it in a custom tokenizer, with the config keys
// "words" (the plan lexicon, a list of strings) and "dict_dir" (where the
// dictionaries are extracted, "" for the user's cache), so that an index
// opened from disk rebuilds the same tokenizer from its stored mapping.
const Name = "planbot_jieba"

// registerErr keeps a failed registration, which only a second package
// claiming Name can cause, to be returned by Build rather than panicking at
// start-up as bleve's own analysis packages do.
var registerErr error

func init() {
	registerErr = registry.RegisterTokenizer(Name, tokenizerConstructor)
}

// Tokenizer is a bleve tokenizer that segments Chinese with jieba after
// folding the text with a Normalizer, so that jieba sees simplified,
// half-width, lower-case text whatever the user typed.
//
// Terms are normalized text; Start and End are byte offsets into the input
// as given, before normalization, so that a highlighter marks what the
// reader sees (全角 ＧＤＰ yields the term gdp with Start..End covering the
// nine bytes of ＧＤＰ). Position is 1-based and counts emitted tokens.
// Tokens without a letter or digit (punctuation, spaces) are dropped.
//
// jieba runs in search mode: besides each word it emits the dictionary words
// inside it (城镇, 城镇化 and 新型城镇化 for 新型城镇化), so that a question
// saying 城镇化 finds a clause that says 新型城镇化. The price, overlapping
// tokens at successive positions, does not matter as planbot never runs
// phrase queries.
//
// A Tokenizer is safe for concurrent use. Each holds its own jieba (about
// 0.1–0.2 s and 30 MB to load with the embedded dictionary), freed by the
// garbage collector.
type Tokenizer struct {
	jieba *gojieba.Jieba
	norm  *Normalizer
}

// lexiconFreq is the frequency the plan lexicon's words are given, about a
// third of 的, the most frequent word of jieba's dictionary.
const lexiconFreq = 100000

// NewTokenizer loads jieba with the embedded dictionaries, extracted under
// dictDir ("" for the user's cache directory), and adds words, normalized,
// to its dictionary so that it keeps them whole (省发展改革委, 黔中).
func NewTokenizer(dictDir string, words []string) (*Tokenizer, error) {
	if registerErr != nil {
		return nil, fmt.Errorf("index: %w", registerErr)
	}
	norm, err := NewNormalizer()
	if err != nil {
		return nil, err
	}
	paths, _, err := extractDicts(dictDir)
	if err != nil {
		return nil, err
	}
	if err := checkDictPaths(paths); err != nil {
		return nil, err
	}
	j := gojieba.NewJieba(paths...)
	for _, w := range norm.normalizeWords(words) {
		// AddWord's default weight, the dictionary's median, loses to a
		// frequent single character: 黔中 stayed 黔 + 中. At lexiconFreq a
		// word outweighs any split of itself, since every dictionary
		// character is rarer than that.
		j.AddWordEx(w, lexiconFreq, "n")
	}
	return &Tokenizer{jieba: j, norm: norm}, nil
}

// PlaceNames lists the words of text that jieba's part-of-speech tagger
// takes for place names (北京, 上海), folded as the tokenizer folds text.
// Words of the plan lexicon are tagged as nouns, not places: the caller
// tells the plan's own places apart.
func (t *Tokenizer) PlaceNames(text string) []string {
	var out []string
	for _, wt := range t.jieba.Tag(t.norm.Normalize(text)) {
		if w, tag, ok := strings.Cut(wt, "/"); ok && tag == "ns" && utf8.RuneCountInString(w) >= 2 {
			out = append(out, w)
		}
	}
	return out
}

// Normalize folds s as the tokenizer folds its input; see Normalizer.
func (t *Tokenizer) Normalize(s string) string { return t.norm.Normalize(s) }

// Tokenize implements analysis.Tokenizer.
func (t *Tokenizer) Tokenize(input []byte) analysis.TokenStream {
	rs, starts, ends := t.norm.normalize(input, true)
	if len(rs) == 0 {
		return analysis.TokenStream{}
	}
	s := string(rs)
	// runeAt maps a byte offset of s, where a rune starts, to that rune's
	// index; jieba speaks bytes of s, the offset tables speak runes.
	runeAt := make([]int32, len(s)+1)
	for i := range runeAt {
		runeAt[i] = -1
	}
	k := int32(0)
	for i := range s {
		runeAt[i] = k
		k++
	}
	runeAt[len(s)] = k

	words := t.jieba.Tokenize(s, gojieba.SearchMode, true)
	stream := make(analysis.TokenStream, 0, len(words))
	pos := 1
	for _, w := range words {
		if w.Start < 0 || w.End > len(s) || w.Start >= w.End {
			continue
		}
		first, last := runeAt[w.Start], runeAt[w.End]
		if first < 0 || last <= first {
			continue
		}
		typ, ok := tokenType(w.Str)
		if !ok {
			continue
		}
		stream = append(stream, &analysis.Token{
			Term:     []byte(w.Str),
			Start:    starts[first],
			End:      ends[last-1],
			Position: pos,
			Type:     typ,
		})
		pos++
	}
	return stream
}

// tokenType classifies a word, reporting false for words with no letter or
// digit, which carry no meaning a search could use.
func tokenType(w string) (analysis.TokenType, bool) {
	letters, digits, han := false, false, false
	for _, r := range w {
		switch {
		case unicode.Is(unicode.Han, r):
			han = true
		case unicode.IsLetter(r):
			letters = true
		case unicode.IsDigit(r) || unicode.IsNumber(r):
			digits = true
		}
	}
	switch {
	case han:
		return analysis.Ideographic, true
	case letters:
		return analysis.AlphaNumeric, true
	case digits:
		return analysis.Numeric, true
	}
	return 0, false
}

// tokenizerConstructor builds a Tokenizer from a mapping's config; after a
// trip through JSON, "words" arrives as []interface{}.
func tokenizerConstructor(config map[string]interface{}, _ *registry.Cache) (analysis.Tokenizer, error) {
	var dir string
	if v, ok := config["dict_dir"]; ok && v != nil {
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("index: tokenizer %s: dict_dir must be a string, not %T", Name, v)
		}
		dir = s
	}
	var words []string
	switch v := config["words"].(type) {
	case nil:
	case []string:
		words = v
	case []interface{}:
		for _, w := range v {
			s, ok := w.(string)
			if !ok {
				return nil, fmt.Errorf("index: tokenizer %s: words must be strings, not %T", Name, w)
			}
			words = append(words, s)
		}
	default:
		return nil, fmt.Errorf("index: tokenizer %s: words must be a list of strings, not %T", Name, v)
	}
	return NewTokenizer(dir, words)
}

var _ analysis.Tokenizer = (*Tokenizer)(nil)
