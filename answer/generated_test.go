package answer

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"

	"github.com/planbot/planbot/data/plan"
)

// A generated question and what a right answer to it holds.
type genQuestion struct {
	family string // what kind of question it stands for
	q      string
	check  func(Answer) string // "" when the answer is right, else why not
}

// TestGenerated asks questions built from the parsed plan itself — every
// target in three wordings, every department by two everyday names, every
// clause by the words of its title, every named set by 是哪些 — and wants
// 97% of them answered right, printing the ones that are not.
func TestGenerated(t *testing.T) {
	e := engine(t)
	qs := generateQuestions(t, e)
	failed := map[string]int{}
	total := map[string]int{}
	var lines []string
	figures := 0
	for _, g := range qs {
		a := e.Ask(context.Background(), g.q)
		total[g.family]++
		figures += len(figureRe.FindAllString(a.Reply, -1))
		for _, bad := range unquotedFigures(g.q, a) {
			t.Errorf("%q: reply shows %s, which no cited clause states", g.q, bad)
		}
		if why := g.check(a); why != "" {
			failed[g.family]++
			lines = append(lines, fmt.Sprintf("%s %q: %s", g.family, g.q, why))
		}
	}
	bad := 0
	for _, n := range failed {
		bad += n
	}
	rate := 1 - float64(bad)/float64(len(qs))
	for _, l := range lines {
		t.Log(l)
	}
	var kinds []string
	for f := range total {
		kinds = append(kinds, fmt.Sprintf("%s %d/%d", f, total[f]-failed[f], total[f]))
	}
	slices.Sort(kinds)
	t.Logf("generated questions: %d, right %.1f%% (%s); %d figures shown, each in a clause cited", len(qs), 100*rate, strings.Join(kinds, ", "), figures)
	if rate < 0.97 {
		t.Errorf("generated questions answered right: %.1f%%, want ≥ 97%%", 100*rate)
	}
}

func generateQuestions(t *testing.T, e *Engine) []genQuestion {
	t.Helper()
	s2t, err := opencc.New("s2t")
	if err != nil {
		t.Fatal(err)
	}
	trad := func(s string) string {
		out, err := s2t.Convert(s)
		if err != nil {
			return s
		}
		return out
	}
	var qs []genQuestion
	p := e.plan

	// Targets: each year of each measure, in three wordings.
	for _, c := range p.Clauses {
		for _, tg := range c.Targets {
			ref, value := c.Ref, tg.Value
			want := func(a Answer) string {
				if len(a.Results) == 0 || a.Results[0].Ref != ref {
					return fmt.Sprintf("first ref %v, want %s", firstRef(a), ref)
				}
				head := string([]rune(a.Reply)[:min(200, utf8.RuneCountInString(a.Reply))])
				if !strings.Contains(head, value) {
					return fmt.Sprintf("%s not in the reply's first 200 characters", value)
				}
				return ""
			}
			place, alias := subjectWords(e, tg.Subject)
			metric := withoutRemarks(tg.Metric)
			y4, y2, ycn := yearWords(tg.Year)
			greet := []string{"你好，", "", "请问"}
			thanks := []string{"", "，谢谢", "？"}
			qs = append(qs,
				genQuestion{"target", place + y4 + metric + "目标", want},
				genQuestion{"target", greet[len(qs)%3] + alias + y2 + shortMetric(e, metric) + "是多少" + thanks[len(qs)%3], want},
				genQuestion{"target", trad(place) + ycn + trad(metric) + "要达到多少", want},
			)
		}
	}

	// Departments: by two everyday names.
	for _, d := range e.gaz.depts {
		names := everydayNames(e, d)
		refs := d.refs
		for i, n := range names {
			q := n + []string{"负责哪些", "有哪些任务"}[i%2]
			qs = append(qs, genQuestion{"dept", q, func(a Answer) string {
				got := map[string]bool{}
				for _, r := range a.Results {
					got[r.Ref] = true
				}
				var lack []string
				for _, r := range refs {
					if !got[r] {
						lack = append(lack, r)
					}
				}
				if len(lack) > 0 {
					return fmt.Sprintf("lacks refs %v", lack)
				}
				if extra := len(got) - len(refs); extra*4 > len(a.Results) {
					return fmt.Sprintf("%d refs beyond the department's", extra)
				}
				return ""
			}})
		}
	}

	// Clauses: by the words of their titles.
	for _, c := range p.Clauses {
		if c.Number == 0 {
			continue
		}
		ref := c.Ref
		qs = append(qs, genQuestion{"clause", c.Title + "那条说了什么", func(a Answer) string {
			if len(a.Results) == 0 || a.Results[0].Ref != ref {
				return fmt.Sprintf("first ref %v, want %s", firstRef(a), ref)
			}
			return ""
		}})
	}

	// Named sets: 是哪些.
	for _, s := range e.gaz.sets {
		var refs []string
		for _, u := range s.units {
			refs = appendNew(refs, e.clauses[e.gaz.store.units[u].clause].c.Ref)
		}
		name := s.name
		qs = append(qs, genQuestion{"set", "“" + name + "”是哪些", func(a Answer) string {
			if len(a.Results) == 0 || !slices.Contains(refs, a.Results[0].Ref) {
				return fmt.Sprintf("first ref %v, want one of %v", firstRef(a), refs)
			}
			return ""
		}})
	}
	return qs
}

func firstRef(a Answer) []string {
	if len(a.Results) == 0 {
		return nil
	}
	return []string{a.Results[0].Ref}
}

// subjectWords is how a question names a target's subject: as the plan's
// core name, and by another form a question may use (遵义市, 省会, 城市群).
func subjectWords(e *Engine, subject string) (core, alias string) {
	if isGenericSubject(subject) {
		return subject, subject
	}
	var cores []string
	for _, s := range splitSubject(subject) {
		kind := e.plan.PlaceKind(s)
		c := strings.TrimPrefix(strings.TrimSuffix(s, kind), "省会")
		if utf8.RuneCountInString(c) < 2 {
			c = s
		}
		cores = append(cores, c)
	}
	core = strings.Join(cores, "和")
	if len(cores) > 1 {
		return core, core
	}
	alias = core
	for _, pl := range e.gaz.places {
		if pl.core == e.foldPlan(core) && pl.form != pl.core && !pl.generic {
			alias = pl.form
			break
		}
	}
	return core, alias
}

// yearWords writes a target's year three ways: 2025年, 25年, 二〇二五年.
func yearWords(y plan.Year) (full, short, chinese string) {
	switch {
	case y.N != 0:
		s := strconv.Itoa(y.N)
		cn := strings.NewReplacer("0", "〇", "1", "一", "2", "二", "3", "三", "4", "四", "5", "五", "6", "六", "7", "七", "8", "八", "9", "九").Replace(s)
		return s + "年", s[2:] + "年", cn + "年"
	case y.Label == "十四五":
		return "十四五", "十四五期间", "“十四五”时期"
	}
	return "", "", ""
}

// shortMetric writes a metric as staff shorten it: by the initials of a
// two-word phrase of five characters or more (开工棚户区改造 → 开工棚改),
// else as written.
func shortMetric(e *Engine, metric string) string {
	best, key := "", ""
	for k, xs := range e.gaz.abbrevs {
		for _, x := range xs {
			if utf8.RuneCountInString(x) >= 5 && utf8.RuneCountInString(k) == 2 && strings.Contains(metric, x) && len(x) > len(best) && len(e.gaz.abbrevs[k]) == 1 {
				if words := twoByTwo(e.ix.Cut(x)); len(words) == 2 && initials(words) == k {
					best, key = x, k
				}
			}
		}
	}
	if best == "" {
		return metric
	}
	return strings.Replace(metric, best, key, 1)
}

// everydayNames are two names staff use for a department: without the
// province's prefix, and its shortest derived form.
func everydayNames(e *Engine, d dept) []string {
	var forms []string
	for _, f := range e.gaz.deptForms {
		for _, i := range f.depts {
			if e.gaz.depts[i].name == d.name && f.form != e.foldPlan(d.name) && len(f.depts) == 1 {
				forms = append(forms, f.form)
			}
		}
	}
	if len(forms) == 0 {
		return []string{d.name}
	}
	slices.SortStableFunc(forms, func(a, b string) int { return len(a) - len(b) })
	out := []string{forms[len(forms)-1]}
	if forms[0] != out[0] {
		out = append(out, forms[0])
	}
	return out
}
