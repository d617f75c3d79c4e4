package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/data"
	"github.com/planbot/planbot/data/plan"
)

// engineFlags are the flags every command that answers takes.
type engineFlags struct {
	planFlag
	index    string
	dicts    string
	synonyms string
}

// planFlag is --plan, which every command takes.
type planFlag struct {
	plan string
}

func (f *planFlag) register(fs *flag.FlagSet, getenv func(string) string) {
	fs.StringVar(&f.plan, "plan", getenv("PLANBOT_PLAN"), "answer from the plan in `FILE`, its official text in the same format (env PLANBOT_PLAN); default: the embedded 贵州省新型城镇化实施方案")
}

// text is the plan's text: the file --plan names, or the embedded plan.
func (f *planFlag) text() (string, error) {
	return fileOr(f.plan, data.GuizhouUrbanization(), "plan")
}

// fileOr is the text of the file at path, or embedded when path is "".
func fileOr(path, embedded, what string) (string, error) {
	if path == "" {
		return embedded, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", what, err)
	}
	return string(b), nil
}

// parse parses the plan --plan names, or the embedded one; an error names
// the file and the line.
func (f *planFlag) parse() (*plan.Plan, error) {
	text, err := f.text()
	if err != nil {
		return nil, err
	}
	p, err := plan.Parse(text)
	if err != nil {
		return nil, f.planError(err)
	}
	return p, nil
}

// planError puts the plan file's name before a parse error.
func (f *planFlag) planError(err error) error {
	name := f.plan
	if name == "" {
		name = "the embedded plan"
	}
	return fmt.Errorf("%s: %w", name, err)
}

func (f *engineFlags) register(fs *flag.FlagSet, getenv func(string) string) {
	f.planFlag.register(fs, getenv)
	fs.StringVar(&f.index, "index", getenv("PLANBOT_INDEX"), "keep the search index in `DIR` (built there if missing; env PLANBOT_INDEX); default: in memory")
	fs.StringVar(&f.dicts, "dict-dir", getenv("PLANBOT_DICT_DIR"), "unpack jieba's dictionaries under `DIR` (env PLANBOT_DICT_DIR); default: the user cache directory")
	fs.StringVar(&f.synonyms, "synonyms", getenv("PLANBOT_SYNONYMS"), "read synonyms from `FILE` (env PLANBOT_SYNONYMS); default: the embedded data/synonyms.txt")
}

// load builds the engine over the plan.
func (f *engineFlags) load(ctx context.Context, logger *slog.Logger) (*answer.Engine, error) {
	syn, err := f.readSynonyms()
	if err != nil {
		return nil, err
	}
	p, err := f.parse()
	if err != nil {
		return nil, err
	}
	return answer.Open(ctx, logger, p, answer.Words{Synonyms: syn, Cues: data.Cues(), Names: data.Names()},
		answer.Options{IndexDir: f.index, DictDir: f.dicts})
}

// readSynonyms reads the synonyms file named by --synonyms, or the embedded one.
func (f *engineFlags) readSynonyms() (string, error) {
	return fileOr(f.synonyms, data.Synonyms(), "synonyms")
}

const askUsage = "usage: planbot ask [--json] QUESTION… | planbot ask [--json] -   (one question a line on stdin)"

// runAsk answers the questions given as arguments, or one a line from stdin.
func runAsk(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ask", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print each answer as one line of JSON")
	var ef engineFlags
	ef.register(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %v\n%s", errUsage, err, askUsage)
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("%w: no question\n%s", errUsage, askUsage)
	}
	e, err := ef.load(ctx, newLogger(stderr, getenv))
	if err != nil {
		return err
	}
	defer e.Close()
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	answerOne := func(q string) error {
		a := e.Ask(ctx, q)
		if *asJSON {
			return writeAnswerJSON(out, a)
		}
		_, err := fmt.Fprintf(out, "%s\n\n", a.Reply)
		return err
	}
	if fs.NArg() == 1 && fs.Arg(0) == "-" {
		sc := bufio.NewScanner(stdin)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := answerOne(sc.Text()); err != nil { // ScanLines drops a \r before the \n
				return err
			}
		}
		if err := sc.Err(); err != nil {
			return fmt.Errorf("read questions: %w", err)
		}
		return nil
	}
	for _, q := range fs.Args() {
		if err := answerOne(q); err != nil {
			return err
		}
	}
	return nil
}

func writeAnswerJSON(w io.Writer, a answer.Answer) error {
	if a.Results == nil {
		a.Results = []answer.Result{}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(a)
}

// runChat is a terminal chat with the bot's replies.
func runChat(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("chat", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var ef engineFlags
	ef.register(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %v\nusage: planbot chat", errUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: chat takes no arguments, got %q\nusage: planbot chat (then type questions)", errUsage, fs.Args())
	}
	e, err := ef.load(ctx, newLogger(stderr, getenv))
	if err != nil {
		return err
	}
	defer e.Close()
	p := e.Plan()
	fmt.Fprintf(stdout, "planbot：《%s》（%s）\n输入问题后回车；“第15条”看全文；空行或 Ctrl-D 退出。\n\n> ", p.Title, p.DocNumber)
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		q := strings.TrimSpace(sc.Text())
		if q == "" || q == "exit" || q == "quit" {
			break
		}
		fmt.Fprintf(stdout, "%s\n\n> ", e.Ask(ctx, q).Reply)
	}
	fmt.Fprintln(stdout)
	return sc.Err()
}

// newLogger logs to stderr at warning level, or as PLANBOT_LOG_LEVEL says.
func newLogger(stderr io.Writer, getenv func(string) string) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(getenv("PLANBOT_LOG_LEVEL"))); err != nil || getenv("PLANBOT_LOG_LEVEL") == "" {
		level = slog.LevelWarn
	}
	return slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
}
