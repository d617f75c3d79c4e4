package bot

import (
	"slices"
	"testing"
)

func TestLedger(t *testing.T) {
	l := newLedger(4)
	for i, s := range []struct {
		op   string // take, done, cut
		id   int64
		want bool // take: new
	}{
		{"take", 100, true}, {"take", 100, false}, {"done", 100, false}, {"take", 100, false},
		{"take", 102, true}, {"take", 101, true}, // a little out of order
		{"take", 101, false},
		{"take", 107, true},
		{"take", 102, false}, {"take", 103, false}, // more than the window below the highest: old
		{"take", 104, true},                      // within it, never seen
		{"cut", 104, false}, {"take", 104, true}, // cut short by a stop: taken again
		{"take", 5000, true}, {"take", 107, false},
	} {
		switch s.op {
		case "take":
			if got := l.take(s.id); got != s.want {
				t.Errorf("step %d: take(%d) = %v", i, s.id, got)
			}
		case "done":
			l.finish(s.id, true)
		case "cut":
			l.finish(s.id, false)
		}
	}
	// Across a restart: what was done stays done, what was cut is taken.
	l = newLedger(ledgerWindow)
	for _, id := range []int64{10, 11, 12, 13} {
		l.take(id)
	}
	l.finish(10, true)
	l.finish(12, true)
	l.finish(11, false)
	high, done := l.done()
	if high != 13 || !slices.Equal(done, []int64{10, 12}) {
		t.Fatalf("done() = %d %v", high, done)
	}
	r := newLedger(ledgerWindow)
	r.restore(high, done)
	for id, want := range map[int64]bool{10: false, 11: true, 12: false, 13: true, 14: true} {
		if got := r.take(id); got != want {
			t.Errorf("after a restart, take(%d) = %v, want %v", id, got, want)
		}
	}
}
