package answer

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/planbot/planbot/data/plan"
)

// Stage 1: fold the question once. Every later stage reads the folded text
// and nothing folds it again.

// maxQuestion bounds what is read of a question: a chat message is at most
// 4096 characters, and nothing longer is one question.
const maxQuestion = 500

// foldedText is a question as the later stages read it.
type foldedText struct {
	text string
	// rawAt[i] is the byte offset in the raw question of the character
	// that gave byte i of text (len(text)+1 entries), so that a reply can
	// quote the user's own words.
	rawAt []int
	raw   string
}

// rawSpan is the raw question's text behind text[start:end].
func (f foldedText) rawSpan(start, end int) string {
	if start < 0 || end > len(f.text) || start >= end {
		return ""
	}
	a, b := f.rawAt[start], f.rawAt[end]
	if a >= b || b > len(f.raw) {
		return f.text[start:end]
	}
	return f.raw[a:b]
}

var (
	// A year in Chinese numerals: 二〇二五, 二零二三.
	cnYearRe = regexp.MustCompile(`二[〇零○o0][一二三四五六七八九〇零○o0][〇零○o0一二三四五六七八九]`)
	// A clause, chapter or section numbered in Chinese numerals: 第十五条.
	cnOrdinalRe = regexp.MustCompile(`第([一二三四五六七八九十百零〇两]{1,5})(条|章|部分|节|项)`)
	// A year written short: 25年, 23年.
	shortYearRe = regexp.MustCompile(`(^|[^\d.])(\d\d)(\s*)年`)
	// A year written short in Chinese numerals: 二五年, 二三年; not 十二五
	// (a five-year plan's number) nor 三五年 (three to five years).
	cnShortYearRe = regexp.MustCompile(`(^|[^一二三四五六七八九十百千〇零○两几])([一二][〇零○一二三四五六七八九])年`)
)

// fold folds a question: the index's character folding (width, case,
// traditional to simplified, zero-width and control characters), then
// years and ordinals written in digits (二〇二五 → 2025, 25年 and 二五年 → 2025年,
// 第十五条 → 第15条), quotation marks dropped (“四改” → 四改) and the spaces
// dropped that Chinese does not use (安 顺 城区 → 安顺城区), keeping those
// between Latin words.
func (e *Engine) fold(raw string) foldedText {
	// Bytes that are no UTF-8 become U+FFFD here, once: a reply that quotes
	// what was typed (计划没有为遵幉…设定) quotes valid text.
	raw = strings.ToValidUTF8(raw, "\uFFFD")
	if utf8.RuneCountInString(raw) > maxQuestion {
		raw = string([]rune(raw)[:maxQuestion])
	}
	text, rawAt := e.ix.Fold(raw)
	f := foldedText{text: text, rawAt: rawAt, raw: raw}
	// Each rewrite is tried only where the characters it needs stand: most
	// questions have no quotation mark, no 第 and no 年, and a regular
	// expression that cannot match still reads the whole text.
	if strings.ContainsAny(f.text, quoteMarks) {
		f = f.replace(quoteRe, func([]string) string { return "" })
	}
	f = f.squeezeSpaces()
	if strings.Contains(f.text, "二") {
		f = f.replace(cnYearRe, func(m []string) string { return cnYear(m[0]) })
	}
	if strings.Contains(f.text, "第") {
		f = f.replace(cnOrdinalRe, func(m []string) string {
			n, err := plan.ChineseNumber(strings.ReplaceAll(m[1], "两", "二"))
			if err != nil {
				return m[0]
			}
			return "第" + strconv.Itoa(n) + m[2]
		})
	}
	if strings.Contains(f.text, "年") {
		f = f.replace(cnShortYearRe, func(m []string) string {
			return m[1] + cnYear(m[2]) + "年"
		})
		f = f.replace(shortYearRe, func(m []string) string {
			n, _ := strconv.Atoi(m[2])
			if n < 15 || n > 49 {
				return m[0]
			}
			return m[1] + "20" + m[2] + "年"
		})
	}
	return f
}

// quoteRe finds the quotation marks a question may put around a name
// (“跨省通办”事项): the plan's names are matched without them.
var quoteRe = regexp.MustCompile(`[` + quoteMarks + `]`)

// quoteMarks are the quotation marks quoteRe drops.
const quoteMarks = `“”‘’"'《》「」『』`

// replace rewrites every match of re with what repl makes of its groups;
// the new characters map to the raw characters of the match's start, but
// what the rewrite keeps of the match's opening (the 化 that 化26年 needs
// before its year) keeps its own raw characters, so that a span ending
// there (怀化) still ends where it did.
func (f foldedText) replace(re *regexp.Regexp, repl func([]string) string) foldedText {
	locs := re.FindAllStringSubmatchIndex(f.text, -1)
	if locs == nil {
		return f
	}
	var b strings.Builder
	at := make([]int, 0, len(f.rawAt))
	last := 0
	for _, loc := range locs {
		b.WriteString(f.text[last:loc[0]])
		at = append(at, f.rawAt[last:loc[0]]...)
		groups := make([]string, len(loc)/2)
		for i := range groups {
			if loc[2*i] >= 0 {
				groups[i] = f.text[loc[2*i]:loc[2*i+1]]
			}
		}
		s := repl(groups)
		b.WriteString(s)
		kept := 0
		for kept < len(s) && loc[0]+kept < loc[1] && s[kept] == f.text[loc[0]+kept] {
			kept++
		}
		for kept > 0 && kept < len(s) && !utf8.RuneStart(s[kept]) {
			kept-- // whole characters only
		}
		at = append(at, f.rawAt[loc[0]:loc[0]+kept]...)
		for range len(s) - kept {
			at = append(at, f.rawAt[loc[0]+kept])
		}
		last = loc[1]
	}
	b.WriteString(f.text[last:])
	at = append(at, f.rawAt[last:]...)
	return foldedText{text: b.String(), rawAt: at, raw: f.raw}
}

// squeezeSpaces drops white space except a single space between two Latin
// letters or digits: "安 顺 城区" is 安顺城区, "built-up area" stays.
func (f foldedText) squeezeSpaces() foldedText {
	var b strings.Builder
	at := make([]int, 0, len(f.rawAt))
	for i := 0; i < len(f.text); {
		r, w := utf8.DecodeRuneInString(f.text[i:])
		if !unicode.IsSpace(r) {
			b.WriteString(f.text[i : i+w])
			at = append(at, f.rawAt[i:i+w]...)
			i += w
			continue
		}
		j := i
		for j < len(f.text) {
			r2, w2 := utf8.DecodeRuneInString(f.text[j:])
			if !unicode.IsSpace(r2) {
				break
			}
			j += w2
		}
		prev, _ := utf8.DecodeLastRuneInString(b.String())
		next, _ := utf8.DecodeRuneInString(f.text[j:])
		if b.Len() > 0 && j < len(f.text) && isLatin(prev) && isLatin(next) {
			b.WriteByte(' ')
			at = append(at, f.rawAt[i])
		}
		i = j
	}
	at = append(at, f.rawAt[len(f.text)])
	return foldedText{text: b.String(), rawAt: at, raw: f.raw}
}

// cnYear turns a year written in Chinese numerals into digits: 二〇二五 → 2025.
func cnYear(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '〇', '零', '○', 'o', '0':
			b.WriteByte('0')
		default:
			if d, ok := plan.NumeralDigit(r); ok {
				b.WriteByte(byte('0' + d))
			}
		}
	}
	return b.String()
}

// foldPlan folds a text of the plan for matching: as questions are folded,
// with the quotation marks the plan puts around names dropped (“三师”入乡),
// since a question never types them.
func (e *Engine) foldPlan(s string) string {
	return stripQuotes(e.ix.Normalize(s))
}

var quoteStripper = strings.NewReplacer("“", "", "”", "", "\"", "", "《", "", "》", "", "‘", "", "’", "", "'", "")

func stripQuotes(s string) string { return quoteStripper.Replace(s) }
