package answer

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/planbot/planbot/data/plan"
)

// place is one name a question may give a place the plan sets targets for
// or writes about.
type place struct {
	form string // what a question types: 遵义, 遵义市, 黔东南, 省会, 贵州
	core string // the plan's name for the place: 遵义, 贵阳贵安, 全省, 县城
	// generic places are kinds of place the plan writes as subjects (全省,
	// 县城, 市州中心城市): their words are also content words.
	generic bool
	// kind is what the plan calls places of this sort: 中心城市 for 遵义.
	kind string
	// synonym: the form is a synonym's (凉都), read only outside the
	// plan's own words.
	synonym bool
}

// provinceCore is the subject the plan gives targets for the whole province.
const provinceCore = "全省"

// genericSubjects are subjects the official format uses for kinds of place
// rather than named ones. They come from the plan's targets; this list only
// says which subjects are kinds.
var genericSubjectRe = regexp.MustCompile(`^(?:全省|全市|各市州|各市〔州〕|(?:其他)?市州中心城市|县级及以上城市|县级市城区|设市城市|县城)$`)

// buildPlaces gathers every place the plan names and the ways a question
// names them, longest form first: target subjects and the parts of a
// region (贵阳—贵安—安顺), the places clause titles are about, the cities
// and prefectures whose governments are 责任单位 (黔东南州人民政府 → 黔东南,
// which stands for the city its clause is about), the capital as the text
// calls it (省会贵阳), a kind of place the plan has one of (城市群 → 黔中城市群),
// and the province itself (贵州省, 贵州 → 全省).
func buildPlaces(p *plan.Plan, fold func(string) string) []place {
	var out []place
	seen := map[string]bool{}
	add := func(form, core, kind string, generic bool) {
		form, core = fold(form), fold(core)
		if utf8.RuneCountInString(form) < 2 || seen[form] {
			return
		}
		seen[form] = true
		out = append(out, place{form: form, core: core, kind: kind, generic: generic})
	}
	kindCount := map[string][]string{}
	addSubject := func(s string) {
		if genericSubjectRe.MatchString(s) {
			add(s, s, "", true)
			// 其他市州 is what people say for 其他市州中心城市.
			if short, ok := strings.CutSuffix(s, "中心城市"); ok && utf8.RuneCountInString(short) > 2 {
				add(short, s, "", true)
			}
			return
		}
		kind := p.PlaceKind(s)
		core := strings.TrimPrefix(strings.TrimSuffix(s, kind), "省会")
		if utf8.RuneCountInString(core) < 2 {
			core = s
		}
		add(core, core, kind, false)
		add(s, core, kind, false)
		if kind != "" && !slices.Contains(kindCount[kind], core) {
			kindCount[kind] = append(kindCount[kind], core)
		}
		for _, part := range strings.Split(core, "—") {
			if part != core {
				add(part, part, "", false)
			}
		}
	}
	for _, t := range p.Targets() {
		for _, s := range splitSubject(t.Subject) {
			addSubject(s)
		}
	}
	for i := range p.Clauses {
		if name, kind := p.Clauses[i].About(); name != "" {
			addSubject(name + kind)
		}
	}
	// A kind the plan has one place of names that place: 城市群 is 黔中城市群.
	for kind, cores := range kindCount {
		if len(cores) == 1 && kind != "中心城市" {
			add(kind, cores[0], kind, false)
		}
	}
	// Cities and prefectures by their governments. A government's name
	// that is not already a place stands for the place of the one clause
	// it alone is responsible for (黔南州人民政府 shares clause 20 with
	// 黔东南州 but alone has 21, 都匀), or else of the one clause about a
	// place it is responsible for (黔东南州 → 20, 凯里).
	for _, d := range p.Departments() {
		name, suffix, ok := p.LocalGovernment(d.Name)
		if !ok {
			continue
		}
		if seen[fold(name)] {
			add(name+suffix, name, "", false)
			continue
		}
		// The clause it alone answers for; else the one clause about a
		// place it answers for (黔东南州, beside 黔南州, for 凯里).
		var alone, about []*plan.Clause
		for _, ref := range d.Refs {
			c, _ := p.Clause(ref)
			if c == nil {
				continue
			}
			if core, _ := c.About(); core != "" {
				about = append(about, c)
				if localGovernments(p, c) == 1 {
					alone = append(alone, c)
				}
			}
		}
		pick := alone
		if len(pick) == 0 {
			pick = about
		}
		if len(pick) == 1 {
			core, kind := pick[0].About()
			add(name, core, kind, false)
			add(name+suffix, core, kind, false)
		}
	}
	// The capital, as the text names it: 省会贵阳.
	for _, c := range p.Clauses {
		for _, m := range capitalRe.FindAllStringSubmatch(c.Text, -1) {
			if seen[fold(m[1])] {
				add("省会", m[1], "", false)
			}
		}
	}
	// Every city as people write it: 遵义市.
	for _, pl := range slices.Clone(out) {
		if !pl.generic && pl.form == pl.core && !strings.Contains(pl.core, "—") && utf8.RuneCountInString(pl.core) <= 4 {
			add(pl.core+"市", pl.core, pl.kind, false)
		}
	}
	if prov := p.Province(); prov != "" {
		for _, form := range []string{prov, strings.TrimSuffix(prov, "省"), "全省", "我省", "省里", "全省范围"} {
			add(form, provinceCore, "", true)
		}
	}
	slices.SortStableFunc(out, func(a, b place) int { return len(b.form) - len(a.form) })
	return out
}

var capitalRe = regexp.MustCompile(`省会(\p{Han}{2,3}?)[、,，和市]`)

// localGovernments counts the city and prefecture governments a clause
// names, read as the parser reads them (plan.Plan.LocalGovernment), so that
// the places a reply knows are the places the targets are for.
func localGovernments(p *plan.Plan, c *plan.Clause) int {
	n := 0
	for _, d := range c.Departments {
		if _, _, ok := p.LocalGovernment(d); ok {
			n++
		}
	}
	return n
}

// splitSubject lists the places a target's subject names: 贵阳和遵义 is
// 贵阳 and 遵义.
func splitSubject(s string) []string {
	if genericSubjectRe.MatchString(s) {
		return []string{s}
	}
	return strings.FieldsFunc(s, func(r rune) bool { return r == '、' || r == '和' })
}

// placeFit is how surely a target's subject is the place asked about: 1
// when it is that place or lists it (贵阳和遵义 for 贵阳), less when the
// subject only begins with it (贵阳贵安 for 贵阳) or is a region that holds
// it (贵阳—贵安—安顺都市圈), 0 when it is another place.
func (e *Engine) placeFit(pl place, subject string) float64 {
	core := pl.core
	if pl.generic {
		if subject == core {
			return 1
		}
		return 0
	}
	best := 0.0
	for _, s := range splitSubject(subject) {
		sc := strings.TrimPrefix(strings.TrimSuffix(s, e.plan.PlaceKind(s)), "省会")
		switch {
		case sc == core || s == core:
			return 1
		case strings.HasPrefix(sc, core):
			best = max(best, fitPrefix)
		case strings.Contains(s, core):
			best = max(best, fitRegion)
		}
	}
	return best
}

// How well a subject fits a place it does not name exactly.
const (
	fitPrefix = 0.85 // 贵阳贵安 for 贵阳: the city with its new district
	fitRegion = 0.6  // 贵阳—贵安—安顺都市圈 for 安顺: a region that holds it
)
