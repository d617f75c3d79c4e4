package answer

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// Ask answers one question. It never fails: a question the plan does not
// answer gets IntentNone, a Reason, and a reply that says so.
func (e *Engine) Ask(ctx context.Context, raw string) Answer {
	q := e.read(e.fold(raw))
	d := e.decide(ctx, q)
	e.logger.Debug("answered", "question", raw, "ask", d.ask, "kind", d.kind, "reason", d.reason,
		"years", q.years, "places", len(q.places), "depts", q.depts, "refs", q.refs, "terms", termTexts(q.terms))
	a := e.render(q, d)
	a.Question = raw
	return a
}

func termTexts(ts []term) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.text
	}
	return out
}

// Clause answers with the clause whose ref is given ("15", "G1", "S29",
// "十五").
func (e *Engine) Clause(ctx context.Context, ref string) Answer {
	ref = strings.TrimSpace(ref)
	q := e.read(e.fold("第" + ref + "条"))
	if len(q.refs) == 0 {
		q = e.read(e.fold(ref))
	}
	d := decision{kind: kindNone, reason: NoSuchClause, missing: ref, heading: -1}
	if len(q.refs) == 1 {
		if ci, ok := e.byRef[q.refs[0]]; ok {
			d = decision{kind: kindClause, clauses: []int{ci}, heading: -1}
		}
	}
	a := e.render(q, d)
	a.Question = ref
	return a
}

// Department answers with every clause that names the department.
func (e *Engine) Department(ctx context.Context, name string) Answer {
	q := e.read(e.fold(name))
	d := decision{kind: kindNone, reason: NoSuchDepartment, heading: -1}
	if len(q.depts) > 0 {
		q.terms = nil
		d = e.decideDept(q, nil, relevance{}, decision{heading: -1})
	}
	a := e.render(q, d)
	if a.Reason == NoSuchDepartment {
		a.Reply, a.Figures = fmt.Sprintf("计划的责任单位中没有“%s”。", strings.TrimSpace(name)), nil
	}
	a.Question = name
	return a
}

// Targets answers with the targets of a place or a year (遵义, 2025).
func (e *Engine) Targets(ctx context.Context, filter string) Answer {
	q := e.read(e.fold(filter))
	var gs []group
	for ci := range e.clauses {
		c := &e.clauses[ci]
		done := make([]bool, len(c.c.Targets))
		for ti, t := range c.c.Targets {
			if done[ti] {
				continue
			}
			g := group{clause: ci}
			for tj := ti; tj < len(c.c.Targets); tj++ {
				if c.c.Targets[tj].Subject == t.Subject && c.c.Targets[tj].Metric == t.Metric {
					g.targets, done[tj] = append(g.targets, tj), true
				}
			}
			e.agree(q, &g)
			if (len(q.places) > 0 || len(q.years) > 0) && g.why == "" && g.place > 0 && g.year > 0 {
				if len(q.years) > 0 {
					// Only the years asked: /targets 2025 lists 2025's.
					g.targets = slices.DeleteFunc(g.targets, func(i int) bool { return !yearIn(c.c.Targets[i].Year, q.years) })
				}
				if len(g.targets) > 0 {
					gs = append(gs, g)
				}
			}
		}
	}
	d := decision{kind: kindFigures, ask: askAcross, groups: gs, heading: -1}
	if len(gs) == 0 {
		d = decision{kind: kindNone, reason: NotInPlan, heading: -1}
	}
	a := e.render(q, d)
	if len(gs) == 0 {
		a.Reply, a.Figures = fmt.Sprintf("计划没有为“%s”设定目标。", strings.TrimSpace(filter)), nil
	} else {
		a.Intent = IntentList
		head := fmt.Sprintf("“%s”的目标：\n", strings.TrimSpace(filter))
		a.Reply = head + a.Reply
		for i := range a.Figures {
			a.Figures[i].Start += len(head)
			a.Figures[i].End += len(head)
		}
	}
	a.Question = filter
	return a
}

// Search answers with the clauses that best match the words.
func (e *Engine) Search(ctx context.Context, words string) Answer {
	q := e.read(e.fold(words))
	d := decision{kind: kindNone, reason: NotInPlan, heading: -1}
	if len(q.terms) > 0 {
		cr := e.credits(q)
		ps := e.passages(q, cr, e.search(ctx, q))
		if len(ps) > 0 && ps[0].cover >= answers {
			d = decision{kind: kindPassage, passages: ps[:min(3, len(ps))], heading: -1}
		}
	}
	a := e.render(q, d)
	a.Question = words
	return a
}

// Key is the question as the engine reads it, folded (width, case, script,
// years, quotation marks, spaces): two questions with one Key get one
// answer, so a cache of answers can be keyed by it.
func (e *Engine) Key(question string) string { return e.fold(question).text }
