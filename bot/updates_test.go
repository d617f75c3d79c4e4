package bot_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/bot/bottest"
	"github.com/planbot/planbot/bot/enginetest"
	"github.com/planbot/planbot/store"
)

// TestUpdatesNumberedAnew: Telegram numbers a bot's updates in sequence,
// but after a week without updates starts again from a random ID, lower
// or higher; and a database used with another token meets another bot's
// numbering. The updates of a new numbering are answered, each once; an
// update delivered again is still answered once.
func TestUpdatesNumberedAnew(t *testing.T) {
	eng := enginetest.New()
	eng.Set(enginetest.Ask, "遵义人口", figureAnswer())
	// ask pushes a question from a new user, numbered id (0: the next
	// number), and returns it.
	ask := func(srv *bottest.Server, from, id int64) bottest.Message {
		if id != 0 {
			srv.Renumber(id)
		}
		q := srv.Text(bottest.Private(from), from, "遵义人口")
		srv.Push(bottest.AsMessage(q))
		return q
	}
	// answeredOnce checks that each of qs was answered exactly once.
	answeredOnce := func(t *testing.T, srv *bottest.Server, qs []bottest.Message) {
		t.Helper()
		for i, q := range qs {
			if n := len(sends(srv.Calls(), q.ID())); n != 1 {
				t.Errorf("question %d answered %d times, want once", i, n)
			}
		}
	}
	for _, tc := range []struct {
		name string
		run  func(t *testing.T)
	}{
		{"polling, while the bot runs", func(t *testing.T) {
			srv := bottest.New(t)
			runOn(t, srv, eng, t.TempDir())
			qs := []bottest.Message{ask(srv, 1, 900000)}
			srv.WaitCalls(t, "sendMessage", 1)
			for i, id := range []int64{123456, 500, 895000} {
				qs = append(qs, ask(srv, int64(2+i), id))
				srv.WaitCalls(t, "sendMessage", 2+i)
			}
			answeredOnce(t, srv, qs)
		}},
		{"polling, across a clean restart", func(t *testing.T) {
			srv, dir := bottest.New(t), t.TempDir()
			h := runOn(t, srv, eng, dir)
			qs := []bottest.Message{ask(srv, 1, 900000)}
			h.push()
			h.stop()
			srv.Renumber(123456)
			for i := range 5 {
				qs = append(qs, ask(srv, int64(2+i), 0))
			}
			h = runOn(t, srv, eng, dir)
			srv.WaitCalls(t, "sendMessage", len(qs))
			h.push()
			h.stop()
			// Every update delivered again, to a bot started again: none
			// is answered twice.
			srv.Requeue()
			h = runOn(t, srv, eng, dir)
			h.push()
			h.stop()
			if !strings.Contains(h.logs.String(), "ignoring an update delivered again") {
				t.Error("nothing was delivered again")
			}
			answeredOnce(t, srv, qs)
		}},
		{"webhook", func(t *testing.T) {
			srv := bottest.New(t)
			_, url := webhookBot(t, srv, eng, io.Discard)
			var qs []bottest.Message
			var first []byte
			for i, id := range []int64{900000, 123456, 500, 895000} {
				srv.Renumber(id)
				q := srv.Text(bottest.Private(int64(1+i)), int64(1+i), "遵义人口")
				u := srv.Update(bottest.AsMessage(q))
				if first == nil {
					first = u
				}
				if got := post(t, url, secret, u); got != http.StatusOK {
					t.Fatalf("update %d: status %d", id, got)
				}
				qs = append(qs, q)
			}
			if got := post(t, url, secret, first); got != http.StatusOK {
				t.Fatalf("update 900000 again: status %d", got)
			}
			answeredOnce(t, srv, qs)
		}},
		{"another token on the same database", func(t *testing.T) {
			dir := t.TempDir()
			srv := bottest.New(t)
			h := runOn(t, srv, eng, dir)
			for i := range 3 {
				ask(srv, int64(1+i), 0)
			}
			h.push()
			h.stop()
			// Another bot numbers its updates from 1 too.
			other := bottest.NewAs(t, bottest.BotID+1)
			h = runOn(t, other, eng, dir)
			var qs []bottest.Message
			for i := range 3 {
				qs = append(qs, ask(other, int64(1+i), 0))
			}
			h.push()
			answeredOnce(t, other, qs)
		}},
	} {
		t.Run(tc.name, tc.run)
	}
}

// TestWaitingChatHoldsUpNoOne: one chat's update that waits — in its
// sender's rate-limit queue, or for a 429's retry_after — holds up no one
// else, however many updates come after it: getUpdates gives 100 updates
// from the first unconfirmed, so the waiting update is parked in the
// database and confirmed. At a stop what still waits stays parked, and
// the next start answers it, once.
func TestWaitingChatHoldsUpNoOne(t *testing.T) {
	const others = 150
	for _, tc := range []struct {
		name string
		opts []bot.Option
		// wait makes the chat of user wait, and returns its questions
		// and how many of them are answered before the wait ends.
		wait func(t *testing.T, srv *bottest.Server, clock *fakeClock) ([]bottest.Message, int)
	}{
		{"a question in the rate-limit queue", []bot.Option{bot.WithRateLimit(2, time.Minute), bot.WithRateQueue(3)},
			func(t *testing.T, srv *bottest.Server, clock *fakeClock) ([]bottest.Message, int) {
				var qs []bottest.Message
				for i := range 5 {
					q := srv.Text(bottest.Private(user), user, fmt.Sprintf("问题%d", i)).At(t0)
					srv.Push(bottest.AsMessage(q))
					qs = append(qs, q)
				}
				clock.WaitFor(t, 1) // the third waits for a token
				return qs, 2
			}},
		{"a reply waiting out a 429", nil,
			func(t *testing.T, srv *bottest.Server, clock *fakeClock) ([]bottest.Message, int) {
				srv.Fail("sendMessage", bottest.Fault{Status: 429, RetryAfter: 15})
				q := srv.Text(bottest.Private(user), user, "问题0").At(t0)
				srv.Push(bottest.AsMessage(q))
				clock.WaitFor(t, 1)
				return []bottest.Message{q}, 0
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eng := enginetest.New()
			for i := range 5 {
				eng.Set(enginetest.Ask, fmt.Sprintf("问题%d", i), figureAnswer())
			}
			clock := newFakeClock()
			srv, dir := bottest.New(t), t.TempDir()
			opts := append([]bot.Option{bot.WithClock(clock), bot.WithParkAfter(0), bot.WithShutdownGrace(10 * time.Millisecond)}, tc.opts...)
			h := runOn(t, srv, eng, dir, opts...)
			srv.WaitCalls(t, "getUpdates", 1)
			waiting, early := tc.wait(t, srv, clock)
			var ups []map[string]any
			var qs []bottest.Message
			for i := range others {
				from := int64(5000 + i)
				q := srv.Text(bottest.Private(from), from, "问题0").At(t0)
				qs, ups = append(qs, q), append(ups, bottest.AsMessage(q))
			}
			srv.Push(ups...)
			// The clock stands still: the waiting chat still waits.
			calls := srv.WaitCalls(t, "sendMessage", early+others)
			for i, q := range qs {
				if n := len(sends(calls, q.ID())); n != 1 {
					t.Errorf("user %d, after the waiting chat: %d answers, want 1", i, n)
				}
			}
			if n := len(sends(calls, waiting[len(waiting)-1].ID())); n != 0 {
				t.Fatalf("the waiting chat's last question was answered before its wait")
			}
			h.stop()
			if got, want := srv.Confirmed(), srv.Last()+1; got != want {
				t.Errorf("confirmed %d at the stop, want %d: all is answered or parked", got, want)
			}
			if got, want := parkedIn(t, dir), len(waiting)-early; got != want {
				t.Errorf("%d updates parked at the stop, want the %d waiting", got, want)
			}
			// The next start answers what waited, in order, and nothing twice.
			h = runOn(t, srv, eng, dir, opts...)
			clock.until(t, srv, "the waiting chat answered", func(calls []bottest.Call) bool {
				for _, q := range waiting {
					if len(sends(calls, q.ID())) == 0 {
						return false
					}
				}
				return true
			})
			h.stop()
			calls = srv.Calls()
			last := -1
			for i, q := range waiting {
				if n := len(sends(calls, q.ID())); n != 1 {
					t.Errorf("waiting question %d answered %d times, want once", i, n)
				}
				if at := indexOfReply(calls, q.ID()); at < last {
					t.Errorf("waiting question %d answered before the one before it", i)
				} else {
					last = at
				}
			}
			for i, q := range qs {
				if n := len(sends(calls, q.ID())); n != 1 {
					t.Errorf("user %d answered %d times across the restart", i, n)
				}
			}
		})
	}
}

// TestParkedAnsweredAfterSwitchToWebhook: what a polling run parked at its
// stop is answered by the next start in webhook mode too, and forgotten.
func TestParkedAnsweredAfterSwitchToWebhook(t *testing.T) {
	clock := newFakeClock()
	eng := enginetest.New()
	srv, dir := bottest.New(t), t.TempDir()
	h := runOn(t, srv, eng, dir, bot.WithClock(clock), bot.WithRateLimit(1, time.Minute), bot.WithRateQueue(1))
	var qs []bottest.Message
	for i := range 2 {
		q := srv.Text(bottest.Private(user), user, fmt.Sprintf("问题%d", i)).At(t0)
		srv.Push(bottest.AsMessage(q))
		qs = append(qs, q)
	}
	srv.WaitCalls(t, "sendMessage", 1)
	clock.WaitFor(t, 1) // the second waits a minute
	h.stop()

	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	b, err := bot.New(context.Background(), slog.New(slog.DiscardHandler), eng, srv.Token, bot.WithAPIURL(srv.URL),
		bot.WithWebhook("https://planbot.example.org/telegram/hook", secret), bot.WithListener(ln), bot.WithStore(st), bot.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	cancel, done := runBot(b)
	calls := srv.WaitCalls(t, "sendMessage", 2)
	cancel()
	waitStopped(t, done)
	for i, q := range qs {
		if n := len(sends(calls, q.ID())); n != 1 {
			t.Errorf("question %d answered %d times, want once", i, n)
		}
	}
	st.Flush(5 * time.Second)
	if ps, err := st.ParkedUpdates(bottest.BotID); err != nil || len(ps) != 0 {
		t.Errorf("still parked after it was answered: %d (%v)", len(ps), err)
	}
}
