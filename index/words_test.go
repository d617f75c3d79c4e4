package index

import (
	"fmt"
	"slices"
	"testing"
)

// TestWords: the answering layer's calls into jieba over text it folded
// once: words with their tags and places, dictionary words, sub-words.
func TestWords(t *testing.T) {
	ix := memIndex(t)

	folded, at := ix.Fold("貴陽ＧＤＰ\u200b目标")
	if folded != "贵阳gdp目标" {
		t.Errorf("Fold = %q", folded)
	}
	if len(at) != len(folded)+1 || at[0] != 0 || at[len("贵阳")] != len("貴陽") || at[len(folded)] != len("貴陽ＧＤＰ\u200b目标") {
		t.Errorf("Fold offsets = %v", at)
	}

	words := ix.Tag("遵义2025城区常住人口")
	var got []string
	for _, w := range words {
		got = append(got, fmt.Sprintf("%s/%d-%d", w.Text, w.Start, w.End))
		if "遵义2025城区常住人口"[w.Start:w.End] != w.Text {
			t.Errorf("word %q does not stand at %d-%d", w.Text, w.Start, w.End)
		}
	}
	if !slices.Contains(got, "城区常住人口/10-28") {
		t.Errorf("Tag = %v, want the lexicon's 城区常住人口 whole", got)
	}
	if ws := ix.Tag(""); len(ws) != 0 {
		t.Errorf("Tag(\"\") = %v", ws)
	}
	for w, want := range map[string]bool{
		"北京": true, "杭州": true, "杭州市": true, "云南": true, "四川省": true, "长沙": true,
		"长度": false, "英雄": false, "太阳": false, "美丽": false, "上市": false, "山区": false, "市": false, "": false,
	} {
		if got := ix.IsPlaceName(w); got != want {
			t.Errorf("IsPlaceName(%q) = %v, want %v", w, got, want)
		}
	}
	if !ix.IsWord("意义") || ix.IsWord("遵意") {
		t.Error("IsWord: 意义 is a word, 遵意 is not")
	}
	if subs := ix.SubWords("新型城镇化"); !slices.Contains(subs, "城镇") || !slices.Contains(subs, "城镇化") {
		t.Errorf("SubWords(新型城镇化) = %v", subs)
	}
	if cut := ix.Cut("推进棚户区改造"); !slices.Contains(cut, "棚户区") {
		t.Errorf("Cut = %v", cut)
	}
}
