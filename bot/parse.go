package bot

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"
)

// maxCallbackData is Telegram's limit on callback_data, in bytes.
const maxCallbackData = 64

// callback is what an inline keyboard button asks for. It is encoded into
// callback_data instead of being kept in memory, so that buttons keep working
// across restarts and no state grows with the number of answers sent.
type callback struct {
	// Kind is 'x' to ask example question Example, 'n' for a button that
	// only says something (the thanks for a vote), the view of an answer
	// to show: 'a' the reply (Result 0) or one of its results, 'f' a
	// result's whole clause, 'd' its 责任单位 — or a file made from the
	// answer: 'c' the chart of its figures, 'e' the 分工表 of the department
	// it is about (an Excel workbook).
	Kind byte
	// Vote is '+' (👍) or '-' (👎) for a tap that votes on the answer
	// before showing the view; 0 otherwise. Voted views offer no vote.
	Vote  byte
	Voted bool
	// Where the answer's question comes from: example Example, or else the
	// message the answer replies to — a question, an answering command, or
	// the argument of Command after its prompt ('c' /clause, 'd' /dept,
	// 't' /targets, 's' /search).
	FromExample bool
	Example     int
	Command     byte
	// Result is 0 for the reply, i for its i-th result; Page is the page
	// of the view's text.
	Result int
	Page   int
}

// Limits on the numbers a callback carries, so that every one fits in
// callback_data.
const (
	maxExamples = 100
	maxResults  = 1000
	maxPages    = 1000
)

// data encodes c as callback_data: "x:3", "n", "a:r:0:0", "+f:rc:2:1",
// "dv:e1:3:0", and for files "c:r", "e:rd". A file is of the whole answer,
// so its buttons carry only where the question comes from.
func (c callback) data() string {
	switch c.Kind {
	case 'x':
		return "x:" + strconv.Itoa(c.Example)
	case 'n':
		return "n"
	case 'c', 'e':
		return string(c.Kind) + ":" + c.source()
	}
	head := string(c.Kind)
	if c.Vote != 0 {
		head = string(c.Vote) + head
	}
	if c.Voted {
		head += "v"
	}
	return head + ":" + c.source() + ":" + strconv.Itoa(c.Result) + ":" + strconv.Itoa(c.Page)
}

// source encodes where c's question comes from: "r" the message replied
// to, "rc" the argument of /clause after its prompt, "e3" example 3.
func (c callback) source() string {
	src := "r"
	if c.FromExample {
		src = "e" + strconv.Itoa(c.Example)
	} else if c.Command != 0 {
		src += string(c.Command)
	}
	return src
}

// parseSource decodes what source wrote into c.
func parseSource(src string, c *callback) bool {
	switch {
	case src == "r":
	case len(src) == 2 && src[0] == 'r' && commandOf(src[1]) != "":
		c.Command = src[1]
	case strings.HasPrefix(src, "e"):
		n, ok := smallInt(src[1:], maxExamples)
		if !ok {
			return false
		}
		c.FromExample, c.Example = true, n
	default:
		return false
	}
	return true
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

// commandOf is the answering command a callback names by letter, or "".
func commandOf(letter byte) string {
	switch letter {
	case 'c':
		return "clause"
	case 'd':
		return "dept"
	case 't':
		return "targets"
	case 's':
		return "search"
	}
	return ""
}

// commandLetter is the letter a callback names an answering command by.
func commandLetter(name string) byte {
	for _, l := range []byte("cdts") {
		if commandOf(l) == name {
			return l
		}
	}
	return 0
}

// parseCallback decodes callback_data; anything it did not write (an old
// keyboard, a forged query) is rejected rather than guessed at.
func parseCallback(s string) (callback, bool) {
	if s == "n" {
		return callback{Kind: 'n'}, true
	}
	parts := strings.Split(s, ":")
	if len(parts) == 2 && parts[0] == "x" {
		n, ok := smallInt(parts[1], maxExamples)
		return callback{Kind: 'x', Example: n}, ok
	}
	if len(parts) == 2 && (parts[0] == "c" || parts[0] == "e") {
		c := callback{Kind: parts[0][0]}
		return c, parseSource(parts[1], &c)
	}
	if len(parts) != 4 {
		return callback{}, false
	}
	var c callback
	head := parts[0]
	if head != "" && (head[0] == '+' || head[0] == '-') {
		c.Vote, head = head[0], head[1:]
	}
	if v, ok := strings.CutSuffix(head, "v"); ok && c.Vote == 0 {
		c.Voted, head = true, v
	}
	if len(head) != 1 || !strings.Contains("afd", head) {
		return callback{}, false
	}
	c.Kind = head[0]
	if !parseSource(parts[1], &c) {
		return callback{}, false
	}
	var ok1, ok2 bool
	c.Result, ok1 = smallInt(parts[2], maxResults)
	c.Page, ok2 = smallInt(parts[3], maxPages)
	if !ok1 || !ok2 {
		return callback{}, false
	}
	return c, true
}

// to is the view c leads to: another kind of view of another result, on
// its first page, from the same question, with the vote as it stands.
func (c callback) to(kind byte, result int) callback {
	d := c
	d.Kind, d.Result, d.Page, d.Vote = kind, result, 0, 0
	return d
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

// clauseRefs reads /clause's argument as the clauses it names by number,
// each as the engine's Clause takes it: "15", "十五", "G3" — without the
// 第…条 a question writes around them, which Clause adds itself. Several
// are separated by spaces, punctuation or 和/与/及/或 (第15条和第16条, 15 16,
// 15、16); the same clause named twice is shown once. ok is false when
// anything else is written: the argument is then no list of numbers.
func clauseRefs(arg string) (refs []string, ok bool) {
	arg = strings.ReplaceAll(arg, "以及", "和")
	fields := strings.FieldsFunc(arg, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) && !strings.ContainsRune("-－—~～", r) || strings.ContainsRune("和与及或", r)
	})
	for _, f := range fields {
		ref := strings.TrimSuffix(strings.TrimPrefix(f, "第"), "条")
		if !isClauseNumber(ref) {
			return nil, false
		}
		if !slices.Contains(refs, ref) {
			refs = append(refs, ref)
		}
	}
	return refs, len(refs) > 0
}

// isClauseNumber says whether s is a clause's number: digits (ASCII or
// full width), a number in Chinese numerals, or a letter of the plan's
// unnumbered parts (G, S, R) with digits.
func isClauseNumber(s string) bool {
	if s == "" {
		return false
	}
	digits := func(s string) bool {
		for _, r := range s {
			if !(r >= '0' && r <= '9' || r >= '０' && r <= '９') {
				return false
			}
		}
		return s != ""
	}
	switch r := []rune(s)[0]; {
	case strings.ContainsRune("GSRgsrＧＳＲｇｓｒ", r):
		return digits(string([]rune(s)[1:]))
	case digits(s):
		return true
	}
	for _, r := range s {
		if !strings.ContainsRune("〇零一二三四五六七八九十百两", r) {
			return false
		}
	}
	return true
}
