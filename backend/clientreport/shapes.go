package clientreport

import (
	"fmt"
	"html"
	"strconv"
	"strings"
)

// A chart is laid out once, as shapes in a box chartWidth units wide, and
// drawn twice: as inline SVG for the page and with PDF primitives for the
// PDF, so both show the same picture.
const chartWidth = 680

type rgb struct{ R, G, B uint8 }

func (c rgb) hex() string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// The palette: light theme, print-safe, distinguishable without colour
// (series also differ in lightness).
var (
	ink      = rgb{0x1f, 0x29, 0x37}
	muted    = rgb{0x5b, 0x64, 0x70}
	gridline = rgb{0xdd, 0xe1, 0xe6}
	deep     = rgb{0x1d, 0x4e, 0xd8} // the first series: the published promise, wall time
	pale     = rgb{0x7d, 0xd3, 0xc0} // the second series: the internal target, business time
	staffed  = rgb{0xc2, 0x41, 0x0c} // an outline that shows on light and dark cells alike
)

type anchor int

const (
	anchorStart anchor = iota
	anchorMiddle
	anchorEnd
)

// shape is one drawing primitive; exactly one of its kinds is set.
type shape struct {
	rect *rectShape
	line *lineShape
	text *textShape
	poly *polyShape
}

type rectShape struct {
	X, Y, W, H   float64
	Fill, Stroke *rgb
	StrokeWidth  float64
}

type lineShape struct {
	X1, Y1, X2, Y2 float64
	Color          rgb
	Width          float64
}

type textShape struct {
	X, Y   float64 // Y is the baseline
	S      string
	Size   float64
	Color  rgb
	Anchor anchor
	Bold   bool
}

// polyShape is a closed filled polygon (Fill set) or an open line.
type polyShape struct {
	X, Y   []float64
	Fill   *rgb
	Stroke rgb
	Width  float64
}

// drawing is a chart's shapes in a chartWidth × Height box.
type drawing struct {
	Height float64
	Shapes []shape
}

func (d *drawing) rect(x, y, w, h float64, fill *rgb) {
	d.Shapes = append(d.Shapes, shape{rect: &rectShape{X: x, Y: y, W: w, H: h, Fill: fill}})
}

func (d *drawing) outline(x, y, w, h float64, stroke rgb, width float64) {
	d.Shapes = append(d.Shapes, shape{rect: &rectShape{X: x, Y: y, W: w, H: h, Stroke: &stroke, StrokeWidth: width}})
}

func (d *drawing) line(x1, y1, x2, y2 float64, c rgb, w float64) {
	d.Shapes = append(d.Shapes, shape{line: &lineShape{x1, y1, x2, y2, c, w}})
}

func (d *drawing) text(x, y float64, s string, size float64, c rgb, a anchor, bold bool) {
	d.Shapes = append(d.Shapes, shape{text: &textShape{x, y, s, size, c, a, bold}})
}

func (d *drawing) poly(xs, ys []float64, fill *rgb, stroke rgb, width float64) {
	d.Shapes = append(d.Shapes, shape{poly: &polyShape{xs, ys, fill, stroke, width}})
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func round1(f float64) float64 { return float64(int64(f*10+0.5)) / 10 }

// svg writes the drawing as an SVG element labelled by its title and
// description (role img: the data table beside it carries the numbers).
func (d drawing) svg(id, title, desc string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg viewBox="0 0 %d %s" role="img" aria-labelledby="%s-t %s-d" font-family="Go, sans-serif">`,
		chartWidth, num(d.Height), id, id)
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, html.EscapeString(title), id, html.EscapeString(desc))
	for _, s := range d.Shapes {
		switch {
		case s.rect != nil:
			r := s.rect
			fill, stroke := "none", ""
			if r.Fill != nil {
				fill = r.Fill.hex()
			}
			if r.Stroke != nil {
				stroke = fmt.Sprintf(` stroke="%s" stroke-width="%s"`, r.Stroke.hex(), num(r.StrokeWidth))
			}
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"%s/>`,
				num(round1(r.X)), num(round1(r.Y)), num(round1(r.W)), num(round1(r.H)), fill, stroke)
		case s.line != nil:
			l := s.line
			fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"/>`,
				num(round1(l.X1)), num(round1(l.Y1)), num(round1(l.X2)), num(round1(l.Y2)), l.Color.hex(), num(l.Width))
		case s.text != nil:
			t := s.text
			a := [...]string{"start", "middle", "end"}[t.Anchor]
			weight := ""
			if t.Bold {
				weight = ` font-weight="bold"`
			}
			fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="%s" fill="%s" text-anchor="%s"%s>%s</text>`,
				num(round1(t.X)), num(round1(t.Y)), num(t.Size), t.Color.hex(), a, weight, html.EscapeString(t.S))
		case s.poly != nil:
			p := s.poly
			pts := make([]string, len(p.X))
			for i := range p.X {
				pts[i] = num(round1(p.X[i])) + "," + num(round1(p.Y[i]))
			}
			if p.Fill != nil {
				fmt.Fprintf(&b, `<polygon points="%s" fill="%s" stroke="none"/>`, strings.Join(pts, " "), p.Fill.hex())
			} else {
				fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="%s"/>`, strings.Join(pts, " "), p.Stroke.hex(), num(p.Width))
			}
		}
	}
	b.WriteString(`</svg>`)
	return b.String()
}
