package clientreport

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"careinbox/backend/report"
)

// MaxBreaches is how many breaches a document lists; the rest are counted
// ("and N more"), so a busy month stays a document one reads (and well under
// 2 MB). The CSV export has them all.
const MaxBreaches = 200

// view is a Doc laid out in words and numbers, the one source of both the
// HTML page and the PDF, so the two can never show different figures.
type view struct {
	Client, Scope      string
	Period, Previous   string
	Zone, Generated    string
	Promise            []promiseRow
	Hours, Closures    []string
	Sections           []section
	Charts             []chart
	Tables             []table // per handle, per network
	Breaches           []breachRow
	BreachCount, More  int
	Title, Description string // document metadata
}

type promiseRow struct{ Target, Promised, Internal, Counted string }

// section is a group of headline figures beside the previous period.
type section struct {
	Title string
	Note  string
	Rows  []row
}

type row struct{ Label, Current, Previous, Change string }

type breachRow struct{ Customer, Handle, Target, Started, Due, Late string }

func newView(d Doc) view {
	r := d.Report
	loc := r.Period.From.Location()
	v := view{Client: d.Client, Scope: d.Scope, Zone: r.Zone, Hours: d.Hours, Closures: d.Closures,
		Period: periodText(r.Period), Previous: periodText(r.Previous),
		Generated: d.GeneratedAt.In(loc).Format("2 January 2006, 15:04 MST")}
	v.Title = "Service report — " + d.Client + " — " + v.Period
	v.Description = "Response times, promise kept and breaches for " + d.Client + ", " + v.Period
	for _, p := range d.Promise {
		pr := promiseRow{Target: TargetLabel(p.Target), Promised: "no target", Internal: "—", Counted: "—"}
		if p.Published > 0 {
			pr.Promised, pr.Internal = "within "+durText(p.Published), "within "+durText(p.Internal)
			pr.Counted = "around the clock"
			if p.BusinessHours {
				pr.Counted = "in staffed hours"
			}
		}
		v.Promise = append(v.Promise, pr)
	}
	cur, prev := r.Current, r.Prior
	vol, pvol := cur.Volume, prev.Volume
	v.Sections = append(v.Sections, section{Title: "Volume", Rows: []row{
		countRow("Conversations in", vol.ConversationsIn, pvol.ConversationsIn),
		countRow("Messages in", vol.MessagesIn, pvol.MessagesIn),
		countRow("Messages out", vol.MessagesOut, pvol.MessagesOut),
		countRow("Replied", vol.Replied, pvol.Replied),
		countRow("Resolved", vol.Resolved, pvol.Resolved),
		countRow("Still open", vol.StillOpen, pvol.StillOpen),
	}})
	v.Sections = append(v.Sections, timesSection("First response", cur.FirstResponse, prev.FirstResponse),
		timesSection("Next response", cur.NextResponse, prev.NextResponse))
	if cur.Resolution.Count > 0 || prev.Resolution.Count > 0 {
		res := timesSection("Resolution time", cur.Resolution, prev.Resolution)
		res.Note = fmt.Sprintf("%d resolved this period, %d the period before, timed from the customer's message that started the clock.",
			cur.Resolution.Count, prev.Resolution.Count)
		v.Sections = append(v.Sections, res)
	}
	kept := section{Title: "Promise kept", Note: "Share of responses with a known outcome that met the published promise and the internal target."}
	for _, t := range cur.Targets {
		pt := targetOf(prev.Targets, t.Target)
		if t.WithDeadline == 0 && pt.WithDeadline == 0 && t.InternalKept+t.InternalMissed == 0 {
			continue
		}
		name := TargetLabel(t.Target)
		kept.Rows = append(kept.Rows,
			pctRow(name+": promise kept", t.PromiseKeptPct, t.PromiseKept, t.WithDeadline, pt.PromiseKeptPct, pt.WithDeadline),
			pctRow(name+": internal target kept", t.InternalKeptPct, t.InternalKept, t.InternalKept+t.InternalMissed,
				pt.InternalKeptPct, pt.InternalKept+pt.InternalMissed))
	}
	if len(kept.Rows) > 0 {
		v.Sections = append(v.Sections, kept)
	}
	v.Charts = append(v.Charts, targetsChart(cur.Targets))
	if cur.FirstResponse.Count > 0 && len(cur.FirstResponseDistribution) > 0 {
		v.Charts = append(v.Charts, distributionChart(cur.FirstResponseDistribution))
	}
	if cur.FirstResponse.Count > 0 && len(cur.FirstResponseByHour) > 0 {
		v.Charts = append(v.Charts, byHourChart(cur.FirstResponseByHour, r.Zone))
	}
	v.Charts = append(v.Charts, heatMap(r.HourOfWeek, r.Zone))
	if len(r.Backlog) > 0 {
		v.Charts = append(v.Charts, backlogChart(r.Backlog, r.BacklogStep, loc))
	}
	if len(cur.PerHandle) > 0 {
		v.Tables = append(v.Tables, rowsTable("handles", "By handle", "Handle", cur.PerHandle, false))
	}
	if len(cur.PerNetwork) > 0 {
		v.Tables = append(v.Tables, rowsTable("networks", "By network", "Network", cur.PerNetwork, true))
	}
	v.BreachCount = len(cur.Breaches)
	for i, b := range cur.Breaches {
		if i == MaxBreaches {
			v.More = len(cur.Breaches) - MaxBreaches
			break
		}
		v.Breaches = append(v.Breaches, breachRow{Customer: b.Customer, Handle: b.Handle, Target: TargetLabel(b.Target),
			Started: b.StartedAt.In(loc).Format("Mon 2 Jan 15:04"), Due: b.DueAt.In(loc).Format("Mon 2 Jan 15:04"),
			Late: lateText(b)})
	}
	return v
}

func targetOf(ts []report.TargetFigures, name string) report.TargetFigures {
	for _, t := range ts {
		if t.Target == name {
			return t
		}
	}
	return report.TargetFigures{}
}

func lateText(b report.Breach) string {
	s := durText(time.Duration(b.BySec) * time.Second)
	if b.DoneAt.IsZero() {
		s += ", unanswered"
	}
	return s
}

// periodText is a half-open period as its first and last day.
func periodText(p report.Period) string {
	from := p.From
	last := p.To.In(from.Location()).Add(-time.Nanosecond)
	if from.Year() == last.Year() && from.Month() == last.Month() {
		if from.Day() == last.Day() {
			return from.Format("2 January 2006")
		}
		return from.Format("2") + "–" + last.Format("2 January 2006")
	}
	if from.Year() == last.Year() {
		return from.Format("2 January") + " – " + last.Format("2 January 2006")
	}
	return from.Format("2 January 2006") + " – " + last.Format("2 January 2006")
}

func countRow(label string, cur, prev int) row {
	return row{Label: label, Current: strconv.Itoa(cur), Previous: strconv.Itoa(prev), Change: signed(cur - prev)}
}

func signed(n int) string {
	switch {
	case n > 0:
		return "+" + strconv.Itoa(n)
	case n < 0:
		return "−" + strconv.Itoa(-n)
	}
	return "±0"
}

func timesSection(title string, cur, prev report.Times) section {
	s := section{Title: title, Note: fmt.Sprintf("%d answered this period, %d the period before. Business time counts staffed hours only.", cur.Count, prev.Count)}
	for _, m := range []struct {
		label     string
		cur, prev int64
	}{
		{"Median, business time", cur.BusinessMedSec, prev.BusinessMedSec},
		{"90th percentile, business time", cur.BusinessP90Sec, prev.BusinessP90Sec},
		{"Median, wall-clock time", cur.WallMedianSec, prev.WallMedianSec},
		{"90th percentile, wall-clock time", cur.WallP90Sec, prev.WallP90Sec},
	} {
		s.Rows = append(s.Rows, durRow(m.label, m.cur, cur.Count, m.prev, prev.Count))
	}
	return s
}

// durRow shows a duration figure; a period without answers has none.
func durRow(label string, cur int64, curN int, prev int64, prevN int) row {
	r := row{Label: label, Current: "—", Previous: "—", Change: "—"}
	if curN > 0 {
		r.Current = durText(time.Duration(cur) * time.Second)
	}
	if prevN > 0 {
		r.Previous = durText(time.Duration(prev) * time.Second)
	}
	if curN > 0 && prevN > 0 {
		d := time.Duration(cur-prev) * time.Second
		switch {
		case d > 0:
			r.Change = "+" + durText(d)
		case d < 0:
			r.Change = "−" + durText(-d)
		default:
			r.Change = "±0"
		}
	}
	return r
}

func pctRow(label string, cur float64, kept, of int, prev float64, prevOf int) row {
	r := row{Label: label, Current: "—", Previous: "—", Change: "—"}
	if of > 0 {
		r.Current = fmt.Sprintf("%s (%d of %d)", pctText(cur), kept, of)
	}
	if prevOf > 0 {
		r.Previous = pctText(prev)
	}
	if of > 0 && prevOf > 0 {
		d := math.Round((cur-prev)*10) / 10
		switch {
		case d > 0:
			r.Change = "+" + strconv.FormatFloat(d, 'f', 1, 64) + " pts"
		case d < 0:
			r.Change = "−" + strconv.FormatFloat(-d, 'f', 1, 64) + " pts"
		default:
			r.Change = "±0"
		}
	}
	return r
}

func pctText(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) + " %" }

// durText writes a duration the way people say it: 45 s, 12 min,
// 1 h 05 min, 2 d 3 h.
func durText(d time.Duration) string {
	s := int64(d.Round(time.Second) / time.Second)
	switch {
	case s < 60:
		return fmt.Sprintf("%d s", s)
	case s < 3600:
		return fmt.Sprintf("%d min", s/60)
	case s < 86400 && s%3600/60 == 0:
		return fmt.Sprintf("%d h", s/3600)
	case s < 86400:
		return fmt.Sprintf("%d h %02d min", s/3600, s%3600/60)
	case s%86400/3600 == 0:
		return fmt.Sprintf("%d d", s/86400)
	}
	return fmt.Sprintf("%d d %d h", s/86400, s%86400/3600)
}
