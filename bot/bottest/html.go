package bottest

import (
	"fmt"
	"strconv"
	"strings"
)

// telegramTags are the tags Telegram's HTML parse mode accepts; anything
// else (bleve's <mark>, say) makes it refuse the whole message.
func telegramTag(name string) bool {
	switch name {
	case "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "a",
		"tg-spoiler", "tg-emoji", "span", "blockquote":
		return true
	}
	return false
}

// PlainText checks text as Telegram parses HTML — only its tags, properly
// nested, and only &lt; &gt; &amp; &quot; and numeric entities — and returns
// what the reader sees.
func PlainText(html string) (string, error) {
	var out strings.Builder
	var open []string
	for i := 0; i < len(html); {
		switch c := html[i]; c {
		case '<':
			end := strings.IndexByte(html[i:], '>')
			if end < 0 {
				return "", fmt.Errorf("unclosed start tag at byte offset %d", i)
			}
			tag := html[i+1 : i+end]
			i += end + 1
			if name, ok := strings.CutPrefix(tag, "/"); ok {
				if len(open) == 0 || open[len(open)-1] != name {
					return "", fmt.Errorf("unmatched end tag %q", name)
				}
				open = open[:len(open)-1]
				continue
			}
			name, _, _ := strings.Cut(tag, " ")
			if !telegramTag(name) {
				return "", fmt.Errorf("unsupported start tag %q", name)
			}
			open = append(open, name)
		case '>':
			return "", fmt.Errorf("unescaped > at byte offset %d", i)
		case '&':
			end := strings.IndexByte(html[i:], ';')
			if end < 0 {
				return "", fmt.Errorf("unescaped & at byte offset %d", i)
			}
			ent := html[i+1 : i+end]
			i += end + 1
			switch ent {
			case "lt":
				out.WriteByte('<')
			case "gt":
				out.WriteByte('>')
			case "amp":
				out.WriteByte('&')
			case "quot":
				out.WriteByte('"')
			default:
				n, err := strconv.Atoi(strings.TrimPrefix(ent, "#"))
				if !strings.HasPrefix(ent, "#") || err != nil {
					return "", fmt.Errorf("unsupported entity &%s;", ent)
				}
				out.WriteRune(rune(n))
			}
		default:
			out.WriteByte(c)
			i++
		}
	}
	if len(open) > 0 {
		return "", fmt.Errorf("unclosed tag %q", open[len(open)-1])
	}
	return out.String(), nil
}
