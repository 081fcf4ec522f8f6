package clientreport

import (
	"fmt"
	"time"

	"careinbox/backend/report"
)

var berlin = func() *time.Location {
	l, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return l
}()

const (
	hostile = `<img src=x onerror=alert(1)>`
	rtlName = "שלום עליכם"
)

// busyDoc is a month of a busy client: breaches breaches, customer names
// hostile and right-to-left among them.
func busyDoc(client string, breaches int) Doc {
	from := time.Date(2026, 11, 1, 0, 0, 0, 0, berlin)
	to := time.Date(2026, 12, 1, 0, 0, 0, 0, berlin)
	p := report.Period{From: from, To: to}
	cur := report.Figures{
		Volume:        report.Volume{ConversationsIn: 1234, MessagesIn: 4321, MessagesOut: 3999, Replied: 1200, Resolved: 1100, StillOpen: 134},
		FirstResponse: report.Times{Count: 1200, WallMedianSec: 47 * 60, WallP90Sec: 5*3600 + 12*60, BusinessMedSec: 23 * 60, BusinessP90Sec: 71 * 60},
		NextResponse:  report.Times{Count: 2100, WallMedianSec: 31 * 60, WallP90Sec: 3 * 3600, BusinessMedSec: 17 * 60, BusinessP90Sec: 55 * 60},
		Targets: []report.TargetFigures{
			{Target: report.TargetFirst, WithDeadline: 1200, PromiseKept: 1000, PromiseBreached: 200, PromiseKeptPct: 83.3, InternalKept: 800, InternalMissed: 400, InternalKeptPct: 66.7},
			{Target: report.TargetNext, WithDeadline: 2100, PromiseKept: 2000, PromiseBreached: 100, PromiseKeptPct: 95.2, InternalKept: 1800, InternalMissed: 300, InternalKeptPct: 85.7},
			{Target: report.TargetResolution},
		},
	}
	cur.Resolution = report.Times{Count: 1100, WallMedianSec: 26 * 3600, WallP90Sec: 4 * 86400, BusinessMedSec: 6 * 3600, BusinessP90Sec: 30 * 3600}
	for i, e := range report.DistributionEdges {
		cur.FirstResponseDistribution = append(cur.FirstResponseDistribution,
			report.Bucket{Label: "≤" + e.String(), UpToSec: int64(e / time.Second), Wall: 300 - 30*i, Business: 400 - 50*i})
	}
	cur.FirstResponseDistribution = append(cur.FirstResponseDistribution, report.Bucket{Label: ">24h", Wall: 12, Business: 3})
	for h := range 24 {
		cur.FirstResponseByHour = append(cur.FirstResponseByHour, report.HourOfDay{Hour: h, Count: h * 3,
			WallMedianSec: int64(h * 400), BusinessMedianSec: int64(h * 150)})
	}
	cur.PerHandle = []report.Row{
		{Key: "1", Label: "@askacme", ConversationsIn: 1000, MessagesIn: 3000, Replied: 990, Resolved: 900, StillOpen: 100,
			FirstResponse: report.Times{Count: 990, BusinessMedSec: 22 * 60}, PromiseKeptPct: 84.1, PromiseBreached: 250},
		{Key: "2", Label: rtlName, ConversationsIn: 234, MessagesIn: 1321, Replied: 210, Resolved: 200, StillOpen: 34,
			FirstResponse: report.Times{Count: 210, BusinessMedSec: 31 * 60}, PromiseKeptPct: 79.5, PromiseBreached: 50},
	}
	cur.PerNetwork = []report.Row{
		{Key: "mastodon", Label: "mastodon", ConversationsIn: 1000, Replied: 990, StillOpen: 100,
			FirstResponse: report.Times{Count: 990, BusinessMedSec: 22 * 60}, PromiseKeptPct: 84.1, PromiseBreached: 250},
		{Key: "email", Label: "email", ConversationsIn: 234, Replied: 210, StillOpen: 34},
	}
	prev := cur
	prev.Resolution.Count = 0
	prev.Volume.ConversationsIn = 1100
	prev.FirstResponse.BusinessMedSec = 29 * 60
	prev.Targets = []report.TargetFigures{
		{Target: report.TargetFirst, WithDeadline: 1000, PromiseKept: 900, PromiseBreached: 100, PromiseKeptPct: 90, InternalKept: 700, InternalMissed: 300, InternalKeptPct: 70},
		{Target: report.TargetNext},
		{Target: report.TargetResolution},
	}
	prev.Breaches = nil
	for i := range breaches {
		name := fmt.Sprintf("Customer %03d", i)
		switch i % 50 {
		case 0:
			name = hostile
		case 1:
			name = rtlName
		}
		start := from.Add(time.Duration(i) * 71 * time.Minute)
		b := report.Breach{ConversationID: int64(i + 1), Customer: name, Client: client, Handle: "@askacme", Target: report.TargetFirst,
			StartedAt: start, DueAt: start.Add(time.Hour), DoneAt: start.Add(2 * time.Hour), BySec: 3600}
		if i%7 == 0 {
			b.Target, b.DoneAt, b.BySec = report.TargetNext, time.Time{}, 5*86400
		}
		cur.Breaches = append(cur.Breaches, b)
	}
	hw := make([]report.HourBucket, 0, 168)
	for wd := range 7 {
		for h := range 24 {
			hw = append(hw, report.HourBucket{Weekday: wd, Hour: h, MessagesIn: (wd + 1) * h % 37, Staffed: wd < 5 && h >= 9 && h < 17})
		}
	}
	return Doc{
		Client: client,
		Promise: []Promise{
			{Target: report.TargetFirst, Published: time.Hour, Internal: 30 * time.Minute, BusinessHours: true},
			{Target: report.TargetNext, Published: time.Hour, Internal: 30 * time.Minute, BusinessHours: true},
			{Target: report.TargetResolution},
		},
		Hours:    []string{"Monday–Friday: 09:00–17:00", "Saturday, Sunday: closed"},
		Closures: []string{"Wed 25 Nov 2026: closed (" + hostile + ")"},
		Report: report.Report{Period: p, Previous: p.Previous(), Current: cur, Prior: prev, Zone: "Europe/Berlin", HourOfWeek: hw,
			Backlog: backlog(p), BacklogStep: report.StepHour},
		GeneratedAt: time.Date(2026, 12, 1, 9, 30, 0, 0, berlin),
	}
}

func secs(n int64) time.Duration { return time.Duration(n) * time.Second }

// backlog rises through each working day and falls at night, hour by hour.
func backlog(p report.Period) []report.BacklogPoint {
	var out []report.BacklogPoint
	for t := p.From; t.Before(p.To); t = t.Add(time.Hour) {
		h := t.In(berlin).Hour()
		out = append(out, report.BacklogPoint{At: t, Open: 40 + 3*min(h, 24-h) + t.In(berlin).Day()})
	}
	return out
}
