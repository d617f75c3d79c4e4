package bot

import "github.com/planbot/planbot/answer"

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
type answerCache struct{ kept *recentlyUsed[cachedAnswer] }

type cachedAnswer struct {
	question string // as it was asked when it was answered
	a        answer.Answer
}

// newAnswerCache keeps up to max answers; with max < 1 it is nil, no cache.
func newAnswerCache(max int) *answerCache {
	if max < 1 {
		return nil
	}
	return &answerCache{kept: newRecentlyUsed[cachedAnswer](max)}
}

// get returns the answer cached under key, as the answer to question. gen is
// what put needs after a miss.
func (c *answerCache) get(key, question string) (a answer.Answer, gen uint64, ok bool) {
	if c == nil {
		return a, 0, false
	}
	e, gen, ok := c.kept.get(key, func(e cachedAnswer) bool { return e.question == question || !spelledAsAsked(e.a) })
	if !ok {
		return a, gen, false
	}
	a = e.a
	a.Question = question // the engine's own answer would say what this asker typed
	return a, gen, true
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
	if c != nil {
		c.kept.put(key, cachedAnswer{question: question, a: a}, gen)
	}
}

// clear forgets every answer, and every answer being found.
func (c *answerCache) clear() {
	if c != nil {
		c.kept.clear()
	}
}
