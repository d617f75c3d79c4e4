package dictgen

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"
)

// dict is a small dictionary in the full one's format and order.
const dict = `AT&T 3 nz
中 500 f
北京 300 ns
城镇 200 n
城镇化 50 n
新型城镇化 4 n
黔中 2 ns
的 900 uj
锱铢 5 n
龙里县 2 ns
`

func TestGenerate(t *testing.T) {
	tests := []struct {
		name string
		keep Keep
		want []string // the words kept, in the dictionary's order
	}{
		{"nothing", Keep{}, nil},
		{"top", Keep{Top: 3}, []string{"中", "北京", "的"}},
		{"top beyond the dictionary", Keep{Top: 100}, []string{"AT&T", "中", "北京", "城镇", "城镇化", "新型城镇化", "黔中", "的", "锱铢", "龙里县"}},
		// 黔中 and 龙里县 tie at 2: the one first in the dictionary is kept.
		{"tie at the cut", Keep{Top: 9}, []string{"AT&T", "中", "北京", "城镇", "城镇化", "新型城镇化", "黔中", "的", "锱铢"}},
		{"tags", Keep{Tags: []string{"ns"}}, []string{"北京", "黔中", "龙里县"}},
		// Every dictionary word inside the text, not only how it is cut.
		{"substrings", Keep{Texts: []string{"推进以人为核心的新型城镇化"}}, []string{"城镇", "城镇化", "新型城镇化", "的"}},
		{"folded text", Keep{Texts: []string{"ａｔ＆ｔ"}}, []string{"AT&T"}},
		{"not across texts", Keep{Texts: []string{"城", "镇"}}, nil},
		{"all three", Keep{Top: 1, Tags: []string{"ns"}, Texts: []string{"锱铢"}}, []string{"北京", "黔中", "的", "锱铢", "龙里县"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Generate([]byte(dict), tt.keep)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for line := range strings.Lines(string(out)) {
				if !strings.HasSuffix(line, "\n") || !strings.Contains(dict, line) {
					t.Errorf("line %q is not a line of the dictionary", line)
				}
				got = append(got, strings.Fields(line)[0])
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("kept %q, want %q", got, tt.want)
			}
		})
	}
}

func TestGenerateRefuses(t *testing.T) {
	tests := []struct {
		name, dict string
		top        int
		want       string
	}{
		{"empty", "", 1, "empty dictionary"},
		{"two fields", "中 500\n", 1, "line 1"},
		{"four fields", "中 500 f\n北 京 5 n\n", 1, "line 2"},
		{"no word", " 500 f\n", 1, "line 1"},
		{"frequency not a number", "中 x f\n", 1, "frequency"},
		{"frequency zero", "中 0 f\n", 1, "frequency"},
		{"negative top", dict, -1, "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Generate([]byte(tt.dict), Keep{Top: tt.top})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
}

// TestGzip wants the same bytes every time and a header naming no file and
// no time, so that a regenerated file is the committed one.
func TestGzip(t *testing.T) {
	a, err := Gzip([]byte(dict))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Gzip([]byte(dict))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two compressions differ")
	}
	zr, err := gzip.NewReader(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	if zr.Name != "" || !zr.ModTime.IsZero() || zr.Comment != "" || zr.Extra != nil {
		t.Errorf("header %+v, want it empty", zr.Header)
	}
	if got, err := io.ReadAll(zr); err != nil || string(got) != dict {
		t.Errorf("round trip: %q, %v", got, err)
	}
}

func TestVersion(t *testing.T) {
	a := File{"a.utf8", []byte("x")}
	b := File{"b.utf8", []byte("y")}
	tests := []struct {
		name string
		x, y []File
		same bool
	}{
		{"order does not matter", []File{a, b}, []File{b, a}, true},
		{"content matters", []File{a, b}, []File{a, {"b.utf8", []byte("z")}}, false},
		{"names matter", []File{a, b}, []File{a, {"c.utf8", []byte("y")}}, false},
		{"a byte moved between files matters", []File{{"a", []byte("xy")}, {"b", nil}}, []File{{"a", []byte("x")}, {"b", []byte("y")}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if vx, vy := Version(tt.x), Version(tt.y); (vx == vy) != tt.same {
				t.Errorf("versions %s and %s, want same %v", vx, vy, tt.same)
			}
		})
	}
}
