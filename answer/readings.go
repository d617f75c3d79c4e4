package answer

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// readings are the syllables each common character is read with, tones
// aside: 遵 and 尊 are both zun. A pinyin keyboard offers the homophones of
// what was meant, so a place name typed with one character wrong is that
// place where the character sounds the same, even its first (必节 for 毕节),
// where any other first character would make a different word (季节).
//
// The table is sorted by character, each with up to four syllables packed
// in a uint64: 6,763 characters in 108 KB, where a map of slices held
// 1 MB more of the heap through every question.
type readings struct {
	chars     []rune
	syllables []uint64 // 16 bits a syllable number, 0 for none
}

// maxReadings is how many syllables a character keeps; no character of
// GB 2312 has more in Unihan's kMandarin.
const maxReadings = 4

// parseReadings reads data/readings.txt: a syllable a line, then the
// characters read so; # starts a comment.
func parseReadings(text string) (readings, error) {
	by := map[rune]uint64{}
	var syllable uint64
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, chars, ok := strings.Cut(line, " ")
		if !ok || name == "" || strings.TrimSpace(chars) == "" {
			return readings{}, fmt.Errorf("readings: line %d: want a syllable, a space and its characters: %q", n+1, line)
		}
		if syllable++; syllable >= 1<<16 {
			return readings{}, fmt.Errorf("readings: line %d: more than %d syllables", n+1, 1<<16-1)
		}
		for _, c := range strings.TrimSpace(chars) {
			if c == utf8.RuneError || c == ' ' {
				return readings{}, fmt.Errorf("readings: line %d: %q is not a character", n+1, c)
			}
			packed := by[c]
			k := 0
			for k < maxReadings && packed>>(16*k)&0xffff != 0 {
				k++
			}
			if k == maxReadings {
				return readings{}, fmt.Errorf("readings: line %d: %c has more than %d readings", n+1, c, maxReadings)
			}
			by[c] = packed | syllable<<(16*k)
		}
	}
	r := readings{chars: make([]rune, 0, len(by)), syllables: make([]uint64, 0, len(by))}
	for c := range by {
		r.chars = append(r.chars, c)
	}
	slices.Sort(r.chars)
	for _, c := range r.chars {
		r.syllables = append(r.syllables, by[c])
	}
	return r, nil
}

// of is the packed syllables of c; 0 when the table does not hold it.
func (r readings) of(c rune) uint64 {
	if i, ok := slices.BinarySearch(r.chars, c); ok {
		return r.syllables[i]
	}
	return 0
}

// same reports whether a and b are read alike: they share a syllable.
func (r readings) same(a, b rune) bool {
	x, y := r.of(a), r.of(b)
	for i := 0; i < maxReadings; i++ {
		sx := x >> (16 * i) & 0xffff
		if sx == 0 {
			break
		}
		for j := 0; j < maxReadings; j++ {
			sy := y >> (16 * j) & 0xffff
			if sy == 0 {
				break
			}
			if sx == sy {
				return true
			}
		}
	}
	return false
}
