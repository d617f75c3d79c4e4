package answer

import (
	"context"
	"strings"
	"testing"
)

// TestBoldFigures: every figure of a reply is a value of a target it cites,
// found where the reply writes it; /targets 2025 sets each of its values
// in bold, a value inside another (90万左右 in 1090万左右) included.
func TestBoldFigures(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	answers := []Answer{e.Targets(ctx, "2025"), e.Targets(ctx, "遵义"), e.Ask(ctx, "餐厨垃圾处理谁负责")}
	for _, q := range readQuestions(t) {
		answers = append(answers, e.Ask(ctx, q))
	}
	for _, a := range answers {
		values := map[string]bool{}
		for _, r := range a.Results {
			for _, tv := range r.Targets {
				values[tv.Value] = true
			}
			for _, d := range r.Departments {
				values[d] = true
			}
		}
		end := 0
		for _, f := range a.Figures {
			if f.Start < end || f.End <= f.Start || f.End > len(a.Reply) {
				t.Fatalf("%q: figure %v out of order or outside the reply (%d bytes)", a.Question, f, len(a.Reply))
			}
			end = f.End
			if v := a.Reply[f.Start:f.End]; !values[v] {
				t.Errorf("%q: figure %q is no value of the targets or departments cited", a.Question, v)
			}
		}
		if a.Intent == IntentNone && len(a.Figures) > 0 {
			t.Errorf("%q: a reply that does not answer sets %d figures in bold", a.Question, len(a.Figures))
		}
	}

	a := e.Targets(ctx, "2025")
	var lines, figures int
	for _, l := range strings.Split(a.Reply, "\n") {
		if strings.HasPrefix(l, "· ") {
			lines++
		}
	}
	for _, f := range a.Figures {
		if v := a.Reply[f.Start:f.End]; strings.Contains(a.Reply[:f.Start], v) {
			figures++ // its text stands earlier: a search would have bolded that one
		}
	}
	if len(a.Figures) < lines {
		t.Errorf("/targets 2025: %d figures on %d lines of values", len(a.Figures), lines)
	}
	if figures == 0 {
		t.Errorf("/targets 2025: no value whose text also stands earlier; the test proves nothing")
	}
}
