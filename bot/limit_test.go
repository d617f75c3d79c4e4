package bot

import (
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	type step struct {
		at     time.Duration // after t0: when the message was sent
		queued bool          // false for an inline query, which never waits
		due    time.Duration // after t0; -1 when dropped
		notify bool
	}
	for _, tc := range []struct {
		name         string
		burst, queue int
		steps        []step
	}{
		{"burst, then one per second, queued", 2, 2, []step{
			{0, true, 0, false}, {0, true, 0, false},
			{0, true, time.Second, false}, {0, true, 2 * time.Second, false}, // queued
			{0, true, -1, true}, {0, true, -1, false}, // overflow: told once
			{time.Second, true, 3 * time.Second, false}, // a token returned: room for one
			{time.Second, true, -1, true},               // full again: told again
			{5 * time.Second, true, 5 * time.Second, false},
			{5 * time.Second, true, 5 * time.Second, false},
			{5 * time.Second, true, 6 * time.Second, false},
			{5 * time.Second, true, 7 * time.Second, false},
			{5 * time.Second, true, -1, true},
		}},
		{"sent apart while the bot was down: each in time", 2, 0, []step{
			{0, true, 0, false}, {30 * time.Second, true, 30 * time.Second, false}, {60 * time.Second, true, 60 * time.Second, false},
			{90 * time.Second, true, 90 * time.Second, false}, {120 * time.Second, true, 120 * time.Second, false},
		}},
		{"no queue", 1, 0, []step{{0, true, 0, false}, {0, true, -1, true}, {time.Second, true, time.Second, false}}},
		{"an inline query never waits", 1, 5, []step{{0, true, 0, false}, {0, false, -1, true}, {0, true, time.Second, false}}},
		{"a time before the last charged counts as the last", 1, 1, []step{
			{10 * time.Second, true, 10 * time.Second, false}, {0, true, 11 * time.Second, false}, {0, true, -1, true},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := newLimiter(tc.burst, time.Second, tc.queue)
			for i, s := range tc.steps {
				due, ok, notify := l.reserve(1, t0.Add(s.at), s.queued)
				got := due.Sub(t0)
				if !ok {
					got = -1
				}
				if got != s.due || notify != s.notify {
					t.Errorf("step %d: reserve at %v = due %v, notify %v; want %v, %v", i, s.at, got, notify, s.due, s.notify)
				}
			}
			if due, ok, _ := l.reserve(2, t0, true); !ok || !due.Equal(t0) {
				t.Error("another user was limited too")
			}
		})
	}
}

func TestRefuse(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	l := newLimiter(1, time.Second, 0)
	for i, s := range []struct {
		user int64
		at   time.Duration
		want bool
	}{
		{1, 0, true}, {1, time.Second, false}, {1, 59 * time.Second, false}, {2, 59 * time.Second, true},
		{1, time.Minute, true}, {1, time.Minute + time.Second, false},
	} {
		if got := l.refuse(s.user, t0.Add(s.at)); got != s.want {
			t.Errorf("step %d: refuse(%d, %v) = %v", i, s.user, s.at, got)
		}
	}
}
