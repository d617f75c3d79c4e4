package answer

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/planbot/planbot/data/plan"
)

// maxQuestion bounds what is read of a question: a chat message is at most
// 4096 characters, and nothing longer is a question.
const maxQuestion = 500

// Ask answers one question. It never fails: a question the plan does not
// answer gets IntentNone and a reply that says so.
func (e *Engine) Ask(ctx context.Context, raw string) Answer {
	text := raw
	if utf8.RuneCountInString(text) > maxQuestion {
		text = string([]rune(text)[:maxQuestion])
	}
	q := e.understand(text)
	q.raw = raw
	e.logger.Debug("understood", "question", raw, "intent", q.intent, "years", q.years, "places", q.places,
		"depts", q.depts, "ref", q.ref, "content", q.content, "extra", q.extra)
	if strings.TrimSpace(q.text) == "" {
		return e.none(ctx, q, "请输入一个问题，例如：遵义2025城区人口目标、第38条、省水利厅负责哪些。")
	}
	if len(q.outside) > 0 && q.intent != IntentDept && q.intent != IntentClause {
		// The plan is about its own places: a figure for 北京 is not in it,
		// however well the rest of the question matches.
		return e.none(ctx, q, fmt.Sprintf("本计划中没有关于%s的目标或内容。", strings.Join(q.outside, "、")))
	}
	var (
		a  Answer
		ok bool
	)
	switch q.intent {
	case IntentClause:
		a, ok = e.answerClause(ctx, q)
	case IntentDept:
		a, ok = e.answerDept(q)
	case IntentDuty:
		a, ok = e.answerDuty(ctx, q)
	case IntentCompare:
		a, ok = e.answerCompare(ctx, q)
	case IntentList:
		a, ok = e.answerList(ctx, q)
	case IntentTarget:
		a, ok = e.answerTarget(ctx, q)
		if !ok && a.Reply == "" && len(q.places) > 0 {
			a, ok = e.notForPlace(ctx, q)
		}
	case IntentTopic:
		// A topic that names a metric outright asks for its value.
		if ranked := e.rankTargets(ctx, q); e.namesMetric(q, ranked) {
			a, ok = e.targetAnswer(q, ranked)
		}
	}
	if !ok && a.Intent == IntentNone && a.Reply != "" {
		// The plan answers something close but not what was asked (another
		// year, no such clause): say that rather than search on.
		a.Question = raw
		return a
	}
	if !ok && q.intent != IntentClause && q.ref == "" {
		a, ok = e.answerTopic(ctx, q)
		if ok && q.intent == IntentTarget && !hasDigit(a.Results[0].Quote) {
			// A figure was asked for and the closest text states none:
			// the plan sets no such target. The text is a close match.
			a.Intent, a.Figures, ok = IntentNone, nil, false
			a.Reply = "计划没有设定这项目标，无法给出数字。以下相关但并非所问，仅供参考：\n" + a.Reply
			a.Question = raw
			return a
		}
	}
	if !ok {
		return e.none(ctx, q, "")
	}
	a.Question = raw
	return a
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

// Clause answers with the clause whose ref is given ("15", "G1", "S29").
func (e *Engine) Clause(ctx context.Context, ref string) Answer {
	ref = strings.ToUpper(strings.TrimSpace(ref))
	q := e.understand("第" + ref + "条")
	q.raw, q.ref, q.intent = ref, ref, IntentClause
	if n, err := chineseNumeral(ref); err == nil {
		q.ref = strconv.Itoa(n)
	}
	if _, ok := e.byRef[q.ref]; !ok {
		return e.noSuchClause(ref)
	}
	a, _ := e.answerClause(ctx, q)
	a.Question = ref
	return a
}

// Department answers with every clause that names the department.
func (e *Engine) Department(ctx context.Context, name string) Answer {
	q := e.understand(name)
	q.raw = name
	if len(q.depts) == 0 {
		return e.none(ctx, q, fmt.Sprintf("计划的责任单位中没有“%s”。", strings.TrimSpace(name)))
	}
	a, _ := e.answerDept(q)
	a.Question = name
	return a
}

// Targets answers with the targets of a place or a year (遵义, 2025).
func (e *Engine) Targets(ctx context.Context, filter string) Answer {
	q := e.understand(filter)
	q.raw = filter
	var rs []Result
	var figures []string
	var lines strings.Builder
	for _, c := range e.clauses {
		var ts []plan.Target
		for _, t := range c.c.Targets {
			if len(q.places) > 0 && !e.subjectMatches(t, c, q.places) {
				continue
			}
			if len(q.years) > 0 && !yearIn(t.Year, q.years) {
				continue
			}
			ts = append(ts, t)
		}
		if len(ts) > 0 && (len(q.places) > 0 || len(q.years) > 0) {
			rs = append(rs, e.result(c.c, quoteOf(ts), ts))
			lines.WriteString(targetLines(ts, c.c.Ref))
			figures = append(figures, values(ts)...)
		}
	}
	if len(rs) == 0 {
		return e.none(ctx, q, fmt.Sprintf("计划没有为“%s”设定目标。", strings.TrimSpace(filter)))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "“%s”的目标：\n", strings.TrimSpace(filter))
	b.WriteString(lines.String())
	b.WriteString("\n出处见各条；发送条号（如 第15条）看全文。")
	return Answer{Question: filter, Intent: IntentList, Results: rs, Reply: b.String(), Figures: figures}
}

// Search answers with the clauses that best match the words.
func (e *Engine) Search(ctx context.Context, words string) Answer {
	q := e.understand(words)
	q.raw = words
	a, ok := e.answerTopic(ctx, q)
	if !ok {
		return e.none(ctx, q, "")
	}
	a.Question = words
	return a
}

// none answers that the plan does not say, with close matches marked as such.
func (e *Engine) none(ctx context.Context, q question, why string) Answer {
	a := Answer{Question: q.raw, Intent: IntentNone}
	var b strings.Builder
	if why != "" {
		b.WriteString(why)
	} else {
		b.WriteString("计划中没有这方面的目标或内容，无法给出数字。")
	}
	if len(q.content) > 0 {
		cs := e.rankClauses(ctx, q, 3)
		var close []string
		for _, c := range cs {
			if termScore(q.content, c.norm) == 0 {
				continue
			}
			a.Results = append(a.Results, e.result(c.c, bestSentences(q, c.c.Text, e.norm, 1), nil))
			close = append(close, c.c.Label())
		}
		if len(close) > 0 {
			b.WriteString("\n以下条款相关但并非所问，仅供参考：\n· " + strings.Join(close, "\n· "))
		}
	}
	a.Reply = b.String()
	return a
}
