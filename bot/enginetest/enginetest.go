// Package enginetest is a fake answering engine for the bot's tests, in the
// style of golang/oscar's fakes: an in-memory bot.Engine whose answers each
// test sets, so that what a test expects of the bot is written in the test
// and never adapted to what today's engine happens to answer. The real
// engine has its own tests (package answer); a few end-to-end tests of the
// bot run it too.
package enginetest

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/data/plan"
)

// The methods of bot.Engine that answer, as Set and Asked name them.
const (
	Ask        = "ask"
	Clause     = "clause"
	Department = "dept"
	Targets    = "targets"
	Search     = "search"
)

// Engine is the fake. Answers not set are the real engine's kind of "not
// in the plan". Its methods are safe for concurrent use.
type Engine struct {
	mu      sync.Mutex
	answers map[call]answer.Answer
	blocks  map[call]chan struct{}
	asked   []string
	blocked int           // calls waiting in a Block now
	changed chan struct{} // closed and replaced when asked or blocked change
	reloads []string
	plan    *plan.Plan
	depts   map[string][]plan.DepartmentRefs
}

type call struct{ method, text string }

// New returns an engine that knows nothing yet, over a small plan with a
// title and 文号, for /about and /help.
func New() *Engine {
	return &Engine{
		answers: map[call]answer.Answer{},
		blocks:  map[call]chan struct{}{},
		changed: make(chan struct{}),
		depts:   map[string][]plan.DepartmentRefs{},
		plan: &plan.Plan{Title: "测试市城镇化实施方案（2024—2026年）", DocNumber: "测发改〔2024〕1号",
			Issuer: "测试市发展和改革委员会", Date: "2024-03-01"},
	}
}

// Set makes method (Ask, Clause, …) answer a for text.
func (e *Engine) Set(method, text string, a answer.Answer) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a.Question = text
	e.answers[call{method, text}] = a
}

// SetDepartments makes Departments resolve name — as /dept or a question
// gives it — to the plan's departments depts, each with its clauses' refs.
func (e *Engine) SetDepartments(name string, depts ...plan.DepartmentRefs) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.depts[name] = depts
}

// Block makes method wait, for text, until release is called or its
// context is done — a slow search, or a stop that cuts one short.
func (e *Engine) Block(method, text string) (release func()) {
	ch := make(chan struct{})
	e.mu.Lock()
	e.blocks[call{method, text}] = ch
	e.mu.Unlock()
	var once sync.Once
	return func() { once.Do(func() { close(ch) }) }
}

// Asked is every call so far, "method text", in order.
func (e *Engine) Asked() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.asked...)
}

// WaitBlocked waits until n calls are waiting in a Block.
func (e *Engine) WaitBlocked(tb testing.TB, n int) {
	tb.Helper()
	deadline := time.NewTimer(15 * time.Second)
	defer deadline.Stop()
	for {
		e.mu.Lock()
		got, ch := e.blocked, e.changed
		e.mu.Unlock()
		if got >= n {
			return
		}
		select {
		case <-ch:
		case <-deadline.C:
			tb.Fatalf("enginetest: %d calls blocked, want %d; asked %q", got, n, e.Asked())
		}
	}
}

// Reloads are the synonyms texts ReloadSynonyms was given.
func (e *Engine) Reloads() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.reloads...)
}

func (e *Engine) notify() {
	close(e.changed)
	e.changed = make(chan struct{})
}

func (e *Engine) answer(ctx context.Context, method, text string) answer.Answer {
	c := call{method, text}
	e.mu.Lock()
	e.asked = append(e.asked, method+" "+text)
	block := e.blocks[c]
	if block != nil {
		e.blocked++
	}
	e.notify()
	e.mu.Unlock()
	if block != nil {
		select {
		case <-block:
		case <-ctx.Done():
		}
		e.mu.Lock()
		e.blocked--
		e.notify()
		e.mu.Unlock()
		if ctx.Err() != nil {
			return answer.Answer{Question: text, Intent: answer.IntentNone}
		}
	}
	e.mu.Lock()
	a, ok := e.answers[c]
	e.mu.Unlock()
	if ok {
		return a
	}
	return notFound(method, text)
}

// notFound is what the fake answers when a test set nothing.
func notFound(method, text string) answer.Answer {
	a := answer.Answer{Question: text, Intent: answer.IntentNone, Reason: answer.NotInPlan}
	switch method {
	case Clause:
		a.Reason, a.Reply = answer.NoSuchClause, fmt.Sprintf("计划中没有第%s条。", text)
	case Department:
		a.Reason, a.Reply = answer.NoSuchDepartment, fmt.Sprintf("计划的责任单位中没有“%s”。", text)
	default:
		a.Reply = fmt.Sprintf("计划中没有关于“%s”的内容。", text)
	}
	return a
}

// Ask answers a question.
func (e *Engine) Ask(ctx context.Context, q string) answer.Answer { return e.answer(ctx, Ask, q) }

// Clause answers /clause.
func (e *Engine) Clause(ctx context.Context, ref string) answer.Answer {
	return e.answer(ctx, Clause, ref)
}

// Department answers /dept.
func (e *Engine) Department(ctx context.Context, name string) answer.Answer {
	return e.answer(ctx, Department, name)
}

// Targets answers /targets.
func (e *Engine) Targets(ctx context.Context, filter string) answer.Answer {
	return e.answer(ctx, Targets, filter)
}

// Search answers /search.
func (e *Engine) Search(ctx context.Context, words string) answer.Answer {
	return e.answer(ctx, Search, words)
}

// Key is the question itself, trimmed: the fake folds nothing.
func (e *Engine) Key(q string) string { return strings.TrimSpace(q) }

// Plan is the small plan the fake is about.
func (e *Engine) Plan() *plan.Plan { return e.plan }

// ReloadSynonyms records the text; "bad" fails, as a file with an error does.
func (e *Engine) ReloadSynonyms(text string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.reloads = append(e.reloads, text)
	if text == "bad" {
		return fmt.Errorf("synonyms line 1: no =")
	}
	return nil
}

// Departments is what SetDepartments set for name; none otherwise, as for
// a department the plan does not name.
func (e *Engine) Departments(name string) []plan.DepartmentRefs {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.depts[name])
}

// The sentences FiguresOf gives when there is nothing to chart.
const (
	WhyNotFigures = "这个回答不是目标数字，没有可画的图。"
	WhyOneEach    = "回答里每项指标只有一个数字，没有可画的图。"
)

// FiguresOf is the real engine's rule, simply: the answer to a target, a
// comparison or a list charts its results' targets whose values start
// with a number, in sets of one measure and unit that hold two figures or
// more; the caption cites the plan and the results' clauses. A test
// that wants a chart sets an answer with such targets.
func (e *Engine) FiguresOf(a answer.Answer) answer.Figures {
	switch a.Intent {
	case answer.IntentTarget, answer.IntentCompare, answer.IntentList:
	default:
		return answer.Figures{Why: WhyNotFigures}
	}
	var sets []answer.FigureSet
	var cited []string
	for _, r := range a.Results {
		for _, tv := range r.Targets {
			n, unit := number(tv.Value)
			if n <= 0 {
				continue
			}
			i := slices.IndexFunc(sets, func(s answer.FigureSet) bool { return s.Metric == tv.Metric && s.Unit == unit })
			if i < 0 {
				sets = append(sets, answer.FigureSet{Metric: tv.Metric, Unit: unit})
				i = len(sets) - 1
			}
			s := &sets[i]
			year := tv.Year.String() + "年"
			s.Figures = append(s.Figures, answer.Figure{Subject: tv.Subject, Year: year, Text: tv.Value,
				Target: plan.Target{Ref: r.Ref, Subject: tv.Subject, Metric: tv.Metric, Year: tv.Year, Value: tv.Value, Number: n, Unit: unit}})
			if !slices.Contains(s.Subjects, tv.Subject) {
				s.Subjects = append(s.Subjects, tv.Subject)
			}
			if !slices.Contains(s.Years, year) {
				s.Years = append(s.Years, year)
			}
			if l := refLabel(r.Ref); !slices.Contains(cited, l) {
				cited = append(cited, l)
			}
		}
	}
	sets = slices.DeleteFunc(sets, func(s answer.FigureSet) bool { return len(s.Figures) < 2 })
	if len(sets) == 0 {
		return answer.Figures{Why: WhyOneEach}
	}
	return answer.Figures{Sets: sets, Caption: fmt.Sprintf("来源：《%s》（%s）%s。", e.plan.Title, e.plan.DocNumber, strings.Join(cited, "、"))}
}

// number reads a value as written (180万左右, 60%) into its number and
// unit.
func number(value string) (float64, string) {
	end := strings.IndexFunc(value, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if end < 0 {
		end = len(value)
	}
	n, err := strconv.ParseFloat(value[:end], 64)
	if err != nil {
		return 0, ""
	}
	unit := value[end:]
	for _, q := range []string{"左右", "以上", "以下"} {
		unit = strings.TrimSuffix(unit, q)
	}
	return n, unit
}

// refLabel is how a caption cites a clause: 第15条, G3.
func refLabel(ref string) string {
	if _, err := strconv.Atoi(ref); err == nil {
		return "第" + ref + "条"
	}
	return ref
}

// Reply is an answer whose reply is marked, with each figure between [[
// and ]]: the marks are taken out and the figures kept where they stood.
func Reply(intent answer.Intent, marked string, results ...answer.Result) answer.Answer {
	var b strings.Builder
	var figures []answer.Span
	for {
		i := strings.Index(marked, "[[")
		j := strings.Index(marked, "]]")
		if i < 0 || j < i {
			b.WriteString(marked)
			break
		}
		b.WriteString(marked[:i])
		start := b.Len()
		b.WriteString(marked[i+2 : j])
		figures = append(figures, answer.Span{Start: start, End: b.Len()})
		marked = marked[j+2:]
	}
	return answer.Answer{Intent: intent, Reply: b.String(), Figures: figures, Results: results}
}

// Result is a cited clause: its ref, title and whole text, the quote that
// answers, and its 责任单位.
func Result(ref, title, text, quote string, departments ...string) answer.Result {
	label := ref + " " + title
	if !strings.ContainsAny(ref[:1], "GRS") {
		label = "第" + ref + "条 " + title
	}
	return answer.Result{Ref: ref, Title: title, Label: label, Place: "一、测试章 › " + label,
		Quote: quote, Text: text, Departments: departments}
}
