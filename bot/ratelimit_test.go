package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/bot/bottest"
	"github.com/planbot/planbot/bot/enginetest"
)

// limited is a bot with the default rate limit, its clock and message
// dates under the test's control, and an engine that answers questions
// numbered 问题0, 问题1, … .
func limited(t *testing.T, opts ...bot.Option) (*harness, *fakeClock) {
	clock := newFakeClock()
	eng := enginetest.New()
	for i := range 40 {
		eng.Set(enginetest.Ask, fmt.Sprintf("问题%d", i), figureAnswer())
	}
	for _, ex := range bot.DefaultExamples() {
		eng.Set(enginetest.Ask, ex, clauseAnswer())
	}
	base := []bot.Option{bot.WithClock(clock), bot.WithRateLimit(bot.DefaultBurst, bot.DefaultRefill), bot.WithRateQueue(bot.DefaultQueue)}
	return startWith(t, eng, append(base, opts...)...), clock
}

// questions sends n numbered questions from user, the i-th at at(i), and
// returns their messages.
func questions(h *harness, from int64, n int, at func(i int) time.Time) []bottest.Message {
	var ups []map[string]any
	var qs []bottest.Message
	for i := range n {
		q := h.srv.Text(bottest.Private(from), from, fmt.Sprintf("问题%d", i)).At(at(i))
		qs, ups = append(qs, q), append(ups, bottest.AsMessage(q))
	}
	h.srv.Push(ups...)
	return qs
}

// slowDowns are the rate limit's notices among calls.
func slowDowns(calls []bottest.Call) int {
	n := 0
	for _, c := range filterStatus(calls, "sendMessage") {
		if strings.Contains(c.Str("text"), "请慢一点") {
			n++
		}
	}
	return n
}

// TestRateLimitLetsStaffAsk: what an ordinary user does is answered in
// full, at once — 8 questions within 3 s; the five examples of /help
// tapped and two questions asked (issue 9).
func TestRateLimitLetsStaffAsk(t *testing.T) {
	h, clock := limited(t)
	qs := questions(h, user, 8, func(i int) time.Time { return t0.Add(time.Duration(i) * 375 * time.Millisecond) })
	calls := h.srv.WaitHandled(t)
	for i, q := range qs {
		if len(sends(calls, q.ID())) != 1 {
			t.Errorf("question %d of 8 within 3 s not answered", i+1)
		}
	}

	const other = user + 1
	help := h.srv.Text(bottest.Private(other), other, "/help").At(t0)
	msg := h.srv.Sent(only(t, sends(h.push(bottest.AsMessage(help)), help.ID()), "/help"))
	var ups []map[string]any
	for i := range bot.DefaultExamples() {
		ups = append(ups, bottest.Callback(other, msg, fmt.Sprintf("x:%d", i)))
	}
	h.push(ups...)
	qs = questions(h, other, 2, func(int) time.Time { return t0.Add(time.Second) })
	calls = h.srv.WaitHandled(t)
	if n := len(sends(calls, msg.ID())); n != 5 {
		t.Errorf("%d of the 5 examples tapped answered", n)
	}
	for i, q := range qs {
		if len(sends(calls, q.ID())) != 1 {
			t.Errorf("question %d after the examples not answered", i+1)
		}
	}
	if n, _ := clock.waiting(); n != 0 || slowDowns(calls) != 0 {
		t.Errorf("an ordinary user waited (%d) or was told to slow down (%d)", n, slowDowns(calls))
	}
}

// TestRateLimitByMessageDate: questions sent a while apart while the bot
// was down are not a flood when it comes back: the limit counts from when
// each was sent (issue 9).
func TestRateLimitByMessageDate(t *testing.T) {
	h, clock := limited(t, bot.WithRateLimit(2, 3*time.Second), bot.WithRateQueue(0))
	// Sent 30 s apart over five minutes before now; handled all at once.
	qs := questions(h, user, 10, func(i int) time.Time { return t0.Add(time.Duration(i-10) * 30 * time.Second) })
	calls := h.srv.WaitHandled(t)
	for i, q := range qs {
		if len(sends(calls, q.ID())) != 1 {
			t.Errorf("question %d, sent 30 s after the one before, not answered", i+1)
		}
	}
	if slowDowns(calls) != 0 {
		t.Error("told to slow down")
	}
	if n, _ := clock.waiting(); n != 0 {
		t.Errorf("%d waits for questions sent within the rate", n)
	}
}

// TestRateLimitQueues: beyond the burst, questions wait in the sender's
// queue and are answered, in order, as tokens return; only what overflows
// the queue is dropped, with one notice (issue 9).
func TestRateLimitQueues(t *testing.T) {
	h, clock := limited(t)
	const n = bot.DefaultBurst + bot.DefaultQueue + 5
	qs := questions(h, user, n, func(int) time.Time { return t0 })
	other := h.srv.Text(bottest.Private(user+1), user+1, "问题0").At(t0)
	h.srv.Push(bottest.AsMessage(other))
	// The burst is answered at once, and the overflow told at once.
	calls := h.srv.WaitCalls(t, "sendMessage", bot.DefaultBurst+2)
	if slowDowns(calls) != 1 {
		t.Errorf("%d notices, want one for the overflow", slowDowns(calls))
	}
	if len(sends(calls, other.ID())) != 1 {
		t.Error("another user waited behind this one")
	}
	clock.WaitFor(t, 1)
	start := clock.Now()
	calls = clock.settle(t, h.srv)
	last := -1
	for i, q := range qs {
		got := sends(calls, q.ID())
		switch {
		case i < bot.DefaultBurst+bot.DefaultQueue:
			if len(got) != 1 || strings.Contains(got[0].Str("text"), "请慢一点") {
				t.Errorf("question %d not answered", i+1)
				continue
			}
			if at := indexOfReply(calls, q.ID()); at < last {
				t.Errorf("question %d answered before the one before it", i+1)
			} else {
				last = at
			}
		case i == bot.DefaultBurst+bot.DefaultQueue:
			if len(got) != 1 || !strings.Contains(got[0].Str("text"), "请慢一点") {
				t.Errorf("question %d: want the one notice, got%s", i+1, bottest.Summary(got))
			}
		default:
			if len(got) != 0 {
				t.Errorf("question %d: a flood gets one notice, not one per message:%s", i+1, bottest.Summary(got))
			}
		}
	}
	if waited, want := clock.Now().Sub(start), time.Duration(bot.DefaultQueue)*bot.DefaultRefill; waited != want {
		t.Errorf("the queue took %v to answer, want %v: a question as each token returns", waited, want)
	}
	if slowDowns(calls) != 1 {
		t.Errorf("%d notices in all, want 1", slowDowns(calls))
	}
}

// TestRateLimitLeavesQueueAtStop: a question waiting in the queue when the
// bot stops is not answered then, nor lost: it is parked, and the next
// start answers it.
func TestRateLimitLeavesQueueAtStop(t *testing.T) {
	clock := newFakeClock()
	eng := enginetest.New()
	srv := bottest.New(t)
	dir := t.TempDir()
	h := runOn(t, srv, eng, dir, bot.WithClock(clock), bot.WithRateLimit(1, time.Minute), bot.WithRateQueue(1))
	qs := questions(h, user, 2, func(int) time.Time { return t0 })
	srv.WaitCalls(t, "sendMessage", 1)
	clock.WaitFor(t, 1) // the second waits a minute
	h.stop()
	if n := len(sends(srv.Calls(), qs[1].ID())); n != 0 {
		t.Fatalf("the queued question was answered at the stop")
	}
	if got := srv.Confirmed(); got > srv.Last() && parkedIn(t, dir) != 1 {
		t.Errorf("confirmed %d: the queued question, update %d, is lost", got, srv.Last())
	}
	clock.Advance(time.Minute)
	h2 := runOn(t, srv, eng, dir, bot.WithClock(clock), bot.WithRateLimit(1, time.Minute), bot.WithRateQueue(1))
	srv.WaitCalls(t, "sendMessage", 2)
	h2.stop()
	calls := srv.Calls()
	for i, q := range qs {
		if n := len(sends(calls, q.ID())); n != 1 {
			t.Errorf("question %d answered %d times across the restart, want once", i+1, n)
		}
	}
}
