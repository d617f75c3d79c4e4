package index

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/planbot/planbot/index/internal/dictgen"
)

// TestT2SChangesGenerated checks that t2s_changes.go is what gent2s makes from
// the opencc module the build links, so that a new opencc version cannot
// leave the Normalizer skipping characters it now converts.
func TestT2SChangesGenerated(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/longbridgeapp/opencc").Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		t.Skipf("the opencc module is not in the module cache, so t2s_changes.go cannot be regenerated: %v", err)
	}
	chars, err := os.ReadFile(filepath.Join(dir, "dictionary", dictgen.T2SCharacters))
	if err != nil {
		t.Skipf("opencc's dictionaries: %v", err)
	}
	phrases, err := os.ReadFile(filepath.Join(dir, "dictionary", dictgen.T2SPhrases))
	if err != nil {
		t.Skipf("opencc's dictionaries: %v", err)
	}
	runes, words, err := dictgen.T2SChanges(chars, phrases)
	if err != nil {
		t.Fatal(err)
	}
	if string(runes) != t2sChars || strings.Join(words, "\n") != t2sPhrases {
		t.Errorf("t2s_changes.go is stale (%d characters, the dictionaries give %d): run go generate ./index", utf8.RuneCountInString(t2sChars), len(runes))
	}
}

// TestNormalizeSkipsOnlyWhatT2SKeeps folds texts with the conversion
// skipped where t2s_changes.go allows and compares them with OpenCC's own output:
// the plan's characters one by one, the traditional forms of questions,
// and the phrases made of simplified characters that OpenCC still changes.
func TestNormalizeSkipsOnlyWhatT2SKeeps(t *testing.T) {
	n, err := NewNormalizer()
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"遵义2025年城区常住人口目标是多少", "遵義2025年城區常住人口目標是多少", "貴陽和遵義公交分擔率",
		"沈默", "沈船", "沈阳", "乾隆", "乾燥", "一目了然", "一目瞭然", "反覆", "覆盖率", "回覆", "後來", "发展和改革委员会",
	}
	seen := map[rune]bool{}
	for _, r := range "推进以人为核心的新型城镇化，城区常住人口、海绵城市、棚户区改造、责任单位：省发展改革委" + t2sChars[:300] + t2sPhrases {
		if !seen[r] && unicode.Is(unicode.Han, r) {
			seen[r] = true
			texts = append(texts, string(r))
		}
	}
	for _, s := range texts {
		want, err := n.t2s.Convert(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := n.Normalize(s); got != want && utf8.RuneCountInString(want) == utf8.RuneCountInString(s) {
			t.Errorf("Normalize(%q) = %q, OpenCC gives %q", s, got, want)
		}
	}
}
