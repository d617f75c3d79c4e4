package bot

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
type fileCache struct{ kept *recentlyUsed[madeFile] }

// madeFile is a file made once, and what Telegram calls it once uploaded.
type madeFile struct {
	data   []byte
	fileID string // "" until an upload returned one
}

// newFileCache keeps up to max files; with max < 1 it is nil, no cache.
func newFileCache(max int) *fileCache {
	if max < 1 {
		return nil
	}
	return &fileCache{kept: newRecentlyUsed[madeFile](max)}
}

// get returns the file kept under key. gen is what put and remember need.
func (c *fileCache) get(key string) (f madeFile, gen uint64, ok bool) {
	if c == nil {
		return f, 0, false
	}
	return c.kept.get(key, nil)
}

// put keeps data under key, unless the cache was cleared since the get
// that returned gen: it may have been made from an answer a /reload
// replaced.
func (c *fileCache) put(key string, data []byte, gen uint64) {
	if c != nil {
		c.kept.put(key, madeFile{data: data}, gen)
	}
}

// remember notes the file_id Telegram gave the file under key ("" to
// forget one Telegram no longer takes), unless the cache was cleared since
// gen.
func (c *fileCache) remember(key, fileID string, gen uint64) {
	if c != nil {
		c.kept.update(key, gen, func(f *madeFile) { f.fileID = fileID })
	}
}

// clear forgets every file, and every file being made.
func (c *fileCache) clear() {
	if c != nil {
		c.kept.clear()
	}
}
