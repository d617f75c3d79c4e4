// Package dictgen makes the jieba dictionary planbot embeds, a cut-down copy
// of gojieba's.
//
// gojieba's dictionary has about 350,000 words, and loading it was most of
// planbot's start: 0.5–1.1 s and 120 MB for gojieba.NewJieba alone. Most of
// those words are rare names, idioms and literary words that no question
// about a plan uses. The copy planbot carries keeps three kinds of word:
//
//   - the most frequent ones, which carry nearly all of the dictionary's
//     frequency mass and are what everyday questions are made of;
//   - place names (tag ns), because planbot tells a question about a place
//     the plan does not cover (图们市城镇化率多少) by jieba tagging the place
//     ns, and a rare place left to the HMM is tagged x and answered with the
//     province's figures;
//   - every word that occurs in the embedded plan or word lists, as a
//     substring and not only as a word of their segmentation, because
//     search mode emits the dictionary words inside a word (城镇, 城镇化 in
//     新型城镇化), and those must be the same with either dictionary.
//
// A word outside all three is left to jieba's HMM, which segments words it
// does not know; a plan loaded with --plan gets its own lexicon added at run
// time, as the embedded one does. Lines are kept as they are ("word freq
// tag") and in the dictionary's order, so the copy is a plain subset of the
// original.
//
// Generate's output depends only on its inputs, and Gzip writes no name or
// time, so go generate ./index reproduces the embedded file byte for byte
// (compress/flate's output is the same for a given Go release); index's
// tests check that the embedded file is what they make.
package dictgen

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"index/suffixarray"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/planbot/planbot/data"
)

// Keep says which words of the full dictionary are kept.
type Keep struct {
	Top   int      // the most frequent words, ties in the dictionary's order
	Tags  []string // every word with one of these part-of-speech tags
	Texts []string // every word occurring in one of these texts
}

// Default is what the embedded dictionary keeps: the top 50,000 words,
// chosen by the measurements in gendict's doc, the place names, and the
// words of the embedded plan and of the word lists questions are read with.
func Default() Keep {
	return Keep{
		Top:   50000,
		Tags:  []string{"ns"},
		Texts: []string{data.GuizhouUrbanization(), data.Synonyms(), data.Cues(), data.Names()},
	}
}

// entry is one line of the dictionary.
type entry struct {
	line string
	word string
	tag  string
	freq int
}

// Generate returns the lines of full, a jieba dictionary, that hold a word k
// keeps, in full's order, each ending in a newline.
func Generate(full []byte, k Keep) ([]byte, error) {
	if k.Top < 0 {
		return nil, fmt.Errorf("dictgen: negative top %d", k.Top)
	}
	entries, err := parse(full)
	if err != nil {
		return nil, err
	}
	keep := make([]bool, len(entries))

	// The Top most frequent words are those above the Top-th frequency and
	// as many at it as make up Top, in the dictionary's order, so the cut
	// is the same every run.
	if top := min(k.Top, len(entries)); top > 0 {
		freqs := make([]int, len(entries))
		for i, e := range entries {
			freqs[i] = e.freq
		}
		slices.Sort(freqs)
		cut := freqs[len(freqs)-top]
		atCut := top
		for _, e := range entries {
			if e.freq > cut {
				atCut--
			}
		}
		for i, e := range entries {
			if e.freq > cut || e.freq == cut && atCut > 0 {
				keep[i] = true
				if e.freq == cut {
					atCut--
				}
			}
		}
	}

	for i, e := range entries {
		if slices.Contains(k.Tags, e.tag) {
			keep[i] = true
		}
	}

	// Text is folded as planbot folds it before jieba sees it (half-width,
	// lower case), so that a dictionary word is kept if it matches there.
	var folded strings.Builder
	for _, t := range k.Texts {
		folded.WriteString(fold(t))
		folded.WriteByte('\n') // no word holds a newline, so none spans two texts
	}
	sa := suffixarray.New([]byte(folded.String()))
	for i, e := range entries {
		if !keep[i] && len(sa.Lookup([]byte(fold(e.word)), 1)) > 0 {
			keep[i] = true
		}
	}

	var out bytes.Buffer
	for i, e := range entries {
		if keep[i] {
			out.WriteString(e.line)
			out.WriteByte('\n')
		}
	}
	return out.Bytes(), nil
}

// parse reads a jieba dictionary, refusing lines cppjieba would refuse (it
// aborts on a line without three fields) or weigh as nothing. The entries'
// strings share one copy of the dictionary.
func parse(b []byte) ([]entry, error) {
	rest := string(b)
	entries := make([]entry, 0, strings.Count(rest, "\n")+1)
	for n := 1; rest != ""; n++ {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		word, f, ok1 := strings.Cut(line, " ")
		freqText, tag, ok2 := strings.Cut(f, " ")
		if !ok1 || !ok2 || word == "" || strings.Contains(tag, " ") {
			return nil, fmt.Errorf("dictgen: dictionary line %d: %q is not \"word freq tag\"", n, line)
		}
		freq, err := strconv.Atoi(freqText)
		if err != nil || freq <= 0 {
			return nil, fmt.Errorf("dictgen: dictionary line %d: frequency %q is not a positive integer", n, freqText)
		}
		entries = append(entries, entry{line: line, word: word, tag: tag, freq: freq})
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("dictgen: empty dictionary")
	}
	return entries, nil
}

// fold maps full-width ASCII to half-width and letters to lower case, the
// part of planbot's folding that changes which dictionary words match; the
// plan is already in simplified characters.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0xFF01 && r <= 0xFF5E {
			r -= 0xFEE0
		}
		return unicode.ToLower(r)
	}, s)
}

// Gzip compresses b the same way every time: default compression (best saves under 1%), and no file
// name or modification time in the header.
func Gzip(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	if err != nil {
		return nil, fmt.Errorf("dictgen: gzip: %w", err)
	}
	if _, err := zw.Write(b); err != nil {
		return nil, fmt.Errorf("dictgen: gzip: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("dictgen: gzip: %w", err)
	}
	return buf.Bytes(), nil
}

// File is one embedded dictionary file, uncompressed.
type File struct {
	Name    string // as extracted: jieba.dict.utf8
	Content []byte
}

// Version names a set of dictionary files by their names and contents, so
// that extracted files are only ever reused by a binary carrying the same.
// The order of files does not matter.
func Version(files []File) string {
	fs := slices.Clone(files)
	slices.SortFunc(fs, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	h := sha256.New()
	for _, f := range fs {
		fmt.Fprintf(h, "%s %d\n", f.Name, len(f.Content))
		h.Write(f.Content)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
