package bot

import (
	"container/list"
	"sync"
)

// DefaultFileCache is how many files a Bot keeps unless WithFileCache says
// otherwise. A chart is 30–300 KB (six panels at most), a 分工表 10–40 KB,
// so 64 of them take at most some 20 MB; that is more charts and
// departments than staff ask for in a day.
const DefaultFileCache = 64

// fileCache keeps the files the bot made — a chart's PNG, a department's
// 分工表 — by what they were made from (the question's key, the
// departments), and the file_id Telegram gave each once it was uploaded,
// so that a second tap, or a colleague asking the same, is sent the same
// file without drawing or writing it again, and without uploading it
// again once Telegram has it. It is bounded, the least recently sent
// going first, and cleared with the answer cache on /reload: the
// synonyms change answers, and so their figures. A nil cache keeps
// nothing. Its methods are safe for concurrent use; the bytes are shared,
// and read only.
type fileCache struct {
	max int

	mu      sync.Mutex
	gen     uint64                   // counts clears, as answerCache's does
	entries map[string]*list.Element // by key; each holds a *madeFile
	recent  list.List                // most recently sent first
}

// madeFile is a file made once, and what Telegram calls it once uploaded.
type madeFile struct {
	key    string
	data   []byte
	fileID string // "" until an upload returned one
}

// newFileCache keeps up to max files; with max < 1 it is nil, no cache.
func newFileCache(max int) *fileCache {
	if max < 1 {
		return nil
	}
	return &fileCache{max: max, entries: make(map[string]*list.Element, max)}
}

// get returns the file kept under key. gen is what put and remember need.
func (c *fileCache) get(key string) (f madeFile, gen uint64, ok bool) {
	if c == nil {
		return f, 0, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el := c.entries[key]
	if el == nil {
		return f, c.gen, false
	}
	c.recent.MoveToFront(el)
	return *el.Value.(*madeFile), c.gen, true
}

// put keeps data under key, unless the cache was cleared since the get
// that returned gen: it may have been made from an answer a /reload
// replaced.
func (c *fileCache) put(key string, data []byte, gen uint64) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if el := c.entries[key]; el != nil {
		el.Value = &madeFile{key: key, data: data}
		c.recent.MoveToFront(el)
		return
	}
	if c.recent.Len() >= c.max {
		old := c.recent.Back()
		c.recent.Remove(old)
		delete(c.entries, old.Value.(*madeFile).key)
	}
	c.entries[key] = c.recent.PushFront(&madeFile{key: key, data: data})
}

// remember notes the file_id Telegram gave the file under key ("" to
// forget one Telegram no longer takes), unless the cache was cleared since
// gen.
func (c *fileCache) remember(key, fileID string, gen uint64) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el := c.entries[key]; el != nil && gen == c.gen {
		el.Value.(*madeFile).fileID = fileID // get hands out copies
	}
}

// clear forgets every file, and every file being made.
func (c *fileCache) clear() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.entries)
	c.recent.Init()
}
