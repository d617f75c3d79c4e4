package answer

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/planbot/planbot/data/plan"
	"github.com/planbot/planbot/index"
)

// Engine answers questions about one plan. It is safe for concurrent use.
type Engine struct {
	logger *slog.Logger
	plan   *plan.Plan
	ix     *index.Index

	mu  sync.RWMutex
	syn *Synonyms

	clauses     []clauseInfo        // in plan order
	byRef       map[string]int      // ref → index into clauses
	deptAliases map[string][]string // department → the ways staff name it, longest first
	places      []placeInfo
	// folded holds the plan's texts that questions are matched against,
	// folded once at start: folding (OpenCC) costs more than the matching.
	// It is read-only after New.
	folded    map[string]string
	matchOnly map[string]string // matchable(folded) of target metrics and quotes
}

// clauseInfo is a clause with the folded texts that questions are matched
// against.
type clauseInfo struct {
	c        *plan.Clause
	norm     string // title, headings, text and departments, folded
	subject  string // the place the clause is about, or ""
	sentence []string
}

// placeInfo is a place the plan names.
type placeInfo struct {
	name string // core name: 遵义, 全省, 黔中
}

// Options tune Load and New.
type Options struct {
	// IndexDir holds the index on disk; "" builds it in memory.
	IndexDir string
	// DictDir is where jieba's dictionaries are unpacked; "" is the cache.
	DictDir string
}

// Load parses the plan text, builds its index and returns an Engine over it.
// synonyms is the text of a synonyms file (data.Synonyms() by default).
func Load(ctx context.Context, logger *slog.Logger, planText, synonyms string) (*Engine, error) {
	return LoadWith(ctx, logger, planText, synonyms, Options{})
}

// LoadWith is Load with options.
func LoadWith(ctx context.Context, logger *slog.Logger, planText, synonyms string, opts Options) (*Engine, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	p, err := plan.Parse(planText)
	if err != nil {
		return nil, fmt.Errorf("parse plan: %w", err)
	}
	ix, err := index.Build(ctx, logger, p, opts.IndexDir, index.Options{DictDir: opts.DictDir, Words: Lexicon(p, synonyms)})
	if err != nil {
		return nil, fmt.Errorf("build index: %w", err)
	}
	return New(logger, p, ix, synonyms)
}

// New returns an Engine over a parsed plan and its index.
func New(logger *slog.Logger, p *plan.Plan, ix *index.Index, synonyms string) (*Engine, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	e := &Engine{logger: logger, plan: p, ix: ix, byRef: map[string]int{}, deptAliases: map[string][]string{}}
	if err := e.ReloadSynonyms(synonyms); err != nil {
		return nil, err
	}
	for i := range p.Clauses {
		c := &p.Clauses[i]
		e.byRef[c.Ref] = len(e.clauses)
		info := clauseInfo{c: c, norm: matchable(ix.Normalize(strings.Join([]string{
			c.Title, c.Chapter.Title, sectionTitle(c), c.Text, strings.Join(c.Departments, "、"),
		}, "\n")))}
		info.sentence = sentences(c.Text)
		if len(c.Targets) > 0 && c.Targets[0].Subject != "全省" {
			info.subject = c.Targets[0].Subject
		}
		e.clauses = append(e.clauses, info)
	}
	for _, d := range p.Departments() {
		e.deptAliases[d.Name] = deptAliases(ix.Normalize(d.Name))
	}
	e.places = e.collectPlaces()
	e.folded = map[string]string{}
	fold := func(s string) { e.folded[s] = ix.Normalize(s) }
	for _, c := range p.Clauses {
		fold(c.Title)
		fold(c.Title + sectionTitle(&c))
		for _, s := range sentences(plan.WithoutDuties(c.Text)) {
			fold(s)
		}
		for _, d := range c.Duties {
			fold(d.Text)
			for _, s := range sentences(plan.WithoutDuties(d.Text)) {
				fold(s)
			}
		}
		for _, t := range c.Targets {
			fold(t.Metric)
			fold(t.Quote)
			fold(t.Subject + t.Metric)
		}
	}
	e.matchOnly = map[string]string{}
	for _, t := range p.Targets() {
		for _, s := range []string{t.Metric, t.Quote, t.Subject + t.Metric} {
			e.matchOnly[s] = matchable(e.folded[s])
		}
	}
	return e, nil
}

// match is matchable(norm(s)), from the table made at start when it is there.
func (e *Engine) match(s string) string {
	if m, ok := e.matchOnly[s]; ok {
		return m
	}
	return matchable(e.norm(s))
}

// norm folds a text of the plan, from the table made at start when it is there.
func (e *Engine) norm(s string) string {
	if f, ok := e.folded[s]; ok {
		return f
	}
	return e.ix.Normalize(s)
}

// Lexicon is the words jieba must keep whole for this plan: its departments,
// target subjects and metrics, and the synonyms' phrases.
func Lexicon(p *plan.Plan, synonyms string) []string {
	var words []string
	for _, d := range p.Departments() {
		words = append(words, d.Name)
	}
	for _, t := range p.Targets() {
		if utf8.RuneCountInString(t.Metric) <= 12 {
			words = append(words, t.Metric)
		}
		words = append(words, strings.FieldsFunc(t.Subject, func(r rune) bool { return r == '、' || r == '和' })...)
	}
	// The plan's own names stand in quotation marks: “三师”, “千兆城市”.
	for _, c := range p.Clauses {
		for _, m := range quotedNameRe.FindAllStringSubmatch(c.Text, -1) {
			words = append(words, m[1])
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

var quotedNameRe = regexp.MustCompile(`“([^”“]{2,8})”`)

// Close releases the engine's index; an index on disk is then free for
// another process to open.
func (e *Engine) Close() error { return e.ix.Close() }

// Plan returns the plan the engine answers from.
func (e *Engine) Plan() *plan.Plan { return e.plan }

// ReloadSynonyms replaces the synonyms with those of the given file text.
func (e *Engine) ReloadSynonyms(text string) error {
	s, err := ParseSynonyms(text, e.ix.Normalize)
	if err != nil {
		return err
	}
	e.mu.Lock()
	e.syn = s
	e.mu.Unlock()
	return nil
}

func (e *Engine) synonyms() *Synonyms {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.syn
}

// deptAliases are the ways staff name a department: 省水利厅, 水利厅.
func deptAliases(name string) []string {
	out := []string{name}
	for _, prefix := range []string{"省委", "省", "贵州"} {
		if rest, ok := strings.CutPrefix(name, prefix); ok && utf8.RuneCountInString(rest) >= 3 {
			out = append(out, rest)
		}
	}
	return out
}

// findDepartments lists the departments a question names, longest name
// first matched, so that 省委编办 is not also read as something shorter.
func (e *Engine) findDepartments(t string) []string {
	type hit struct {
		name, alias string
	}
	var hits []hit
	for name, aliases := range e.deptAliases {
		for _, a := range aliases {
			if strings.Contains(t, a) {
				hits = append(hits, hit{name, a})
				break
			}
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		if len(hits[i].alias) != len(hits[j].alias) {
			return len(hits[i].alias) > len(hits[j].alias)
		}
		return hits[i].name < hits[j].name
	})
	var out []string
	rest := t
	for _, h := range hits {
		if strings.Contains(rest, h.alias) {
			out = append(out, h.name)
			rest = strings.ReplaceAll(rest, h.alias, "\x00")
		}
	}
	return out
}

// collectPlaces gathers the places the plan's targets are for and the
// cities its departments belong to.
func (e *Engine) collectPlaces() []placeInfo {
	seen := map[string]bool{}
	var out []placeInfo
	add := func(name string) {
		name = strings.TrimSpace(name)
		if utf8.RuneCountInString(name) < 2 || seen[name] {
			return
		}
		seen[name] = true
		out = append(out, placeInfo{name: name})
	}
	for _, t := range e.plan.Targets() {
		for _, s := range strings.FieldsFunc(t.Subject, func(r rune) bool { return r == '、' || r == '和' }) {
			core := corePlace(s)
			add(core)
			// 贵阳—贵安—安顺都市圈 is also about 贵阳, 贵安 and 安顺.
			for _, part := range strings.Split(core, "—") {
				add(part)
			}
		}
	}
	for _, d := range e.plan.Departments() {
		if name, ok := strings.CutSuffix(d.Name, "市人民政府"); ok {
			add(name)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].name) > len(out[j].name) })
	return out
}

// mentions reports whether any clause's text holds s.
func (e *Engine) mentions(s string) bool {
	for _, c := range e.clauses {
		if strings.Contains(c.c.Text, s) {
			return true
		}
	}
	return false
}

// corePlace strips the kind of place from a subject: 遵义中心城市 → 遵义.
func corePlace(s string) string {
	if rest := strings.TrimSuffix(s, plan.PlaceKind(s)); utf8.RuneCountInString(rest) >= 2 {
		s = rest
	}
	return strings.TrimPrefix(s, "省会")
}

// findPlaces lists the plan's places that a question names, allowing one
// wrong character in a name that the plan's text never uses otherwise
// (遵意 → 遵义, 六盘术 → 六盘水); fixed is the question with such typos
// corrected.
func (e *Engine) findPlaces(t string) (places []string, fixed string) {
	out, fixed := e.exactPlaces(t), t
	if len(out) > 0 {
		return out, fixed
	}
	rs := []rune(t)
	for _, p := range e.places {
		pr := []rune(p.name)
		if len(pr) < 2 || strings.ContainsAny(p.name, "全各县") {
			continue
		}
		for i := 0; i+len(pr) <= len(rs); i++ {
			w := rs[i : i+len(pr)]
			diff := 0
			for j := range pr {
				if w[j] != pr[j] {
					diff++
				}
			}
			if diff != 1 || (len(pr) == 2 && w[0] != pr[0]) {
				continue
			}
			if e.mentions(string(w)) || !isHan(w) {
				continue
			}
			out = append(out, p.name)
			fixed = strings.Replace(fixed, string(w), p.name, 1)
			break
		}
	}
	return out, fixed
}

// exactPlaces lists the plan's places a question names as the plan does.
func (e *Engine) exactPlaces(t string) []string {
	var out []string
	rest := t
	for _, p := range e.places {
		if strings.Contains(rest, p.name) {
			out = append(out, p.name)
			rest = strings.ReplaceAll(rest, p.name, "\x00")
		}
	}
	return out
}

func isHan(rs []rune) bool {
	for _, r := range rs {
		if r < 0x4e00 || r > 0x9fff {
			return false
		}
	}
	return true
}

// matchable drops the quotation marks that the plan puts around names
// (“三师”入乡), which a question never types, and adds the text once more
// without its remarks in parentheses, so that 城区(含大方)常住人口 is also
// 城区常住人口.
func matchable(s string) string {
	s = strings.NewReplacer("“", "", "”", "", "\"", "").Replace(s)
	if bare := withoutRemarks(s); bare != s {
		s += "\n" + bare
	}
	return s
}

var remarkRe = regexp.MustCompile(`[(（][^()（）]{1,12}[)）]`)

// withoutRemarks drops short remarks in parentheses: (含大方), (助理).
func withoutRemarks(s string) string { return remarkRe.ReplaceAllString(s, "") }

func sectionTitle(c *plan.Clause) string {
	if c.Section == nil {
		return ""
	}
	return c.Section.Title
}

// sentences splits a clause's text after each 。, keeping the marks, with
// its 责任单位 blocks left where they stand.
func sentences(text string) []string {
	var out []string
	start := 0
	for i, r := range text {
		if r == '。' || r == '\n' {
			end := i + utf8.RuneLen(r)
			if s := strings.TrimSpace(text[start:end]); s != "" {
				out = append(out, s)
			}
			start = end
		}
	}
	if s := strings.TrimSpace(text[start:]); s != "" {
		out = append(out, s)
	}
	return out
}
