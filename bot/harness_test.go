package bot_test

import (
	"bytes"
	"context"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/bot/bottest"
	"github.com/planbot/planbot/data"
)

// loadEngine builds the real engine once per test binary: every test asks
// the same plan, and building its index is the slow part.
var loadEngine = sync.OnceValues(func() (*answer.Engine, error) {
	return answer.Load(context.Background(), slog.New(slog.DiscardHandler), data.GuizhouUrbanization(),
		answer.Words{Synonyms: data.Synonyms(), Cues: data.Cues(), Names: data.Names()}, answer.Options{})
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
// serve` does.
type harness struct {
	t    *testing.T
	srv  *bottest.Server
	eng  bot.Engine
	bot  *bot.Bot
	logs *lockedBuffer
}

// fastRetries keeps fault tests quick; everything else is the default.
func fastRetries() bot.Option { return bot.WithRetry(4, time.Millisecond, 20*time.Millisecond) }

func start(t *testing.T, opts ...bot.Option) *harness {
	return startWith(t, realEngine(t), opts...)
}

func startWith(t *testing.T, eng bot.Engine, opts ...bot.Option) *harness {
	t.Helper()
	h := &harness{t: t, srv: bottest.New(t), eng: eng, logs: &lockedBuffer{}}
	logger := slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	base := []bot.Option{bot.WithAPIURL(h.srv.URL), bot.WithPollTimeout(5 * time.Second), bot.WithTypingDelay(time.Hour), fastRetries(),
		bot.WithRateLimit(1000, time.Millisecond)} // TestRateLimit tests the limit
	var err error
	h.bot, err = bot.New(context.Background(), logger, eng, h.srv.Token, append(base, opts...)...)
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	cancel, done := runBot(h.bot)
	t.Cleanup(func() {
		cancel()
		waitStopped(t, done)
		if strings.Contains(h.logs.String(), h.srv.Token) {
			t.Errorf("the token appears in the logs")
		}
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
	return h.srv.WaitHandled(h.t)
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

func only(t *testing.T, calls []bottest.Call, what string) bottest.Call {
	t.Helper()
	if len(calls) != 1 {
		t.Fatalf("%s: want 1 call, got %d:%s", what, len(calls), bottest.Summary(calls))
	}
	return calls[0]
}

var boldRE = regexp.MustCompile(`<b>(.*?)</b>`)

// checkReply asserts that the messages sent are the engine's reply: HTML
// parse mode, valid Telegram HTML whose visible text is exactly the reply,
// split into parts Telegram accepts, each figure in bold.
func checkReply(t *testing.T, parts []bottest.Call, a answer.Answer) {
	t.Helper()
	if len(parts) == 0 {
		t.Fatalf("no reply to %q", shortText(a.Question))
	}
	var visible []string
	for _, c := range parts {
		if c.Str("parse_mode") != "HTML" {
			t.Errorf("parse_mode = %q, want HTML", c.Str("parse_mode"))
		}
		plain, err := bottest.PlainText(c.Str("text"))
		if err != nil {
			t.Fatalf("reply is not valid Telegram HTML: %v\n%s", err, c.Str("text"))
		}
		visible = append(visible, plain)
	}
	want := strings.TrimSpace(a.Reply)
	if want == "" {
		want = "方案中没有找到相关内容。"
	}
	// Parts are cut at line ends; the newline at a cut is not sent.
	if got := strings.Join(visible, "\n"); strings.ReplaceAll(got, "\n", "") != strings.ReplaceAll(want, "\n", "") {
		t.Errorf("reply text:\n got %q\nwant %q", shortText(got), shortText(want))
	}
	all := ""
	for _, c := range parts {
		all += c.Str("text")
	}
	var bold, figures []string
	for _, m := range boldRE.FindAllStringSubmatch(all, -1) {
		bold = append(bold, m[1])
	}
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	for _, f := range a.Figures {
		figures = append(figures, esc.Replace(a.Reply[f.Start:f.End]))
	}
	// Each figure in bold where it stands, in order, and nothing else.
	if strings.TrimSpace(a.Reply) != "" && !slices.Equal(bold, figures) {
		t.Errorf("bold %q, want the figures %q in %q", bold, figures, shortText(all))
	}
}

func shortText(s string) string {
	if r := []rune(s); len(r) > 300 {
		return string(r[:300]) + "…"
	}
	return s
}
