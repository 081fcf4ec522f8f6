package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"careinbox/backend/csat"
	"careinbox/backend/events"
	"careinbox/backend/inbox"
)

// Survey states (csat_surveys.state, see migration 0009).
const (
	SurveyScheduled  = "scheduled"
	SurveyAsked      = "asked"
	SurveyAnswered   = "answered"
	SurveyUnanswered = "unanswered"
	SurveyBlocked    = "blocked"
	SurveyCancelled  = "cancelled"
)

// SurveyAuthor is the author name of survey messages in the thread.
const SurveyAuthor = "Satisfaction survey"

// ErrAlreadySurveyed: a conversation is surveyed at most once.
var ErrAlreadySurveyed = errors.New("this conversation was already surveyed")

// Survey is a conversation's satisfaction survey.
type Survey struct {
	ConversationID int64
	ClientID       int64
	State          string
	Scale          csat.Scale
	DueAt          time.Time
	AskedAt        time.Time
	MessageID      int64
	Reason         string // why it was not sent (blocked, cancelled)
	Score          int    // 1–5 (👍 = 5, 👎 = 1), 0 = no rating
	Comment        string
	OptedOut       bool // the answer was "stop"
	AnsweredAt     time.Time
}

// CSATSettings reads a client's survey settings (csat.Defaults if none).
func (s *Store) CSATSettings(ctx context.Context, clientID int64) (csat.Settings, error) {
	return csatSettings(ctx, s.r, clientID)
}

type queryer interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

func csatSettings(ctx context.Context, db queryer, clientID int64) (csat.Settings, error) {
	st := csat.Defaults()
	var enabled int
	var networks, kinds string
	err := db.QueryRowContext(ctx, `SELECT enabled, question, scale, trigger_on, delay_minutes, networks, kinds,
		public_mode, quiet_days FROM client_csat WHERE client_id = ?`, clientID).
		Scan(&enabled, &st.Question, &st.Scale, &st.Trigger, &st.DelayMinutes, &networks, &kinds, &st.PublicMode, &st.QuietDays)
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("survey settings of client %d: %w", clientID, err)
	}
	st.Enabled = enabled == 1
	for _, n := range splitList(networks) {
		st.Networks = append(st.Networks, inbox.Network(n))
	}
	for _, k := range splitList(kinds) {
		st.Kinds = append(st.Kinds, inbox.Kind(k))
	}
	return st, nil
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func joinList[T ~string](xs []T) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = string(x)
	}
	return strings.Join(parts, ",")
}

// SetCSATSettings checks and saves a client's survey settings.
func (s *Store) SetCSATSettings(ctx context.Context, clientID int64, st csat.Settings, now time.Time) (csat.Settings, error) {
	st, err := st.Normalize()
	if err != nil {
		return st, fmt.Errorf("survey settings: %w", err)
	}
	enabled := 0
	if st.Enabled {
		enabled = 1
	}
	_, err = s.w.ExecContext(ctx, `INSERT INTO client_csat(client_id, enabled, question, scale, trigger_on, delay_minutes,
		networks, kinds, public_mode, quiet_days, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(client_id) DO UPDATE SET enabled = excluded.enabled, question = excluded.question,
		scale = excluded.scale, trigger_on = excluded.trigger_on, delay_minutes = excluded.delay_minutes,
		networks = excluded.networks, kinds = excluded.kinds, public_mode = excluded.public_mode,
		quiet_days = excluded.quiet_days, updated_at = excluded.updated_at`,
		clientID, enabled, st.Question, st.Scale, st.Trigger, st.DelayMinutes, joinList(st.Networks), joinList(st.Kinds),
		st.PublicMode, st.QuietDays, ms(now))
	if err != nil {
		if isForeignKey(err) {
			return st, fmt.Errorf("client %d: %w", clientID, ErrNotFound)
		}
		return st, fmt.Errorf("save survey settings of client %d: %w", clientID, err)
	}
	return st, nil
}

func isForeignKey(err error) bool { return strings.Contains(err.Error(), "FOREIGN KEY") }

// scheduleSurvey runs where a conversation is resolved: when its client
// surveys this channel on resolve (or after a delay), a survey is scheduled.
// A survey already asked is never scheduled again; a cancelled or blocked
// one is, as the conversation was resolved anew.
func scheduleSurvey(ctx context.Context, tx *sql.Tx, convID int64, now time.Time) error {
	var clientID int64
	var nw inbox.Network
	var kind inbox.Kind
	var cust sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT h.client_id, h.network, c.kind, c.customer_id FROM conversations c
		JOIN handles h ON h.id = c.handle_id WHERE c.id = ?`, convID).Scan(&clientID, &nw, &kind, &cust)
	if err != nil {
		return fmt.Errorf("survey of conversation %d: %w", convID, err)
	}
	st, err := csatSettings(ctx, tx, clientID)
	if err != nil || !st.Covers(nw, kind) {
		return err
	}
	due, ok := st.DueAt(now)
	if !ok {
		return nil
	}
	return upsertScheduled(ctx, tx, convID, clientID, cust, st.Scale, "resolve", due, now)
}

// surveyOnStatus is SetStatus's hook: resolving schedules the survey.
func surveyOnStatus(ctx context.Context, tx *sql.Tx, convID int64, status inbox.Status) error {
	if status != inbox.StatusResolved {
		return nil
	}
	return scheduleSurvey(ctx, tx, convID, time.Now())
}

func upsertScheduled(ctx context.Context, tx *sql.Tx, convID, clientID int64, cust sql.NullInt64, scale csat.Scale, source string, due, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO csat_surveys(conversation_id, client_id, customer_id, state, source, scale, due_at, updated_at)
		VALUES (?, ?, ?, 'scheduled', ?, ?, ?, ?)
		ON CONFLICT(conversation_id) DO UPDATE SET state = 'scheduled', source = excluded.source, scale = excluded.scale,
		due_at = excluded.due_at, reason = '', updated_at = excluded.updated_at
		WHERE csat_surveys.state IN ('blocked', 'cancelled')`,
		convID, clientID, cust, source, scale, ms(due), ms(now))
	if err != nil {
		return fmt.Errorf("schedule survey of conversation %d: %w", convID, err)
	}
	return nil
}

// RequestSurvey is the "Ask for a rating" button: the survey is due now.
func (s *Store) RequestSurvey(ctx context.Context, convID int64, now time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var clientID int64
		var cust sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT h.client_id, c.customer_id FROM conversations c
			JOIN handles h ON h.id = c.handle_id WHERE c.id = ?`, convID).Scan(&clientID, &cust)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("conversation %d: %w", convID, ErrNotFound)
		}
		if err != nil {
			return err
		}
		st, err := csatSettings(ctx, tx, clientID)
		if err != nil {
			return err
		}
		if !st.Enabled {
			return fmt.Errorf("satisfaction surveys are off for this client")
		}
		var state string
		err = tx.QueryRowContext(ctx, "SELECT state FROM csat_surveys WHERE conversation_id = ?", convID).Scan(&state)
		if err == nil && state != SurveyBlocked && state != SurveyCancelled && state != SurveyScheduled {
			return ErrAlreadySurveyed
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if state == SurveyScheduled {
			_, err = tx.ExecContext(ctx, "UPDATE csat_surveys SET due_at = ?, source = 'button' WHERE conversation_id = ?", ms(now), convID)
			return err
		}
		return upsertScheduled(ctx, tx, convID, clientID, cust, st.Scale, "button", now, now)
	})
	if err != nil {
		return fmt.Errorf("ask conversation %d for a rating: %w", convID, err)
	}
	s.publish(events.Delta{Entity: events.EntityConversation, Upserted: []int64{convID}})
	return nil
}

// NextSurveyDue is when the next scheduled survey is due (zero: none).
func (s *Store) NextSurveyDue(ctx context.Context) (time.Time, error) {
	var v int64
	if err := s.r.QueryRowContext(ctx, "SELECT COALESCE(MIN(due_at), 0) FROM csat_surveys WHERE state = 'scheduled'").Scan(&v); err != nil {
		return time.Time{}, fmt.Errorf("next survey due: %w", err)
	}
	if v == 0 {
		return time.Time{}, nil
	}
	return fromMS(v), nil
}
