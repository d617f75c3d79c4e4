package answer

import (
	"slices"
	"testing"
	"unicode/utf8"
)

// TestPhraseIndex finds what searching for each phrase in turn finds, in
// the same order.
func TestPhraseIndex(t *testing.T) {
	phrases := []string{"省水利厅", "水利厅", "水利", "哈哈", "遵义", "义", ""}
	texts := []string{"", "省水利厅负责哪些", "水利厅和水利局", "哈哈哈哈哈", "遵义遵义义", "x水利y", "无关"}
	x := newPhraseIndex(phrases)
	for _, text := range texts {
		var want []phraseHit
		for i, p := range phrases {
			for start, end := range occurrences(text, p) {
				want = append(want, phraseHit{i: i, start: start, end: end})
			}
		}
		if got := x.find(text); !slices.Equal(got, want) {
			t.Errorf("find(%q) = %v, want %v", text, got, want)
		}
	}
}

func FuzzPhraseIndex(f *testing.F) {
	f.Add("省水利厅负责哪些", "水利")
	f.Add("哈哈哈哈", "哈哈")
	f.Fuzz(func(t *testing.T, text, phrase string) {
		if !utf8.ValidString(text) || !utf8.ValidString(phrase) {
			t.Skip() // questions are folded to valid text first, and phrases are the plan's
		}
		x := newPhraseIndex([]string{phrase, "水利"})
		var want []phraseHit
		for i, p := range []string{phrase, "水利"} {
			for start, end := range occurrences(text, p) {
				want = append(want, phraseHit{i: i, start: start, end: end})
			}
		}
		if got := x.find(text); !slices.Equal(got, want) {
			t.Errorf("find(%q) with %q = %v, want %v", text, phrase, got, want)
		}
	})
}
