package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/store"
)

func TestLedger(t *testing.T) {
	t0 := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	l := newLedger(4, time.Hour)
	for i, s := range []struct {
		op    string // take, done, cut
		id    int64
		after time.Duration // since t0
		want  bool          // take: new
	}{
		{"take", 100, 0, true}, {"take", 100, 0, false}, {"done", 100, 0, false}, {"take", 100, 0, false},
		{"take", 102, 0, true}, {"take", 101, 0, true}, // a little out of order
		{"take", 101, 0, false},
		// Telegram numbers anew from a random ID, lower or higher: new.
		{"take", 7, 0, true}, {"take", 900000, 0, true},
		// Four are kept: 100 was the oldest, and is forgotten.
		{"take", 100, 0, true},
		{"cut", 7, 0, false}, {"take", 7, 0, true}, // cut short by a stop: taken again
		// An hour on, all are forgotten.
		{"take", 900000, time.Hour + time.Second, true},
	} {
		switch s.op {
		case "take":
			if got := l.take(s.id, t0.Add(s.after)); got != s.want {
				t.Errorf("step %d: take(%d) = %v", i, s.id, got)
			}
		case "done":
			l.finish(s.id, true)
		case "cut":
			l.finish(s.id, false)
		}
	}
	if n := l.size(); n != 1 {
		t.Errorf("the ledger holds %d IDs after an hour, want 1", n)
	}
	// Across a restart: what was handled is restored.
	r := newLedger(ledgerKeep, ledgerFor)
	r.restore([]store.Handled{{ID: 10, At: t0}, {ID: 12, At: t0}})
	for id, want := range map[int64]bool{10: false, 11: true, 12: false} {
		if got := r.take(id, t0.Add(time.Minute)); got != want {
			t.Errorf("after a restart, take(%d) = %v, want %v", id, got, want)
		}
	}
}

func TestAnonymize(t *testing.T) {
	raw := []byte(`{"update_id":123456789012,"message":{"message_id":5,"from":{"id":9007199254740993,"is_bot":false,"first_name":"张","last_name":"三","username":"zs","language_code":"zh-hans"},"chat":{"id":9007199254740993,"type":"private","first_name":"张"},"date":1700000000,"text":"遵义 人口"}}`)
	got := string(anonymize(raw))
	for _, gone := range []string{"张", "三", "zs", "zh-hans"} {
		if strings.Contains(got, gone) {
			t.Errorf("%q kept in %s", gone, got)
		}
	}
	for _, kept := range []string{"9007199254740993", "123456789012", "遵义 人口", `"message_id":5`} {
		if !strings.Contains(got, kept) {
			t.Errorf("%q lost from %s", kept, got)
		}
	}
}
