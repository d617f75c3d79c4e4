package bot

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/planbot/planbot/answer"
)

// maxMessage is Telegram's limit on a message's text after entity parsing,
// counted (conservatively) in UTF-16 code units as Telegram counts them.
const maxMessage = 4096

// htmlEscaper escapes exactly what Telegram's HTML parse mode needs: it knows
// only &lt; &gt; &amp; &quot; by name, so html.EscapeString's &#39; would
// cost characters for nothing.
var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escape makes any text, the plan's or a user's, safe in an HTML message.
// Invalid UTF-8 is replaced because Telegram rejects the whole request for
// one bad byte.
func escape(s string) string {
	return htmlEscaper.Replace(strings.ToValidUTF8(s, "\uFFFD"))
}

// formatHTML escapes text and sets the figures in bold where the engine
// wrote them (byte spans of text). A span out of order, overlapping the one
// before, outside the text or not on character boundaries is skipped
// rather than trusted, so the tags always nest.
func formatHTML(text string, figures []answer.Span) string {
	if !utf8.ValidString(text) {
		return escape(text) // the spans no longer fit the text
	}
	var b strings.Builder
	b.Grow(len(text) + 7*len(figures))
	at := 0
	for _, f := range figures {
		if f.Start < at || f.End <= f.Start || f.End > len(text) || !utf8.RuneStart(text[f.Start]) ||
			f.End < len(text) && !utf8.RuneStart(text[f.End]) {
			continue
		}
		b.WriteString(htmlEscaper.Replace(text[at:f.Start]))
		b.WriteString("<b>" + htmlEscaper.Replace(text[f.Start:f.End]) + "</b>")
		at = f.End
	}
	b.WriteString(htmlEscaper.Replace(text[at:]))
	return b.String()
}

// pageLines is how many lines a message shows before its [更多] button: a
// phone screen or two, where /targets 2025's 114 lines in one message
// scrolled past what anyone reads.
const pageLines = 25

// page is one page of a view's text: its bytes [start, end).
type page struct{ start, end int }

// paginate cuts text into pages of at most pageLines lines and one message
// each, at line ends (a line longer than a message is cut within it), each
// without white space at either end. Every character but white space at
// the cuts is on exactly one page, in order.
func paginate(text string) []page {
	var out []page
	add := func(start, end int) {
		for start < end {
			r, n := utf8.DecodeRuneInString(text[start:end])
			if !unicode.IsSpace(r) {
				break
			}
			start += n
		}
		for end > start {
			r, n := utf8.DecodeLastRuneInString(text[start:end])
			if !unicode.IsSpace(r) {
				break
			}
			end -= n
		}
		if end > start {
			out = append(out, page{start, end})
		}
	}
	start, lines, units := 0, 0, 0
	for pos := 0; pos < len(text); {
		end := len(text)
		if i := strings.IndexByte(text[pos:], '\n'); i >= 0 {
			end = pos + i + 1
		}
		n := utf16Len(text[pos:end])
		if lines > 0 && (lines >= pageLines || units+n > maxMessage) {
			add(start, pos)
			start, lines, units = pos, 0, 0
		}
		if n > maxMessage { // a line longer than a message: cut within it
			for _, piece := range split(text[pos:end], maxMessage) {
				add(pos, pos+len(piece))
				pos += len(piece)
			}
			start = end
			continue
		}
		lines, units, pos = lines+1, units+n, end
	}
	add(start, len(text))
	return out
}

// within is the figures of a page, placed in its text.
func within(figures []answer.Span, p page) []answer.Span {
	var out []answer.Span
	for _, f := range figures {
		f.Start, f.End = max(f.Start, p.start)-p.start, min(f.End, p.end)-p.start
		if f.End > f.Start {
			out = append(out, f)
		}
	}
	return out
}

// utf16Len is the length Telegram measures a text by.
func utf16Len(s string) int {
	n := 0
	for _, r := range s { // an invalid byte ranges as U+FFFD, one unit
		n += utf16.RuneLen(r)
	}
	return n
}

// split cuts text into pieces of at most limit UTF-16 units, preferring to
// cut after a newline so that a clause is never broken mid-line unless one
// line alone is too long. Joined, the pieces are exactly text.
func split(text string, limit int) []string {
	if limit < 2 { // room for one surrogate pair at least
		limit = 2
	}
	var out []string
	for text != "" {
		if utf16Len(text) <= limit {
			out = append(out, text)
			break
		}
		cut, lastNL, n := 0, -1, 0
		for cut < len(text) {
			r, size := utf8.DecodeRuneInString(text[cut:])
			w := utf16.RuneLen(r)
			if n+w > limit {
				break
			}
			n += w
			cut += size
			if r == '\n' {
				lastNL = cut
			}
		}
		if lastNL > 0 {
			cut = lastNL
		}
		out = append(out, text[:cut])
		text = text[cut:]
	}
	return out
}

// truncate shortens text to fit one message of limit units, cutting at a line
// end where it can and saying so, for views that must stay a single message
// (an edited message cannot become two).
func truncate(text string, limit int, note string) string {
	if utf16Len(text) <= limit {
		return text
	}
	parts := split(text, limit-utf16Len(note)-1)
	return strings.TrimRight(parts[0], "\n") + "\n" + note
}

// clean turns what a user typed into a question: it drops control and
// invisible format characters (zero-width spaces, BOMs, bidi overrides) that
// would defeat matching, folds all whitespace to single spaces and replaces
// invalid UTF-8.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "")
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// firstLine is the first non-empty line of s, shortened to max runes, for
// inline result titles.
func firstLine(s string, max int) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return shorten(l, max)
		}
	}
	return ""
}

// shorten cuts s to max runes with an ellipsis.
func shorten(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}

// stripMarkup takes HTML out of what a user typed — pasted from a web page,
// or typed to probe the bot — so that the words around it are the
// question: "<script>alert('x')</script> 遵义 人口" asks 遵义 人口. Only what
// reads as markup goes: a tag is < with a Latin tag name (省委宣传部<省精神文明办>
// keeps its brackets), a comment is <!-- … -->, and a script or style
// element goes whole. Each is replaced by a space, so that the words on
// either side stay apart.
func stripMarkup(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		n, name, closing := markupAt(s[i:])
		if n == 0 {
			b.WriteByte('<')
			s = s[i+1:]
			continue
		}
		b.WriteByte(' ')
		s = s[i+n:]
		if !closing && (name == "script" || name == "style") {
			// Its content is code, not words: up to its end tag.
			rest := strings.ToLower(s)
			if j := strings.Index(rest, "</"+name); j >= 0 {
				s = s[j:]
				n, _, _ := markupAt(s)
				if n == 0 {
					n = len(s) // an end tag cut short: the rest is the element's too
				}
				s = s[n:]
			}
		}
	}
}

// markupAt is the length of the tag or comment s starts with, 0 if none,
// and a tag's lower-case name.
func markupAt(s string) (n int, name string, closing bool) {
	if strings.HasPrefix(s, "<!--") {
		if j := strings.Index(s[4:], "-->"); j >= 0 {
			return 4 + j + 3, "", false
		}
		return 0, "", false
	}
	j := 1
	if j < len(s) && s[j] == '/' {
		closing = true
		j++
	}
	start := j
	for j < len(s) && (isLatin(s[j]) || j > start && (s[j] >= '0' && s[j] <= '9' || s[j] == '-')) {
		j++
	}
	if j == start {
		return 0, "", false
	}
	name = strings.ToLower(s[start:j])
	// Attributes, up to the > that closes the tag, on one line of a
	// sensible length.
	for k := j; k < len(s) && k < j+500; k++ {
		switch s[k] {
		case '>':
			if k == j || s[j] == ' ' || s[j] == '/' || s[j] == '\t' {
				return k + 1, name, closing
			}
			return 0, "", false
		case '<', '\n':
			return 0, "", false
		}
	}
	return 0, "", false
}

func isLatin(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// cleanQuestion is what a user typed as the engine is asked it: markup out,
// then clean.
func cleanQuestion(s string) string { return clean(stripMarkup(s)) }
