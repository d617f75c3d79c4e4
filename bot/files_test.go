package bot_test

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/bot/bottest"
	"github.com/planbot/planbot/bot/enginetest"
	"github.com/planbot/planbot/data/plan"
)

// drawer stands in for the chart renderer cmd hands the bot: it draws a
// PNG whose size says what it was handed (chartSize), and counts its calls,
// so that a test sees whether a chart was drawn again.
type drawer struct {
	mu   sync.Mutex
	got  []answer.Figures
	fail error
}

// chartSize is the size of drawer's PNG of f: 100 px wide a subject, 20 px
// tall a figure, up to 2000 px.
func chartSize(f answer.Figures) (w, h int) {
	for _, s := range f.Sets {
		w += 100 * len(s.Subjects)
		h += 20 * len(s.Figures)
	}
	return min(w, 2000), min(h, 2000)
}

func (d *drawer) draw(f answer.Figures) ([]byte, error) {
	d.mu.Lock()
	d.got = append(d.got, f)
	fail := d.fail
	d.mu.Unlock()
	if fail != nil {
		return nil, fail
	}
	w, h := chartSize(f)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{R: 0x4e, G: 0x79, B: 0xa7, A: 0xff})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// calls is how many charts were drawn.
func (d *drawer) calls() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.got)
}

// sheetWriter stands in for sheet.Duties: a workbook with a row per clause
// of the departments it is given, their text in column B, and counts its
// calls.
type sheetWriter struct {
	mu      sync.Mutex
	got     [][]string
	clauses map[string][]string // the texts of each department's clauses
}

func (w *sheetWriter) write(depts []string) ([]byte, error) {
	w.mu.Lock()
	w.got = append(w.got, slices.Clone(depts))
	w.mu.Unlock()
	f := excelize.NewFile()
	defer f.Close()
	row := 1
	for _, d := range depts {
		for _, text := range w.clauses[d] {
			if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", row), &[]string{d, text}); err != nil {
				return nil, err
			}
			row++
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (w *sheetWriter) calls() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.got)
}

// startFiles runs the bot with the fake engine, charts and 分工表.
func startFiles(t *testing.T, opts ...bot.Option) (*harness, *enginetest.Engine, *drawer, *sheetWriter) {
	d := &drawer{}
	w := &sheetWriter{clauses: map[string][]string{"市水务局": {resultG3.Text, result41.Text, result46.Text}}}
	h, eng := startFake(t, append([]bot.Option{bot.WithCharts(d.draw), bot.WithDutySheets(w.write), bot.WithAdmins(admin), reloader()}, opts...)...)
	setFileAnswers(eng)
	return h, eng, d, w
}

const admin = 77 // may /reload

// withTargets is r citing targets of one measure: subject, year, value.
func withTargets(r answer.Result, metric string, figures ...string) answer.Result {
	for i := 0; i+2 < len(figures); i += 3 {
		var y plan.Year
		fmt.Sscan(figures[i+1], &y.N)
		r.Targets = append(r.Targets, answer.TargetView{Subject: figures[i], Metric: metric, Year: y, Value: figures[i+2]})
	}
	return r
}

var (
	result16 = enginetest.Result("16", "做优做特北城中心城市", "做优做特北城中心城市。2025年,城区常住人口达60万左右。(责任单位:北城市人民政府)", "2025年,城区常住人口达60万左右", "北城市人民政府")
	result39 = enginetest.Result("39", "优先发展公共交通", "优先发展公共交通。到2025年,测试、北城城市公共交通机动化出行分担率分别达到60%、40%。(责任单位:市交通运输局)", "测试、北城城市公共交通机动化出行分担率分别达到60%、40%", "市交通运输局")
)

// The questions of the file tests, as the fake engine answers them.
func citiesAnswer() answer.Answer {
	return enginetest.Reply(answer.IntentList, "各市州中心城市 城区常住人口：\n· 测试中心城市：2025年 [[180万左右]]（第15条）\n· 北城中心城市：2025年 [[60万左右]]（第16条）",
		withTargets(result15, "城区常住人口", "测试中心城市", "2025", "180万左右"),
		withTargets(result16, "城区常住人口", "北城中心城市", "2025", "60万左右"))
}

func compareAnswer() answer.Answer {
	return enginetest.Reply(answer.IntentCompare, "城市公共交通机动化出行分担率：测试 2025年 [[60%]]，北城 2025年 [[40%]]（第39条）",
		withTargets(result39, "城市公共交通机动化出行分担率", "测试", "2025", "60%", "北城", "2025", "40%"))
}

func placeTargetsAnswer() answer.Answer {
	return enginetest.Reply(answer.IntentList, "“测试”的目标：\n· 测试中心城市 城区常住人口：2025年 [[180万左右]]（2023年 [[168万左右]]）（第15条）",
		withTargets(result15, "城区常住人口", "测试中心城市", "2023", "168万左右", "测试中心城市", "2025", "180万左右"))
}

// oneFigureAnswer is a target with one figure: nothing to compare it with.
func oneFigureAnswer() answer.Answer {
	return enginetest.Reply(answer.IntentTarget, "北城中心城市 城区常住人口：2025年 [[60万左右]]",
		withTargets(result16, "城区常住人口", "北城中心城市", "2025", "60万左右"))
}

func smallTalkAnswer() answer.Answer {
	a := enginetest.Reply(answer.IntentNone, "您好！我可以回答《测试市城镇化实施方案（2024—2026年）》里的问题。")
	a.Reason = answer.SmallTalk
	return a
}

// waterDept is the fake plan's 市水务局 and its clauses.
var waterDept = plan.DepartmentRefs{Name: "市水务局", Refs: []string{"G3", "41", "46"}}

func setFileAnswers(eng *enginetest.Engine) {
	eng.Set(enginetest.Ask, "2025年各市州中心城市城区人口", citiesAnswer())
	eng.Set(enginetest.Ask, "测试和北城公交分担率", compareAnswer())
	eng.Set(enginetest.Targets, "测试", placeTargetsAnswer())
	eng.Set(enginetest.Ask, "北城2025城区人口", oneFigureAnswer())
	eng.Set(enginetest.Ask, "第15条", clauseAnswer())
	eng.Set(enginetest.Clause, "15", clauseAnswer())
	eng.Set(enginetest.Ask, "2030年全省GDP目标", noneAnswer())
	eng.Set(enginetest.Ask, "你好", smallTalkAnswer())
	eng.Set(enginetest.Department, "市水务局", deptAnswer())
	eng.Set(enginetest.Ask, "水务局负责哪些", deptAnswer())
	eng.SetDepartments("市水务局", waterDept)
	eng.SetDepartments("水务局负责哪些", waterDept)
}

// send sends text in user's private chat and returns every call made
// while it was handled.
func (h *harness) send(from int64, text string) (bottest.Message, []bottest.Call) {
	h.t.Helper()
	q := h.srv.Text(bottest.Private(from), from, text)
	before := len(h.srv.Calls())
	return q, h.push(bottest.AsMessage(q))[before:]
}

// tapFile taps a button of the message c sent, and returns the file sent
// for it (a zero Call if none) and the callback query's answer.
func (h *harness) tapFile(from int64, c bottest.Call, text string) (bottest.Call, bottest.Call) {
	h.t.Helper()
	var data string
	for _, b := range c.Buttons() {
		if b.Text == text {
			data = b.CallbackData
		}
	}
	if data == "" {
		h.t.Fatalf("no button %q under %q: %q", text, shortText(c.Str("text")), buttonTexts(c))
	}
	return h.callback(from, c, data)
}

// callback sends a callback query with data from the message c sent, and
// returns the file sent for it (a zero Call if none) and the query's answer.
func (h *harness) callback(from int64, c bottest.Call, data string) (bottest.Call, bottest.Call) {
	h.t.Helper()
	before := len(h.srv.Calls())
	calls := h.push(bottest.Callback(from, h.srv.Sent(c), data))[before:]
	cb := only(h.t, filterStatus(calls, "answerCallbackQuery"), "answerCallbackQuery")
	files := append(filterStatus(calls, "sendPhoto"), filterStatus(calls, "sendDocument")...)
	if len(files) > 1 {
		h.t.Fatalf("%d files sent for one tap:%s", len(files), bottest.Summary(files))
	}
	if len(files) == 0 {
		return bottest.Call{}, cb
	}
	return files[0], cb
}

// checkPNG asserts that a sendPhoto call carries a PNG of the chart drawer
// draws of figs, the caption citing where its figures come from, in reply
// to message replyTo.
func checkPNG(t *testing.T, srv *bottest.Server, c bottest.Call, figs answer.Figures, replyTo int64) []byte {
	t.Helper()
	if c.Method != "sendPhoto" {
		t.Fatalf("sent %q, want sendPhoto", c.Method)
	}
	f, ok := srv.File(c, "photo")
	if !ok {
		t.Fatalf("sendPhoto without a photo: %v", c.Params)
	}
	img, format, err := image.Decode(bytes.NewReader(f.Data))
	if err != nil || format != "png" {
		t.Fatalf("the photo is not a PNG (%s): %v", format, err)
	}
	if w, h := chartSize(figs); img.Bounds().Dx() != w || img.Bounds().Dy() != h {
		t.Errorf("the chart is %v, want %d×%d", img.Bounds().Size(), w, h)
	}
	if c.Str("caption") != figs.Caption || figs.Caption == "" {
		t.Errorf("caption %q, want %q", c.Str("caption"), figs.Caption)
	}
	if c.ReplyTo() != replyTo {
		t.Errorf("the chart replies to %d, want %d", c.ReplyTo(), replyTo)
	}
	return f.Data
}

// fileButtons are the file buttons under a message.
func fileButtons(c bottest.Call) []string {
	var out []string
	for _, b := range buttonTexts(c) {
		if b == "📊 图表" || b == "⬇ Excel" {
			out = append(out, b)
		}
	}
	return out
}

// TestFileButtons: [📊 图表] is under a reply whose answer has figures to
// compare, [⬇ Excel] under a department's clauses, and neither elsewhere,
// nor anywhere when the bot was not given what makes them.
func TestFileButtons(t *testing.T) {
	h, _, _, _ := startFiles(t)
	plain, plainEng := startFake(t)
	setFileAnswers(plainEng)
	for _, tc := range []struct {
		send string
		want []string
	}{
		{"2025年各市州中心城市城区人口", []string{"📊 图表"}}, // a list across places
		{"测试和北城公交分担率", []string{"📊 图表"}},       // a comparison
		{"/targets 测试", []string{"📊 图表"}},      // a place's 2023 and 2025
		{"/dept 市水务局", []string{"⬇ Excel"}},
		{"水务局负责哪些", []string{"⬇ Excel"}},
		{"北城2025城区人口", nil}, // one figure compares with nothing
		{"第15条", nil},
		{"/clause 15", nil},
		{"2030年全省GDP目标", nil},
		{"你好", nil},
	} {
		t.Run(tc.send, func(t *testing.T) {
			if got := fileButtons(h.ask(user, tc.send)); !slices.Equal(got, tc.want) {
				t.Errorf("file buttons %q, want %q", got, tc.want)
			}
			if got := fileButtons(plain.ask(user, tc.send)); len(got) != 0 {
				t.Errorf("without WithCharts and WithDutySheets: file buttons %q", got)
			}
		})
	}
	t.Run("under the reply only", func(t *testing.T) {
		c := h.ask(user, "2025年各市州中心城市城区人口")
		view, _ := h.tap(user, c, "第15条")
		if got := fileButtons(view); len(got) != 0 {
			t.Errorf("a result opened from the reply has %q", got)
		}
		back, _ := h.tap(user, view, "‹ 返回")
		if got := fileButtons(back); !slices.Equal(got, []string{"📊 图表"}) {
			t.Errorf("back at the reply: %q", got)
		}
		voted, _ := h.tap(user, back, "👍 有用")
		if got := fileButtons(voted); !slices.Equal(got, []string{"📊 图表"}) {
			t.Errorf("after a vote: %q", got)
		}
	})
}

// TestChartButton: a tap on [📊 图表] sends the chart of the answer's
// figures as a photo, uploaded as multipart with its caption; a second tap,
// /chart on the same question and a tap in another chat are sent the same
// file by its file_id, not drawn again; /reload draws anew.
func TestChartButton(t *testing.T) {
	h, eng, d, _ := startFiles(t)
	const q = "2025年各市州中心城市城区人口"
	figs := eng.FiguresOf(citiesAnswer())
	c := h.ask(user, q)
	photo, cb := h.tapFile(user, c, "📊 图表")
	if cb.Str("text") != "" {
		t.Errorf("tap answered %q", cb.Str("text"))
	}
	if len(photo.Files) != 1 || photo.Files["photo"].Name != "chart.png" {
		t.Fatalf("the first chart is not uploaded as multipart: files %v, params %v", photo.Files, photo.Params)
	}
	png := checkPNG(t, h.srv, photo, figs, h.srv.Sent(c).ID())
	if d.calls() != 1 || !reflect.DeepEqual(d.got[0], figs) {
		t.Fatalf("drawn %d times, from %+v; want once, from the answer's figures %+v", d.calls(), d.got, figs)
	}
	id := bottest.FileID(photo)

	// A second tap, the same chart asked with /chart, and another asker
	// tapping the button under their own answer.
	again, _ := h.tapFile(user, c, "📊 图表")
	cmd, calls := h.send(user, "/chart "+q)
	other := h.ask(user+1, q)
	third, _ := h.tapFile(user+1, other, "📊 图表")
	for i, p := range []bottest.Call{again, only(t, filterStatus(calls, "sendPhoto"), "/chart"), third} {
		if p.Str("photo") != id || len(p.Files) != 0 {
			t.Errorf("chart %d: photo %q, %d files uploaded; want the file_id %q", i+2, p.Str("photo"), len(p.Files), id)
		}
		if got, _ := h.srv.File(p, "photo"); !bytes.Equal(got.Data, png) {
			t.Errorf("chart %d is not the same file", i+2)
		}
		if p.Str("caption") != figs.Caption {
			t.Errorf("chart %d: caption %q", i+2, p.Str("caption"))
		}
	}
	if only(t, filterStatus(calls, "sendPhoto"), "/chart").ReplyTo() != cmd.ID() {
		t.Errorf("/chart's photo does not reply to it")
	}
	if n := d.calls(); n != 1 {
		t.Errorf("the chart was drawn %d times, want once", n)
	}

	// /reload may change answers, and so their charts.
	h.ask(admin, "/reload")
	fresh, _ := h.tapFile(user, c, "📊 图表")
	if n := d.calls(); n != 2 || len(fresh.Files) != 1 {
		t.Errorf("after /reload: drawn %d times in all, %d files uploaded; want a second drawing, uploaded", n, len(fresh.Files))
	}
}

// TestChartCommand: /chart QUESTION replies with the chart, or with a
// sentence saying why there is none; bare, it asks for the question, as
// the other commands do.
func TestChartCommand(t *testing.T) {
	h, eng, d, _ := startFiles(t, bot.WithFileCache(0))
	for _, tc := range []struct {
		send  string
		chart answer.Answer // zero: none
		why   string
	}{
		{"/chart 2025年各市州中心城市城区人口", citiesAnswer(), ""},
		{"/chart 测试和北城公交分担率", compareAnswer(), ""},
		{"/chart 第15条", answer.Answer{}, enginetest.WhyNotFigures},
		{"/chart 北城2025城区人口", answer.Answer{}, enginetest.WhyOneEach},
		{"/chart 你好", answer.Answer{}, enginetest.WhyNotFigures},
		{"/chart@" + bottest.BotUsername + " 2030年全省GDP目标", answer.Answer{}, enginetest.WhyNotFigures},
	} {
		t.Run(tc.send, func(t *testing.T) {
			drawn := d.calls()
			q, calls := h.send(user, tc.send)
			photos, texts := filterStatus(calls, "sendPhoto"), sends(calls, q.ID())
			if tc.why != "" {
				if len(photos) != 0 || d.calls() != drawn {
					t.Errorf("a chart of nothing: %d photos, drawn %d times", len(photos), d.calls()-drawn)
				}
				if got := shown(t, only(t, texts, "reply")).text; got != tc.why {
					t.Errorf("reply %q, want %q", got, tc.why)
				}
				return
			}
			if len(texts) != 0 {
				t.Errorf("a chart with text replies:%s", bottest.Summary(texts))
			}
			checkPNG(t, h.srv, only(t, photos, "chart"), eng.FiguresOf(tc.chart), q.ID())
		})
	}
	t.Run("bare", func(t *testing.T) {
		p := h.ask(user, "/chart")
		if got := shown(t, p).text; got != "发送要画成图表的问题，例如 2025年各市州中心城市城区人口" {
			t.Errorf("prompt %q", got)
		}
		var fr forceReply
		if err := p.JSON("reply_markup", &fr); err != nil || !fr.ForceReply {
			t.Errorf("prompt's reply_markup %s, want a force_reply", p.Str("reply_markup"))
		}
		q := h.srv.Text(bottest.Private(user), user, "测试和北城公交分担率").ReplyTo(h.srv.Sent(p))
		before := len(h.srv.Calls())
		calls := h.push(bottest.AsMessage(q))[before:]
		checkPNG(t, h.srv, only(t, filterStatus(calls, "sendPhoto"), "chart"), eng.FiguresOf(compareAnswer()), q.ID())
	})
	t.Run("in a group", func(t *testing.T) {
		group := bottest.Group(-100400)
		q := h.srv.Text(group, user, "/chart 2025年各市州中心城市城区人口")
		before := len(h.srv.Calls())
		calls := h.push(bottest.AsMessage(q))[before:]
		if p := only(t, filterStatus(calls, "sendPhoto"), "chart"); p.Int("chat_id") != group.ID {
			t.Errorf("sent to %d", p.Int("chat_id"))
		}
	})
	t.Run("no cache", func(t *testing.T) {
		drawn := d.calls()
		h.send(user, "/chart 2025年各市州中心城市城区人口")
		h.send(user, "/chart 2025年各市州中心城市城区人口")
		if n := d.calls() - drawn; n != 2 {
			t.Errorf("without a file cache, drawn %d times for 2 charts", n)
		}
	})
}

// TestChartOff: without WithCharts, /chart is no command of the bot's: not
// in its menu or /help, and answered as an unknown command.
func TestChartOff(t *testing.T) {
	for _, on := range []bool{false, true} {
		t.Run(fmt.Sprint("charts ", on), func(t *testing.T) {
			var h *harness
			if on {
				h, _, _, _ = startFiles(t)
			} else {
				h, _ = startFake(t)
			}
			var cmds []struct{ Command string }
			if err := h.srv.WaitCalls(t, "setMyCommands", 1)[0].JSON("commands", &cmds); err != nil {
				t.Fatal(err)
			}
			inMenu := slices.ContainsFunc(cmds, func(c struct{ Command string }) bool { return c.Command == "chart" })
			help := shown(t, h.ask(user, "/help")).text
			reply := shown(t, h.ask(user, "/chart")).text
			if inMenu != on || strings.Contains(help, "/chart") != on || strings.Contains(help, "📊 图表") != on ||
				strings.Contains(help, "⬇ Excel") != on || strings.Contains(reply, "没有 /chart 这个命令") == on {
				t.Errorf("menu %+v, help %q, /chart %q", cmds, help, reply)
			}
		})
	}
}

// TestExcelButton: [⬇ Excel] under a department's clauses sends its 分工表
// as an .xlsx document, uploaded as multipart, named and captioned after
// the plan and the department; asked again — the same tap, or the question
// in other words — it is sent by its file_id, not written again.
func TestExcelButton(t *testing.T) {
	h, eng, _, w := startFiles(t)
	c := h.ask(user, "/dept 市水务局")
	doc, cb := h.tapFile(user, c, "⬇ Excel")
	if cb.Str("text") != "" {
		t.Errorf("tap answered %q", cb.Str("text"))
	}
	if doc.Method != "sendDocument" {
		t.Fatalf("sent %q, want sendDocument", doc.Method)
	}
	f, ok := doc.Files["document"]
	if !ok {
		t.Fatalf("the 分工表 is not uploaded as multipart: %v", doc.Params)
	}
	if f.Name != "分工表-市水务局.xlsx" {
		t.Errorf("file name %q", f.Name)
	}
	p := eng.Plan()
	if want := "《" + p.Title + "》（" + p.DocNumber + "）分工表：市水务局，共3条。"; doc.Str("caption") != want {
		t.Errorf("caption %q, want %q", doc.Str("caption"), want)
	}
	if doc.ReplyTo() != h.srv.Sent(c).ID() {
		t.Errorf("the 分工表 replies to %d", doc.ReplyTo())
	}
	x, err := excelize.OpenReader(bytes.NewReader(f.Data))
	if err != nil {
		t.Fatalf("the .xlsx does not open: %v", err)
	}
	defer x.Close()
	rows, err := x.GetRows("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, r := range rows {
		texts = append(texts, r[1])
	}
	if want := []string{resultG3.Text, result41.Text, result46.Text}; !slices.Equal(texts, want) {
		t.Errorf("the 分工表 holds %q, want the clauses' texts %q", texts, want)
	}
	if len(w.got) != 1 || !slices.Equal(w.got[0], []string{"市水务局"}) {
		t.Errorf("written for %q, want once for 市水务局", w.got)
	}

	again, _ := h.tapFile(user, c, "⬇ Excel")
	asked := h.ask(user, "水务局负责哪些")
	other, _ := h.tapFile(user, asked, "⬇ Excel")
	for i, d := range []bottest.Call{again, other} {
		if d.Str("document") != bottest.FileID(doc) || len(d.Files) != 0 {
			t.Errorf("分工表 %d: document %q, %d files uploaded; want the file_id %q", i+2, d.Str("document"), len(d.Files), bottest.FileID(doc))
		}
	}
	if n := w.calls(); n != 1 {
		t.Errorf("the 分工表 was written %d times, want once", n)
	}

	// Under an example's answer (from /help), and after /dept's prompt.
	ex, _, _, _ := startFiles(t, bot.WithExamples("水务局负责哪些"))
	help := ex.ask(user, "/help")
	exAnswer, _ := ex.tap(user, help, "水务局负责哪些")
	if d, cb := ex.tapFile(user, exAnswer, "⬇ Excel"); d.Method != "sendDocument" {
		t.Errorf("[⬇ Excel] under an example's answer: callback %+v", cb.Params)
	}
	p1 := ex.ask(user, "/dept")
	q := ex.srv.Text(bottest.Private(user), user, "市水务局").ReplyTo(ex.srv.Sent(p1))
	prompted := only(t, sends(ex.push(bottest.AsMessage(q)), q.ID()), "answer to the prompt")
	if d, cb := ex.tapFile(user, prompted, "⬇ Excel"); d.Method != "sendDocument" {
		t.Errorf("[⬇ Excel] under the answer to /dept's prompt: callback %+v", cb.Params)
	}
}

// TestForgedFileCallbacks: a file button the answer would not carry — made
// up, malformed, or of a kind the bot does not make — is refused as
// expired, and nothing is drawn, written or sent.
func TestForgedFileCallbacks(t *testing.T) {
	h, _, d, w := startFiles(t)
	plain, plainEng := startFake(t)
	setFileAnswers(plainEng)
	chartable := h.ask(user, "2025年各市州中心城市城区人口")
	clause := h.ask(user, "第15条")
	dept := h.ask(user, "/dept 市水务局")
	for _, tc := range []struct {
		name string
		h    *harness
		msg  bottest.Call
		data string
	}{
		{"chart of a clause", h, clause, "c:r"},
		{"chart of a department", h, dept, "c:r"},
		{"分工表 of a figure", h, chartable, "e:r"},
		{"分工表 of a clause", h, clause, "e:r"},
		{"an example beyond the list", h, chartable, "c:e99"},
		{"a command that is none", h, chartable, "c:rx"},
		{"the view format", h, chartable, "c:r:0:0"},
		{"a vote on a file", h, chartable, "+c:r"},
		{"no source", h, chartable, "c:"},
		{"another kind", h, chartable, "g:r"},
		{"chart without WithCharts", plain, plain.ask(user, "2025年各市州中心城市城区人口"), "c:r"},
		{"分工表 without WithDutySheets", plain, plain.ask(user, "/dept 市水务局"), "e:r"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, cb := tc.h.callback(user, tc.msg, tc.data)
			if f.Method != "" {
				t.Errorf("sent a file: %s", bottest.Summary([]bottest.Call{f}))
			}
			if !strings.Contains(cb.Str("text"), "过期") || cb.Str("show_alert") != "true" {
				t.Errorf("callback answered %+v, want an expiry alert", cb.Params)
			}
		})
	}
	if d.calls() != 0 || w.calls() != 0 {
		t.Errorf("forged buttons drew %d charts and wrote %d 分工表", d.calls(), w.calls())
	}
}

// TestFileFaults: a chart that cannot be drawn gets an alert and no photo;
// a file_id Telegram no longer takes is replaced by an upload of the same
// bytes, not a new drawing.
func TestFileFaults(t *testing.T) {
	h, _, d, _ := startFiles(t)
	c := h.ask(user, "2025年各市州中心城市城区人口")
	d.mu.Lock()
	d.fail = errors.New("font has no glyph for 𠀀")
	d.mu.Unlock()
	f, cb := h.tapFile(user, c, "📊 图表")
	if f.Method != "" || !strings.Contains(cb.Str("text"), "出错") || cb.Str("show_alert") != "true" {
		t.Errorf("a chart that cannot be drawn: sent %q, callback %+v", f.Method, cb.Params)
	}
	if !strings.Contains(h.logs.String(), "font has no glyph") {
		t.Errorf("the renderer's error is not logged")
	}
	d.mu.Lock()
	d.fail = nil
	d.mu.Unlock()
	first, _ := h.tapFile(user, c, "📊 图表")
	h.srv.Fail("sendPhoto", bottest.Fault{Status: 400, Description: "Bad Request: wrong file identifier/HTTP URL specified"})
	before := len(h.srv.Calls())
	h.tapFile(user, c, "📊 图表")
	tries := h.srv.Calls("sendPhoto")
	tries = tries[len(tries)-2:]
	if tries[0].Status != 400 || tries[0].Str("photo") != bottest.FileID(first) || tries[1].Status != 200 || len(tries[1].Files) != 1 {
		t.Errorf("after a refused file_id:%s", bottest.Summary(h.srv.Calls()[before:]))
	}
	if got, _ := h.srv.File(tries[1], "photo"); !bytes.Equal(got.Data, first.Files["photo"].Data) {
		t.Errorf("uploaded again, but not the same bytes")
	}
	if n := d.calls(); n != 2 { // the failed drawing and the one kept
		t.Errorf("drawn %d times, want 2", n)
	}
	// The new file_id is kept.
	last, _ := h.tapFile(user, c, "📊 图表")
	if last.Str("photo") != bottest.FileID(tries[1]) {
		t.Errorf("after the upload, sent %q, want its file_id %q", last.Str("photo"), bottest.FileID(tries[1]))
	}
}

// TestLongCaption: a caption past Telegram's 1024 characters is cut, not
// refused with the chart.
func TestLongCaption(t *testing.T) {
	h, eng, _, _ := startFiles(t)
	var results []answer.Result
	for i := range 200 {
		r := enginetest.Result(fmt.Sprint(100+i), "条文", "条文", "条文")
		results = append(results, withTargets(r, "城区常住人口", fmt.Sprintf("第%d城", i), "2025", "10万"))
	}
	a := enginetest.Reply(answer.IntentList, "各城城区常住人口", results...)
	eng.Set(enginetest.Ask, "各城人口", a)
	if n := len([]rune(eng.FiguresOf(a).Caption)); n <= 1024 {
		t.Fatalf("the caption is only %d characters", n)
	}
	photo, _ := h.tapFile(user, h.ask(user, "各城人口"), "📊 图表")
	if photo.Status != 200 || len([]rune(photo.Str("caption"))) != 1024 || !strings.HasSuffix(photo.Str("caption"), "…") {
		t.Errorf("caption of %d characters: %q", len([]rune(photo.Str("caption"))), shortText(photo.Str("caption")))
	}
}
