// Package plan is planbot's domain model: a development plan as parsed from its
// official text, with its chapters, sections, clauses, responsible departments
// (责任单位) and quantitative targets. It imports nothing of planbot's, so that
// the index, the answering and the bot all speak of the same plan.
//
// It lives under data/ beside the texts it reads, and is its own package
// because data only embeds files while this package holds the code that
// understands them.
//
// The words the official format writes targets, places and 责任单位 with
// (units, copulas, verbs, connectives, kinds of place) are data, not code:
// format.txt, embedded here and documented at its top, holds them, and Parse
// reads it afresh for each plan. The code keeps the syntax: how numbers,
// years, ranges and punctuation are written, and the rules that read the
// words.
package plan

import (
	"encoding/json"
	"strconv"
)

// Plan is one development plan: its metadata and its clauses in the order the
// text gives them.
type Plan struct {
	Title     string    `json:"title"`      // 贵州省新型城镇化实施方案（2023—2025年）
	DocNumber string    `json:"doc_number"` // 黔发改城镇〔2023〕571号
	Issuer    string    `json:"issuer"`     // 贵州省发展和改革委员会
	Date      string    `json:"date"`       // 2023-07-21, as ISO 8601
	Preamble  string    `json:"preamble"`   // the paragraph before the first chapter
	Chapters  []Chapter `json:"chapters"`
	Clauses   []Clause  `json:"clauses"`
	// format is the grammar Parse read the plan with, so that what asks
	// about its names later reads them with the same words.
	format *grammar
}

// grammar is the grammar the plan was parsed with; a Plan built by hand
// reads with the embedded one, loaded on each call.
func (p *Plan) grammar() *grammar {
	if p.format != nil {
		return p.format
	}
	return embeddedGrammar()
}

// Heading is a numbered chapter (一、…) or section ((一)…) heading.
type Heading struct {
	Number  int    `json:"number"`  // 1 for 一
	Numeral string `json:"numeral"` // the Chinese numeral as written: 一, 二十九
	Title   string `json:"title"`   // the words after the numeral
}

// Chapter is a top-level part of the plan (一、总体要求 … 九、保障措施).
type Chapter struct {
	Heading
	Sections []Heading `json:"sections"`
}

// Clause is the unit planbot cites: a numbered clause ("15"), a goal
// paragraph ("G0"…"G5"), the general requirements ("R1") or a section whose
// text stands under its heading without numbered clauses ("S29"…).
type Clause struct {
	Ref     string   `json:"ref"`
	Number  int      `json:"number,omitempty"` // the clause number, 0 for G, R and S refs
	Title   string   `json:"title"`            // the lead sentence, without its closing 。
	Text    string   `json:"text"`             // the whole clause as written, 责任单位 included
	Chapter Heading  `json:"-"`
	Section *Heading `json:"-"` // nil where the clause stands directly under its chapter
	// Duties are the （责任单位：…） blocks in order, each with the part of
	// the text it covers; a clause can have several (clause 23).
	Duties      []Duty   `json:"duties"`
	Departments []string `json:"departments"` // every department its duties name, once each, in order
	Targets     []Target `json:"targets"`
	// about and aboutKind are what About returns once Parse has read the
	// plan's places; aboutSet is false for a clause built by hand.
	about, aboutKind string
	aboutSet         bool
}

// Duty is one （责任单位：…） block and the sentences it is attached to.
type Duty struct {
	Text        string   `json:"text"` // the text the block covers, without the block
	Departments []string `json:"departments"`
}

// Target is one quantitative goal the plan states.
type Target struct {
	Ref     string `json:"ref"`     // the clause it stands in
	Subject string `json:"subject"` // the place or body it is for: 全省, 遵义中心城市, 县城 …
	Metric  string `json:"metric"`  // 城区常住人口, 城市生活垃圾资源化利用率 …
	Year    Year   `json:"year"`
	Value   string `json:"value"` // exactly as written: 180万左右, 1.6:1, 50年一遇
	// Number, Unit and Qualifier take Value apart: 180, 万, 左右. A range
	// (3—5家) has its low end as Number; a value written in words (一个,
	// 半小时) has its number read from them.
	Number    float64 `json:"number"`
	Unit      string  `json:"unit"`
	Qualifier string  `json:"qualifier"`
	Quote     string  `json:"quote"` // the verbatim span of the clause the target was read from
	// Period is the span of years the sentence is written for, where the
	// text ties the value itself to none of them: after a ； in a sentence
	// led by 2023和2025年, "建设3600个智慧安防小区" is for 2023—2025 and not
	// for 2025, so Year stays zero and a reply can name the period.
	Period string `json:"period,omitempty"`
	// PerYear marks a value the text sets for each year (每年, 年均): it
	// holds every year rather than by a year.
	PerYear bool `json:"per_year,omitempty"`
	// Remark qualifies the metric without being part of its name: the
	// fields of 在数字技术、节能降碳…领域, or the places a count lists
	// (盘州、威宁…10个县城).
	Remark string `json:"remark,omitempty"`
}

// Year is the year a target is for: a calendar year, a period written in
// words ("十四五", "2023—2025"), or none when the text ties the target to no
// year. It marshals to a JSON number, a string or null.
type Year struct {
	N     int    // 2025; 0 when Label or nothing is set
	Label string // 十四五
}

// IsZero reports whether the target is tied to no year.
func (y Year) IsZero() bool { return y.N == 0 && y.Label == "" }

// String is the year as a person reads it: "2025", "十四五" or "".
func (y Year) String() string {
	if y.N != 0 {
		return strconv.Itoa(y.N)
	}
	return y.Label
}

// MarshalJSON writes a number, a string or null.
func (y Year) MarshalJSON() ([]byte, error) {
	switch {
	case y.N != 0:
		return []byte(strconv.Itoa(y.N)), nil
	case y.Label != "":
		return json.Marshal(y.Label)
	}
	return []byte("null"), nil
}

// UnmarshalJSON reads what MarshalJSON writes.
func (y *Year) UnmarshalJSON(b []byte) error {
	*y = Year{}
	if string(b) == "null" {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &y.Label)
	}
	return json.Unmarshal(b, &y.N)
}

// Clause returns the clause with the given ref.
func (p *Plan) Clause(ref string) (*Clause, bool) {
	for i := range p.Clauses {
		if p.Clauses[i].Ref == ref {
			return &p.Clauses[i], true
		}
	}
	return nil, false
}

// Targets returns every target of the plan in the order the text states them.
func (p *Plan) Targets() []Target {
	var ts []Target
	for _, c := range p.Clauses {
		ts = append(ts, c.Targets...)
	}
	return ts
}

// Departments returns each department the plan names, in the order of first
// mention, with the refs of the clauses that name it.
func (p *Plan) Departments() []DepartmentRefs {
	var out []DepartmentRefs
	at := map[string]int{}
	for _, c := range p.Clauses {
		for _, d := range c.Departments {
			i, ok := at[d]
			if !ok {
				i = len(out)
				at[d] = i
				out = append(out, DepartmentRefs{Name: d})
			}
			out[i].Refs = append(out[i].Refs, c.Ref)
		}
	}
	return out
}

// DepartmentRefs is a department and the clauses that name it.
type DepartmentRefs struct {
	Name string   `json:"name"`
	Refs []string `json:"refs"`
}

// Place is where a clause stands, as a reader cites it:
// 四、优化城镇空间布局 › (七)做优做特区域中心城市 › 第15条 做大做强遵义中心城市.
func (c *Clause) Place() string {
	s := c.Chapter.Numeral + "、" + c.Chapter.Title
	if c.Section != nil && c.Number != 0 {
		s += " › (" + c.Section.Numeral + ")" + c.Section.Title
	}
	return s + " › " + c.Label()
}

// Label names the clause in a line: 第15条 做大做强遵义中心城市, or the
// heading the text gives it for G, R and S refs.
func (c *Clause) Label() string {
	switch {
	case c.Number != 0:
		return "第" + strconv.Itoa(c.Number) + "条 " + c.Title
	case c.Section != nil:
		return "(" + c.Section.Numeral + ")" + c.Section.Title
	case c.Ref == "G0":
		return c.Chapter.Title + "（总目标）"
	}
	if c.Title != "" && c.Title != c.Chapter.Title {
		return c.Chapter.Title + "：" + c.Title
	}
	return c.Chapter.Numeral + "、" + c.Chapter.Title
}

// About is the place a clause's title is about, as the official format names
// it: 遵义 and 中心城市 for 做大做强遵义中心城市; 岳阳 and "" for
// 建设岳阳数字经济增长极 in a plan whose 责任单位 name 岳阳市人民政府; ""
// and "" for a title about no place. A clause built by hand, not by Parse,
// is read with the embedded grammar, loaded on each call.
func (c *Clause) About() (name, kind string) {
	return c.aboutWith(nil)
}

// aboutWith is About read with g where Parse has not set it; nil g is the
// embedded grammar.
func (c *Clause) aboutWith(g *grammar) (name, kind string) {
	if c.aboutSet {
		return c.about, c.aboutKind
	}
	if g == nil {
		g = embeddedGrammar()
	}
	return g.titlePlace(c.Title)
}

// Province is the province (or region or municipality) the plan is for, as
// its title or issuer names it: 贵州省 for 贵州省新型城镇化实施方案; "" when
// neither names one.
func (p *Plan) Province() string {
	re := p.grammar().provinceRe
	for _, s := range []string{p.Title, p.Issuer} {
		if m := re.FindStringSubmatch(s); m != nil {
			return m[1]
		}
	}
	return ""
}
