package bot

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/planbot/planbot/answer"
)

// HandleUpdate answers one update. It is what polling and the webhook call
// for each update, and it never panics: a panic in answering is logged and
// the user gets an apology.
func (b *Bot) HandleUpdate(ctx context.Context, u *models.Update) {
	start := time.Now()
	defer func() {
		if p := recover(); p != nil {
			b.metrics.errors.WithLabelValues("panic").Inc()
			b.log.Error("panic while handling an update", "update_id", u.ID, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			b.apologize(ctx, u)
		}
		b.metrics.latency.Observe(time.Since(start).Seconds())
	}()
	if !b.seen.add(u.ID) {
		b.metrics.updates.WithLabelValues("duplicate").Inc()
		b.log.Info("ignoring an update delivered twice", "update_id", u.ID)
		return
	}
	switch {
	case u.Message != nil:
		b.onMessage(ctx, u.Message)
	case u.EditedMessage != nil:
		b.metrics.updates.WithLabelValues("edited").Inc()
		if u.EditedMessage.Chat.Type == models.ChatTypePrivate {
			b.reply(ctx, u.EditedMessage, escape(textEdited))
		}
	case u.CallbackQuery != nil:
		b.metrics.updates.WithLabelValues("callback").Inc()
		b.onCallback(ctx, u.CallbackQuery)
	case u.InlineQuery != nil:
		b.metrics.updates.WithLabelValues("inline").Inc()
		b.onInline(ctx, u.InlineQuery)
	default: // channel posts, member changes, …: nothing to answer
		b.metrics.updates.WithLabelValues("other").Inc()
	}
}

// apologize tells the user something went wrong, without risking a second panic.
func (b *Bot) apologize(ctx context.Context, u *models.Update) {
	defer func() {
		if p := recover(); p != nil {
			b.log.Error("panic while apologising", "panic", fmt.Sprint(p))
		}
	}()
	switch {
	case u.Message != nil:
		b.reply(ctx, u.Message, escape(textSorry))
	case u.CallbackQuery != nil:
		if err := b.answerCallback(ctx, u.CallbackQuery.ID, textSorry); err != nil {
			b.log.Warn("apologising", "err", err)
		}
	}
}

// reply sends html as a reply to m, in m's thread, and logs a failure: a
// reply that cannot be sent must not stop the next update.
func (b *Bot) reply(ctx context.Context, m *models.Message, html string) {
	b.replyKB(ctx, m, html, nil)
}

func (b *Bot) replyKB(ctx context.Context, m *models.Message, html string, kb *keyboard) {
	if err := b.send(ctx, m.Chat.ID, thread(m), m.ID, html, kb); err != nil {
		b.metrics.errors.WithLabelValues("send").Inc()
		b.log.Error("sending a reply", "chat", m.Chat.ID, "reply_to", m.ID, "err", err)
	}
}

// thread is the forum topic m was posted in, so that the answer goes there too.
func thread(m *models.Message) int {
	if m.IsTopicMessage {
		return m.MessageThreadID
	}
	return 0
}

// userID is who sent m; 0 for anonymous senders such as channels.
func userID(m *models.Message) int64 {
	if m.From != nil {
		return m.From.ID
	}
	return 0
}

// known says whether planbot answers the command without @botname in a
// group; an unknown bare command there is probably another bot's.
func known(name string) bool {
	switch name {
	case "start", "help", "about", "clause", "dept", "targets", "search", "stats", "reload":
		return true
	}
	return false
}

func (b *Bot) onMessage(ctx context.Context, m *models.Message) {
	private := m.Chat.Type == models.ChatTypePrivate
	if m.Chat.Type == models.ChatTypeChannel {
		b.metrics.updates.WithLabelValues("other").Inc()
		return
	}
	if m.Text == "" {
		b.metrics.updates.WithLabelValues("other").Inc()
		if private {
			b.reply(ctx, m, escape(textNotText))
		}
		return
	}
	name, target, args, isCmd := parseCommand(m.Text)
	question := m.Text
	switch {
	case isCmd:
		if target != "" && !strings.EqualFold(target, b.me.Username) || !private && target == "" && !known(name) {
			b.metrics.updates.WithLabelValues("ignored").Inc()
			return
		}
	default:
		stripped, mentioned := stripMention(m.Text, m.Entities, b.me.Username, b.me.ID)
		toMe := m.ReplyToMessage != nil && m.ReplyToMessage.From != nil && m.ReplyToMessage.From.ID == b.me.ID
		if !private && !mentioned && !toMe {
			b.metrics.updates.WithLabelValues("ignored").Inc()
			return // a group's conversation is not for planbot
		}
		question = stripped
	}
	user := userID(m)
	if ok, warn := b.limit.take(user); !ok {
		b.metrics.updates.WithLabelValues("limited").Inc()
		if warn {
			b.reply(ctx, m, escape(textSlowDown))
		}
		return
	}
	if !b.allowed(user, m.Chat.ID) {
		b.metrics.updates.WithLabelValues("refused").Inc()
		b.log.Info("refusing a user not on the allowlist", "user", user, "chat", m.Chat.ID)
		b.reply(ctx, m, refusal(user, m.Chat.ID, private))
		return
	}
	if isCmd {
		b.metrics.updates.WithLabelValues("command").Inc()
		b.onCommand(ctx, m, name, args)
		return
	}
	b.metrics.updates.WithLabelValues("message").Inc()
	q := clean(question)
	if q == "" {
		b.replyKB(ctx, m, b.helpText(), b.examplesKeyboard())
		return
	}
	b.answerQuestion(ctx, m, q, callback{Kind: 'a'})
}

func (b *Bot) onCommand(ctx context.Context, m *models.Message, name, args string) {
	switch name {
	case "start", "help":
		b.replyKB(ctx, m, b.helpText(), b.examplesKeyboard())
	case "about":
		b.reply(ctx, m, b.aboutText())
	case "clause", "dept", "targets", "search":
		b.answerQuestion(ctx, m, m.Text, callback{Kind: 'a'})
	case "stats":
		if !b.cfg.admins[userID(m)] {
			b.reply(ctx, m, escape(textAdminOnly))
			return
		}
		b.reply(ctx, m, statsText(b.stats.view()))
	case "reload":
		if !b.cfg.admins[userID(m)] {
			b.reply(ctx, m, escape(textAdminOnly))
			return
		}
		b.reply(ctx, m, escape(b.reloadSynonyms()))
	default:
		b.reply(ctx, m, escape(fmt.Sprintf(textUnknownCommand, name)))
	}
}

// reloadSynonyms re-reads the synonyms file and says how it went.
func (b *Bot) reloadSynonyms() string {
	if b.cfg.reload == nil {
		return textNoSynonymsFile
	}
	text, err := b.cfg.reload()
	if err == nil {
		err = b.engine.ReloadSynonyms(text)
	}
	if err != nil {
		b.log.Error("reloading synonyms", "err", err)
		return "重新读取同义词失败：" + err.Error()
	}
	// After the engine has the new synonyms, not before: an answer found
	// meanwhile with the old ones is then not stored (see answerCache.put).
	b.answers.clear()
	b.log.Info("synonyms reloaded", "lines", strings.Count(text, "\n"))
	return "已重新读取同义词。"
}

// query answers a question or an answering command (/clause, /dept,
// /targets, /search). When there is nothing to look up — an empty or
// malformed command, a clause that does not exist — ok is false and note
// says why, ready to send.
func (b *Bot) query(ctx context.Context, text string) (a answer.Answer, note string, ok bool) {
	name, _, args, isCmd := parseCommand(text)
	if !isCmd {
		return b.ask(ctx, clean(text)), "", true
	}
	switch name {
	case "clause":
		if args == "" {
			return a, textClauseUsage, false
		}
		ref, valid := clauseRef(args)
		if !valid {
			return a, fmt.Sprintf(textClauseBad, shorten(args, 40)), false
		}
		a = b.command(ctx, name, ref, b.engine.Clause)
		if a.Intent == answer.IntentNone {
			return a, fmt.Sprintf(textClauseMissing, ref), false
		}
		return a, "", true
	case "dept":
		if args == "" {
			return a, textDeptUsage, false
		}
		return b.command(ctx, name, args, b.engine.Department), "", true
	case "targets":
		if args == "" {
			return a, textTargetsUsage, false
		}
		return b.command(ctx, name, args, b.engine.Targets), "", true
	case "search":
		if args == "" {
			return a, textSearchUsage, false
		}
		return b.command(ctx, name, args, b.engine.Search), "", true
	}
	return a, textNotAQuestion, false
}

// ask is the engine's answer to a question, from the answer cache when a
// question with its Key was asked before.
func (b *Bot) ask(ctx context.Context, question string) answer.Answer {
	if b.answers == nil {
		return b.engine.Ask(ctx, question)
	}
	return b.cached(ctx, b.engine.Key(question), question, b.engine.Ask)
}

// command is the engine's answer to an answering command, from the answer
// cache when the command was given before with the same argument. Unlike a
// question's, the key is the argument as typed: /dept and /targets quote
// it in their answers.
func (b *Bot) command(ctx context.Context, name, arg string, f func(context.Context, string) answer.Answer) answer.Answer {
	if b.answers == nil {
		return f(ctx, arg)
	}
	// No question's Key holds a NUL: folding drops control characters.
	return b.cached(ctx, "\x00"+name+"\x00"+arg, arg, f)
}

// cached is f's answer to text, cached under key.
func (b *Bot) cached(ctx context.Context, key, text string, f func(context.Context, string) answer.Answer) answer.Answer {
	a, gen, ok := b.answers.get(key, text)
	if ok {
		b.metrics.cacheHits.Inc()
		return a
	}
	b.metrics.cacheMisses.Inc()
	a = f(ctx, text)
	if ctx.Err() == nil { // a search cut short finds less: not the answer to keep
		b.answers.put(key, text, a, gen)
	}
	return a
}

// answerQuestion answers text in reply to m: the whole reply, split on line
// boundaries if it is longer than a message, with the buttons on the last
// part.
func (b *Bot) answerQuestion(ctx context.Context, m *models.Message, text string, src callback) {
	stop := b.typing(ctx, m.Chat.ID, thread(m))
	a, note, ok := b.query(ctx, text)
	stop()
	if !ok {
		b.reply(ctx, m, escape(note))
		return
	}
	b.stats.record(a)
	b.metrics.answers.WithLabelValues(string(a.Intent)).Inc()
	reply := a.Reply
	if strings.TrimSpace(reply) == "" {
		reply = textNothing
	}
	figures := a.Figures
	if reply != a.Reply {
		figures = nil
	}
	var parts []page
	at := 0
	for _, p := range split(reply, maxMessage) {
		// The part without white space at its ends, where it stands.
		lead := len(p) - len(strings.TrimLeft(p, " \t\n"))
		if t := strings.TrimSpace(p); t != "" {
			parts = append(parts, page{at + lead, at + lead + len(t)})
		}
		at += len(p)
	}
	for i, p := range parts {
		var kb *keyboard
		if i == len(parts)-1 {
			kb = answerKeyboard(a, src)
		}
		if err := b.send(ctx, m.Chat.ID, thread(m), m.ID, formatHTML(reply[p.start:p.end], within(figures, p)), kb); err != nil {
			b.metrics.errors.WithLabelValues("send").Inc()
			b.log.Error("sending an answer", "chat", m.Chat.ID, "reply_to", m.ID, "part", i+1, "parts", len(parts), "err", err)
			return
		}
	}
}

// typing shows "typing…" in chat while an answer takes longer than the
// typing delay, renewing it before Telegram's 5 s expire. stop waits for the
// indicator's goroutine, so that no indicator follows the answer.
func (b *Bot) typing(ctx context.Context, chat int64, thread int) (stop func()) {
	act := func() {
		// One attempt: a late indicator is worth nothing.
		actx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		err := b.post(actx, "sendChatAction", &tg.SendChatActionParams{ChatID: chat, MessageThreadID: thread, Action: models.ChatActionTyping})
		if err != nil {
			b.log.Debug("typing indicator", "chat", chat, "err", b.redact(err))
		}
	}
	delay := b.cfg.typingDelay
	if delay <= 0 {
		act()
		delay = 4 * time.Second
	}
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTimer(delay)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
			}
			act()
			t.Reset(4 * time.Second)
		}
	}()
	return func() { close(done); <-finished }
}

func (b *Bot) onCallback(ctx context.Context, q *models.CallbackQuery) {
	user := q.From.ID
	msg := q.Message.Message // nil for an old message or an inline message
	var chat int64
	if msg != nil {
		chat = msg.Chat.ID
	}
	answerCB := func(text string) {
		if err := b.answerCallback(ctx, q.ID, text); err != nil {
			b.metrics.errors.WithLabelValues("send").Inc()
			b.log.Error("answering a callback query", "user", user, "err", err)
		}
	}
	if ok, warn := b.limit.take(user); !ok {
		text := ""
		if warn {
			text = textSlowDown
		}
		answerCB(text)
		return
	}
	if !b.allowed(user, chat) {
		b.log.Info("refusing a user not on the allowlist", "user", user, "chat", chat)
		answerCB(fmt.Sprintf(textRefusedPlain, user))
		return
	}
	c, ok := parseCallback(q.Data)
	if !ok || msg == nil {
		answerCB(textExpired)
		return
	}
	examples := b.cfg.examples
	if c.Kind == 'x' {
		if c.Example >= len(examples) {
			answerCB(textExpired)
			return
		}
		answerCB("")
		b.answerQuestion(ctx, msg, examples[c.Example], callback{Kind: 'a', FromExample: true, Example: c.Example})
		return
	}
	var question string
	switch {
	case c.FromExample && c.Example < len(examples):
		question = examples[c.Example]
	case !c.FromExample && msg.ReplyToMessage != nil:
		r := msg.ReplyToMessage
		question, _ = stripMention(r.Text, r.Entities, b.me.Username, b.me.ID)
	}
	var a answer.Answer
	if question != "" {
		a, _, ok = b.query(ctx, question)
	}
	if question == "" || !ok || c.Page >= len(a.Results) && c.Page > 0 {
		answerCB(textExpired)
		return
	}
	answerCB("")
	if err := b.edit(ctx, chat, msg.ID, viewHTML(a, c), answerKeyboard(a, c)); err != nil {
		b.metrics.errors.WithLabelValues("send").Inc()
		b.log.Error("editing an answer", "chat", chat, "message", msg.ID, "err", err)
	}
}
