package bot

import (
	"slices"
	"sync"
)

// ledger says which updates the bot has taken, so that one delivered again
// — a webhook retried, a poll after a lost confirmation, a restart — is
// answered once. Update IDs only grow: anything more than ledgerWindow
// below the highest ID taken is an old update sent again, and only the
// window above that is remembered one by one (Telegram may deliver a
// webhook's updates a little out of order).
type ledger struct {
	mu     sync.Mutex
	window int64
	high   int64          // the highest ID taken; 0 before the first
	ids    map[int64]bool // taken IDs within the window: true once done
}

// ledgerWindow is how far below the highest update ID an update may still
// arrive for the first time: more than webhooks deliver at once (Telegram
// keeps up to 100 in flight) and than polling holds (100 a batch).
const ledgerWindow = 4096

func newLedger(window int64) *ledger {
	return &ledger{window: window, ids: map[int64]bool{}}
}

// take records that the update with this ID is being handled, and reports
// whether it is new.
func (l *ledger) take(id int64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case id > l.high:
		l.high = id
		if int64(len(l.ids)) > 2*l.window {
			// Those below the window answer for nothing any more: forget
			// them now and then rather than look at each every time.
			for old := range l.ids {
				if old <= id-l.window {
					delete(l.ids, old)
				}
			}
		}
	case id <= l.high-l.window:
		return false // older than anything still on its way
	default:
		if _, ok := l.ids[id]; ok {
			return false
		}
	}
	l.ids[id] = false
	return true
}

// finish records that an update taken is done with, or, when handled is
// false (a stop cut it short), forgets it, so that it is handled when it
// comes again.
func (l *ledger) finish(id int64, handled bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.ids[id]; !ok {
		return
	}
	if handled {
		l.ids[id] = true
	} else {
		delete(l.ids, id)
	}
}

// done is the highest ID taken and the IDs handled within the window, to
// keep across a restart.
func (l *ledger) done() (high int64, ids []int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for id, ok := range l.ids {
		if ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return l.high, ids
}

// restore takes up what done returned before a restart.
func (l *ledger) restore(high int64, ids []int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.high = max(l.high, high)
	for _, id := range ids {
		if id > l.high-l.window {
			l.ids[id] = true
		}
	}
}
