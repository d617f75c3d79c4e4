// Package chart draws planbot's charts: bars of a plan's figures set side by
// side by year, each with its value as the plan writes it (180万左右), under
// a caption citing the clauses, as a PNG a phone shows and a chat can
// forward.
//
// It is its own package so that gonum/plot, and the font Chinese labels
// need, stay out of the rest of planbot: it takes plain data (package answer
// says which figures are comparable) and returns PNG bytes, which the
// command line writes to a file and the bot uploads.
//
// The font is a subset of WenQuanYi Micro Hei holding every character of
// the embedded plan and of the labels drawn (font/README.md); go generate
// remakes it after the plan text or a label changes, and the tests fail
// until it is remade.
package chart

//go:generate go run ./internal/fontgen -text ../data -labels . -labels ../answer/figures.go

import (
	"bytes"
	_ "embed"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

//go:embed font/wqy-microhei-subset.ttf
var fontTTF []byte

// Chart is what one picture shows: panels of bars, one measure and unit
// each, stacked, and a caption under them.
type Chart struct {
	Panels  []Panel
	Caption string // where the figures come from: the plan, its 文号, the clauses
}

// Panel is the bars of one measure in one unit: a group of bars per
// subject, a bar per series (year) in each.
type Panel struct {
	Title  string   // the measure and its unit: 城区常住人口（万）
	Groups []string // the subjects, drawn top to bottom
	Series []string // the years, drawn top to bottom in each group and keyed in the legend
	Bars   []Bar
}

// Bar is one figure: its group and series, its length and its label. A
// group and series with no bar is drawn as a figure the plan does not set.
type Bar struct {
	Group, Series string
	Value         float64 // the bar's length: the figure's number
	Text          string  // the figure as written: 180万左右
}

// notSet labels the place of a bar the plan sets no figure for.
const notSet = "计划未设"

// The picture's geometry, at a width a phone shows without zooming.
const (
	dpi                 = 180
	widthPx             = 1080
	typeface            = "WenQuanYi Micro Hei"
	titleSize vg.Length = 12 // points, as vg measures
	labelSize vg.Length = 10.5
	valueSize vg.Length = 10
	noteSize  vg.Length = 8.5
	margin              = 0.16 * vg.Inch
	barWidth            = 0.2 * vg.Inch  // one bar's thickness
	groupGap            = 0.16 * vg.Inch // between groups of bars
	legendH             = 0.36 * vg.Inch
	panelGap            = 0.14 * vg.Inch
	valuePad            = 0.05 * vg.Inch // between a bar's end and its label
)

// Renderer draws charts with its own parsed font. It is safe for
// concurrent use.
type Renderer struct {
	fonts *font.Cache
	face  *opentype.Font
}

// NewRenderer parses the embedded font.
func NewRenderer() (*Renderer, error) {
	f, err := opentype.Parse(fontTTF)
	if err != nil {
		return nil, fmt.Errorf("chart: parse font: %w", err)
	}
	return &Renderer{
		fonts: font.NewCache(font.Collection{{Font: font.Font{Typeface: typeface}, Face: f}}),
		face:  f,
	}, nil
}

// style is text in the chart's font.
func (r *Renderer) style(size vg.Length, c color.Color) text.Style {
	return text.Style{
		Color:   c,
		Font:    font.Font{Typeface: typeface, Size: size},
		Handler: text.Plain{Fonts: r.fonts},
	}
}

// Render draws a chart as a PNG. A chart or a panel with no bars, or text
// holding a character the font lacks (a plan other than the embedded one),
// is an error rather than a picture with blanks in it.
func (r *Renderer) Render(c Chart) ([]byte, error) {
	if err := r.check(c); err != nil {
		return nil, err
	}
	l := r.layout(c)
	img := image.NewRGBA(image.Rect(0, 0, widthPx, l.heightPx))
	canvas := vgimg.NewWith(vgimg.UseImage(img), vgimg.UseDPI(dpi))
	dc := draw.New(canvas)
	top := dc.Max.Y - margin
	r.drawLegend(dc, top, l.series)
	top -= legendH
	for i, p := range c.Panels {
		h := l.panelH[i]
		area := draw.Crop(dc, margin, -margin, top-h-dc.Min.Y, top-dc.Max.Y)
		r.drawPanel(area, p, l)
		top -= h + panelGap
	}
	note := r.style(noteSize, color.Gray{0x55})
	note.YAlign = draw.YTop
	for _, line := range l.caption {
		dc.FillText(note, vg.Point{X: dc.Min.X + margin, Y: top}, line)
		top -= lineHeight(noteSize)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, canvas.Image()); err != nil {
		return nil, fmt.Errorf("chart: encode png: %w", err)
	}
	return buf.Bytes(), nil
}

// Size is the pixel size Render gives the chart.
func (r *Renderer) Size(c Chart) (width, height int) {
	return widthPx, r.layout(c).heightPx
}

// check refuses a chart the renderer cannot draw truly.
func (r *Renderer) check(c Chart) error {
	bars := 0
	var texts []string
	texts = append(texts, c.Caption)
	for _, p := range c.Panels {
		if len(p.Groups) == 0 || len(p.Series) == 0 || len(p.Bars) == 0 {
			return fmt.Errorf("chart: panel %q has no bars to draw", p.Title)
		}
		bars += len(p.Bars)
		texts = append(texts, p.Title)
		texts = append(texts, p.Groups...)
		texts = append(texts, p.Series...)
		for _, b := range p.Bars {
			texts = append(texts, b.Text)
			if !slices.Contains(p.Groups, b.Group) || !slices.Contains(p.Series, b.Series) {
				return fmt.Errorf("chart: bar %q is for %q, %q, which the panel %q does not list", b.Text, b.Group, b.Series, p.Title)
			}
			if b.Value < 0 || math.IsNaN(b.Value) || math.IsInf(b.Value, 0) {
				return fmt.Errorf("chart: bar %q has no length to draw (%v)", b.Text, b.Value)
			}
		}
	}
	if bars == 0 {
		return fmt.Errorf("chart: nothing to draw")
	}
	if missing := r.Missing(strings.Join(texts, "")); len(missing) > 0 {
		return fmt.Errorf("chart: the font lacks %q; remake it with the plan's text (go generate ./chart)", string(missing))
	}
	return nil
}

// Missing returns the characters of s the font has no glyph for, once
// each: those of a plan other than the one the font was subset for.
func (r *Renderer) Missing(s string) []rune {
	var buf sfnt.Buffer
	var out []rune
	for _, c := range s {
		if c == '\n' || slices.Contains(out, c) {
			continue
		}
		if gi, err := r.face.GlyphIndex(&buf, c); err != nil || gi == 0 {
			out = append(out, c)
		}
	}
	return out
}

// layout is where a chart's parts go.
type layout struct {
	heightPx int
	panelH   []vg.Length
	series   []string // every panel's series, in legend order
	caption  []string // the caption's lines
	widest   string   // the widest group name of all panels, which sets where every panel's bars start
}

func (r *Renderer) layout(c Chart) layout {
	var l layout
	h := margin + legendH
	sty := r.style(labelSize, color.Black)
	for _, p := range c.Panels {
		for _, s := range p.Series {
			if !slices.Contains(l.series, s) {
				l.series = append(l.series, s)
			}
		}
		for _, g := range p.Groups {
			if sty.Width(g) > sty.Width(l.widest) {
				l.widest = g
			}
		}
		ph := panelHeight(p)
		l.panelH = append(l.panelH, ph)
		h += ph + panelGap
	}
	width := vg.Length(widthPx) * vg.Inch / dpi
	l.caption = wrap(r.style(noteSize, color.Black), c.Caption, width-2*margin)
	h += vg.Length(len(l.caption))*lineHeight(noteSize) + margin
	l.heightPx = int(math.Ceil(h.Dots(dpi)))
	return l
}

// panelHeight fits a panel's title, its groups of bars and the room under
// them.
func panelHeight(p Panel) vg.Length {
	n := max(len(p.Series), 1)
	groups := vg.Length(len(p.Groups)) * (vg.Length(n)*barWidth + groupGap)
	return lineHeight(titleSize) + max(groups, 2*barWidth+groupGap) + 0.12*vg.Inch
}

func lineHeight(size vg.Length) vg.Length { return size * 1.45 }

// wrap breaks text into lines no wider than width, between two Chinese
// characters as Chinese is set, but never inside a number or a Latin word
// (第17条, 2023) and never before closing punctuation (、。）).
func wrap(sty text.Style, s string, width vg.Length) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, tok := range tokens(para) {
			closing := strings.ContainsAny(tok, "、，。；：）》〕”")
			if line != "" && !closing && sty.Width(line+tok) > width {
				lines = append(lines, line)
				line = ""
			}
			line += tok
		}
		if line != "" {
			lines = append(lines, line)
		}
	}
	return lines
}

// tokens cuts text into what a line may not break: runs of ASCII letters,
// digits and points, and single other characters.
func tokens(s string) []string {
	var out []string
	word := func(c rune) bool {
		return c < 0x80 && (unicode.IsLetter(c) || unicode.IsDigit(c) || c == '.' || c == '%')
	}
	start := -1
	for i, c := range s {
		switch {
		case word(c) && start < 0:
			start = i
		case word(c):
		default:
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			out = append(out, string(c))
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// drawLegend keys the series' colours in a row across the top.
func (r *Renderer) drawLegend(dc draw.Canvas, top vg.Length, series []string) {
	sty := r.style(labelSize, color.Black)
	sty.YAlign = draw.YCenter
	x := dc.Min.X + margin
	y := top - legendH/2
	box := labelSize * 0.9
	for i, s := range series {
		dc.FillPolygon(seriesColor(i), []vg.Point{{X: x, Y: y - box/2}, {X: x + box, Y: y - box/2}, {X: x + box, Y: y + box/2}, {X: x, Y: y + box/2}})
		x += box + labelSize*0.4
		dc.FillText(sty, vg.Point{X: x, Y: y}, s)
		x += sty.Width(s) + labelSize*1.5
	}
}

// seriesColor is the i-th series' colour in legend order: an earlier year
// light, a later one dark, a period in another hue.
func seriesColor(i int) color.RGBA {
	colors := [...]color.RGBA{
		{0x7f, 0xb5, 0xde, 0xff}, {0x1f, 0x4e, 0x8c, 0xff}, {0xe0, 0x8a, 0x2e, 0xff},
		{0x5a, 0xa0, 0x5a, 0xff}, {0x9a, 0x6f, 0xb0, 0xff}, {0x8c, 0x8c, 0x8c, 0xff},
	}
	return colors[i%len(colors)]
}

// drawPanel draws a panel's title and its bars in area.
func (r *Renderer) drawPanel(area draw.Canvas, p Panel, l layout) {
	title := r.style(titleSize, color.Black)
	title.YAlign = draw.YTop
	area.FillText(title, vg.Point{X: area.Min.X, Y: area.Max.Y}, p.Title)
	area.Max.Y -= lineHeight(titleSize)
	plt, _ := r.plot(p, l.series, l.widest, area.Size())
	plt.Draw(area)
}

// plot is a panel as a gonum plot: a bar chart per series, horizontal,
// offset within each group, and the values as written beside the bars.
// Its group names take the room of widest, so that every panel's bars
// start at one line. It returns the bar charts too, which are the data
// the plot is handed.
func (r *Renderer) plot(p Panel, legend []string, widest string, size vg.Point) (*plot.Plot, []*plotter.BarChart) {
	plt := plot.New()
	plt.BackgroundColor = color.Transparent
	plt.TextHandler = text.Plain{Fonts: r.fonts}
	plt.Y.Tick.Label = r.style(labelSize, color.Black)
	plt.Y.Tick.Label.XAlign = draw.XRight
	plt.Y.Tick.Label.YAlign = draw.YCenter
	plt.X.Tick.Label = r.style(labelSize, color.Black)
	plt.X.Label.TextStyle = r.style(labelSize, color.Black)
	plt.Y.Label.TextStyle = r.style(labelSize, color.Black)
	plt.Legend.TextStyle = r.style(labelSize, color.Black)
	plt.HideX()
	plt.X.Padding, plt.Y.Padding = 0, 0

	// Groups top to bottom: the first at the top of the axis.
	names := slices.Clone(p.Groups)
	slices.Reverse(names)
	plt.NominalY(names...)
	plt.Y.Min, plt.Y.Max = -0.5, float64(len(p.Groups))-0.5
	if widest != "" {
		// A tick off the axis is never drawn, but its label widens the
		// axis as much as the widest group of the chart does.
		ticks := plt.Y.Tick.Marker.Ticks(plt.Y.Min, plt.Y.Max)
		plt.Y.Tick.Marker = plot.ConstantTicks(append(ticks, plot.Tick{Value: -1e6, Label: widest}))
	}

	bars := barCharts(p)
	n := len(p.Series)
	// A bar's thickness: as laid out, or less where the panel came out
	// shorter, so that groups never touch.
	thick := min(barWidth, size.Y/vg.Length(len(p.Groups))*0.8/vg.Length(n))
	for i, bc := range bars {
		bc.Width = thick
		bc.Horizontal = true
		bc.Color = seriesColor(slices.Index(legend, p.Series[i]))
		bc.LineStyle.Width = 0
		// The first series at the top of its group.
		bc.Offset = (vg.Length(n-1)/2 - vg.Length(i)) * thick
		plt.Add(bc)
	}
	labels := &valueLabels{panel: p, thick: thick, style: r.style(valueSize, color.RGBA{0x22, 0x22, 0x22, 0xff}), muted: r.style(valueSize, color.Gray{0x88})}
	plt.Add(labels)

	// Room on the right for the longest label beside its bar: the bars
	// start at zero, so their lengths compare truly, and stop short enough.
	groupW := plt.Y.Tick.Label.Width(widest)
	for _, g := range p.Groups {
		groupW = max(groupW, plt.Y.Tick.Label.Width(g))
	}
	avail := size.X - groupW - 0.12*vg.Inch
	xmax := 0.0
	for _, b := range p.Bars {
		room := avail - valuePad - labels.style.Width(b.Text)
		if room < avail/4 {
			room = avail / 4
		}
		xmax = max(xmax, b.Value*float64(avail/room))
	}
	if xmax == 0 {
		xmax = 1
	}
	plt.X.Min, plt.X.Max = 0, xmax
	return plt, bars
}

// barCharts is a panel's figures as gonum bar charts, one per series, a
// value per group in the panel's order (0 where the plan sets none).
func barCharts(p Panel) []*plotter.BarChart {
	var out []*plotter.BarChart
	for _, s := range p.Series {
		vals := make(plotter.Values, len(p.Groups))
		for _, b := range p.Bars {
			if b.Series == s {
				vals[groupRow(p, b.Group)] = b.Value
			}
		}
		bc, err := plotter.NewBarChart(vals, barWidth)
		if err != nil {
			panic(err) // only for a non-positive width or a NaN value, which check refuses
		}
		out = append(out, bc)
	}
	return out
}

// groupRow is where on the axis a group stands: the first at the top.
func groupRow(p Panel, group string) int {
	return len(p.Groups) - 1 - slices.Index(p.Groups, group)
}

// valueLabels writes each figure as written at the end of its bar, and
// 计划未设 where a group has no figure for a series.
type valueLabels struct {
	panel        Panel
	thick        vg.Length
	style, muted text.Style
}

// Plot implements plot.Plotter.
func (v *valueLabels) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	n := len(v.panel.Series)
	for _, g := range v.panel.Groups {
		for si, s := range v.panel.Series {
			y := trY(float64(groupRow(v.panel, g))) + (vg.Length(n-1)/2-vg.Length(si))*v.thick
			i := slices.IndexFunc(v.panel.Bars, func(b Bar) bool { return b.Group == g && b.Series == s })
			sty, txt, x := v.muted, notSet, trX(0)+valuePad
			if i >= 0 {
				b := v.panel.Bars[i]
				sty, txt, x = v.style, b.Text, trX(b.Value)+valuePad
			}
			sty.YAlign = draw.YCenter
			c.FillText(sty, vg.Point{X: x, Y: y}, txt)
		}
	}
}
