// Package clientreport turns a service-level report (backend/report) into a
// document to send to a client: one self-contained HTML page and the same as
// a PDF, both made here without a network. The page carries its fonts as
// data: URLs and its charts as inline SVG, under a Content-Security-Policy
// that forbids every other resource; the PDF embeds subsets of the same
// fonts. Every figure comes from report.Report as the Reports screen shows
// it; this package only lays the numbers out.
package clientreport

import (
	"context"
	"fmt"
	"strings"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
	"careinbox/backend/report"
)

// Doc is everything a client report shows.
type Doc struct {
	// Client is the client's name ("All clients" for a scope of several).
	Client string
	// Scope narrows the report below the client in words ("" when it does
	// not): the handle, network or channel kind.
	Scope string
	// Promise is the policy's targets in report order (first, next,
	// resolution); empty when the scope has several clients.
	Promise []Promise
	// Hours describe the staffed hours of the scope's calendar, one line per
	// group of days; Closures lists the holidays and changed days inside the
	// period.
	Hours    []string
	Closures []string
	Report   report.Report
	// GeneratedAt is when the document was made (shown, and the PDF's date).
	GeneratedAt time.Time
}

// Promise is one target of the client's policy.
type Promise struct {
	Target string // report.TargetFirst, TargetNext, TargetResolution
	// Published is what the client promises its customers, Internal what the
	// team aims at; zero Published means no target.
	Published, Internal time.Duration
	BusinessHours       bool // counted in staffed hours only, not around the clock
}

// Reports builds the figures; *report.Service satisfies it.
type Reports interface {
	Location(ctx context.Context, sc report.Scope) (*time.Location, error)
	Build(ctx context.Context, sc report.Scope, p report.Period) (report.Report, error)
}

// Settings reads the stored clients, handles, calendars and policies, all
// read-only; *store.Store satisfies it.
type Settings interface {
	Clients(ctx context.Context) ([]inbox.Client, error)
	Handles(ctx context.Context) ([]inbox.Handle, error)
	CalendarSpecs(ctx context.Context) ([]deadline.StoredSpec, error)
	PolicySpecs(ctx context.Context) ([]deadline.StoredSpec, error)
}

// Builder gathers a Doc. Now is the clock (nil: time.Now).
type Builder struct {
	Reports  Reports
	Settings Settings
	Now      func() time.Time
}

// Doc builds the document for scope sc from the first to the last day
// (included), "YYYY-MM-DD" in the scope's zone: the same period and the same
// figures as the Reports screen and `careinbox report` for those arguments.
func (b Builder) Doc(ctx context.Context, sc report.Scope, first, last string) (Doc, error) {
	loc, err := b.Reports.Location(ctx, sc)
	if err != nil {
		return Doc{}, fmt.Errorf("client report: %w", err)
	}
	p, err := report.Days(first, last, loc)
	if err != nil {
		return Doc{}, err
	}
	r, err := b.Reports.Build(ctx, sc, p)
	if err != nil {
		return Doc{}, fmt.Errorf("client report: %w", err)
	}
	now := time.Now
	if b.Now != nil {
		now = b.Now
	}
	d := Doc{Report: r, GeneratedAt: now()}
	if err := b.describe(ctx, &d, sc, loc); err != nil {
		return Doc{}, fmt.Errorf("client report: %w", err)
	}
	return d, nil
}

// describe fills in the client, scope, promise and hours of sc.
func (b Builder) describe(ctx context.Context, d *Doc, sc report.Scope, loc *time.Location) error {
	clients, err := b.Settings.Clients(ctx)
	if err != nil {
		return err
	}
	handles, err := b.Settings.Handles(ctx)
	if err != nil {
		return err
	}
	cals, err := b.Settings.CalendarSpecs(ctx)
	if err != nil {
		return err
	}
	pols, err := b.Settings.PolicySpecs(ctx)
	if err != nil {
		return err
	}
	set, err := deadline.NewSettings(loc, clients, cals, pols)
	if err != nil {
		return err
	}
	client := sc.ClientID
	var scope []string
	if sc.HandleID != 0 {
		for _, h := range handles {
			if h.ID == sc.HandleID {
				client = h.ClientID
				scope = append(scope, handleName(h))
			}
		}
	}
	if client == 0 && len(clients) == 1 {
		client = clients[0].ID
	}
	if sc.Network != "" && sc.HandleID == 0 {
		scope = append(scope, NetworkLabel(sc.Network))
	}
	if sc.Kind != "" {
		scope = append(scope, KindLabel(sc.Kind))
	}
	d.Scope = strings.Join(scope, " · ")
	c, ok := set.Clients[client]
	if !ok {
		d.Client = "All clients"
		return nil
	}
	d.Client = c.Name
	pol, _ := set.PolicySpec(client, sc.HandleID, sc.Kind)
	for _, t := range []struct {
		name string
		spec deadline.TargetSpec
	}{{report.TargetFirst, pol.FirstResponse}, {report.TargetNext, pol.NextResponse}, {report.TargetResolution, pol.Resolution}} {
		tg := t.spec.Target()
		d.Promise = append(d.Promise, Promise{Target: t.name, Published: tg.Published, Internal: tg.Internal, BusinessHours: tg.BusinessHours})
	}
	cal, _ := set.CalendarSpec(client, sc.HandleID)
	d.Hours = DescribeHours(cal)
	d.Closures = closures(cal, d.Report.Period, loc)
	return nil
}

func handleName(h inbox.Handle) string {
	name := h.DisplayName
	if h.Username != "" {
		if name != "" {
			name += " "
		}
		name += "(" + h.Username + ")"
	}
	if name == "" {
		name = fmt.Sprintf("handle %d", h.ID)
	}
	return name + " on " + NetworkLabel(h.Network)
}

// NetworkLabel is a network's name as a reader writes it.
func NetworkLabel(n inbox.Network) string {
	switch n {
	case inbox.NetworkEmail:
		return "E-mail"
	case inbox.NetworkX:
		return "X"
	case inbox.NetworkLinkedIn:
		return "LinkedIn"
	case "":
		return ""
	}
	s := string(n)
	return strings.ToUpper(s[:1]) + s[1:]
}

// KindLabel names a channel kind.
func KindLabel(k inbox.Kind) string {
	switch k {
	case inbox.KindPublic:
		return "public mentions and comments"
	case inbox.KindPrivate:
		return "private messages"
	case inbox.KindEmail:
		return "e-mail"
	}
	return string(k)
}

// TargetLabel names a target.
func TargetLabel(t string) string {
	switch t {
	case report.TargetFirst:
		return "First response"
	case report.TargetNext:
		return "Next response"
	case report.TargetResolution:
		return "Resolution"
	}
	return t
}
