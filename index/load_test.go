package index

import (
	"context"
	"errors"
	"testing"
)

// TestBuildReturnsBeforeJieba: an index built in memory folds at once and
// cuts once jieba has loaded; Wait reports the load.
func TestBuildReturnsBeforeJieba(t *testing.T) {
	ix, err := Build(context.Background(), nil, testPlan(), "", Options{DictDir: testDictDir(), Words: []string{"黔中"}})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if got := ix.Normalize("ＡＢＣ遵義"); got != "abc遵义" {
		t.Errorf("Normalize = %q before or after the load, want abc遵义", got)
	}
	if err := ix.Wait(); err != nil {
		t.Fatalf("Wait: %v", err)
	}
	if got := ix.Cut("黔中城市群"); len(got) == 0 || got[0] != "黔中" {
		t.Errorf("Cut(黔中城市群) = %q, want the lexicon's 黔中 first", got)
	}
}

// TestLoadFailed: where jieba could not load, the words are none, the
// search fails with the reason, and Wait returns it — nothing panics.
func TestLoadFailed(t *testing.T) {
	norm, err := NewNormalizer()
	if err != nil {
		t.Fatal(err)
	}
	why := errors.New("jieba: no dictionary")
	ix := &Index{norm: norm, loaded: make(chan struct{}), loadErr: why}
	close(ix.loaded)
	if err := ix.Wait(); !errors.Is(err, why) {
		t.Errorf("Wait = %v, want %v", err, why)
	}
	if got, _ := ix.Fold("遵義"); got != "遵义" {
		t.Errorf("Fold = %q, want 遵义: folding needs no jieba", got)
	}
	if ix.Cut("遵义") != nil || ix.Tag("遵义") != nil || ix.SubWords("遵义") != nil || ix.Terms("遵义") != nil || ix.PlaceNames("遵义") != nil {
		t.Error("words cut without jieba")
	}
	if ix.IsWord("遵义") || ix.IsPlaceName("遵义市") {
		t.Error("a word known without jieba")
	}
	if _, err := ix.Search(context.Background(), Query{Text: "遵义"}); !errors.Is(err, why) {
		t.Errorf("Search: %v, want %v", err, why)
	}
}
