package main

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/planbot/planbot/bot/bottest"
	"github.com/planbot/planbot/chart"
	"github.com/planbot/planbot/store"
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
		{"no burst", []string{"--rate-burst", "0"}, map[string]string{"PLANBOT_TELEGRAM_TOKEN": "1:a"}, "rate-burst"},
		{"rate not a number", nil, map[string]string{"PLANBOT_TELEGRAM_TOKEN": "1:a", "PLANBOT_RATE_PER_MINUTE": "fast"}, "rate-per-minute"},
		{"negative queue", []string{"--rate-queue", "-2"}, map[string]string{"PLANBOT_TELEGRAM_TOKEN": "1:a"}, "rate-queue"},
		{"no home for the database", nil, map[string]string{"PLANBOT_TELEGRAM_TOKEN": "1:a"}, "--data"},
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
// registers its menu, answers, sends charts and 分工表, and exits cleanly
// when stopped.
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
	env := map[string]string{"PLANBOT_TELEGRAM_API_URL": srv.URL, "PLANBOT_ADMINS": "42", "PLANBOT_SYNONYMS": synonyms,
		"PLANBOT_DATA": filepath.Join(dir, "data"), "PLANBOT_RATE_BURST": "20"}
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
	checkServedFiles(t, srv)
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

// checkServedFiles asks a running `planbot serve` for a chart and a 分工表,
// and opens what it sends: serve hands the bot the real renderer and
// sheet.Duties.
func checkServedFiles(t *testing.T, srv *bottest.Server) {
	t.Helper()
	const q = "2025年各市州中心城市城区人口"
	send := func(m bottest.Message) []bottest.Call {
		before := len(srv.Calls())
		srv.Push(bottest.AsMessage(m))
		return srv.WaitHandled(t)[before:]
	}
	ask := srv.Text(bottest.Private(42), 42, "/chart "+q)
	var photo bottest.Call
	for _, c := range send(ask) {
		if c.Method == "sendPhoto" && c.Status == 200 && c.ReplyTo() == ask.ID() {
			photo = c
		}
	}
	want := chartFor(t, q)
	rend, err := chart.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(photo.Files["photo"].Data))
	if err != nil {
		t.Fatalf("/chart: not a PNG uploaded (%v):%s", err, bottest.Summary(srv.Calls()))
	}
	if w, h := rend.Size(want); img.Bounds() != image.Rect(0, 0, w, h) {
		t.Errorf("/chart: a chart of %v, want %d×%d", img.Bounds(), w, h)
	}
	if photo.Str("caption") != want.Caption {
		t.Errorf("/chart: caption %q, want %q", photo.Str("caption"), want.Caption)
	}

	dept := srv.Text(bottest.Private(42), 42, "/dept 省水利厅")
	var answer bottest.Call
	for _, c := range send(dept) {
		if c.Method == "sendMessage" && c.ReplyTo() == dept.ID() {
			answer = c
		}
	}
	var data string
	for _, b := range answer.Buttons() {
		if b.Text == "⬇ Excel" {
			data = b.CallbackData
		}
	}
	if data == "" {
		t.Fatalf("/dept 省水利厅: no [⬇ Excel] under %q", answer.Str("text"))
	}
	before := len(srv.Calls())
	srv.Push(bottest.Callback(42, srv.Sent(answer), data))
	var doc bottest.Call
	for _, c := range srv.WaitHandled(t)[before:] {
		if c.Method == "sendDocument" && c.Status == 200 {
			doc = c
		}
	}
	f := doc.Files["document"]
	if f.Name != "分工表-省水利厅.xlsx" || !strings.Contains(doc.Str("caption"), "黔发改城镇〔2023〕571号") {
		t.Errorf("[⬇ Excel]: sent %q with caption %q", f.Name, doc.Str("caption"))
	}
	x, err := excelize.OpenReader(bytes.NewReader(f.Data))
	if err != nil {
		t.Fatalf("[⬇ Excel]: the workbook does not open: %v", err)
	}
	defer x.Close()
	checkSheet(t, x, "省水利厅", "省水利厅", exportedClauses(t))
}

// TestServeDatabase: a database that is damaged, or in use by another
// planbot serve, stops the start with an error that says so.
func TestServeDatabase(t *testing.T) {
	srv := bottest.New(t)
	locked := t.TempDir()
	st, err := store.Open(locked)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	damaged := t.TempDir()
	if err := os.WriteFile(filepath.Join(damaged, store.FileName), []byte(strings.Repeat("不是数据库", 3000)), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, dir, want string
	}{
		{"locked", locked, "locked by another process"},
		{"damaged", damaged, "is damaged"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{"PLANBOT_TELEGRAM_TOKEN": srv.Token, "PLANBOT_TELEGRAM_API_URL": srv.URL, "PLANBOT_DATA": tc.dir}
			err := runServe(context.Background(), nil, envMap(env), &bytes.Buffer{}, &bytes.Buffer{})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), filepath.Join(tc.dir, store.FileName)) {
				t.Errorf("err = %v, want one naming the file and saying it %s", err, tc.want)
			}
			if n := len(srv.Calls()); n != 0 {
				t.Errorf("%d Bot API calls before the database was found unusable", n)
			}
		})
	}
}

func TestDataDir(t *testing.T) {
	for _, tc := range []struct {
		flag string
		env  map[string]string
		want string
	}{
		{"/srv/planbot", map[string]string{"HOME": "/home/x"}, "/srv/planbot"},
		{"", map[string]string{"XDG_STATE_HOME": "/state", "HOME": "/home/x"}, "/state/planbot"},
	} {
		f := dataFlag{data: tc.flag}
		if got, err := f.dir(envMap(tc.env)); err != nil || got != tc.want {
			t.Errorf("dir(%q, %v) = %q, %v; want %q", tc.flag, tc.env, got, err, tc.want)
		}
	}
	if got, err := (&dataFlag{}).dir(envMap(map[string]string{"HOME": "/home/x"})); err != nil || !strings.HasPrefix(got, "/home/x/") || !strings.HasSuffix(got, "planbot") {
		t.Errorf("the default under HOME: %q, %v", got, err)
	}
}

// TestServeSIGTERM runs planbot serve as a process, as it is deployed, and
// stops it with SIGTERM while one reply is held in flight past the grace
// period: the process exits 0 with the update it did not answer parked in
// the database (or left unconfirmed), and the next start answers that one
// — and not the others again.
func TestServeSIGTERM(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM")
	}
	t.Parallel()
	exe, err := os.Executable()
	if err != nil {
		t.Skipf("cannot re-run the test binary: %v", err)
	}
	srv := bottest.New(t)
	data, home := t.TempDir(), t.TempDir()
	serve := func() (*exec.Cmd, *bytes.Buffer) {
		cmd := exec.Command(exe, "serve", "--shutdown-grace", "200ms", "--poll-timeout", "5s", "--dict-dir", testDictDir)
		cmd.Env = []string{asMainEnv + "=1", "HOME=" + home, "PLANBOT_TELEGRAM_TOKEN=" + srv.Token,
			"PLANBOT_TELEGRAM_API_URL=" + srv.URL, "PLANBOT_DATA=" + data}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, &stderr
	}
	stop := func(cmd *exec.Cmd, stderr *bytes.Buffer) {
		t.Helper()
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		if err := cmd.Wait(); err != nil {
			t.Fatalf("planbot serve after SIGTERM: %v\n%s", err, stderr)
		}
	}
	first, stderr := serve()
	srv.WaitCalls(t, "getUpdates", 1)
	arrived, release := srv.Hold("sendMessage")
	defer release()
	var qs []bottest.Message
	var ups []map[string]any
	for i := range 3 {
		from := int64(700 + i)
		q := srv.Text(bottest.Private(from), from, "/about")
		qs, ups = append(qs, q), append(ups, bottest.AsMessage(q))
	}
	last := srv.Push(ups...)
	<-arrived
	srv.WaitCalls(t, "sendMessage", 2)
	stop(first, stderr)
	answered := func() map[int64]int {
		n := map[int64]int{}
		for _, c := range srv.Calls("sendMessage") {
			if c.Status == 200 {
				n[c.ReplyTo()]++
			}
		}
		return n
	}
	before := answered()
	held := -1
	for i, q := range qs {
		if before[q.ID()] == 0 {
			held = i
		}
	}
	if held < 0 || len(before) != 2 {
		t.Fatalf("before SIGTERM, answers %v: want all but the one held", before)
	}
	// Confirmed past the update not answered only if it is parked in the
	// database, for the next start.
	if heldID := last - 2 + int64(held); srv.Confirmed() > heldID {
		st, err := store.Open(data)
		if err != nil {
			t.Fatal(err)
		}
		ps, err := st.ParkedUpdates(bottest.BotID)
		st.Close()
		if err != nil || len(ps) != 1 {
			t.Errorf("confirmed offset %d past update %d, which was not answered, with %d updates parked (%v): it is lost", srv.Confirmed(), heldID, len(ps), err)
		}
	}

	polls := len(srv.Calls("getUpdates"))
	second, stderr := serve()
	srv.Wait(t, "the second start's first poll", func(calls []bottest.Call) bool {
		n := 0
		for _, c := range calls {
			if c.Method == "getUpdates" {
				n++
			}
		}
		return n > polls
	})
	srv.WaitCalls(t, "sendMessage", len(qs))
	srv.WaitHandled(t)
	stop(second, stderr)
	after := answered()
	for i, q := range qs {
		if after[q.ID()] != 1 {
			t.Errorf("question %d answered %d times across the restart, want once", i, after[q.ID()])
		}
	}
}
