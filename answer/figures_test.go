package answer

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/planbot/planbot/data/plan"
)

// planTargets are the plan's targets whose measure, without its remarks,
// is metric, in the clauses given: what a chart of that measure must hold.
func planTargets(p *plan.Plan, metric string, refs ...string) []plan.Target {
	var out []plan.Target
	for _, t := range p.Targets() {
		if withoutRemarks(t.Metric) == metric && (len(refs) == 0 || slices.Contains(refs, t.Ref)) {
			out = append(out, t)
		}
	}
	return out
}

// TestFigures: the figures a chart gets are the plan's own targets, whole
// (number, value as written, qualifier, clause), in sets of one measure and
// unit, subjects in the answer's order and years in time order.
func TestFigures(t *testing.T) {
	e := engine(t)
	p := e.Plan()
	cities := []string{"15", "16", "17", "18", "19", "20", "21", "22"}
	for _, tc := range []struct {
		question string
		titles   []string // each set's Title
		subjects []string // the first set's
		years    []string // the first set's
		want     []plan.Target
		cites    []string // in the caption
	}{
		{
			question: "2025年各市州中心城市城区人口",
			titles:   []string{"城区常住人口（万）"},
			subjects: []string{"遵义中心城市", "毕节中心城市(含大方)", "六盘水中心城市", "安顺中心城市", "铜仁中心城市", "凯里中心城市(含麻江)", "都匀中心城市", "兴义中心城市"},
			years:    []string{"2023年", "2025年"}, // 2025 asked first, shown in time order
			want:     planTargets(p, "城区常住人口", cities...),
			cites:    []string{"第15条", "第16条", "第17条", "第18条", "第19条", "第20条", "第21条", "第22条", p.DocNumber},
		},
		{
			question: "贵阳和遵义公交分担率",
			titles:   []string{"城市公共交通机动化出行分担率（%）"},
			subjects: []string{"贵阳和遵义"},
			years:    []string{"2023年", "2025年"},
			want: slices.DeleteFunc(planTargets(p, "城市公共交通机动化出行分担率", "39"), func(t plan.Target) bool {
				return t.Subject != "贵阳和遵义" // 其他市州中心城市 is not asked
			}),
			cites: []string{"第39条"},
		},
		{
			question: "遵义2025城区人口目标",
			titles:   []string{"城区常住人口（万）"},
			subjects: []string{"遵义中心城市"},
			years:    []string{"2023年", "2025年"},
			want:     planTargets(p, "城区常住人口", "15"),
			cites:    []string{"第15条"},
		},
		{
			question: "新增城区常住人口",
			titles:   []string{"新增城区常住人口（万）"},
			subjects: []string{"省会贵阳", "市州中心城市", "县城"},
			years:    []string{"2023年", "2025年", "“十四五”时期"},
			want:     planTargets(p, "新增城区常住人口", "G1"),
			cites:    []string{"（总目标，G0）", "G1）"}[1:],
		},
		{
			// Two measures of one unit: two sets, never one.
			question: "城镇和农村居民收入增速25年对比",
			titles:   []string{"城镇常住居民人均可支配收入增长（%）", "农村常住居民人均可支配收入增长（%）"},
			subjects: []string{"全省"},
			years:    []string{"2023年", "2025年"},
			want:     append(planTargets(p, "城镇常住居民人均可支配收入增长"), planTargets(p, "农村常住居民人均可支配收入增长")...),
			cites:    []string{"G5）"},
		},
	} {
		t.Run(tc.question, func(t *testing.T) {
			f := e.Figures(context.Background(), tc.question)
			if f.Why != "" || len(f.Sets) == 0 {
				t.Fatalf("no figures: %q", f.Why)
			}
			var titles []string
			var got []plan.Target
			for _, s := range f.Sets {
				titles = append(titles, s.Title())
				for _, fig := range s.Figures {
					got = append(got, fig.Target)
					if !slices.Contains(s.Subjects, fig.Subject) || !slices.Contains(s.Years, fig.Year) {
						t.Errorf("figure %s %s %s stands outside its set's subjects %v or years %v", fig.Subject, fig.Year, fig.Text, s.Subjects, s.Years)
					}
					if fig.Target.Unit != s.Unit || withoutRemarks(fig.Target.Metric) != withoutRemarks(s.Metric) {
						t.Errorf("figure %s (%s, %s) in the set of %s (%s)", fig.Text, fig.Target.Metric, fig.Target.Unit, s.Metric, s.Unit)
					}
					if fig.Text != fig.Target.Value || !strings.Contains(fig.Text, fig.Target.Qualifier) {
						t.Errorf("figure %q: want the value as written, %q, qualifier %q kept", fig.Text, fig.Target.Value, fig.Target.Qualifier)
					}
				}
			}
			if !slices.Equal(titles, tc.titles) {
				t.Errorf("sets %q, want %q", titles, tc.titles)
			}
			if !slices.Equal(f.Sets[0].Subjects, tc.subjects) || !slices.Equal(f.Sets[0].Years, tc.years) {
				t.Errorf("subjects %q and years %q, want %q and %q", f.Sets[0].Subjects, f.Sets[0].Years, tc.subjects, tc.years)
			}
			if !sameTargets(got, tc.want) {
				t.Errorf("figures:\n%s\nwant the plan's:\n%s", targetList(got), targetList(tc.want))
			}
			for _, c := range tc.cites {
				if !strings.Contains(f.Caption, c) {
					t.Errorf("caption %q does not cite %q", f.Caption, c)
				}
			}
			if !strings.Contains(f.Caption, p.Title) || f.Omitted != 0 || strings.Contains(f.Caption, "另有") {
				t.Errorf("caption %q (omitted %d): want the plan's title and nothing left out", f.Caption, f.Omitted)
			}
		})
	}
}

func sameTargets(a, b []plan.Target) bool {
	key := func(t plan.Target) string {
		return t.Ref + "|" + t.Subject + "|" + t.Metric + "|" + t.Year.String() + "|" + t.Value
	}
	var ka, kb []string
	for _, t := range a {
		ka = append(ka, key(t))
	}
	for _, t := range b {
		kb = append(kb, key(t))
	}
	slices.Sort(ka)
	slices.Sort(kb)
	return len(a) > 0 && slices.Equal(ka, kb)
}

func targetList(ts []plan.Target) string {
	var b strings.Builder
	for _, t := range ts {
		b.WriteString("  " + t.Ref + " " + t.Subject + " " + t.Metric + " " + t.Year.String() + " " + t.Value + "\n")
	}
	return b.String()
}

// TestFiguresNothingToChart: an answer with nothing to compare gets no
// sets and a sentence saying why, never a chart of one bar or of numbers
// that are no lengths.
func TestFiguresNothingToChart(t *testing.T) {
	e := engine(t)
	for _, tc := range []struct {
		question, why string
	}{
		{"第15条", "不是目标数字"},             // a clause, not an answer of figures
		{"水利厅负责哪些", "不是目标数字"},          // what a department does
		{"六大产业基地是哪六个", "没有目标数字"},       // the members of a set
		{"2030年全省GDP目标", "计划没有回答"},     // the plan sets no such figure
		{"区域创新能力进入全国前多少", "比值、名次或标准"},  // a rank: 前15位
		{"你好", "计划没有回答"},               // small talk
		{"", "计划没有回答"},                 // nothing asked
		{"2023年棚改开工多少户", "每项指标只有一个数字"}, // one figure
	} {
		f := e.Figures(context.Background(), tc.question)
		if len(f.Sets) != 0 || f.Caption != "" {
			t.Errorf("%s: %d sets, caption %q; want nothing to chart", tc.question, len(f.Sets), f.Caption)
		}
		if !strings.Contains(f.Why, tc.why) {
			t.Errorf("%s: why %q, want it to say %q", tc.question, f.Why, tc.why)
		}
	}
}

// TestFiguresOfTargets: /targets of a place charts every measure with
// something to compare, and a long answer is cut to MaxSets with the
// caption saying how much is left out.
func TestFiguresOfTargets(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	f := e.FiguresOf(e.Targets(ctx, "贵阳"))
	if len(f.Sets) < 2 || f.Why != "" {
		t.Fatalf("/targets 贵阳: %d sets, why %q", len(f.Sets), f.Why)
	}
	for _, s := range f.Sets {
		if len(s.Figures) < 2 {
			t.Errorf("set %s has %d figure: nothing to compare", s.Title(), len(s.Figures))
		}
	}
	all := e.FiguresOf(e.Targets(ctx, "全省"))
	if len(all.Sets) != MaxSets || all.Omitted == 0 || !strings.Contains(all.Caption, "另有") {
		t.Errorf("/targets 全省: %d sets, %d omitted, caption %q; want %d and the rest said to be left out", len(all.Sets), all.Omitted, all.Caption, MaxSets)
	}
}

// TestRemarksBeside: a remark on a measure's scope goes to the subject.
func TestRemarksBeside(t *testing.T) {
	for _, tc := range []struct{ metric, set, want string }{
		{"城区(含大方)常住人口", "城区常住人口", "(含大方)"},
		{"城区（含麻江）常住人口", "城区常住人口", "（含麻江）"},
		{"城区常住人口", "城区常住人口", ""},
		{"每千人口拥有执业(助理)医师数", "每千人口拥有执业(助理)医师数", ""},
	} {
		if got := remarksBeside(tc.metric, tc.set); got != tc.want {
			t.Errorf("remarksBeside(%q, %q) = %q, want %q", tc.metric, tc.set, got, tc.want)
		}
	}
}

// TestAddFigure: figures whose measures differ only by remarks share a set
// named by the measure without them, whichever comes first.
func TestAddFigure(t *testing.T) {
	bijie := plan.Target{Ref: "16", Subject: "毕节中心城市", Metric: "城区(含大方)常住人口", Year: plan.Year{N: 2023}, Value: "91万左右", Number: 91, Unit: "万"}
	kaili := plan.Target{Ref: "20", Subject: "凯里中心城市", Metric: "城区(含麻江)常住人口", Year: plan.Year{N: 2023}, Value: "58万左右", Number: 58, Unit: "万"}
	zunyi := plan.Target{Ref: "15", Subject: "遵义中心城市", Metric: "城区常住人口", Year: plan.Year{N: 2023}, Value: "168万左右", Number: 168, Unit: "万"}
	other := plan.Target{Ref: "6", Subject: "全省", Metric: "城区常住人口", Year: plan.Year{N: 2023}, Value: "1万人", Number: 1, Unit: "万人"}
	for _, order := range [][]plan.Target{{bijie, kaili, zunyi}, {zunyi, bijie, kaili}, {bijie, zunyi, kaili}, {kaili, bijie}} {
		var sets []FigureSet
		for _, t := range append(order, other) {
			sets = addFigure(sets, t)
		}
		if len(sets) != 2 || sets[0].Metric != "城区常住人口" || sets[1].Unit != "万人" {
			t.Errorf("%d sets, the first of %q: want 城区常住人口 in 万 and another set for 万人", len(sets), sets[0].Metric)
			continue
		}
		for _, f := range sets[0].Figures {
			want := map[string]string{"16": "毕节中心城市(含大方)", "20": "凯里中心城市(含麻江)", "15": "遵义中心城市"}[f.Target.Ref]
			if f.Subject != want || !slices.Contains(sets[0].Subjects, want) || len(sets[0].Subjects) != len(order) {
				t.Errorf("figure of %s: subject %q among %q, want %q", f.Target.Ref, f.Subject, sets[0].Subjects, want)
			}
		}
	}
}

func TestOrderYears(t *testing.T) {
	got := orderYears([]string{"2025年", "“十四五”时期", "2023年", "每年"})
	want := []string{"2023年", "2025年", "“十四五”时期", "每年"}
	if !slices.Equal(got, want) {
		t.Errorf("orderYears = %q, want %q", got, want)
	}
}
