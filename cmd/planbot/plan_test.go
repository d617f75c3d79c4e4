package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// secondPlan is another plan in the official format: another province,
// another topic.
var secondPlan = filepath.Join("..", "..", "data", "plan", "testdata", "second-plan.txt")

// TestPlanFlag: --plan (or PLANBOT_PLAN) answers from another plan, with
// nothing of the embedded one.
func TestPlanFlag(t *testing.T) {
	t.Parallel()
	r := planbot(t, "", nil, withDicts("ask", "--json", "--plan", secondPlan, "东湖2026年城区常住人口", "省大数据局负责哪些", "遵义2025城区人口目标")...)
	if r.err != nil {
		t.Fatalf("%v\n%s", r.err, r.stderr)
	}
	as := answerLines(t, r.stdout)
	if len(as) != 3 {
		t.Fatalf("%d answers, want 3", len(as))
	}
	if a := as[0]; a.Intent != "target" || !strings.Contains(a.Reply, "85万左右") || a.Answers[0].Ref != "4" {
		t.Errorf("东湖2026年城区常住人口: %s %q", a.Intent, a.Reply)
	}
	if a := as[1]; a.Intent != "dept" || !strings.Contains(a.Reply, "第2条") {
		t.Errorf("省大数据局负责哪些: %s %q", a.Intent, a.Reply)
	}
	if a := as[2]; a.Intent != "none" {
		t.Errorf("遵义 is not in the second plan, got %s %q", a.Intent, a.Reply)
	}

	env := map[string]string{"PLANBOT_PLAN": secondPlan}
	r = planbot(t, "", env, "export", "clauses")
	if r.err != nil || !strings.Contains(r.stdout, "政务云") {
		t.Errorf("PLANBOT_PLAN export: %v\n%s", r.err, r.stdout)
	}
	r = planbot(t, "", env, "export", "targets", "--plan", filepath.Join("..", "..", "data", "guizhou-new-urbanization-2023-2025.txt"))
	if r.err != nil || !strings.Contains(r.stdout, "180万左右") {
		t.Errorf("--plan over PLANBOT_PLAN: %v", r.err)
	}
}

// TestPlanFlagErrors: a file that is no plan gets a clear error naming the
// file and the line.
func TestPlanFlagErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	notAPlan := filepath.Join(dir, "notice.txt")
	if err := os.WriteFile(notAPlan, []byte("\n关于召开会议的通知\n\n请各单位按时参加。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	twice := filepath.Join(dir, "twice.txt")
	if err := os.WriteFile(twice, []byte("标题\n一、总体要求\n（一）第一节\n1.甲。\n2.乙。\n1.丙。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{withDicts("ask", "--plan", notAPlan, "第1条"), notAPlan + ": line 2: no chapter headings"},
		{[]string{"export", "clauses", "--plan", notAPlan}, notAPlan + ": line 2: no chapter headings"},
		{withDicts("ask", "--plan", twice, "第1条"), "line 6: clause 1 appears twice (first on line 4)"},
		{withDicts("ask", "--plan", filepath.Join(dir, "missing.txt"), "第1条"), "read plan: open"},
	} {
		r := planbot(t, "", nil, tt.args...)
		if r.code != 1 || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want 1 and %q", tt.args, r.code, r.stderr, tt.want)
		}
	}
}
