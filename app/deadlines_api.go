package app

import (
	"context"
	"sort"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/deadline/tracker"
	"careinbox/backend/inbox"
	"careinbox/backend/notify"
)

// DeadlineDTO is a conversation's running deadline, shown as a chip.
// Times are Unix ms; 0 = none.
type DeadlineDTO struct {
	Clock         DeadlineClock `json:"clock"`
	Kind          DeadlineKind  `json:"kind"`
	State         DeadlineState `json:"state"`
	StartedAt     int64         `json:"startedAt"`
	WarnAt        int64         `json:"warnAt"`
	InternalAt    int64         `json:"internalAt"`
	PromiseWarnAt int64         `json:"promiseWarnAt"`
	PublishedAt   int64         `json:"publishedAt"`
	// WindowAt is when the platform stops accepting a reply (Messenger/Instagram).
	WindowAt int64 `json:"windowAt"`
	// Uncertain: the handle's sync is stale or failing, so the customer may
	// have written again (or been answered) without Care Inbox knowing.
	Uncertain       bool   `json:"uncertain"`
	UncertainReason string `json:"uncertainReason"`
	DataAsOf        int64  `json:"dataAsOf"`
}

// RangeDTO is an opening in minutes from midnight (end may pass 1440).
type RangeDTO struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// HolidayDTO is a closed day ("YYYY-MM-DD").
type HolidayDTO struct {
	Date string `json:"date"`
	Name string `json:"name"`
}

// OverrideDTO replaces one date's hours; no ranges closes it.
type OverrideDTO struct {
	Date   string     `json:"date"`
	Ranges []RangeDTO `json:"ranges"`
}

// CalendarDTO is a business calendar; weekly has 7 days, Sunday first.
type CalendarDTO struct {
	TimeZone   string        `json:"timeZone"`
	AlwaysOpen bool          `json:"alwaysOpen"`
	Weekly     [][]RangeDTO  `json:"weekly"`
	Holidays   []HolidayDTO  `json:"holidays"`
	Overrides  []OverrideDTO `json:"overrides"`
}

// TargetDTO is one response-time target in minutes.
type TargetDTO struct {
	InternalMin   int     `json:"internalMin"`
	PublishedMin  int     `json:"publishedMin"`
	BusinessHours bool    `json:"businessHours"`
	WarnLeadMin   int     `json:"warnLeadMin"`
	WarnShare     float64 `json:"warnShare"`
}

// PolicyDTO holds a policy's three targets (published 0 = off).
type PolicyDTO struct {
	FirstResponse TargetDTO `json:"firstResponse"`
	NextResponse  TargetDTO `json:"nextResponse"`
	Resolution    TargetDTO `json:"resolution"`
}

// NarrowedPolicyDTO is a policy for one handle and/or channel kind.
type NarrowedPolicyDTO struct {
	HandleID int64     `json:"handleId"`
	Kind     string    `json:"kind"`
	Policy   PolicyDTO `json:"policy"`
}

// HandleCalendarDTO is a handle's own calendar.
type HandleCalendarDTO struct {
	HandleID int64       `json:"handleId"`
	Calendar CalendarDTO `json:"calendar"`
}

// HandleSwitchDTO is a handle's own notification switch.
type HandleSwitchDTO struct {
	HandleID int64 `json:"handleId"`
	On       bool  `json:"on"`
}

// DeadlineSettingsDTO is one client's deadline settings.
type DeadlineSettingsDTO struct {
	ClientID        int64               `json:"clientId"`
	Calendar        CalendarDTO         `json:"calendar"`
	CalendarDefault bool                `json:"calendarDefault"`
	HandleCalendars []HandleCalendarDTO `json:"handleCalendars"` // ordered by handle
	Policy          PolicyDTO           `json:"policy"`
	PolicyDefault   bool                `json:"policyDefault"`
	Narrowed        []NarrowedPolicyDTO `json:"narrowed"`
	NotifyOn        bool                `json:"notifyOn"`
	HandleSwitches  []HandleSwitchDTO   `json:"handleSwitches"`
	ComputerZone    string              `json:"computerZone"`
}

// MoveDTO is one open conversation whose deadline an edit would move.
type MoveDTO struct {
	ConversationID int64  `json:"conversationId"`
	CustomerName   string `json:"customerName"`
	HandleName     string `json:"handleName"`
	Clock          string `json:"clock"`
	OldInternal    int64  `json:"oldInternal"`
	NewInternal    int64  `json:"newInternal"`
	OldPublished   int64  `json:"oldPublished"`
	NewPublished   int64  `json:"newPublished"`
}

// PreviewDTO lists the moves (at most 50) and how many there are in all.
type PreviewDTO struct {
	Total int       `json:"total"`
	Moves []MoveDTO `json:"moves"`
}

// ICalImportDTO is what an .ics file would add as holidays.
type ICalImportDTO struct {
	Holidays []HolidayDTO `json:"holidays"`
	Skipped  int          `json:"skipped"`
	// Rejected names each event that could not be read, with its line and
	// why ("line 42 “Boxing Day”: no start date"); the rest still imports.
	Rejected []string `json:"rejected"`
}

// QuietHoursDTO holds notifications back daily between two times (minutes).
type QuietHoursDTO struct {
	Enabled  bool `json:"enabled"`
	StartMin int  `json:"startMin"`
	EndMin   int  `json:"endMin"`
}

// DeadlineEventDTO is one entry of a conversation's deadline history.
type DeadlineEventDTO struct {
	Clock       string `json:"clock"`
	Event       string `json:"event"`
	At          int64  `json:"at"`
	RecordedAt  int64  `json:"recordedAt"`
	NotifyState string `json:"notifyState"`
}

// DeadlinesAPI is bound to the front end: calendars, policies, switches,
// quiet hours, previews and the "due soon" list. Each method translates
// DTOs and calls one method of the deadline service (quiet hours: of the
// notification policy).
type DeadlinesAPI struct {
	ctx     func() context.Context
	svc     *tracker.Service
	notices *notify.Announcer
	// closes marks the rows waiting for a public close; nil leaves them unmarked.
	closes publicCloseStates
	// pauseChanged tells the tray the pause changed from the window (nil: nobody).
	pauseChanged func()
}

func (a *DeadlinesAPI) ready() error {
	if a.svc == nil || a.notices == nil {
		return &APIError{Code: "unavailable", Message: "deadlines are not running in this window"}
	}
	return nil
}

// Settings returns a client's calendar, policies and switches (defaults filled in).
func (a *DeadlinesAPI) Settings(clientID int64) (DeadlineSettingsDTO, error) {
	if err := a.ready(); err != nil {
		return DeadlineSettingsDTO{}, err
	}
	cs, err := a.svc.Settings(a.ctx(), clientID)
	if err != nil {
		return DeadlineSettingsDTO{}, toAPIError(err)
	}
	out := DeadlineSettingsDTO{ClientID: clientID, Calendar: calendarDTO(cs.Calendar), CalendarDefault: cs.CalendarDefault,
		Policy: policyDTO(cs.Policy), PolicyDefault: cs.PolicyDefault, Narrowed: []NarrowedPolicyDTO{},
		NotifyOn: cs.NotifyOn, HandleSwitches: []HandleSwitchDTO{}, ComputerZone: cs.Local.String(), HandleCalendars: []HandleCalendarDTO{}}
	for h, c := range cs.HandleCalendars {
		out.HandleCalendars = append(out.HandleCalendars, HandleCalendarDTO{HandleID: h, Calendar: calendarDTO(c)})
	}
	sort.Slice(out.HandleCalendars, func(i, j int) bool { return out.HandleCalendars[i].HandleID < out.HandleCalendars[j].HandleID })
	for _, n := range cs.Narrowed {
		out.Narrowed = append(out.Narrowed, NarrowedPolicyDTO{HandleID: n.HandleID, Kind: string(n.Kind), Policy: policyDTO(n.Spec)})
	}
	for h, on := range cs.HandleNotify {
		out.HandleSwitches = append(out.HandleSwitches, HandleSwitchDTO{HandleID: h, On: on})
	}
	sort.Slice(out.HandleSwitches, func(i, j int) bool { return out.HandleSwitches[i].HandleID < out.HandleSwitches[j].HandleID })
	return out, nil
}

// SaveCalendar stores a client's (handleId 0) or a handle's calendar.
func (a *DeadlinesAPI) SaveCalendar(clientID, handleID int64, cal CalendarDTO) error {
	if err := a.ready(); err != nil {
		return err
	}
	spec, err := cal.spec()
	if err != nil {
		return err
	}
	if err := a.svc.SaveCalendar(a.ctx(), clientID, handleID, spec); err != nil {
		return invalid(err.Error())
	}
	return nil
}

// DeleteCalendar removes a handle's own calendar, so the client's applies
// again (handleId 0 removes the client's, so the default applies).
func (a *DeadlinesAPI) DeleteCalendar(clientID, handleID int64) error {
	if err := a.ready(); err != nil {
		return err
	}
	return toAPIError(a.svc.DeleteCalendar(a.ctx(), clientID, handleID))
}

// PreviewCalendar lists open conversations whose deadlines the calendar would move.
func (a *DeadlinesAPI) PreviewCalendar(clientID, handleID int64, cal CalendarDTO) (PreviewDTO, error) {
	if err := a.ready(); err != nil {
		return PreviewDTO{}, err
	}
	spec, err := cal.spec()
	if err != nil {
		return PreviewDTO{}, err
	}
	pv, err := a.svc.PreviewCalendar(a.ctx(), clientID, handleID, spec)
	if err != nil {
		return PreviewDTO{}, invalid(err.Error())
	}
	return previewDTO(pv), nil
}

// SavePolicy stores a client's policy, optionally for one handle and/or kind ("" = any).
func (a *DeadlinesAPI) SavePolicy(clientID, handleID int64, kind string, p PolicyDTO) error {
	if err := a.ready(); err != nil {
		return err
	}
	if err := a.svc.SavePolicy(a.ctx(), clientID, handleID, inbox.Kind(kind), p.spec()); err != nil {
		return invalid(err.Error())
	}
	return nil
}

// PreviewPolicy lists open conversations whose deadlines the policy would move.
func (a *DeadlinesAPI) PreviewPolicy(clientID, handleID int64, kind string, p PolicyDTO) (PreviewDTO, error) {
	if err := a.ready(); err != nil {
		return PreviewDTO{}, err
	}
	pv, err := a.svc.PreviewPolicy(a.ctx(), clientID, handleID, inbox.Kind(kind), p.spec())
	if err != nil {
		return PreviewDTO{}, invalid(err.Error())
	}
	return previewDTO(pv), nil
}

// DeletePolicy removes a narrowed policy, so the wider one applies again.
func (a *DeadlinesAPI) DeletePolicy(clientID, handleID int64, kind string) error {
	if err := a.ready(); err != nil {
		return err
	}
	return toAPIError(a.svc.DeletePolicy(a.ctx(), clientID, handleID, inbox.Kind(kind)))
}

// ImportICal reads holidays (all-day events, for the next two years) from
// the text of an .ics file; nothing is saved until the calendar is.
func (a *DeadlinesAPI) ImportICal(timeZone, ics string) (ICalImportDTO, error) {
	if err := a.ready(); err != nil {
		return ICalImportDTO{}, err
	}
	res, err := a.svc.ImportICal(timeZone, ics)
	if err != nil {
		return ICalImportDTO{}, invalid(err.Error())
	}
	out := ICalImportDTO{Holidays: make([]HolidayDTO, 0, len(res.Holidays)), Skipped: res.Skipped, Rejected: []string{}}
	for _, h := range res.Holidays {
		out.Holidays = append(out.Holidays, HolidayDTO(h))
	}
	for _, r := range res.Rejected {
		out.Rejected = append(out.Rejected, r.String())
	}
	return out, nil
}

// SetNotify turns deadline notifications for a client (handleId 0) or a handle on or off.
func (a *DeadlinesAPI) SetNotify(clientID, handleID int64, on bool) error {
	if err := a.ready(); err != nil {
		return err
	}
	return toAPIError(a.svc.SetNotify(a.ctx(), clientID, handleID, on))
}

// QuietHours returns the quiet hours.
func (a *DeadlinesAPI) QuietHours() (QuietHoursDTO, error) {
	if err := a.ready(); err != nil {
		return QuietHoursDTO{}, err
	}
	q, err := a.notices.QuietHours(a.ctx())
	return QuietHoursDTO(q), toAPIError(err)
}

// SetQuietHours stores the quiet hours.
func (a *DeadlinesAPI) SetQuietHours(q QuietHoursDTO) error {
	if err := a.ready(); err != nil {
		return err
	}
	if err := a.notices.SetQuietHours(a.ctx(), notify.QuietHours(q)); err != nil {
		return invalid(err.Error())
	}
	return nil
}

// DueSoon lists conversations due within the next minutes (breached ones
// first), soonest first.
func (a *DeadlinesAPI) DueSoon(withinMinutes int) ([]ConversationDTO, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	items, err := a.svc.DueSoon(a.ctx(), time.Duration(withinMinutes)*time.Minute)
	if err != nil {
		return nil, toAPIError(err)
	}
	out := make([]ConversationDTO, 0, len(items))
	for _, c := range items {
		dto := conversationDTO(c.ConversationSummary)
		dto.Deadline = deadlineDTO(c.Deadline)
		out = append(out, dto)
	}
	if a.closes != nil {
		return out, toAPIError(attachPublicCloses(a.ctx(), a.closes, out))
	}
	return out, nil
}

// Events returns a conversation's deadline history.
func (a *DeadlinesAPI) Events(conversationID int64) ([]DeadlineEventDTO, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	evs, err := a.svc.Events(a.ctx(), conversationID)
	if err != nil {
		return nil, toAPIError(err)
	}
	out := make([]DeadlineEventDTO, 0, len(evs))
	for _, e := range evs {
		out = append(out, DeadlineEventDTO{Clock: e.Clock, Event: e.Name, At: msOf(e.At), RecordedAt: msOf(e.RecordedAt), NotifyState: e.NotifyState})
	}
	return out, nil
}

func previewDTO(pv tracker.Preview) PreviewDTO {
	out := PreviewDTO{Total: pv.Total, Moves: make([]MoveDTO, 0, len(pv.Moves))}
	for _, m := range pv.Moves {
		out.Moves = append(out.Moves, MoveDTO{ConversationID: m.ConversationID, CustomerName: m.CustomerName, HandleName: m.HandleName,
			Clock: m.Clock, OldInternal: msOf(m.OldInternal), NewInternal: msOf(m.NewInternal),
			OldPublished: msOf(m.OldPublished), NewPublished: msOf(m.NewPublished)})
	}
	return out
}

func deadlineDTO(d *tracker.Shown) *DeadlineDTO {
	if d == nil {
		return nil
	}
	return &DeadlineDTO{Clock: DeadlineClock(d.Clock), Kind: DeadlineKind(d.Kind), State: DeadlineState(d.State), StartedAt: msOf(d.StartedAt), WarnAt: msOf(d.WarnAt),
		InternalAt: msOf(d.InternalAt), PromiseWarnAt: msOf(d.PromiseWarnAt), PublishedAt: msOf(d.PublishedAt), WindowAt: msOf(d.WindowAt),
		Uncertain: d.Uncertain, UncertainReason: d.UncertainReason, DataAsOf: msOf(d.DataAsOf)}
}

// attachDeadlines fills in the deadline each row shows. svc may be nil
// (headless commands): the rows are then read at the current time, and the
// age of a handle's data is not checked.
func attachDeadlines(ctx context.Context, st tracker.ReadStore, svc *tracker.Service, items []ConversationDTO) error {
	rows := make([]tracker.Row, len(items))
	for i, c := range items {
		rows[i] = tracker.Row{ConversationID: c.ID, HandleID: c.HandleID}
	}
	var shown map[int64]tracker.Shown
	var err error
	if svc != nil {
		shown, err = svc.Shown(ctx, rows)
	} else {
		shown, err = tracker.ShownAt(ctx, st, rows, time.Now(), 0)
	}
	if err != nil {
		return err
	}
	for i := range items {
		if sh, ok := shown[items[i].ID]; ok {
			items[i].Deadline = deadlineDTO(&sh)
		}
	}
	return nil
}

func calendarDTO(s deadline.CalendarSpec) CalendarDTO {
	out := CalendarDTO{TimeZone: s.TimeZone, AlwaysOpen: s.AlwaysOpen, Weekly: make([][]RangeDTO, 7),
		Holidays: []HolidayDTO{}, Overrides: []OverrideDTO{}}
	for d, rs := range s.Weekly {
		out.Weekly[d] = []RangeDTO{}
		for _, r := range rs {
			out.Weekly[d] = append(out.Weekly[d], RangeDTO(r))
		}
	}
	for _, h := range s.Holidays {
		out.Holidays = append(out.Holidays, HolidayDTO(h))
	}
	for _, o := range s.Overrides {
		od := OverrideDTO{Date: o.Date, Ranges: []RangeDTO{}}
		for _, r := range o.Ranges {
			od.Ranges = append(od.Ranges, RangeDTO(r))
		}
		out.Overrides = append(out.Overrides, od)
	}
	return out
}

func (c CalendarDTO) spec() (deadline.CalendarSpec, error) {
	if len(c.Weekly) != 7 && !c.AlwaysOpen {
		return deadline.CalendarSpec{}, invalid("a calendar needs the hours of all 7 weekdays")
	}
	out := deadline.CalendarSpec{TimeZone: c.TimeZone, AlwaysOpen: c.AlwaysOpen}
	for d := 0; d < 7 && d < len(c.Weekly); d++ {
		for _, r := range c.Weekly[d] {
			out.Weekly[d] = append(out.Weekly[d], deadline.RangeSpec(r))
		}
	}
	for _, h := range c.Holidays {
		out.Holidays = append(out.Holidays, deadline.HolidaySpec(h))
	}
	for _, o := range c.Overrides {
		os := deadline.OverrideSpec{Date: o.Date}
		for _, r := range o.Ranges {
			os.Ranges = append(os.Ranges, deadline.RangeSpec(r))
		}
		out.Overrides = append(out.Overrides, os)
	}
	return out, nil
}

func policyDTO(p deadline.PolicySpec) PolicyDTO {
	return PolicyDTO{FirstResponse: TargetDTO(p.FirstResponse), NextResponse: TargetDTO(p.NextResponse), Resolution: TargetDTO(p.Resolution)}
}

func (p PolicyDTO) spec() deadline.PolicySpec {
	return deadline.PolicySpec{FirstResponse: deadline.TargetSpec(p.FirstResponse), NextResponse: deadline.TargetSpec(p.NextResponse),
		Resolution: deadline.TargetSpec(p.Resolution)}
}
