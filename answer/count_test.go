package answer

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/planbot/planbot/data/plan"
)

// TestFigureAskedAsACount asks every province-wide target in a unit other
// than 个 the way staff ask for "the number" (领导要个数, 核个数): the words
// ask for a figure, not a count in 个, so the reply gives the measure named.
func TestFigureAskedAsACount(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	kind := tally{t: t}
	for _, tg := range provinceMeasures(e, func(t plan.Target) bool { return !strings.Contains(t.Value, "个") }) {
		for _, q := range []string{
			strconv.Itoa(tg.Year.N) + "年" + tg.Metric + "要达到多少？这边核个数",
			"领导要个数：" + strconv.Itoa(tg.Year.N) + "年" + tg.Metric,
		} {
			a := e.Ask(ctx, q)
			kind.add(strings.Contains(a.Reply, tg.Value), "%s: reply lacks %s:\n%s", q, tg.Value, a.Reply)
		}
	}
	kind.want(40, 95, "answered with the figure")
}

// TestTwoYearsJoined asks every province-wide measure the plan sets for
// 2023 and 2025 for both years joined by 和 (23年和25年): the 和 joins the
// years, not two measures, so the reply gives that measure alone, first.
func TestTwoYearsJoined(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	kind := tally{t: t}
	for _, c := range e.plan.Clauses {
		for _, g := range groupsOf(c.Targets) {
			t23, t25 := g[2023], g[2025]
			if t23 == nil || t25 == nil || t23.Subject != "全省" || len([]rune(t23.Metric)) < 4 {
				continue
			}
			for _, q := range []string{t23.Metric + "23年和25年要保持在多少", "2023年和2025年" + t23.Metric + "分别是多少"} {
				a := e.Ask(ctx, q)
				first, _, _ := strings.Cut(a.Reply, "\n")
				kind.add(strings.Contains(first, t23.Metric) && strings.Contains(a.Reply, t23.Value) && strings.Contains(a.Reply, t25.Value), "%s: first line %q, want %s with %s and %s", q, first, t23.Metric, t23.Value, t25.Value)
			}
		}
	}
	kind.want(40, 95, "answered with the measure first")
}

// groupsOf is a clause's targets by subject and metric, then by year.
func groupsOf(ts []plan.Target) []map[int]*plan.Target {
	var out []map[int]*plan.Target
	at := map[string]int{}
	for i := range ts {
		k := ts[i].Subject + "\x00" + ts[i].Metric
		j, ok := at[k]
		if !ok {
			j = len(out)
			at[k] = j
			out = append(out, map[int]*plan.Target{})
		}
		out[j][ts[i].Year.N] = &ts[i]
	}
	return out
}

// TestTwoMeasures asks two province-wide measures of 2025 side by side,
// joined by 和 (城市商圈和夜间经济街区, 5G基站和行政村5G通达率), from one
// sentence and from two clauses: the reply gives both figures.
func TestTwoMeasures(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	var all []*plan.Target
	for ci := range e.plan.Clauses {
		for _, g := range groupsOf(e.plan.Clauses[ci].Targets) {
			if t25 := g[2025]; t25 != nil && t25.Subject == "全省" && len([]rune(t25.Metric)) >= 4 && !strings.ContainsAny(t25.Metric, "和及、") {
				all = append(all, t25)
			}
		}
	}
	kind := tally{t: t}
	for i := 0; i+1 < len(all); i++ {
		// Neighbours, often of one sentence, and one far away.
		for _, j := range []int{i + 1, (i*7 + 11) % len(all)} {
			a, b := all[i], all[j]
			if a.Metric == b.Metric || strings.Contains(a.Metric, b.Metric) || strings.Contains(b.Metric, a.Metric) {
				continue
			}
			for _, q := range []string{"2025年" + a.Metric + "和" + b.Metric + "分别多少", a.Metric + "和" + b.Metric + "25年目标对比"} {
				reply := e.Ask(ctx, q).Reply
				kind.add(strings.Contains(reply, a.Value) && strings.Contains(reply, b.Value), "%s: want %s and %s:\n%s", q, a.Value, b.Value, reply)
			}
		}
	}
	kind.want(100, 95, "answered with both figures")
}

// TestFigureVerbs asks every province-wide measure with the verbs the
// official format sets figures with (提到多少, 提高到多少, 保持在多少): the
// reply leads with the measure's figures, not the sentence around them.
func TestFigureVerbs(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	kind := tally{t: t}
	for _, tg := range provinceMeasures(e, nil) {
		for _, verb := range []string{"提到多少", "提高到多少", "要保持在多少"} {
			q := tg.Metric + verb
			first, _, _ := strings.Cut(e.Ask(ctx, q).Reply, "\n")
			kind.add(strings.Contains(first, tg.Metric) && strings.Contains(first, tg.Value), "%s: first line %q", q, first)
		}
	}
	kind.want(40, 95, "lead with the figure")
}

// TestTotalNotStated asks the total of a measure across the subjects a
// sentence gives it for (各…加起来): the plan states none, so the reply says
// so, shows each figure, and says where each stands and who is responsible.
func TestTotalNotStated(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	kind := tally{t: t}
	for _, c := range e.plan.Clauses {
		subjects := map[string][]string{}
		for _, tg := range c.Targets {
			if tg.Year.N == 2025 && !slices.Contains(subjects[tg.Metric], tg.Subject) {
				subjects[tg.Metric] = append(subjects[tg.Metric], tg.Subject)
			}
		}
		for metric, subs := range subjects {
			if len(subs) < 2 {
				continue
			}
			q := "2025年" + strings.Join(subs, "和") + "的" + metric + "加起来一共多少"
			a := e.Ask(ctx, q)
			kind.add(a.Intent == IntentNone && strings.Contains(a.Reply, "没有给出它们的合计") && strings.Contains(a.Reply, "—— ") && strings.Contains(a.Reply, "责任单位"), "%s:\n%s", q, a.Reply)
		}
	}
	kind.want(3, 90, "say the total is not stated, where each figure stands and who is responsible")
}

// provinceMeasures is the first province-wide target of each measure (of
// four characters or more) that the plan sets for a year, among those keep
// keeps (nil: all), in plan order.
func provinceMeasures(e *Engine, keep func(plan.Target) bool) []plan.Target {
	var out []plan.Target
	seen := map[string]bool{}
	for _, c := range e.plan.Clauses {
		for _, tg := range c.Targets {
			if tg.Subject != "全省" || tg.Year.N == 0 || keep != nil && !keep(tg) || seen[tg.Metric] || len([]rune(tg.Metric)) < 4 {
				continue
			}
			seen[tg.Metric] = true
			out = append(out, tg)
		}
	}
	return out
}
