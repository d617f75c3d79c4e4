package bot_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/longbridgeapp/opencc"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/bot/bottest"
)

// counted is the real engine, counting what it is asked, with synonyms
// whose version each reply states, so that a test sees whether an answer
// came from the engine or the answer cache, and from before or after a
// /reload. Its reload leaves the real engine, which every test shares, as
// it was.
type counted struct {
	bot.Engine
	asks    atomic.Int64
	version atomic.Int64
}

func countedEngine(t *testing.T) *counted { return &counted{Engine: realEngine(t)} }

func (c *counted) Ask(ctx context.Context, q string) answer.Answer {
	c.asks.Add(1)
	return c.want(ctx, q)
}

func (c *counted) Clause(ctx context.Context, ref string) answer.Answer {
	c.asks.Add(1)
	return c.want(ctx, "/clause "+ref)
}

func (c *counted) Department(ctx context.Context, name string) answer.Answer {
	c.asks.Add(1)
	return c.want(ctx, "/dept "+name)
}

func (c *counted) Search(ctx context.Context, words string) answer.Answer {
	c.asks.Add(1)
	return c.want(ctx, "/search "+words)
}

// want is the answer to a question or an answering command now, without
// counting it.
func (c *counted) want(ctx context.Context, text string) answer.Answer {
	var a answer.Answer
	switch cmd, arg, _ := strings.Cut(text, " "); cmd {
	case "/clause":
		a = c.Engine.Clause(ctx, arg)
	case "/dept":
		a = c.Engine.Department(ctx, arg)
	case "/search":
		a = c.Engine.Search(ctx, arg)
	default:
		a = c.Engine.Ask(ctx, text)
	}
	a.Reply += fmt.Sprintf("\n（同义词第%d版）", c.version.Load())
	return a
}

func (c *counted) ReloadSynonyms(string) error {
	c.version.Add(1)
	return nil
}

func reloader() bot.Option {
	return bot.WithSynonymsReloader(func() (string, error) { return "省会 = 贵阳\n", nil })
}

// TestAnswerCache asks questions in turn and checks, for each, whether the
// engine was asked (a miss) and that the reply is the engine's own answer
// to what this asker typed, a hit no different from a miss.
func TestAnswerCache(t *testing.T) {
	const admin = 9
	ctx := context.Background()
	eng := countedEngine(t)
	h := startWith(t, eng, bot.WithAdmins(admin), reloader())
	if r := eng.want(ctx, "六盘水2025年GDP目标").Reason; r != answer.OtherPlace {
		t.Fatalf("六盘水2025年GDP目标: %s, want %s, which names the place as asked", r, answer.OtherPlace)
	}
	first := map[string]bottest.Call{} // the reply to each text when first asked
	for _, tc := range []struct {
		name, text string
		from       int64
		asked      bool // of the engine, not the cache
	}{
		{"first time", "遵义2025年城区常住人口目标是多少", user, true},
		{"again", "遵义2025年城区常住人口目标是多少", user, false},
		{"again, by someone else", "遵义2025年城区常住人口目标是多少", user + 1, false},
		{"full-width digits, one Key", "遵义２０２５年城区常住人口目标是多少", user, false},
		{"Chinese numerals, one Key", "遵义二〇二五年城区常住人口目标是多少", user, false},
		{"another question", "餐厨垃圾处理谁负责", user, true},
		{"in a group, after the mention", "@" + bottest.BotUsername + " 餐厨垃圾处理谁负责", -100777, false},
		{"a command", "/search 海绵城市", user, true},
		{"the command again", "/search 海绵城市", user, false},
		{"its argument spelled otherwise: the command quotes it", "/dept 省水利廳", user, true},
		{"and as first spelled", "/dept 省水利厅", user, true},
		{"again", "/dept 省水利厅", user, false},
		{"a clause", "/clause 15", user, true},
		{"the clause again", "/clause 15", user, false},
		{"a place the plan sets nothing for", "六盘水2025年GDP目标", user, true},
		{"that place spelled otherwise is named as spelled", "六盤水2025年GDP目標", user, true},
		{"the first spelling again: one answer is kept a Key", "六盘水2025年GDP目标", user, true},
		{"unanswered", "xyzzy是什么", user, true},
		{"unanswered, other case", "XYZZY是什么", user, false},
		{"/reload", "/reload", admin, false},
		{"after /reload", "遵义2025年城区常住人口目标是多少", user, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			chat, from := bottest.Private(tc.from), tc.from
			if tc.from < 0 {
				chat, from = bottest.Group(tc.from), user
			}
			q := h.srv.Text(chat, from, tc.text)
			before := eng.asks.Load()
			c := only(t, sends(h.push(bottest.AsMessage(q)), q.ID()), tc.text)
			if asked := eng.asks.Load() > before; asked != tc.asked {
				t.Errorf("engine asked: %v, want %v", asked, tc.asked)
			}
			if tc.text == "/reload" {
				return
			}
			asked := strings.TrimPrefix(tc.text, "@"+bottest.BotUsername+" ")
			checkReply(t, c, eng.want(ctx, asked))
			f, ok := first[asked]
			if !ok || tc.asked {
				first[asked] = c
			} else if got := c; got.Str("text") != f.Str("text") || got.Str("reply_markup") != f.Str("reply_markup") {
				t.Errorf("from the cache, the reply differs:\n%s %s\nfrom the engine:\n%s %s", got.Str("text"), got.Str("reply_markup"), f.Str("text"), f.Str("reply_markup"))
			}
		})
	}
	// An answer from the cache is to the asker's own question: /stats
	// lists both spellings, not the first twice.
	q := h.srv.Text(bottest.Private(admin), admin, "/stats")
	stats := only(t, sends(h.push(bottest.AsMessage(q)), q.ID()), "/stats").Str("text")
	if r := eng.want(ctx, "xyzzy是什么").Reason; r != answer.NotInPlan {
		t.Fatalf("xyzzy是什么: %s, want %s, which /stats lists", r, answer.NotInPlan)
	}
	if !strings.Contains(stats, "xyzzy是什么") || !strings.Contains(stats, "XYZZY是什么") {
		t.Errorf("/stats does not list each spelling asked:\n%s", stats)
	}
}

func TestAnswerCacheOff(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []bot.Option
		asks int64
	}{
		{"default", nil, 1},
		{"off", []bot.Option{bot.WithAnswerCache(0)}, 3},
		{"one answer", []bot.Option{bot.WithAnswerCache(1)}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eng := countedEngine(t)
			h := startWith(t, eng, tc.opts...)
			for range 3 {
				q := h.srv.Text(bottest.Private(user), user, "海绵城市建设有什么要求")
				checkReply(t, only(t, sends(h.push(bottest.AsMessage(q)), q.ID()), "answer"), eng.want(context.Background(), "海绵城市建设有什么要求"))
			}
			if n := eng.asks.Load(); n != tc.asks {
				t.Errorf("the engine was asked %d times, want %d", n, tc.asks)
			}
		})
	}
}

// TestAnswerCacheSpellings asks each of the engine's test questions, then
// the same in traditional characters and in full-width letters and digits:
// whether from the cache or not, each reply must be the engine's own answer
// to the spelling asked.
func TestAnswerCacheSpellings(t *testing.T) {
	ctx := context.Background()
	eng := countedEngine(t)
	h := startWith(t, eng)
	s2t, err := opencc.New("s2t")
	if err != nil {
		t.Fatal(err)
	}
	wide := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
				return r + 0xFEE0
			}
			return r
		}, s)
	}
	_, qs := benchQuestions(t)
	ask := func(texts []string) {
		t.Helper()
		var ups []map[string]any
		var ms []bottest.Message
		for i, text := range texts {
			m := h.srv.Text(bottest.Private(int64(5000+i)), int64(5000+i), text)
			ms, ups = append(ms, m), append(ups, bottest.AsMessage(m))
		}
		calls := h.push(ups...)
		for i, m := range ms {
			checkReply(t, only(t, sends(calls, m.ID()), texts[i]), eng.want(ctx, texts[i]))
		}
	}
	ask(qs)
	misses := eng.asks.Load()
	var variants []string
	for _, q := range qs {
		trad, err := s2t.Convert(q)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []string{trad, wide(q)} {
			if v != q {
				variants = append(variants, v)
			}
		}
	}
	ask(variants)
	hits := int64(len(variants)) - (eng.asks.Load() - misses)
	t.Logf("%d of %d other spellings came from the cache", hits, len(variants))
	if hits < int64(len(variants))/2 {
		t.Errorf("only %d of %d other spellings came from the cache", hits, len(variants))
	}
}

// TestAnswerCacheConcurrent asks from many chats at once while an admin
// reloads the synonyms: every question is answered, and once the last
// /reload is done no answer from before it is given. Run it with -race.
func TestAnswerCacheConcurrent(t *testing.T) {
	const admin = 9
	ctx := context.Background()
	eng := countedEngine(t)
	h := startWith(t, eng, bot.WithAdmins(admin), reloader(), bot.WithWorkers(16))
	qs := []string{"遵义2025年城区常住人口目标是多少", "餐厨垃圾处理谁负责", "海绵城市建设有什么要求"}
	var ups []map[string]any
	var ms []bottest.Message
	for i := range 90 {
		if i%30 == 0 {
			ups = append(ups, bottest.AsMessage(h.srv.Text(bottest.Private(admin), admin, "/reload")))
		}
		from := int64(2000 + i%30)
		m := h.srv.Text(bottest.Private(from), from, qs[i%len(qs)])
		ms, ups = append(ms, m), append(ups, bottest.AsMessage(m))
	}
	calls := h.push(ups...)
	for i, m := range ms {
		if len(sends(calls, m.ID())) == 0 {
			t.Errorf("question %d (%q) was not answered", i, qs[i%len(qs)])
		}
	}
	for _, text := range qs {
		q := h.srv.Text(bottest.Private(user), user, text)
		checkReply(t, only(t, sends(h.push(bottest.AsMessage(q)), q.ID()), text), eng.want(ctx, text))
	}
}
