package answer

import (
	"github.com/planbot/planbot/data/plan"
)

// Intent is what kind of answer a question got.
type Intent string

// The intents of an answer; IntentNone means the plan has no answer, and
// the answer's Reason says why.
const (
	IntentTarget  Intent = "target"  // a target's value: 遵义2025城区人口
	IntentDuty    Intent = "duty"    // who is responsible for a task: 餐厨垃圾处理谁负责
	IntentDept    Intent = "dept"    // what one department owns: 省水利厅负责哪些
	IntentClause  Intent = "clause"  // one clause: 第38条
	IntentTopic   Intent = "topic"   // what the plan says on a topic: 海绵城市
	IntentCompare Intent = "compare" // two places, years or measures side by side
	IntentList    Intent = "list"    // every item of a kind: 各市州中心城市城区人口
	IntentNone    Intent = "none"    // the plan does not say
)

// Reason says why a question got no answer from the plan (IntentNone). The
// reply says it in plain words; the bot's /stats counts the reasons.
type Reason string

// The reasons for IntentNone.
const (
	Empty            Reason = "empty"              // nothing was asked
	SmallTalk        Reason = "small_talk"         // a greeting or thanks, no question
	OutsidePlan      Reason = "outside_plan"       // a place the plan never mentions: 北京
	OtherPlace       Reason = "other_place"        // the plan sets it for other places, not the one asked
	OtherYear        Reason = "other_year"         // the plan sets it for other years, not the one asked
	NotInPlan        Reason = "not_in_plan"        // nothing in the plan covers the question
	NoSuchClause     Reason = "no_such_clause"     // a clause number the plan does not have
	NoSuchDepartment Reason = "no_such_department" // a department the plan does not name
)

// Answer is planbot's reply to one question: what `planbot ask --json`
// prints and what the bot sends.
type Answer struct {
	Question string   `json:"question"` // the question exactly as asked
	Intent   Intent   `json:"intent"`
	Reason   Reason   `json:"reason,omitempty"` // why there is no answer, with IntentNone
	Results  []Result `json:"answers"`          // best first; close matches only when Intent is IntentNone
	Reply    string   `json:"reply"`            // the chat reply, plain text
	// Figures are where the values the reply leads with stand in Reply, in
	// order, so that a rich client sets them in bold where they are written:
	// a value's text may also stand inside another (90万左右 in 1090万左右).
	Figures []Span `json:"-"`
}

// Span is a run of bytes of a reply, [Start, End).
type Span struct{ Start, End int }

// Result is one cited piece of the plan.
type Result struct {
	Ref         string       `json:"ref"`
	Chapter     string       `json:"chapter"` // 四、优化城镇空间布局
	Section     string       `json:"section"` // (七)做优做特区域中心城市, or "" under a chapter
	Title       string       `json:"title"`
	Place       string       `json:"place"`       // chapter › section › 第15条 title
	Label       string       `json:"label"`       // 第15条 做大做强遵义中心城市
	Quote       string       `json:"quote"`       // the verbatim span that answers
	Departments []string     `json:"departments"` // 责任单位 of the quoted span
	Targets     []TargetView `json:"targets"`
	Text        string       `json:"-"` // the whole clause, for a "full text" view
}

// TargetView is a target as an answer shows it.
type TargetView struct {
	Subject string    `json:"subject"`
	Metric  string    `json:"metric"`
	Year    plan.Year `json:"year"`
	Value   string    `json:"value"`
	// Period is the span of years the figure's sentence is for where the
	// plan gives it no year of its own; PerYear marks a figure for each year.
	Period  string `json:"period,omitempty"`
	PerYear bool   `json:"per_year,omitempty"`
}
