package bot

import "time"

// Clock is the time the bot goes by where a person's pace matters: the rate
// limit, how often a stranger is told no, and how long a reply waits before
// it is tried again. Tests pass a fake one and move it on by hand.
type Clock interface {
	Now() time.Time
	// After sends the time on the channel once d has passed.
	After(d time.Duration) <-chan time.Time
}

// realClock is the wall clock.
type realClock struct{}

// Now is time.Now.
func (realClock) Now() time.Time { return time.Now() }

// After is time.After.
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
