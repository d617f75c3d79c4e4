package answer

import (
	"context"
	"log/slog"
	"strings"

	"github.com/planbot/planbot/data/plan"
)

// Engine answers questions about one plan. It is safe for concurrent use.
type Engine struct {
	logger *slog.Logger
	plan   *plan.Plan
}

// Load parses the plan text, builds its index and returns an Engine over it.
// synonyms is the text of a synonyms file (data.Synonyms() by default).
// TODO(answer): replaced by the real engine in the answers issue.
func Load(ctx context.Context, logger *slog.Logger, planText, synonyms string) (*Engine, error) {
	return &Engine{logger: logger, plan: &plan.Plan{}}, nil
}

// Plan returns the plan the engine answers from.
func (e *Engine) Plan() *plan.Plan { return e.plan }

// Ask answers one question.
func (e *Engine) Ask(ctx context.Context, question string) Answer {
	return Answer{Question: question, Intent: IntentNone, Reply: "计划中没有找到相关内容。"}
}

// Clause answers with the clause whose ref is given ("15", "G1", "S29").
func (e *Engine) Clause(ctx context.Context, ref string) Answer {
	return e.Ask(ctx, "第"+ref+"条")
}

// Department answers with every clause that names the department.
func (e *Engine) Department(ctx context.Context, name string) Answer {
	return e.Ask(ctx, name+"负责哪些")
}

// Targets answers with the targets of a place or a year (遵义, 2025).
func (e *Engine) Targets(ctx context.Context, filter string) Answer {
	return e.Ask(ctx, filter+"目标")
}

// Search answers with the clauses that best match the words.
func (e *Engine) Search(ctx context.Context, words string) Answer {
	return e.Ask(ctx, words)
}

// ReloadSynonyms replaces the synonyms with those of the given file text.
func (e *Engine) ReloadSynonyms(text string) error { return nil }

// Render is one result as a reply block: its quote, where it stands and its
// 责任单位, so that a client can page through results one at a time.
func Render(r Result) string {
	var b strings.Builder
	if r.Quote != "" {
		b.WriteString("“" + r.Quote + "”\n")
	}
	b.WriteString("—— " + r.Place)
	if len(r.Departments) > 0 {
		b.WriteString("\n责任单位：" + strings.Join(r.Departments, "、"))
	}
	return b.String()
}
