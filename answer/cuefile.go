package answer

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A cueFile is a parsed data/cues.txt: for each section, its entries.
type cueFile struct {
	sections map[string][]cueEntry
}

// cueEntry is one line of a cue file: a phrase, perhaps with … gaps, and how
// surely it signals its section.
type cueEntry struct {
	parts  []string // the phrase split at …; one part when it has no gap
	gaps   []int    // how many characters each gap may hold
	weight float64
	line   int
}

// How many characters an ellipsis in a cue phrase stands for: … a few words,
// …… a phrase (我是……的 takes 我是市住建局园林科的).
const (
	gap     = 6
	longGap = 12
)

// parseCueFile reads the format documented at the top of data/cues.txt.
// fold folds each phrase the way questions are folded.
func parseCueFile(text string, fold func(string) string) (*cueFile, error) {
	f := &cueFile{sections: map[string][]cueEntry{}}
	section := ""
	lines, err := wordListLines(text, "cues")
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		n, line := l.n, l.text
		if strings.HasPrefix(line, "[") {
			name, ok := strings.CutSuffix(line[1:], "]")
			if !ok || name == "" {
				return nil, fmt.Errorf("cues line %d: %q is not a [section] heading", n, line)
			}
			section = name
			continue
		}
		if section == "" {
			return nil, fmt.Errorf("cues line %d: %q stands before any [section]", n, line)
		}
		phrase, weight := line, 1.0
		if i := strings.LastIndexFunc(line, unicode.IsSpace); i > 0 {
			if w, err := strconv.ParseFloat(line[i+1:], 64); err == nil {
				phrase, weight = strings.TrimSpace(line[:i]), w
			}
		}
		if weight <= 0 || weight > 10 {
			return nil, fmt.Errorf("cues line %d: weight %v is not in (0, 10]", n, weight)
		}
		var parts []string
		var gaps []int
		for i, p := range strings.Split(strings.ReplaceAll(phrase, "……", "…\x00"), "…") {
			if i > 0 {
				g, rest := gap, p
				if strings.HasPrefix(p, "\x00") {
					g, rest = longGap, p[1:]
				}
				gaps, p = append(gaps, g), rest
			}
			p = fold(strings.TrimSpace(p))
			if p == "" {
				return nil, fmt.Errorf("cues line %d: %q has an empty part around …", n, phrase)
			}
			parts = append(parts, p)
		}
		f.sections[section] = append(f.sections[section], cueEntry{parts: parts, gaps: gaps, weight: weight, line: n})
	}
	return f, nil
}

// listLine is a line of a word list that says something: comments and
// blank lines left out, white space trimmed, its number kept for errors.
type listLine struct {
	n    int
	text string
}

// wordListLines reads the lines of a word list file (data/cues.txt,
// data/names.txt): # starts a comment.
func wordListLines(text, what string) ([]listLine, error) {
	var out []listLine
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, listLine{n, line})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	return out, nil
}

// cueMatch is where an entry matched a text: bytes [start, end).
type cueMatch struct {
	weight     float64
	start, end int
	// words are the spans of the entry's own words: what stands in a gap
	// (与…比 in 停车位与汽车保有量之比) is the question's content.
	words [][2]int
}

// find lists where the entry stands in text, leftmost first; free reports
// which bytes no longer entry has taken.
func (c cueEntry) find(text string, free func(start, end int) bool) []cueMatch {
	var out []cueMatch
	for from := 0; from < len(text); {
		i := strings.Index(text[from:], c.parts[0])
		if i < 0 {
			break
		}
		start := from + i
		end, ok := start+len(c.parts[0]), true
		words := [][2]int{{start, end}}
		for k, p := range c.parts[1:] {
			j := strings.Index(text[end:], p)
			if j < 0 || !gapOK(text[end:end+j], c.gaps[k]) {
				ok = false
				break
			}
			words = append(words, [2]int{end + j, end + j + len(p)})
			end += j + len(p)
		}
		if ok && wordEdges(text, start, end) && allFree(words, free) {
			out = append(out, cueMatch{weight: c.weight, start: start, end: end, words: words})
			from = end
			continue
		}
		_, w := utf8.DecodeRuneInString(text[start:])
		from = start + w
	}
	return out
}

func allFree(spans [][2]int, free func(start, end int) bool) bool {
	for _, sp := range spans {
		if !free(sp[0], sp[1]) {
			return false
		}
	}
	return true
}

// gapOK reports whether s may stand for an ellipsis: at most n
// characters, none of them punctuation.
func gapOK(s string, n int) bool {
	if utf8.RuneCountInString(s) > n {
		return false
	}
	for _, r := range s {
		if isBreak(r) {
			return false
		}
	}
	return true
}

// wordEdges keeps a Latin cue from matching inside a word: hi is not a cue
// in this or chip.
func wordEdges(text string, start, end int) bool {
	if start > 0 {
		prev, _ := utf8.DecodeLastRuneInString(text[:start])
		first, _ := utf8.DecodeRuneInString(text[start:])
		if isLatin(prev) && isLatin(first) {
			return false
		}
	}
	if end < len(text) {
		last, _ := utf8.DecodeLastRuneInString(text[:end])
		next, _ := utf8.DecodeRuneInString(text[end:])
		if isLatin(last) && isLatin(next) {
			return false
		}
	}
	return true
}

func isLatin(r rune) bool { return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

// isBreak is punctuation that ends a phrase.
func isBreak(r rune) bool {
	switch r {
	case ',', '.', '!', '?', ';', ':', '，', '。', '！', '？', '；', '：', '、', '\n', '~', '～', '…':
		return true
	}
	return false
}
