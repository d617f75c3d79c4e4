package answer

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/planbot/planbot/data/plan"
)

// dept is a 责任单位 of the plan.
type dept struct {
	name string   // as the plan writes it: 省住房城乡建设厅
	refs []string // the clauses that name it, in plan order
}

// deptForm is one way a question names one or more departments: 住建厅
// names 省住房城乡建设厅; 文旅厅 names both 省文化和旅游厅 and the
// 省文化旅游厅 that clause 68 writes.
type deptForm struct {
	form  string
	depts []int
	// own is the department whose own name the form is, when it is one:
	// 省文化旅游厅 names that body, not also 省文化和旅游厅.
	own int
}

// nameRules are data/names.txt: how the official format builds the name of
// a department.
type nameRules struct {
	prefixes []string            // 省委, 省: before the department's own name
	kinds    []string            // 厅, 局, 领导小组成员单位 …, longest first
	short    map[string][]string // a kind's everyday short forms: 办公室 → 办
	function map[string]bool     // 和, 暨: left out of abbreviations
}

// parseNameRules reads data/names.txt.
func parseNameRules(text string) (*nameRules, error) {
	r := &nameRules{short: map[string][]string{}, function: map[string]bool{}}
	section := ""
	lines, err := wordListLines(text, "names")
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		n, line := l.n, l.text
		fields := strings.Fields(line)
		if f := fields[0]; strings.HasPrefix(f, "[") && strings.HasSuffix(f, "]") {
			section = f[1 : len(f)-1]
			continue
		}
		switch section {
		case "prefixes":
			r.prefixes = append(r.prefixes, fields[0])
		case "kinds":
			r.kinds = append(r.kinds, fields[0])
			r.short[fields[0]] = fields[1:]
		case "function":
			r.function[fields[0]] = true
		default:
			return nil, fmt.Errorf("names line %d: %q stands outside [prefixes], [kinds] or [function]", n, line)
		}
	}
	if len(r.kinds) == 0 {
		return nil, fmt.Errorf("names: no [kinds]")
	}
	slices.SortStableFunc(r.kinds, func(a, b string) int { return len(b) - len(a) })
	slices.SortStableFunc(r.prefixes, func(a, b string) int { return len(b) - len(a) })
	return r, nil
}

// deptFormsOf derives the everyday names of a department from its own:
// without the province's prefix (省水利厅 → 水利厅); the first characters
// of its words with its kind kept (省住房城乡建设厅 → 住建厅, 住城建厅;
// 省人力资源社会保障厅 → 人社厅; 省发展改革委 → 发改委); a run of its
// words with the kind (建设厅, 城镇化领导小组); its kind's short form
// (省国防动员办公室 → 国防动员办); and a long core alone (人民银行).
// cut splits a name into words; province is the plan's own (贵州省).
func (r *nameRules) deptFormsOf(name, province string, cut func(string) []string) (out []string, own map[string]bool) {
	own = map[string]bool{} // the department's own names: as written, and without the prefix
	add := func(s string) {
		if utf8.RuneCountInString(s) >= 2 && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	// 省委宣传部<省精神文明办> is two names for one body.
	for _, n := range strings.FieldsFunc(name, func(r rune) bool { return r == '<' || r == '>' || r == '〈' || r == '〉' }) {
		n = stripQuotes(n)
		add(n)
		own[n] = true
		base := n
		prefixes := r.prefixes
		if province != "" {
			prefixes = append([]string{province, strings.TrimSuffix(province, "省")}, prefixes...)
		}
		for _, p := range prefixes {
			if rest, ok := strings.CutPrefix(n, p); ok && utf8.RuneCountInString(rest) >= 2 {
				base = rest
				add(base)
				own[base] = true
				break
			}
		}
		if strings.HasPrefix(base, "各") || strings.HasPrefix(base, "有关") {
			continue // 各市〔州〕人民政府 names every city, no one body
		}
		kind := ""
		for _, k := range r.kinds {
			if strings.HasSuffix(base, k) && len(base) > len(k) {
				kind = k
				break
			}
		}
		if kind == "" {
			continue
		}
		core := strings.TrimSuffix(base, kind)
		var words []string
		for _, w := range cut(core) {
			if !r.function[w] {
				words = append(words, w)
			}
		}
		kinds := append([]string{kind}, r.short[kind]...)
		if kind != "部门" {
			kinds = append(kinds, "部门") // 住建部门, 教育部门
		}
		government := strings.HasSuffix(kind, "政府")
		addKind := func(core, k string) {
			// A derived name keeps two characters of its own before its
			// kind: 大局 or 总部门 would name nothing.
			if utf8.RuneCountInString(core) >= 2 {
				add(core + k)
			}
		}
		// Names are compounds of two-character words, which jieba may keep
		// whole (医疗保障): abbreviations are made from both cuts.
		for _, ws := range [][]string{words, twoByTwo(words)} {
			for _, k := range kinds {
				addKind(core, k)
				if government {
					continue // 遵义市政府, not 遵市政府
				}
				for i := range ws {
					for j := i + 1; j <= len(ws); j++ {
						addKind(strings.Join(ws[i:j], ""), k)
					}
				}
				if len(ws) >= 2 {
					addKind(initials(ws), k)
					addKind(initials([]string{ws[0], ws[len(ws)-1]}), k)
					addKind(ws[0]+ws[len(ws)-1], k)
				}
			}
		}
		if utf8.RuneCountInString(core) >= 3 && !government {
			add(core) // 安委会, 人民银行
			for _, w := range words {
				if utf8.RuneCountInString(w) >= 4 {
					add(w)
				}
			}
		}
	}
	// 省发改委, 省住建厅: the province's prefix before an everyday name that
	// ends in its kind (not before a bare core: 全省市场主体 is no body).
	for _, f := range slices.Clone(out) {
		if !strings.HasPrefix(f, "省") && f != name && r.endsInKind(f) && !strings.HasSuffix(f, "政府") {
			add("省" + f)
		}
	}
	return out, own
}

// endsInKind reports whether a name ends with a kind of body or its short
// form: 厅, 局, 领导小组.
func (r *nameRules) endsInKind(s string) bool {
	for _, k := range r.kinds {
		if strings.HasSuffix(s, k) {
			return true
		}
		for _, sh := range r.short[k] {
			if strings.HasSuffix(s, sh) {
				return true
			}
		}
	}
	return false
}

// longCoreWithKind reports whether a name is a core of four characters or
// more before a kind of body or its short form.
func (r *nameRules) longCoreWithKind(s string) bool {
	for _, k := range r.kinds {
		for _, sh := range append([]string{k}, r.short[k]...) {
			if core, ok := strings.CutSuffix(s, sh); ok && utf8.RuneCountInString(core) >= 4 {
				return true
			}
		}
	}
	return false
}

// twoByTwo splits words of four or six characters into two-character
// words: 医疗保障 → 医疗 保障.
func twoByTwo(words []string) []string {
	var out []string
	for _, w := range words {
		rs := []rune(w)
		if len(rs) < 4 || len(rs)%2 != 0 {
			out = append(out, w)
			continue
		}
		for i := 0; i < len(rs); i += 2 {
			out = append(out, string(rs[i:i+2]))
		}
	}
	return out
}

// initials is the first character of each word: 住房 建设 → 住建.
func initials(words []string) string {
	var b strings.Builder
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		b.WriteRune(r)
	}
	return b.String()
}

// buildDepts lists the plan's departments and the forms that name them.
// A derived form is kept only where it is safe: it is no place's name, it
// stands in the plan's text only inside the department's own name (so 监管局,
// which two departments end with, or 区域中心, which the text uses for
// cities, names no department), and the departments it would name are one
// body (文化和旅游厅 and 文化旅游厅 are; 市场监管局 and 地方金融监管局 are not).
func buildDepts(p *plan.Plan, rules *nameRules, fold func(string) string, cut func(string) []string, planText searchable, places []place) ([]dept, []deptForm) {
	var depts []dept
	byForm := map[string][]int{}
	var forms []string
	full := map[string]bool{} // a department's own names: as the plan writes them, and without the prefix
	ownOf := map[string]int{}
	for i, d := range p.Departments() {
		depts = append(depts, dept{name: d.Name, refs: d.Refs})
		names, own := rules.deptFormsOf(d.Name, p.Province(), cut)
		for _, f := range names {
			isOwn := own[f]
			f = fold(f)
			if isOwn {
				full[f] = true
				if _, taken := ownOf[f]; !taken {
					ownOf[f] = i
				}
			}
			if !slices.Contains(byForm[f], i) {
				if byForm[f] == nil {
					forms = append(forms, f)
				}
				byForm[f] = append(byForm[f], i)
			}
		}
	}
	isPlace := map[string]bool{}
	for _, pl := range places {
		isPlace[pl.form] = true
	}
	var out []deptForm
	for _, f := range forms {
		ds := byForm[f]
		// A long core with its kind (数字经济发展领导小组) names the body
		// wherever the text writes it; a short one (区域中心 of 区域中心
		// 城市) or a bare core (人民银行, 电网) only where the text
		// writes it as a name.
		if !full[f] && (isPlace[f] || !oneBody(ds, depts, rules, fold) || (!onlyInside(planText, f, ds, depts, fold) && !rules.longCoreWithKind(f))) {
			continue
		}
		df := deptForm{form: f, depts: ds, own: -1}
		if i, ok := ownOf[f]; ok {
			df.own = i
		}
		out = append(out, df)
	}
	slices.SortStableFunc(out, func(a, b deptForm) int { return len(b.form) - len(a.form) })
	return depts, out
}

// oneBody reports whether departments are one body written two ways: the
// same name once the function words are left out.
func oneBody(ds []int, depts []dept, rules *nameRules, fold func(string) string) bool {
	bare := func(s string) string {
		s = fold(stripQuotes(s))
		for w := range rules.function {
			s = strings.ReplaceAll(s, w, "")
		}
		return s
	}
	for _, d := range ds[1:] {
		if bare(depts[d].name) != bare(depts[ds[0]].name) {
			return false
		}
	}
	return true
}

// onlyInside reports whether every place the plan's text (folded) has form
// is inside one of the departments' names, so that a question using the
// form means the department and not the plan's ordinary words.
func onlyInside(planText searchable, form string, ds []int, depts []dept, fold func(string) string) bool {
	inNames := 0
	for _, d := range ds {
		name := fold(stripQuotes(depts[d].name))
		inNames += planText.Count(name) * strings.Count(name, form)
	}
	return planText.Count(form) <= inNames
}
