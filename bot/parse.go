package bot

import (
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"
)

// maxCallbackData is Telegram's limit on callback_data, in bytes.
const maxCallbackData = 64

// callback is what an inline keyboard button asks for. It is encoded into
// callback_data instead of being kept in memory, so that buttons keep working
// across restarts and no state grows with the number of answers sent.
type callback struct {
	// Kind is 'x' to ask example question Example, or the view of an answer
	// to show: 'a' the answer (page Page), 'f' the whole clause, 'd' its
	// 责任单位.
	Kind byte
	// FromExample says the answer's question is example Example; otherwise
	// it is the message the answer replies to.
	FromExample bool
	Example     int
	Page        int
}

// data encodes c as callback_data: "x:3", "a:r:2", "f:e1:0".
func (c callback) data() string {
	if c.Kind == 'x' {
		return "x:" + strconv.Itoa(c.Example)
	}
	src := "r"
	if c.FromExample {
		src = "e" + strconv.Itoa(c.Example)
	}
	return string(c.Kind) + ":" + src + ":" + strconv.Itoa(c.Page)
}

// smallInt parses a non-negative decimal below limit without signs or
// leading zeros, so that every valid data string has exactly one encoding.
func smallInt(s string, limit int) (int, bool) {
	if s == "" || len(s) > 4 || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, n < limit
}

// parseCallback decodes callback_data; anything it did not write (an old
// keyboard, a forged query) is rejected rather than guessed at.
func parseCallback(s string) (callback, bool) {
	parts := strings.Split(s, ":")
	switch {
	case len(parts) == 2 && parts[0] == "x":
		n, ok := smallInt(parts[1], 100)
		return callback{Kind: 'x', Example: n}, ok
	case len(parts) != 3 || len(parts[0]) != 1 || !strings.Contains("afd", parts[0]):
		return callback{}, false
	}
	c := callback{Kind: parts[0][0]}
	switch src := parts[1]; {
	case src == "r":
	case strings.HasPrefix(src, "e"):
		n, ok := smallInt(src[1:], 100)
		if !ok {
			return callback{}, false
		}
		c.FromExample, c.Example = true, n
	default:
		return callback{}, false
	}
	p, ok := smallInt(parts[2], 1000)
	if !ok {
		return callback{}, false
	}
	c.Page = p
	return c, true
}

// parseCommand splits "/clause@planbot 15" into ("clause", "planbot", "15").
// The library's MatchTypeCommand misses the @botname form that a group's
// command menu sends, so commands are read from the text here.
func parseCommand(text string) (name, target, args string, ok bool) {
	if !strings.HasPrefix(text, "/") {
		return "", "", "", false
	}
	word, rest, _ := strings.Cut(text[1:], " ")
	if i := strings.IndexAny(word, "\n\t"); i >= 0 {
		word, rest = word[:i], word[i+1:]+" "+rest
	}
	name, target, _ = strings.Cut(word, "@")
	if name == "" || len(name) > 32 {
		return "", "", "", false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return "", "", "", false
		}
	}
	return strings.ToLower(name), target, clean(rest), true
}

// clauseRef reads a clause reference as staff type it: 15, 第15条, １５,
// g1, S29. It returns the engine's ref or false.
func clauseRef(s string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		if r >= '！' && r <= '～' { // full-width ASCII, as Chinese IMEs type it
			r -= 0xFEE0
		}
		b.WriteRune(r)
	}
	s = strings.TrimSuffix(strings.TrimPrefix(strings.ToUpper(b.String()), "第"), "条")
	prefix := ""
	if s != "" && strings.Contains("GRS", s[:1]) {
		prefix, s = s[:1], s[1:]
	}
	if s == "" || len(s) > 4 {
		return "", false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", false
		}
		n = n*10 + int(s[i]-'0')
	}
	return prefix + strconv.Itoa(n), true
}

// entityText returns the part of text an entity covers. Telegram counts
// offsets in UTF-16 units; slicing the Go string by them (as the library's
// command matcher does) breaks on any emoji or CJK text before the entity.
func entityText(u []uint16, e models.MessageEntity) (string, bool) {
	if e.Offset < 0 || e.Length <= 0 || e.Offset > len(u) || e.Length > len(u)-e.Offset {
		return "", false
	}
	return string(utf16.Decode(u[e.Offset : e.Offset+e.Length])), true
}

// stripMention reports whether text mentions @username and returns the text
// without those mentions, so that "@planbot 遵义人口" asks "遵义人口".
func stripMention(text string, entities []models.MessageEntity, username string, botID int64) (string, bool) {
	u := utf16.Encode([]rune(text))
	var keep []uint16
	last, found := 0, false
	for _, e := range entities {
		s, ok := entityText(u, e)
		if !ok || e.Offset < last {
			continue
		}
		mine := e.Type == models.MessageEntityTypeMention && username != "" && strings.EqualFold(s, "@"+username) ||
			e.Type == models.MessageEntityTypeTextMention && e.User != nil && e.User.ID == botID
		if !mine {
			continue
		}
		found = true
		keep = append(keep, u[last:e.Offset]...)
		keep = append(keep, ' ')
		last = e.Offset + e.Length
	}
	if !found {
		return text, false
	}
	keep = append(keep, u[last:]...)
	return string(utf16.Decode(keep)), true
}
