package bot_test

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// TestEndToEnd runs the bot with the real engine: the same questions as
// the tests with the fake engine, now answered from the plan.
func TestEndToEnd(t *testing.T) {
	h := start(t)
	ctx := context.Background()
	eng := realEngine(t)

	t.Run("a figure", func(t *testing.T) {
		c := h.ask(user, "遵义2025城区人口目标")
		a := eng.Ask(ctx, "遵义2025城区人口目标")
		checkReply(t, c, a)
		if !strings.Contains(c.Str("text"), "<b>180万左右</b>") {
			t.Errorf("180万左右 not in bold: %s", c.Str("text"))
		}
	})
	t.Run("markup is not the question", func(t *testing.T) {
		c := h.ask(user, "<script>alert('x')</script> 遵义 人口")
		checkReply(t, c, eng.Ask(ctx, "遵义 人口"))
	})
	t.Run("/clause 第十五条", func(t *testing.T) {
		c := h.ask(user, "/clause 第十五条")
		a := eng.Clause(ctx, "第十五条")
		if len(a.Results) != 1 || a.Results[0].Ref != "15" {
			t.Fatalf("the engine does not read 第十五条 as clause 15: %+v", a.Results)
		}
		checkReply(t, c, a)
		if got := buttonTexts(c); slices.Contains(got, "全文") {
			t.Errorf("the whole clause offers [全文]: %q", got)
		}
	})
	t.Run("/clause, then 15", func(t *testing.T) {
		p := h.ask(user, "/clause")
		if !strings.Contains(p.Str("text"), "发送条号") {
			t.Fatalf("bare /clause: %q", p.Str("text"))
		}
		checkReply(t, h.ask(user, "15"), eng.Clause(ctx, "15"))
	})
	t.Run("/targets 2025", func(t *testing.T) {
		c := h.ask(user, "/targets 2025")
		a := eng.Targets(ctx, "2025")
		checkReply(t, c, a)
		bold, pages := 0, 0
		for {
			pages++
			r := shown(t, c)
			bold += len(r.bold)
			more := ""
			for _, b := range buttonTexts(c) {
				if strings.HasPrefix(b, "更多") {
					more = b
				}
			}
			if more == "" {
				break
			}
			c, _ = h.tap(user, c, more)
		}
		if bold != len(a.Figures) || pages < 4 {
			t.Errorf("%d figures in bold on %d pages, want all %d figures on pages of 25 lines", bold, pages, len(a.Figures))
		}
	})
	t.Run("/dept 住建厅", func(t *testing.T) {
		c := h.ask(user, "/dept 住建厅")
		a := eng.Department(ctx, "住建厅")
		checkReply(t, c, a)
		if got := buttonTexts(c); !slices.Contains(got, "第3条") || slices.Contains(got, "全文") {
			t.Errorf("a department's clauses: buttons %q, want one for each", got)
		}
	})
}
