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
	kind := tally{t: t}
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
			a := e.Ask(ctx, q)
			lead := "计划没有单独给出" + year + "年的数字，给出的是" + tg.Period + "年间的："
			kind.add(strings.HasPrefix(a.Reply, lead) && strings.Contains(a.Reply, tg.Value+"（"+tg.Period+"年间）") && !strings.Contains(a.Reply, year+"年 "+tg.Value),
				"%s: want the reply to lead with %q, give %s for %s and never beside %s年:\n%s", q, lead, tg.Value, tg.Period, year, a.Reply)
		}
	}
	kind.want(1, 100, "answered with the year unstated")
}

// TestOtherYearNearest asks every place's measure for a year between the
// plan's: the reply says the plan sets no figure for that year and shows,
// as the close match, that place's own measure.
func TestOtherYearNearest(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	kind := tally{t: t}
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
			a := e.Ask(ctx, q)
			kind.add(a.Reason == OtherYear && len(a.Results) > 0 && a.Results[0].Ref == c.Ref,
				"%s: reason %q and close match %v, want %q and %s:\n%s", q, a.Reason, refs(a), OtherYear, c.Ref, a.Reply)
		}
	}
	kind.want(10, 100, "answered with the place's own measure")
}
