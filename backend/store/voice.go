package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"careinbox/backend/inbox"
)

// Limits on what a client's voice may hold, so a pasted novel cannot make
// every composer slow: these are lists a person reads beside a reply.
const (
	maxVoiceText     = 4000
	maxVoiceExamples = 50
	maxVoiceWords    = 200
	// MaxGuide is the longest best-practices guide kept, in bytes.
	MaxGuide = 64 << 10
)

// Keys of workspace_settings.
const (
	settingAgentName = "agent_name"
	settingGuide     = "guide"
)

// Voice reads a client's tone of voice: description, humour rule, examples,
// words to avoid and prefer, and sign-off. A client that set nothing gets
// the zero voice with humour "with care".
func (s *Store) Voice(ctx context.Context, clientID int64) (inbox.Voice, error) {
	v := inbox.Voice{Humour: inbox.HumourCare}
	var err error
	if v.Tone, err = s.Tone(ctx, clientID); err != nil {
		return v, err
	}
	var level string
	var appendSignoff int
	err = s.r.QueryRowContext(ctx, `SELECT humour_level, humour_rule, signoff, append_signoff FROM client_voice
		WHERE client_id = ?`, clientID).Scan(&level, &v.HumourRule, &v.Signoff, &appendSignoff)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return v, fmt.Errorf("read voice of client %d: %w", clientID, err)
	}
	if err == nil {
		v.Humour, v.AppendSignoff = inbox.Humour(level), appendSignoff == 1
	}
	rows, err := s.r.QueryContext(ctx, `SELECT right_text, wrong_text, note FROM client_voice_examples
		WHERE client_id = ? ORDER BY position, id`, clientID)
	if err != nil {
		return v, fmt.Errorf("read examples of client %d: %w", clientID, err)
	}
	for rows.Next() {
		var e inbox.VoiceExample
		if err := rows.Scan(&e.Right, &e.Wrong, &e.Note); err != nil {
			rows.Close()
			return v, fmt.Errorf("scan example: %w", err)
		}
		v.Examples = append(v.Examples, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return v, fmt.Errorf("read examples of client %d: %w", clientID, err)
	}
	rows, err = s.r.QueryContext(ctx, `SELECT kind, phrase, alternative FROM client_voice_words
		WHERE client_id = ? ORDER BY id`, clientID)
	if err != nil {
		return v, fmt.Errorf("read words of client %d: %w", clientID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var w inbox.VoiceWord
		if err := rows.Scan(&kind, &w.Phrase, &w.Alternative); err != nil {
			return v, fmt.Errorf("scan word: %w", err)
		}
		if kind == "avoid" {
			v.Avoid = append(v.Avoid, w)
		} else {
			v.Prefer = append(v.Prefer, w)
		}
	}
	return v, rows.Err()
}

// SaveVoice replaces a client's whole voice in one transaction. Blank
// examples and words are dropped, a word listed twice (in any case) is kept
// once, and an unknown humour level is refused.
func (s *Store) SaveVoice(ctx context.Context, clientID int64, v inbox.Voice, now time.Time) error {
	if v.Humour == "" {
		v.Humour = inbox.HumourCare
	}
	if !v.Humour.Valid() {
		return fmt.Errorf("save voice: unknown humour level %q", v.Humour)
	}
	examples := cleanExamples(v.Examples)
	avoid, prefer := cleanWords(v.Avoid), cleanWords(v.Prefer)
	if len(examples) > maxVoiceExamples {
		return fmt.Errorf("save voice: at most %d examples", maxVoiceExamples)
	}
	if len(avoid)+len(prefer) > maxVoiceWords {
		return fmt.Errorf("save voice: at most %d words and phrases", maxVoiceWords)
	}
	tone := strings.TrimSpace(v.Tone)
	for _, t := range []string{tone, v.HumourRule, v.Signoff} {
		if len(t) > maxVoiceText {
			return fmt.Errorf("save voice: a text is longer than %d characters", maxVoiceText)
		}
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if tone == "" {
			_, err = tx.ExecContext(ctx, "DELETE FROM client_tone WHERE client_id = ?", clientID)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO client_tone(client_id, notes, updated_at) VALUES (?, ?, ?)
				ON CONFLICT(client_id) DO UPDATE SET notes = excluded.notes, updated_at = excluded.updated_at`,
				clientID, tone, ms(now))
		}
		if err != nil {
			return err
		}
		appendSignoff := 0
		if v.AppendSignoff {
			appendSignoff = 1
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO client_voice(client_id, humour_level, humour_rule, signoff, append_signoff, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(client_id) DO UPDATE SET humour_level = excluded.humour_level,
			humour_rule = excluded.humour_rule, signoff = excluded.signoff, append_signoff = excluded.append_signoff,
			updated_at = excluded.updated_at`,
			clientID, string(v.Humour), strings.TrimSpace(v.HumourRule), strings.TrimSpace(v.Signoff), appendSignoff, ms(now)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM client_voice_examples WHERE client_id = ?", clientID); err != nil {
			return err
		}
		for i, e := range examples {
			if _, err := tx.ExecContext(ctx, `INSERT INTO client_voice_examples(client_id, position, right_text, wrong_text, note)
				VALUES (?, ?, ?, ?, ?)`, clientID, i, e.Right, e.Wrong, e.Note); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM client_voice_words WHERE client_id = ?", clientID); err != nil {
			return err
		}
		for kind, ws := range map[string][]inbox.VoiceWord{"avoid": avoid, "prefer": prefer} {
			for _, w := range ws {
				if _, err := tx.ExecContext(ctx, `INSERT INTO client_voice_words(client_id, kind, phrase, alternative)
					VALUES (?, ?, ?, ?)`, clientID, kind, w.Phrase, w.Alternative); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		if strings.Contains(err.Error(), "FOREIGN KEY") {
			return fmt.Errorf("save voice: client %d: %w", clientID, ErrNotFound)
		}
		return fmt.Errorf("save voice of client %d: %w", clientID, err)
	}
	return nil
}

func cleanExamples(in []inbox.VoiceExample) []inbox.VoiceExample {
	var out []inbox.VoiceExample
	for _, e := range in {
		e.Right, e.Wrong, e.Note = strings.TrimSpace(e.Right), strings.TrimSpace(e.Wrong), strings.TrimSpace(e.Note)
		if e.Right != "" || e.Wrong != "" {
			out = append(out, e)
		}
	}
	return out
}

// cleanWords trims, collapses inner white space (a phrase matches across
// any spacing) and keeps the first of words equal but for case.
func cleanWords(in []inbox.VoiceWord) []inbox.VoiceWord {
	var out []inbox.VoiceWord
	seen := map[string]bool{}
	for _, w := range in {
		w.Phrase = strings.Join(strings.Fields(w.Phrase), " ")
		w.Alternative = strings.TrimSpace(w.Alternative)
		key := strings.ToLower(w.Phrase)
		if w.Phrase == "" || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, w)
	}
	return out
}

// AgentName is the name the user answers as in this workspace ("" until set).
func (s *Store) AgentName(ctx context.Context) (string, error) {
	v, _, err := s.setting(ctx, settingAgentName)
	return v, err
}

// SetAgentName stores the name the user answers as; blank removes it.
func (s *Store) SetAgentName(ctx context.Context, name string, now time.Time) error {
	name = strings.Join(strings.Fields(name), " ")
	if len(name) > 120 {
		return fmt.Errorf("set agent name: longer than 120 characters")
	}
	return s.setSetting(ctx, settingAgentName, name, now)
}

// Guide is the workspace's best-practices guide; custom is false when the
// business never edited it (the caller then shows the starter guide).
func (s *Store) Guide(ctx context.Context) (text string, custom bool, err error) {
	return s.setting(ctx, settingGuide)
}

// SetGuide stores the guide's Markdown; blank text goes back to the starter guide.
func (s *Store) SetGuide(ctx context.Context, markdown string, now time.Time) error {
	if len(markdown) > MaxGuide {
		return fmt.Errorf("set guide: longer than %d KiB", MaxGuide>>10)
	}
	return s.setSetting(ctx, settingGuide, strings.TrimSpace(markdown), now)
}

func (s *Store) setting(ctx context.Context, key string) (string, bool, error) {
	var v string
	err := s.r.QueryRowContext(ctx, "SELECT value FROM workspace_settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, true, nil
}

// setSetting writes a value; "" deletes the row, so "not set" has one form.
func (s *Store) setSetting(ctx context.Context, key, value string, now time.Time) error {
	var err error
	if value == "" {
		_, err = s.w.ExecContext(ctx, "DELETE FROM workspace_settings WHERE key = ?", key)
	} else {
		_, err = s.w.ExecContext(ctx, `INSERT INTO workspace_settings(key, value, updated_at) VALUES (?, ?, ?)
			ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, key, value, ms(now))
	}
	if err != nil {
		return fmt.Errorf("write setting %s: %w", key, err)
	}
	return nil
}
