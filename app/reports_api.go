package app

import (
	"context"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/report"
)

// ReportsAPI serves the Reports screen: it only translates to and from
// backend/report, which computes every figure (the CLI's `careinbox report`
// uses the same service and the same day arithmetic, so both agree).
type ReportsAPI struct {
	ctx    func() context.Context
	svc    *report.Service
	export reportExport // the client report (reports_export.go)
}

// ReportVolumeDTO counts conversations (by their first inbound message) and messages.
type ReportVolumeDTO struct {
	ConversationsIn int `json:"conversationsIn"`
	MessagesIn      int `json:"messagesIn"`
	MessagesOut     int `json:"messagesOut"`
	Replied         int `json:"replied"`
	Resolved        int `json:"resolved"`
	StillOpen       int `json:"stillOpen"`
}

// ReportTimesDTO are answered response cycles' durations in seconds.
type ReportTimesDTO struct {
	Count             int   `json:"count"`
	WallMedianSec     int64 `json:"wallMedianSec"`
	WallP90Sec        int64 `json:"wallP90Sec"`
	BusinessMedianSec int64 `json:"businessMedianSec"`
	BusinessP90Sec    int64 `json:"businessP90Sec"`
}

// ReportTargetDTO says how often one target (first, next, resolution) was kept.
type ReportTargetDTO struct {
	Target          DeadlineKind `json:"target"`
	WithDeadline    int          `json:"withDeadline"`
	PromiseKept     int          `json:"promiseKept"`
	PromiseBreached int          `json:"promiseBreached"`
	PromiseKeptPct  float64      `json:"promiseKeptPct"`
	InternalKept    int          `json:"internalKept"`
	InternalMissed  int          `json:"internalMissed"`
	InternalKeptPct float64      `json:"internalKeptPct"`
	Open            int          `json:"open"`
}

// ReportBreachDTO is a cycle whose published promise passed before it was
// answered. Times are Unix ms; DoneAt 0 = not answered yet.
type ReportBreachDTO struct {
	ConversationID int64        `json:"conversationId"`
	Customer       string       `json:"customer"`
	Client         string       `json:"client"`
	Handle         string       `json:"handle"`
	Target         DeadlineKind `json:"target"`
	StartedAt      int64        `json:"startedAt"`
	DueAt          int64        `json:"dueAt"`
	DoneAt         int64        `json:"doneAt"`
	BySec          int64        `json:"bySec"`
}

// ReportFiguresDTO are one period's numbers.
type ReportFiguresDTO struct {
	Volume        ReportVolumeDTO   `json:"volume"`
	FirstResponse ReportTimesDTO    `json:"firstResponse"`
	NextResponse  ReportTimesDTO    `json:"nextResponse"`
	Targets       []ReportTargetDTO `json:"targets"`
	Breaches      []ReportBreachDTO `json:"breaches"`
	// Resolution is resolved cycles' durations, from the customer message
	// that started the resolution clock to the resolution.
	Resolution                ReportTimesDTO       `json:"resolution"`
	FirstResponseDistribution []ReportBucketDTO    `json:"firstResponseDistribution"`
	PerHandle                 []ReportRowDTO       `json:"perHandle"`
	PerNetwork                []ReportRowDTO       `json:"perNetwork"`
	FirstResponseByHour       []ReportHourOfDayDTO `json:"firstResponseByHour"` // 24, hour 0 first
	Loops                     ReportLoopsDTO       `json:"loops,omitempty"`     // loops left open (finish in public)
}

// ReportLoopsDTO counts public threads taken private or offline in the
// period: started, still pending a public close, dismissed, and left open
// (pending + dismissed).
type ReportLoopsDTO struct {
	Started   int `json:"started"`
	Pending   int `json:"pending"`
	Dismissed int `json:"dismissed"`
	LeftOpen  int `json:"leftOpen"`
}

// ReportBucketDTO is one bar of the first-response distribution: the answers
// that took more than the previous bar's bound and at most upToSec (0: no
// upper bound), counted by wall-clock and by business time.
type ReportBucketDTO struct {
	Label    string `json:"label"`
	UpToSec  int64  `json:"upToSec"`
	Wall     int    `json:"wall"`
	Business int    `json:"business"`
}

// ReportRowDTO is one handle's (key: its id) or network's (key: its name)
// share of the figures; a table's rows add up to the scope's totals.
type ReportRowDTO struct {
	Key             string         `json:"key"`
	Label           string         `json:"label"`
	ConversationsIn int            `json:"conversationsIn"`
	MessagesIn      int            `json:"messagesIn"`
	Replied         int            `json:"replied"`
	Resolved        int            `json:"resolved"`
	StillOpen       int            `json:"stillOpen"`
	FirstResponse   ReportTimesDTO `json:"firstResponse"`
	PromiseKeptPct  float64        `json:"promiseKeptPct"`  // first-response promise
	PromiseBreached int            `json:"promiseBreached"` // every target
}

// ReportHourOfDayDTO is the first responses to customer messages sent in one
// hour of the day, in the report's zone.
type ReportHourOfDayDTO struct {
	Hour              int   `json:"hour"`
	Count             int   `json:"count"`
	WallMedianSec     int64 `json:"wallMedianSec"`
	BusinessMedianSec int64 `json:"businessMedianSec"`
}

// ReportBacklogPointDTO is how many conversations were open at one instant (Unix ms).
type ReportBacklogPointDTO struct {
	At   int64 `json:"at"`
	Open int   `json:"open"`
}

// ReportHourDTO is one hour of the week (weekday 0 = Monday).
type ReportHourDTO struct {
	Weekday    int  `json:"weekday"`
	Hour       int  `json:"hour"`
	MessagesIn int  `json:"messagesIn"`
	Staffed    bool `json:"staffed"`
}

// ReportDTO is a period's figures beside the previous period's. Period
// bounds are Unix ms of the half-open interval [from, to).
type ReportDTO struct {
	From         int64            `json:"from"`
	To           int64            `json:"to"`
	PreviousFrom int64            `json:"previousFrom"`
	PreviousTo   int64            `json:"previousTo"`
	Zone         string           `json:"zone"`
	Current      ReportFiguresDTO `json:"current"`
	Previous     ReportFiguresDTO `json:"previous"`
	HourOfWeek   []ReportHourDTO  `json:"hourOfWeek"`
	// Backlog is the open conversations at each hour start (backlogStep
	// "hour", periods up to 31 days) or day start ("day") of the current period.
	Backlog     []ReportBacklogPointDTO `json:"backlog"`
	BacklogStep string                  `json:"backlogStep"`
	// CSAT is the satisfaction figure of the surveys asked in the current
	// period (a pointer so the field is optional to the front end's fixtures).
	CSAT         *CSATFigureDTO `json:"csat,omitempty"`
	PreviousCSAT *CSATFigureDTO `json:"previousCsat,omitempty"`
}

// Report builds the report of one client (0: all), handle (0: any), network
// and channel kind ("": any) from the first to the last day (included),
// "YYYY-MM-DD" in the scope's time zone.
func (a *ReportsAPI) Report(clientID int64, handleID int64, network string, kind string, from string, to string) (ReportDTO, error) {
	if a.svc == nil {
		return ReportDTO{}, invalid("reports are not available in this window")
	}
	sc := report.Scope{ClientID: clientID, HandleID: handleID, Network: inbox.Network(network), Kind: inbox.Kind(kind)}
	if sc.Network != "" && !sc.Network.Valid() {
		return ReportDTO{}, invalid("unknown network " + network)
	}
	if sc.Kind != "" && !sc.Kind.Valid() {
		return ReportDTO{}, invalid("unknown channel kind " + kind)
	}
	ctx := a.ctx()
	loc, err := a.svc.Location(ctx, sc)
	if err != nil {
		return ReportDTO{}, toAPIError(err)
	}
	p, err := report.Days(from, to, loc)
	if err != nil {
		return ReportDTO{}, invalid(err.Error())
	}
	r, err := a.svc.Build(ctx, sc, p)
	if err != nil {
		return ReportDTO{}, toAPIError(err)
	}
	return reportDTO(r), nil
}

func reportDTO(r report.Report) ReportDTO {
	d := ReportDTO{From: ms(r.Period.From), To: ms(r.Period.To), PreviousFrom: ms(r.Previous.From), PreviousTo: ms(r.Previous.To),
		Zone: r.Zone, Current: figuresDTO(r.Current), Previous: figuresDTO(r.Prior), HourOfWeek: make([]ReportHourDTO, 0, len(r.HourOfWeek)),
		Backlog: make([]ReportBacklogPointDTO, 0, len(r.Backlog)), BacklogStep: r.BacklogStep}
	cur, prev := CSATFigureDTO(r.CSAT), CSATFigureDTO(r.PriorCSAT)
	d.CSAT, d.PreviousCSAT = &cur, &prev
	for _, h := range r.HourOfWeek {
		d.HourOfWeek = append(d.HourOfWeek, ReportHourDTO(h))
	}
	for _, b := range r.Backlog {
		d.Backlog = append(d.Backlog, ReportBacklogPointDTO{At: ms(b.At), Open: b.Open})
	}
	return d
}

func figuresDTO(f report.Figures) ReportFiguresDTO {
	d := ReportFiguresDTO{Volume: ReportVolumeDTO(f.Volume), FirstResponse: timesDTO(f.FirstResponse), NextResponse: timesDTO(f.NextResponse),
		Targets: make([]ReportTargetDTO, 0, len(f.Targets)), Breaches: make([]ReportBreachDTO, 0, len(f.Breaches))}
	for _, t := range f.Targets {
		d.Targets = append(d.Targets, ReportTargetDTO{Target: DeadlineKind(t.Target), WithDeadline: t.WithDeadline,
			PromiseKept: t.PromiseKept, PromiseBreached: t.PromiseBreached, PromiseKeptPct: t.PromiseKeptPct,
			InternalKept: t.InternalKept, InternalMissed: t.InternalMissed, InternalKeptPct: t.InternalKeptPct, Open: t.Open})
	}
	for _, b := range f.Breaches {
		d.Breaches = append(d.Breaches, ReportBreachDTO{ConversationID: b.ConversationID, Customer: b.Customer, Client: b.Client,
			Handle: b.Handle, Target: DeadlineKind(b.Target), StartedAt: ms(b.StartedAt), DueAt: ms(b.DueAt), DoneAt: ms(b.DoneAt), BySec: b.BySec})
	}
	d.Resolution = timesDTO(f.Resolution)
	d.Loops = ReportLoopsDTO(f.Loops)
	d.FirstResponseDistribution = make([]ReportBucketDTO, 0, len(f.FirstResponseDistribution))
	for _, b := range f.FirstResponseDistribution {
		d.FirstResponseDistribution = append(d.FirstResponseDistribution, ReportBucketDTO(b))
	}
	d.PerHandle, d.PerNetwork = rowsDTO(f.PerHandle), rowsDTO(f.PerNetwork)
	d.FirstResponseByHour = make([]ReportHourOfDayDTO, 0, len(f.FirstResponseByHour))
	for _, h := range f.FirstResponseByHour {
		d.FirstResponseByHour = append(d.FirstResponseByHour, ReportHourOfDayDTO(h))
	}
	return d
}

func rowsDTO(rows []report.Row) []ReportRowDTO {
	out := make([]ReportRowDTO, 0, len(rows))
	for _, r := range rows {
		out = append(out, ReportRowDTO{Key: r.Key, Label: r.Label, ConversationsIn: r.ConversationsIn, MessagesIn: r.MessagesIn,
			Replied: r.Replied, Resolved: r.Resolved, StillOpen: r.StillOpen, FirstResponse: timesDTO(r.FirstResponse),
			PromiseKeptPct: r.PromiseKeptPct, PromiseBreached: r.PromiseBreached})
	}
	return out
}

func timesDTO(t report.Times) ReportTimesDTO {
	return ReportTimesDTO{Count: t.Count, WallMedianSec: t.WallMedianSec, WallP90Sec: t.WallP90Sec,
		BusinessMedianSec: t.BusinessMedSec, BusinessP90Sec: t.BusinessP90Sec}
}

// ms is a time as Unix ms, 0 for none.
func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}
