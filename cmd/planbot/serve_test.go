package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/bot/bottest"
)

func envMap(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestServeUsage(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"no token", nil, nil, "no bot token"},
		{"webhook without secret", []string{"--webhook-url", "https://x.example/hook", "--listen", ":0"}, map[string]string{"PLANBOT_TELEGRAM_TOKEN": "1:a"}, "secret"},
		{"webhook without listen", []string{"--webhook-url", "https://x.example/hook"}, map[string]string{"PLANBOT_TELEGRAM_TOKEN": "1:a", "PLANBOT_WEBHOOK_SECRET": "s"}, "--listen"},
		{"bad allowlist", nil, map[string]string{"PLANBOT_TELEGRAM_TOKEN": "1:a", "PLANBOT_ALLOWED_USERS": "12,abc"}, "abc"},
		{"answer cache not a number", nil, map[string]string{"PLANBOT_TELEGRAM_TOKEN": "1:a", "PLANBOT_ANSWER_CACHE": "lots"}, "answer-cache"},
		{"negative answer cache", []string{"--answer-cache", "-1"}, map[string]string{"PLANBOT_TELEGRAM_TOKEN": "1:a"}, "answer-cache"},
		{"unknown flag", []string{"--nope"}, nil, "nope"},
		{"argument", []string{"extra"}, nil, "no arguments"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			err := runServe(context.Background(), tc.args, envMap(tc.env), &bytes.Buffer{}, &stderr)
			if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want a usage error mentioning %q", err, tc.want)
			}
		})
	}
}

// TestServe runs `planbot serve` against the fake Bot API: it connects,
// registers its menu, answers, and exits cleanly when stopped.
func TestServe(t *testing.T) {
	srv := bottest.New(t)
	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	synonyms := filepath.Join(dir, "synonyms.txt")
	if err := os.WriteFile(tokenFile, []byte(srv.Token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(synonyms, []byte("省会 = 贵阳\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"PLANBOT_TELEGRAM_API_URL": srv.URL, "PLANBOT_ADMINS": "42", "PLANBOT_SYNONYMS": synonyms}
	ctx, cancel := context.WithCancel(context.Background())
	var stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- runServe(ctx, []string{"--token-file", tokenFile, "--poll-timeout", "5s"}, envMap(env), &bytes.Buffer{}, &stderr)
	}()
	srv.WaitCalls(t, "setMyCommands", 1)
	q := srv.Text(bottest.Private(42), 42, "/reload")
	srv.Push(bottest.AsMessage(q))
	srv.WaitHandled(t)
	var reply string
	for _, c := range srv.Calls("sendMessage") {
		if c.ReplyTo() == q.ID() {
			reply = c.Str("text")
		}
	}
	if !strings.Contains(reply, "已重新读取同义词") {
		t.Errorf("/reload from an admin: %q", reply)
	}
	stopped := time.Now()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("runServe: %v", err)
		}
	case <-time.After(bottest.WaitTimeout):
		t.Fatal("runServe did not return after it was stopped")
	}
	if d := time.Since(stopped); d > 5*time.Second {
		t.Errorf("took %v to stop", d)
	}
	if strings.Contains(stderr.String(), srv.Token) {
		t.Error("the token appears in the logs")
	}
}
