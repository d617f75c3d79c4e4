package main

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/chart"
	"github.com/planbot/planbot/data/plan"
	"github.com/planbot/planbot/sheet"
)

// What planbot makes from answers — charts and 分工表 — laid out here, where
// answer, chart and sheet may meet: `planbot chart`, `planbot export
// duties` and the bot's buttons (which get these as options, since the bot
// imports neither chart nor sheet) make the same files.

// chartOf lays an answer's figures out for the chart: a panel per set,
// a bar per figure with its number as its length and its value as written
// as its label.
func chartOf(f answer.Figures) chart.Chart {
	c := chart.Chart{Caption: f.Caption}
	for _, s := range f.Sets {
		p := chart.Panel{Title: s.Title(), Groups: s.Subjects, Series: s.Years}
		for _, fig := range s.Figures {
			p.Bars = append(p.Bars, chart.Bar{Group: fig.Subject, Series: fig.Year, Value: fig.Target.Number, Text: fig.Text})
		}
		c.Panels = append(c.Panels, p)
	}
	return c
}

// drawChart draws an answer's figures with r as a PNG, as `planbot chart`
// does, for the bot's [📊 图表] and /chart.
func drawChart(r *chart.Renderer) func(answer.Figures) ([]byte, error) {
	return func(f answer.Figures) ([]byte, error) { return r.Render(chartOf(f)) }
}

// dutySheets writes the 分工表 of departments of p (named as the plan
// names them) as an .xlsx workbook, as `planbot export duties` does, for
// the bot's [⬇ Excel].
func dutySheets(p *plan.Plan) func(depts []string) ([]byte, error) {
	return func(depts []string) ([]byte, error) {
		var buf bytes.Buffer
		if err := sheet.Duties(&buf, p, depts); err != nil {
			return nil, fmt.Errorf("the 分工表 of %s: %w", strings.Join(depts, "、"), err)
		}
		return buf.Bytes(), nil
	}
}
