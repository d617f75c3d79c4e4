package answer

import (
	"context"
	"strings"
	"testing"
)

// TestSetListedBeside asks, for every name the plan sets in quotation marks
// in a part of a sentence that lists its members beside it (与贵阳、遵义共同打造发展
// “金三角”), which ones it holds — with the generic nouns staff add (哪几个
// 城市, 哪些地方) — and wants that sentence quoted whole, members and all.
func TestSetListedBeside(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	asked := 0
	for _, set := range e.gaz.sets {
		var listing string
		for _, u := range set.units {
			unit := e.gaz.store.units[u]
			if unit.kind != unitSentence {
				continue
			}
			s := e.clauses[unit.clause].sentences[unit.item].text
			if strings.Count(e.foldPlan(s), set.name) == 1 && e.listedBeside(s, set.name) {
				listing = s
				break
			}
		}
		if listing == "" {
			continue
		}
		for _, q := range []string{"“" + set.name + "”指的是哪几个城市", set.name + "包括哪些地方", "“" + set.name + "”是哪些"} {
			asked++
			a := e.Ask(ctx, q)
			if !strings.Contains(a.Reply, strings.TrimSuffix(listing, "。")) {
				t.Errorf("%s: reply lacks the sentence that lists it, %q:\n%s", q, listing, a.Reply)
			}
		}
	}
	if asked < 6 {
		t.Fatalf("%d questions: the plan lists fewer sets than it should", asked)
	}
	t.Logf("%d questions", asked)
}
