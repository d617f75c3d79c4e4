package bot

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter is each user's pace: a token bucket (golang.org/x/time/rate)
// charged at the time a message was sent — its date, not when planbot gets
// to it, so that questions sent a minute apart while the bot was down are
// not a flood when it comes back. A question beyond the burst waits in the
// user's queue until a token returns; only what overflows the queue is
// dropped, with one notice. It also keeps when each stranger was last told
// they may not use the bot.
type limiter struct {
	every time.Duration // a token returns every this long
	burst int
	queue int // questions a user may have waiting

	mu    sync.Mutex
	users map[int64]*pace
}

// pace is one user's bucket and notices.
type pace struct {
	bucket  *rate.Limiter
	last    time.Time // the latest time charged: times never go back
	warned  bool      // told of an overflow since a question was last let through
	refused time.Time // when last told they may not use the bot
}

// maxPaces bounds the users remembered; those at full bucket lose nothing
// by being forgotten.
const maxPaces = 10000

// refuseEvery is how often a stranger is told they may not use the bot.
const refuseEvery = time.Minute

func newLimiter(burst int, every time.Duration, queue int) *limiter {
	return &limiter{every: every, burst: burst, queue: queue, users: map[int64]*pace{}}
}

func (l *limiter) pace(user int64, at time.Time) (*pace, time.Time) {
	p := l.users[user]
	if p == nil {
		if len(l.users) >= maxPaces {
			l.evict(at)
		}
		limit := rate.Inf
		if l.every > 0 {
			limit = rate.Every(l.every)
		}
		p = &pace{bucket: rate.NewLimiter(limit, l.burst)}
		l.users[user] = p
	}
	// A callback has no date and is charged at the clock's time; a
	// message sent before it and handled after is charged no earlier.
	if at.Before(p.last) {
		at = p.last
	}
	p.last = at
	return p, at
}

// reserve charges one of user's tokens for an update sent at at. ok says
// it may be answered, at due (in the time of at: a message's date); else
// it overflowed the queue, and notify is true the first time since the
// user's last question was let through. queued is false for updates that
// are worthless later (an inline query typed on): they never wait.
func (l *limiter) reserve(user int64, at time.Time, queued bool) (due time.Time, ok, notify bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	p, at := l.pace(user, at)
	r := p.bucket.ReserveN(at, 1)
	wait := r.DelayFrom(at)
	room := time.Duration(0)
	if queued {
		// The n-th question queued waits n tokens; a millisecond for the
		// rounding of the limiter's float arithmetic.
		room = time.Duration(l.queue)*l.every + time.Millisecond
	}
	if !r.OK() || wait > room {
		r.CancelAt(at)
		notify = !p.warned
		p.warned = true
		return time.Time{}, false, notify
	}
	p.warned = false
	return at.Add(wait), true, false
}

// refuse reports whether a stranger writing at at is to be told, at most
// once every refuseEvery, that they may not use the bot.
func (l *limiter) refuse(user int64, at time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	p, at := l.pace(user, at)
	if !p.refused.IsZero() && at.Sub(p.refused) < refuseEvery {
		return false
	}
	p.refused = at
	return true
}

// evict forgets users whose bucket is full again and who were not refused
// lately: they lose nothing.
func (l *limiter) evict(now time.Time) {
	for id, p := range l.users {
		if p.bucket.TokensAt(now) >= float64(l.burst) && now.Sub(p.refused) >= refuseEvery {
			delete(l.users, id)
		}
	}
}
