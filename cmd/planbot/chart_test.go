package main

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/chart"
)

// TestChart: `planbot chart` writes a PNG that decodes, of the size the
// chart's layout gives it, and says what it drew.
func TestChart(t *testing.T) {
	out := filepath.Join(t.TempDir(), "cities.png")
	r := planbot(t, "", nil, withDicts("chart", "2025年各市州中心城市城区人口", "-o", out)...)
	if r.err != nil || r.code != 0 {
		t.Fatalf("planbot chart: %v (exit status %d)\n%s", r.err, r.code, r.stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	// Eight cities, two years: one panel, as tall as the renderer lays it.
	c := chartFor(t, "2025年各市州中心城市城区人口")
	rend, err := chart.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	w, h := rend.Size(c)
	if img.Bounds() != image.Rect(0, 0, w, h) || w != 1080 || h < 900 {
		t.Errorf("image %v, want 1080 wide and %d high", img.Bounds(), h)
	}
	for _, s := range []string{out, "城区常住人口（万）", "第15条", "第22条", "黔发改城镇〔2023〕571号"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("stdout %q does not mention %q", r.stdout, s)
		}
	}

	// -o - writes the same picture to stdout, and nothing else.
	r = planbot(t, "", nil, withDicts("chart", "-o", "-", "2025年各市州中心城市城区人口")...)
	if r.err != nil || !bytes.Equal([]byte(r.stdout), b) {
		t.Errorf("-o -: %v; stdout is %d bytes, want the %d of the file", r.err, len(r.stdout), len(b))
	}
}

// The engine chartFor asks, loaded once: a load takes most of a second.
var (
	chartEngineOnce sync.Once
	chartEngine     *answer.Engine
	chartEngineErr  error
)

// chartFor is the chart planbot draws for a question.
func chartFor(t *testing.T, question string) chart.Chart {
	t.Helper()
	chartEngineOnce.Do(func() {
		ef := engineFlags{dicts: testDictDir}
		chartEngine, chartEngineErr = ef.load(context.Background(), nil)
	})
	if chartEngineErr != nil {
		t.Fatal(chartEngineErr)
	}
	return chartOf(chartEngine.Figures(context.Background(), question))
}

// TestChartSeries: the bars handed to the plotter are the plan's figures,
// as `planbot export targets` gives them: each bar's length the target's
// number and its label the value as written, qualifier and all.
func TestChartSeries(t *testing.T) {
	type target struct {
		Ref, Subject, Metric, Value string
		Year                        any
		Number                      float64
	}
	var targets []target
	if err := json.Unmarshal([]byte(export(t, "targets")), &targets); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		question string
		panels   int
		bars     int
	}{
		{"2025年各市州中心城市城区人口", 1, 16},
		{"贵阳和遵义公交分担率", 1, 2},
		{"新增城区常住人口", 1, 9},
		{"城镇和农村居民收入增速25年对比", 2, 4},
	} {
		c := chartFor(t, tc.question)
		bars := 0
		for _, p := range c.Panels {
			for _, b := range p.Bars {
				bars++
				subject, _, _ := strings.Cut(b.Group, "(") // 毕节中心城市(含大方)
				if !slices.ContainsFunc(targets, func(t target) bool {
					return t.Subject == subject && strings.HasPrefix(p.Title, withoutBrackets(t.Metric)+"（") &&
						seriesOf(t.Year) == b.Series && t.Value == b.Text && t.Number == b.Value
				}) {
					t.Errorf("%s: bar %s %s %q (%v) in %s is no figure of the plan's", tc.question, b.Group, b.Series, b.Text, b.Value, p.Title)
				}
			}
		}
		if len(c.Panels) != tc.panels || bars != tc.bars {
			t.Errorf("%s: %d panels of %d bars, want %d of %d", tc.question, len(c.Panels), bars, tc.panels, tc.bars)
		}
	}
}

// seriesOf is the series a year of `planbot export targets` is drawn in.
func seriesOf(y any) string {
	switch y := y.(type) {
	case float64:
		return strconv.Itoa(int(y)) + "年"
	case string:
		if y == "十四五" {
			return "“十四五”时期"
		}
		return y + "年"
	}
	return ""
}

// withoutBrackets is a measure without its remarks: 城区(含大方)常住人口
// is drawn with 城区常住人口.
func withoutBrackets(s string) string {
	for {
		i := strings.Index(s, "(")
		j := strings.Index(s, ")")
		if i < 0 || j < i {
			return s
		}
		s = s[:i] + s[j+1:]
	}
}

// TestChartNothing: a question with nothing to chart gets the sentence
// saying why, exit status 1, and no file.
func TestChartNothing(t *testing.T) {
	for _, q := range []string{"第15条", "2030年全省GDP目标", "水利厅负责哪些"} {
		out := filepath.Join(t.TempDir(), "none.png")
		r := planbot(t, "", nil, withDicts("chart", q, "-o", out)...)
		if r.code != 1 || !strings.Contains(r.stderr, "没有可画的图") || r.stdout != "" {
			t.Errorf("%s: exit status %d, stdout %q, stderr %q; want 1 and the reason", q, r.code, r.stdout, r.stderr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s: a file was written", q)
		}
	}
	// A plan whose text the font was not made for is told so, not drawn
	// with blanks. The font holds GB 2312's common characters, so the
	// Hunan plan draws; the same plan with a metric spelt in a character
	// of CJK Extension A does not.
	text, err := os.ReadFile(filepath.Join("..", "..", "data", "plan", "testdata", "hunan-digital-economy.txt"))
	if err != nil {
		t.Fatal(err)
	}
	rare := filepath.Join(t.TempDir(), "rare.txt")
	if err := os.WriteFile(rare, []byte(strings.ReplaceAll(string(text), "数字经济规模", "数字经济规䶮")), 0o644); err != nil {
		t.Fatal(err)
	}
	r := planbot(t, "", nil, withDicts("chart", "--plan", rare, "数字经济规䶮", "-o", filepath.Join(t.TempDir(), "x.png"))...)
	if r.code != 1 || !strings.Contains(r.stderr, "go generate ./chart") {
		t.Errorf("a plan the font lacks characters of: exit status %d, stderr %q", r.code, r.stderr)
	}
}
