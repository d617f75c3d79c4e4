package bot

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
	"time"
	"unicode"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/store"
)

// HandleUpdate answers one update, as the webhook does: it takes the update
// in (duplicates, the allowlist, the rate limit), waits for the sender's
// turn if they are over the rate, and answers. It reports whether the
// update was handled; false means the bot stopped before it was, and it
// should be delivered again. It never panics: a panic in answering is
// logged and the user gets an apology.
func (b *Bot) HandleUpdate(ctx context.Context, u *models.Update) bool {
	v := b.admit(u)
	if !b.await(ctx, v) {
		b.finish(v, false)
		return false
	}
	return b.serve(ctx, v)
}

// await waits until v is due under its sender's rate limit. It gives up,
// returning false, when ctx is done or the bot stops: an update still
// waiting then is left for the next start.
func (b *Bot) await(ctx context.Context, v *visit) bool {
	if v.act != actServe {
		return true
	}
	// due is in the time of the message's date: what is left of the wait
	// is counted from now, or from the date if the sender's clock is ahead.
	d := v.due.Sub(later(b.clock.Now(), v.at))
	if d <= 0 {
		return true
	}
	b.metrics.updates.WithLabelValues("queued").Inc()
	select {
	case <-b.clock.After(d):
		return true
	case <-ctx.Done():
	case <-b.draining:
	}
	return false
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// finish tells the ledger that v is done with: handled, or to be handled
// when it comes again. What was handled is written to the store too (in
// the background), so that after a restart an update Telegram delivers
// again is not answered again — save one that needed nothing, which is
// as well handled twice.
func (b *Bot) finish(v *visit, handled bool) {
	if !v.taken {
		return
	}
	at, ok := b.seen.finish(v.u.ID, handled)
	if !ok || !handled || v.act == actNone || b.cfg.store == nil {
		return
	}
	if !b.cfg.store.RecordHandled(b.me.ID, v.u.ID, at) {
		b.metrics.errors.WithLabelValues("store").Inc()
	}
	if b.kept.Add(1)%(ledgerKeep/4) == 0 {
		// Now and then, not each time: forgetting reads the bot's list.
		b.cfg.store.ForgetHandled(b.me.ID, b.clock.Now().Add(-ledgerFor), ledgerKeep)
	}
}

// serve does what admit decided for v, and reports whether it was done: a
// stop that cuts it short (ctx done) leaves it for the next start.
func (b *Bot) serve(ctx context.Context, v *visit) (handled bool) {
	start := time.Now()
	defer func() {
		if p := recover(); p != nil {
			b.metrics.errors.WithLabelValues("panic").Inc()
			b.log.Error("panic while handling an update", "update_id", v.u.ID, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			b.apologize(ctx, v.u)
		}
		handled = ctx.Err() == nil
		b.finish(v, handled)
		if v.act != actNone {
			b.metrics.latency.Observe(time.Since(start).Seconds())
		}
	}()
	u := v.u
	switch {
	case v.act == actNone:
	case v.act == actRefuse:
		b.refuse(ctx, v)
	case v.act == actLimited:
		b.slowDown(ctx, v)
	case u.Message != nil:
		b.onMessage(ctx, v)
	case u.EditedMessage != nil:
		b.reply(ctx, u.EditedMessage, escape(textEdited))
	case u.CallbackQuery != nil:
		b.onCallback(ctx, u.CallbackQuery)
	case u.InlineQuery != nil:
		b.onInline(ctx, u.InlineQuery)
	}
	return
}

// refuse tells a stranger they may not use the bot, if they are to be told
// (at most once a minute); a button's spinner is stopped either way.
func (b *Bot) refuse(ctx context.Context, v *visit) {
	u := v.u
	switch {
	case u.Message != nil || u.EditedMessage != nil:
		if v.notify {
			b.reply(ctx, v.msg, refusal(v.user, v.chat, v.private))
		}
	case u.CallbackQuery != nil:
		text := ""
		if v.notify {
			text = fmt.Sprintf(textRefusedPlain, v.user)
		}
		b.answerCB(ctx, u.CallbackQuery, text, true)
	case u.InlineQuery != nil:
		results := []models.InlineQueryResult{}
		if v.notify {
			msg := fmt.Sprintf(textRefusedPlain, v.user)
			results = append(results, article("refused", "没有使用权限", msg, escape(msg)))
		}
		b.answerInline(ctx, u.InlineQuery, results)
	}
}

// slowDown tells a user over the rate, once, that what overflowed their
// queue was dropped.
func (b *Bot) slowDown(ctx context.Context, v *visit) {
	u := v.u
	switch {
	case u.Message != nil || u.EditedMessage != nil:
		if v.notify {
			b.reply(ctx, v.msg, escape(textSlowDown))
		}
	case u.CallbackQuery != nil:
		text := ""
		if v.notify {
			text = textSlowDown
		}
		b.answerCB(ctx, u.CallbackQuery, text, true)
	case u.InlineQuery != nil && v.notify:
		// Unanswered, an inline query just shows nothing.
		b.answerInline(ctx, u.InlineQuery, []models.InlineQueryResult{article("slow", "请慢一点", textSlowDown, escape(textSlowDown))})
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
		b.answerCB(ctx, u.CallbackQuery, textSorry, true)
	}
}

// reply sends html as a reply to m, in m's thread, and logs a failure: a
// reply that cannot be sent must not stop the next update.
func (b *Bot) reply(ctx context.Context, m *models.Message, html string) {
	b.replyKB(ctx, m, html, nil)
}

func (b *Bot) replyKB(ctx context.Context, m *models.Message, html string, kb any) {
	if err := b.send(ctx, m.Chat.ID, thread(m), m.ID, html, kb); err != nil {
		b.metrics.errors.WithLabelValues("send").Inc()
		b.log.Error("sending a reply", "chat", m.Chat.ID, "reply_to", m.ID, "err", err)
	}
}

// answerCB stops a button's spinner, showing text if any: as an alert, or
// a passing note.
func (b *Bot) answerCB(ctx context.Context, q *models.CallbackQuery, text string, alert bool) {
	if err := b.answerCallback(ctx, q.ID, text, alert); err != nil {
		b.metrics.errors.WithLabelValues("send").Inc()
		b.log.Error("answering a callback query", "user", q.From.ID, "err", err)
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
func (b *Bot) known(name string) bool {
	switch name {
	case "start", "help", "about", "stats", "reload":
		return true
	}
	return b.takesArgument(name)
}

func (b *Bot) onMessage(ctx context.Context, v *visit) {
	m := v.msg
	switch {
	case m.Text == "":
		b.reply(ctx, m, escape(textNotText))
	case v.isCmd:
		b.onCommand(ctx, v)
	case v.prompt && v.command == "chart":
		b.chartCommand(ctx, m, cleanQuestion(v.args))
	case v.prompt:
		b.answerQuestion(ctx, m, question{command: v.command, text: cleanQuestion(v.args), prompted: true},
			callback{Kind: 'a', Command: commandLetter(v.command)})
	default:
		q := cleanQuestion(v.text)
		if q == "" {
			b.replyKB(ctx, m, b.helpText(), b.examplesKeyboard())
			return
		}
		b.answerQuestion(ctx, m, question{text: q}, callback{Kind: 'a'})
	}
}

func (b *Bot) onCommand(ctx context.Context, v *visit) {
	m, name := v.msg, v.command
	switch {
	case name == "start" || name == "help":
		b.replyKB(ctx, m, b.helpText(), b.examplesKeyboard())
	case name == "about":
		b.reply(ctx, m, b.aboutText())
	case b.takesArgument(name) && cleanQuestion(v.args) == "":
		// A bare command — tapped in /help or the menu — asks for its
		// argument; the reply to this (or the next message) gives it.
		b.replyKB(ctx, m, escape(promptText(name)), &models.ForceReply{
			ForceReply: true, Selective: true, InputFieldPlaceholder: strings.TrimPrefix(promptText(name), "发送"),
		})
	case b.charting(name):
		b.chartCommand(ctx, m, cleanQuestion(v.args))
	case answering(name):
		b.answerQuestion(ctx, m, question{command: name, text: cleanQuestion(v.args)}, callback{Kind: 'a'})
	case name == "stats":
		if !b.cfg.admins[userID(m)] {
			b.reply(ctx, m, escape(textAdminOnly))
			return
		}
		b.reply(ctx, m, b.statsReport())
	case name == "reload":
		if !b.cfg.admins[userID(m)] {
			b.reply(ctx, m, escape(textAdminOnly))
			return
		}
		b.reply(ctx, m, escape(b.reloadSynonyms()))
	default:
		b.reply(ctx, m, escape(fmt.Sprintf(textUnknownCommand, name)))
	}
}

// statsReport is /stats, from the database: what was asked since the
// database was made, across restarts.
func (b *Bot) statsReport() string {
	if b.cfg.store == nil {
		return escape(textNoStore)
	}
	// What was recorded a moment ago is in the report.
	b.cfg.store.Flush(2 * time.Second)
	r, err := b.cfg.store.Report()
	if err != nil {
		b.log.Error("reading the statistics", "err", err)
		return escape("读取统计失败：" + err.Error())
	}
	return statsText(r)
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
	// Files go too: they are made from answers.
	b.answers.clear()
	b.files.clear()
	b.log.Info("synonyms reloaded", "lines", strings.Count(text, "\n"))
	return "已重新读取同义词。"
}

// question is what the engine is asked: a question, or an answering
// command (/clause, /dept, /targets, /search) and its argument.
type question struct {
	command string
	text    string
	// prompted: the argument was sent after the command's prompt. If the
	// command finds nothing there, the sender may have moved on to a
	// question, and it is asked as one.
	prompted bool
}

// String is the question as /stats lists it.
func (q question) String() string {
	if q.command == "" {
		return q.text
	}
	return "/" + q.command + " " + q.text
}

// answerTo is the engine's answer to q.
func (b *Bot) answerTo(ctx context.Context, q question) answer.Answer {
	var a answer.Answer
	switch q.command {
	case "":
		return b.ask(ctx, q.text)
	case "clause":
		a = b.clauses(ctx, q.text) // each clause cached on its own
	case "dept":
		a = b.command(ctx, q.command, q.text, b.engine.Department)
	case "targets":
		a = b.command(ctx, q.command, q.text, b.engine.Targets)
	default:
		a = b.command(ctx, q.command, q.text, b.engine.Search)
	}
	if q.prompted && a.Intent == answer.IntentNone {
		if qa := b.ask(ctx, q.text); qa.Intent != answer.IntentNone {
			return qa
		}
	}
	return a
}

// clauses answers /clause: the clause its argument names, in the forms a
// question names it (15, 第15条, 第十五条, 十五, G3, 第G3条), or each of
// several (15 16, 第15条和第16条), up to maxClauses, in one answer. An
// argument that names no clause by number is asked of the engine as it is
// (都市圈建设那条), and then as a question; if neither finds a clause, the
// reply says how to name one.
func (b *Bot) clauses(ctx context.Context, arg string) answer.Answer {
	refs, ok := clauseRefs(arg)
	if !ok {
		// Clause writes 第…条 around what it is given.
		text := strings.TrimSpace(arg)
		if inner, ok := strings.CutPrefix(text, "第"); ok && strings.HasSuffix(inner, "条") {
			text = strings.TrimSuffix(inner, "条")
		}
		a := b.command(ctx, "clause", text, b.engine.Clause)
		if a.Intent != answer.IntentNone {
			return a
		}
		if qa := b.ask(ctx, arg); qa.Intent == answer.IntentClause {
			return qa
		}
		if a.Reason == answer.NoSuchClause {
			a.Reply, a.Figures = fmt.Sprintf(textNotClause, arg), nil
		}
		return a
	}
	note := ""
	if len(refs) > maxClauses {
		note = fmt.Sprintf(textMoreClauses, len(refs), maxClauses)
		refs = refs[:maxClauses]
	}
	as := make([]answer.Answer, len(refs))
	for i, ref := range refs {
		as[i] = b.command(ctx, "clause", ref, b.engine.Clause)
	}
	if len(as) == 1 {
		return as[0]
	}
	return joinAnswers(arg, as, note)
}

// maxClauses is how many clauses one /clause shows: each is a message's
// worth or more, and the reply is paged.
const maxClauses = 10

// joinAnswers is the answers to /clause of several clauses as one: their
// replies one after another, and their results, each with its own button.
// It is a clause answer if any clause was found.
func joinAnswers(question string, as []answer.Answer, note string) answer.Answer {
	out := answer.Answer{Question: question, Intent: answer.IntentNone, Reason: as[0].Reason}
	var reply strings.Builder
	for _, a := range as {
		if a.Intent != answer.IntentNone && out.Intent == answer.IntentNone {
			out.Intent, out.Reason = a.Intent, ""
		}
		trimmed := strings.TrimLeftFunc(a.Reply, unicode.IsSpace)
		text := strings.TrimRightFunc(trimmed, unicode.IsSpace)
		if text == "" {
			continue
		}
		if reply.Len() > 0 {
			reply.WriteString("\n\n")
		}
		// Figures are offsets into the reply: they move with it.
		lead := reply.Len() - (len(a.Reply) - len(trimmed))
		reply.WriteString(text)
		for _, f := range a.Figures {
			out.Figures = append(out.Figures, answer.Span{Start: f.Start + lead, End: f.End + lead})
		}
		out.Results = append(out.Results, a.Results...)
	}
	out.Reply = reply.String() + note
	return out
}

// questionOf is the question an answer's buttons are about: an example, or
// what the message the answer replies to asked.
func (b *Bot) questionOf(c callback, msg *models.Message) (question, bool) {
	if c.FromExample {
		if c.Example >= len(b.cfg.examples) {
			return question{}, false
		}
		return question{text: b.cfg.examples[c.Example]}, true
	}
	r := msg.ReplyToMessage
	if r == nil {
		return question{}, false
	}
	text, _ := stripMention(r.Text, r.Entities, b.me.Username, b.me.ID)
	if c.Command != 0 {
		return question{command: commandOf(c.Command), text: cleanQuestion(text), prompted: true}, true
	}
	if name, _, args, isCmd := parseCommand(text); isCmd {
		if !answering(name) || cleanQuestion(args) == "" {
			return question{}, false
		}
		return question{command: name, text: cleanQuestion(args)}, true
	}
	q := cleanQuestion(text)
	return question{text: q}, q != ""
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
	return b.cached(ctx, b.answerKey(question{command: name, text: arg}), arg, f)
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

// record keeps a question, or a vote on the answer msg, in the database.
// It never waits. A vote replaces the one given before on the same
// message: the keyboard first sent still offers a vote after one was
// given (a double tap, another of the user's clients), and one answer is
// worth one vote.
func (b *Bot) record(q question, a answer.Answer, vote int, msg *models.Message) {
	if b.cfg.store == nil {
		return
	}
	var refs []string
	for _, r := range a.Results {
		refs = append(refs, r.Ref)
	}
	ev := store.Event{Question: q.String(), Intent: string(a.Intent), Reason: string(a.Reason), Refs: refs, Vote: vote}
	if vote != 0 && msg != nil {
		ev.Chat, ev.Message = msg.Chat.ID, int64(msg.ID)
	}
	if !b.cfg.store.Record(ev) {
		b.metrics.errors.WithLabelValues("store").Inc()
	}
}

// answerQuestion answers q in reply to m: the first page of the reply,
// with buttons to page on, open each result and vote. c is the view, with
// where its question comes from.
func (b *Bot) answerQuestion(ctx context.Context, m *models.Message, q question, c callback) {
	stop := b.typing(ctx, m.Chat.ID, thread(m), models.ChatActionTyping)
	a := b.answerTo(ctx, q)
	stop()
	if ctx.Err() != nil {
		return // cut short by a stop: left for the next start
	}
	b.record(q, a, 0, nil)
	b.metrics.answers.WithLabelValues(string(a.Intent)).Inc()
	html, kb, _ := view(a, c, b.fileButtons(a, c))
	if err := b.send(ctx, m.Chat.ID, thread(m), m.ID, html, kb); err != nil {
		b.metrics.errors.WithLabelValues("send").Inc()
		b.log.Error("sending an answer", "chat", m.Chat.ID, "reply_to", m.ID, "err", err)
	}
}

// typing shows "typing…" (or action: "sending a photo…") in chat while an
// answer takes longer than the typing delay, renewing it before Telegram's
// 5 s expire. stop waits for the indicator's goroutine, so that no
// indicator follows the answer.
func (b *Bot) typing(ctx context.Context, chat int64, thread int, action models.ChatAction) (stop func()) {
	act := func() {
		// One attempt: a late indicator is worth nothing.
		actx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		err := b.post(actx, "sendChatAction", &tg.SendChatActionParams{ChatID: chat, MessageThreadID: thread, Action: action})
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
	msg := q.Message.Message // nil for an old message or an inline message
	c, ok := parseCallback(q.Data)
	if !ok || msg == nil {
		b.answerCB(ctx, q, textExpired, true)
		return
	}
	switch c.Kind {
	case 'n':
		b.answerCB(ctx, q, textThanks, false)
		return
	case 'x':
		if c.Example >= len(b.cfg.examples) {
			b.answerCB(ctx, q, textExpired, true)
			return
		}
		b.answerCB(ctx, q, "", false)
		b.answerQuestion(ctx, msg, question{text: b.cfg.examples[c.Example]}, callback{Kind: 'a', FromExample: true, Example: c.Example})
		return
	}
	qq, ok := b.questionOf(c, msg)
	if !ok {
		b.answerCB(ctx, q, textExpired, true)
		return
	}
	if c.Kind == fileChart || c.Kind == fileSheet {
		b.onFileTap(ctx, q, msg, c.Kind, qq)
		return
	}
	a := b.answerTo(ctx, qq)
	if ctx.Err() != nil {
		return
	}
	note := ""
	if c.Vote != 0 {
		vote, label := 1, "up"
		if c.Vote == '-' {
			vote, label = -1, "down"
		}
		b.record(qq, a, vote, msg)
		b.metrics.votes.WithLabelValues(label).Inc()
		c.Vote, c.Voted, note = 0, true, textThanks
	}
	html, kb, ok := view(a, c, b.fileButtons(a, c))
	if !ok {
		b.answerCB(ctx, q, textExpired, true)
		return
	}
	b.answerCB(ctx, q, note, false)
	if err := b.edit(ctx, msg.Chat.ID, msg.ID, html, kb); err != nil {
		b.metrics.errors.WithLabelValues("send").Inc()
		b.log.Error("editing an answer", "chat", msg.Chat.ID, "message", msg.ID, "err", err)
	}
}
