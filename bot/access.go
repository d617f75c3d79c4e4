package bot

import (
	"sort"
	"sync"
	"time"

	"github.com/planbot/planbot/answer"
)

// allowed says whether a user, in a chat (0 for inline queries, which have
// none), may use the bot. With no allowlist everyone may.
func (b *Bot) allowed(user, chat int64) bool {
	if b.cfg.allowedUsers == nil && b.cfg.allowedChats == nil {
		return true
	}
	return b.cfg.admins[user] || b.cfg.allowedUsers[user] || (chat != 0 && b.cfg.allowedChats[chat])
}

// restricted says whether an allowlist is in force, so that answers must not
// be cached by Telegram across users.
func (b *Bot) restricted() bool { return b.cfg.allowedUsers != nil || b.cfg.allowedChats != nil }

// limiter is a token bucket per user: a burst of questions, then one per
// refill, so that one user cannot starve the others.
type limiter struct {
	mu      sync.Mutex
	burst   float64
	refill  time.Duration
	now     func() time.Time
	buckets map[int64]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
	warned bool // told to slow down since the bucket last ran dry
}

func newLimiter(burst int, refill time.Duration, now func() time.Time) *limiter {
	return &limiter{burst: float64(burst), refill: refill, now: now, buckets: map[int64]*bucket{}}
}

// take spends one token of user's. When there is none it returns false, and
// warn is true the first time, so that a flood gets one "slow down" and not
// a reply to every message.
func (l *limiter) take(user int64) (ok, warn bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	bk := l.buckets[user]
	if bk == nil {
		if len(l.buckets) >= 10000 {
			l.evict(now)
		}
		bk = &bucket{tokens: l.burst, at: now}
		l.buckets[user] = bk
	}
	if l.refill > 0 {
		bk.tokens += float64(now.Sub(bk.at)) / float64(l.refill)
		if bk.tokens > l.burst {
			bk.tokens = l.burst
		}
	}
	bk.at = now
	if bk.tokens >= 1 {
		bk.tokens--
		bk.warned = false
		return true, false
	}
	warn = !bk.warned
	bk.warned = true
	return false, warn
}

// evict forgets users whose bucket has filled up again: they lose nothing.
func (l *limiter) evict(now time.Time) {
	full := time.Duration(l.burst) * l.refill
	for id, bk := range l.buckets {
		if now.Sub(bk.at) >= full {
			delete(l.buckets, id)
		}
	}
}

// seenSet remembers recent update IDs so that an update delivered twice (a
// webhook retry, a poll repeated after an error) is answered once.
type seenSet struct {
	mu   sync.Mutex
	ids  map[int64]bool
	ring []int64
	next int
}

func newSeenSet(n int) *seenSet {
	return &seenSet{ids: make(map[int64]bool, n), ring: make([]int64, n)}
}

// add records id and reports whether it is new.
func (s *seenSet) add(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ids[id] {
		return false
	}
	delete(s.ids, s.ring[s.next])
	s.ring[s.next] = id
	s.next = (s.next + 1) % len(s.ring)
	s.ids[id] = true
	return true
}

// stats is what /stats reports: how many questions were answered and which
// found nothing in the plan, so that an administrator knows what synonyms
// to add. A greeting, a place outside the plan or a year the plan does not
// set is no gap in the synonyms, and is not listed.
type stats struct {
	mu         sync.Mutex
	answered   int
	byIntent   map[answer.Intent]int
	unanswered map[string]int
	order      []string // unanswered questions, oldest first, bounded
}

const maxUnanswered = 200

func newStats() *stats {
	return &stats{byIntent: map[answer.Intent]int{}, unanswered: map[string]int{}}
}

func (s *stats) record(a answer.Answer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answered++
	s.byIntent[a.Intent]++
	if a.Intent != answer.IntentNone || a.Question == "" || a.Reason != answer.NotInPlan {
		return
	}
	q := shorten(a.Question, 100)
	if s.unanswered[q] == 0 {
		if len(s.order) >= maxUnanswered {
			delete(s.unanswered, s.order[0])
			s.order = s.order[1:]
		}
		s.order = append(s.order, q)
	}
	s.unanswered[q]++
}

// statsView is a copy of stats for reporting.
type statsView struct {
	Answered   int
	ByIntent   []intentCount
	Unanswered []questionCount // most asked first
}

type intentCount struct {
	Intent answer.Intent
	N      int
}

type questionCount struct {
	Question string
	N        int
}

func (s *stats) view() statsView {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := statsView{Answered: s.answered}
	for i, n := range s.byIntent {
		v.ByIntent = append(v.ByIntent, intentCount{i, n})
	}
	sort.Slice(v.ByIntent, func(i, j int) bool {
		if v.ByIntent[i].N != v.ByIntent[j].N {
			return v.ByIntent[i].N > v.ByIntent[j].N
		}
		return v.ByIntent[i].Intent < v.ByIntent[j].Intent
	})
	for _, q := range s.order {
		v.Unanswered = append(v.Unanswered, questionCount{q, s.unanswered[q]})
	}
	sort.SliceStable(v.Unanswered, func(i, j int) bool { return v.Unanswered[i].N > v.Unanswered[j].N })
	return v
}
