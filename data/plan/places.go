package plan

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A plan names the places it sets targets for in three ways, and planbot
// learns them from the plan itself rather than from a gazetteer typed in by
// hand:
//
//   - clause titles of the shape <verb>X中心城市|城市群|都市圈|特大城市
//     (做大做强遵义中心城市 → 遵义);
//   - the local governments its 责任单位 blocks name (岳阳市人民政府 →
//     岳阳, 黔东南州人民政府 → 黔东南);
//   - the city clusters its text names (推动长株潭城市群… → 长株潭).
//
// The kinds of government and the collective words that read them are the
// official format's own grammar for naming governments, not a list of any
// one plan's places: format.txt holds them ([government-kinds],
// [collective-prefixes], [cluster-kinds]).

// LocalGovernment reads a 责任单位 that is one city's, prefecture's or
// county's government, as the plan's format names governments:
// 岳阳市人民政府 is 岳阳's (kind 市), 黔东南州人民政府 黔东南's (州).
// Collective names (各市州人民政府, 有关市〔州〕人民政府) and the
// province's government are no one place's.
func (p *Plan) LocalGovernment(dept string) (place, kind string, ok bool) {
	return p.grammar().localGovernment(dept)
}

func (g *grammar) localGovernment(dept string) (place, kind string, ok bool) {
	m := g.govRe.FindStringSubmatch(dept)
	if m == nil {
		return "", "", false
	}
	for _, p := range g.collectivePrefixes {
		if strings.HasPrefix(m[1], p) {
			return "", "", false
		}
	}
	return m[1], m[2], true
}

// places lists the place names the plan gives: those of its clause titles
// (遵义中心城市 → 遵义; 贵阳—贵安—安顺都市圈 → 贵阳, 贵安, 安顺), of the local
// governments its 责任单位 blocks name and of the city clusters its text
// names, longest first, so that 贵阳贵安 wins over 贵阳. named is the part of
// them that governments and clusters give, which may open a clause title of
// any shape (see setAbout).
func (p *Plan) places() (all, named []string) {
	g := p.grammar()
	seen := map[string]bool{}
	add := func(list *[]string, s string) {
		if utf8.RuneCountInString(s) >= 2 && !seen[s] {
			seen[s] = true
			*list = append(*list, s)
		}
	}
	for _, c := range p.Clauses {
		name, _ := g.titlePlace(c.Title)
		if name == "" {
			continue
		}
		add(&all, name)
		for _, part := range strings.Split(name, "—") {
			add(&all, part)
		}
	}
	namedSeen := map[string]bool{}
	addNamed := func(s string) {
		if utf8.RuneCountInString(s) >= 2 && !namedSeen[s] {
			namedSeen[s] = true
			named = append(named, s)
		}
		add(&all, s)
	}
	for _, d := range p.Departments() {
		if place, _, ok := g.localGovernment(d.Name); ok {
			addNamed(place)
		}
	}
	for _, c := range p.Clauses {
		for _, s := range g.clusterPlaces(g.withoutDuties(c.Text)) {
			addNamed(s)
		}
	}
	return longestFirst(all), longestFirst(named)
}

func longestFirst(out []string) []string {
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len(out[j]) > len(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// clusterPlaces finds the city clusters a text names: the words before
// 城市群 or 都市圈 that stand alone, or only after the verbs that open a
// title (推动长株潭城市群 → 长株潭). Words that run on from a longer phrase
// (引导重点产业在城市群) name no cluster.
func (g *grammar) clusterPlaces(text string) []string {
	var out []string
	for _, kind := range g.clusterKinds {
		for from := 0; ; {
			i := strings.Index(text[from:], kind)
			if i < 0 {
				break
			}
			i += from
			from = i + len(kind)
			start := i
			for start > 0 {
				r, w := utf8.DecodeLastRuneInString(text[:start])
				if !unicode.Is(unicode.Han, r) && r != '—' {
					break
				}
				start -= w
			}
			name := cutPrefixes(text[start:i], g.allVerbs)
			if n := utf8.RuneCountInString(name); n >= 2 && n <= 6 && !strings.HasPrefix(name, "—") {
				out = append(out, name)
			}
		}
	}
	return out
}

// setAbout records the place each clause is about: the place of a title
// of the official shape (做大做强遵义中心城市), or a place a government or
// a cluster names that opens the title after its verbs (建设岳阳数字经济
// 增长极 → 岳阳). A title that opens with several places (推动邵阳、娄底…)
// is about none of them.
func (p *Plan) setAbout(named []string) {
	g := p.grammar()
	for i := range p.Clauses {
		c := &p.Clauses[i]
		c.about, c.aboutKind = g.titlePlace(c.Title)
		c.aboutSet = true
		if c.about != "" {
			continue
		}
		t := g.stripTitleVerbs(c.Title)
		for _, pl := range named {
			rest, ok := strings.CutPrefix(t, pl)
			if !ok || rest == "" {
				continue
			}
			if hasPrefixAny(rest, g.placeJoiners) {
				continue
			}
			c.about = pl
			break
		}
	}
}

// stripTitleVerbs removes the verbs that open a clause title: 做大做强遵义…
// → 遵义….
func (g *grammar) stripTitleVerbs(t string) string {
	for changed := true; changed; {
		changed = false
		for _, v := range g.titleVerbs {
			if rest, ok := strings.CutPrefix(t, v); ok {
				t, changed = rest, true
			}
		}
	}
	return t
}
