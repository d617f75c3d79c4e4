package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/planbot/planbot/data/plan"
)

// Kinds of documents: a clause, and each target a clause states.
const (
	KindClause = "clause"
	KindTarget = "target"
)

// Names inside the stored mapping and index. schemaVersion goes into the
// fingerprint so that an index written by an older layout is rebuilt, not
// misread; bump it whenever documents, fields or analysis change.
const (
	analyzerName   = "planbot"
	tokenizerName  = "planbot_jieba_lexicon"
	fingerprintKey = "planbot.fingerprint"
	schemaVersion  = "1"
)

// Field boosts, applied at query time because bleve v2 has none at index
// time. A word in a clause's lead sentence or a target's metric says what
// the clause or target is about; the same word in the body may be in
// passing.
var fieldBoosts = []struct {
	field string
	boost float64
}{
	{"title", 3},
	{"metric", 3},
	{"subject", 2},
	{"departments", 2},
	{"text", 1},
	{"quote", 1},
	{"value", 1},
	{"year", 1},
}

// Options tune Build.
type Options struct {
	// DictDir is where jieba's dictionaries are extracted, in a subdirectory
	// named by their hash; "" is the user's cache directory (or the
	// temporary directory where there is none).
	DictDir string
	// Words is the plan lexicon: names jieba must keep whole (黔中,
	// 省发展改革委, 城区常住人口). Traditional or full-width forms are folded.
	Words []string
}

// Index is a searchable plan: one document per clause and one per target.
// It is safe for concurrent use; Close it when done.
type Index struct {
	// norm folds text; it is ready at Build, before jieba: folding needs
	// no dictionary, and a caller folds its word lists while jieba loads.
	norm *Normalizer
	// loaded is closed once jieba has loaded, setting analyzer and
	// tokenizer, or failed, setting loadErr. Loading jieba is most of a
	// cold start (85–130 ms); Build returns while it loads, so that a caller
	// does what needs no dictionary meanwhile on the other core.
	loaded    chan struct{}
	loadErr   error
	analyzer  analysis.Analyzer
	tokenizer *Tokenizer

	// An index built in memory is filled at its first search, not at
	// Build: answering reads words with the tokenizer alone, and a
	// process that only answers never pays for the documents. ready
	// holds what filling gave.
	ready  sync.Once
	idx    bleve.Index
	idxErr error
	fill   func() (bleve.Index, error) // nil once idx is set by Build

	closeMu sync.Mutex
	closed  bool
}

// Build returns an index over p. With dir "" it is built in memory. With a
// directory it opens the index there if it was built from the same plan,
// lexicon and dictionary place, else builds one there, replacing an index
// built from something else; it refuses a non-empty directory that holds
// no index. A nil logger logs nothing.
func Build(ctx context.Context, logger *slog.Logger, p *plan.Plan, dir string, opts Options) (*Index, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if p == nil {
		return nil, errors.New("index: build: no plan")
	}
	if registerErr != nil {
		return nil, fmt.Errorf("index: build: %w", registerErr)
	}
	// Extracting here, rather than only inside the tokenizer that bleve's
	// registry builds, is what lets the first run log where the files went.
	paths, wrote, err := extractDicts(opts.DictDir)
	if err != nil {
		return nil, fmt.Errorf("index: build: %w", err)
	}
	if wrote {
		logger.Info("extracted jieba dictionaries", "dir", filepath.Dir(paths[0]))
	}
	words := sortedUnique(opts.Words)
	if dir == "" {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("index: build: %w", err)
		}
		norm, err := NewNormalizer()
		if err != nil {
			return nil, err
		}
		ix := &Index{norm: norm, loaded: make(chan struct{})}
		go func() {
			defer close(ix.loaded)
			m, err := newMapping(words, opts.DictDir)
			if err != nil {
				ix.loadErr = err
				return
			}
			// The mapping builds the tokenizer once and caches it: the
			// index filled later from this mapping cuts with the same jieba.
			if ix.analyzer, ix.tokenizer, err = analyzerOf(m); err != nil {
				ix.loadErr = err
				return
			}
			ix.fill = func() (bleve.Index, error) {
				idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
				if err != nil {
					return nil, fmt.Errorf("index: build in memory: %w", err)
				}
				if err := fill(context.WithoutCancel(ctx), idx, p); err != nil {
					idx.Close()
					return nil, err
				}
				logger.Debug("built index in memory", "clauses", len(p.Clauses))
				return idx, nil
			}
		}()
		return ix, nil
	}
	fp, err := fingerprint(p, words, opts.DictDir)
	if err != nil {
		return nil, err
	}

	switch has, err := holdsIndex(dir); {
	case err != nil:
		return nil, err
	case has:
		idx, err := bleve.OpenUsing(dir, openConfig())
		if err != nil {
			return nil, fmt.Errorf("index: open %s: %w", dir, err)
		}
		stored, err := idx.GetInternal([]byte(fingerprintKey))
		if err != nil {
			idx.Close()
			return nil, fmt.Errorf("index: open %s: %w", dir, err)
		}
		if string(stored) == fp {
			logger.Debug("opened index", "dir", dir)
			return wrap(idx)
		}
		if err := idx.Close(); err != nil {
			return nil, fmt.Errorf("index: close %s: %w", dir, err)
		}
		logger.Info("index was built from another plan or lexicon, rebuilding", "dir", dir)
	}
	if err := buildOnDisk(ctx, p, dir, words, opts.DictDir, fp); err != nil {
		return nil, err
	}
	idx, err := bleve.OpenUsing(dir, openConfig())
	if err != nil {
		return nil, fmt.Errorf("index: open %s: %w", dir, err)
	}
	logger.Info("built index", "dir", dir, "clauses", len(p.Clauses))
	return wrap(idx)
}

// openConfig bounds the wait for the lock another process holds on an
// on-disk index, which otherwise blocks forever. A function, not a shared
// map, since bleve may keep or change the map it is given.
func openConfig() map[string]interface{} { return map[string]interface{}{"bolt_timeout": "10s"} }

// holdsIndex reports whether dir holds a bleve index, and fails for a
// non-empty directory that does not, so that a mistyped --index never
// deletes someone's files.
func holdsIndex(dir string) (bool, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("index: %w", err)
	}
	if len(entries) == 0 {
		return false, nil
	}
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err == nil {
		return true, nil
	}
	return false, fmt.Errorf("index: %s is neither empty nor an index; not writing there", dir)
}

// buildOnDisk builds the index in a sibling directory and renames it into
// place, so that a build cut short never leaves a half index at dir to be
// opened next time.
func buildOnDisk(ctx context.Context, p *plan.Plan, dir string, words []string, dictDir, fp string) error {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("index: build in %s: %w", dir, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".building-*")
	if err != nil {
		return fmt.Errorf("index: build in %s: %w", dir, err)
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	m, err := newMapping(words, dictDir)
	if err != nil {
		return err
	}
	idx, err := bleve.NewUsing(tmp, m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return fmt.Errorf("index: build in %s: %w", dir, err)
	}
	if err := fill(ctx, idx, p); err != nil {
		idx.Close()
		return err
	}
	if err := idx.SetInternal([]byte(fingerprintKey), []byte(fp)); err != nil {
		idx.Close()
		return fmt.Errorf("index: build in %s: %w", dir, err)
	}
	if err := idx.Close(); err != nil {
		return fmt.Errorf("index: build in %s: %w", dir, err)
	}

	// Move an old index aside rather than deleting it first, so that dir
	// is without an index only between two renames.
	has, err := holdsIndex(dir)
	if err != nil {
		return err
	}
	if has {
		old, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".old-*")
		if err != nil {
			return fmt.Errorf("index: replace %s: %w", dir, err)
		}
		defer os.RemoveAll(old)
		if err := os.Rename(dir, filepath.Join(old, "index")); err != nil {
			return fmt.Errorf("index: replace %s: %w", dir, err)
		}
	} else if err := os.Remove(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("index: build in %s: %w", dir, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("index: build in %s: %w", dir, err)
	}
	return nil
}

// fingerprint names what an index was built from, to tell whether an index
// on disk can be reused. The dictionaries' version is part of it because
// they decide the terms: an index cut with other dictionaries would not
// match the questions cut with these.
func fingerprint(p *plan.Plan, words []string, dictDir string) (string, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return "", fmt.Errorf("index: fingerprint plan: %w", err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "schema %s\ndict %q %s\nwords %q\n", schemaVersion, dictDir, dictVersion, words)
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// newMapping lays out the documents. Nothing is stored and no term vectors
// are kept: hits are named by their IDs, and the caller has the plan.
func newMapping(words []string, dictDir string) (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	tcfg := map[string]interface{}{"type": Name, "words": words}
	if dictDir != "" {
		tcfg["dict_dir"] = dictDir
	}
	if err := m.AddCustomTokenizer(tokenizerName, tcfg); err != nil {
		return nil, fmt.Errorf("index: mapping: %w", err)
	}
	if err := m.AddCustomAnalyzer(analyzerName, map[string]interface{}{
		"type":      custom.Name,
		"tokenizer": tokenizerName,
	}); err != nil {
		return nil, fmt.Errorf("index: mapping: %w", err)
	}
	m.DefaultAnalyzer = analyzerName

	text := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzerName
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	kw := bleve.NewKeywordFieldMapping()
	kw.Analyzer = keyword.Name
	kw.Store = false
	kw.IncludeInAll = false
	kw.DocValues = false

	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt("kind", kw)
	doc.AddFieldMappingsAt("ref", kw)
	for _, fb := range fieldBoosts {
		doc.AddFieldMappingsAt(fb.field, text())
	}
	m.DefaultMapping = doc
	return m, nil
}

// fill indexes p's clauses and targets in batches, stopping when ctx ends.
func fill(ctx context.Context, idx bleve.Index, p *plan.Plan) error {
	const batchSize = 256
	b := idx.NewBatch()
	flush := func() error {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("index: build: %w", err)
		}
		if err := idx.Batch(b); err != nil {
			return fmt.Errorf("index: build: %w", err)
		}
		b.Reset()
		return nil
	}
	for _, c := range p.Clauses {
		err := b.Index(docID(KindClause, c.Ref, -1), map[string]interface{}{
			"kind":        KindClause,
			"ref":         c.Ref,
			"title":       c.Title,
			"text":        c.Text,
			"departments": c.Departments,
		})
		if err != nil {
			return fmt.Errorf("index: clause %s: %w", c.Ref, err)
		}
		for i, t := range c.Targets {
			err := b.Index(docID(KindTarget, c.Ref, i), map[string]interface{}{
				"kind":        KindTarget,
				"ref":         c.Ref,
				"departments": c.Departments,
				"subject":     t.Subject,
				"metric":      t.Metric,
				"year":        t.Year.String(),
				"value":       t.Value,
				"quote":       t.Quote,
			})
			if err != nil {
				return fmt.Errorf("index: target %s#%d: %w", c.Ref, i, err)
			}
		}
		if b.Size() >= batchSize {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// docID names a document so that a hit can be mapped back to the plan
// without stored fields: clause/15, target/15/0.
func docID(kind, ref string, target int) string {
	if kind == KindTarget {
		return kind + "/" + ref + "/" + strconv.Itoa(target)
	}
	return kind + "/" + ref
}

// parseDocID undoes docID. Refs may hold slashes, so the target number is
// taken from the end.
func parseDocID(id string) (kind, ref string, target int, ok bool) {
	kind, rest, ok := strings.Cut(id, "/")
	if !ok {
		return "", "", 0, false
	}
	switch kind {
	case KindClause:
		return kind, rest, -1, true
	case KindTarget:
		i := strings.LastIndexByte(rest, '/')
		if i < 0 {
			return "", "", 0, false
		}
		n, err := strconv.Atoi(rest[i+1:])
		if err != nil || n < 0 {
			return "", "", 0, false
		}
		return kind, rest[:i], n, true
	}
	return "", "", 0, false
}

// wrap finds the index's analyzer and tokenizer, which bleve built from the
// mapping, so that Terms and Normalize use the very jieba the index uses.
func wrap(idx bleve.Index) (*Index, error) {
	an, tok, err := analyzerOf(idx.Mapping())
	if err != nil {
		idx.Close()
		return nil, err
	}
	ix := &Index{norm: tok.norm, loaded: make(chan struct{}), analyzer: an, tokenizer: tok, idx: idx}
	close(ix.loaded)
	return ix, nil
}

// analyzerOf is the mapping's jieba analyzer and its tokenizer.
func analyzerOf(m mapping.IndexMapping) (analysis.Analyzer, *Tokenizer, error) {
	an := m.AnalyzerNamed(analyzerName)
	if an == nil {
		return nil, nil, fmt.Errorf("index: the index has no %s analyzer", analyzerName)
	}
	da, ok := an.(*analysis.DefaultAnalyzer)
	var tok *Tokenizer
	if ok {
		tok, ok = da.Tokenizer.(*Tokenizer)
	}
	if !ok {
		return nil, nil, fmt.Errorf("index: the index's %s analyzer is not jieba's", analyzerName)
	}
	return an, tok, nil
}

// Wait waits until jieba has loaded and returns why it could not. The
// methods that cut words wait for it themselves, and find no words if it
// failed: a caller that builds on their results calls Wait before it
// trusts them.
func (ix *Index) Wait() error {
	<-ix.loaded
	return ix.loadErr
}

// jieba is the tokenizer once loaded; nil if it failed to.
func (ix *Index) jieba() *Tokenizer {
	<-ix.loaded
	return ix.tokenizer
}

// bleveIndex is the bleve index, filled now if it is the first search.
func (ix *Index) bleveIndex() (bleve.Index, error) {
	if err := ix.Wait(); err != nil {
		return nil, err
	}
	ix.ready.Do(func() {
		if ix.idx != nil || ix.fill == nil {
			return
		}
		ix.closeMu.Lock()
		defer ix.closeMu.Unlock()
		if ix.closed {
			ix.idxErr = errors.New("index: closed")
			return
		}
		ix.idx, ix.idxErr = ix.fill()
	})
	return ix.idx, ix.idxErr
}

// Close releases the index; an on-disk index stays on disk.
func (ix *Index) Close() error {
	ix.closeMu.Lock()
	defer ix.closeMu.Unlock()
	ix.closed = true
	if ix.idx == nil {
		return nil
	}
	if err := ix.idx.Close(); err != nil {
		return fmt.Errorf("index: close: %w", err)
	}
	return nil
}

// Terms returns the analyzed terms of text, each once, in order of first
// appearance: normalized, cut by jieba with the plan lexicon in search mode
// (so 新型城镇化 gives 新型, 城镇, 城镇化, 新型城镇化), punctuation dropped.
func (ix *Index) Terms(text string) []string {
	if ix.jieba() == nil {
		return nil
	}
	toks := ix.analyzer.Analyze([]byte(text))
	out := make([]string, 0, len(toks))
	seen := make(map[string]bool, len(toks))
	for _, t := range toks {
		s := string(t.Term)
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// PlaceNames lists the words of text that jieba takes for place names; see
// Tokenizer.PlaceNames.
func (ix *Index) PlaceNames(text string) []string {
	if t := ix.jieba(); t != nil {
		return t.PlaceNames(text)
	}
	return nil
}

// Normalize folds s the way the index folds text before cutting it:
// full-width to half-width, Latin to lower case, traditional to simplified,
// zero-width characters dropped. It is a method, not a function, because
// the traditional-to-simplified tables take a while to load and the index
// already holds them.
func (ix *Index) Normalize(s string) string { return ix.norm.Normalize(s) }
