package bot_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/bot"
)

// TestEndToEnd runs the bot with the real engine: the same questions as
// the tests with the fake engine, now answered from the plan.
func TestEndToEnd(t *testing.T) {
	h := start(t)
	ctx := context.Background()
	eng := realEngine(t)

	t.Run("a figure", func(t *testing.T) {
		c := h.ask(user, "遵义2025城区人口目标")
		a := eng.Ask(ctx, "遵义2025城区人口目标")
		checkReply(t, c, a)
		if !strings.Contains(c.Str("text"), "<b>180万左右</b>") {
			t.Errorf("180万左右 not in bold: %s", c.Str("text"))
		}
	})
	t.Run("markup is not the question", func(t *testing.T) {
		c := h.ask(user, "<script>alert('x')</script> 遵义 人口")
		checkReply(t, c, eng.Ask(ctx, "遵义 人口"))
	})
	t.Run("/clause 第十五条", func(t *testing.T) {
		c := h.ask(user, "/clause 第十五条")
		a := eng.Clause(ctx, "第十五条")
		if len(a.Results) != 1 || a.Results[0].Ref != "15" {
			t.Fatalf("the engine does not read 第十五条 as clause 15: %+v", a.Results)
		}
		checkReply(t, c, a)
		if got := buttonTexts(c); slices.Contains(got, "全文") {
			t.Errorf("the whole clause offers [全文]: %q", got)
		}
	})
	t.Run("/clause of several, and of none", func(t *testing.T) {
		for _, tc := range []struct {
			text string
			says []string
		}{
			{"/clause 第15条和第16条", []string{"第15条 做大做强遵义中心城市", "第16条 提升毕节中心城市要素集聚能力"}},
			{"/clause 15 16", []string{"第15条 做大做强遵义中心城市", "第16条 提升毕节中心城市要素集聚能力"}},
			{"/clause 第99条", []string{"计划中没有第99条"}},
			{"/clause 第九十九条", []string{"计划中没有第九十九条"}},
		} {
			text := shown(t, h.ask(user, tc.text)).text
			for _, s := range tc.says {
				if !strings.Contains(text, s) {
					t.Errorf("%s: the reply does not say %q: %q", tc.text, s, shortText(text))
				}
			}
			if strings.Contains(text, "第第") || strings.Contains(text, "条条") {
				t.Errorf("%s: 第…条 doubled: %q", tc.text, shortText(text))
			}
		}
	})
	t.Run("/clause, then 15", func(t *testing.T) {
		p := h.ask(user, "/clause")
		if !strings.Contains(p.Str("text"), "发送条号") {
			t.Fatalf("bare /clause: %q", p.Str("text"))
		}
		checkReply(t, h.ask(user, "15"), eng.Clause(ctx, "15"))
	})
	t.Run("/targets 2025", func(t *testing.T) {
		c := h.ask(user, "/targets 2025")
		a := eng.Targets(ctx, "2025")
		checkReply(t, c, a)
		bold, pages := 0, 0
		for {
			pages++
			r := shown(t, c)
			bold += len(r.bold)
			more := ""
			for _, b := range buttonTexts(c) {
				if strings.HasPrefix(b, "更多") {
					more = b
				}
			}
			if more == "" {
				break
			}
			c, _ = h.tap(user, c, more)
		}
		if bold != len(a.Figures) || pages < 4 {
			t.Errorf("%d figures in bold on %d pages, want all %d figures on pages of 25 lines", bold, pages, len(a.Figures))
		}
	})
	t.Run("/dept 住建厅", func(t *testing.T) {
		c := h.ask(user, "/dept 住建厅")
		a := eng.Department(ctx, "住建厅")
		checkReply(t, c, a)
		if got := buttonTexts(c); !slices.Contains(got, "第3条") || slices.Contains(got, "全文") {
			t.Errorf("a department's clauses: buttons %q, want one for each", got)
		}
	})
}

// TestFilesEndToEnd: the file buttons with the real engine — the chart is
// drawn from the figures the engine finds in the answer the bot sent, the
// 分工表 for the department the plan names.
func TestFilesEndToEnd(t *testing.T) {
	d := &drawer{}
	w := &sheetWriter{}
	h := start(t, bot.WithCharts(d.draw), bot.WithDutySheets(w.write))
	ctx := context.Background()
	eng := realEngine(t)
	for _, tc := range []struct {
		send string
		a    answer.Answer
		want []string
	}{
		{"2025年各市州中心城市城区人口", eng.Ask(ctx, "2025年各市州中心城市城区人口"), []string{"📊 图表"}},
		{"贵阳和遵义公交分担率", eng.Ask(ctx, "贵阳和遵义公交分担率"), []string{"📊 图表"}},
		{"/targets 遵义", eng.Targets(ctx, "遵义"), []string{"📊 图表"}},
		{"/dept 省水利厅", eng.Department(ctx, "省水利厅"), []string{"⬇ Excel"}},
		{"水利厅负责哪些", eng.Ask(ctx, "水利厅负责哪些"), []string{"⬇ Excel"}},
		{"第15条", eng.Ask(ctx, "第15条"), nil},
		{"2030年全省GDP目标", eng.Ask(ctx, "2030年全省GDP目标"), nil},
		{"你好", eng.Ask(ctx, "你好"), nil},
	} {
		t.Run(tc.send, func(t *testing.T) {
			c := h.ask(user, tc.send)
			checkReply(t, c, tc.a)
			got := fileButtons(c)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("file buttons %q, want %q", got, tc.want)
			}
			switch {
			case slices.Contains(got, "📊 图表"):
				drawn := d.calls()
				photo, _ := h.tapFile(user, c, "📊 图表")
				figs := eng.FiguresOf(tc.a)
				checkPNG(t, h.srv, photo, figs, h.srv.Sent(c).ID())
				if d.calls() != drawn+1 || !reflect.DeepEqual(d.got[drawn], figs) {
					t.Errorf("not drawn from the figures of the answer sent")
				}
			case slices.Contains(got, "⬇ Excel"):
				doc, _ := h.tapFile(user, c, "⬇ Excel")
				// Uploaded for /dept, sent again by its file_id for the question.
				if f, ok := h.srv.File(doc, "document"); !ok || f.Name != "分工表-省水利厅.xlsx" {
					t.Errorf("sent %q", f.Name)
				}
				if !strings.Contains(doc.Str("caption"), "省水利厅") || !strings.Contains(doc.Str("caption"), eng.Plan().DocNumber) {
					t.Errorf("caption %q names neither the department nor the plan", doc.Str("caption"))
				}
			}
		})
	}
	if len(w.got) != 1 || !slices.Equal(w.got[0], []string{"省水利厅"}) {
		t.Errorf("分工表 written for %q, want once for 省水利厅 (/dept and the question share it)", w.got)
	}
}
