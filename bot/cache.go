package bot

import (
	"container/list"
	"sync"

	"github.com/planbot/planbot/answer"
)

// DefaultAnswerCache is how many answers a Bot keeps unless WithAnswerCache
// says otherwise. An answer holds its reply and cited results, 5 KB on
// average over the engine's test questions (88 KB at most, a whole chapter),
// so 1024 of them take about 5 MB; that is some four times the 216 distinct
// questions of the tests, and more than a plan of 69 clauses is asked about
// in a working day.
const DefaultAnswerCache = 1024

// answerCache keeps the engine's answers to the questions asked most
// recently, so that a question many people ask — an example button, a figure
// in the news, the page buttons under an answer, which ask its question again
// — is read, searched and rendered once. A question is keyed by the engine's
// Key, so that 遵义２０２５年 and 遵义2025年 share an answer; an answering
// command by its argument (Bot.command). It is bounded: the least recently
// asked answer goes first. A nil cache keeps nothing. Its methods are safe
// for concurrent use; answers are shared, and read only.
type answerCache struct {
	max int

	mu sync.Mutex
	// gen counts clears, so that an answer found before a clear (with the
	// synonyms a /reload replaced) is not stored after it.
	gen     uint64
	entries map[string]*list.Element // by key; each holds a *cachedAnswer
	recent  list.List                // most recently asked first
}

type cachedAnswer struct {
	key      string
	question string // as it was asked when it was answered
	a        answer.Answer
}

// newAnswerCache keeps up to max answers; with max < 1 it is nil, no cache.
func newAnswerCache(max int) *answerCache {
	if max < 1 {
		return nil
	}
	return &answerCache{max: max, entries: make(map[string]*list.Element, max)}
}

// get returns the answer cached under key, as the answer to question. gen is
// what put needs after a miss.
func (c *answerCache) get(key, question string) (a answer.Answer, gen uint64, ok bool) {
	if c == nil {
		return a, 0, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el := c.entries[key]
	if el == nil {
		return a, c.gen, false
	}
	e := el.Value.(*cachedAnswer)
	if e.question != question && spelledAsAsked(e.a) {
		return a, c.gen, false
	}
	c.recent.MoveToFront(el)
	a = e.a
	a.Question = question // the engine's own answer would say what this asker typed
	return a, c.gen, true
}

// spelledAsAsked says whether an answer names what was asked the way the
// asker wrote it — "计划没有为六盤水设定这项目标" — so that it is the answer
// only for that spelling, not for every question with the same Key.
func spelledAsAsked(a answer.Answer) bool {
	return a.Reason == answer.OutsidePlan || a.Reason == answer.OtherPlace
}

// put stores a, the answer to question under key, unless the cache was
// cleared since the get that returned gen.
func (c *answerCache) put(key, question string, a answer.Answer, gen uint64) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if el := c.entries[key]; el != nil {
		el.Value = &cachedAnswer{key: key, question: question, a: a}
		c.recent.MoveToFront(el)
		return
	}
	if c.recent.Len() >= c.max {
		old := c.recent.Back()
		c.recent.Remove(old)
		delete(c.entries, old.Value.(*cachedAnswer).key)
	}
	c.entries[key] = c.recent.PushFront(&cachedAnswer{key: key, question: question, a: a})
}

// clear forgets every answer, and every answer being found.
func (c *answerCache) clear() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.entries)
	c.recent.Init()
}
