package clientreport

import (
	"math"
	"strconv"

	"careinbox/backend/report"
)

// chart is one figure: its drawing, what it shows in words (SVG title and
// desc), and the same data as a table for screen readers.
type chart struct {
	ID, Title, Desc string
	Drawing         drawing
	Table           table
}

type table struct {
	ID      string
	Caption string
	Head    []string
	Rows    [][]string
	Note    string    // shown under the table
	Widths  []float64 // the PDF's column widths in mm (nil: even)
}

type barSeries struct {
	Name   string
	Color  rgb
	Values []float64 // NaN: no value for that category
}

type barSpec struct {
	Categories  []string
	Series      []barSeries
	Max         float64               // the axis top; 0: the largest value, rounded up by Nice
	Nice        func(float64) float64 // nil: niceMax
	Tick        func(float64) string
	ValueLabels bool // write each value above its bar
	LabelEvery  int  // label every nth category (0: all)
	Height      float64
}

// niceMax rounds m up to 1, 2 or 5 times a power of ten.
func niceMax(m float64) float64 {
	if m <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(m)))
	for _, f := range []float64{1, 2, 5, 10} {
		if f*p >= m {
			return f * p
		}
	}
	return 10 * p
}

// bars lays out a grouped bar chart with a legend on top and a y axis of
// four steps.
func bars(s barSpec) drawing {
	h := s.Height
	if h == 0 {
		h = 220
	}
	d := drawing{Height: h}
	left, right, top, bottom := 56.0, 8.0, 44.0, 26.0 // room for the legend and a value label over a full bar
	pw, ph := chartWidth-left-right, h-top-bottom
	top0 := s.Max
	if top0 == 0 {
		for _, se := range s.Series {
			for _, v := range se.Values {
				if !math.IsNaN(v) && v > top0 {
					top0 = v
				}
			}
		}
		if s.Nice != nil {
			top0 = s.Nice(top0)
		} else {
			top0 = niceMax(top0)
		}
	}
	x := left
	for _, se := range s.Series { // legend
		c := se.Color
		d.rect(x, 8, 12, 12, &c)
		d.text(x+17, 18, se.Name, 12, ink, anchorStart, false)
		x += 17 + float64(len([]rune(se.Name)))*6.6 + 24
	}
	for i := 0; i <= 4; i++ {
		v := top0 * float64(i) / 4
		y := top + ph - ph*float64(i)/4
		d.line(left, y, left+pw, y, gridline, 1)
		d.text(left-6, y+4, s.Tick(v), 11, muted, anchorEnd, false)
	}
	n := len(s.Categories)
	if n == 0 {
		return d
	}
	gw := pw / float64(n)
	bw := gw * 0.8 / float64(max(1, len(s.Series)))
	for i, cat := range s.Categories {
		gx := left + gw*float64(i) + gw*0.1
		for j, se := range s.Series {
			v := se.Values[i]
			if math.IsNaN(v) {
				continue
			}
			bh := ph * math.Min(v, top0) / top0
			c := se.Color
			bx := gx + bw*float64(j)
			d.rect(bx, top+ph-bh, bw-1, bh, &c)
			if s.ValueLabels {
				d.text(bx+bw/2, top+ph-bh-4, s.Tick(v), 11, ink, anchorMiddle, false)
			}
		}
		if s.LabelEvery <= 1 || i%s.LabelEvery == 0 {
			d.text(left+gw*float64(i)+gw/2, h-8, cat, 11, muted, anchorMiddle, false)
		}
	}
	d.line(left, top+ph, left+pw, top+ph, muted, 1)
	return d
}

func pctTick(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) + " %" }

// targetsChart compares the promise kept with the internal target kept, per
// target with any outcome.
func targetsChart(ts []report.TargetFigures) chart {
	c := chart{ID: "targets", Title: "Targets kept",
		Desc:  "For each target, the share of responses that kept the published promise beside the share that kept the internal target.",
		Table: table{Caption: "Targets kept", Head: []string{"Target", "Promise kept", "Internal target kept"}}}
	spec := barSpec{Max: 100, Tick: pctTick, ValueLabels: true,
		Series: []barSeries{{Name: "Promise kept", Color: deep}, {Name: "Internal target kept", Color: pale}}}
	for _, t := range ts {
		internalOf := t.InternalKept + t.InternalMissed
		if t.WithDeadline == 0 && internalOf == 0 {
			continue
		}
		spec.Categories = append(spec.Categories, TargetLabel(t.Target))
		p, in := math.NaN(), math.NaN()
		row := []string{TargetLabel(t.Target), "no outcome", "no outcome"}
		if t.WithDeadline > 0 {
			p, row[1] = t.PromiseKeptPct, pctText(t.PromiseKeptPct)
		}
		if internalOf > 0 {
			in, row[2] = t.InternalKeptPct, pctText(t.InternalKeptPct)
		}
		spec.Series[0].Values = append(spec.Series[0].Values, p)
		spec.Series[1].Values = append(spec.Series[1].Values, in)
		c.Table.Rows = append(c.Table.Rows, row)
	}
	if len(spec.Categories) == 0 {
		c.Desc = "No response had a known outcome in this period."
	}
	c.Drawing = bars(spec)
	return c
}

var dayNames = [7]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}

// heatMap lays out messages in per hour of the week, staffed hours outlined.
func heatMap(hw []report.HourBucket, zone string) chart {
	c := chart{ID: "heat", Title: "Messages in by hour of the week",
		Desc: "Messages customers sent in each hour of the week (" + zone + "); darker is more. Outlined hours are staffed.",
		Table: table{Caption: "Messages in by hour of the week (" + zone + "); * marks a staffed hour",
			Head: append([]string{"Day"}, hourHeads()...)}}
	var cells [7][24]report.HourBucket
	peak, open := 0, 0
	for _, b := range hw {
		if b.Weekday >= 0 && b.Weekday < 7 && b.Hour >= 0 && b.Hour < 24 {
			cells[b.Weekday][b.Hour] = b
			peak = max(peak, b.MessagesIn)
			if b.Staffed {
				open++
			}
		}
	}
	// Outlining every hour of an always-open calendar says nothing.
	outline := open < 7*24
	if !outline {
		c.Desc = "Messages customers sent in each hour of the week (" + zone + "); darker is more. Every hour is staffed."
	}
	left, top, cw, ch := 44.0, 22.0, (chartWidth-44.0-4)/24, 22.0
	d := drawing{Height: top + 7*ch + 30}
	for h := 0; h < 24; h += 3 {
		d.text(left+cw*float64(h)+cw/2, 14, strconv.Itoa(h), 11, muted, anchorMiddle, false)
	}
	for wd := 0; wd < 7; wd++ {
		y := top + ch*float64(wd)
		d.text(left-8, y+ch/2+4, dayNames[wd], 11, muted, anchorEnd, false)
		row := []string{dayNames[wd]}
		for h := 0; h < 24; h++ {
			b := cells[wd][h]
			fill := heatColor(b.MessagesIn, peak)
			x := left + cw*float64(h)
			d.rect(x+1, y+1, cw-2, ch-2, &fill)
			cell := strconv.Itoa(b.MessagesIn)
			if b.Staffed && outline {
				d.outline(x+1, y+1, cw-2, ch-2, staffed, 1.6)
			}
			if b.Staffed {
				cell += "*"
			}
			row = append(row, cell)
		}
		c.Table.Rows = append(c.Table.Rows, row)
	}
	ly := top + 7*ch + 18
	lo, hi := heatColor(0, 1), heatColor(1, 1)
	d.rect(left, ly-10, 12, 12, &lo)
	d.text(left+17, ly, "none", 11, muted, anchorStart, false)
	d.rect(left+60, ly-10, 12, 12, &hi)
	d.text(left+77, ly, strconv.Itoa(peak)+" (the busiest hour)", 11, muted, anchorStart, false)
	if outline {
		d.outline(left+250, ly-10, 12, 12, staffed, 1.6)
		d.text(left+267, ly, "staffed hour", 11, muted, anchorStart, false)
	} else {
		d.text(left+250, ly, "every hour is staffed", 11, muted, anchorStart, false)
	}
	c.Drawing = d
	return c
}

func hourHeads() []string {
	out := make([]string, 24)
	for h := range out {
		out[h] = strconv.Itoa(h)
	}
	return out
}

// heatColor runs from a near-white grey (none) to deep blue (the peak).
func heatColor(n, peak int) rgb {
	lo, hi := rgb{0xf3, 0xf4, 0xf6}, deep
	if n <= 0 || peak <= 0 {
		return lo
	}
	f := 0.15 + 0.85*float64(n)/float64(peak)
	mix := func(a, b uint8) uint8 { return uint8(float64(a) + (float64(b)-float64(a))*f + 0.5) }
	return rgb{mix(lo.R, hi.R), mix(lo.G, hi.G), mix(lo.B, hi.B)}
}
