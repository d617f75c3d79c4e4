package bot_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/bot/bottest"
	"github.com/planbot/planbot/bot/enginetest"
)

const secret = "s3cret-Token_1"

// webhookBot is a bot in webhook mode whose handler (the one `planbot serve
// --webhook-url` serves) is reachable at the returned URL.
func webhookBot(tb testing.TB, srv *bottest.Server, eng bot.Engine, logs io.Writer, opts ...bot.Option) (*bot.Bot, string) {
	tb.Helper()
	logger := slog.New(slog.NewTextHandler(logs, nil))
	base := []bot.Option{bot.WithAPIURL(srv.URL), bot.WithWebhook("https://planbot.example.org/telegram/hook", secret),
		bot.WithTypingDelay(time.Hour), bot.WithRateLimit(1<<30, time.Nanosecond)}
	b, err := bot.New(context.Background(), logger, eng, srv.Token, append(base, opts...)...)
	if err != nil {
		tb.Fatalf("bot.New: %v", err)
	}
	hs := httptest.NewServer(b.Handler())
	tb.Cleanup(hs.Close)
	return b, hs.URL
}

func post(tb testing.TB, url, token string, body []byte) int {
	tb.Helper()
	code, err := send(http.DefaultClient, url, token, body)
	if err != nil {
		tb.Fatalf("POST: %v", err)
	}
	return code
}

// send posts an update to the webhook as Telegram does, with token as the
// secret, and returns the status. It is safe to call from any goroutine.
func send(hc *http.Client, url, token string, body []byte) (int, error) {
	req, err := http.NewRequest(http.MethodPost, url+"/telegram/hook", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", token)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, err
}

func TestWebhook(t *testing.T) {
	srv := bottest.New(t)
	logs := &lockedBuffer{}
	eng := enginetest.New()
	eng.Set(enginetest.Ask, "遵义人口", figureAnswer())
	_, url := webhookBot(t, srv, eng, logs)

	q := srv.Text(bottest.Private(user), user, "遵义人口")
	update := srv.Update(bottest.AsMessage(q))
	for _, tc := range []struct {
		name, token string
		want        int
	}{
		{"no secret", "", http.StatusUnauthorized},
		{"wrong secret", "guess", http.StatusForbidden},
		{"secret with a suffix", secret + "x", http.StatusForbidden},
	} {
		if got := post(t, url, tc.token, update); got != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, got, tc.want)
		}
	}
	if n := len(srv.Calls("sendMessage")); n != 0 {
		t.Fatalf("an update without the secret was processed: %d messages sent", n)
	}
	// With the secret, the update is answered before the response.
	if got := post(t, url, secret, update); got != http.StatusOK {
		t.Fatalf("status %d, want 200", got)
	}
	checkReply(t, only(t, sends(srv.Calls(), q.ID()), "answer"), figureAnswer())
	// Telegram resends an update it thinks was lost: it is answered once.
	before := len(srv.Calls("sendMessage"))
	if got := post(t, url, secret, update); got != http.StatusOK {
		t.Errorf("duplicate: status %d, want 200", got)
	}
	if len(srv.Calls("sendMessage")) != before {
		t.Error("a duplicate update was answered twice")
	}
	if got := post(t, url, secret, []byte("{not json")); got != http.StatusBadRequest {
		t.Errorf("garbage: status %d, want 400", got)
	}

	for path, want := range map[string]string{"/healthz": "ok", "/metrics": "planbot_updates_total"} {
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("GET %s: %d %.200s", path, resp.StatusCode, body)
		}
		if path == "/metrics" {
			for _, m := range []string{`planbot_answers_total{intent=`, `planbot_webhook_requests_total{code="403"}`, "planbot_update_duration_seconds", `planbot_errors_total{kind="webhook_auth"}`} {
				if !strings.Contains(string(body), m) {
					t.Errorf("/metrics lacks %s", m)
				}
			}
		}
	}
}

// TestOldUpdateSentAgain: an update sent again long after — more than 4096
// updates later, past what the duplicate filter once remembered — is still
// recognised: the ledger keeps the exact IDs taken (issue 9).
func TestOldUpdateSentAgain(t *testing.T) {
	srv := bottest.New(t)
	_, url := webhookBot(t, srv, enginetest.New(), io.Discard)
	q := srv.Text(bottest.Private(user), user, "遵义人口")
	old := srv.Update(bottest.AsMessage(q))
	if got := post(t, url, secret, old); got != http.StatusOK {
		t.Fatalf("status %d", got)
	}
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
	defer hc.CloseIdleConnections()
	for range 5000 {
		// Updates with nothing to answer (a channel's post): quick to take.
		u := srv.Update(bottest.AsChannelPost(srv.Text(bottest.Chat{ID: -100777, Type: "channel", Title: "通知"}, 0, "x")))
		if code, err := send(hc, url, secret, u); err != nil || code != http.StatusOK {
			t.Fatalf("status %d, %v", code, err)
		}
	}
	if got := post(t, url, secret, old); got != http.StatusOK {
		t.Errorf("the old update sent again: status %d, want 200", got)
	}
	if n := len(sends(srv.Calls(), q.ID())); n != 1 {
		t.Errorf("an update sent again 5000 updates later was answered %d times, want once", n)
	}
}

// TestWebhookRun runs webhook mode as `planbot serve --webhook-url` does:
// it sets the webhook with the secret, serves, and stops cleanly.
func TestWebhookRun(t *testing.T) {
	srv := bottest.New(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	b, err := bot.New(context.Background(), slog.New(slog.NewTextHandler(logs, nil)), enginetest.New(), srv.Token,
		bot.WithAPIURL(srv.URL), bot.WithWebhook("https://planbot.example.org/telegram/hook", secret), bot.WithListener(ln))
	if err != nil {
		t.Fatal(err)
	}
	cancel, done := runBot(b)
	c := srv.WaitCalls(t, "setWebhook", 1)[0]
	if c.Str("url") != "https://planbot.example.org/telegram/hook" || c.Str("secret_token") != secret {
		t.Errorf("setWebhook %v", c.Params)
	}
	q := srv.Text(bottest.Private(user), user, "/help")
	if got := post(t, "http://"+ln.Addr().String(), secret, srv.Update(bottest.AsMessage(q))); got != 200 {
		t.Errorf("status %d", got)
	}
	only(t, sends(srv.Calls(), q.ID()), "/help")
	cancel()
	waitStopped(t, done)
	if len(srv.Calls("getUpdates")) != 0 {
		t.Error("a webhook bot polled")
	}
}

func TestTokenNeverLogged(t *testing.T) {
	srv := bottest.New(t)
	token := srv.Token
	srv.Close() // every request now fails with a network error carrying the URL
	logs := &lockedBuffer{}
	_, err := bot.New(context.Background(), slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		enginetest.New(), token, bot.WithAPIURL(srv.URL), bot.WithRetry(2, time.Millisecond, time.Millisecond))
	if err == nil {
		t.Fatal("bot.New succeeded without a server")
	}
	if strings.Contains(err.Error(), token) || strings.Contains(logs.String(), token) {
		t.Errorf("the token leaked: %v\n%s", err, logs.String())
	}
	if !strings.Contains(err.Error(), "getMe") {
		t.Errorf("error lacks context: %v", err)
	}
}

// webhookSenders is how many updates BenchmarkWebhookConcurrent keeps in
// flight: Telegram opens up to max_connections (40 unless setWebhook says
// otherwise, and planbot does not) and sends an update on each at once.
const webhookSenders = 40

// benchQuestions are what the webhook benchmarks ask: a few questions again
// and again, as a busy group asks its favourites, or the 216 distinct
// questions of the answering engine's tests, each asked in turn.
func benchQuestions(tb testing.TB) (repeated, distinct []string) {
	tb.Helper()
	text, err := os.ReadFile(filepath.Join("..", "answer", "testdata", "questions.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	for _, l := range strings.Split(string(text), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			distinct = append(distinct, l)
		}
	}
	return []string{"遵义2025年城区常住人口目标是多少", "餐厨垃圾处理谁负责", "/clause 15", "海绵城市"}, distinct
}

// BenchmarkWebhook drives updates through the webhook handler one at a
// time, each answered with a real sendMessage to the fake Bot API over HTTP.
func BenchmarkWebhook(b *testing.B) { benchWebhooks(b, 1) }

// BenchmarkWebhookConcurrent is BenchmarkWebhook with webhookSenders
// updates in flight at once, as Telegram delivers them to a busy bot.
func BenchmarkWebhookConcurrent(b *testing.B) { benchWebhooks(b, webhookSenders) }

// benchWebhooks runs benchWebhook with repeated and distinct questions,
// with the answer cache and without: "-nocache" is what every question
// costs when the engine answers it, as a question never asked before does.
func benchWebhooks(b *testing.B, senders int) {
	repeated, distinct := benchQuestions(b)
	for _, bc := range []struct {
		name string
		qs   []string
	}{{"repeated", repeated}, {"distinct", distinct}} {
		b.Run(bc.name, func(b *testing.B) { benchWebhook(b, senders, bc.qs) })
		b.Run(bc.name+"-nocache", func(b *testing.B) { benchWebhook(b, senders, bc.qs, bot.WithAnswerCache(0)) })
	}
}

// benchWebhook posts b.N updates asking qs in turn from senders goroutines
// and reports updates/s, the CPU time each took and the connections opened
// to the Bot API. Every update comes from its own user in its own
// chat, so that neither the rate limit nor a chat's order holds any back;
// afterwards it checks that each got its answer in a sendMessage, so that
// what was timed is answering, not refusing.
func benchWebhook(b *testing.B, senders int, qs []string, opts ...bot.Option) {
	srv := bottest.New(b)
	_, url := webhookBot(b, srv, realEngine(b), io.Discard, opts...)
	bodies := make([][]byte, b.N)
	asked := make([]int64, b.N) // message_id of each question
	for i := range bodies {
		from := int64(100000 + i)
		m := srv.Text(bottest.Private(from), from, qs[i%len(qs)])
		bodies[i], asked[i] = srv.Update(bottest.AsMessage(m)), m.ID()
	}
	// Telegram keeps its connections to the webhook open.
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: senders}}
	defer hc.CloseIdleConnections()
	var next atomic.Int64
	var wg sync.WaitGroup
	conns := srv.Conns()
	b.ResetTimer()
	start, cpu := time.Now(), cpuTime()
	for range senders {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(len(bodies)) {
					return
				}
				if code, err := send(hc, url, secret, bodies[i]); err != nil || code != http.StatusOK {
					b.Errorf("update %d: status %d, %v", i, code, err)
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed, used := time.Since(start), cpuTime()-cpu
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "updates/s")
	// Both sides' CPU: the bot's and the fake Bot API's, which shares the process.
	b.ReportMetric(float64(used.Microseconds())/float64(b.N), "cpu-µs/update")
	// Connections the bot opened to the Bot API: each costs a handshake,
	// and closed ones wait out TIME_WAIT holding a port.
	b.ReportMetric(float64(srv.Conns()-conns)/float64(b.N), "api-conns/update")

	answered := map[int64]bool{}
	for _, c := range srv.Calls("sendMessage") {
		if c.Status == http.StatusOK {
			answered[c.ReplyTo()] = true
		}
	}
	for i, id := range asked {
		if !answered[id] {
			b.Fatalf("update %d (%q) got no sendMessage", i, qs[i%len(qs)])
		}
	}
	if n := scrape(b, url, "planbot_answers_total", ""); n != float64(b.N) {
		b.Fatalf("%v of %d updates were answered by the engine; the others were refused or limited", n, b.N)
	}
	// With distinct questions, the first of each is a miss: how many hits
	// there were says how much of the figure is the cache's.
	b.ReportMetric(scrape(b, url, "planbot_answer_cache_total", `outcome="hit"`)/float64(b.N), "hits/update")
}

// scrape sums the samples on /metrics of a metric whose labels include
// label (`outcome="hit"`), or of all its samples when label is "".
func scrape(tb testing.TB, url, metric, label string) float64 {
	tb.Helper()
	resp, err := http.Get(url + "/metrics")
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	var sum float64
	for _, l := range strings.Split(string(body), "\n") {
		i := strings.LastIndexByte(l, ' ')
		if i < 0 || strings.HasPrefix(l, "#") {
			continue
		}
		series, labels, _ := strings.Cut(l[:i], "{")
		if series != metric || !strings.Contains(labels, label) {
			continue
		}
		v, err := strconv.ParseFloat(l[i+1:], 64)
		if err != nil {
			tb.Fatalf("%s: %v", l, err)
		}
		sum += v
	}
	return sum
}
