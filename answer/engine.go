package answer

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/planbot/planbot/data/plan"
	"github.com/planbot/planbot/index"
)

// Engine answers questions about one plan. It is safe for concurrent use.
type Engine struct {
	logger  *slog.Logger
	plan    *plan.Plan
	ix      *index.Index
	clauses []clauseInfo   // in plan order
	targets int            // how many targets the clauses set
	byRef   map[string]int // ref → index into clauses
	gaz     *gazetteer
	cues    *cues
	sounds  readings // what a mistyped character may stand for

	mu    sync.RWMutex
	words *vocab
}

// Words are the word lists an Engine reads questions with: the texts of
// data/synonyms.txt, data/cues.txt and data/names.txt, or files in their
// formats.
type Words struct {
	Synonyms string // what staff type for the plan's words; may be empty
	Cues     string // how a question says what it asks for
	Names    string // how the official format names departments
	Readings string // the characters' readings (data/readings.txt); may be empty
}

// Options tune Load.
type Options struct {
	// IndexDir holds the index on disk; "" builds it in memory.
	IndexDir string
	// DictDir is where jieba's dictionaries are unpacked; "" is the cache.
	DictDir string
}

// Load parses the plan text, builds its index and returns an Engine over it.
func Load(ctx context.Context, logger *slog.Logger, planText string, words Words, opts Options) (*Engine, error) {
	p, err := plan.Parse(planText)
	if err != nil {
		return nil, fmt.Errorf("parse plan: %w", err)
	}
	return Open(ctx, logger, p, words, opts)
}

// Open builds a parsed plan's index and returns an Engine over it.
func Open(ctx context.Context, logger *slog.Logger, p *plan.Plan, words Words, opts Options) (*Engine, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	ix, err := index.Build(ctx, logger, p, opts.IndexDir, index.Options{DictDir: opts.DictDir, Words: Lexicon(p, words.Synonyms)})
	if err != nil {
		return nil, fmt.Errorf("build index: %w", err)
	}
	e, err := New(logger, p, ix, words)
	if err != nil {
		ix.Close()
		return nil, err
	}
	return e, nil
}

// New returns an Engine over a parsed plan and its index.
func New(logger *slog.Logger, p *plan.Plan, ix *index.Index, words Words) (*Engine, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	e := &Engine{logger: logger, plan: p, ix: ix, byRef: map[string]int{}}
	cf, err := parseCueFile(words.Cues, e.foldWord)
	if err != nil {
		return nil, err
	}
	if e.cues, err = newCues(cf); err != nil {
		return nil, err
	}
	rules, err := parseNameRules(words.Names)
	if err != nil {
		return nil, err
	}
	syn, err := ParseSynonyms(words.Synonyms, e.foldWord)
	if err != nil {
		return nil, err
	}
	if e.sounds, err = parseReadings(words.Readings); err != nil {
		return nil, err
	}
	if err := e.buildGazetteer(rules); err != nil {
		return nil, err
	}
	e.words = e.newVocab(syn)
	return e, nil
}

// foldWord folds a word of a word list the way questions are folded.
func (e *Engine) foldWord(s string) string { return e.fold(s).text }

// Lexicon is the words jieba must keep whole for this plan: its departments,
// target subjects and metrics, the names it sets in quotation marks, and
// the synonyms' phrases.
func Lexicon(p *plan.Plan, synonyms string) []string {
	var words []string
	for _, d := range p.Departments() {
		words = append(words, d.Name)
	}
	for _, t := range p.Targets() {
		if utf8.RuneCountInString(t.Metric) <= 12 {
			words = append(words, t.Metric)
		}
		words = append(words, splitSubject(t.Subject)...)
	}
	for _, c := range p.Clauses {
		for _, m := range quotedRe.FindAllStringSubmatch(c.Text, -1) {
			if utf8.RuneCountInString(m[1]) <= 8 {
				words = append(words, m[1])
			}
		}
	}
	if s, err := ParseSynonyms(synonyms, nil); err == nil {
		for _, e := range s.entries {
			words = append(words, e.phrase)
			words = append(words, e.plan...)
		}
	}
	return words
}

// Close releases the engine's index; an index on disk is then free for
// another process to open.
func (e *Engine) Close() error { return e.ix.Close() }

// Plan returns the plan the engine answers from.
func (e *Engine) Plan() *plan.Plan { return e.plan }

// ReloadSynonyms replaces the synonyms with those of the given file text.
func (e *Engine) ReloadSynonyms(text string) error {
	s, err := ParseSynonyms(text, e.foldWord)
	if err != nil {
		return err
	}
	v := e.newVocab(s)
	e.mu.Lock()
	e.words = v
	e.mu.Unlock()
	return nil
}

// vocabulary is the synonyms in use; a question reads with one snapshot,
// whatever a reload does meanwhile.
func (e *Engine) vocabulary() *vocab {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.words
}

// clause is the clause with the given ref.
func (e *Engine) clause(ref string) (*clauseInfo, bool) {
	i, ok := e.byRef[strings.ToUpper(ref)]
	if !ok {
		return nil, false
	}
	return &e.clauses[i], true
}
