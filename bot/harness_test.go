package bot_test

import (
	"bytes"
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/bot/bottest"
	"github.com/planbot/planbot/bot/enginetest"
	"github.com/planbot/planbot/data"
	"github.com/planbot/planbot/store"
)

var _ bot.Engine = (*enginetest.Engine)(nil)

// loadEngine builds the real engine once per test binary: every test asks
// the same plan, and building its index is the slow part.
var loadEngine = sync.OnceValues(func() (*answer.Engine, error) {
	return answer.Load(context.Background(), slog.New(slog.DiscardHandler), data.GuizhouUrbanization(),
		answer.Words{Synonyms: data.Synonyms(), Cues: data.Cues(), Names: data.Names(), Readings: data.Readings()}, answer.Options{})
})

func realEngine(tb testing.TB) *answer.Engine {
	tb.Helper()
	e, err := loadEngine()
	if err != nil {
		tb.Fatalf("answer.Load: %v", err)
	}
	return e
}

// lockedBuffer collects logs written from many goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// harness is a planbot running against a fake Bot API, polling as `planbot
// serve` does, with its database in a directory of its own.
type harness struct {
	t     *testing.T
	srv   *bottest.Server
	eng   bot.Engine
	bot   *bot.Bot
	store *store.Store
	dir   string // the database's directory
	from  int    // the server's calls before this bot started
	logs  *lockedBuffer
	stop  func() // stops the bot and closes its database; Cleanup does too
}

// fastRetries keeps fault tests quick.
func fastRetries() bot.Option { return bot.WithRetry(4, time.Millisecond, 20*time.Millisecond) }

// start runs the bot with the real engine, for the end-to-end tests.
func start(t *testing.T, opts ...bot.Option) *harness {
	return startWith(t, realEngine(t), opts...)
}

// startFake runs the bot with a fake engine the test tells what to answer.
func startFake(t *testing.T, opts ...bot.Option) (*harness, *enginetest.Engine) {
	eng := enginetest.New()
	return startWith(t, eng, opts...), eng
}

func startWith(t *testing.T, eng bot.Engine, opts ...bot.Option) *harness {
	t.Helper()
	return runOn(t, bottest.New(t), eng, t.TempDir(), opts...)
}

// runOn runs a bot against srv with its database in dir: a second bot on
// the same server and directory is the first one restarted.
func runOn(t *testing.T, srv *bottest.Server, eng bot.Engine, dir string, opts ...bot.Option) *harness {
	t.Helper()
	h := &harness{t: t, srv: srv, eng: eng, dir: dir, from: len(srv.Calls()), logs: &lockedBuffer{}}
	st, err := store.Open(dir)
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	h.store = st
	logger := slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	base := []bot.Option{bot.WithAPIURL(srv.URL), bot.WithPollTimeout(5 * time.Second), bot.WithTypingDelay(time.Hour), fastRetries(),
		bot.WithPollInterval(10 * time.Millisecond), bot.WithStore(st),
		// Nothing is parked unless a test says so: then the offset a poll
		// confirms means the updates before it are answered (WaitHandled).
		bot.WithParkAfter(time.Hour),
		bot.WithRateLimit(1000, time.Millisecond)} // the rate limit's tests set their own
	h.bot, err = bot.New(context.Background(), logger, eng, srv.Token, append(base, opts...)...)
	if err != nil {
		st.Close()
		t.Fatalf("bot.New: %v", err)
	}
	cancel, done := runBot(h.bot)
	var once sync.Once
	h.stop = func() {
		once.Do(func() {
			cancel()
			waitStopped(t, done)
			if err := st.Close(); err != nil {
				t.Errorf("closing the store: %v", err)
			}
			if strings.Contains(h.logs.String(), srv.Token) {
				t.Errorf("the token appears in the logs")
			}
		})
	}
	t.Cleanup(func() {
		h.stop()
		if t.Failed() {
			t.Logf("logs:\n%s", h.logs.String())
		}
	})
	return h
}

// runBot runs b as planbot serve does, until cancel; done gets Run's result.
func runBot(b *bot.Bot) (cancel context.CancelFunc, done <-chan error) {
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan error, 1)
	go func() { ch <- b.Run(ctx) }()
	return cancel, ch
}

// waitStopped waits for a cancelled Run to return, cleanly.
func waitStopped(t *testing.T, done <-chan error) {
	t.Helper()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(bottest.WaitTimeout):
		t.Errorf("Run did not return after its context was cancelled")
	}
}

// push queues updates and waits until the bot has handled them all.
func (h *harness) push(ups ...map[string]any) []bottest.Call {
	h.t.Helper()
	h.srv.Push(ups...)
	return h.srv.WaitHandledSince(h.t, h.from)
}

// ask sends text in the private chat of user and returns the bot's one
// reply to it.
func (h *harness) ask(from int64, text string) bottest.Call {
	h.t.Helper()
	q := h.srv.Text(bottest.Private(from), from, text)
	return only(h.t, sends(h.push(bottest.AsMessage(q)), q.ID()), text)
}

// tap taps a button of the message a call sent or edited, and returns the
// call that answered the tap (an edit, or a new message) and the callback
// query's answer.
func (h *harness) tap(from int64, c bottest.Call, text string) (bottest.Call, bottest.Call) {
	h.t.Helper()
	var data string
	for _, b := range c.Buttons() {
		if b.Text == text {
			data = b.CallbackData
		}
	}
	if data == "" {
		h.t.Fatalf("no button %q under %q: %+v", text, shortText(c.Str("text")), c.Buttons())
	}
	msg := h.srv.Sent(c)
	before := len(h.srv.Calls())
	calls := h.push(bottest.Callback(from, msg, data))[before:]
	cb := only(h.t, filterStatus(calls, "answerCallbackQuery"), "answerCallbackQuery")
	var out bottest.Call
	for _, x := range calls {
		if (x.Method == "editMessageText" || x.Method == "sendMessage") && x.Status == 200 {
			out = x
		}
	}
	return out, cb
}

// sends are the successful sendMessage calls replying to message id.
func sends(calls []bottest.Call, replyTo int64) []bottest.Call {
	var out []bottest.Call
	for _, c := range calls {
		if c.Method == "sendMessage" && c.Status == 200 && c.ReplyTo() == replyTo {
			out = append(out, c)
		}
	}
	return out
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

func only(t *testing.T, calls []bottest.Call, what string) bottest.Call {
	t.Helper()
	if len(calls) != 1 {
		t.Fatalf("%s: want 1 call, got %d:%s", what, len(calls), bottest.Summary(calls))
	}
	return calls[0]
}

// rich is a message as Telegram shows it: its text, and which runs of it
// (byte offsets) are bold.
type rich struct {
	text string
	bold []answer.Span
}

// shown reads a sent message's HTML as Telegram would show it.
func shown(t *testing.T, c bottest.Call) rich {
	t.Helper()
	if c.Str("parse_mode") != "HTML" {
		t.Errorf("parse_mode = %q, want HTML", c.Str("parse_mode"))
	}
	html := c.Str("text")
	if _, err := bottest.PlainText(html); err != nil {
		t.Fatalf("not valid Telegram HTML: %v\n%s", err, html)
	}
	var r rich
	var b strings.Builder
	start := -1
	for i := 0; i < len(html); {
		switch {
		case strings.HasPrefix(html[i:], "<b>"):
			start, i = b.Len(), i+3
		case strings.HasPrefix(html[i:], "</b>"):
			r.bold = append(r.bold, answer.Span{Start: start, End: b.Len()})
			i += 4
		case html[i] == '<':
			i += strings.IndexByte(html[i:], '>') + 1
		case html[i] == '&':
			end := strings.IndexByte(html[i:], ';')
			plain, _ := bottest.PlainText(html[i : i+end+1])
			b.WriteString(plain)
			i += end + 1
		default:
			b.WriteByte(html[i])
			i++
		}
	}
	r.text = b.String()
	return r
}

// firstPage is the part of a reply its first message shows: up to 25
// lines.
func firstPage(reply string) string {
	lines := strings.Split(strings.TrimSpace(reply), "\n")
	return strings.TrimSpace(strings.Join(lines[:min(25, len(lines))], "\n"))
}

// checkReply asserts that a message sent is the first page of the
// engine's answer: HTML parse mode, valid Telegram HTML whose visible text
// is the reply, with the figures in bold where the engine wrote them, and
// nothing else in bold.
func checkReply(t *testing.T, c bottest.Call, a answer.Answer) {
	t.Helper()
	want := a.Reply
	if strings.TrimSpace(want) == "" {
		want = "方案中没有找到相关内容。"
	}
	page := firstPage(want)
	got := shown(t, c)
	if got.text != page {
		t.Errorf("reply text:\n got %q\nwant %q", shortText(got.text), shortText(page))
	}
	lead := strings.Index(a.Reply, page)
	var figures []answer.Span
	for _, f := range a.Figures {
		if f.Start >= lead && f.End <= lead+len(page) {
			figures = append(figures, answer.Span{Start: f.Start - lead, End: f.End - lead})
		}
	}
	if !slices.Equal(got.bold, figures) {
		t.Errorf("bold %v, want the figures at %v in %q", got.bold, figures, shortText(got.text))
	}
}

func shortText(s string) string {
	if r := []rune(s); len(r) > 300 {
		return string(r[:300]) + "…"
	}
	return s
}
