package main

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCopiedBinary builds planbot and runs the binary where the Go module
// cache, and so gojieba's own copy of its dictionaries, is out of reach, as on
// a server it was copied to: it must answer from the dictionaries it carries,
// unpacked under the user's cache directory.
func TestCopiedBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds planbot with cgo")
	}
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command: %v", err)
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "bin", "planbot")
	build := exec.Command(goTool, "build", "-trimpath", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	// The binary is copied away from where it was built, as a deploy would.
	copied := filepath.Join(tmp, "server", "planbot")
	b, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(copied), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(copied, b, 0o755); err != nil {
		t.Fatal(err)
	}

	empty := filepath.Join(tmp, "empty")
	cache := filepath.Join(tmp, "cache")
	for _, d := range []string{empty, filepath.Join(tmp, "home")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(copied, "ask", "--json", zunyi)
	cmd.Dir = tmp
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + filepath.Join(tmp, "home"),
		"XDG_CACHE_HOME=" + cache,
		"GOMODCACHE=" + empty,
		"GOPATH=" + empty,
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("planbot ask: %v\n%s", err, stderr.String())
	}
	as := answerLines(t, stdout.String())
	if len(as) != 1 {
		t.Fatalf("%d answers, want 1:\n%s", len(as), stdout.String())
	}
	checkZunyi(t, as[0])
	if strings.TrimSpace(stderr.String()) != "" {
		t.Errorf("stderr: %s", stderr.String())
	}

	dicts, err := filepath.Glob(filepath.Join(cache, "planbot", "jieba-*", "jieba.dict.utf8"))
	if err != nil || len(dicts) != 1 {
		t.Fatalf("dictionaries under %s: %q, %v; want one jieba-*/jieba.dict.utf8", cache, dicts, err)
	}
	// The embedded dictionary is cut down from gojieba's 5 MB but still
	// holds tens of thousands of words: a smaller file is a stand-in.
	if fi, err := os.Stat(dicts[0]); err != nil || fi.Size() < 256<<10 {
		t.Errorf("%s: %v, want the whole embedded dictionary (hundreds of KB)", dicts[0], err)
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Errorf("the binary wrote to GOPATH/GOMODCACHE: %v", entries)
	}

	// Charts draw Chinese with the font the binary carries, whatever fonts
	// the server has.
	pngFile := filepath.Join(tmp, "chart.png")
	chartCmd := exec.Command(copied, "chart", "贵阳和遵义公交分担率", "-o", pngFile)
	chartCmd.Dir, chartCmd.Env = tmp, cmd.Env
	if out, err := chartCmd.CombinedOutput(); err != nil {
		t.Fatalf("planbot chart: %v\n%s", err, out)
	}
	f, err := os.Open(pngFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := png.Decode(f); err != nil {
		t.Errorf("planbot chart wrote no PNG: %v", err)
	}
}
