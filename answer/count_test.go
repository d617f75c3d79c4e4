package answer

import (
	"context"
	"strconv"
	"strings"
	"testing"
)

// TestFigureAskedAsACount asks every province-wide target in a unit other
// than 个 the way staff ask for "the number" (领导要个数, 核个数): the words
// ask for a figure, not a count in 个, so the reply gives the measure named.
func TestFigureAskedAsACount(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	asked, right := 0, 0
	seen := map[string]bool{}
	for _, c := range e.plan.Clauses {
		for _, tg := range c.Targets {
			if tg.Subject != "全省" || tg.Year.N == 0 || strings.Contains(tg.Value, "个") || seen[tg.Metric] || len([]rune(tg.Metric)) < 4 {
				continue
			}
			seen[tg.Metric] = true
			for _, q := range []string{
				strconv.Itoa(tg.Year.N) + "年" + tg.Metric + "要达到多少？这边核个数",
				"领导要个数：" + strconv.Itoa(tg.Year.N) + "年" + tg.Metric,
			} {
				asked++
				if a := e.Ask(ctx, q); strings.Contains(a.Reply, tg.Value) {
					right++
				} else {
					t.Logf("%s: reply lacks %s:\n%s", q, tg.Value, a.Reply)
				}
			}
		}
	}
	if asked < 40 {
		t.Fatalf("%d questions: the test proves little", asked)
	}
	t.Logf("%d of %d answered with the figure", right, asked)
	if right*100 < asked*95 {
		t.Errorf("%d of %d answered with the figure; want 95%%", right, asked)
	}
}
