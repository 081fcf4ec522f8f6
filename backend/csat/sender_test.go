package csat

import (
	"context"
	"testing"
	"time"
)

type fakeStore struct{ due []int64 }

func (f *fakeStore) SendDueSurveys(context.Context, time.Time) ([]int64, error) {
	d := f.due
	f.due = nil
	return d, nil
}
func (f *fakeStore) NextSurveyDue(context.Context) (time.Time, error) { return time.Time{}, nil }

func TestSenderWakesTheOutboxOnlyWhenSomethingWasQueued(t *testing.T) {
	wakes := 0
	st := &fakeStore{due: []int64{7}}
	s := Sender{Store: st, Wake: func() { wakes++ }}
	for i := 0; i < 2; i++ {
		if err := s.Once(context.Background(), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if wakes != 1 {
		t.Fatalf("woke the outbox %d times, want 1", wakes)
	}
}
