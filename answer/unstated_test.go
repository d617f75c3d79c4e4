package answer

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestUnstatedYear asks, for every figure the text ties to no one year of
// its sentence's period, for a year of that period: the reply says the plan
// gives no figure for that year, then gives the figure it does, with its
// period — never that year beside it.
func TestUnstatedYear(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	asked, right := 0, 0
	for _, c := range e.plan.Clauses {
		for _, tg := range c.Targets {
			if !tg.Year.IsZero() || tg.PerYear || tg.Period == "" {
				continue
			}
			year, _, _ := strings.Cut(tg.Period, "—")
			subject := tg.Subject
			if subject == "全省" {
				subject = ""
			}
			q := fmt.Sprintf("%s年%s%s多少", year, subject, tg.Metric)
			asked++
			a := e.Ask(ctx, q)
			lead := "计划没有单独给出" + year + "年的数字，给出的是" + tg.Period + "年间的："
			switch {
			case !strings.HasPrefix(a.Reply, lead):
				t.Errorf("%s: reply does not lead with %q:\n%s", q, lead, a.Reply)
			case !strings.Contains(a.Reply, tg.Value+"（"+tg.Period+"年间）"):
				t.Errorf("%s: reply lacks %s for %s:\n%s", q, tg.Value, tg.Period, a.Reply)
			case strings.Contains(a.Reply, year+"年 "+tg.Value):
				t.Errorf("%s: reply sets %s beside %s年:\n%s", q, tg.Value, year, a.Reply)
			default:
				right++
			}
		}
	}
	if asked == 0 {
		t.Fatal("no figure without a year in the plan: the test proves nothing")
	}
	t.Logf("%d of %d answered with the year unstated", right, asked)
}

// TestOtherYearNearest asks every place's measure for a year between the
// plan's: the reply says the plan sets no figure for that year and shows,
// as the close match, that place's own measure.
func TestOtherYearNearest(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	asked, right := 0, 0
	seen := map[string]bool{}
	for _, c := range e.plan.Clauses {
		for _, tg := range c.Targets {
			if tg.Year.N != 2025 || tg.Subject == "全省" || strings.ContainsAny(tg.Subject, "、和") {
				continue
			}
			q := "2024年" + tg.Subject + tg.Metric
			if seen[q] {
				continue
			}
			seen[q] = true
			asked++
			a := e.Ask(ctx, q)
			switch {
			case a.Reason != OtherYear:
				t.Errorf("%s: reason %q, want %q:\n%s", q, a.Reason, OtherYear, a.Reply)
			case len(a.Results) == 0 || a.Results[0].Ref != c.Ref:
				t.Errorf("%s: close match %v, want %s:\n%s", q, refs(a), c.Ref, a.Reply)
			default:
				right++
			}
		}
	}
	if asked < 10 {
		t.Fatalf("%d places' measures for 2025: the test proves little", asked)
	}
	t.Logf("%d of %d answered with the place's own measure", right, asked)
}
