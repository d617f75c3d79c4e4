package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/bot/bottest"
	"github.com/planbot/planbot/bot/enginetest"
)

const user = 1001 // a staff member chatting with the bot

func TestPrivateQuestions(t *testing.T) {
	h, eng := startFake(t)
	long := strings.Repeat("遵义人口", 1024) // 4096 characters, Telegram's maximum
	for _, tc := range []struct {
		name, text, asked string
	}{
		{"figure", "遵义2025年城区常住人口目标是多少", "遵义2025年城区常住人口目标是多少"},
		// Markup in a question is not the question (issue 9).
		{"script", "<script>alert('x')</script> 遵义 人口", "遵义 人口"},
		{"html", "<b>遵义</b> & <script>alert(1)</script> 人口 >", "遵义 & 人口 >"},
		{"department with brackets", "省委宣传部<省精神文明办>负责哪些", "省委宣传部<省精神文明办>负责哪些"},
		{"emoji", "😀 遵义 人口 👍🏽", "😀 遵义 人口 👍🏽"},
		{"zero-width and control", "遵\u200b义\u200d人\ufeff口\x00\x07\u202e", "遵义人口"},
		{"whitespace", "  海绵城市\n\t建设  ", "海绵城市 建设"},
		{"maximum length", long, long},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := figureAnswer()
			a.Reply = strings.Replace(a.Reply, "测试中心城市", "测试中心城市 <"+tc.name+"> &", 1)
			a.Figures = nil
			eng.Set(enginetest.Ask, tc.asked, a)
			c := h.ask(user, tc.text)
			if c.Int("chat_id") != user {
				t.Errorf("chat_id = %d, want %d", c.Int("chat_id"), user)
			}
			if !strings.Contains(c.Str("link_preview_options"), `"is_disabled":true`) {
				t.Errorf("link previews not disabled: %s", c.Str("link_preview_options"))
			}
			checkReply(t, c, a)
			if asked := eng.Asked(); asked[len(asked)-1] != "ask "+tc.asked {
				t.Errorf("the engine was asked %q, want %q", asked[len(asked)-1], tc.asked)
			}
		})
	}
}

// TestFiguresBoldWhereTheyStand: each figure is bold where the engine wrote
// it, though its text stands earlier inside another figure (issue 9).
func TestFiguresBoldWhereTheyStand(t *testing.T) {
	h, eng := startFake(t)
	a := enginetest.Reply(answer.IntentList, "“2025”的目标：\n· 都市圈 常住人口：2025年 [[1090万左右]]（G1）\n· 六盘水 城区常住人口：2025年 [[90万左右]]（第17条）\n“城区常住人口分别达90万左右”", result15)
	eng.Set(enginetest.Ask, "2025年人口", a)
	c := h.ask(user, "2025年人口")
	checkReply(t, c, a)
	if got := strings.Count(c.Str("text"), "<b>"); got != 2 {
		t.Errorf("%d figures in bold, want 2: %s", got, c.Str("text"))
	}
}

func TestCommands(t *testing.T) {
	h, eng := startFake(t)
	p := eng.Plan()
	eng.Set(enginetest.Clause, "15", clauseAnswer())
	eng.Set(enginetest.Clause, "十五", clauseAnswer())
	eng.Set(enginetest.Department, "市水务局", deptAnswer())
	eng.Set(enginetest.Department, "省委宣传部<省精神文明办>", deptAnswer())
	eng.Set(enginetest.Targets, "二〇二五年", longAnswer(3))
	eng.Set(enginetest.Search, "海绵城市", figureAnswer())
	type check func(t *testing.T, c bottest.Call)
	contains := func(subs ...string) check {
		return func(t *testing.T, c bottest.Call) {
			t.Helper()
			for _, s := range subs {
				if !strings.Contains(c.Str("text"), s) {
					t.Errorf("reply %q does not contain %q", shortText(c.Str("text")), s)
				}
			}
		}
	}
	answers := func(method, arg string, a answer.Answer) check {
		return func(t *testing.T, c bottest.Call) {
			t.Helper()
			checkReply(t, c, a)
			if asked := eng.Asked(); !slices.Contains(asked, method+" "+arg) {
				t.Errorf("the engine was not asked %s %q: %q", method, arg, asked)
			}
		}
	}
	help := func(t *testing.T, c bottest.Call) {
		t.Helper()
		contains(escapeHTML(p.Title), escapeHTML(p.DocNumber), "/clause 15", "/dept", "/targets", "/search", "@"+bottest.BotUsername, "👍")(t, c)
		var examples int
		for _, b := range c.Buttons() {
			if strings.HasPrefix(b.CallbackData, "x:") {
				examples++
			}
		}
		if examples != 5 {
			t.Errorf("help has %d example buttons, want 5: %+v", examples, c.Buttons())
		}
	}
	for _, tc := range []struct {
		text  string
		check check
	}{
		{"/start", help},
		{"/help", help},
		{"/help@" + bottest.BotUsername, help},
		{"/HELP@" + strings.ToUpper(bottest.BotUsername), help},
		{"/about", contains(escapeHTML(p.Title), escapeHTML(p.DocNumber), escapeHTML(p.Date), "引用")},
		{"/clause 15", answers(enginetest.Clause, "15", clauseAnswer())},
		// A command takes its argument in the forms a question does: the
		// engine reads it, the bot does not refuse it first (issue 9);
		// Clause adds 第…条 itself (TestClauseArguments).
		{"/clause 第十五条", answers(enginetest.Clause, "十五", clauseAnswer())},
		{"/clause 999", contains("计划中没有第999条")},
		{"/clause <i>abc</i>", contains("“abc”不是条号", "/clause 15")},
		{"/dept 市水务局", answers(enginetest.Department, "市水务局", deptAnswer())},
		{"/dept 省委宣传部<省精神文明办>", answers(enginetest.Department, "省委宣传部<省精神文明办>", deptAnswer())},
		{"/targets 二〇二五年", answers(enginetest.Targets, "二〇二五年", longAnswer(3))},
		{"/search 海绵城市", answers(enginetest.Search, "海绵城市", figureAnswer())},
		{"/stats", contains("仅限管理员")},
		{"/reload", contains("仅限管理员")},
		{"/nosuch", contains("没有 /nosuch 这个命令")},
	} {
		t.Run(tc.text, func(t *testing.T) {
			c := h.ask(user, tc.text)
			if c.Str("parse_mode") != "HTML" {
				t.Errorf("parse_mode = %q", c.Str("parse_mode"))
			}
			tc.check(t, c)
		})
	}
	// A command for another bot is not ours to answer.
	q := h.srv.Text(bottest.Private(user), user, "/help@some_other_bot")
	if got := sends(h.push(bottest.AsMessage(q)), q.ID()); len(got) != 0 {
		t.Errorf("answered a command for another bot:%s", bottest.Summary(got))
	}
}

func escapeHTML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// forceReply is a message's reply_markup when it asks for a reply.
type forceReply struct {
	ForceReply  bool   `json:"force_reply"`
	Selective   bool   `json:"selective"`
	Placeholder string `json:"input_field_placeholder"`
}

// TestBareCommandPrompts: a bare command — tapped in /help's text or the
// menu — asks for its argument, and the reply to that, or the next
// message, is its argument; it no longer answers with its usage, whose
// command tapped again asks the same (issue 9).
func TestBareCommandPrompts(t *testing.T) {
	h, eng := startFake(t)
	eng.Set(enginetest.Clause, "15", clauseAnswer())
	eng.Set(enginetest.Department, "市水务局", deptAnswer())
	eng.Set(enginetest.Search, "海绵城市", figureAnswer())
	eng.Set(enginetest.Ask, "测试人口", figureAnswer())
	eng.Set(enginetest.Ask, "遵义", noneAnswer())
	private := bottest.Private(user)

	prompt := func(t *testing.T, c bottest.Call, want string) {
		t.Helper()
		if got := shown(t, c).text; got != want {
			t.Errorf("prompt %q, want %q", got, want)
		}
		var fr forceReply
		if err := c.JSON("reply_markup", &fr); err != nil || !fr.ForceReply || !fr.Selective {
			t.Errorf("prompt's reply_markup %s, want a selective force_reply", c.Str("reply_markup"))
		}
	}
	t.Run("reply to the prompt", func(t *testing.T) {
		p := h.ask(user, "/clause")
		prompt(t, p, "发送条号，例如 15")
		q := h.srv.Text(private, user, "15").ReplyTo(h.srv.Sent(p))
		c := only(t, sends(h.push(bottest.AsMessage(q)), q.ID()), "answer to the prompt")
		checkReply(t, c, clauseAnswer())
		// Its buttons ask the command again, not the bare "15".
		view, cb := h.tap(user, c, "责任单位")
		if cb.Str("text") != "" || !strings.Contains(shown(t, view).text, "市发展改革委") {
			t.Errorf("责任单位 under the prompt's answer: %q, alert %q", shown(t, view).text, cb.Str("text"))
		}
	})
	t.Run("the next message", func(t *testing.T) {
		prompt(t, h.ask(user, "/dept"), "发送单位名称，例如 省水利厅")
		checkReply(t, h.ask(user, "市水务局"), deptAnswer())
		// Only the next: the one after is a question again.
		checkReply(t, h.ask(user, "测试人口"), figureAnswer())
	})
	t.Run("a command in between cancels it", func(t *testing.T) {
		h.ask(user, "/targets")
		h.ask(user, "/help")
		checkReply(t, h.ask(user, "遵义"), noneAnswer())
	})
	t.Run("not an argument, but a question", func(t *testing.T) {
		h.ask(user, "/clause")
		checkReply(t, h.ask(user, "测试人口"), figureAnswer())
	})
	t.Run("in a group", func(t *testing.T) {
		group := bottest.Group(-100300)
		p := h.srv.Text(group, user, "/search@"+bottest.BotUsername)
		pc := only(t, sends(h.push(bottest.AsMessage(p)), p.ID()), "prompt")
		prompt(t, pc, "发送关键词，例如 海绵城市")
		q := h.srv.Text(group, user, "海绵城市").ReplyTo(h.srv.Sent(pc))
		checkReply(t, only(t, sends(h.push(bottest.AsMessage(q)), q.ID()), "answer"), figureAnswer())
	})
	t.Run("after a restart", func(t *testing.T) {
		p := h.ask(user, "/clause")
		h.stop()
		h2 := runOn(t, h.srv, eng, h.dir)
		q := h2.srv.Text(private, user, "15").ReplyTo(h2.srv.Sent(p))
		checkReply(t, only(t, sends(h2.push(bottest.AsMessage(q)), q.ID()), "answer"), clauseAnswer())
	})
}

func TestCommandMenu(t *testing.T) {
	h, _ := startFake(t)
	c := h.srv.WaitCalls(t, "setMyCommands", 1)[0]
	var cmds []struct{ Command, Description string }
	if err := c.JSON("commands", &cmds); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cmds {
		names = append(names, c.Command)
	}
	if got := strings.Join(names, " "); got != "help clause dept targets search about" {
		t.Errorf("command menu = %s", got)
	}
	if scope := c.Params["scope"]; scope != "" {
		t.Errorf("the everyone menu has scope %s", scope)
	}
	h.srv.WaitCalls(t, "deleteWebhook", 1) // polling cannot work while a webhook is set
}

func TestAdminCommandMenu(t *testing.T) {
	const admin = 4242
	h, _ := startFake(t, bot.WithAdmins(admin))
	calls := h.srv.WaitCalls(t, "setMyCommands", 2)
	var scope struct {
		Type   string `json:"type"`
		ChatID int64  `json:"chat_id"`
	}
	if err := calls[1].JSON("scope", &scope); err != nil {
		t.Fatal(err)
	}
	if scope.Type != "chat" || scope.ChatID != admin {
		t.Errorf("admin menu scope = %+v, want the admin's chat %d", scope, admin)
	}
	var cmds []struct{ Command string }
	if err := calls[1].JSON("commands", &cmds); err != nil {
		t.Fatal(err)
	}
	if n := len(cmds); n < 2 || cmds[n-2].Command != "stats" || cmds[n-1].Command != "reload" {
		t.Errorf("admin menu = %+v, want it to end with stats and reload", cmds)
	}
}

func TestGroups(t *testing.T) {
	h, eng := startFake(t)
	eng.Set(enginetest.Ask, "👍👍 海绵城市", figureAnswer())
	eng.Set(enginetest.Ask, "遵义 人口", clauseAnswer())
	eng.Set(enginetest.Ask, "那贵阳呢？", deptAnswer())
	group := bottest.Group(-100200300)
	mention := "@" + bottest.BotUsername

	chatter := h.srv.Text(group, user, "今天开会吗？遵义的人口是多少")
	hello := h.srv.Text(group, user, "/help")
	mine := h.srv.Text(group, user, "/help@"+bottest.BotUsername)
	other := h.srv.Text(group, user, "/help@other_bot")
	unknown := h.srv.Text(group, user, "/weather")
	asked := h.srv.Text(group, user, "👍👍 "+mention+" 海绵城市")
	topic := h.srv.Text(group, user, mention+" 遵义 人口").InTopic(42)
	sticker := h.srv.Sticker(group, user)
	joined := h.srv.Joined(group, user, 2002, 2003)
	edited := h.srv.Text(group, user, mention+" 海绵城市")
	calls := h.push(bottest.AsMessage(chatter), bottest.AsMessage(hello), bottest.AsMessage(mine),
		bottest.AsMessage(other), bottest.AsMessage(unknown), bottest.AsMessage(asked),
		bottest.AsMessage(topic), bottest.AsMessage(sticker), bottest.AsMessage(joined),
		bottest.MyChatMember(group, user), bottest.AsEdited(edited))

	for _, q := range []bottest.Message{chatter, other, unknown, sticker, joined, edited} {
		if got := sends(calls, q.ID()); len(got) != 0 {
			t.Errorf("answered %v in a group:%s", q["text"], bottest.Summary(got))
		}
	}
	for _, q := range []bottest.Message{hello, mine} {
		c := only(t, sends(calls, q.ID()), fmt.Sprint(q["text"]))
		if c.Int("chat_id") != group.ID {
			t.Errorf("help sent to chat %d, want the group", c.Int("chat_id"))
		}
	}
	// The mention is cut out of the question, counting its offset in UTF-16
	// units past the emoji.
	checkReply(t, only(t, sends(calls, asked.ID()), "mention"), figureAnswer())
	c := only(t, sends(calls, topic.ID()), "topic")
	checkReply(t, c, clauseAnswer())
	if c.Int("message_thread_id") != 42 {
		t.Errorf("answer posted outside the question's topic: message_thread_id = %d", c.Int("message_thread_id"))
	}

	// A reply to the bot's answer is a follow-up question.
	followUp := h.srv.Text(group, user, "那贵阳呢？").ReplyTo(h.srv.Sent(c))
	calls = h.push(bottest.AsMessage(followUp))
	checkReply(t, only(t, sends(calls, followUp.ID()), "follow-up"), deptAnswer())
	if n := len(h.srv.Calls("sendMessage")); n != 5 {
		t.Errorf("the bot sent %d messages in all; it answers only what is addressed to it", n)
	}
}

func TestNotText(t *testing.T) {
	h, _ := startFake(t)
	private := bottest.Private(user)
	group := bottest.Group(-100999)
	hinted := []bottest.Message{
		h.srv.Sticker(private, user),
		h.srv.Photo(private, user, "这张图里的目标？"),
		h.srv.Voice(private, user),
		h.srv.Location(private, user),
	}
	edited := h.srv.Text(private, user, "遵义人口")
	silent := []bottest.Message{h.srv.Sticker(group, user), h.srv.Voice(group, user), h.srv.Photo(group, user, "看图")}
	var ups []map[string]any
	for _, m := range hinted {
		ups = append(ups, bottest.AsMessage(m))
	}
	for _, m := range silent {
		ups = append(ups, bottest.AsMessage(m))
	}
	ups = append(ups, bottest.AsEdited(edited),
		bottest.AsEdited(h.srv.Text(group, user, "@"+bottest.BotUsername+" 遵义人口")),
		bottest.AsChannelPost(h.srv.Text(bottest.Chat{ID: -100777, Type: "channel", Title: "通知"}, 0, "遵义人口")),
		map[string]any{"poll": map[string]any{"id": "1", "question": "?", "options": []any{}, "total_voter_count": 0,
			"is_closed": false, "is_anonymous": true, "type": "regular", "allows_multiple_answers": false}},
	)
	calls := h.push(ups...)
	for _, m := range hinted {
		c := only(t, sends(calls, m.ID()), "hint")
		if !strings.Contains(c.Str("text"), "文字问题") {
			t.Errorf("hint = %q", c.Str("text"))
		}
	}
	only(t, sends(calls, edited.ID()), "edited message hint")
	if n := len(h.srv.Calls("sendMessage")); n != len(hinted)+1 {
		t.Errorf("sent %d messages, want %d (hints in private chats only):%s", n, len(hinted)+1, bottest.Summary(h.srv.Calls("sendMessage")))
	}
}

// buttonTexts are the texts of the buttons under a message.
func buttonTexts(c bottest.Call) []string {
	var out []string
	for _, b := range c.Buttons() {
		out = append(out, b.Text)
	}
	return out
}

func TestButtons(t *testing.T) {
	h, eng := startFake(t)
	eng.Set(enginetest.Ask, bot.DefaultExamples()[0], figureAnswer())
	eng.Set(enginetest.Ask, "测试人口", figureAnswer())
	eng.Set(enginetest.Ask, "第15条", clauseAnswer())
	eng.Set(enginetest.Ask, "水务局负责哪些", deptAnswer())
	eng.Set(enginetest.Ask, "2030年人口", noneAnswer())

	t.Run("example", func(t *testing.T) {
		help := h.ask(user, "/help")
		c, cb := h.tap(user, help, bot.DefaultExamples()[0])
		if cb.Str("text") != "" {
			t.Errorf("example tap answered with %q", cb.Str("text"))
		}
		if c.Method != "sendMessage" {
			t.Fatalf("example answered by %s, want a new message", c.Method)
		}
		checkReply(t, c, figureAnswer())
	})
	t.Run("one result", func(t *testing.T) {
		c := h.ask(user, "测试人口")
		if got := buttonTexts(c); !slices.Equal(got, []string{"全文", "责任单位", "👍 有用", "👎 没用"}) {
			t.Errorf("buttons %q", got)
		}
		full, _ := h.tap(user, c, "全文")
		if full.Method != "editMessageText" || full.Int("message_id") != h.srv.Sent(c).ID() {
			t.Fatalf("全文 made %s of message %d, want the answer edited", full.Method, full.Int("message_id"))
		}
		if got := shown(t, full).text; !strings.Contains(got, text15) {
			t.Errorf("全文 shows %q", got)
		}
		if got := buttonTexts(full); !slices.Equal(got, []string{"‹ 返回", "责任单位", "👍 有用", "👎 没用"}) {
			t.Errorf("buttons under 全文: %q", got)
		}
		depts, _ := h.tap(user, full, "责任单位")
		if got := shown(t, depts).text; !strings.Contains(got, "• 市发展改革委\n• 市自然资源局") {
			t.Errorf("责任单位 shows %q", got)
		}
		back, _ := h.tap(user, depts, "‹ 返回")
		checkReply(t, back, figureAnswer())
	})
	// A reply that is the whole clause offers no [全文] (issue 9).
	t.Run("the whole clause", func(t *testing.T) {
		c := h.ask(user, "第15条")
		if got := buttonTexts(c); !slices.Equal(got, []string{"责任单位", "👍 有用", "👎 没用"}) {
			t.Errorf("buttons %q", got)
		}
	})
	// A list, and a reply that is no answer but shows what is close, open
	// each of their results, not only the first (issue 9).
	for _, tc := range []struct {
		question string
		a        answer.Answer
		picker   []string
	}{
		{"水务局负责哪些", deptAnswer(), []string{"G3", "第41条", "第46条"}},
		{"2030年人口", noneAnswer(), []string{"第15条", "第41条"}},
	} {
		t.Run(tc.question, func(t *testing.T) {
			c := h.ask(user, tc.question)
			checkReply(t, c, tc.a)
			if got := buttonTexts(c); !slices.Equal(got, append(tc.picker, "👍 有用", "👎 没用")) {
				t.Fatalf("buttons %q, want one for each result", got)
			}
			for i, label := range tc.picker {
				r := tc.a.Results[i]
				view, cb := h.tap(user, c, label)
				if cb.Str("text") != "" {
					t.Errorf("%s: alert %q", label, cb.Str("text"))
				}
				got := shown(t, view).text
				if !strings.Contains(got, r.Place) || !strings.Contains(got, fmt.Sprintf("第 %d/%d 条结果", i+1, len(tc.a.Results))) {
					t.Errorf("%s shows %q, want result %d", label, got, i+1)
				}
				full, _ := h.tap(user, view, "全文")
				if got := shown(t, full).text; !strings.Contains(got, r.Text) {
					t.Errorf("%s › 全文 shows %q, want its clause", label, got)
				}
				back, _ := h.tap(user, full, "‹ 返回")
				if got := shown(t, back).text; !strings.Contains(got, r.Place) {
					t.Errorf("%s › 全文 › 返回 shows %q, want result %d", label, got, i+1)
				}
				list, _ := h.tap(user, back, "‹ 返回")
				checkReply(t, list, tc.a)
			}
		})
	}
	t.Run("stale or forged", func(t *testing.T) {
		c := h.ask(user, "测试人口")
		msg := h.srv.Sent(c)
		edits := len(h.srv.Calls("editMessageText"))
		for _, data := range []string{"", "zzz", "a:r:999:0", "a:r:0:99", "f:r:0:0", "x:99", strings.Repeat("a", 64), "a:q:0:0",
			"a:r:1", "f:e3:12"} { // buttons in the format before pages
			h.push(bottest.Callback(user, msg, data))
			cb := h.srv.Calls("answerCallbackQuery")
			if !strings.Contains(cb[len(cb)-1].Str("text"), "过期") || cb[len(cb)-1].Str("show_alert") != "true" {
				t.Errorf("data %q: callback answered %+v, want an expiry alert", data, cb[len(cb)-1].Params)
			}
		}
		// A button whose question message is gone (no reply_to_message) expires too.
		delete(msg, "reply_to_message")
		h.push(bottest.Callback(user, msg, "f:r:1:0"))
		if n := len(h.srv.Calls("editMessageText")); n != edits {
			t.Errorf("stale buttons edited messages: %d edits, want %d", n, edits)
		}
	})
}

// TestLongReplyPaged: a reply of many lines is a page of 25 with [更多],
// not one message of 114 lines (issue 9); every line is on one page, in
// order, with its figure in bold.
func TestLongReplyPaged(t *testing.T) {
	h, eng := startFake(t)
	a := longAnswer(113)
	eng.Set(enginetest.Targets, "2025", a)
	c := h.ask(user, "/targets 2025")
	checkReply(t, c, a)
	var lines []string
	for page := 1; ; page++ {
		r := shown(t, c)
		n := strings.Count(r.text, "\n") + 1
		if n > 25 {
			t.Errorf("page %d has %d lines", page, n)
		}
		lines = append(lines, strings.Split(r.text, "\n")...)
		if got := strings.Count(r.text, "万左右"); len(r.bold) != got || got == 0 {
			t.Errorf("page %d: %d figures in bold of %d", page, len(r.bold), got)
		}
		for _, b := range r.bold {
			if v := r.text[b.Start:b.End]; v != "1090万左右" && v != "90万左右" {
				t.Errorf("page %d: %q in bold", page, v)
			}
			if !strings.HasPrefix(r.text[b.End:], "（") {
				t.Errorf("page %d: bold %q is not a value where it stands", page, r.text[b.Start:b.End])
			}
		}
		more := ""
		for _, b := range c.Buttons() {
			if strings.HasPrefix(b.Text, "更多") {
				more = b.Text
			}
		}
		if page < 5 && more != fmt.Sprintf("更多 %d/5 ›", page+1) || page == 5 && more != "" {
			t.Fatalf("page %d: buttons %q", page, buttonTexts(c))
		}
		if more == "" {
			break
		}
		c, _ = h.tap(user, c, more)
	}
	if want := strings.Split(a.Reply, "\n"); !slices.Equal(lines, want) {
		t.Errorf("the pages hold %d lines, want the reply's %d in order", len(lines), len(want))
	}
	if got := buttonTexts(c); !slices.Contains(got, "‹ 上一页") {
		t.Errorf("the last page has no way back: %q", got)
	}
}

func inlineResults(t *testing.T, c bottest.Call) []bottest.InlineResult {
	t.Helper()
	var rs []bottest.InlineResult
	if err := c.JSON("results", &rs); err != nil {
		t.Fatalf("results: %v", err)
	}
	return rs
}

func TestInline(t *testing.T) {
	h, eng := startFake(t)
	eng.Set(enginetest.Ask, "遵义 人口", figureAnswer())
	eng.Set(enginetest.Ask, "海绵城市 &", deptAnswer())
	eng.Set(enginetest.Clause, "15", clauseAnswer())
	for _, tc := range []struct {
		query string
		a     answer.Answer
	}{
		{"遵义 人口", figureAnswer()},
		{"<i>海绵</i>城市 &", answer.Answer{}},
		{"/clause 15", clauseAnswer()},
		{"  ", answer.Answer{}},
	} {
		t.Run(tc.query, func(t *testing.T) {
			before := len(h.srv.Calls("answerInlineQuery"))
			h.push(bottest.Inline(user, tc.query))
			c := only(t, h.srv.Calls("answerInlineQuery")[before:], "answerInlineQuery")
			if c.Status != 200 {
				t.Fatalf("answerInlineQuery refused: %d", c.Status)
			}
			rs := inlineResults(t, c)
			if strings.TrimSpace(tc.query) == "" {
				if len(rs) != len(bot.DefaultExamples()) {
					t.Errorf("empty query: %d results, want the %d examples", len(rs), len(bot.DefaultExamples()))
				}
				return
			}
			if tc.a.Reply == "" {
				return
			}
			checkReply(t, bottest.Call{Method: "inline", Params: map[string]string{
				"text": rs[0].Content.Text, "parse_mode": rs[0].Content.ParseMode}}, tc.a)
			if len(rs) != 1+len(tc.a.Results) {
				t.Errorf("%d results, want the whole answer and each of %d results", len(rs), len(tc.a.Results))
			}
		})
	}
}

func TestAccess(t *testing.T) {
	const (
		staff    = 501
		stranger = 502
		admin    = 503
	)
	allowedGroup, otherGroup := bottest.Group(-100501), bottest.Group(-100502)
	h, eng := startFake(t, bot.WithAllowedUsers(staff), bot.WithAllowedChats(allowedGroup.ID), bot.WithAdmins(admin))
	mention := "@" + bottest.BotUsername + " "
	a := figureAnswer()
	eng.Set(enginetest.Ask, "遵义人口", a)
	eng.Set(enginetest.Clause, "15", clauseAnswer())

	refused := func(t *testing.T, text string, ids ...int64) {
		t.Helper()
		for _, id := range ids {
			if !strings.Contains(text, fmt.Sprint(id)) {
				t.Errorf("refusal %q does not show ID %d", text, id)
			}
		}
		for _, leak := range []string{eng.Plan().Title, "测试中心城市"} {
			if strings.Contains(text, leak) {
				t.Errorf("refusal leaks plan content: %q", text)
			}
		}
	}
	for _, tc := range []struct {
		name    string
		from    int64
		chat    bottest.Chat
		text    string
		allowed bool
	}{
		{"staff in private", staff, bottest.Private(staff), "遵义人口", true},
		{"admin in private", admin, bottest.Private(admin), "遵义人口", true},
		{"stranger in private", stranger, bottest.Private(stranger), "遵义人口", false},
		{"stranger in allowed group", stranger, allowedGroup, mention + "遵义人口", true},
		{"stranger in other group", stranger + 10, otherGroup, mention + "遵义人口", false},
		{"staff in other group", staff, otherGroup, mention + "遵义人口", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := h.srv.Text(tc.chat, tc.from, tc.text)
			parts := sends(h.push(bottest.AsMessage(q)), q.ID())
			c := only(t, parts, "reply")
			if tc.allowed {
				checkReply(t, c, a)
				return
			}
			if tc.chat.Type == "private" {
				refused(t, c.Str("text"), tc.from)
			} else {
				refused(t, c.Str("text"), tc.from, tc.chat.ID)
			}
		})
	}

	t.Run("callback", func(t *testing.T) {
		const other = stranger + 2
		q := h.srv.Text(bottest.Private(staff), staff, "/help")
		msg := h.srv.Sent(only(t, sends(h.push(bottest.AsMessage(q)), q.ID()), "help"))
		msg["chat"] = map[string]any{"id": other, "type": "private"}
		h.push(bottest.Callback(other, msg, "x:0"))
		cbs := h.srv.Calls("answerCallbackQuery")
		refused(t, cbs[len(cbs)-1].Str("text"), other)
		if len(h.srv.Calls("editMessageText")) != 0 || len(sends(h.srv.Calls(), msg.ID())) != 0 {
			t.Error("a refused callback changed or sent messages")
		}
	})

	t.Run("inline", func(t *testing.T) {
		const other = stranger + 3
		h.push(bottest.Inline(other, "遵义 人口"))
		iqs := h.srv.Calls("answerInlineQuery")
		c := iqs[len(iqs)-1]
		rs := inlineResults(t, c)
		if len(rs) != 1 {
			t.Fatalf("%d results for a refused user, want 1 refusal", len(rs))
		}
		refused(t, rs[0].Content.Text, other)
		if c.Str("is_personal") != "true" || c.Int("cache_time") != 0 {
			t.Errorf("refusal may be cached for others: is_personal=%s cache_time=%s", c.Str("is_personal"), c.Str("cache_time"))
		}
		h.push(bottest.Inline(staff, "遵义 人口"))
		iqs = h.srv.Calls("answerInlineQuery")
		if c := iqs[len(iqs)-1]; c.Str("is_personal") != "true" {
			t.Error("with an allowlist, allowed users' results must not be cached for everyone")
		}
	})

	t.Run("admin commands", func(t *testing.T) {
		for _, text := range []string{"/stats", "/reload"} {
			if c := h.ask(staff, text); !strings.Contains(c.Str("text"), "仅限管理员") {
				t.Errorf("%s for non-admin: %q", text, c.Str("text"))
			}
		}
		if c := h.ask(admin, "/stats"); !strings.Contains(c.Str("text"), "已回答问题") {
			t.Errorf("/stats: %q", c.Str("text"))
		}
		if c := h.ask(admin, "/reload"); !strings.Contains(c.Str("text"), "没有配置同义词文件") {
			t.Errorf("/reload without a synonyms file: %q", c.Str("text"))
		}
	})
}

// TestStrangerCountsEveryUpdate: a stranger's stickers and edits meet the
// allowlist as their questions do, and the refusal comes at most once a
// minute; an allowed user's stickers count against their rate (issue 9).
func TestStrangerCountsEveryUpdate(t *testing.T) {
	const (
		staff    = 601
		stranger = 602
	)
	clock := newFakeClock()
	h, _ := startFake(t, bot.WithAllowedUsers(staff), bot.WithClock(clock), bot.WithRateLimit(10, 3*time.Second), bot.WithRateQueue(2))
	private := bottest.Private(stranger)
	var ups []map[string]any
	for i := range 30 {
		at := t0.Add(time.Duration(2*i) * time.Second) // 30 stickers and 30 edits within a minute
		ups = append(ups, bottest.AsMessage(h.srv.Sticker(private, stranger).At(at)),
			bottest.AsEdited(h.srv.Text(private, stranger, "遵义人口").At(at).EditedAt(at.Add(time.Second))))
	}
	calls := h.push(ups...)
	if got := filterStatus(calls, "sendMessage"); len(got) != 1 || !strings.Contains(got[0].Str("text"), "没有使用 planbot 的权限") {
		t.Errorf("60 updates from a stranger within a minute got %d replies, want one refusal:%s", len(got), bottest.Summary(got))
	}
	later := h.srv.Sticker(private, stranger).At(t0.Add(time.Minute + time.Second))
	if got := sends(h.push(bottest.AsMessage(later)), later.ID()); len(got) != 1 {
		t.Errorf("a minute later: %d replies, want the refusal again", len(got))
	}
	// A button of a stranger's gets its spinner stopped, and nothing else.
	cb := bottest.Callback(stranger, h.srv.Text(private, stranger, "x").At(t0.Add(70*time.Second)), "x:0")
	h.push(cb)
	if c := h.srv.Calls("answerCallbackQuery"); len(c) != 1 || c[0].Str("text") != "" {
		t.Errorf("a stranger's tap within the minute: %v", bottest.Summary(c))
	}

	// An allowed user's stickers count: 10 at once, 2 queued, one notice.
	before := len(h.srv.Calls("sendMessage"))
	ups = nil
	for range 15 {
		ups = append(ups, bottest.AsMessage(h.srv.Sticker(bottest.Private(staff), staff).At(t0)))
	}
	h.srv.Push(ups...)
	calls = clock.settle(t, h.srv)
	var hints, notices int
	for _, c := range filterStatus(calls, "sendMessage")[before:] {
		switch {
		case strings.Contains(c.Str("text"), "文字问题"):
			hints++
		case strings.Contains(c.Str("text"), "请慢一点"):
			notices++
		}
	}
	if hints != 12 || notices != 1 {
		t.Errorf("15 stickers at once: %d hints and %d notices, want 12 (10 and 2 queued) and 1", hints, notices)
	}
}

func TestReload(t *testing.T) {
	const admin = 9
	reads := 0
	h, eng := startFake(t, bot.WithAdmins(admin), bot.WithSynonymsReloader(func() (string, error) {
		reads++
		switch reads {
		case 1:
			return "省会 = 贵阳\n", nil
		case 2:
			return "bad", nil
		}
		return "", fmt.Errorf("open /etc/planbot/synonyms.txt: permission denied")
	}))
	for _, want := range []string{"已重新读取同义词", "no =", "permission denied"} {
		if c := h.ask(admin, "/reload"); !strings.Contains(c.Str("text"), want) {
			t.Errorf("/reload: %q, want %q", c.Str("text"), want)
		}
	}
	if got := eng.Reloads(); !slices.Equal(got, []string{"省会 = 贵阳\n", "bad"}) {
		t.Errorf("the engine reloaded %q", got)
	}
}

func TestTyping(t *testing.T) {
	h, _ := startFake(t, bot.WithTypingDelay(0))
	q := h.srv.Text(bottest.Private(user), user, "遵义人口")
	calls := h.push(bottest.AsMessage(q))
	var order []string
	for _, c := range calls {
		if c.Method == "sendChatAction" || c.Method == "sendMessage" {
			order = append(order, c.Method)
		}
	}
	if len(order) < 2 || order[0] != "sendChatAction" || calls[indexOf(calls, "sendChatAction")].Str("action") != "typing" {
		t.Errorf("want typing before the answer, got %v", order)
	}
}

func indexOf(calls []bottest.Call, method string) int {
	for i, c := range calls {
		if c.Method == method {
			return i
		}
	}
	return 0
}

// panicky is an engine with one fault injected: it panics on one question,
// as a bug in answering would.
type panicky struct{ bot.Engine }

func (p panicky) Ask(ctx context.Context, q string) answer.Answer {
	if q == "boom" {
		panic("injected fault")
	}
	return p.Engine.Ask(ctx, q)
}

func TestPanicRecovered(t *testing.T) {
	eng := enginetest.New()
	eng.Set(enginetest.Ask, "遵义人口", figureAnswer())
	h := startWith(t, panicky{eng})
	boom := h.srv.Text(bottest.Private(user), user, "boom")
	after := h.srv.Text(bottest.Private(user), user, "遵义人口")
	calls := h.push(bottest.AsMessage(boom), bottest.AsMessage(after))
	if c := only(t, sends(calls, boom.ID()), "apology"); !strings.Contains(c.Str("text"), "抱歉") {
		t.Errorf("apology = %q", c.Str("text"))
	}
	checkReply(t, only(t, sends(calls, after.ID()), "after"), figureAnswer())
	if !strings.Contains(h.logs.String(), "injected fault") {
		t.Error("the panic was not logged")
	}
}

func TestBotAPIFaults(t *testing.T) {
	for _, tc := range []struct {
		name     string
		faults   []bottest.Fault
		answered bool
		attempts int
	}{
		{"429 is waited out", []bottest.Fault{{Status: 429, RetryAfter: 1}}, true, 2},
		{"500 is retried", []bottest.Fault{{Status: 500}, {Status: 502}}, true, 3},
		{"network error is retried", []bottest.Fault{{Drop: true}}, true, 2},
		{"persistent 500 gives up", []bottest.Fault{{Status: 500}, {Status: 500}, {Status: 500}, {Status: 500}}, false, 4},
		{"400 is not retried", []bottest.Fault{{Status: 400, Description: "Bad Request: chat not found"}}, false, 1},
		// A single wait is capped: a chat that must wait an hour is given up.
		{"429 asking for too long gives up", []bottest.Fault{{Status: 429, RetryAfter: 3600}}, false, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := newFakeClock()
			h, eng := startFake(t, bot.WithClock(clock))
			eng.Set(enginetest.Ask, "遵义人口", figureAnswer())
			eng.Set(enginetest.Ask, "海绵城市", clauseAnswer())
			h.srv.WaitCalls(t, "getUpdates", 1)
			h.srv.Fail("sendMessage", tc.faults...)
			q := h.srv.Text(bottest.Private(user), user, "遵义人口")
			next := h.srv.Text(bottest.Private(user), user, "海绵城市")
			h.srv.Push(bottest.AsMessage(q), bottest.AsMessage(next))
			calls := clock.settle(t, h.srv)
			got := sends(calls, q.ID())
			if tc.answered {
				checkReply(t, only(t, got, "answer"), figureAnswer())
			} else if len(got) != 0 {
				t.Errorf("answered despite %v", tc.faults)
			}
			attempts := 0
			for _, c := range calls {
				if c.Method == "sendMessage" && c.ReplyTo() == q.ID() {
					attempts++
				}
			}
			if attempts != tc.attempts {
				t.Errorf("%d attempts, want %d", attempts, tc.attempts)
			}
			// The bot goes on with the next update.
			checkReply(t, only(t, sends(calls, next.ID()), "next"), clauseAnswer())
			if !tc.answered && !strings.Contains(h.logs.String(), "sending an answer") {
				t.Error("the failed reply was not logged")
			}
		})
	}
}

func TestPollingSurvivesGetUpdatesErrors(t *testing.T) {
	h, eng := startFake(t)
	eng.Set(enginetest.Ask, "遵义人口", figureAnswer())
	h.srv.WaitCalls(t, "getUpdates", 1)
	h.srv.Fail("getUpdates", bottest.Fault{Status: 500}, bottest.Fault{Drop: true}, bottest.Fault{Status: 502})
	c := h.ask(user, "遵义人口")
	checkReply(t, c, figureAnswer())
}

func TestDuplicateUpdateAnsweredOnce(t *testing.T) {
	h, _ := startFake(t)
	q := h.srv.Text(bottest.Private(user), user, "遵义人口")
	u := bottest.AsMessage(q)
	h.push(u)
	raw, _ := json.Marshal(u)
	var again map[string]any
	_ = json.Unmarshal(raw, &again)
	h.srv.Push(again) // renumbered by Push: a new update with the same message
	calls := h.srv.WaitHandled(t)
	// Updates are told apart by update_id (the same update_id twice is
	// answered once: TestWebhookDuplicate, TestOldUpdateSentAgain); a new
	// update_id is a new question, even with the same text, and is answered.
	if n := len(sends(calls, q.ID())); n != 2 {
		t.Errorf("%d replies to two updates of the same message, want 2", n)
	}
}

func TestPollingWaitsOutGetUpdates429(t *testing.T) {
	h, _ := startFake(t)
	h.srv.WaitCalls(t, "getUpdates", 1)
	h.srv.Fail("getUpdates", bottest.Fault{Status: 429, RetryAfter: 1})
	q := h.srv.Text(bottest.Private(user), user, "遵义人口")
	h.push(bottest.AsMessage(q))
	polls := h.srv.Wait(t, "a poll after the refused one", func(calls []bottest.Call) bool {
		var ps []bottest.Call
		for _, c := range calls {
			if c.Method == "getUpdates" {
				ps = append(ps, c)
			}
		}
		return len(ps) > 0 && ps[len(ps)-1].Status != 429 && refusedBefore(ps)
	})
	var refused, next time.Time
	for _, c := range polls {
		if c.Method != "getUpdates" {
			continue
		}
		if c.Status == 429 {
			refused = c.At
		} else if !refused.IsZero() && next.IsZero() {
			next = c.At
		}
	}
	if gap := next.Sub(refused); gap < time.Second {
		t.Errorf("polled again %v after a 429 with retry_after 1", gap)
	}
}

// refusedBefore reports whether a 429 came before the last poll.
func refusedBefore(ps []bottest.Call) bool {
	for _, p := range ps[:len(ps)-1] {
		if p.Status == 429 {
			return true
		}
	}
	return false
}

// TestStopLetsRepliesInFlightFinish: SIGINT/SIGTERM (a cancelled context)
// while a reply is on its way to Telegram lets it arrive, then Run returns.
func TestStopLetsRepliesInFlightFinish(t *testing.T) {
	srv := bottest.New(t)
	logs := &lockedBuffer{}
	b, err := bot.New(context.Background(), slog.New(slog.NewTextHandler(logs, nil)), enginetest.New(), srv.Token,
		bot.WithAPIURL(srv.URL), bot.WithPollTimeout(5*time.Second), bot.WithShutdownGrace(5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	cancel, done := runBot(b)
	arrived, release := srv.Hold("sendMessage")
	defer release()
	q := srv.Text(bottest.Private(user), user, "遵义人口")
	srv.Push(bottest.AsMessage(q))
	select {
	case <-arrived:
	case <-time.After(bottest.WaitTimeout):
		t.Fatal("the reply never reached the Bot API")
	}
	cancel() // the signal comes while the reply is in flight
	select {
	case err := <-done:
		t.Fatalf("Run returned (%v) before the reply in flight was answered", err)
	default:
	}
	release()
	waitStopped(t, done)
	if n := len(sends(srv.Calls("sendMessage"), q.ID())); n != 1 {
		t.Errorf("%d replies delivered, want the one in flight", n)
	}
	if got, want := srv.Confirmed(), srv.Last()+1; got != want {
		t.Errorf("confirmed offset %d, want %d: the reply was delivered", got, want)
	}
}

// TestClauseArguments: /clause takes a clause as a question names it —
// 第99条, 第九十九条, 第G9条 are clauses 99, 九十九 and G9, never 第第99条条 —
// and several at once, each shown (issue 9's QA).
func TestClauseArguments(t *testing.T) {
	h, eng := startFake(t, bot.WithAnswerCache(0)) // each clause asked of the engine
	eng.Set(enginetest.Clause, "15", clauseAnswer())
	eng.Set(enginetest.Clause, "十五", clauseAnswer())
	eng.Set(enginetest.Clause, "16", clause16Answer())
	eng.Set(enginetest.Ask, "测试中心城市那条", clauseAnswer())
	both := answer.Answer{Intent: answer.IntentClause, Results: []answer.Result{result15, result16}}
	both.Reply = clauseAnswer().Reply + "\n\n" + clause16Answer().Reply
	for _, f := range clause16Answer().Figures {
		both.Figures = append(both.Figures, answer.Span{Start: f.Start + len(clauseAnswer().Reply) + 2, End: f.End + len(clauseAnswer().Reply) + 2})
	}
	var many []string
	for i := range 12 {
		many = append(many, strconv.Itoa(15+i%2+2*(i/2)))
	}
	for _, tc := range []struct {
		text  string
		asked []string       // what the engine's Clause was asked
		want  *answer.Answer // the reply, in full
		says  []string       // or what it says
	}{
		{"/clause 第99条", []string{"99"}, nil, []string{"计划中没有第99条"}},
		{"/clause 第九十九条", []string{"九十九"}, nil, []string{"计划中没有第九十九条"}},
		{"/clause 第G9条", []string{"G9"}, nil, []string{"计划中没有第G9条"}},
		{"/clause 九十九", []string{"九十九"}, nil, []string{"计划中没有第九十九条"}},
		{"/clause 十五", []string{"十五"}, ptr(clauseAnswer()), nil},
		{"/clause 第15条", []string{"15"}, ptr(clauseAnswer()), nil},
		{"/clause 第15条和第16条", []string{"15", "16"}, &both, nil},
		{"/clause 15 16", []string{"15", "16"}, &both, nil},
		{"/clause 15、16，15", []string{"15", "16"}, &both, nil},
		{"/clause 15 99", []string{"15", "99"}, nil, []string{"第15条 做大做强测试中心城市", "计划中没有第99条"}},
		{"/clause " + strings.Join(many, " "), nil, nil, []string{"共 12 条，只显示前 10 条"}},
		// No number: the engine's Clause, then a question, then a hint.
		{"/clause 测试中心城市那条", []string{"测试中心城市那条"}, ptr(clauseAnswer()), nil},
		{"/clause 海绵", []string{"海绵"}, nil, []string{"“海绵”不是条号", "/clause 15 16"}},
	} {
		t.Run(tc.text, func(t *testing.T) {
			before := len(eng.Asked())
			c := h.ask(user, tc.text)
			text := shown(t, c).text
			if strings.Contains(text, "第第") || strings.Contains(text, "条条") {
				t.Errorf("第…条 doubled: %q", shortText(text))
			}
			if tc.want != nil {
				checkReply(t, c, *tc.want)
				var labels []string
				for _, r := range tc.want.Results {
					labels = append(labels, "第"+r.Ref+"条")
				}
				if got := buttonTexts(c); len(labels) > 1 && !slices.Equal(got[:len(labels)], labels) {
					t.Errorf("buttons %q, want one for each clause, %q", got, labels)
				}
			}
			for _, s := range tc.says {
				if !strings.Contains(text, s) {
					t.Errorf("reply %q does not say %q", shortText(text), s)
				}
			}
			var asked []string
			for _, a := range eng.Asked()[before:] {
				if ref, ok := strings.CutPrefix(a, enginetest.Clause+" "); ok {
					asked = append(asked, ref)
				}
			}
			if tc.asked != nil && !slices.Equal(asked, tc.asked) {
				t.Errorf("the engine's Clause was asked %q, want %q", asked, tc.asked)
			}
		})
	}
	// A clause's button under the joined reply opens it; a reply to the
	// prompt of a bare /clause takes the same forms.
	c := h.ask(user, "/clause 第15条和第16条")
	opened, _ := h.tap(user, c, "第16条")
	if !strings.Contains(shown(t, opened).text, "做优做特北城中心城市") {
		t.Errorf("第16条 opened %q", shortText(shown(t, opened).text))
	}
	h.ask(user, "/clause")
	checkReply(t, h.ask(user, "第15条和第16条"), both)
}

func ptr[T any](v T) *T { return &v }
