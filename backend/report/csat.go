package report

import (
	"context"
	"fmt"
	"time"

	"careinbox/backend/inbox"
)

// CSATAnswer is one survey asked in a report's period.
type CSATAnswer struct {
	Answered bool
	Score    int // 1–5 (👍 = 5, 👎 = 1); 0 for an opt-out or no answer
}

// CSATFigure is the satisfaction figure of a period: the score is the share
// of ratings that are 4–5 (or 👍), the response rate answered / asked.
type CSATFigure struct {
	Asked    int `json:"asked"`
	Answered int `json:"answered"` // ratings and opt-outs
	Rated    int `json:"rated"`
	Positive int `json:"positive"`
	// Score and ResponseRate are percentages; -1 when there is nothing to divide.
	Score        float64 `json:"score"`
	ResponseRate float64 `json:"responseRate"`
}

// CSAT computes the satisfaction figure over the surveys asked.
func CSAT(answers []CSATAnswer) CSATFigure {
	f := CSATFigure{Score: -1, ResponseRate: -1}
	for _, a := range answers {
		f.Asked++
		if !a.Answered {
			continue
		}
		f.Answered++
		if a.Score > 0 {
			f.Rated++
			if a.Score >= 4 {
				f.Positive++
			}
		}
	}
	if f.Asked > 0 {
		f.ResponseRate = 100 * float64(f.Answered) / float64(f.Asked)
	}
	if f.Rated > 0 {
		f.Score = 100 * float64(f.Positive) / float64(f.Rated)
	}
	return f
}

// CSATStore is the part of the store the satisfaction figure reads. It is
// optional (a store without surveys gives an empty figure), so the report's
// Store interface and its fakes stay as they are. Each score of a survey
// asked in [from, to): -1 not answered, 0 an opt-out, 1–5 a rating.
type CSATStore interface {
	SurveyScores(ctx context.Context, clientID, handleID int64, network inbox.Network, kind inbox.Kind, from, to time.Time) ([]int, error)
}

// csatFigures are the satisfaction figures of a scope's period and the previous one.
func (s *Service) csatFigures(ctx context.Context, sc Scope, p, prev Period) (CSATFigure, CSATFigure, error) {
	cur, err := s.csat(ctx, sc, p)
	if err != nil {
		return cur, cur, err
	}
	before, err := s.csat(ctx, sc, prev)
	return cur, before, err
}

// csat is the satisfaction figure of a scope's period.
func (s *Service) csat(ctx context.Context, sc Scope, p Period) (CSATFigure, error) {
	cs, ok := s.st.(CSATStore)
	if !ok {
		return CSAT(nil), nil
	}
	scores, err := cs.SurveyScores(ctx, sc.ClientID, sc.HandleID, sc.Network, sc.Kind, p.From, p.To)
	if err != nil {
		return CSATFigure{}, fmt.Errorf("satisfaction figure: %w", err)
	}
	answers := make([]CSATAnswer, len(scores))
	for i, v := range scores {
		answers[i] = CSATAnswer{Answered: v >= 0, Score: max(v, 0)}
	}
	return CSAT(answers), nil
}
