package index

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/planbot/planbot/data"
)

// Loading jieba takes a tenth of a second or more, so the test binary loads
// each tokenizer it needs once.
var (
	plainOnce, lexOnce sync.Once
	plainTok, lexTok   *Tokenizer
	plainErr, lexErr   error
)

// testWords is a plan lexicon as the plan's parser would give it.
var testWords = []string{"省发展改革委", "省住房城乡建设厅", "城区常住人口", "黔中", "遵義"}

func plainTokenizer(t testing.TB) *Tokenizer {
	t.Helper()
	plainOnce.Do(func() { plainTok, plainErr = NewTokenizer(testDictDir(), nil) })
	if plainErr != nil {
		t.Fatal(plainErr)
	}
	return plainTok
}

func lexiconTokenizer(t testing.TB) *Tokenizer {
	t.Helper()
	lexOnce.Do(func() { lexTok, lexErr = NewTokenizer(testDictDir(), testWords) })
	if lexErr != nil {
		t.Fatal(lexErr)
	}
	return lexTok
}

func tok(term string, pos, start, end int, typ analysis.TokenType) *analysis.Token {
	return &analysis.Token{Term: []byte(term), Position: pos, Start: start, End: end, Type: typ}
}

const (
	han = analysis.Ideographic
	num = analysis.Numeric
	alp = analysis.AlphaNumeric
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		name    string
		lexicon bool
		input   string
		want    analysis.TokenStream
	}{
		{"empty", false, "", analysis.TokenStream{}},
		{"punctuation only", false, "，、。（）() \n\t“”", analysis.TokenStream{}},
		{"search mode sub-words and punctuation", false, "推进新型城镇化，高质量发展。", analysis.TokenStream{
			tok("推进", 1, 0, 6, han),
			tok("新型", 2, 6, 12, han),
			tok("城镇", 3, 12, 18, han),
			tok("城镇化", 4, 12, 21, han),
			// 高质量 is one word to jieba; search mode adds the
			// 2-character dictionary words inside it, 高质 included.
			tok("高质", 5, 24, 30, han),
			tok("质量", 6, 27, 33, han),
			tok("高质量", 7, 24, 33, han),
			tok("发展", 8, 33, 39, han),
		}},
		{"mixed ascii and digits", false, "2025年GDP达到1.6:1", analysis.TokenStream{
			tok("2025", 1, 0, 4, num),
			tok("年", 2, 4, 7, han),
			tok("gdp", 3, 7, 10, alp),
			tok("达到", 4, 10, 16, han),
			tok("1.6", 5, 16, 19, num),
			tok("1", 6, 20, 21, num),
		}},
		{"full width folds, offsets stay in the input", false, "２０２５年ＧＤＰ", analysis.TokenStream{
			tok("2025", 1, 0, 12, num),
			tok("年", 2, 12, 15, han),
			tok("gdp", 3, 15, 24, alp),
		}},
		{"traditional to simplified", false, "遵義城區", analysis.TokenStream{
			tok("遵义", 1, 0, 6, han),
			tok("城区", 2, 6, 12, han),
		}},
		{"zero width dropped", false, "遵\u200b义", analysis.TokenStream{
			tok("遵义", 1, 0, 9, han),
		}},
		{"department split without lexicon", false, "省发展改革委负责", analysis.TokenStream{
			tok("省", 1, 0, 3, han),
			tok("发展", 2, 3, 9, han),
			tok("改革", 3, 9, 15, han),
			tok("委", 4, 15, 18, han),
			tok("负责", 5, 18, 24, han),
		}},
		{"department whole with lexicon", true, "省发展改革委负责", analysis.TokenStream{
			tok("发展", 1, 3, 9, han),
			tok("改革", 2, 9, 15, han),
			tok("省发展改革委", 3, 0, 18, han),
			tok("负责", 4, 18, 24, han),
		}},
		{"place split without lexicon", false, "黔中城市群", analysis.TokenStream{
			tok("黔", 1, 0, 3, han),
			tok("中", 2, 3, 6, han),
			tok("城市", 3, 6, 12, han),
			tok("城市群", 4, 6, 15, han),
		}},
		{"place whole with lexicon", true, "黔中城市群", analysis.TokenStream{
			tok("黔中", 1, 0, 6, han),
			tok("城市", 2, 6, 12, han),
			tok("城市群", 3, 6, 15, han),
		}},
		{"metric with lexicon, traditional input", true, "遵義城區常住人口", analysis.TokenStream{
			tok("遵义", 1, 0, 6, han),
			tok("城区", 2, 6, 12, han),
			tok("常住", 3, 12, 18, han),
			// Search mode adds only 2- and 3-character sub-words, so not
			// 常住人口.
			tok("人口", 4, 18, 24, han),
			tok("城区常住人口", 5, 6, 24, han),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tk := plainTokenizer(t)
			if tt.lexicon {
				tk = lexiconTokenizer(t)
			}
			got := tk.Tokenize([]byte(tt.input))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Tokenize(%q):\n got %v\nwant %v", tt.input, streamString(got), streamString(tt.want))
			}
		})
	}
}

func streamString(ts analysis.TokenStream) string {
	var b strings.Builder
	for _, t := range ts {
		b.WriteString("\n  " + t.String())
	}
	return b.String()
}

func TestNormalize(t *testing.T) {
	n, err := NewNormalizer()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ in, want string }{
		{"", ""},
		{"２０２５", "2025"},
		{"ＧＤＰ", "gdp"},
		{"GDP", "gdp"},
		{"遵義", "遵义"},
		{"城區常住人口", "城区常住人口"},
		{"遵\u200b义\ufeff", "遵义"},
		{"全\u3000省", "全 省"},
		{"新型城镇化，", "新型城镇化,"},
		{"a\x00b\xffc", "a b c"},
	}
	for _, tt := range tests {
		if got := n.Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestNormalizeKeepsLength checks, on the whole plan and on traditional
// text, that t2s maps rune to rune: the tokenizer's offsets rely on it.
func TestNormalizeKeepsLength(t *testing.T) {
	n, err := NewNormalizer()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{data.GuizhouUrbanization(), "貴州省新型城鎮化實施方案，一目瞭然，不瞭解，二噁英"} {
		rs, starts, ends := n.normalize([]byte(s), true)
		if len(rs) != utf8.RuneCountInString(s) || len(starts) != len(rs) || len(ends) != len(rs) {
			t.Fatalf("normalize changed the rune count: %d runes in, %d out", utf8.RuneCountInString(s), len(rs))
		}
	}
}

func TestTokenizerConfig(t *testing.T) {
	bad := []map[string]interface{}{
		{"words": "黔中"},
		{"words": []interface{}{"黔中", 1}},
		{"dict_dir": 3},
	}
	for _, cfg := range bad {
		if _, err := tokenizerConstructor(cfg, nil); err == nil {
			t.Errorf("tokenizerConstructor(%v): no error", cfg)
		}
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"", "推进新型城镇化，高质量发展。", "２０２５年ＧＤＰ", "遵義城區", "遵\u200b义", "a\x00b\xff", "黔中城市群 省发展改革委", "1.6:1", "🙂😀"} {
		f.Add(s)
	}
	tk := lexiconTokenizer(f)
	f.Fuzz(func(t *testing.T, s string) {
		pos := 0
		for _, tok := range tk.Tokenize([]byte(s)) {
			if tok.Start < 0 || tok.End > len(s) || tok.Start >= tok.End {
				t.Fatalf("token %v out of the input's %d bytes", tok, len(s))
			}
			if !utf8.ValidString(s[tok.Start:tok.End]) && utf8.ValidString(s) {
				t.Fatalf("token %v cuts a rune of %q", tok, s)
			}
			if !utf8.Valid(tok.Term) || len(tok.Term) == 0 {
				t.Fatalf("token %v: term not UTF-8 or empty", tok)
			}
			if tok.Position != pos+1 {
				t.Fatalf("token %v: position after %d", tok, pos)
			}
			pos = tok.Position
		}
	})
}

func BenchmarkTokenize(b *testing.B) {
	tk := lexiconTokenizer(b)
	text := []byte(data.GuizhouUrbanization())
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		tk.Tokenize(text)
	}
}

func BenchmarkNormalize(b *testing.B) {
	n, err := NewNormalizer()
	if err != nil {
		b.Fatal(err)
	}
	text := data.GuizhouUrbanization()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		n.Normalize(text)
	}
}

func TestPlaceNames(t *testing.T) {
	tok := lexiconTokenizer(t) // its lexicon has 遵義, folded to 遵义
	for _, tt := range []struct{ in, want string }{
		{"北京城镇化率多少", "[北京]"},
		{"杭州市和昆明", "[杭州市 昆明]"},
		{"遵义2025城区人口", "[]"}, // a lexicon word is the plan's, tagged as a noun
		{"城区常住人口", "[]"},
	} {
		if got := fmt.Sprint(tok.PlaceNames(tt.in)); got != tt.want {
			t.Errorf("PlaceNames(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
