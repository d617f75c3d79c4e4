// Command gendict writes the jieba dictionary planbot embeds,
// index/dict/jieba.dict.utf8.gz, from gojieba's full one in the module
// cache, and index/dict_version.go, which names the directory the embedded
// dictionaries are extracted to. It exists so that the embedded dictionary
// is made, never edited: package dictgen says what it keeps and why. Run it
// after changing the plan, the word lists, the gojieba version or any file
// under index/dict:
//
//	go generate ./index
//
// -top, -tags and -full change what is kept and from what, -dir and
// -version where it is written; the measurements below were made with them.
//
// # Choosing how many frequent words to keep
//
// Each row is a dictionary made with -top N, with or without -tags ns
// (every place name). NewJieba is gojieba.NewJieba on the extracted files;
// ask is a whole `planbot ask --json` of one question, files already
// extracted: the fastest of 9 runs and the peak RSS. The machine, 2 cores
// shared with other jobs (load 5–6), ran the full dictionary's ask in 2.7 s
// where the issue measured about 1 s, so read the times as ratios. Replies
// are `planbot ask --json` compared line by line with the full dictionary's
// on the 60 dev and 150 more questions of the evaluation sets and on 400
// questions about places the plan does not cover (图们市城镇化率多少, four
// wordings, places drawn from the dictionary's ns words ending in 市, 县 or
// 省), where the right reply is "the plan has nothing on 图们市". Tests are
// go test ./... without the check that the embedded file is generated;
// TestGenerated answered all of its 1028 questions right in every row.
//
//	top     ns  words    gz KB  NewJieba      ask           replies changed   go test
//	                            s     MB      s     MB      dev more places
//	full        348,982  1,861  1.70  147     2.66  176     0   0      0      pass
//	20,000  -    21,593    139  0.08   13     0.39   46     0   0    389      TestAskNone (杭州市5G基站), TestPlaceNames
//	50,000  -    51,102    324  0.17   23     0.49   56     0   0    379      pass
//	5,000   ns   24,920    146  0.09   16     0.39   54     0   0      3      pass
//	10,000  ns   29,128    174  0.10   17     0.41   55     0   0      2      pass
//	20,000  ns   38,136    232  0.14   20     0.46   56     0   0      2      pass
//	30,000  ns   47,392    290  0.16   23     0.49   59     0   0      1      pass
//	40,000  ns   56,734    348  0.19   26     0.51   63     0   0      1      pass
//	50,000  ns   66,098    407  0.24   30     0.58   67     0   0      0      pass
//	100,000 ns  112,409    683  0.40   48     0.89   86     0   0      0      pass
//
// With the plan's words alone (-top 0) a dev and a more reply changed
// (北京城镇化率多少 and 上海地铁有几条线 lost outside_plan), and with -tags
// ns too index's TestWords still failed. The evaluation sets cannot tell
// 5,000 words from 350,000: their questions use the plan's words, which are
// always kept. What tells is the questions about other places, and the rest
// of the test suite: without ns, a place the HMM cuts is tagged x and the
// question is answered with the province's figures; with ns but fewer than
// 50,000 words, a few such places are still cut differently (韩城市, 白城市).
// 50,000 with ns is the smallest that changed nothing anywhere; it also kept
// the 216 questions of answer/testdata and the second test plan's replies
// unchanged. It loads in about a seventh of the time and a fifth of the
// memory of the full dictionary; what is left of planbot's start (about
// 0.35 s on this machine with plan words only) is the index and the
// engine, not jieba.
package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/planbot/planbot/index/internal/dictgen"
)

// gojiebaModule is where the full dictionary comes from, at the version
// go.mod requires.
const gojiebaModule = "github.com/yanyiwu/gojieba"

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gendict:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("gendict", flag.ContinueOnError)
	keep := dictgen.Default()
	fs.IntVar(&keep.Top, "top", keep.Top, "keep the `N` most frequent words")
	tags := fs.String("tags", strings.Join(keep.Tags, ","), "keep every word with one of these comma-separated `TAGS`")
	full := fs.String("full", "", "read the full dictionary from `FILE` (default: gojieba's, found with go list)")
	dir := fs.String("dir", "dict", "write jieba.dict.utf8.gz to `DIR`, which holds the other embedded dictionaries")
	version := fs.String("version", "dict_version.go", "write the dictionaries' version to `FILE`; empty for none")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	keep.Tags = nil
	for t := range strings.SplitSeq(*tags, ",") {
		if t = strings.TrimSpace(t); t != "" {
			keep.Tags = append(keep.Tags, t)
		}
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if *full == "" {
		p, err := fullDictPath()
		if err != nil {
			return err
		}
		*full = p
	}

	fullDict, err := os.ReadFile(*full)
	if err != nil {
		return fmt.Errorf("full dictionary: %w", err)
	}
	dict, err := dictgen.Generate(fullDict, keep)
	if err != nil {
		return fmt.Errorf("%s: %w", *full, err)
	}
	gz, err := dictgen.Gzip(dict)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(*dir, "jieba.dict.utf8.gz"), gz, 0o644); err != nil {
		return fmt.Errorf("write dictionary: %w", err)
	}
	if *version == "" {
		return nil
	}
	files, err := readDicts(*dir)
	if err != nil {
		return err
	}
	return writeVersion(*version, dictgen.Version(files))
}

// fullDictPath asks the go command where gojieba's module is, as the build
// would find it, so that the dictionary matches the version linked.
func fullDictPath() (string, error) {
	var stderr bytes.Buffer
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", gojiebaModule)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go list -m %s: %w: %s", gojiebaModule, err, strings.TrimSpace(stderr.String()))
	}
	dir := strings.TrimSpace(string(out))
	if dir == "" {
		return "", fmt.Errorf("go list -m %s: module not downloaded (run go mod download)", gojiebaModule)
	}
	return filepath.Join(dir, "deps", "cppjieba", "dict", "jieba.dict.utf8"), nil
}

// readDicts reads and uncompresses every dictionary under dir, as they will
// be extracted.
func readDicts(dir string) ([]dictgen.File, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.gz"))
	if err != nil {
		return nil, fmt.Errorf("dictionaries: %w", err)
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no dictionaries in %s", dir)
	}
	var files []dictgen.File
	for _, p := range paths {
		b, err := gunzip(p)
		if err != nil {
			return nil, err
		}
		files = append(files, dictgen.File{Name: strings.TrimSuffix(filepath.Base(p), ".gz"), Content: b})
	}
	return files, nil
}

func gunzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("dictionary: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("dictionary %s: %w", path, err)
	}
	b, err := io.ReadAll(zr)
	if err == nil {
		err = zr.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("dictionary %s: %w", path, err)
	}
	return b, nil
}

func writeVersion(path, version string) error {
	src := fmt.Sprintf(`// Code generated by gendict; DO NOT EDIT.

package index

// dictVersion names the directory the embedded dictionaries are extracted
// to: a hash of their names and uncompressed contents, so that a binary with
// other dictionaries never reads files another one wrote, and an unchanged
// binary finds its files from the last run. It is computed when they are
// generated rather than at every start.
const dictVersion = %q
`, version)
	b, err := format.Source([]byte(src))
	if err != nil {
		return fmt.Errorf("format %s: %w", path, err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("write version: %w", err)
	}
	return nil
}
