package index

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/yanyiwu/gojieba"

	"github.com/planbot/planbot/index/internal/dictgen"
)

// TestDictsWithoutModuleCache is what a copied binary meets: a fresh home,
// no cache, and gojieba's own dictionary paths pointing nowhere. The
// segmenter must work from the embedded copies alone.
func TestDictsWithoutModuleCache(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, "cache"))
	t.Setenv("LocalAppData", filepath.Join(home, "cache"))
	saved := []*string{&gojieba.DICT_DIR, &gojieba.DICT_PATH, &gojieba.HMM_PATH, &gojieba.USER_DICT_PATH, &gojieba.IDF_PATH, &gojieba.STOP_WORDS_PATH}
	for _, p := range saved {
		old := *p
		*p = filepath.Join(home, "no-module-cache", filepath.Base(old))
		t.Cleanup(func() { *p = old })
	}

	// The default place is under the (fresh) user cache.
	paths, wrote, err := extractDicts("")
	if err != nil {
		t.Fatal(err)
	}
	if !wrote {
		t.Error("nothing extracted into a fresh cache")
	}
	for _, p := range paths {
		if !strings.HasPrefix(p, home) {
			t.Errorf("dictionary %s outside the user's cache %s", p, home)
		}
	}
	if _, wrote, err := extractDicts(""); err != nil || wrote {
		t.Errorf("second extraction: wrote %v, err %v; want the files reused", wrote, err)
	}

	// An explicit, empty directory.
	dir := t.TempDir()
	tk, err := NewTokenizer(dir, []string{"黔中"})
	if err != nil {
		t.Fatal(err)
	}
	var terms []string
	for _, tok := range tk.Tokenize([]byte("黔中城市群")) {
		terms = append(terms, string(tok.Term))
	}
	if strings.Join(terms, " ") != "黔中 城市 城市群" {
		t.Errorf("segmented %q", terms)
	}
	got, _ := filepath.Glob(filepath.Join(dir, "jieba-*", "*.utf8"))
	if len(got) != len(dictFiles) {
		t.Errorf("extracted %v, want %d files", got, len(dictFiles))
	}
}

// TestExtractConcurrently has several extractions race on one directory, as
// processes started together would.
func TestExtractConcurrently(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() { _, _, errs[i] = extractDicts(dir) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	paths, _, err := extractDicts(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := checkDictPaths(paths); err != nil {
		t.Fatal(err)
	}
	for i, p := range paths {
		gz, _ := dictFS.ReadFile("dict/" + dictFiles[i] + ".gz")
		fi, err := os.Stat(p)
		if err != nil || fi.Size() != gzipSize(gz) {
			t.Errorf("%s: %v, size mismatch", p, err)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*", ".*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestExtractTruncated replaces a half-written file, as a crash before the
// atomic rename cannot leave but a disk-full copy by hand could.
func TestExtractTruncated(t *testing.T) {
	dir := t.TempDir()
	paths, _, err := extractDicts(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(paths[1], []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, wrote, err := extractDicts(dir); err != nil || !wrote {
		t.Errorf("wrote %v, err %v; want the truncated file rewritten", wrote, err)
	}
}

func TestExtractUnwritable(t *testing.T) {
	f := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(f, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := extractDicts(f); err == nil {
		t.Error("extracting under a file: no error")
	}
	if _, err := NewTokenizer(f, nil); err == nil {
		t.Error("tokenizer with dictionaries under a file: no error")
	}
	if err := checkDictPaths([]string{filepath.Join(f, "missing")}); err == nil {
		t.Error("missing dictionary: no error")
	}
}

// TestDictsGenerated checks that the embedded dictionary is what gendict
// makes from gojieba's full one, byte for byte, and that dict_version.go
// names the embedded files, so that neither is edited by hand or left
// behind when the plan, the word lists or gojieba change.
func TestDictsGenerated(t *testing.T) {
	full, err := os.ReadFile(gojieba.DICT_PATH)
	if err != nil {
		t.Skipf("gojieba's full dictionary is not in the module cache, so the embedded one cannot be regenerated: %v", err)
	}
	want, err := dictgen.Generate(full, dictgen.Default())
	if err != nil {
		t.Fatal(err)
	}
	wantGz, err := dictgen.Gzip(want)
	if err != nil {
		t.Fatal(err)
	}

	// Every embedded file, as gendict hashes every file it finds beside
	// the one it writes.
	paths, err := fs.Glob(dictFS, "dict/*.gz")
	if err != nil {
		t.Fatal(err)
	}
	var files []dictgen.File
	for _, p := range paths {
		name := strings.TrimSuffix(path.Base(p), ".gz")
		gz, err := dictFS.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		files = append(files, dictgen.File{Name: name, Content: b})
		if name != "jieba.dict.utf8" {
			continue
		}
		switch {
		case !bytes.Equal(b, want):
			t.Errorf("dict/%s.gz holds %d lines, gendict makes %d%s: run go generate ./index",
				name, bytes.Count(b, []byte("\n")), bytes.Count(want, []byte("\n")), firstDiff(b, want))
		case !bytes.Equal(gz, wantGz):
			t.Errorf("dict/%s.gz has the right words but not gendict's gzip bytes (compressed by hand, or by another Go release): run go generate ./index", name)
		}
	}
	if v := dictgen.Version(files); v != dictVersion {
		t.Errorf("dict_version.go says %s, the embedded dictionaries are %s: run go generate ./index", dictVersion, v)
	}
}

// firstDiff describes the first line where got and want differ.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("; line %d is %q, want %q", i+1, g[i], w[i])
		}
	}
	return ""
}
