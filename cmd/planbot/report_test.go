package main

import (
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/store"
)

func TestReport(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []store.Event{
		{Question: "遵义人口", Intent: "target", Refs: []string{"15"}},
		{Question: "遵义人口", Intent: "target", Refs: []string{"15"}},
		{Question: "遵义人口", Vote: -1},
		{Question: "xyzzy是什么", Intent: "none", Reason: "not_in_plan"},
		{Question: "你好", Intent: "none", Reason: "small_talk"},
	} {
		st.Record(e)
	}
	st.Flush(5 * time.Second)

	// While planbot serve holds the database, report reads its snapshot.
	r := planbot(t, "", map[string]string{"PLANBOT_DATA": dir}, "report")
	if r.err != nil || !strings.Contains(r.stdout, "快照") || !strings.Contains(r.stdout, "已回答问题：4") {
		t.Errorf("report while serving: %v\n%s", r.err, r.stdout)
	}
	st.Close()

	r = planbot(t, "", nil, "report", "--data", dir)
	for _, want := range []string{"已回答问题：4", "target 2", "none 2", "👍 0 · 👎 1", "    1  xyzzy是什么", "    1  遵义人口  （target：15）"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "你好") || strings.Contains(r.stdout, "快照") {
		t.Errorf("report:\n%s", r.stdout)
	}

	r = planbot(t, "", map[string]string{"PLANBOT_DATA": dir}, "report", "--format", "csv")
	if !strings.HasPrefix(r.stdout, "\ufeff") {
		t.Error("CSV without a byte-order mark: Excel shows Chinese garbled")
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.stdout, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || strings.Join(rows[0], ",") != "question,intent,reason,refs,asked,up,down,unanswered,last" {
		t.Fatalf("CSV rows %q", rows)
	}
	if got := strings.Join(rows[1][:8], ","); got != "遵义人口,target,,15,2,0,1," {
		t.Errorf("first row %q", got)
	}

	for _, tc := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"report", "--format", "xml", "--data", dir}, nil, "unknown format"},
		{[]string{"report", "extra"}, nil, "unexpected"},
		{[]string{"report"}, nil, "--data"},
		{[]string{"report", "--data", t.TempDir()}, nil, "no database"},
	} {
		if r := planbot(t, "", tc.env, tc.args...); r.err == nil || !strings.Contains(r.err.Error(), tc.want) {
			t.Errorf("planbot %q: %v, want an error mentioning %q", tc.args, r.err, tc.want)
		}
	}
}
