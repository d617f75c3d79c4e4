package bot

import (
	"fmt"
	"sync"
	"testing"

	"github.com/planbot/planbot/answer"
)

func TestAnswerCacheBound(t *testing.T) {
	type step struct {
		op       string // get, put, clear
		key, q   string
		reason   answer.Reason
		wantHit  bool
		wantFrom string // the reply of the answer a hit gives
	}
	get := func(key, q string, hit bool, from string) step { return step{"get", key, q, "", hit, from} }
	put := func(key, q string, r answer.Reason) step { return step{op: "put", key: key, q: q, reason: r} }
	for _, tc := range []struct {
		name  string
		max   int
		steps []step
	}{
		{"off", 0, []step{put("a", "a", ""), get("a", "a", false, "")}},
		{"hit, by another spelling", 2, []step{put("a", "A", ""), get("a", "A", true, "A"), get("a", "Ａ", true, "A")}},
		{"least recently asked goes first", 2, []step{
			put("a", "a", ""), put("b", "b", ""), get("a", "a", true, "a"), put("c", "c", ""),
			get("b", "b", false, ""), get("a", "a", true, "a"), get("c", "c", true, "c"),
		}},
		{"a new answer for a key replaces the old", 2, []step{put("a", "a", ""), put("a", "a2", ""), get("a", "a2", true, "a2")}},
		{"named as spelled: that spelling only", 2, []step{
			put("k", "六盘水", answer.OtherPlace), get("k", "六盘水", true, "六盘水"), get("k", "六盤水", false, ""),
			put("k", "北京", answer.OutsidePlan), get("k", "北京", true, "北京"), get("k", "北亰", false, ""),
		}},
		{"clear", 2, []step{put("a", "a", ""), {op: "clear"}, get("a", "a", false, "")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newAnswerCache(tc.max)
			for i, s := range tc.steps {
				switch s.op {
				case "put":
					_, gen, _ := c.get(s.key, s.q)
					c.put(s.key, s.q, answer.Answer{Question: s.q, Reply: s.q, Reason: s.reason}, gen)
				case "clear":
					c.clear()
				case "get":
					a, _, ok := c.get(s.key, s.q)
					if ok != s.wantHit {
						t.Fatalf("step %d: get(%q, %q) hit = %v, want %v", i, s.key, s.q, ok, s.wantHit)
					}
					if ok && (a.Reply != s.wantFrom || a.Question != s.q) {
						t.Errorf("step %d: get(%q, %q) = reply %q to %q, want reply %q to %q", i, s.key, s.q, a.Reply, a.Question, s.wantFrom, s.q)
					}
				}
			}
		})
	}
}

// An answer found before a clear — with the synonyms a /reload replaced —
// is not stored after it.
func TestAnswerCacheClearWhileAnswering(t *testing.T) {
	c := newAnswerCache(4)
	_, gen, _ := c.get("a", "a")
	c.clear()
	c.put("a", "a", answer.Answer{Reply: "old"}, gen)
	if a, _, ok := c.get("a", "a"); ok {
		t.Errorf("an answer found before the clear was kept: %q", a.Reply)
	}
}

func TestAnswerCacheConcurrentUse(t *testing.T) {
	c := newAnswerCache(8)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				k := fmt.Sprint((g + i) % 12)
				if _, gen, ok := c.get(k, k); !ok {
					c.put(k, k, answer.Answer{Reply: k}, gen)
				}
				if i%100 == 0 {
					c.clear()
				}
			}
		})
	}
	wg.Wait()
	if n := c.kept.recent.Len(); n > 8 || n != len(c.kept.entries) {
		t.Errorf("%d answers in the list and %d in the map, bound 8", n, len(c.kept.entries))
	}
}
