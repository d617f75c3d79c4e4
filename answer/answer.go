// Package answer understands a staff member's question about a plan and
// answers it from the plan's structured targets first and its full text
// second, always quoting the plan and saying where the quote stands.
//
// It is its own package because answering is neither the index (which only
// finds documents) nor the bot (which only carries replies): the same answers
// serve `planbot ask`, `planbot chat` and Telegram.
package answer

import (
	"github.com/planbot/planbot/data/plan"
)

// Intent is what a question asks for.
type Intent string

// The intents a question can have; IntentNone means the plan has no answer.
const (
	IntentTarget  Intent = "target"  // a target's value: 遵义2025城区人口
	IntentDuty    Intent = "duty"    // who is responsible for a task: 餐厨垃圾处理谁负责
	IntentDept    Intent = "dept"    // what one department owns: 省水利厅负责哪些
	IntentClause  Intent = "clause"  // one clause: 第38条
	IntentTopic   Intent = "topic"   // what the plan says on a topic: 海绵城市
	IntentCompare Intent = "compare" // two places or years side by side
	IntentList    Intent = "list"    // every item of a kind: 各市州中心城市城区人口
	IntentNone    Intent = "none"    // the plan does not say
)

// Answer is planbot's reply to one question: what `planbot ask --json`
// prints and what the bot sends.
type Answer struct {
	Question string   `json:"question"` // the question exactly as asked
	Intent   Intent   `json:"intent"`
	Results  []Result `json:"answers"` // best first; close matches only when Intent is IntentNone
	Reply    string   `json:"reply"`   // the chat reply, plain text
	// Figures are the values the reply leads with, each standing verbatim in
	// Reply, so that a rich client can set them in bold.
	Figures []string `json:"-"`
}

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
}
