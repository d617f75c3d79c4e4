package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/bot/bottest"
	"github.com/planbot/planbot/bot/enginetest"
	"github.com/planbot/planbot/store"
)

// TestStopLeavesWhatIsNotAnswered: SIGTERM while questions are being
// answered. What was answered is confirmed; what was not — cut short at
// the end of the grace period, or not started — is parked in the
// database, and the next start answers it. Across both, every question is
// answered exactly once: the next start does not answer again what was
// answered after a question left unanswered (issue 9).
func TestStopLeavesWhatIsNotAnswered(t *testing.T) {
	srv := bottest.New(t)
	dir := t.TempDir()
	eng := enginetest.New()
	const n = 20
	var ups []map[string]any
	var qs []bottest.Message
	var releases []func()
	for i := range n {
		from := int64(3000 + i)
		text := fmt.Sprintf("问题%d", i)
		eng.Set(enginetest.Ask, text, figureAnswer())
		if i%2 == 0 {
			// Every other question is slow: still being answered at the stop.
			releases = append(releases, eng.Block(enginetest.Ask, text))
		}
		q := srv.Text(bottest.Private(from), from, text)
		qs, ups = append(qs, q), append(ups, bottest.AsMessage(q))
	}
	first := runOn(t, srv, eng, dir, bot.WithShutdownGrace(50*time.Millisecond))
	firstID := srv.Push(ups...) - n + 1
	srv.WaitCalls(t, "sendMessage", n/2)
	eng.WaitBlocked(t, n/2)
	first.stop() // SIGTERM
	answered := map[int64]int{}
	for _, c := range filterStatus(srv.Calls(), "sendMessage") {
		answered[c.ReplyTo()]++
	}
	for i, q := range qs {
		if want := i % 2; answered[q.ID()] != want {
			t.Errorf("before the stop, question %d was answered %d times, want %d", i, answered[q.ID()], want)
		}
	}
	// Confirmed past what was not answered only because it is parked.
	if got, parked := srv.Confirmed(), parkedIn(t, dir); got > firstID && parked != n/2 {
		t.Errorf("confirmed offset %d past update %d, which was not answered, with %d updates parked: lost for good", got, firstID, parked)
	}

	for _, release := range releases {
		release()
	}
	second := runOn(t, srv, eng, dir)
	srv.WaitCalls(t, "sendMessage", n)
	second.stop()
	answered = map[int64]int{}
	for _, c := range filterStatus(srv.Calls(), "sendMessage") {
		answered[c.ReplyTo()]++
	}
	for i, q := range qs {
		if answered[q.ID()] != 1 {
			t.Errorf("question %d was answered %d times across the restart, want once", i, answered[q.ID()])
		}
	}
}

// TestSlowChatStallsNoOne: a reply waiting out a 429's retry_after holds
// up its own chat only; the others, written after it, are answered
// meanwhile, and the slow chat's questions come in their order once the
// wait is over (issue 9).
func TestSlowChatStallsNoOne(t *testing.T) {
	clock := newFakeClock()
	h, eng := startFake(t, bot.WithClock(clock))
	eng.Set(enginetest.Ask, "慢的问题", figureAnswer())
	eng.Set(enginetest.Ask, "慢的第二个问题", clauseAnswer())
	eng.Set(enginetest.Ask, "别人的问题", deptAnswer())
	h.srv.WaitCalls(t, "getUpdates", 1)
	h.srv.Fail("sendMessage", bottest.Fault{Status: 429, RetryAfter: 15})
	slow := h.srv.Text(bottest.Private(user), user, "慢的问题")
	h.srv.Push(bottest.AsMessage(slow))
	clock.WaitFor(t, 1) // its reply waits 15 s
	slow2 := h.srv.Text(bottest.Private(user), user, "慢的第二个问题")
	var others []bottest.Message
	ups := []map[string]any{bottest.AsMessage(slow2)}
	for i := range 10 {
		from := int64(2000 + i)
		m := h.srv.Text(bottest.Private(from), from, "别人的问题")
		others, ups = append(others, m), append(ups, bottest.AsMessage(m))
	}
	h.srv.Push(ups...)
	calls := h.srv.WaitCalls(t, "sendMessage", 10)
	for i, m := range others {
		if len(sends(calls, m.ID())) != 1 {
			t.Errorf("user %d was not answered while another chat waited", i)
		}
	}
	if n := len(sends(calls, slow.ID())) + len(sends(calls, slow2.ID())); n != 0 {
		t.Errorf("the slow chat got %d answers before its wait was over", n)
	}
	calls = clock.settle(t, h.srv)
	a, b := only(t, sends(calls, slow.ID()), "slow"), only(t, sends(calls, slow2.ID()), "slow2")
	if indexOfReply(calls, slow.ID()) > indexOfReply(calls, slow2.ID()) {
		t.Errorf("the slow chat's answers came out of order")
	}
	checkReply(t, a, figureAnswer())
	checkReply(t, b, clauseAnswer())
}

// parkedIn is how many updates of bottest's bot are parked in the
// database in dir, whose bot is stopped.
func parkedIn(t *testing.T, dir string) int {
	t.Helper()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ps, err := st.ParkedUpdates(bottest.BotID)
	if err != nil {
		t.Fatal(err)
	}
	return len(ps)
}

// indexOfReply is where in calls the answer to message id was sent.
func indexOfReply(calls []bottest.Call, id int64) int {
	for i, c := range calls {
		if c.Method == "sendMessage" && c.Status == 200 && c.ReplyTo() == id {
			return i
		}
	}
	return -1
}

// TestRestartAfterCleanStopAnswersOnce: an update Telegram delivers again
// after a clean restart (its confirmation lost) is not answered again: the
// updates handled are kept in the database.
func TestRestartAfterCleanStopAnswersOnce(t *testing.T) {
	srv := bottest.New(t)
	dir := t.TempDir()
	eng := enginetest.New()
	h := runOn(t, srv, eng, dir)
	q := h.srv.Text(bottest.Private(user), user, "遵义人口")
	h.push(bottest.AsMessage(q))
	h.stop()
	srv.Requeue() // as if the confirmation never reached Telegram
	runOn(t, srv, eng, dir).push()
	if n := len(sends(srv.Calls(), q.ID())); n != 1 {
		t.Errorf("answered %d times across a restart, want once", n)
	}
	if !strings.Contains(strings.Join(eng.Asked(), "\n"), "遵义人口") {
		t.Error("the engine was never asked")
	}
}
