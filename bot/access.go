package bot

import (
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
)

// allowed says whether a user, in a chat (0 for inline queries, which have
// none), may use the bot. With no allowlist everyone may.
func (b *Bot) allowed(user, chat int64) bool {
	if b.cfg.allowedUsers == nil && b.cfg.allowedChats == nil {
		return true
	}
	return b.cfg.admins[user] || b.cfg.allowedUsers[user] || (chat != 0 && b.cfg.allowedChats[chat])
}

// restricted says whether an allowlist is in force, so that answers must not
// be cached by Telegram across users.
func (b *Bot) restricted() bool { return b.cfg.allowedUsers != nil || b.cfg.allowedChats != nil }

// action is what the bot does with an update it has taken in.
type action int

const (
	actNone    action = iota // nothing to say: a duplicate, a group's chatter, a channel post
	actRefuse                // a stranger: tell them so, at most once a minute
	actLimited               // over the rate with the queue full: dropped, told once
	actServe                 // answer it, once due
)

// visit is one update as the bot takes it in: who sent it, where, when,
// and what is to be done with it. Taking in is done in the order updates
// arrive, since the rate limit and the prompts of bare commands depend on
// it; answering may come later and in parallel across chats.
type visit struct {
	u      *models.Update
	kind   string // for planbot_updates_total
	user   int64
	chat   int64 // 0 for an inline query
	at     time.Time
	act    action
	due    time.Time // actServe: when the user's rate lets it be answered, in at's time
	notify bool      // actRefuse, actLimited: say so (else say nothing)
	taken  bool      // the ledger took it: it must be finished
	// A message's reading.
	msg     *models.Message
	private bool
	command string // the command, or the one a reply to its prompt answers
	args    string // its argument as typed
	isCmd   bool
	prompt  bool   // args answers the prompt of a bare command
	text    string // a question: the message without the mention
}

// lane is what must be answered in order: one person's updates in one chat.
type lane struct{ chat, user int64 }

func (v *visit) lane() lane { return lane{v.chat, v.user} }

// admit takes in an update: the ledger, what it is, whom it is from, the
// allowlist and the rate limit. Every update addressed to the bot counts
// against its sender's rate — stickers, edits and buttons as much as
// questions.
func (b *Bot) admit(u *models.Update) *visit {
	v := &visit{u: u, at: b.clock.Now()}
	if !b.seen.take(u.ID, v.at) {
		b.metrics.updates.WithLabelValues("duplicate").Inc()
		b.log.Info("ignoring an update delivered again", "update_id", u.ID)
		return v
	}
	v.taken = true
	switch {
	case u.Message != nil:
		b.readMessage(v, u.Message)
	case u.EditedMessage != nil:
		m := u.EditedMessage
		v.kind, v.msg, v.user, v.chat = "edited", m, userID(m), m.Chat.ID
		v.private = m.Chat.Type == models.ChatTypePrivate
		v.at = sent(m.EditDate, v.at)
		if !v.private {
			v.kind = "ignored" // an edit in a group is not addressed to planbot
			break
		}
		v.act = actServe
	case u.CallbackQuery != nil:
		q := u.CallbackQuery
		v.kind, v.user, v.act = "callback", q.From.ID, actServe
		if q.Message.Message != nil {
			v.chat = q.Message.Message.Chat.ID
		}
	case u.InlineQuery != nil:
		v.kind, v.act = "inline", actServe
		if u.InlineQuery.From != nil {
			v.user = u.InlineQuery.From.ID
		}
	default: // channel posts, member changes, …: nothing to answer
		v.kind = "other"
	}
	if v.act == actNone {
		b.metrics.updates.WithLabelValues(v.kind).Inc()
		return v
	}
	if !b.allowed(v.user, v.chat) {
		b.metrics.updates.WithLabelValues("refused").Inc()
		v.act, v.notify = actRefuse, b.limit.refuse(v.user, v.at)
		b.log.Info("refusing a user not on the allowlist", "user", v.user, "chat", v.chat, "told", v.notify)
		return v
	}
	due, ok, notify := b.limit.reserve(v.user, v.at, v.kind != "inline")
	if !ok {
		b.metrics.updates.WithLabelValues("limited").Inc()
		v.act, v.notify = actLimited, notify
		b.log.Info("rate limit: dropping an update, the user's queue is full", "user", v.user, "update_id", u.ID, "told", notify)
		return v
	}
	v.due = due
	b.metrics.updates.WithLabelValues(v.kind).Inc()
	if v.isCmd && v.args == "" && b.takesArgument(v.command) {
		// The next message answers the prompt this command gets: note it
		// now, since that message may be taken in before this is answered.
		b.prompts.set(v.lane(), v.command, v.at)
	}
	return v
}

// sent is the time of a Bot API date, or else.
func sent(date int, otherwise time.Time) time.Time {
	if date <= 0 {
		return otherwise
	}
	return time.Unix(int64(date), 0)
}

// readMessage reads a message: whether it is addressed to planbot, and as
// what — a command, the answer to a command's prompt, or a question.
func (b *Bot) readMessage(v *visit, m *models.Message) {
	v.kind, v.msg, v.user, v.chat = "message", m, userID(m), m.Chat.ID
	v.private = m.Chat.Type == models.ChatTypePrivate
	v.at = sent(m.Date, v.at)
	switch {
	case m.Chat.Type == models.ChatTypeChannel:
		v.kind = "other"
		return
	case m.Text == "":
		v.kind = "other"
		if v.private {
			v.act = actServe // a sticker, a photo, a voice message: hinted at
		}
		return
	}
	name, target, args, isCmd := parseCommand(m.Text)
	if isCmd {
		if target != "" && !strings.EqualFold(target, b.me.Username) || !v.private && target == "" && !b.known(name) {
			v.kind = "ignored" // another bot's command
			return
		}
		v.kind, v.isCmd, v.command, v.args, v.act = "command", true, name, args, actServe
		b.prompts.clear(v.lane())
		return
	}
	text, mentioned := stripMention(m.Text, m.Entities, b.me.Username, b.me.ID)
	toMe := m.ReplyToMessage != nil && m.ReplyToMessage.From != nil && m.ReplyToMessage.From.ID == b.me.ID
	if !v.private && !mentioned && !toMe {
		v.kind = "ignored" // a group's conversation is not for planbot
		return
	}
	v.act, v.text = actServe, text
	// The answer to a bare command's prompt: a reply to the prompt (which
	// works across restarts), or the next message after it.
	cmd := ""
	if toMe {
		if cmd = promptCommand(m.ReplyToMessage.Text); !b.takesArgument(cmd) {
			cmd = "" // /chart's prompt, from before charts were turned off
		}
	}
	pending := b.prompts.take(v.lane(), v.at)
	if cmd == "" {
		cmd = pending
	}
	if cmd != "" {
		v.kind, v.command, v.args, v.prompt = "command", cmd, text, true
	}
}

// prompts are the bare commands whose argument the next message gives, by
// lane. They are kept in memory only: after a restart, a reply to the
// prompt still answers it.
type prompts struct {
	mu sync.Mutex
	m  map[lane]pendingPrompt
}

type pendingPrompt struct {
	command string
	at      time.Time
}

// promptFor is how long a prompt waits for its answer.
const promptFor = 10 * time.Minute

// maxPrompts bounds the prompts kept.
const maxPrompts = 10000

func newPrompts() *prompts { return &prompts{m: map[lane]pendingPrompt{}} }

func (p *prompts) set(l lane, command string, at time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.m) >= maxPrompts {
		for k, pp := range p.m {
			if at.Sub(pp.at) > promptFor {
				delete(p.m, k)
			}
		}
		if len(p.m) >= maxPrompts {
			clear(p.m)
		}
	}
	p.m[l] = pendingPrompt{command, at}
}

func (p *prompts) clear(l lane) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.m, l)
}

// take returns and forgets the command awaiting its argument in lane l,
// if it has not waited too long.
func (p *prompts) take(l lane, at time.Time) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	pp, ok := p.m[l]
	delete(p.m, l)
	if !ok || at.Sub(pp.at) > promptFor {
		return ""
	}
	return pp.command
}
