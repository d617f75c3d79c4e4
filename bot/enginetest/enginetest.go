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
}

type call struct{ method, text string }

// New returns an engine that knows nothing yet, over a small plan with a
// title and 文号, for /about and /help.
func New() *Engine {
	return &Engine{
		answers: map[call]answer.Answer{},
		blocks:  map[call]chan struct{}{},
		changed: make(chan struct{}),
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
