package bot_test

import (
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/planbot/planbot/bot/bottest"
)

// fakeClock is a bot.Clock that moves only when a test moves it, so that
// waits of seconds or minutes — a rate limit's queue, a retry_after, a
// minute between refusals — take no time in a test.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []waiter
	changed chan struct{} // closed and replaced when a waiter comes
}

type waiter struct {
	at time.Time
	ch chan time.Time
}

// t0 is when the tests' fake clocks start: a fixed time, so that message
// dates written relative to it are what the bot sees.
var t0 = time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)

func newFakeClock() *fakeClock { return &fakeClock{now: t0, changed: make(chan struct{})} }

// Now is the clock's time.
func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// After fires once the clock is moved d on.
func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, waiter{c.now.Add(d), ch})
	close(c.changed)
	c.changed = make(chan struct{})
	return ch
}

// Advance moves the clock on by d, firing the waits that end by then.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if w.at.After(c.now) {
			kept = append(kept, w)
		} else {
			w.ch <- c.now
		}
	}
	c.waiters = kept
}

// waiting is how many waits are pending, and how long until the first ends.
func (c *fakeClock) waiting() (int, time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.waiters) == 0 {
		return 0, 0
	}
	sort.Slice(c.waiters, func(i, j int) bool { return c.waiters[i].at.Before(c.waiters[j].at) })
	return len(c.waiters), c.waiters[0].at.Sub(c.now)
}

// WaitFor waits until n waits are pending.
func (c *fakeClock) WaitFor(tb testing.TB, n int) {
	tb.Helper()
	deadline := time.NewTimer(bottest.WaitTimeout)
	defer deadline.Stop()
	for {
		c.mu.Lock()
		got, ch := len(c.waiters), c.changed
		c.mu.Unlock()
		if got >= n {
			return
		}
		select {
		case <-ch:
		case <-deadline.C:
			tb.Fatalf("fake clock: %d waits pending, want %d", got, n)
		}
	}
}

// settle pushes nothing: it moves the clock on from one wait to the next
// until the bot has handled every update pushed to srv, and returns the
// calls made.
func (c *fakeClock) settle(tb testing.TB, srv *bottest.Server) []bottest.Call {
	tb.Helper()
	want := srv.Last() + 1
	return c.until(tb, srv, fmt.Sprintf("updates up to %d handled", want-1), func([]bottest.Call) bool { return srv.Confirmed() >= want })
}

// until moves the clock on from one wait to the next until ok holds for
// the calls made to srv, and returns them.
func (c *fakeClock) until(tb testing.TB, srv *bottest.Server, what string, ok func([]bottest.Call) bool) []bottest.Call {
	tb.Helper()
	deadline := time.NewTimer(bottest.WaitTimeout)
	defer deadline.Stop()
	for {
		// The channels first, then the state: a change in between wakes us.
		served := srv.Changed()
		c.mu.Lock()
		ch := c.changed
		c.mu.Unlock()
		if ok(srv.Calls()) {
			return srv.Calls()
		}
		if n, d := c.waiting(); n > 0 {
			c.Advance(d)
			continue
		}
		select {
		case <-served:
		case <-ch:
		case <-deadline.C:
			tb.Fatalf("fake clock: timed out waiting for %s; confirmed %d; calls:%s", what, srv.Confirmed(), bottest.Summary(srv.Calls()))
		}
	}
}
