package bot

import (
	"container/list"
	"sync"
)

// recentlyUsed keeps values by key up to a bound, the least recently used
// going first, and counts clears, so that a value made from what a clear
// replaced (an answer found with the synonyms a /reload changed) is not
// kept after it: get hands out the count, put and update take it back. The
// answer cache and the file cache are each one. Its methods are safe for
// concurrent use.
type recentlyUsed[V any] struct {
	max int

	mu      sync.Mutex
	gen     uint64                   // counts clears
	entries map[string]*list.Element // by key; each holds a *kept[V]
	recent  list.List                // most recently used first
}

type kept[V any] struct {
	key string
	v   V
}

func newRecentlyUsed[V any](max int) *recentlyUsed[V] {
	return &recentlyUsed[V]{max: max, entries: make(map[string]*list.Element, max)}
}

// get returns the value kept under key when use says it serves (nil: any
// does), and marks it used; gen is what put and update need after it.
func (c *recentlyUsed[V]) get(key string, use func(V) bool) (v V, gen uint64, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el := c.entries[key]
	if el == nil {
		return v, c.gen, false
	}
	k := el.Value.(*kept[V])
	if use != nil && !use(k.v) {
		return v, c.gen, false
	}
	c.recent.MoveToFront(el)
	return k.v, c.gen, true
}

// put keeps v under key, unless the cache was cleared since gen.
func (c *recentlyUsed[V]) put(key string, v V, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if el := c.entries[key]; el != nil {
		el.Value = &kept[V]{key: key, v: v}
		c.recent.MoveToFront(el)
		return
	}
	if c.recent.Len() >= c.max {
		old := c.recent.Back()
		c.recent.Remove(old)
		delete(c.entries, old.Value.(*kept[V]).key)
	}
	c.entries[key] = c.recent.PushFront(&kept[V]{key: key, v: v})
}

// update changes the value kept under key in place, unless the cache was
// cleared since gen or keeps nothing under key.
func (c *recentlyUsed[V]) update(key string, gen uint64, change func(*V)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el := c.entries[key]; el != nil && gen == c.gen {
		change(&el.Value.(*kept[V]).v)
	}
}

// clear forgets every value, and every value being made.
func (c *recentlyUsed[V]) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.entries)
	c.recent.Init()
}
