package answer

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// readings are the syllables each common character is read with, tones
// aside: 遵 and 尊 are both zun. A pinyin keyboard offers the homophones of
// what was meant, so a place name typed with one character wrong is that
// place where the character sounds the same, even its first (必节 for 毕节),
// where any other first character would make a different word (季节).
type readings map[rune][]uint16

// parseReadings reads data/readings.txt: a syllable a line, then the
// characters read so; # starts a comment.
func parseReadings(text string) (readings, error) {
	r := readings{}
	var syllable uint16
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, chars, ok := strings.Cut(line, " ")
		if !ok || name == "" || strings.TrimSpace(chars) == "" {
			return nil, fmt.Errorf("readings: line %d: want a syllable, a space and its characters: %q", n+1, line)
		}
		syllable++
		for _, c := range strings.TrimSpace(chars) {
			if c == utf8.RuneError || c == ' ' {
				return nil, fmt.Errorf("readings: line %d: %q is not a character", n+1, c)
			}
			r[c] = append(r[c], syllable)
		}
	}
	return r, nil
}

// same reports whether a and b are read alike: they share a syllable.
func (r readings) same(a, b rune) bool {
	for _, x := range r[a] {
		for _, y := range r[b] {
			if x == y {
				return true
			}
		}
	}
	return false
}
