package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestReadingsGenerated: data/readings.txt is what go generate ./data writes
// today from the Unihan data, where this machine has it.
func TestReadingsGenerated(t *testing.T) {
	const unihan = "/usr/share/unicode/Unihan_Readings.txt.bz2"
	if _, err := os.Stat(unihan); err != nil {
		t.Skipf("no %s (Debian's unicode-data) to regenerate from", unihan)
	}
	out := filepath.Join(t.TempDir(), "readings.txt")
	if err := run(unihan, out); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile(filepath.Join("..", "..", "readings.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(committed) {
		t.Error("data/readings.txt is not what go generate ./data writes; run it")
	}
}

// TestToneless: tone marks come off, ü is v.
func TestToneless(t *testing.T) {
	for in, want := range map[string]string{"qiū": "qiu", "lǜ": "lv", "nǚ": "nv", "lüè": "lve", "zūn": "zun", "ér": "er", "m̀": "m"} {
		if got := toneless(in); got != want {
			t.Errorf("toneless(%q) = %q, want %q", in, got, want)
		}
	}
}
