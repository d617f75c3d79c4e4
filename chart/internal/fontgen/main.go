// Command fontgen subsets the chart font to the characters charts can draw
// (package fontset says which), so that planbot ships a few hundred
// kilobytes of font rather than a system font a server may lack.
//
// It runs from package chart (go generate ./chart) and needs the source
// font, packaged by Debian (apt-get install fonts-wqy-microhei), and
// fontTools' subsetter (apt-get install python3-fonttools). Only
// regenerating needs them: the subset is committed.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/planbot/planbot/chart/internal/fontset"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "fontgen:", err)
		os.Exit(1)
	}
}

type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(s string) error { *l = append(*l, s); return nil }

func run(args []string) error {
	fs := flag.NewFlagSet("fontgen", flag.ContinueOnError)
	src := fs.String("src", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "the source font `FILE` (a TrueType collection)")
	number := fs.Int("font-number", 0, "the face to take from the collection: 0 is WenQuanYi Micro Hei, 1 its Mono")
	out := fs.String("out", "font/wqy-microhei-subset.ttf", "write the subset to `FILE`; its character list goes beside it as chars.txt")
	var texts, labels list
	fs.Var(&texts, "text", "a `DIR` of .txt files whose characters the font must hold (repeatable)")
	fs.Var(&labels, "labels", "a Go `FILE` or package directory whose string literals the font must hold (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if len(texts) == 0 {
		return fmt.Errorf("no -text directory given")
	}
	runes, err := fontset.Runes(texts, labels)
	if err != nil {
		return err
	}
	chars := filepath.Join(filepath.Dir(*out), "chars.txt")
	if err := os.WriteFile(chars, []byte(string(runes)+"\n"), 0o644); err != nil {
		return fmt.Errorf("write character list: %w", err)
	}
	py, err := python()
	if err != nil {
		return err
	}
	// No hinting and no layout features: the chart's rasterizer uses
	// neither, and the same inputs then give the same bytes.
	cmd := exec.Command(py, "-m", "fontTools.subset", *src,
		fmt.Sprintf("--font-number=%d", *number),
		"--text-file="+chars,
		"--output-file="+*out,
		"--no-hinting",
		"--layout-features=",
		"--name-IDs=*",
		"--name-languages=*",
		"--drop-tables+=FFTM")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("subset %s: %w", *src, err)
	}
	fmt.Printf("fontgen: %d characters → %s\n", len(runes), *out)
	return nil
}

// python is a Python 3 with fontTools: the first python3 on PATH, or
// Debian's, which python3-fonttools installs into.
func python() (string, error) {
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import fontTools.subset").Run() == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no python3 with fontTools: apt-get install python3-fonttools")
}
