// Package fontset lists the characters the chart font must hold: every
// character of the plan texts planbot embeds and of the labels the chart
// code writes. The font generator subsets the font to them, and the chart
// tests check the committed font against them, so that the two cannot drift
// apart.
package fontset

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Runes returns, sorted and once each, the printable characters of the
// .txt files in textDirs, of the string literals in the Go files goFiles
// (test files left out), of printable ASCII, which numbers and units need
// whatever a plan holds, and the 3,755 common characters of GB 2312's
// first level, so that another plan given with --plan (湖南, 湘潭) charts
// too, not only the embedded one.
func Runes(textDirs, goFiles []string) ([]rune, error) {
	set := map[rune]bool{}
	add := func(s string) {
		for _, r := range s {
			if unicode.IsPrint(r) {
				set[r] = true
			}
		}
	}
	for r := rune(0x20); r < 0x7f; r++ {
		set[r] = true
	}
	common, err := CommonHanzi()
	if err != nil {
		return nil, err
	}
	for _, r := range common {
		set[r] = true
	}
	for _, dir := range textDirs {
		names, err := filepath.Glob(filepath.Join(dir, "*.txt"))
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", dir, err)
		}
		if len(names) == 0 {
			return nil, fmt.Errorf("no .txt files in %s", dir)
		}
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				return nil, fmt.Errorf("read plan text: %w", err)
			}
			add(string(b))
		}
	}
	for _, f := range goFiles {
		lits, err := Literals(f)
		if err != nil {
			return nil, err
		}
		for _, l := range lits {
			add(l)
		}
	}
	out := make([]rune, 0, len(set))
	for r := range set {
		out = append(out, r)
	}
	slices.Sort(out)
	return out, nil
}

// CommonHanzi are the characters of GB 2312's first level, rows 16 to 55:
// the 3,755 most used in simplified Chinese, decoded from their codes.
func CommonHanzi() ([]rune, error) {
	dec := simplifiedchinese.GBK.NewDecoder()
	var out []rune
	for hi := 0xB0; hi <= 0xD7; hi++ {
		for lo := 0xA1; lo <= 0xFE; lo++ {
			if hi == 0xD7 && lo > 0xF9 {
				break // row 55 ends at 0xD7F9
			}
			b, err := dec.Bytes([]byte{byte(hi), byte(lo)})
			if err != nil {
				return nil, fmt.Errorf("decode GB 2312 %X%X: %w", hi, lo, err)
			}
			out = append(out, []rune(string(b))...)
		}
	}
	if len(out) != 3755 {
		return nil, fmt.Errorf("GB 2312's first level decoded to %d characters, want 3755", len(out))
	}
	return out, nil
}

// Literals returns the string literals of a Go file, or of every non-test
// Go file when path is a directory: the labels the code can draw.
func Literals(path string) ([]string, error) {
	files := []string{path}
	if st, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("label source: %w", err)
	} else if st.IsDir() {
		all, err := filepath.Glob(filepath.Join(path, "*.go"))
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", path, err)
		}
		files = slices.DeleteFunc(all, func(f string) bool { return strings.HasSuffix(f, "_test.go") })
	}
	var out []string
	fset := token.NewFileSet()
	for _, f := range files {
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("read labels: %w", err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && (lit.Kind == token.STRING || lit.Kind == token.CHAR) {
				s, err := strconv.Unquote(lit.Value)
				if err == nil {
					out = append(out, s)
				}
			}
			return true
		})
	}
	return out, nil
}
