package app

import (
	"context"
	"errors"
	"time"

	"careinbox/backend/csat"
	"careinbox/backend/inbox"
	"careinbox/backend/report"
	"careinbox/backend/store"
)

// csatStore is the part of the store behind satisfaction surveys.
type csatStore interface {
	CSATSettings(ctx context.Context, clientID int64) (csat.Settings, error)
	SetCSATSettings(ctx context.Context, clientID int64, st csat.Settings, now time.Time) (csat.Settings, error)
	SurveyOf(ctx context.Context, convID int64) (store.Survey, bool, error)
	CustomerSurveys(ctx context.Context, participantID int64) ([]store.Survey, bool, error)
	SetSurveyOptOut(ctx context.Context, participantID int64, optOut bool, now time.Time) error
	RequestSurvey(ctx context.Context, convID int64, now time.Time) error
	SendDueSurveys(ctx context.Context, now time.Time) ([]int64, error)
	NextSurveyDue(ctx context.Context) (time.Time, error)
	SurveyRows(ctx context.Context, clientID int64, from, to time.Time) ([]store.SurveyRow, error)
}

// CSATAPI is bound to the front end: a client's satisfaction survey
// settings, a conversation's and a customer's surveys, and the figure.
type CSATAPI struct {
	ctx   func() context.Context
	store csatStore
	wake  func() // the outbox, after the button queued a survey
	now   func() time.Time
	// demo and demoStore: the demo workspace's "customer writes" hook (csat_demo.go).
	demo      bool
	demoStore csatDemoStore
}

// CSATSettingsDTO is a client's survey settings. scale is "1-5" or
// "thumbs"; trigger "resolve", "delay" or "button"; publicMode "reply",
// "dm" or "skip"; empty networks or kinds mean all.
type CSATSettingsDTO struct {
	Enabled      bool     `json:"enabled"`
	Question     string   `json:"question"`
	Scale        string   `json:"scale"`
	Trigger      string   `json:"trigger"`
	DelayMinutes int      `json:"delayMinutes"`
	Networks     []string `json:"networks"`
	Kinds        []string `json:"kinds"`
	PublicMode   string   `json:"publicMode"`
	QuietDays    int      `json:"quietDays"`
}

// CSATChannelDTO says what a network allows a survey.
type CSATChannelDTO struct {
	Network string `json:"network"`
	CanDM   bool   `json:"canDM"`
	Note    string `json:"note"`
}

// SurveyDTO is a conversation's survey. state is "none" (no survey),
// "scheduled", "asked", "answered", "unanswered", "blocked" or "cancelled";
// reason says why it was not sent; score is 1–5 (👍 = 5, 👎 = 1), 0 for none.
type SurveyDTO struct {
	ConversationID int64  `json:"conversationId"`
	State          string `json:"state"`
	Scale          string `json:"scale"`
	DueAt          int64  `json:"dueAt"`
	AskedAt        int64  `json:"askedAt"`
	MessageID      int64  `json:"messageId"`
	Reason         string `json:"reason"`
	Score          int    `json:"score"`
	Comment        string `json:"comment"`
	OptedOut       bool   `json:"optedOut"`
	AnsweredAt     int64  `json:"answeredAt"`
}

// CustomerCSATDTO is a customer's surveys, newest first.
type CustomerCSATDTO struct {
	OptedOut bool        `json:"optedOut"`
	Surveys  []SurveyDTO `json:"surveys"`
	// Score is the share (%) of 4–5 ratings, -1 when none.
	Score float64 `json:"score"`
}

// CSATFigureDTO is the satisfaction figure of a period (percentages, -1: nothing to divide).
type CSATFigureDTO struct {
	Asked        int     `json:"asked"`
	Answered     int     `json:"answered"`
	Rated        int     `json:"rated"`
	Positive     int     `json:"positive"`
	Score        float64 `json:"score"`
	ResponseRate float64 `json:"responseRate"`
}

func settingsDTO(s csat.Settings) CSATSettingsDTO {
	d := CSATSettingsDTO{Enabled: s.Enabled, Question: s.Question, Scale: string(s.Scale), Trigger: string(s.Trigger),
		DelayMinutes: s.DelayMinutes, PublicMode: string(s.PublicMode), QuietDays: s.QuietDays,
		Networks: []string{}, Kinds: []string{}}
	for _, n := range s.Networks {
		d.Networks = append(d.Networks, string(n))
	}
	for _, k := range s.Kinds {
		d.Kinds = append(d.Kinds, string(k))
	}
	return d
}

func surveyDTO(v store.Survey) SurveyDTO {
	return SurveyDTO{ConversationID: v.ConversationID, State: v.State, Scale: string(v.Scale), DueAt: msOf(v.DueAt),
		AskedAt: msOf(v.AskedAt), MessageID: v.MessageID, Reason: v.Reason, Score: v.Score, Comment: v.Comment,
		OptedOut: v.OptedOut, AnsweredAt: msOf(v.AnsweredAt)}
}

// Settings reads a client's survey settings (off until set).
func (a *CSATAPI) Settings(clientID int64) (CSATSettingsDTO, error) {
	s, err := a.store.CSATSettings(a.ctx(), clientID)
	return settingsDTO(s), toAPIError(err)
}

// SaveSettings checks and saves a client's survey settings.
func (a *CSATAPI) SaveSettings(clientID int64, d CSATSettingsDTO) (CSATSettingsDTO, error) {
	s := csat.Settings{Enabled: d.Enabled, Question: d.Question, Scale: csat.Scale(d.Scale), Trigger: csat.Trigger(d.Trigger),
		DelayMinutes: d.DelayMinutes, PublicMode: csat.PublicMode(d.PublicMode), QuietDays: d.QuietDays}
	for _, n := range d.Networks {
		s.Networks = append(s.Networks, inbox.Network(n))
	}
	for _, k := range d.Kinds {
		s.Kinds = append(s.Kinds, inbox.Kind(k))
	}
	if _, err := s.Normalize(); err != nil {
		return settingsDTO(s), invalid(err.Error())
	}
	saved, err := a.store.SetCSATSettings(a.ctx(), clientID, s, a.now())
	return settingsDTO(saved), toAPIError(err)
}

// Channels lists what each network allows a survey (for the settings form).
func (a *CSATAPI) Channels() []CSATChannelDTO {
	var out []CSATChannelDTO
	for _, c := range csat.Channels() {
		out = append(out, CSATChannelDTO{Network: string(c.Network), CanDM: c.CanDM, Note: c.Note})
	}
	return out
}

// Survey reads a conversation's survey (state "none" when it has none).
func (a *CSATAPI) Survey(conversationID int64) (SurveyDTO, error) {
	v, ok, err := a.store.SurveyOf(a.ctx(), conversationID)
	if err != nil {
		return SurveyDTO{}, toAPIError(err)
	}
	if !ok {
		return SurveyDTO{ConversationID: conversationID, State: "none"}, nil
	}
	return surveyDTO(v), nil
}

// AskForRating is the "Ask for a rating" button: the survey is queued now
// (or the reason it cannot be is recorded) and returned.
func (a *CSATAPI) AskForRating(conversationID int64) (SurveyDTO, error) {
	ctx := a.ctx()
	if err := a.store.RequestSurvey(ctx, conversationID, a.now()); err != nil {
		if errors.Is(err, store.ErrAlreadySurveyed) {
			return SurveyDTO{}, invalid("This conversation was already surveyed: a customer is asked once per conversation.")
		}
		return SurveyDTO{}, toAPIError(err)
	}
	asked, err := a.store.SendDueSurveys(ctx, a.now())
	if err != nil {
		return SurveyDTO{}, toAPIError(err)
	}
	if len(asked) > 0 && a.wake != nil {
		a.wake()
	}
	return a.Survey(conversationID)
}

// Customer reads a customer's surveys and opt-out.
func (a *CSATAPI) Customer(participantID int64) (CustomerCSATDTO, error) {
	list, opted, err := a.store.CustomerSurveys(a.ctx(), participantID)
	if err != nil {
		return CustomerCSATDTO{}, toAPIError(err)
	}
	d := CustomerCSATDTO{OptedOut: opted, Surveys: []SurveyDTO{}}
	var answers []report.CSATAnswer
	for _, v := range list {
		d.Surveys = append(d.Surveys, surveyDTO(v))
		if !v.AskedAt.IsZero() {
			answers = append(answers, report.CSATAnswer{Answered: v.State == store.SurveyAnswered, Score: v.Score})
		}
	}
	d.Score = report.CSAT(answers).Score
	return d, nil
}

// SetOptOut records (or clears) a customer's wish never to be surveyed.
func (a *CSATAPI) SetOptOut(participantID int64, optOut bool) error {
	return toAPIError(a.store.SetSurveyOptOut(a.ctx(), participantID, optOut, a.now()))
}

// Figure is the satisfaction figure of the surveys asked in [fromMs, toMs)
// (clientID 0: every client): score = share of 4–5 (or 👍), response rate = answered / asked.
func (a *CSATAPI) Figure(clientID, fromMs, toMs int64) (CSATFigureDTO, error) {
	if toMs <= fromMs {
		return CSATFigureDTO{}, invalid("the period ends before it starts")
	}
	rows, err := a.store.SurveyRows(a.ctx(), clientID, time.UnixMilli(fromMs), time.UnixMilli(toMs))
	if err != nil {
		return CSATFigureDTO{}, toAPIError(err)
	}
	answers := make([]report.CSATAnswer, len(rows))
	for i, r := range rows {
		answers[i] = report.CSATAnswer{Answered: r.Answered, Score: r.Score}
	}
	f := report.CSAT(answers)
	return CSATFigureDTO{Asked: f.Asked, Answered: f.Answered, Rated: f.Rated, Positive: f.Positive, Score: f.Score,
		ResponseRate: f.ResponseRate}, nil
}
