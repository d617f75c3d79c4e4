package bot

import (
	"fmt"
	"slices"
	"strings"
	"testing"
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

func TestPaginate(t *testing.T) {
	lines := func(n int, line string) string {
		var s []string
		for i := range n {
			s = append(s, fmt.Sprintf("%s%d", line, i))
		}
		return strings.Join(s, "\n")
	}
	long := strings.Repeat("遵", maxMessage+10)
	for _, tc := range []struct {
		name  string
		text  string
		pages int
	}{
		{"empty", "", 0},
		{"white space only", " \n\n ", 0},
		{"one line", "遵义", 1},
		{"25 lines", lines(25, "行"), 1},
		{"26 lines", lines(26, "行"), 2},
		{"114 lines", lines(114, "· 全省 常住人口城镇化率：2025年 60%左右（G0）"), 5},
		{"long lines", lines(3, strings.Repeat("遵", 2000)), 2},
		{"a line longer than a message", long + "\n短", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps := paginate(tc.text)
			if len(ps) != tc.pages {
				t.Errorf("%d pages, want %d", len(ps), tc.pages)
			}
			checkPages(t, tc.text, ps)
		})
	}
}

// checkPages asserts paginate's promise: pages in order, each a message of
// at most pageLines lines with no white space at either end, holding every
// character but the white space at the cuts.
func checkPages(t *testing.T, text string, ps []page) {
	t.Helper()
	var joined strings.Builder
	at := 0
	for _, p := range ps {
		if p.start < at || p.end <= p.start || p.end > len(text) {
			t.Fatalf("page %v out of order after %d (text of %d bytes)", p, at, len(text))
		}
		pt := text[p.start:p.end]
		if strings.TrimSpace(pt) != pt || utf16Len(pt) > maxMessage || strings.Count(pt, "\n") >= pageLines || !utf8.ValidString(pt) {
			t.Fatalf("page %q: %d units, %d lines", shortQ(pt), utf16Len(pt), strings.Count(pt, "\n")+1)
		}
		if strings.TrimSpace(text[at:p.start]) != "" {
			t.Fatalf("%q is on no page", shortQ(text[at:p.start]))
		}
		joined.WriteString(pt)
		at = p.end
	}
	if strings.TrimSpace(text[at:]) != "" {
		t.Fatalf("%q is on no page", shortQ(text[at:]))
	}
}

func shortQ(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

func FuzzPaginate(f *testing.F) {
	f.Add("第一行\n\n第二行\n😀😀😀\n")
	f.Add(strings.Repeat("遵义人口\n", 200))
	f.Add("\xff\xfe\n\n")
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return // replies are valid UTF-8: the engine's, or cleaned
		}
		checkPages(t, text, paginate(text))
	})
}

func TestStripMarkup(t *testing.T) {
	for in, want := range map[string]string{
		"<script>alert('x')</script> 遵义 人口":           "遵义 人口",
		"<SCRIPT type=text/javascript>x<y</Script>遵义": "遵义",
		"<b>遵义</b> 人口":                                "遵义 人口",
		"遵义<br/>人口":                                   "遵义 人口",
		"<a href=\"http://x\">海绵城市</a>":               "海绵城市",
		"<!-- 注释 -->海绵城市":                             "海绵城市",
		"省委宣传部<省精神文明办>负责哪些":                           "省委宣传部<省精神文明办>负责哪些",
		"1 < 2 且 3 > 2":                               "1 < 2 且 3 > 2",
		"a <b":                                        "a <b",
		"<style>p{}</style":                           "",
		"<3 遵义":                                       "<3 遵义",
		"<bogus 遵义":                                   "<bogus 遵义",
	} {
		if got := cleanQuestion(in); got != want {
			t.Errorf("cleanQuestion(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzStripMarkup(f *testing.F) {
	f.Add("<script>alert('x')</script> 遵义 人口")
	f.Add("省委宣传部<省精神文明办>")
	f.Add("<b><i>x</i></b><!--")
	f.Fuzz(func(t *testing.T, s string) {
		out := stripMarkup(s)
		if !strings.Contains(s, "<") && out != s {
			t.Fatalf("stripMarkup(%q) = %q: changed a text without markup", s, out)
		}
		if len(out) > len(s)+strings.Count(s, "<") {
			t.Fatalf("stripMarkup(%q) = %q: longer", s, out)
		}
		if utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("stripMarkup(%q) = %q: invalid UTF-8", s, out)
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

func TestClauseRefs(t *testing.T) {
	for _, tc := range []struct {
		arg  string
		refs []string // nil: not a list of clause numbers
	}{
		{"15", []string{"15"}},
		{"第15条", []string{"15"}},
		{"第十五条", []string{"十五"}},
		{"第１５条", []string{"１５"}},
		{"第G9条", []string{"G9"}},
		{"s29", []string{"s29"}},
		{"第15条和第16条", []string{"15", "16"}},
		{"15 16", []string{"15", "16"}},
		{"15、16、15。", []string{"15", "16"}},
		{"第15条以及第十六条", []string{"15", "十六"}},
		{"", nil},
		{"第条", nil},
		{"abc", nil},
		{"都市圈建设那条", nil},
		{"15 海绵城市", nil},
		{"第15—18条", nil},
		{"G", nil},
	} {
		refs, ok := clauseRefs(tc.arg)
		if ok != (tc.refs != nil) || !slices.Equal(refs, tc.refs) {
			t.Errorf("clauseRefs(%q) = %q %v, want %q", tc.arg, refs, ok, tc.refs)
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
	})
}

func TestCallbackData(t *testing.T) {
	for _, c := range []callback{
		{Kind: 'x', Example: 4},
		{Kind: 'n'},
		{Kind: 'a'},
		{Kind: 'f', Result: 999, Page: 999},
		{Kind: 'd', FromExample: true, Example: 99, Result: 12},
		{Kind: 'a', Command: 'c', Result: 3, Page: 2},
		{Kind: 'a', Vote: '+', Command: 't'},
		{Kind: 'f', Vote: '-', Result: 1},
		{Kind: 'd', Voted: true, Result: 2},
		{Kind: 'c'},
		{Kind: 'c', Command: 't'},
		{Kind: 'e', Command: 'd'},
		{Kind: 'e', FromExample: true, Example: 2},
	} {
		d := c.data()
		if len(d) > maxCallbackData {
			t.Errorf("%q is longer than %d bytes", d, maxCallbackData)
		}
		if got, ok := parseCallback(d); !ok || got != c {
			t.Errorf("parseCallback(%q) = %+v %v, want %+v", d, got, ok, c)
		}
	}
	for _, d := range []string{"", "x", "x:", "x:-1", "x:01", "x:100", "a:r", "a:r:0", "a:r:1000:0", "a:r:0:1000",
		"q:r:0:0", "a:e:0:0", "a:e1x:0:0", "a:r:0:0:0", "aa:r:0:0", "a:rx:0:0", "a:rcc:0:0", "+av:r:0:0", "v:r:0:0",
		"++a:r:0:0", "*a:r:0:0", "n:", "a:r:1:0 ", "a:r:00:0",
		"c", "c:", "c:q", "c:r:0:0", "c:rx", "c:e", "c:e01", "+c:r", "cv:r", "e:r:0", "ce:r", "c:r ",
		"a:r:1", "f:e3:12"} { // the format before pages and votes
		if c, ok := parseCallback(d); ok {
			t.Errorf("parseCallback(%q) accepted: %+v", d, c)
		}
	}
}

func FuzzParseCallback(f *testing.F) {
	f.Add("a:e3:12:1")
	f.Add("+dv:rc:3:0")
	f.Add("x:4")
	f.Add("c:rt")
	f.Add("e:e1")
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

// FuzzClauseRefs: any argument gives either no list or refs that are each a
// clause number, named once, with no 第 or 条 left around them.
func FuzzClauseRefs(f *testing.F) {
	for _, s := range []string{"15", "第15条和第16条", "15 16", "十五、G3", "第第99条条", "15以及16", "都市圈建设那条", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, arg string) {
		refs, ok := clauseRefs(arg)
		if ok != (len(refs) > 0) {
			t.Fatalf("clauseRefs(%q) = %q, %v: ok must say whether there are refs", arg, refs, ok)
		}
		seen := map[string]bool{}
		for _, r := range refs {
			if !isClauseNumber(r) || strings.HasPrefix(r, "第") || strings.HasSuffix(r, "条") || seen[r] {
				t.Fatalf("clauseRefs(%q) = %q: %q is no clause number named once", arg, refs, r)
			}
			seen[r] = true
		}
	})
}
