package plan

import (
	"regexp"
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
// The suffixes and collective words below are the official format's own
// grammar for naming governments, not a list of any one plan's places, so
// they stay code constants beside the rules that read them.

// govRe reads a local government's name: the place, then its kind.
var govRe = regexp.MustCompile(`^(\p{Han}{2,10}?)(自治州|市|州|县)人民政府$`)

// collectivePrefixes open a government's name that stands for several
// places (各市州人民政府, 有关市〔州〕人民政府) or for the province.
var collectivePrefixes = []string{"各", "有关", "相关", "其他", "其余", "所在", "沿线", "省", "全"}

// LocalGovernment reads a 责任单位 that is one city's, prefecture's or
// county's government: 岳阳市人民政府 is 岳阳's (kind 市), 黔东南州人民政府
// 黔东南's (州). Collective names (各市州人民政府, 有关市〔州〕人民政府) and
// the province's government are no one place's.
func LocalGovernment(dept string) (place, kind string, ok bool) {
	m := govRe.FindStringSubmatch(dept)
	if m == nil {
		return "", "", false
	}
	for _, p := range collectivePrefixes {
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
	seen := map[string]bool{}
	add := func(list *[]string, s string) {
		if utf8.RuneCountInString(s) >= 2 && !seen[s] {
			seen[s] = true
			*list = append(*list, s)
		}
	}
	for _, c := range p.Clauses {
		name, _ := titlePlace(c.Title)
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
		if place, _, ok := LocalGovernment(d.Name); ok {
			addNamed(place)
		}
	}
	for _, c := range p.Clauses {
		for _, s := range clusterPlaces(WithoutDuties(c.Text)) {
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

// clusterKinds are the words the official format writes after a city
// cluster's name.
var clusterKinds = []string{"城市群", "都市圈"}

// clusterPlaces finds the city clusters a text names: the words before
// 城市群 or 都市圈 that stand alone, or only after the verbs that open a
// title (推动长株潭城市群 → 长株潭). Words that run on from a longer phrase
// (引导重点产业在城市群) name no cluster.
func clusterPlaces(text string) []string {
	var out []string
	for _, kind := range clusterKinds {
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
			name := cutPrefixes(text[start:i], allVerbs())
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
	for i := range p.Clauses {
		c := &p.Clauses[i]
		c.about, c.aboutKind = titlePlace(c.Title)
		c.aboutSet = true
		if c.about != "" {
			continue
		}
		t := stripTitleVerbs(c.Title)
		for _, pl := range named {
			rest, ok := strings.CutPrefix(t, pl)
			if !ok || rest == "" {
				continue
			}
			if r, _ := utf8.DecodeRuneInString(rest); strings.ContainsRune("、和与及至到—", r) {
				continue
			}
			c.about = pl
			break
		}
	}
}

// stripTitleVerbs removes the verbs that open a clause title: 做大做强遵义…
// → 遵义….
func stripTitleVerbs(t string) string {
	for changed := true; changed; {
		changed = false
		for _, v := range titleVerbs {
			if rest, ok := strings.CutPrefix(t, v); ok {
				t, changed = rest, true
			}
		}
	}
	return t
}
