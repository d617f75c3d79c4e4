package answer

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	e := engine(t)
	tests := []struct {
		in, want string
	}{
		{"遵义2025城区人口目标", "遵义2025城区人口目标"},
		{"２０２５年　兴义城区人口", "2025年兴义城区人口"}, // full width, ideographic space
		{"ＧＤＰ", "gdp"}, // width and case
		{"貴陽2025經濟首位度", "贵阳2025经济首位度"},                 // traditional to simplified
		{"二〇二五年城镇化率", "2025年城镇化率"},                     // a year in Chinese numerals
		{"二零二三年", "2023年"},                             //
		{"25年棚改", "2025年棚改"},                           // a short year
		{"23年和25年", "2023年和2025年"},                     //
		{"兴义二五年城区人口", "兴义2025年城区人口"},                   // a short year in Chinese numerals
		{"二三年和二五年", "2023年和2025年"},                     //
		{"十二五期间", "十二五期间"},                             // a five-year plan, no year
		{"三五年内", "三五年内"},                               // three to five years
		{"重点人才五年倍增", "重点人才五年倍增"},                       //
		{"第十五条", "第15条"},                               // an ordinal
		{"第九部分", "第9部分"},                               //
		{"2010万亩", "2010万亩"},                           // a figure is no year
		{"10年一遇", "10年一遇"},                             // nor is 10年 (not 15–49)
		{"安 顺 城区 人口 目标 ？？", "安顺城区人口目标??"},              // spaces Chinese does not use
		{"built-up  area 绿化覆盖率", "built-up area绿化覆盖率"}, // kept between Latin words
		{"“四改”是哪四个", "四改是哪四个"},                         // quotation marks
		{"遵\u200b义\u00ad", "遵义"},                       // zero-width characters
		{"a\x00b", "a b"},                              // a control character is a space
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			f := e.fold(tt.in)
			if f.text != tt.want {
				t.Errorf("fold(%q) = %q, want %q", tt.in, f.text, tt.want)
			}
			if len(f.rawAt) != len(f.text)+1 {
				t.Fatalf("rawAt has %d offsets for %d bytes", len(f.rawAt), len(f.text))
			}
			for i := 1; i < len(f.rawAt); i++ {
				if f.rawAt[i] < f.rawAt[i-1] || f.rawAt[i] > len(tt.in) {
					t.Fatalf("rawAt is not a map into the raw question: %v", f.rawAt)
				}
			}
		})
	}
}

// TestFoldRawSpan: a folded span maps back to what the user typed, so that
// a reply names a place as it was written.
func TestFoldRawSpan(t *testing.T) {
	e := engine(t)
	tests := []struct{ raw, span, want string }{
		{"２０２５年 貴陽ＧＤＰ", "贵阳", "貴陽"},
		// 25年 is folded with the character before it: the place that
		// ends there must keep its last character.
		{"遵义25年5G基站多少个", "遵义", "遵义"},
		{"怀化二六年数字经济规模", "怀化", "怀化"},
		{"第十五条遵义", "遵义", "遵义"},
	}
	for _, tt := range tests {
		f := e.fold(tt.raw)
		i := strings.Index(f.text, tt.span)
		if i < 0 {
			t.Fatalf("fold(%q) = %q, without %q", tt.raw, f.text, tt.span)
		}
		if got := f.rawSpan(i, i+len(tt.span)); got != tt.want {
			t.Errorf("fold(%q).rawSpan(%s) = %q, want %q", tt.raw, tt.span, got, tt.want)
		}
	}
	if got := e.fold("遵义").rawSpan(0, 0); got != "" {
		t.Errorf("rawSpan of nothing = %q", got)
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"二〇二五年", "第十五条", "25年", "\xff", "安 顺", "“”", "ａｂｃ"} {
		f.Add(s)
	}
	e := engine(f)
	f.Fuzz(func(t *testing.T, s string) {
		got := e.fold(s)
		if !utf8.ValidString(got.text) {
			t.Fatalf("fold(%q) = %q, not UTF-8", s, got.text)
		}
		if len(got.rawAt) != len(got.text)+1 {
			t.Fatalf("fold(%q): %d offsets for %d bytes", s, len(got.rawAt), len(got.text))
		}
		if again := e.fold(got.text).text; again != got.text {
			t.Fatalf("fold is not idempotent: %q → %q → %q", s, got.text, again)
		}
	})
}

// Questions that differ only in what folding removes share a Key, and so an
// answer; questions that differ in what they ask do not.
func TestKey(t *testing.T) {
	e := engine(t)
	tests := []struct {
		a, b string
		same bool
	}{
		{"遵义2025年城区人口", "遵义２０２５年城区人口", true},
		{"遵义2025年城区人口", "遵义25年城区人口", true},
		{"遵义2025年城区人口", "遵义二〇二五年城区人口", true},
		{"GDP目标", "gdp目标", true},
		{"“四改”是什么", "四改是什么", true},
		{"遵義城區人口", "遵义城区人口", true},
		{"遵义2025年城区人口", "遵义2023年城区人口", false},
		{"遵义城区人口", "贵阳城区人口", false},
	}
	for _, tt := range tests {
		if got := e.Key(tt.a) == e.Key(tt.b); got != tt.same {
			t.Errorf("Key(%q) == Key(%q): %v, want %v (%q, %q)", tt.a, tt.b, got, tt.same, e.Key(tt.a), e.Key(tt.b))
		}
	}
}
