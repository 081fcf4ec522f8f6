package clientreport

import (
	"math"
	"strconv"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/report"
)

func countTick(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }

// durTick labels an axis of durations in seconds.
func durTick(v float64) string {
	if v == 0 {
		return "0"
	}
	return durText(time.Duration(v) * time.Second)
}

// distributionChart shows how long answered first responses took, by
// wall-clock and by business time.
func distributionChart(bs []report.Bucket) chart {
	c := chart{ID: "distribution", Title: "How long first responses took",
		Desc:  "Answered first responses by how long they took: each bar counts those up to its bound, in wall-clock time beside business time.",
		Table: table{Caption: "First responses by how long they took", Head: []string{"Took", "Wall-clock time", "Business time"}}}
	spec := barSpec{Tick: countTick, ValueLabels: len(bs) <= 10,
		Series: []barSeries{{Name: "Wall-clock time", Color: deep}, {Name: "Business time", Color: pale}}}
	for _, b := range bs {
		spec.Categories = append(spec.Categories, b.Label)
		spec.Series[0].Values = append(spec.Series[0].Values, float64(b.Wall))
		spec.Series[1].Values = append(spec.Series[1].Values, float64(b.Business))
		c.Table.Rows = append(c.Table.Rows, []string{b.Label, strconv.Itoa(b.Wall), strconv.Itoa(b.Business)})
	}
	c.Drawing = bars(spec)
	return c
}

// byHourChart shows the median first response by the hour of day the
// customer wrote in.
func byHourChart(hs []report.HourOfDay, zone string) chart {
	c := chart{ID: "by-hour", Title: "First response by hour of day",
		Desc:  "The median first response to customers who wrote in each hour of the day (" + zone + "), in wall-clock time beside business time.",
		Table: table{Caption: "First response by hour of day (" + zone + ")", Head: []string{"Hour", "Responses", "Median, wall-clock", "Median, business"}}}
	spec := barSpec{Tick: durTick, Nice: niceDuration, LabelEvery: 3,
		Series: []barSeries{{Name: "Median, wall-clock time", Color: deep}, {Name: "Median, business time", Color: pale}}}
	for _, h := range hs {
		label := strconv.Itoa(h.Hour)
		spec.Categories = append(spec.Categories, label)
		w, b := math.NaN(), math.NaN()
		row := []string{label + ":00", strconv.Itoa(h.Count), "—", "—"}
		if h.Count > 0 {
			w, b = float64(h.WallMedianSec), float64(h.BusinessMedianSec)
			row[2], row[3] = durText(secsOf(h.WallMedianSec)), durText(secsOf(h.BusinessMedianSec))
		}
		spec.Series[0].Values = append(spec.Series[0].Values, w)
		spec.Series[1].Values = append(spec.Series[1].Values, b)
		c.Table.Rows = append(c.Table.Rows, row)
	}
	c.Drawing = bars(spec)
	return c
}

// niceDuration rounds seconds up to an axis top whose quarters read well
// (15 min, 30 min, 1 h, 6 h, 1 d…).
func niceDuration(sec float64) float64 {
	for _, d := range []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 20 * time.Minute,
		40 * time.Minute, time.Hour, 2 * time.Hour, 4 * time.Hour, 8 * time.Hour, 12 * time.Hour, 24 * time.Hour,
		48 * time.Hour, 96 * time.Hour, 8 * 24 * time.Hour, 20 * 24 * time.Hour, 40 * 24 * time.Hour} {
		if d.Seconds() >= sec {
			return d.Seconds()
		}
	}
	return niceMax(sec/86400) * 86400
}

func secsOf(n int64) time.Duration { return time.Duration(n) * time.Second }

// backlogChart draws the open conversations over the period as an area.
func backlogChart(ps []report.BacklogPoint, step string, loc *time.Location) chart {
	c := chart{ID: "backlog", Title: "Open conversations over time",
		Desc:  "How many conversations were open at each " + step + " of the period.",
		Table: table{Caption: "Open conversations", Head: []string{"At", "Open"}}}
	h := 200.0
	d := drawing{Height: h}
	left, right, top, bottom := 56.0, 8.0, 12.0, 26.0
	pw, ph := chartWidth-left-right, h-top-bottom
	peak := 0
	for _, p := range ps {
		peak = max(peak, p.Open)
	}
	top0 := niceMax(float64(peak))
	for i := 0; i <= 4; i++ {
		y := top + ph - ph*float64(i)/4
		d.line(left, y, left+pw, y, gridline, 1)
		d.text(left-6, y+4, countTick(top0*float64(i)/4), 11, muted, anchorEnd, false)
	}
	d.line(left, top+ph, left+pw, top+ph, muted, 1)
	if len(ps) == 0 {
		c.Drawing = d
		return c
	}
	x := func(i int) float64 {
		if len(ps) == 1 {
			return left + pw/2
		}
		return left + pw*float64(i)/float64(len(ps)-1)
	}
	xs, ys := []float64{x(0)}, []float64{top + ph}
	lx, ly := []float64{}, []float64{}
	for i, p := range ps {
		y := top + ph - ph*float64(p.Open)/top0
		xs, ys = append(xs, x(i)), append(ys, y)
		lx, ly = append(lx, x(i)), append(ly, y)
	}
	xs, ys = append(xs, x(len(ps)-1)), append(ys, top+ph)
	area := rgb{0xd6, 0xe2, 0xfb}
	d.poly(xs, ys, &area, area, 0)
	d.poly(lx, ly, nil, deep, 1.6)
	// Label about six instants along the axis, and list the day starts (or
	// every point, for a short period) in the table.
	every := max(1, len(ps)/6)
	format := "2 Jan"
	if step == report.StepHour && len(ps) <= 48 {
		format = "2 Jan 15:04"
	}
	for i := 0; i < len(ps); i += every {
		d.text(x(i), h-8, ps[i].At.In(loc).Format(format), 11, muted, anchorMiddle, false)
	}
	for _, p := range ps {
		at := p.At.In(loc)
		if step == report.StepHour && len(ps) > 48 && at.Hour() != 0 {
			continue
		}
		c.Table.Rows = append(c.Table.Rows, []string{at.Format("Mon 2 Jan 2006 15:04"), strconv.Itoa(p.Open)})
	}
	if step == report.StepHour && len(ps) > 48 {
		c.Table.Caption = "Open conversations at the start of each day"
	}
	c.Drawing = d
	return c
}

// rowsTable is the per-handle or per-network split of the period.
func rowsTable(id, caption, first string, rows []report.Row, network bool) table {
	t := table{ID: id, Caption: caption, Head: []string{first, "Conversations", "Replied", "Still open",
		"First response", "Promise kept", "Breaches"}, Widths: []float64{42, 23, 18, 18, 27, 27, 25},
		Note: "First response: the median in business time. Promise kept: of the first-response target. Breaches: every target."}
	for _, r := range rows {
		label := r.Label
		if network {
			label = NetworkLabel(inbox.Network(r.Key))
		}
		median, kept := "—", "—"
		if r.FirstResponse.Count > 0 {
			median = durText(secsOf(r.FirstResponse.BusinessMedSec))
		}
		if r.FirstResponse.Count > 0 || r.PromiseBreached > 0 {
			kept = pctText(r.PromiseKeptPct)
		}
		t.Rows = append(t.Rows, []string{label, strconv.Itoa(r.ConversationsIn), strconv.Itoa(r.Replied), strconv.Itoa(r.StillOpen),
			median, kept, strconv.Itoa(r.PromiseBreached)})
	}
	return t
}
