package plan

import (
	"strconv"
	"strings"
	"testing"
)

// TestFormatFile: the embedded format.txt parses, so Parse never fails on
// its own grammar, and what it holds is what the rules expect of it.
func TestFormatFile(t *testing.T) {
	g, err := loadGrammar()
	if err != nil {
		t.Fatal(err)
	}
	// The value expression finds what the rules read: a unit, a ratio, a
	// count in words and a qualifier, as the entries are written.
	for _, v := range []string{"180万左右", "7公里/平方公里", "3套（间）", "2小时内", "10EFLOPS", "1.6:1", "半小时", "95%以上"} {
		if m := g.valueRe.FindString(v); m != v {
			t.Errorf("value expression finds %q in %q", m, v)
		}
	}
	if got := g.baseQualifier("至少有"); got != "至少" {
		t.Errorf("至少有 bounds as %q, want 至少", got)
	}
	for _, k := range g.clusterKinds {
		if g.placeKind("长株潭"+k) != k {
			t.Errorf("cluster kind %s is no place kind", k)
		}
	}
	for _, w := range g.timesInWords {
		if n, unit, _ := wordsValue(w); n == 0 || unit == w {
			t.Errorf("time in words %s reads as %v %q", w, n, unit)
		}
	}
}

// TestFormatFileErrors: a malformed grammar is an error that names the line
// to mend, or the section that is missing.
func TestFormatFileErrors(t *testing.T) {
	// lineOf is the line on which s first stands in text, after from.
	lineOf := func(text, from, s string) int {
		i := strings.Index(text, from)
		j := strings.Index(text[i:], "\n"+s+"\n")
		return strings.Count(text[:i+j+1], "\n") + 1
	}
	replace := func(old, new string) string {
		if !strings.Contains(formatFile, old) {
			t.Fatalf("format.txt lacks %q", old)
		}
		return strings.Replace(formatFile, old, new, 1)
	}
	moved := replace("\n新建\n建设\n新增\n建\n", "\n建\n新建\n建设\n新增\n") // [limit-verbs]
	tests := []struct {
		name, text, want string
	}{
		{"entry before a section", "达\n" + formatFile, "line 1: \"达\" stands before any [section]"},
		{"heading not closed", replace("[copulas]", "[copulas"),
			"line " + strconv.Itoa(lineOf(formatFile, "", "[copulas]  # what links a metric to its figure and says nothing of its own")) + ": \"[copulas\" is not a [section] heading"},
		{"unknown section", replace("[copulas]", "[copula]"),
			"line " + strconv.Itoa(lineOf(formatFile, "", "[copulas]  # what links a metric to its figure and says nothing of its own")) + ": no section is called [copula]"},
		{"section twice", formatFile + "[copulas]\n达\n",
			"line " + strconv.Itoa(strings.Count(formatFile, "\n")+1) + ": [copulas] again"},
		{"space in an entry", replace("\n分别达到\n", "\n分别 达到\n"),
			"line " + strconv.Itoa(lineOf(formatFile, "[copulas]", "分别达到")) + ": \"分别 达到\" holds a space"},
		{"entry twice", replace("\n分别达到\n", "\n分别达到\n分别达到\n"),
			"line " + strconv.Itoa(lineOf(formatFile, "[copulas]", "分别达到")+1) + ": \"分别达到\" is in [copulas] already"},
		{"shorter entry first", moved,
			"line " + strconv.Itoa(lineOf(moved, "[limit-verbs]", "新建")) + ": \"新建\" must come before \"建\""},
		{"empty section", replace("[per-year]  # what says a figure holds for each year: 每年新增…, 年均增长…\n每年\n年均\n", "[per-year]\n"),
			"line " + strconv.Itoa(lineOf(formatFile, "", "[per-year]  # what says a figure holds for each year: 每年新增…, 年均增长…")) + ": [per-year] has no entries"},
		{"missing section", replace("[per-year]  # what says a figure holds for each year: 每年新增…, 年均增长…\n每年\n年均\n", ""),
			"format.txt: no [per-year] section"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseGrammar(tt.text)
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to hold %q", err, tt.want)
			}
		})
	}
}

// BenchmarkGrammar is what reading format.txt adds to each Parse.
func BenchmarkGrammar(b *testing.B) {
	for b.Loop() {
		if _, err := loadGrammar(); err != nil {
			b.Fatal(err)
		}
	}
}
