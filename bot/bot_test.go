package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/bot/bottest"
	"github.com/planbot/planbot/data"
)

const user = 1001 // a staff member chatting with the bot

func TestPrivateQuestions(t *testing.T) {
	h := start(t)
	ctx := context.Background()
	long := strings.Repeat("遵义人口", 1024) // 4096 characters, Telegram's maximum
	for _, tc := range []struct {
		name, text, asked string
	}{
		{"figure", "遵义2025年城区常住人口目标是多少", "遵义2025年城区常住人口目标是多少"},
		{"duty", "餐厨垃圾处理谁负责", "餐厨垃圾处理谁负责"},
		{"html", "<b>遵义</b> & <script>alert(1)</script> 人口 >", "<b>遵义</b> & <script>alert(1)</script> 人口 >"},
		{"department with brackets", "省委宣传部<省精神文明办>负责哪些", "省委宣传部<省精神文明办>负责哪些"},
		{"emoji", "😀 遵义 人口 👍🏽", "😀 遵义 人口 👍🏽"},
		{"zero-width and control", "遵\u200b义\u200d人\ufeff口\x00\x07\u202e", "遵义人口"},
		{"whitespace", "  海绵城市\n\t建设  ", "海绵城市 建设"},
		{"maximum length", long, long},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := h.srv.Text(bottest.Private(user), user, tc.text)
			calls := h.push(bottest.AsMessage(q))
			parts := sends(calls, q.ID())
			for _, c := range parts {
				if c.Int("chat_id") != user {
					t.Errorf("chat_id = %d, want %d", c.Int("chat_id"), user)
				}
				if !strings.Contains(c.Str("link_preview_options"), `"is_disabled":true`) {
					t.Errorf("link previews not disabled: %s", c.Str("link_preview_options"))
				}
			}
			checkReply(t, parts, h.eng.Ask(ctx, tc.asked))
			for _, c := range parts {
				for _, b := range c.Buttons() {
					if len(b.CallbackData) > 64 {
						t.Errorf("callback_data %q is longer than 64 bytes", b.CallbackData)
					}
				}
			}
		})
	}
}

func TestCommands(t *testing.T) {
	h := start(t)
	ctx := context.Background()
	p := h.eng.Plan()
	clause15 := h.eng.Clause(ctx, "15")
	clause999 := h.eng.Clause(ctx, "999")
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
	answers := func(a answer.Answer) check {
		return func(t *testing.T, c bottest.Call) { t.Helper(); checkReply(t, []bottest.Call{c}, a) }
	}
	help := func(t *testing.T, c bottest.Call) {
		t.Helper()
		contains(escapeHTML(p.Title), escapeHTML(p.DocNumber), "/clause 15", "/dept", "/targets", "/search", "@"+bottest.BotUsername)(t, c)
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
	about := contains(escapeHTML(p.Title), escapeHTML(p.DocNumber), escapeHTML(p.Date), "引用")
	if p.Title == "" { // the engine has not parsed the plan yet
		about = contains("尚未载入")
	}
	clause15Check := answers(clause15)
	if clause15.Intent == answer.IntentNone { // the engine does not know clause 15 yet
		clause15Check = contains("没有第 15 条")
	}
	clause999Check := contains("没有第 999 条")
	if clause999.Intent != answer.IntentNone {
		clause999Check = answers(clause999)
	}
	for _, tc := range []struct {
		text  string
		check check
	}{
		{"/start", help},
		{"/help", help},
		{"/help@" + bottest.BotUsername, help},
		{"/HELP@" + strings.ToUpper(bottest.BotUsername), help},
		{"/about", about},
		{"/clause", contains("/clause 15")},
		{"/clause abc", contains("“abc”不是条款编号")},
		{"/clause <b>", contains("“&lt;b&gt;”不是条款编号")},
		{"/clause 999", clause999Check},
		{"/clause 15", clause15Check},
		{"/clause 第１５条", clause15Check},
		{"/dept", contains("/dept 省水利厅")},
		{"/dept 省水利厅", answers(h.eng.Department(ctx, "省水利厅"))},
		{"/dept 省委宣传部<省精神文明办>", answers(h.eng.Department(ctx, "省委宣传部<省精神文明办>"))},
		{"/targets", contains("/targets 遵义")},
		{"/targets 遵义", answers(h.eng.Targets(ctx, "遵义"))},
		{"/targets 2025", answers(h.eng.Targets(ctx, "2025"))},
		{"/search", contains("/search 海绵城市")},
		{"/search 海绵城市", answers(h.eng.Search(ctx, "海绵城市"))},
		{"/stats", contains("仅限管理员")},
		{"/reload", contains("仅限管理员")},
		{"/nosuch", contains("没有 /nosuch 这个命令")},
	} {
		t.Run(tc.text, func(t *testing.T) {
			q := h.srv.Text(bottest.Private(user), user, tc.text)
			calls := h.push(bottest.AsMessage(q))
			c := only(t, sends(calls, q.ID()), tc.text)
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

func TestCommandMenu(t *testing.T) {
	h := start(t)
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
	h := start(t, bot.WithAdmins(admin))
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
	h := start(t)
	ctx := context.Background()
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
	calls := h.push(bottest.AsMessage(chatter), bottest.AsMessage(hello), bottest.AsMessage(mine),
		bottest.AsMessage(other), bottest.AsMessage(unknown), bottest.AsMessage(asked),
		bottest.AsMessage(topic), bottest.AsMessage(sticker), bottest.AsMessage(joined),
		bottest.MyChatMember(group, user))

	for _, q := range []bottest.Message{chatter, other, unknown, sticker, joined} {
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
	checkReply(t, sends(calls, asked.ID()), h.eng.Ask(ctx, "👍👍 海绵城市"))
	parts := sends(calls, topic.ID())
	checkReply(t, parts, h.eng.Ask(ctx, "遵义 人口"))
	for _, c := range parts {
		if c.Int("message_thread_id") != 42 {
			t.Errorf("answer posted outside the question's topic: message_thread_id = %d", c.Int("message_thread_id"))
		}
	}

	// A reply to the bot's answer is a follow-up question.
	answerMsg := h.srv.Sent(parts[len(parts)-1])
	followUp := h.srv.Text(group, user, "那贵阳呢？").ReplyTo(answerMsg)
	calls = h.push(bottest.AsMessage(followUp))
	checkReply(t, sends(calls, followUp.ID()), h.eng.Ask(ctx, "那贵阳呢？"))
	if n := len(h.srv.Calls("sendMessage")); n != 2+len(parts)+len(sends(calls, asked.ID()))+len(sends(calls, followUp.ID())) {
		t.Errorf("the bot sent %d messages in all; it answers only what is addressed to it", n)
	}
}

func TestNotText(t *testing.T) {
	h := start(t)
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

func TestButtons(t *testing.T) {
	h := start(t)
	ctx := context.Background()

	// An example button on /help asks its question.
	help := h.srv.Text(bottest.Private(user), user, "/help")
	calls := h.push(bottest.AsMessage(help))
	helpMsg := h.srv.Sent(only(t, sends(calls, help.ID()), "/help"))
	calls = h.push(bottest.Callback(user, helpMsg, "x:0"))
	cb := only(t, filterStatus(calls, "answerCallbackQuery"), "answerCallbackQuery")
	if cb.Str("text") != "" {
		t.Errorf("example tap answered with alert %q", cb.Str("text"))
	}
	checkReply(t, sends(calls, helpMsg.ID()), h.eng.Ask(ctx, bot.DefaultExamples()[0]))

	// Every button under an answer edits that message in place.
	q := h.srv.Text(bottest.Private(user), user, "遵义2025年城区常住人口目标是多少")
	calls = h.push(bottest.AsMessage(q))
	parts := sends(calls, q.ID())
	last := parts[len(parts)-1]
	msg := h.srv.Sent(last)
	a := h.eng.Ask(ctx, "遵义2025年城区常住人口目标是多少")
	if len(a.Results) > 0 && len(last.Buttons()) == 0 {
		t.Errorf("an answer with %d results has no buttons", len(a.Results))
	}
	seen := map[string]bool{}
	queue := last.Buttons()
	for len(queue) > 0 && len(seen) < 12 {
		b := queue[0]
		queue = queue[1:]
		if seen[b.CallbackData] {
			continue
		}
		seen[b.CallbackData] = true
		before := len(h.srv.Calls("sendMessage"))
		h.push(bottest.Callback(user, msg, b.CallbackData))
		if cb := h.srv.Calls("answerCallbackQuery"); cb[len(cb)-1].Str("text") != "" {
			t.Errorf("button %s answered with alert %q", b.Text, cb[len(cb)-1].Str("text"))
		}
		edits := h.srv.Calls("editMessageText")
		e := edits[len(edits)-1]
		if e.Int("message_id") != msg.ID() || e.Int("chat_id") != user || e.Str("parse_mode") != "HTML" || e.Status != 200 {
			t.Errorf("button %s: edit %+v, want message %d edited in HTML", b.Text, e.Params, msg.ID())
		}
		if len(h.srv.Calls("sendMessage")) != before {
			t.Errorf("button %s sent a new message instead of editing", b.Text)
		}
		queue = append(queue, e.Buttons()...)
	}

	// Stale or forged buttons get an alert, not an edit.
	edits := len(h.srv.Calls("editMessageText"))
	for _, data := range []string{"", "zzz", "a:r:999", "x:99", strings.Repeat("a", 64), "a:q:0"} {
		h.push(bottest.Callback(user, msg, data))
		cb := h.srv.Calls("answerCallbackQuery")
		if !strings.Contains(cb[len(cb)-1].Str("text"), "过期") || cb[len(cb)-1].Str("show_alert") != "true" {
			t.Errorf("data %q: callback answered %+v, want an expiry alert", data, cb[len(cb)-1].Params)
		}
	}
	// A button whose question message is gone (no reply_to_message) expires too.
	orphan := h.srv.Sent(last)
	delete(orphan, "reply_to_message")
	h.push(bottest.Callback(user, orphan, "a:r:0"))
	if n := len(h.srv.Calls("editMessageText")); n != edits {
		t.Errorf("stale buttons edited messages: %d edits, want %d", n, edits)
	}
}

func filterStatus(calls []bottest.Call, method string) []bottest.Call {
	var out []bottest.Call
	for _, c := range calls {
		if c.Method == method && c.Status == 200 {
			out = append(out, c)
		}
	}
	return out
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
	h := start(t)
	ctx := context.Background()
	for _, tc := range []struct{ query, asked string }{
		{"遵义 人口", "遵义 人口"},
		{"<i>海绵</i>城市 &", "<i>海绵</i>城市 &"},
		{"  ", ""},
	} {
		t.Run(tc.query, func(t *testing.T) {
			before := len(h.srv.Calls("answerInlineQuery"))
			h.push(bottest.Inline(user, tc.query))
			all := h.srv.Calls("answerInlineQuery")
			c := only(t, all[before:], "answerInlineQuery")
			if c.Status != 200 {
				t.Fatalf("answerInlineQuery refused: %d", c.Status)
			}
			rs := inlineResults(t, c)
			if len(rs) == 0 || len(rs) > 50 {
				t.Fatalf("%d inline results", len(rs))
			}
			if tc.asked == "" {
				if len(rs) != len(bot.DefaultExamples()) {
					t.Errorf("empty query: %d results, want the %d examples", len(rs), len(bot.DefaultExamples()))
				}
				return
			}
			a := h.eng.Ask(ctx, tc.asked)
			checkReply(t, []bottest.Call{{Method: "inline", Params: map[string]string{
				"text": rs[0].Content.Text, "parse_mode": rs[0].Content.ParseMode}}}, a)
			if len(rs) != min(1+len(a.Results), 50) {
				t.Errorf("%d results, want the whole answer and each of %d results", len(rs), len(a.Results))
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
	h := start(t, bot.WithAllowedUsers(staff), bot.WithAllowedChats(allowedGroup.ID), bot.WithAdmins(admin))
	ctx := context.Background()
	mention := "@" + bottest.BotUsername + " "
	a := h.eng.Ask(ctx, "遵义人口")

	refused := func(t *testing.T, text string, ids ...int64) {
		t.Helper()
		for _, id := range ids {
			if !strings.Contains(text, fmt.Sprint(id)) {
				t.Errorf("refusal %q does not show ID %d", text, id)
			}
		}
		for _, leak := range []string{h.eng.Plan().Title, a.Reply} {
			if leak != "" && strings.Contains(text, leak) {
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
		{"stranger's command", stranger, bottest.Private(stranger), "/clause 15", false},
		{"stranger in allowed group", stranger, allowedGroup, mention + "遵义人口", true},
		{"stranger in other group", stranger, otherGroup, mention + "遵义人口", false},
		{"staff in other group", staff, otherGroup, mention + "遵义人口", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := h.srv.Text(tc.chat, tc.from, tc.text)
			parts := sends(h.push(bottest.AsMessage(q)), q.ID())
			if tc.allowed {
				if len(parts) == 0 {
					t.Fatal("no answer")
				}
				if tc.text == "遵义人口" {
					checkReply(t, parts, a)
				}
				return
			}
			c := only(t, parts, "refusal")
			if tc.chat.Type == "private" {
				refused(t, c.Str("text"), tc.from)
			} else {
				refused(t, c.Str("text"), tc.from, tc.chat.ID)
			}
		})
	}

	t.Run("callback", func(t *testing.T) {
		q := h.srv.Text(bottest.Private(staff), staff, "/help")
		msg := h.srv.Sent(only(t, sends(h.push(bottest.AsMessage(q)), q.ID()), "help"))
		msg["chat"] = map[string]any{"id": stranger, "type": "private"}
		h.push(bottest.Callback(stranger, msg, "x:0"))
		cbs := h.srv.Calls("answerCallbackQuery")
		refused(t, cbs[len(cbs)-1].Str("text"), stranger)
		if len(h.srv.Calls("editMessageText")) != 0 || len(sends(h.srv.Calls(), msg.ID())) != 0 {
			t.Error("a refused callback changed or sent messages")
		}
	})

	t.Run("inline", func(t *testing.T) {
		h.push(bottest.Inline(stranger, "遵义 人口"))
		iqs := h.srv.Calls("answerInlineQuery")
		c := iqs[len(iqs)-1]
		rs := inlineResults(t, c)
		if len(rs) != 1 {
			t.Fatalf("%d results for a refused user, want 1 refusal", len(rs))
		}
		refused(t, rs[0].Content.Text, stranger)
		if c.Str("is_personal") != "true" || c.Int("cache_time") != 0 {
			t.Errorf("refusal may be cached for others: is_personal=%s cache_time=%s", c.Str("is_personal"), c.Str("cache_time"))
		}
		h.push(bottest.Inline(staff, "遵义 人口"))
		iqs = h.srv.Calls("answerInlineQuery")
		if c := iqs[len(iqs)-1]; c.Str("is_personal") != "true" {
			t.Error("with an allowlist, allowed users' results must not be cached for everyone")
		}
	})

	t.Run("stats", func(t *testing.T) {
		h.push(bottest.AsMessage(h.srv.Text(bottest.Private(staff), staff, "完全无关的问题xyzzy")))
		h.push(bottest.AsMessage(h.srv.Text(bottest.Private(staff), staff, "你好呀")))
		for _, from := range []int64{staff, admin} {
			q := h.srv.Text(bottest.Private(from), from, "/stats")
			c := only(t, sends(h.push(bottest.AsMessage(q)), q.ID()), "/stats")
			if from == staff && !strings.Contains(c.Str("text"), "仅限管理员") {
				t.Errorf("/stats for non-admin: %q", c.Str("text"))
			}
			if from == admin && !strings.Contains(c.Str("text"), "已回答问题") {
				t.Errorf("/stats: %q", c.Str("text"))
			}
			if from == admin && h.eng.Ask(ctx, "完全无关的问题xyzzy").Reason == answer.NotInPlan && !strings.Contains(c.Str("text"), "完全无关的问题xyzzy") {
				t.Errorf("/stats does not list the unanswered question: %q", c.Str("text"))
			}
			if from == admin && strings.Contains(c.Str("text"), "你好呀") {
				t.Errorf("/stats lists a greeting as unanswered: %q", c.Str("text"))
			}
		}
		q := h.srv.Text(bottest.Private(admin), admin, "/reload")
		c := only(t, sends(h.push(bottest.AsMessage(q)), q.ID()), "/reload")
		if !strings.Contains(c.Str("text"), "没有配置同义词文件") {
			t.Errorf("/reload without a synonyms file: %q", c.Str("text"))
		}
	})
}

func TestReload(t *testing.T) {
	const admin = 9
	reads := 0
	// The engine is every test's: give it back its own synonyms.
	t.Cleanup(func() {
		if err := realEngine(t).ReloadSynonyms(data.Synonyms()); err != nil {
			t.Error(err)
		}
	})
	h := start(t, bot.WithAdmins(admin), bot.WithSynonymsReloader(func() (string, error) {
		reads++
		if reads > 1 {
			return "", fmt.Errorf("open /etc/planbot/synonyms.txt: permission denied")
		}
		return "省会 = 贵阳\n", nil
	}))
	for _, want := range []string{"已重新读取同义词", "permission denied"} {
		q := h.srv.Text(bottest.Private(admin), admin, "/reload")
		c := only(t, sends(h.push(bottest.AsMessage(q)), q.ID()), "/reload")
		if !strings.Contains(c.Str("text"), want) {
			t.Errorf("/reload: %q, want %q", c.Str("text"), want)
		}
	}
}

func TestRateLimit(t *testing.T) {
	h := start(t, bot.WithRateLimit(2, time.Hour))
	var ups []map[string]any
	var qs []bottest.Message
	for i := 0; i < 5; i++ {
		q := h.srv.Text(bottest.Private(user), user, "遵义人口")
		qs = append(qs, q)
		ups = append(ups, bottest.AsMessage(q))
	}
	other := h.srv.Text(bottest.Private(user+1), user+1, "遵义人口")
	calls := h.push(append(ups, bottest.AsMessage(other))...)
	for i, q := range qs {
		got := sends(calls, q.ID())
		switch {
		case i < 2 && len(got) == 0:
			t.Errorf("question %d within the burst not answered", i+1)
		case i == 2 && (len(got) != 1 || !strings.Contains(got[0].Str("text"), "请慢一点")):
			t.Errorf("question %d: want one slow-down, got%s", i+1, bottest.Summary(got))
		case i > 2 && len(got) != 0:
			t.Errorf("question %d: a flood gets one slow-down, not one per message:%s", i+1, bottest.Summary(got))
		}
	}
	if len(sends(calls, other.ID())) == 0 {
		t.Error("another user was slowed down too")
	}
}

func TestTyping(t *testing.T) {
	h := start(t, bot.WithTypingDelay(0))
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

// panicky is the real engine with one fault injected: it panics on one
// question, as a bug in answering would.
type panicky struct{ bot.Engine }

func (p panicky) Ask(ctx context.Context, q string) answer.Answer {
	if q == "boom" {
		panic("injected fault")
	}
	return p.Engine.Ask(ctx, q)
}

func TestPanicRecovered(t *testing.T) {
	h := startWith(t, panicky{realEngine(t)})
	boom := h.srv.Text(bottest.Private(user), user, "boom")
	after := h.srv.Text(bottest.Private(user), user, "遵义人口")
	calls := h.push(bottest.AsMessage(boom), bottest.AsMessage(after))
	if c := only(t, sends(calls, boom.ID()), "apology"); !strings.Contains(c.Str("text"), "抱歉") {
		t.Errorf("apology = %q", c.Str("text"))
	}
	checkReply(t, sends(calls, after.ID()), h.eng.Ask(context.Background(), "遵义人口"))
	if !strings.Contains(h.logs.String(), "injected fault") {
		t.Error("the panic was not logged")
	}
}

func TestBotAPIFaults(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		faults   []bottest.Fault
		answered bool
	}{
		{"429 is waited out", []bottest.Fault{{Status: 429, RetryAfter: 1}}, true},
		{"500 is retried", []bottest.Fault{{Status: 500}, {Status: 502}}, true},
		{"network error is retried", []bottest.Fault{{Drop: true}}, true},
		{"persistent 500 gives up", []bottest.Fault{{Status: 500}, {Status: 500}, {Status: 500}, {Status: 500}}, false},
		{"400 is not retried", []bottest.Fault{{Status: 400, Description: "Bad Request: chat not found"}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := start(t)
			h.srv.WaitCalls(t, "getUpdates", 1)
			h.srv.Fail("sendMessage", tc.faults...)
			q := h.srv.Text(bottest.Private(user), user, "遵义人口")
			next := h.srv.Text(bottest.Private(user), user, "海绵城市")
			calls := h.push(bottest.AsMessage(q), bottest.AsMessage(next))
			got := sends(calls, q.ID())
			if tc.answered {
				checkReply(t, got, h.eng.Ask(ctx, "遵义人口"))
			} else if len(got) != 0 {
				t.Errorf("answered despite %v", tc.faults)
			}
			attempts := 0
			for _, c := range calls {
				if c.Method == "sendMessage" && c.ReplyTo() == q.ID() {
					attempts++
				}
			}
			if want := len(tc.faults) + len(got); tc.name != "400 is not retried" && attempts != want {
				t.Errorf("%d attempts, want %d", attempts, want)
			} else if tc.name == "400 is not retried" && attempts != 1 {
				t.Errorf("a 400 was retried: %d attempts", attempts)
			}
			// The bot goes on with the next update.
			checkReply(t, sends(calls, next.ID()), h.eng.Ask(ctx, "海绵城市"))
			if !tc.answered && !strings.Contains(h.logs.String(), "sending an answer") {
				t.Error("the failed reply was not logged")
			}
		})
	}
}

func TestPollingSurvivesGetUpdatesErrors(t *testing.T) {
	h := start(t)
	h.srv.WaitCalls(t, "getUpdates", 1)
	h.srv.Fail("getUpdates", bottest.Fault{Status: 500}, bottest.Fault{Drop: true}, bottest.Fault{Status: 502})
	q := h.srv.Text(bottest.Private(user), user, "遵义人口")
	calls := h.push(bottest.AsMessage(q))
	checkReply(t, sends(calls, q.ID()), h.eng.Ask(context.Background(), "遵义人口"))
}

func TestDuplicateUpdateAnsweredOnce(t *testing.T) {
	h := start(t)
	q := h.srv.Text(bottest.Private(user), user, "遵义人口")
	u := bottest.AsMessage(q)
	h.push(u)
	raw, _ := json.Marshal(u) // the same update_id again, as after a lost confirmation
	var again map[string]any
	_ = json.Unmarshal(raw, &again)
	h.srv.Push(again) // renumbered by Push: a new update with the same message
	calls := h.srv.WaitHandled(t)
	// Updates are told apart by update_id (the same update_id twice is
	// answered once: TestWebhookDuplicate); a new update_id is a new
	// question, even with the same text, and is answered.
	if n := len(sends(calls, q.ID())); n != 2 {
		t.Errorf("%d replies to two updates of the same message, want 2", n)
	}
}

func TestPollingWaitsOutGetUpdates429(t *testing.T) {
	h := start(t)
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
	b, err := bot.New(context.Background(), slog.New(slog.NewTextHandler(logs, nil)), realEngine(t), srv.Token,
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
}
