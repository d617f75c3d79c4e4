package plan

import (
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// formatFile is format.txt: the official format's word lists, embedded so
// that the package stays self-contained and a copied binary reads plans as
// its tests did.
//
//go:embed format.txt
var formatFile string

// grammar is format.txt read: the words the official format writes targets,
// places and 责任单位 with, and the expressions built from them. It is made
// once for each plan parsed and never changed after, so plans parsed at once
// share nothing.
type grammar struct {
	// values.go
	units, countWords, timesInWords, qualifiers     []string
	timeUnits, reachWords, valueJoiners, nounBreaks []string
	// targets.go
	copulas, prefixQualifiers                              []string
	actionVerbs, promoteVerbs, goalVerbs, titleVerbs       []string
	connectives, perYear, limitWords, limitVerbs, fields   []string
	genericSubjects, clausePlaces, placeKinds              []string
	nameSuffixes, routeWords, eachWords, distributedPlaces []string
	classBounds, describedKinds                            []string
	// metrics.go
	measures, markets, leadVerbs, undertakeVerbs, fillers []string
	auxiliaries, purposes, attributeVerbs                 []string
	// places.go, duty.go, plan.go
	governmentKinds, collectivePrefixes, provinceKinds []string
	clusterKinds, placeJoiners, dutyOpeners            []string

	// allVerbs are every verb that may open a phrase: promote, goal, title
	// and action verbs, in that order.
	allVerbs []string
	// openingVerbs are the verbs stripVerbs takes off: lead verbs, then
	// action verbs.
	openingVerbs []string
	// enumerationOpeners open the list of names a count sums up.
	enumerationOpeners []string

	valueRe            *regexp.Regexp // what may be a value; see values.go
	titlePlaceRe       *regexp.Regexp // a title's place and its kind
	describedSubjectRe *regexp.Regexp // a subject a figure describes
	distributiveRe     *regexp.Regexp // a subject for each of several places
	limitRe            *regexp.Regexp // a limit on what may be built
	locativeRe         *regexp.Regexp // the field a count is for
	govRe              *regexp.Regexp // a local government's name
	provinceRe         *regexp.Regexp // the province a title or issuer names
	// placeSuffixes may follow a place's name in a subject: its kind
	// (遵义中心城市) or a suffix subjectItem drops (长沙市, 长株潭地区).
	placeSuffixes     string
	genericSubjectsRe string // the generic subjects, as an alternation
}

// loadGrammar reads the embedded format.txt. Parse calls it for each plan;
// it is cheap beside the parse (BenchmarkGrammar).
func loadGrammar() (*grammar, error) {
	g, err := parseGrammar(formatFile)
	if err != nil {
		return nil, fmt.Errorf("read the official format's grammar: %w", err)
	}
	return g, nil
}

// embeddedGrammar is loadGrammar for what has no error to return: a Plan or
// Clause built by hand rather than by Parse. The tests check that the
// embedded file parses, so a failure here means a binary built from a file
// they would have rejected.
func embeddedGrammar() *grammar {
	g, err := loadGrammar()
	if err != nil {
		panic(err)
	}
	return g
}

// parseGrammar reads a grammar in the format documented at the top of
// format.txt. Every section must be there, once, with an entry at least: a
// missing word list would not fail a parse but silently read fewer targets.
// For the same reason an entry may stand in its section once, and before
// the entries it starts or ends with.
func parseGrammar(text string) (*grammar, error) {
	g := &grammar{}
	sections := []struct {
		name string
		dst  *[]string
	}{
		{"units", &g.units},
		{"count-words", &g.countWords},
		{"times-in-words", &g.timesInWords},
		{"qualifiers", &g.qualifiers},
		{"time-units", &g.timeUnits},
		{"reach-words", &g.reachWords},
		{"value-joiners", &g.valueJoiners},
		{"noun-breaks", &g.nounBreaks},
		{"copulas", &g.copulas},
		{"prefix-qualifiers", &g.prefixQualifiers},
		{"action-verbs", &g.actionVerbs},
		{"promote-verbs", &g.promoteVerbs},
		{"goal-verbs", &g.goalVerbs},
		{"title-verbs", &g.titleVerbs},
		{"connectives", &g.connectives},
		{"per-year", &g.perYear},
		{"limit-words", &g.limitWords},
		{"limit-verbs", &g.limitVerbs},
		{"fields", &g.fields},
		{"generic-subjects", &g.genericSubjects},
		{"clause-places", &g.clausePlaces},
		{"place-kinds", &g.placeKinds},
		{"name-suffixes", &g.nameSuffixes},
		{"route-words", &g.routeWords},
		{"each-words", &g.eachWords},
		{"distributed-places", &g.distributedPlaces},
		{"class-bounds", &g.classBounds},
		{"described-kinds", &g.describedKinds},
		{"measures", &g.measures},
		{"markets", &g.markets},
		{"lead-verbs", &g.leadVerbs},
		{"undertake-verbs", &g.undertakeVerbs},
		{"fillers", &g.fillers},
		{"auxiliaries", &g.auxiliaries},
		{"purposes", &g.purposes},
		{"attribute-verbs", &g.attributeVerbs},
		{"government-kinds", &g.governmentKinds},
		{"collective-prefixes", &g.collectivePrefixes},
		{"province-kinds", &g.provinceKinds},
		{"cluster-kinds", &g.clusterKinds},
		{"place-joiners", &g.placeJoiners},
		{"duty-openers", &g.dutyOpeners},
	}
	byName := map[string]*[]string{}
	for _, s := range sections {
		byName[s.name] = s.dst
	}
	headings := map[string]int{} // the line each section's heading stands on
	var cur *[]string
	section := ""
	var at map[string]int // the line each entry of the section stands on
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		if c := strings.Index(line, "#"); c >= 0 {
			line = line[:c]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "[") {
			name, ok := strings.CutSuffix(line[1:], "]")
			if !ok || name == "" || strings.ContainsAny(name, "[] \t") {
				return nil, fmt.Errorf("format.txt line %d: %q is not a [section] heading", n, line)
			}
			dst, known := byName[name]
			if !known {
				return nil, fmt.Errorf("format.txt line %d: no section is called [%s]", n, name)
			}
			if first, dup := headings[name]; dup {
				return nil, fmt.Errorf("format.txt line %d: [%s] again (first on line %d)", n, name, first)
			}
			headings[name], cur, section, at = n, dst, name, map[string]int{}
			continue
		}
		if cur == nil {
			return nil, fmt.Errorf("format.txt line %d: %q stands before any [section]", n, line)
		}
		if strings.ContainsAny(line, " \t\u3000") {
			return nil, fmt.Errorf("format.txt line %d: %q holds a space: one entry a line", n, line)
		}
		if first, dup := at[line]; dup {
			return nil, fmt.Errorf("format.txt line %d: %q is in [%s] already (line %d)", n, line, section, first)
		}
		// The rules take the first entry that fits, so a shorter entry
		// before one it starts or ends would hide it.
		for _, prev := range *cur {
			if len(prev) < len(line) && (strings.HasPrefix(line, prev) || strings.HasSuffix(line, prev)) {
				return nil, fmt.Errorf("format.txt line %d: %q must come before %q (line %d), which it starts or ends with", n, line, prev, at[prev])
			}
		}
		at[line] = n
		*cur = append(*cur, line)
	}
	for _, s := range sections {
		switch at, ok := headings[s.name]; {
		case !ok:
			return nil, fmt.Errorf("format.txt: no [%s] section", s.name)
		case len(*s.dst) == 0:
			return nil, fmt.Errorf("format.txt line %d: [%s] has no entries", at, s.name)
		}
	}
	if err := g.derive(); err != nil {
		return nil, fmt.Errorf("format.txt: %w", err)
	}
	return g, nil
}

// derive builds what the rules read from the word lists: the lists they
// read together and the expressions that hold them. Entries are words, so
// each is quoted; the expressions' syntax stays here.
func (g *grammar) derive() error {
	g.allVerbs = slices.Concat(g.promoteVerbs, g.goalVerbs, g.titleVerbs, g.actionVerbs)
	g.openingVerbs = slices.Concat(g.leadVerbs, g.actionVerbs)
	g.enumerationOpeners = slices.Concat(g.auxiliaries, g.promoteVerbs, g.actionVerbs)
	exprs := []struct {
		re   **regexp.Regexp
		name string
		expr string
	}{
		{&g.valueRe, "value", `前\d+位` + // a rank: 前15位
			`|\d+(?:\.\d+)?[:：]\d+(?:\.\d+)?` + // a ratio: 1.6:1
			`|\d+年一遇` + // a return period
			`|` + alternation(g.timesInWords) + // a time goal written in words
			// A count written in words: a target only after 至少 or the
			// like (县城至少有一个县级综合医院…), see findValues.
			`|[一两二三四五六七八九十]{1,3}(?:` + alternation(g.countWords) + `)` +
			`|\d+(?:\.\d+)?(?:[—–～~]\d+(?:\.\d+)?)?` + // a number or a range: 3—5
			// A magnitude and a unit, or a magnitude alone; 千 is tried as a
			// magnitude first and, where no unit follows it, as the start of
			// 千瓦: 3.5千瓦/辆, 3千个.
			`(?:(?:万亿|万|亿|千)?(?:` + alternation(g.units) + `)|万亿|万|亿|千)?` +
			`(?:` + alternation(g.qualifiers) + `)?`},
		{&g.titlePlaceRe, "title place", `^([\p{Han}—]{2,12}?)(` + alternation(g.placeKinds) + `)`},
		{&g.describedSubjectRe, "described subject",
			`^\p{Han}{0,10}?\d+(?:\.\d+)?万?(?:` + alternation(g.classBounds) + `)的?(?:` + alternation(g.describedKinds) + `)`},
		{&g.distributiveRe, "distributive subject",
			`^(?:` + alternation(g.eachWords) + `)(?:` + alternation(g.distributedPlaces) + `)` +
				`|^(?:\d+|[一两二三四五六七八九十]+)个(?:` + alternation(g.distributedPlaces) + `)各?`},
		{&g.limitRe, "limit", `^(?:` + alternation(g.limitWords) + `)(?:` + alternation(g.limitVerbs) + `)?`},
		{&g.locativeRe, "locative", `^在([^，,；;。]{2,40}?(?:` + alternation(g.fields) + `))`},
		{&g.govRe, "government", `^(\p{Han}{2,10}?)(` + alternation(g.governmentKinds) + `)人民政府$`},
		{&g.provinceRe, "province", `^(\p{Han}{2,7}?(?:` + alternation(g.provinceKinds) + `))`},
	}
	for _, e := range exprs {
		re, err := regexp.Compile(e.expr)
		if err != nil {
			return fmt.Errorf("build the %s expression: %w", e.name, err)
		}
		*e.re = re
	}
	g.placeSuffixes = alternation(slices.Concat(g.placeKinds, g.nameSuffixes))
	g.genericSubjectsRe = alternation(g.genericSubjects)
	return nil
}

// alternation matches any of the words, the first that fits winning where
// several do.
func alternation(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = regexp.QuoteMeta(w)
	}
	return strings.Join(q, "|")
}
