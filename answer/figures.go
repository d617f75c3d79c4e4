package answer

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/planbot/planbot/data/plan"
)

// Figures are the figures of an answer that a chart can set side by side,
// taken from the answer itself so that a chart never shows a number the
// reply does not: the bot charts the answer it already sent, and `planbot
// chart` charts what `planbot ask` would say.
type Figures struct {
	// Sets are the figures in comparable sets, one per measure and unit,
	// in the order the answer gives them.
	Sets []FigureSet
	// Omitted is how many measures of the answer are left out: those with
	// one figure, which compare with nothing, and those past MaxSets. The
	// caption says so, so that a chart never looks like the whole answer
	// when it is not.
	Omitted int
	// Caption cites the plan and every clause the sets' figures stand in,
	// so that a chart passed on still says where its numbers come from.
	Caption string
	// Why says, when Sets is empty, why there is nothing to chart: a
	// sentence to show in place of a chart.
	Why string
}

// FigureSet is the figures of one measure in one unit: what one chart
// panel may compare. A measure whose name only adds a remark on its scope
// (城区(含大方)常住人口 beside 城区常住人口) is the same measure: the remark
// moves to the figure's subject (毕节中心城市(含大方)), where it is shown.
type FigureSet struct {
	Metric string // the measure as the plan writes it: 城区常住人口
	Unit   string // 万, %, or "" for a bare ratio
	// Subjects and Years are the bar groups and the series, in the order
	// a chart shows them: subjects as the answer gives them, years in
	// time order, then periods (“十四五”时期, 每年).
	Subjects []string
	Years    []string
	Figures  []Figure
}

// Title names the set as a chart's title does: the measure and its unit.
func (s FigureSet) Title() string {
	if s.Unit == "" {
		return s.Metric
	}
	return s.Metric + "（" + s.Unit + "）"
}

// MaxSets is the most sets Figures returns: more panels than a phone
// shows in one picture (/targets 全省 has some fifty) are left for a
// narrower question.
const MaxSets = 6

// Figure is one value of a set: where it goes in a chart, and the plan's
// target it is, for its number, qualifier and clause.
type Figure struct {
	Subject string      // one of the set's Subjects
	Year    string      // one of the set's Years: 2023年
	Text    string      // the value as written, qualifier kept: 180万左右
	Target  plan.Target // the plan's row
}

// Figures answers a question and returns the figures of its answer that a
// chart can show.
func (e *Engine) Figures(ctx context.Context, question string) Figures {
	return e.FiguresOf(e.Ask(ctx, question))
}

// FiguresOf returns the figures of an answer that a chart can show: those of
// an answer that leads with figures (a target, a comparison, a list across
// places, the targets of a place), in sets of one measure and unit that
// hold at least two numbers. Ratios (1.6:1), ranks (前15位) and standards
// (50年一遇) are no lengths to draw. An answer with nothing to chart gets
// no sets and a Why.
func (e *Engine) FiguresOf(a Answer) Figures {
	switch a.Intent {
	case IntentTarget, IntentCompare, IntentList:
	case IntentNone:
		return Figures{Why: "计划没有回答这个问题的数字，没有可画的图。"}
	default:
		return Figures{Why: "这个回答不是目标数字，没有可画的图；可以问一项指标在各地或各年的目标。"}
	}
	var sets []FigureSet
	drawable, seen := 0, 0
	for _, r := range a.Results {
		c, ok := e.plan.Clause(r.Ref)
		if !ok {
			continue
		}
		for _, tv := range r.Targets {
			t, ok := targetOf(c, tv)
			if !ok {
				continue
			}
			seen++
			if !drawableTarget(t) {
				continue
			}
			drawable++
			sets = addFigure(sets, t)
		}
	}
	all := len(sets)
	sets = slices.DeleteFunc(sets, func(s FigureSet) bool { return len(s.Figures) < 2 })
	switch {
	case seen == 0:
		return Figures{Why: "这个回答里没有目标数字，没有可画的图。"}
	case drawable == 0:
		return Figures{Why: "这些目标是比值、名次或标准，不是可以画成柱子的数量，没有画图。"}
	case len(sets) == 0:
		return Figures{Why: "回答里每项指标只有一个数字；不同指标不放在一张图里比较，没有画图。"}
	}
	f := Figures{Sets: sets[:min(len(sets), MaxSets)]}
	f.Omitted = all - len(f.Sets)
	for i := range f.Sets {
		f.Sets[i].Years = orderYears(f.Sets[i].Years)
	}
	f.Caption = e.caption(f.Sets, f.Omitted)
	return f
}

// targetOf is the plan's target an answer shows: the answer gives the
// subject, measure, year and value as written, the plan the rest.
func targetOf(c *plan.Clause, tv TargetView) (plan.Target, bool) {
	for _, t := range c.Targets {
		if t.Subject == tv.Subject && t.Metric == tv.Metric && t.Year == tv.Year && t.Value == tv.Value &&
			t.Period == tv.Period && t.PerYear == tv.PerYear {
			return t, true
		}
	}
	return plan.Target{}, false
}

// drawableTarget reports whether a target is a quantity a bar's length can
// show: not a ratio, a return period or a rank, and read as a number.
func drawableTarget(t plan.Target) bool {
	return t.Number > 0 && !strings.ContainsAny(t.Unit, ":：遇") && t.Qualifier != "前"
}

// addFigure puts a target into the set of its measure and unit, or a new
// one. A subject that has the year already with another value (two
// clauses setting it apart) gets the clause's ref in its name, so that
// both are shown and told apart.
func addFigure(sets []FigureSet, t plan.Target) []FigureSet {
	base := withoutRemarks(t.Metric)
	i := slices.IndexFunc(sets, func(s FigureSet) bool { return withoutRemarks(s.Metric) == base && s.Unit == t.Unit })
	if i < 0 {
		sets = append(sets, FigureSet{Metric: t.Metric, Unit: t.Unit})
		i = len(sets) - 1
	}
	s := &sets[i]
	if t.Metric != s.Metric && s.Metric != base {
		// Measures that differ only by remarks: the measure without them
		// names the set, and each figure's remarks go to its subject.
		s.Metric = base
		for j := range s.Figures {
			s.relabel(j)
		}
	}
	f := Figure{Subject: t.Subject + remarksBeside(t.Metric, s.Metric), Year: seriesName(t), Text: shown(t), Target: t}
	for _, g := range s.Figures {
		if g.Subject == f.Subject && g.Year == f.Year {
			if g.Text == f.Text {
				return sets // the same figure, quoted twice
			}
			f.Subject += "（" + refLabel(t.Ref) + "）"
		}
	}
	s.add(f)
	return sets
}

// relabel gives figure j the subject it has once the set's measure is
// without remarks.
func (s *FigureSet) relabel(j int) {
	f := &s.Figures[j]
	old := f.Subject
	f.Subject = f.Target.Subject + remarksBeside(f.Target.Metric, s.Metric)
	if old == f.Subject {
		return
	}
	if k := slices.Index(s.Subjects, old); k >= 0 && !slices.Contains(s.Subjects, f.Subject) {
		s.Subjects[k] = f.Subject
	}
}

func (s *FigureSet) add(f Figure) {
	s.Figures = append(s.Figures, f)
	if !slices.Contains(s.Subjects, f.Subject) {
		s.Subjects = append(s.Subjects, f.Subject)
	}
	if !slices.Contains(s.Years, f.Year) {
		s.Years = append(s.Years, f.Year)
	}
}

// remarksBeside is what a measure's name adds to the set's in brackets:
// (含大方) for 城区(含大方)常住人口 in a set of 城区常住人口.
func remarksBeside(metric, setMetric string) string {
	if metric == setMetric {
		return ""
	}
	var out strings.Builder
	rest := metric
	for {
		i := strings.IndexAny(rest, "(（")
		if i < 0 {
			break
		}
		j := strings.IndexAny(rest[i:], ")）")
		if j < 0 {
			break
		}
		w := len("）")
		if rest[i+j] == ')' {
			w = 1
		}
		remark := rest[i : i+j+w]
		if !strings.Contains(setMetric, remark) {
			out.WriteString(remark)
		}
		rest = rest[i+j+w:]
	}
	return out.String()
}

// seriesName is the series a target's figure stands in: its year, or the
// period the plan gives it.
func seriesName(t plan.Target) string {
	switch {
	case t.Year.N != 0:
		return strconv.Itoa(t.Year.N) + "年"
	case t.Year.Label == "十四五":
		return "“十四五”时期"
	case t.Year.Label != "":
		return t.Year.Label + "年"
	case t.PerYear:
		return "每年"
	case t.Period != "":
		return t.Period + "年间"
	}
	return "未注明年份"
}

// orderYears puts calendar years first, earliest first, then periods in
// the order they came.
func orderYears(years []string) []string {
	yearOf := func(s string) int {
		n, err := strconv.Atoi(strings.TrimSuffix(s, "年"))
		if err != nil {
			return 0
		}
		return n
	}
	out := slices.Clone(years)
	slices.SortStableFunc(out, func(a, b string) int {
		ya, yb := yearOf(a), yearOf(b)
		switch {
		case ya != 0 && yb != 0:
			return ya - yb
		case ya != 0:
			return -1
		case yb != 0:
			return 1
		}
		return 0
	})
	return out
}

// caption cites the plan by title and 文号 and the clauses the figures
// stand in, in plan order: 第15条 by its number, a goal paragraph by its
// heading with the ref a reader can ask for (工作目标：…（G5）).
func (e *Engine) caption(sets []FigureSet, omitted int) string {
	refs := map[string]bool{}
	for _, s := range sets {
		for _, f := range s.Figures {
			refs[f.Target.Ref] = true
		}
	}
	var cited []string
	for i := range e.plan.Clauses {
		c := &e.plan.Clauses[i]
		switch {
		case !refs[c.Ref]:
		case c.Number != 0:
			cited = append(cited, "第"+strconv.Itoa(c.Number)+"条")
		default:
			l := c.Label()
			if rest, ok := strings.CutSuffix(l, "）"); ok {
				cited = append(cited, rest+"，"+c.Ref+"）") // 工作目标（总目标，G0）
			} else {
				cited = append(cited, l+"（"+c.Ref+"）")
			}
		}
	}
	src := "《" + e.plan.Title + "》"
	if e.plan.DocNumber != "" {
		src += "（" + e.plan.DocNumber + "）"
	}
	s := fmt.Sprintf("来源：%s%s。柱旁数字为原文所写。", src, strings.Join(cited, "、"))
	if omitted > 0 {
		s += fmt.Sprintf("另有%d项指标未画出。", omitted)
	}
	return s
}
