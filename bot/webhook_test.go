package bot_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/bot/bottest"
)

const secret = "s3cret-Token_1"

// webhookBot is a bot in webhook mode whose handler (the one `planbot serve
// --webhook-url` serves) is reachable at the returned URL.
func webhookBot(tb testing.TB, srv *bottest.Server, logs io.Writer, opts ...bot.Option) (*bot.Bot, string) {
	tb.Helper()
	logger := slog.New(slog.NewTextHandler(logs, nil))
	base := []bot.Option{bot.WithAPIURL(srv.URL), bot.WithWebhook("https://planbot.example.org/telegram/hook", secret),
		bot.WithTypingDelay(time.Hour), bot.WithRateLimit(1<<30, time.Nanosecond)}
	b, err := bot.New(context.Background(), logger, realEngine(tb), srv.Token, append(base, opts...)...)
	if err != nil {
		tb.Fatalf("bot.New: %v", err)
	}
	hs := httptest.NewServer(b.Handler())
	tb.Cleanup(hs.Close)
	return b, hs.URL
}

func post(tb testing.TB, url, token string, body []byte) int {
	tb.Helper()
	req, _ := http.NewRequest(http.MethodPost, url+"/telegram/hook", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatalf("POST: %v", err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func TestWebhook(t *testing.T) {
	srv := bottest.New(t)
	logs := &lockedBuffer{}
	_, url := webhookBot(t, srv, logs)
	ctx := context.Background()

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
	checkReply(t, sends(srv.Calls(), q.ID()), realEngine(t).Ask(ctx, "遵义人口"))
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

// TestWebhookRun runs webhook mode as `planbot serve --webhook-url` does:
// it sets the webhook with the secret, serves, and stops cleanly.
func TestWebhookRun(t *testing.T) {
	srv := bottest.New(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	b, err := bot.New(context.Background(), slog.New(slog.NewTextHandler(logs, nil)), realEngine(t), srv.Token,
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
		realEngine(t), token, bot.WithAPIURL(srv.URL), bot.WithRetry(2, time.Millisecond, time.Millisecond))
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

// BenchmarkWebhook drives updates through the webhook handler, each
// answered with a real sendMessage to the fake Bot API over HTTP.
func BenchmarkWebhook(b *testing.B) {
	srv := bottest.New(b)
	_, url := webhookBot(b, srv, io.Discard)
	qs := []string{"遵义2025年城区常住人口目标是多少", "餐厨垃圾处理谁负责", "/clause 15", "海绵城市"}
	bodies := make([][]byte, 256)
	for i := range bodies {
		bodies[i] = srv.Update(bottest.AsMessage(srv.Text(bottest.Private(int64(1+i%7)), int64(1+i%7), qs[i%len(qs)])))
	}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		body := bodies[i%len(bodies)]
		if i >= len(bodies) { // a fresh update_id, or it is a duplicate
			body = srv.Update(bottest.AsMessage(srv.Text(bottest.Private(3), 3, qs[i%len(qs)])))
		}
		if code := post(b, url, secret, body); code != 200 {
			b.Fatalf("status %d", code)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "updates/s")
}
