package app

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"careinbox/backend/core"
	"careinbox/backend/inbox"
	"careinbox/backend/report"
)

// TestReportsAPI checks on the demo workspace that the screen's report is
// report.Service.Build's for the same scope and days, only translated.
func TestReportsAPI(t *testing.T) {
	ctx := context.Background()
	ws, err := core.Open(ctx, core.Options{DataDir: t.TempDir(), Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if err := ws.Deadlines.RecomputeAll(ctx, 0); err != nil {
		t.Fatal(err)
	}
	clients, err := ws.Store.Clients(ctx)
	if err != nil || len(clients) == 0 {
		t.Fatalf("demo clients: %v, %v", clients, err)
	}
	now := time.Now()
	svc := report.New(ws.Store, time.Local, func() time.Time { return now })
	a := New(Config{Store: ws.Store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Reports: svc})
	from, to := now.AddDate(0, 0, -30).Format(time.DateOnly), now.Format(time.DateOnly)

	for _, tc := range []struct {
		name     string
		clientID int64
		kind     string
	}{{"all clients", 0, ""}, {"one client", clients[0].ID, ""}, {"one client's private messages", clients[0].ID, "private"}} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := a.Reports.Report(tc.clientID, 0, "", tc.kind, from, to)
			if err != nil {
				t.Fatal(err)
			}
			sc := report.Scope{ClientID: tc.clientID, Kind: inbox.Kind(tc.kind)}
			loc, err := svc.Location(ctx, sc)
			if err != nil {
				t.Fatal(err)
			}
			p, err := report.Days(from, to, loc)
			if err != nil {
				t.Fatal(err)
			}
			want, err := svc.Build(ctx, sc, p)
			if err != nil {
				t.Fatal(err)
			}
			if got.From != p.From.UnixMilli() || got.To != p.To.UnixMilli() || got.PreviousTo != p.From.UnixMilli() ||
				got.PreviousFrom != want.Previous.From.UnixMilli() || got.Zone != want.Zone {
				t.Errorf("period %d–%d (previous %d–%d, %s), want %v–%v in %s", got.From, got.To, got.PreviousFrom, got.PreviousTo, got.Zone, p.From, p.To, want.Zone)
			}
			for _, f := range []struct {
				name string
				got  ReportFiguresDTO
				want report.Figures
			}{{"current", got.Current, want.Current}, {"previous", got.Previous, want.Prior}} {
				if f.got.Volume != ReportVolumeDTO(f.want.Volume) {
					t.Errorf("%s volume %+v, want %+v", f.name, f.got.Volume, f.want.Volume)
				}
				if f.got.FirstResponse != timesDTO(f.want.FirstResponse) || f.got.FirstResponse.BusinessMedianSec != f.want.FirstResponse.BusinessMedSec ||
					f.got.NextResponse.WallP90Sec != f.want.NextResponse.WallP90Sec {
					t.Errorf("%s times %+v / %+v, want %+v / %+v", f.name, f.got.FirstResponse, f.got.NextResponse, f.want.FirstResponse, f.want.NextResponse)
				}
				if len(f.got.Targets) != len(f.want.Targets) {
					t.Fatalf("%s: %d targets, want %d", f.name, len(f.got.Targets), len(f.want.Targets))
				}
				for i, tg := range f.want.Targets {
					g := f.got.Targets[i]
					if string(g.Target) != tg.Target || g.PromiseKeptPct != tg.PromiseKeptPct || g.InternalKeptPct != tg.InternalKeptPct ||
						g.WithDeadline != tg.WithDeadline || g.Open != tg.Open {
						t.Errorf("%s target %+v, want %+v", f.name, g, tg)
					}
				}
				if len(f.got.Breaches) != len(f.want.Breaches) {
					t.Fatalf("%s: %d breaches, want %d", f.name, len(f.got.Breaches), len(f.want.Breaches))
				}
				for i, b := range f.want.Breaches {
					g := f.got.Breaches[i]
					if g.ConversationID != b.ConversationID || g.Customer != b.Customer || g.DueAt != b.DueAt.UnixMilli() || g.BySec != b.BySec ||
						(b.DoneAt.IsZero() != (g.DoneAt == 0)) {
						t.Errorf("%s breach %+v, want %+v", f.name, g, b)
					}
				}
			}
			checkReportBreakdowns(t, got, want)
			if len(got.HourOfWeek) != 168 {
				t.Fatalf("%d hour buckets", len(got.HourOfWeek))
			}
			for i, h := range want.HourOfWeek {
				if got.HourOfWeek[i] != ReportHourDTO(h) {
					t.Errorf("hour %d: %+v, want %+v", i, got.HourOfWeek[i], h)
				}
			}
		})
	}
	if r, _ := a.Reports.Report(0, 0, "", "", from, to); r.Current.Volume.ConversationsIn == 0 {
		t.Error("the demo's last 30 days have no conversations")
	}

	for _, bad := range []struct{ network, kind, from, to string }{
		{"myspace", "", from, to}, {"", "fax", from, to}, {"", "", "1 May", to}, {"", "", to, from},
	} {
		var ae *APIError
		if _, err := a.Reports.Report(0, 0, bad.network, bad.kind, bad.from, bad.to); !errors.As(err, &ae) || ae.Code != CodeInvalid {
			t.Errorf("Report(%+v) = %v, want an invalid error", bad, err)
		}
	}
	var ae *APIError
	if _, err := (&ReportsAPI{ctx: context.Background}).Report(0, 0, "", "", from, to); !errors.As(err, &ae) || ae.Code != CodeInvalid {
		t.Errorf("without a service: %v", err)
	}
}
