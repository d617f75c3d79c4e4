package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ from the current output")

// testDictDir is where every test's engine unpacks jieba's dictionaries, so
// that the tests neither write to the user's cache nor unpack them twice.
var testDictDir string

// asMainEnv makes the test binary run planbot's main instead of the tests,
// for tests that need planbot in a process of its own.
const asMainEnv = "PLANBOT_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asMainEnv) == "1" {
		main()
		os.Exit(0)
	}
	dir, err := os.MkdirTemp("", "planbot-cmd-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testDictDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// invocation is the outcome of one run of planbot.
type invocation struct {
	stdout, stderr string
	err            error
	code           int // the exit status main would give err
}

// planbot runs planbot in-process with args, stdin and env, the way main
// does, and returns what it printed. env holds the only variables it sees.
func planbot(t *testing.T, stdin string, env map[string]string, args ...string) invocation {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, envMap(env), strings.NewReader(stdin), &stdout, &stderr)
	code := exitCode(err, &stderr)
	return invocation{stdout: stdout.String(), stderr: stderr.String(), err: err, code: code}
}

// planbotProcess runs planbot in a process of its own (the test binary, made
// to run main) with args, stdin and only the environment variables in env.
func planbotProcess(t *testing.T, stdin string, env map[string]string, args ...string) invocation {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Skipf("cannot re-run the test binary: %v", err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = []string{asMainEnv + "=1"}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Dir = t.TempDir()
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	r := invocation{stdout: stdout.String(), stderr: stderr.String(), err: err}
	switch {
	case err == nil:
	case errors.As(err, &exit):
		r.code = exit.ExitCode()
	default:
		t.Fatalf("run planbot %q: %v", args, err)
	}
	return r
}

// withDicts returns args with --dict-dir pointing at the shared test
// directory inserted after the command, for commands that load the engine.
func withDicts(args ...string) []string {
	return append([]string{args[0], "--dict-dir", testDictDir}, args[1:]...)
}

func TestUsage(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string // in the error
	}{
		{"no-args", nil, "no command given"},
		{"unknown-command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"unknown-global-flag", []string{"--verbose"}, `unknown command "--verbose"`},
		{"export-no-kind", []string{"export"}, `export what? ""`},
		{"export-unknown-kind", []string{"export", "widgets"}, `export what? "widgets"`},
		{"export-format-xml", []string{"export", "clauses", "--format", "xml"}, `unknown format "xml"`},
		{"export-extra-arg", []string{"export", "clauses", "targets"}, `unexpected "targets"`},
		{"export-unknown-flag", []string{"export", "clauses", "--pretty"}, "flag provided but not defined: -pretty"},
		{"ask-no-question", []string{"ask"}, "no question"},
		{"ask-json-no-question", []string{"ask", "--json"}, "no question"},
		{"ask-unknown-flag", []string{"ask", "--yaml", "第15条"}, "flag provided but not defined: -yaml"},
		{"chat-unknown-flag", []string{"chat", "--color"}, "flag provided but not defined: -color"},
		{"chat-stray-argument", []string{"chat", "foo"}, `chat takes no arguments, got ["foo"]`},
		{"chart-no-question", []string{"chart", "-o", "a.png"}, "no question"},
		{"chart-no-output", []string{"chart", "遵义城区人口"}, "no output file"},
		{"chart-unknown-flag", []string{"chart", "遵义城区人口", "--svg"}, "flag provided but not defined: -svg"},
		{"duties-no-output", []string{"export", "duties", "--all"}, "no output file"},
		{"duties-no-dept", []string{"export", "duties", "-o", "a.xlsx"}, "give one of --dept NAME and --all"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := planbot(t, "", nil, tc.args...)
			if !errors.Is(r.err, errUsage) {
				t.Fatalf("planbot %q: err = %v, want a usage error", tc.args, r.err)
			}
			if !strings.Contains(r.err.Error(), tc.want) {
				t.Errorf("planbot %q: err = %v, want it to mention %q", tc.args, r.err, tc.want)
			}
			if r.code != 2 {
				t.Errorf("planbot %q: exit status %d, want 2", tc.args, r.code)
			}
			if !strings.HasPrefix(r.stderr, "planbot: usage: ") && !strings.Contains(r.stderr, "\nplanbot: usage: ") || !strings.Contains(r.stderr, "\nusage:") {
				t.Errorf("planbot %q: stderr has no usage line:\n%s", tc.args, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("planbot %q: printed %q to stdout, want nothing", tc.args, r.stdout)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	for _, arg := range []string{"help", "-h", "--help"} {
		r := planbot(t, "", nil, arg)
		if r.err != nil || r.code != 0 {
			t.Fatalf("planbot %s: err = %v, exit status %d", arg, r.err, r.code)
		}
		if r.stdout != usage+"\n" {
			t.Errorf("planbot %s printed %q, want the usage", arg, r.stdout)
		}
		for _, cmd := range []string{"planbot ask", "planbot chat", "planbot chart", "planbot export", "planbot export duties", "planbot serve"} {
			if !strings.Contains(r.stdout, cmd) {
				t.Errorf("planbot %s: the usage does not mention %q", arg, cmd)
			}
		}
		if r.stderr != "" {
			t.Errorf("planbot %s wrote to stderr: %q", arg, r.stderr)
		}
	}
}

func TestExitCode(t *testing.T) {
	for _, tc := range []struct {
		err    error
		code   int
		stderr string
	}{
		{nil, 0, ""},
		{fmt.Errorf("%w: bad", errUsage), 2, "planbot: usage: bad\n"},
		{fmt.Errorf("ask: %w", fmt.Errorf("%w: nested", errUsage)), 2, "planbot: ask: usage: nested\n"},
		{errors.New("disk full"), 1, "planbot: disk full\n"},
		{context.Canceled, 1, "planbot: context canceled\n"},
	} {
		var stderr bytes.Buffer
		if got := exitCode(tc.err, &stderr); got != tc.code || stderr.String() != tc.stderr {
			t.Errorf("exitCode(%v) = %d, printed %q; want %d, %q", tc.err, got, stderr.String(), tc.code, tc.stderr)
		}
	}
}

// golden compares got with the file testdata/name, or rewrites the file
// under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output; run go test -update and review the diff:\n%s", path, lineDiff(string(want), string(got)))
	}
}

// lineDiff lists the lines of want and got that differ, enough to see what
// changed without an external diff.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 20; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n-\t%s\n+\t%s\n", i+1, wl, gl)
			shown++
		}
	}
	if len(w) != len(g) {
		fmt.Fprintf(&b, "%d lines, want %d\n", len(g), len(w))
	}
	return b.String()
}

// TestUsageGolden keeps what planbot prints for a mistaken command line in
// testdata/usage.txtar, one file per command line.
func TestUsageGolden(t *testing.T) {
	cases := [][]string{
		nil,
		{"export"},
		{"export", "clauses", "--format", "xml"},
		{"ask"},
		{"chat", "--nope"},
		{"chart", "遵义城区人口"},
		{"export", "duties", "--all"},
	}
	var ar txtar.Archive
	ar.Comment = []byte("What planbot prints on stderr for each command line (go test -update rewrites this).\n")
	for _, args := range cases {
		r := planbot(t, "", nil, args...)
		if r.code != 2 {
			t.Errorf("planbot %q: exit status %d, want 2", args, r.code)
		}
		name := "planbot"
		if len(args) > 0 {
			name += " " + strings.Join(args, " ")
		}
		ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(r.stderr)})
	}
	golden(t, "usage.txtar", txtar.Format(&ar))
}

// TestProcessExitStatus checks the exit statuses main gives the process.
func TestProcessExitStatus(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args   []string
		code   int
		stdout string // a prefix
		stderr string // a prefix
	}{
		{[]string{"help"}, 0, "usage:\n  planbot ask", ""},
		{nil, 2, "", "planbot: usage: no command given\nusage:\n"},
		{[]string{"export", "clauses", "--format", "xml"}, 2, "", "planbot: usage: unknown format"},
		{[]string{"ask", "--synonyms", "/nonexistent/synonyms.txt", "第15条"}, 1, "", "planbot: read synonyms: open /nonexistent/synonyms.txt"},
	} {
		r := planbotProcess(t, "", nil, tc.args...)
		if r.code != tc.code || !strings.HasPrefix(r.stdout, tc.stdout) || !strings.HasPrefix(r.stderr, tc.stderr) {
			t.Errorf("planbot %q: exit status %d, stdout %q, stderr %q; want %d, %q…, %q…", tc.args, r.code, r.stdout, r.stderr, tc.code, tc.stdout, tc.stderr)
		}
	}
}
