// Command gent2s writes index/t2s_changes.go: the characters and phrases
// OpenCC's traditional-to-simplified conversion changes, read from the
// opencc module in the module cache. The Normalizer skips OpenCC for a
// text with none of them — most questions, and all of a plan written in
// simplified characters — which saves tens of milliseconds at start and
// microseconds a question. It exists so that the list is made from the
// dictionaries the binary converts with, never typed in; run it after
// changing the opencc version:
//
//	go generate ./index
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/planbot/planbot/index/internal/dictgen"
)

// openccModule holds the dictionaries, at the version go.mod requires.
const openccModule = "github.com/longbridgeapp/opencc"

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gent2s:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("gent2s", flag.ContinueOnError)
	out := fs.String("o", "t2s_changes.go", "write the Go source to `FILE`")
	dir := fs.String("dict", "", "read OpenCC's dictionaries from `DIR` (default: the opencc module's, found with go list)")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	if *dir == "" {
		d, err := moduleDir()
		if err != nil {
			return err
		}
		*dir = filepath.Join(d, "dictionary")
	}
	chars, err := os.ReadFile(filepath.Join(*dir, dictgen.T2SCharacters))
	if err != nil {
		return fmt.Errorf("t2s dictionary: %w", err)
	}
	phrases, err := os.ReadFile(filepath.Join(*dir, dictgen.T2SPhrases))
	if err != nil {
		return fmt.Errorf("t2s dictionary: %w", err)
	}
	runes, words, err := dictgen.T2SChanges(chars, phrases)
	if err != nil {
		return err
	}
	src, err := dictgen.T2SSource(runes, words)
	if err != nil {
		return err
	}
	return os.WriteFile(*out, src, 0o644)
}

// moduleDir asks the go command where the opencc module is, as the build
// would find it.
func moduleDir() (string, error) {
	var stderr bytes.Buffer
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", openccModule)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go list -m %s: %w: %s", openccModule, err, strings.TrimSpace(stderr.String()))
	}
	d := strings.TrimSpace(string(out))
	if d == "" {
		return "", fmt.Errorf("go list -m %s: module not downloaded (run go mod download)", openccModule)
	}
	return d, nil
}
