package bot

import (
	"sync"
	"time"

	"github.com/planbot/planbot/store"
)

// ledger says which updates the bot has taken, so that one delivered again
// — a webhook retried, a poll after a lost confirmation, a restart — is
// answered once. It remembers the exact IDs taken, each for ledgerFor and
// at most ledgerKeep of them, the oldest forgotten first. It assumes
// nothing of their order: Telegram numbers a bot's updates in sequence,
// but starts again from a random ID after a week without any, and another
// bot (another token on the same database) has IDs of its own.
type ledger struct {
	mu    sync.Mutex
	keep  int
	ttl   time.Duration
	ids   map[int64]taken
	order []tookAt // in the order taken, from head on: what to forget first
	head  int
}

// taken is an update ID the ledger holds: when it was taken, and whether
// it has been handled.
type taken struct {
	at   time.Time
	done bool
}

type tookAt struct {
	id int64
	at time.Time
}

// How long and how many update IDs are remembered. Telegram delivers an
// update again for at most 24 hours — a webhook it could not deliver, or
// a poll's update not confirmed — so two days cover every delivery again
// with room for a clock that is off; 100,000 updates are more than
// planbot gets in those days, in about 6 MB.
const (
	ledgerFor  = 48 * time.Hour
	ledgerKeep = 100_000
)

func newLedger(keep int, ttl time.Duration) *ledger {
	return &ledger{keep: keep, ttl: ttl, ids: map[int64]taken{}}
}

// take records that the update with this ID is being handled, at now, and
// reports whether it is new.
func (l *ledger) take(id int64, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.forget(now)
	if _, ok := l.ids[id]; ok {
		return false
	}
	l.add(id, taken{at: now})
	return true
}

func (l *ledger) add(id int64, t taken) {
	l.ids[id] = t
	l.order = append(l.order, tookAt{id, t.at})
}

// forget drops the IDs taken before now-ttl, and the oldest beyond keep.
func (l *ledger) forget(now time.Time) {
	for l.head < len(l.order) {
		o := l.order[l.head]
		if len(l.order)-l.head <= l.keep && !o.at.Before(now.Add(-l.ttl)) {
			break
		}
		// Only if it is still the entry this one was made for: an update
		// cut short and taken again has a later one.
		if t, ok := l.ids[o.id]; ok && t.at.Equal(o.at) {
			delete(l.ids, o.id)
		}
		l.order[l.head] = tookAt{}
		l.head++
	}
	if l.head > 1024 && l.head > len(l.order)/2 {
		l.order = append([]tookAt(nil), l.order[l.head:]...)
		l.head = 0
	}
}

// finish records that an update taken is done with, or, when handled is
// false (a stop cut it short), forgets it, so that it is handled when it
// comes again. It returns when the update was taken, and false if the
// ledger does not hold it.
func (l *ledger) finish(id int64, handled bool) (time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	t, ok := l.ids[id]
	if !ok {
		return time.Time{}, false
	}
	if handled {
		t.done = true
		l.ids[id] = t
	} else {
		delete(l.ids, id)
	}
	return t.at, true
}

// restore takes up the updates handled before a restart, oldest first.
func (l *ledger) restore(hs []store.Handled) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, h := range hs {
		if _, ok := l.ids[h.ID]; !ok {
			l.add(h.ID, taken{at: h.At, done: true})
		}
	}
}

// size is how many update IDs the ledger holds.
func (l *ledger) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.ids)
}
