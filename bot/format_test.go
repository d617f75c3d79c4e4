package bot

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/bot/bottest"
)

// spans marks figures in a text written with [[…]] around each, and
// returns the text without the marks and where the figures stand.
func spans(marked string) (string, []answer.Span) {
	var b strings.Builder
	var out []answer.Span
	for {
		i := strings.Index(marked, "[[")
		j := strings.Index(marked, "]]")
		if i < 0 || j < i {
			b.WriteString(marked)
			return b.String(), out
		}
		b.WriteString(marked[:i])
		start := b.Len()
		b.WriteString(marked[i+2 : j])
		out = append(out, answer.Span{Start: start, End: b.Len()})
		marked = marked[j+2:]
	}
}

func TestFormatHTML(t *testing.T) {
	for _, tc := range []struct {
		marked string
		want   string
	}{
		{"城区人口[[180万左右]]", "城区人口<b>180万左右</b>"},
		{"a<b>&c", "a&lt;b&gt;&amp;c"},
		{"省委宣传部<省精神文明办>：[[1.6:1]]", "省委宣传部&lt;省精神文明办&gt;：<b>1.6:1</b>"},
		// Where the figure stands, not where its text first does.
		{"都市圈 1090万左右；六盘水 [[90万左右]]", "都市圈 1090万左右；六盘水 <b>90万左右</b>"},
		{"[[1090万左右]]、[[90万左右]]", "<b>1090万左右</b>、<b>90万左右</b>"},
		{"x [[<y>]] x", "x <b>&lt;y&gt;</b> x"},
		{"无", "无"},
	} {
		text, figures := spans(tc.marked)
		if got := formatHTML(text, figures); got != tc.want {
			t.Errorf("formatHTML(%q, %v) = %q, want %q", text, figures, got, tc.want)
		}
	}
	// Spans that do not fit the text are skipped, never trusted.
	for _, tc := range []struct {
		text    string
		figures []answer.Span
		want    string
	}{
		{"遵义", []answer.Span{{Start: 1, End: 3}}, "遵义"},                                // inside a character
		{"abc", []answer.Span{{Start: 1, End: 9}}, "abc"},                              // past the end
		{"abcd", []answer.Span{{Start: 1, End: 3}, {Start: 2, End: 4}}, "a<b>bc</b>d"}, // overlapping
		{"abc", []answer.Span{{Start: 2, End: 2}, {Start: -1, End: 1}}, "abc"},
		{"bad\xffbyte", []answer.Span{{Start: 0, End: 3}}, "bad\uFFFDbyte"},
	} {
		if got := formatHTML(tc.text, tc.figures); got != tc.want {
			t.Errorf("formatHTML(%q, %v) = %q, want %q", tc.text, tc.figures, got, tc.want)
		}
	}
}

func FuzzFormatHTML(f *testing.F) {
	f.Add("城区人口180万左右<mark>", 4, 9, 12, 20)
	f.Add("&amp;<>\"'", 0, 1, 1, 2)
	f.Add("\xff\xfe", 0, 1, 0, 2)
	f.Fuzz(func(t *testing.T, text string, s1, e1, s2, e2 int) {
		out := formatHTML(text, []answer.Span{{Start: s1, End: e1}, {Start: s2, End: e2}})
		plain, err := bottest.PlainText(out)
		if err != nil {
			t.Fatalf("Telegram would reject %q: %v", out, err)
		}
		if want := strings.ToValidUTF8(text, "\uFFFD"); plain != want {
			t.Fatalf("visible text %q, want %q", plain, want)
		}
	})
}

func TestSplit(t *testing.T) {
	line := strings.Repeat("遵", 99) + "\n" // 100 units
	for _, tc := range []struct {
		text  string
		limit int
		want  []int // lengths in runes
	}{
		{"", 10, nil},
		{"short", 10, []int{5}},
		{strings.Repeat(line, 5), 250, []int{200, 200, 100}},
		{strings.Repeat("a", 25), 10, []int{10, 10, 5}},
		{strings.Repeat("😀", 5), 4, []int{2, 2, 1}}, // a surrogate pair is never cut
	} {
		var got []int
		for _, p := range split(tc.text, tc.limit) {
			got = append(got, utf8.RuneCountInString(p))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("split(%.20q, %d) parts %v, want %v", tc.text, tc.limit, got, tc.want)
		}
	}
}

func FuzzSplit(f *testing.F) {
	f.Add("第一行\n第二行\n😀😀😀", 5)
	f.Add(strings.Repeat("遵义人口\n", 2000), 4096)
	f.Add("\xff\xfe\n\n", 2)
	f.Fuzz(func(t *testing.T, text string, limit int) {
		if limit < 2 || limit > 10000 {
			return
		}
		parts := split(text, limit)
		if strings.Join(parts, "") != text {
			t.Fatalf("parts do not join to the text")
		}
		for _, p := range parts {
			if p == "" || utf16Len(p) > limit {
				t.Fatalf("part of %d units (limit %d): %q", utf16Len(p), limit, p)
			}
		}
	})
}

func TestTruncate(t *testing.T) {
	text := strings.Repeat("遵义人口\n", 2000)
	got := truncate(text, maxMessage, textTruncated)
	if utf16Len(got) > maxMessage || !strings.HasSuffix(got, textTruncated) || !strings.HasPrefix(text, strings.TrimSuffix(got, textTruncated)) {
		t.Errorf("truncate: %d units, suffix ok %v", utf16Len(got), strings.HasSuffix(got, textTruncated))
	}
	if truncate("short", 10, "…") != "short" {
		t.Error("truncate changed a short text")
	}
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"  遵义\u200b人口  ":           "遵义人口",
		"a\x00b\x1bc\u202ed":       "abcd",
		"海绵\n\t城市":                 "海绵 城市",
		"😀 👍🏽":                     "😀 👍🏽",
		"\xff遵义":                   "遵义",
		"\u200b\u200c\u2060\ufeff": "",
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzClean(f *testing.F) {
	f.Add("遵\u200b义 \x00人口\n")
	f.Fuzz(func(t *testing.T, s string) {
		c := clean(s)
		if !utf8.ValidString(c) || c != strings.TrimSpace(c) || strings.Contains(c, "  ") {
			t.Fatalf("clean(%q) = %q", s, c)
		}
		if clean(c) != c {
			t.Fatalf("clean is not idempotent on %q", s)
		}
	})
}

func TestParseCommand(t *testing.T) {
	for _, tc := range []struct {
		text, name, target, args string
		ok                       bool
	}{
		{"/clause 15", "clause", "", "15", true},
		{"/clause@planbot_bot  第15条 ", "clause", "planbot_bot", "第15条", true},
		{"/HELP", "help", "", "", true},
		{"/dept\n省水利厅", "dept", "", "省水利厅", true},
		{"/", "", "", "", false},
		{"/遵义", "", "", "", false},
		{"遵义 /clause", "", "", "", false},
	} {
		name, target, args, ok := parseCommand(tc.text)
		if name != tc.name || target != tc.target || args != tc.args || ok != tc.ok {
			t.Errorf("parseCommand(%q) = %q %q %q %v", tc.text, name, target, args, ok)
		}
	}
}

func TestClauseRef(t *testing.T) {
	for in, want := range map[string]string{"15": "15", "第15条": "15", "１５": "15", "015": "15", "g1": "G1", "S29": "S29", "abc": "", "": "", "99999": "", "-1": "", "1.5": ""} {
		got, ok := clauseRef(in)
		if got != want || ok != (want != "") {
			t.Errorf("clauseRef(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
}

func FuzzParseCommand(f *testing.F) {
	f.Add("/clause@bot 15")
	f.Add("/clause 第１５条")
	f.Fuzz(func(t *testing.T, text string) {
		name, _, args, ok := parseCommand(text)
		if ok && (name == "" || len(name) > 32 || args != clean(args)) {
			t.Fatalf("parseCommand(%q) = %q, %q", text, name, args)
		}
		if ref, ok := clauseRef(args); ok && len(ref) > 5 {
			t.Fatalf("clauseRef(%q) = %q", args, ref)
		}
	})
}

func TestCallbackData(t *testing.T) {
	for _, c := range []callback{
		{Kind: 'x', Example: 4},
		{Kind: 'a', Page: 0},
		{Kind: 'f', Page: 999},
		{Kind: 'd', FromExample: true, Example: 99, Page: 12},
	} {
		d := c.data()
		if len(d) > maxCallbackData {
			t.Errorf("%q is longer than %d bytes", d, maxCallbackData)
		}
		if got, ok := parseCallback(d); !ok || got != c {
			t.Errorf("parseCallback(%q) = %+v %v, want %+v", d, got, ok, c)
		}
	}
	for _, d := range []string{"", "x", "x:", "x:-1", "x:01", "x:100", "a:r", "a:r:1000", "q:r:0", "a:e:0", "a:e1x:0", "a:r:0:0", "aa:r:0"} {
		if c, ok := parseCallback(d); ok {
			t.Errorf("parseCallback(%q) accepted: %+v", d, c)
		}
	}
}

func FuzzParseCallback(f *testing.F) {
	f.Add("a:e3:12")
	f.Add("x:4")
	f.Fuzz(func(t *testing.T, d string) {
		c, ok := parseCallback(d)
		if !ok {
			return
		}
		// Every accepted string has exactly one encoding, within Telegram's limit.
		if c.data() != d || len(d) > maxCallbackData {
			t.Fatalf("parseCallback(%q) = %+v, which encodes as %q", d, c, c.data())
		}
	})
}

func TestStripMention(t *testing.T) {
	text := "👍👍 @planbot_bot 海绵城市"
	// Offsets in UTF-16 units: each emoji is two.
	es := []models.MessageEntity{{Type: models.MessageEntityTypeMention, Offset: 5, Length: 12}}
	got, ok := stripMention(text, es, "PlanBot_bot", 1)
	if !ok || clean(got) != "👍👍 海绵城市" {
		t.Errorf("stripMention = %q %v", got, ok)
	}
	if _, ok := stripMention("@other_bot 海绵", []models.MessageEntity{{Type: "mention", Offset: 0, Length: 10}}, "planbot_bot", 1); ok {
		t.Error("another bot's mention counted as ours")
	}
	if _, ok := stripMention("短", []models.MessageEntity{{Type: "mention", Offset: 5, Length: 99}}, "planbot_bot", 1); ok {
		t.Error("an out-of-range entity was used")
	}
}

func FuzzStripMention(f *testing.F) {
	f.Add("😀 @planbot_bot 遵义", 3, 12)
	f.Fuzz(func(t *testing.T, text string, off, length int) {
		es := []models.MessageEntity{{Type: models.MessageEntityTypeMention, Offset: off, Length: length}}
		out, ok := stripMention(text, es, "planbot_bot", 1)
		if !ok && out != text {
			t.Fatalf("text changed without a mention")
		}
	})
}

func TestLimiter(t *testing.T) {
	now := time.Unix(0, 0)
	l := newLimiter(2, time.Second, func() time.Time { return now })
	steps := []struct {
		advance  time.Duration
		ok, warn bool
	}{
		{0, true, false}, {0, true, false}, {0, false, true}, {0, false, false},
		{time.Second, true, false}, {0, false, true}, {10 * time.Second, true, false}, {0, true, false}, {0, false, true},
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		if ok, warn := l.take(1); ok != s.ok || warn != s.warn {
			t.Errorf("step %d: take = %v %v, want %v %v", i, ok, warn, s.ok, s.warn)
		}
	}
}

func TestSeenSet(t *testing.T) {
	s := newSeenSet(2)
	for i, tc := range []struct {
		id  int64
		new bool
	}{{1, true}, {1, false}, {2, true}, {3, true}, {1, true}, {3, false}} {
		if got := s.add(tc.id); got != tc.new {
			t.Errorf("step %d: add(%d) = %v", i, tc.id, got)
		}
	}
}
