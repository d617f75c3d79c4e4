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
	"runtime"
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
	return answer.Open(ctx, logger, p, answer.Words{Synonyms: syn, Cues: data.Cues(), Names: data.Names(), Readings: data.Readings()},
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
	jobs := fs.Int("jobs", runtime.GOMAXPROCS(0), "answer questions from stdin on `N` goroutines at once; the answers keep the questions' order")
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
	write := func(a answer.Answer) error {
		if *asJSON {
			return writeAnswerJSON(out, a)
		}
		_, err := fmt.Fprintf(out, "%s\n\n", a.Reply)
		return err
	}
	if fs.NArg() == 1 && fs.Arg(0) == "-" {
		releaseCHeap() // a batch runs long: what loading freed goes back
		return askLines(ctx, e, *jobs, stdin, write)
	}
	for _, q := range fs.Args() {
		if err := write(e.Ask(ctx, q)); err != nil {
			return err
		}
	}
	return nil
}

// askLines answers the questions of in, one a line, on jobs goroutines at
// once, and writes the answers in the order of the questions. The engine
// answers concurrently (the bot asks it from every chat at once); a batch
// of 10,500 questions took 1.8 s on one goroutine and 1.1 s on two, on
// the 2-core development machine.
func askLines(ctx context.Context, e *answer.Engine, jobs int, in io.Reader, write func(answer.Answer) error) error {
	jobs = max(jobs, 1)
	type pending struct {
		question string
		done     chan answer.Answer
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan *pending, 4*jobs)
	ordered := make(chan *pending, 4*jobs)
	var readErr error
	go func() {
		defer close(ordered)
		defer close(work)
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() { // ScanLines drops a \r before the \n
			p := &pending{question: sc.Text(), done: make(chan answer.Answer, 1)}
			select {
			case work <- p:
			case <-ctx.Done():
				return
			}
			select {
			case ordered <- p:
			case <-ctx.Done():
				return
			}
		}
		if err := sc.Err(); err != nil {
			readErr = fmt.Errorf("read questions: %w", err)
		}
	}()
	for range jobs {
		go func() {
			for p := range work {
				p.done <- e.Ask(ctx, p.question)
			}
		}()
	}
	for p := range ordered {
		select {
		case a := <-p.done:
			if err := write(a); err != nil {
				return err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// ordered is closed after the reader's last write to readErr.
	return readErr
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
	releaseCHeap()
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
