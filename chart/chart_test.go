package chart

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/planbot/planbot/chart/internal/fontset"
	"github.com/planbot/planbot/data"
	"gonum.org/v1/plot/vg"
)

var update = flag.Bool("update", false, "rewrite testdata/*.png from the current rendering (then look at it)")

func renderer(t *testing.T) *Renderer {
	t.Helper()
	r, err := NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// cities is the plan's 2023 and 2025 城区常住人口 of four 市州中心城市,
// as clauses 15, 16, 19 and 20 write them, and one period figure: a chart
// like those planbot draws, fixed here so that the golden image depends on
// the drawing alone.
func cities() Chart {
	p := Panel{Title: "城区常住人口（万）", Series: []string{"2023年", "2025年"}}
	for _, g := range []struct {
		name   string
		a, b   float64
		ta, tb string
	}{
		{"遵义中心城市", 168, 180, "168万左右", "180万左右"},
		{"毕节中心城市(含大方)", 91, 100, "91万左右", "100万左右"},
		{"铜仁中心城市", 47, 50, "47万左右", "50万以上"},
		{"凯里中心城市(含麻江)", 58, 64, "58万左右", "64万左右"},
	} {
		p.Groups = append(p.Groups, g.name)
		p.Bars = append(p.Bars, Bar{g.name, "2023年", g.a, g.ta}, Bar{g.name, "2025年", g.b, g.tb})
	}
	q := Panel{Title: "新增城区常住人口（万）", Groups: []string{"省会贵阳", "县城"}, Series: []string{"2023年", "2025年", "“十四五”时期"},
		Bars: []Bar{{"省会贵阳", "2023年", 20, "20万"}, {"省会贵阳", "“十四五”时期", 100, "100万以上"}, {"县城", "2025年", 60, "60万以上"}}}
	return Chart{
		Panels:  []Panel{p, q},
		Caption: "来源：《贵州省新型城镇化实施方案(2023—2025年)》（黔发改城镇〔2023〕571号）第15条、第16条、第19条、第20条、工作目标：城镇承载能力显著提升（G1）。柱旁数字为原文所写。",
	}
}

// TestFontCoversPlan: the committed font holds every character of the
// embedded plan and of every label the code draws, and its character list
// is what go generate would write today.
func TestFontCoversPlan(t *testing.T) {
	r := renderer(t)
	if m := r.Missing(data.GuizhouUrbanization()); len(m) > 0 {
		t.Errorf("the font lacks %q of the plan; run go generate ./chart", string(m))
	}
	// The same inputs as the go:generate line.
	want, err := fontset.Runes([]string{"../data"}, []string{".", "../answer/figures.go"})
	if err != nil {
		t.Fatal(err)
	}
	if m := r.Missing(string(want)); len(m) > 0 {
		t.Errorf("the font lacks %q; run go generate ./chart", string(m))
	}
	got, err := os.ReadFile("font/chars.txt")
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSuffix(string(got), "\n") != string(want) {
		t.Errorf("font/chars.txt is not what the plan and labels need today; run go generate ./chart")
	}
	if _, err := os.Stat("font/LICENSE"); err != nil {
		t.Errorf("the font's licence must stand beside it: %v", err)
	}
}

// TestBarCharts: the plotter is handed the panel's figures: a bar chart
// per series in order, a value per group with the first group on top, zero
// where the plan sets none.
func TestBarCharts(t *testing.T) {
	r := renderer(t)
	c := cities()
	for _, p := range c.Panels {
		plt, bars := r.plot(p, p.Series, "", vg.Point{X: 400, Y: 300})
		if len(bars) != len(p.Series) {
			t.Fatalf("%s: %d bar charts for %d series", p.Title, len(bars), len(p.Series))
		}
		for si, s := range p.Series {
			want := make([]float64, len(p.Groups))
			for _, b := range p.Bars {
				if b.Series == s {
					want[len(p.Groups)-1-slices.Index(p.Groups, b.Group)] = b.Value
				}
			}
			if !slices.Equal([]float64(bars[si].Values), want) {
				t.Errorf("%s %s: values %v, want %v", p.Title, s, bars[si].Values, want)
			}
			if si > 0 && bars[si].Offset >= bars[si-1].Offset {
				t.Errorf("%s: series %s is not drawn below %s", p.Title, s, p.Series[si-1])
			}
			if !bars[si].Horizontal {
				t.Errorf("%s: bars drawn vertically", p.Title)
			}
		}
		maxV := 0.0
		for _, b := range p.Bars {
			maxV = max(maxV, b.Value)
		}
		if plt.X.Min != 0 || plt.X.Max <= maxV {
			t.Errorf("%s: value axis %v…%v; want it from zero, with room past %v for the labels", p.Title, plt.X.Min, plt.X.Max, maxV)
		}
	}
	// The values as written are drawn, every one, and nothing else but
	// the note where a series has no figure.
	p := c.Panels[1]
	if got := labelsOf(p); !slices.Equal(got, []string{"20万", notSet, "100万以上", notSet, "60万以上", notSet}) {
		t.Errorf("labels %q", got)
	}
}

// labelsOf is what valueLabels writes beside a panel's bars, group by
// group and series by series.
func labelsOf(p Panel) []string {
	var out []string
	for _, g := range p.Groups {
		for _, s := range p.Series {
			i := slices.IndexFunc(p.Bars, func(b Bar) bool { return b.Group == g && b.Series == s })
			if i < 0 {
				out = append(out, notSet)
			} else {
				out = append(out, p.Bars[i].Text)
			}
		}
	}
	return out
}

// TestRender: the PNG decodes, is as large as Size says and as the layout
// wants (1080 wide, taller with more groups), and looks as the golden image
// does, which was checked by eye.
func TestRender(t *testing.T) {
	r := renderer(t)
	c := cities()
	b, err := r.Render(c)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the chart is no PNG: %v", err)
	}
	w, h := r.Size(c)
	if img.Bounds() != image.Rect(0, 0, w, h) || w != 1080 || h != 1042 {
		t.Errorf("image %v, Size %d×%d; want 1080×1042", img.Bounds(), w, h)
	}
	one := Chart{Panels: c.Panels[:1], Caption: c.Caption}
	if _, h1 := r.Size(one); h1 >= h {
		t.Errorf("one panel is %d high, two %d", h1, h)
	}
	golden := filepath.Join("testdata", "cities.png")
	if *update {
		if err := os.WriteFile(golden, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(golden)
	if err != nil {
		t.Fatalf("%v (go test -update writes it; look at it before committing)", err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if d := differ(img, want); d > 0.002 {
		t.Errorf("%.2f%% of the pixels differ from %s; look at the new rendering (go test -update) and commit it if right", d*100, golden)
	}
}

// differ is the share of pixels that differ visibly between two images of
// one size, 1 when the sizes differ: anti-aliasing may round differently on
// another machine, a changed label may not.
func differ(a, b image.Image) float64 {
	if a.Bounds() != b.Bounds() {
		return 1
	}
	n := 0
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if absDiff(r1, r2)+absDiff(g1, g2)+absDiff(b1, b2) > 3*0x1000 {
				n++
			}
		}
	}
	return float64(n) / float64(a.Bounds().Dx()*a.Bounds().Dy())
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// TestRenderRefuses: what cannot be drawn truly is an error, not a picture.
func TestRenderRefuses(t *testing.T) {
	r := renderer(t)
	p := cities().Panels[0]
	stray := p
	stray.Bars = append(slices.Clone(p.Bars), Bar{Group: "北京", Series: "2025年", Value: 1, Text: "1万"})
	negative := p
	negative.Bars = []Bar{{Group: p.Groups[0], Series: "2023年", Value: -1, Text: "-1"}}
	rare := p
	rare.Title = "龘龘（万）" // no plan of ours has it: the subset does not either
	for _, tc := range []struct {
		name string
		c    Chart
		want string
	}{
		{"empty", Chart{}, "nothing to draw"},
		{"empty panel", Chart{Panels: []Panel{p, {Title: "空"}}}, "no bars to draw"},
		{"stray bar", Chart{Panels: []Panel{stray}}, "does not list"},
		{"negative", Chart{Panels: []Panel{negative}}, "no length"},
		{"missing glyph", Chart{Panels: []Panel{rare}}, "go generate ./chart"},
	} {
		if _, err := r.Render(tc.c); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err %v, want one saying %q", tc.name, err, tc.want)
		}
	}
}

// TestWrap: the caption breaks between Chinese characters, never inside a
// number and never before closing punctuation, and loses nothing.
func TestWrap(t *testing.T) {
	r := renderer(t)
	sty := r.style(noteSize, nil)
	s := cities().Caption + strings.Repeat("第17条、第2023条。", 8)
	for _, width := range []float64{100, 180, 300, 500} {
		lines := wrap(sty, s, vg.Length(width))
		if strings.Join(lines, "") != s {
			t.Fatalf("width %v: wrapping lost text: %q", width, lines)
		}
		for i, l := range lines {
			if strings.ContainsAny(string([]rune(l)[0]), "、，。；：）》〕”") {
				t.Errorf("width %v: line %d starts with closing punctuation: %q", width, i, l)
			}
			if i > 0 && endsInDigit(lines[i-1]) && startsWithDigit(l) {
				t.Errorf("width %v: a number is broken across lines %q | %q", width, lines[i-1], l)
			}
		}
	}
}

func endsInDigit(s string) bool     { r := []rune(s); return r[len(r)-1] >= '0' && r[len(r)-1] <= '9' }
func startsWithDigit(s string) bool { return s[0] >= '0' && s[0] <= '9' }
