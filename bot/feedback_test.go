package bot_test

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/bot/bottest"
	"github.com/planbot/planbot/bot/enginetest"
	"github.com/planbot/planbot/store"
)

// TestFeedbackLasts: every answer carries 👍/👎; a vote is kept with the
// question in the database, as the questions are with their intent and
// whether the plan answered them; /stats reports them, and still does
// after a restart; no user's name or ID is kept (issue 9).
func TestFeedbackLasts(t *testing.T) {
	const admin = 77
	srv := bottest.New(t)
	dir := t.TempDir()
	eng := enginetest.New()
	eng.Set(enginetest.Ask, "测试人口", figureAnswer())
	eng.Set(enginetest.Ask, "水务局负责哪些", deptAnswer())
	small := enginetest.Reply(answer.IntentNone, "您好！")
	small.Reason = answer.SmallTalk
	eng.Set(enginetest.Ask, "你好", small)
	h := runOn(t, srv, eng, dir, bot.WithAdmins(admin))

	c := h.ask(user, "测试人口")
	h.ask(user+1, "测试人口")
	list := h.ask(user, "水务局负责哪些")
	h.ask(user, "xyzzy是什么") // the fake knows nothing of it: not in the plan
	h.ask(user, "你好")
	for _, a := range []bottest.Call{c, list} {
		if got := buttonTexts(a); !slices.Contains(got, "👍 有用") || !slices.Contains(got, "👎 没用") {
			t.Errorf("an answer without 👍/👎: %q", got)
		}
	}
	voted, cb := h.tap(user, list, "👎 没用")
	if cb.Str("text") != "已收到反馈，谢谢！" || cb.Str("show_alert") == "true" {
		t.Errorf("the vote was answered %q (alert %s)", cb.Str("text"), cb.Str("show_alert"))
	}
	if got := buttonTexts(voted); slices.Contains(got, "👎 没用") || !slices.Contains(got, "✓ 已反馈") {
		t.Errorf("after the vote, buttons %q", got)
	}
	checkReply(t, voted, deptAnswer())
	// A result opened after the vote offers no second vote.
	opened, _ := h.tap(user, voted, "第41条")
	if got := buttonTexts(opened); slices.Contains(got, "👍 有用") {
		t.Errorf("a voted answer's result offers a vote again: %q", got)
	}
	h.tap(user, c, "👍 有用")

	stats := func(h *harness) string {
		t.Helper()
		return shown(t, h.ask(admin, "/stats")).text
	}
	want := []string{"已回答问题：5", "target 2", "dept 1", "none 2", "👍 1 · 👎 1", "xyzzy是什么", "被点 👎 的回答：\n• 水务局负责哪些"}
	check := func(when, got string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s, /stats lacks %q:\n%s", when, w, got)
			}
		}
		if strings.Contains(got, "你好") {
			t.Errorf("%s, /stats lists a greeting as unanswered:\n%s", when, got)
		}
	}
	check("at first", stats(h))
	h.stop()
	db, err := os.ReadFile(filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{strconv.Itoa(user), strconv.Itoa(user + 1), "张"} {
		if bytes.Contains(db, []byte(who)) {
			t.Errorf("the database holds %q, a user's ID or name", who)
		}
	}
	check("after a restart", stats(runOn(t, srv, eng, dir, bot.WithAdmins(admin))))
}

// TestOneVotePerMessage: an answer is worth one vote. The keyboard first
// sent still offers 👍/👎 after a vote — a double tap, a second client, a
// tap before the edit arrives — and the latest tap replaces the vote
// given before on the same message; another message (the question asked
// again) has a vote of its own. The database keeps no user or chat ID
// for it.
func TestOneVotePerMessage(t *testing.T) {
	const up, down = "👍 有用", "👎 没用"
	for _, tc := range []struct {
		name     string
		taps     [][]string // for each answer, the buttons tapped on its first keyboard, in order
		up, down int
	}{
		{"one tap", [][]string{{down}}, 0, 1},
		{"a double tap", [][]string{{down, down}}, 0, 1},
		{"👎 👎 👍: the latest counts", [][]string{{down, down, up}}, 1, 0},
		{"👍 then 👎", [][]string{{up, down}}, 0, 1},
		{"two answers, a vote each", [][]string{{down, down}, {up}}, 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, dir := bottest.New(t), t.TempDir()
			eng := enginetest.New()
			eng.Set(enginetest.Ask, "测试人口", figureAnswer())
			h := runOn(t, srv, eng, dir)
			for _, taps := range tc.taps {
				c := h.ask(user, "测试人口")
				for _, b := range taps {
					if _, cb := h.tap(user, c, b); cb.Str("text") != "已收到反馈，谢谢！" {
						t.Errorf("tap %s answered %q", b, cb.Str("text"))
					}
				}
			}
			h.stop()
			st, err := store.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			r, err := st.Report()
			st.Close()
			if err != nil {
				t.Fatal(err)
			}
			if r.Up != tc.up || r.Down != tc.down {
				t.Errorf("👍 %d 👎 %d, want %d %d", r.Up, r.Down, tc.up, tc.down)
			}
			db, err := os.ReadFile(filepath.Join(dir, store.FileName))
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(db, []byte(strconv.Itoa(user))) || bytes.Contains(db, binary.BigEndian.AppendUint64(nil, user)) {
				t.Errorf("the database holds the user's ID %d", user)
			}
		})
	}
}
