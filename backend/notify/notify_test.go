package notify

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
)

func TestRecorder(t *testing.T) {
	boom := errors.New("no notification server")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	a := Notification{Title: "Reply due", Body: "Client A", Key: "deadline/1"}
	b := Notification{Title: "New message", Body: "Client B"}

	tests := []struct {
		name    string
		run     func(r *Recorder) []error
		want    []Notification
		wantErr []error
	}{
		{
			name: "records in order",
			run: func(r *Recorder) []error {
				return []error{r.Notify(context.Background(), a), r.Notify(context.Background(), b)}
			},
			want:    []Notification{a, b},
			wantErr: []error{nil, nil},
		},
		{
			name:    "cancelled context records nothing",
			run:     func(r *Recorder) []error { return []error{r.Notify(cancelled, a)} },
			want:    []Notification{},
			wantErr: []error{context.Canceled},
		},
		{
			name: "fail then recover",
			run: func(r *Recorder) []error {
				r.FailWith(boom)
				e1 := r.Notify(context.Background(), a)
				r.FailWith(nil)
				return []error{e1, r.Notify(context.Background(), b)}
			},
			want:    []Notification{b},
			wantErr: []error{boom, nil},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r Recorder
			errs := tt.run(&r)
			for i, err := range errs {
				if !errors.Is(err, tt.wantErr[i]) || (err == nil) != (tt.wantErr[i] == nil) {
					t.Errorf("call %d: err = %v, want %v", i, err, tt.wantErr[i])
				}
			}
			if got := r.All(); !slices.Equal(got, tt.want) {
				t.Errorf("All() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRecorderAllIsACopy(t *testing.T) {
	var r Recorder
	if err := r.Notify(context.Background(), Notification{Title: "x"}); err != nil {
		t.Fatal(err)
	}
	r.All()[0].Title = "changed"
	if got := r.All()[0].Title; got != "x" {
		t.Errorf("All() exposed internal slice: title = %q", got)
	}
}

func TestRecorderConcurrent(t *testing.T) {
	var r Recorder
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			if err := r.Notify(context.Background(), Notification{Title: fmt.Sprint(i)}); err != nil {
				t.Error(err)
			}
			_ = r.All()
		})
	}
	wg.Wait()
	if n := len(r.All()); n != 50 {
		t.Errorf("recorded %d, want 50", n)
	}
}

// TestBeeepRejectsBeforeSending covers the checks that happen before beeep is
// called, so it needs no D-Bus.
func TestBeeepRejectsBeforeSending(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	b := NewBeeep("Care Inbox test")
	tests := []struct {
		name string
		ctx  context.Context
		n    Notification
		want error
	}{
		{"empty title", context.Background(), Notification{Body: "x"}, ErrEmptyTitle},
		{"cancelled", cancelled, Notification{Title: "x"}, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := b.Notify(tt.ctx, tt.n); !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}
