package plan

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error codes a parse can fail with, so that callers can tell a text that is
// not a plan from one that is malformed.
var (
	// ErrNoChapters means the text has no chapter heading (一、…): it is not
	// a plan in the official format.
	ErrNoChapters = errors.New("no chapter headings (一、…) found: not a plan in the official format")
	// ErrNotUTF8 means the text is not valid UTF-8.
	ErrNotUTF8 = errors.New("text is not valid UTF-8")
	// ErrNoClauses means the chapters hold no text a reply could cite.
	ErrNoClauses = errors.New("no clauses under the chapter headings")
)

// ParseError is a text that does not parse as a plan, and the line of the
// text where it failed (1-based; 0 when no one line is to blame).
type ParseError struct {
	Line int
	Err  error
}

// Error says where the text broke the format, and how.
func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %v", e.Line, e.Err)
	}
	return e.Err.Error()
}

// Unwrap returns the error code: ErrNoChapters, ErrNotUTF8 ….
func (e *ParseError) Unwrap() error { return e.Err }

var (
	chapterRe = regexp.MustCompile(`^([一二三四五六七八九十]{1,3})、(\S.{0,40})$`)
	sectionRe = regexp.MustCompile(`^[(（]([一二三四五六七八九十]{1,4})[)）](.+)$`)
	clauseRe  = regexp.MustCompile(`^(\d{1,3})[.．、]\s*(\D.*)$`)
	docNumRe  = regexp.MustCompile(`^\S{1,20}〔\d{4}〕\d{1,4}号$`)
	dateRe    = regexp.MustCompile(`^(\d{4})年(\d{1,2})月(\d{1,2})日$`)
	// gluedRe finds a heading or clause number glued to the end of the
	// paragraph before it, which web pages do when they drop a line break:
	// "…人民政府)四、优化城镇空间布局".
	gluedRe = regexp.MustCompile(`[)）]([一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,4}[)）]|\d{1,3}[.．][^\d])`)
)

// Parse reads a plan from its official text: optionally a web page's news
// summary, the notice (通知) with its document number, issuer and date, then
// the plan's title, preamble, chapters (一、), sections ((一)), numbered
// clauses (1.) and their （责任单位：…） blocks. It finds every quantitative
// target the clauses state, reading them with the words of format.txt.
func Parse(text string) (*Plan, error) {
	g, err := loadGrammar()
	if err != nil {
		return nil, fmt.Errorf("parse plan: %w", err)
	}
	if !utf8.ValidString(text) {
		line := 1
		for i := 0; i < len(text); {
			r, w := utf8.DecodeRuneInString(text[i:])
			if r == utf8.RuneError && w <= 1 {
				break
			}
			if r == '\n' {
				line++
			}
			i += w
		}
		return nil, &ParseError{Line: line, Err: ErrNotUTF8}
	}
	paras, lines := paragraphs(text)
	first := -1
	for i, p := range paras {
		if m := chapterRe.FindStringSubmatch(p); m != nil && m[1] == "一" && !strings.ContainsAny(p, "。，,") {
			first = i
			break
		}
	}
	if first < 0 {
		line := 0
		if len(lines) > 0 {
			line = lines[0]
		}
		return nil, &ParseError{Line: line, Err: ErrNoChapters}
	}
	p := &Plan{format: g}
	readFrontMatter(p, paras[:first])
	if err := readBody(g, p, paras[first:], lines[first:]); err != nil {
		return nil, err
	}
	places, named := p.places()
	p.setAbout(named)
	subjectRe := g.subjectMatcher(places)
	for i := range p.Clauses {
		p.Clauses[i].Targets = g.extractTargetsWith(&p.Clauses[i], places, subjectRe)
	}
	return p, nil
}

// paragraphs splits the text into trimmed, non-empty paragraphs, separating
// headings that the page glued to the paragraph before them, and gives the
// line each stands on.
func paragraphs(text string) (out []string, lines []int) {
	for n, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimFunc(line, isSpace)
		for line != "" {
			loc := gluedRe.FindStringIndex(line)
			if loc == nil {
				out = append(out, line)
				lines = append(lines, n+1)
				break
			}
			cut := loc[0] + len(")") // both closing parens: ")" is 1 byte, "）" 3
			if strings.HasPrefix(line[loc[0]:], "）") {
				cut = loc[0] + len("）")
			}
			out = append(out, strings.TrimFunc(line[:cut], isSpace))
			lines = append(lines, n+1)
			line = strings.TrimFunc(line[cut:], isSpace)
		}
	}
	return out, lines
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\u3000' || r == '\u00a0' || r == '\ufeff'
}

// readFrontMatter takes the metadata from what stands before the first
// chapter: the document number, the issuer (the line before the date) and
// the date close the notice; the title and the preamble follow it. A news
// summary before the notice is ignored.
func readFrontMatter(p *Plan, paras []string) {
	start := 0
	for i, s := range paras {
		switch {
		case docNumRe.MatchString(s):
			p.DocNumber = s
		case dateRe.MatchString(s):
			m := dateRe.FindStringSubmatch(s)
			y, _ := strconv.Atoi(m[1])
			mo, _ := strconv.Atoi(m[2])
			d, _ := strconv.Atoi(m[3])
			p.Date = fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
			if i > 0 && !strings.ContainsAny(paras[i-1], "。:：") {
				p.Issuer = paras[i-1]
			}
			start = i + 1
		}
	}
	rest := paras[start:]
	// The title is the last line before the preamble that is not a sentence.
	for i := len(rest) - 1; i >= 0; i-- {
		if !strings.ContainsAny(rest[i], "。，,") && utf8.RuneCountInString(rest[i]) <= 60 {
			p.Title = rest[i]
			p.Preamble = strings.Join(rest[i+1:], "\n")
			return
		}
	}
	p.Preamble = strings.Join(rest, "\n")
}

// readBody walks the paragraphs from the first chapter heading on; lines
// are the lines they stand on, for errors.
func readBody(g *grammar, p *Plan, paras []string, lines []int) error {
	var (
		chapter *Chapter
		section *Heading
		cur     *Clause // the clause that paragraphs are appended to
		goalN   int
	)
	var at []int // the line each clause starts on
	curLine := 0
	flush := func() {
		if cur != nil {
			p.Clauses = append(p.Clauses, *cur)
			at = append(at, curLine)
			cur = nil
		}
	}
	for pi, para := range paras {
		line := lines[pi]
		if m := chapterRe.FindStringSubmatch(para); m != nil && !strings.ContainsAny(para, "。，,") {
			flush()
			n, err := ChineseNumber(m[1])
			if err != nil {
				return &ParseError{Line: line, Err: fmt.Errorf("chapter %q: %w", m[1], err)}
			}
			p.Chapters = append(p.Chapters, Chapter{Heading: Heading{Number: n, Numeral: m[1], Title: m[2]}})
			chapter, section, goalN = &p.Chapters[len(p.Chapters)-1], nil, 0
			continue
		}
		if chapter == nil {
			continue
		}
		if m := sectionRe.FindStringSubmatch(para); m != nil {
			flush()
			n, err := ChineseNumber(m[1])
			if err != nil {
				return &ParseError{Line: line, Err: fmt.Errorf("section %q: %w", m[1], err)}
			}
			title, body := splitHeading(m[2])
			chapter.Sections = append(chapter.Sections, Heading{Number: n, Numeral: m[1], Title: title})
			h := chapter.Sections[len(chapter.Sections)-1]
			section = &h
			if body != "" {
				cur = &Clause{Ref: "S" + strconv.Itoa(n), Title: title, Text: body, Chapter: chapter.Heading, Section: section}
				curLine = line
			}
			continue
		}
		if m := clauseRe.FindStringSubmatch(para); m != nil {
			flush()
			n, _ := strconv.Atoi(m[1])
			cur = &Clause{Ref: m[1], Number: n, Title: leadSentence(m[2]), Text: m[2], Chapter: chapter.Heading, Section: section}
			curLine = line
			continue
		}
		if rest, ok := strings.CutPrefix(para, "——"); ok {
			flush()
			goalN++
			cur = &Clause{Ref: "G" + strconv.Itoa(goalN), Title: leadSentence(rest), Text: para, Chapter: chapter.Heading, Section: section}
			curLine = line
			continue
		}
		if cur != nil {
			cur.Text += "\n" + para
			continue
		}
		// A paragraph standing directly under a chapter or section heading.
		ref := "R" + strconv.Itoa(chapter.Number)
		if section != nil {
			ref = "S" + strconv.Itoa(section.Number)
		} else if goalChapter(paras, chapter) {
			ref = "G0"
		}
		cur = &Clause{Ref: ref, Title: chapter.Title, Text: para, Chapter: chapter.Heading, Section: section}
		curLine = line
		if section != nil {
			cur.Title = section.Title
		}
	}
	flush()
	if len(p.Clauses) == 0 {
		return &ParseError{Line: lines[0], Err: ErrNoClauses}
	}
	g.endAtLastDuty(&p.Clauses[len(p.Clauses)-1])
	for i := range p.Clauses {
		c := &p.Clauses[i]
		c.Duties = g.readDuties(c.Text)
		c.Departments = unionDepartments(c.Duties)
	}
	return checkRefs(p, at)
}

// endAtLastDuty ends the plan's last clause with its last 责任单位 block
// where that block closes its paragraph: the plan ends there, and what a web
// page prints after it (编辑, 版权声明, links to share) is no clause's text.
// A last clause without a block keeps all its paragraphs.
func (g *grammar) endAtLastDuty(c *Clause) {
	blocks := g.findDutyBlocks(c.Text)
	if len(blocks) == 0 {
		return
	}
	end := blocks[len(blocks)-1].end
	if rest := c.Text[end:]; strings.HasPrefix(rest, "\n") {
		c.Text = c.Text[:end]
	}
}

// goalChapter reports whether the chapter lists its goals as "——" bullets:
// its lead paragraph is then G0 and the bullets G1, G2 ….
func goalChapter(paras []string, ch *Chapter) bool {
	in := false
	for _, para := range paras {
		if m := chapterRe.FindStringSubmatch(para); m != nil && !strings.ContainsAny(para, "。，,") {
			in = m[1] == ch.Numeral
			continue
		}
		if in && strings.HasPrefix(para, "——") {
			return true
		}
	}
	return false
}

// checkRefs rejects a plan in which two clauses share a ref: answers cite
// refs, so they must name one clause each. at is the line each clause
// starts on.
func checkRefs(p *Plan, at []int) error {
	seen := map[string]int{}
	for i, c := range p.Clauses {
		if first, ok := seen[c.Ref]; ok {
			return &ParseError{Line: at[i], Err: fmt.Errorf("clause %s appears twice (first on line %d)", c.Ref, first)}
		}
		seen[c.Ref] = at[i]
	}
	return nil
}

// splitHeading separates a section's title from text glued to it:
// "加强党的领导充分发挥…" has lost the break (or 。) after 加强党的领导.
// Official section titles are short verb–object phrases, most of them six
// characters, so a long run with no stop is cut after its sixth character.
func splitHeading(s string) (title, body string) {
	s = strings.TrimFunc(s, isSpace)
	if utf8.RuneCountInString(s) <= 20 && !strings.ContainsAny(s, "。；;，,") {
		return s, ""
	}
	if i := strings.IndexAny(s, "。．"); i > 0 && utf8.RuneCountInString(s[:i]) <= 20 {
		_, w := utf8.DecodeRuneInString(s[i:])
		return s[:i], strings.TrimFunc(s[i+w:], isSpace)
	}
	r := []rune(s)
	return string(r[:6]), string(r[6:])
}

// leadSentence is a clause's title: its text up to the first 。.
func leadSentence(s string) string {
	if i := strings.Index(s, "。"); i >= 0 {
		return s[:i]
	}
	if i := strings.IndexAny(s, "(（"); i > 0 {
		return s[:i]
	}
	return s
}

// NumeralDigit maps the Chinese digits 一…九 to their values.
func NumeralDigit(r rune) (int, bool) {
	if i := strings.IndexRune("一二三四五六七八九", r); i >= 0 {
		return i/len("一") + 1, true
	}
	return 0, false
}

// ChineseNumber reads a Chinese numeral from 一 to 九百九十九: 十五, 二十九,
// 一百零五. Headings number their chapters and sections this way, and staff
// type clause numbers so.
func ChineseNumber(s string) (int, error) {
	n, cur, seen := 0, 0, false
	for _, r := range s {
		seen = true
		switch r {
		case '十', '百':
			unit := 10
			if r == '百' {
				unit = 100
			}
			if cur == 0 {
				cur = 1
			}
			n += cur * unit
			cur = 0
		case '零', '〇':
		default:
			d, ok := NumeralDigit(r)
			if !ok || cur != 0 {
				return 0, fmt.Errorf("not a Chinese numeral: %q", s)
			}
			cur = d
		}
	}
	if !seen || n+cur == 0 {
		return 0, fmt.Errorf("not a Chinese numeral: %q", s)
	}
	return n + cur, nil
}
