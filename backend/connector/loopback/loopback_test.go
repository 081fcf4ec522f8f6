package loopback

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"
)

func get(t *testing.T, u string) int {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestReceiver(t *testing.T) {
	r, err := Listen(0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cb := r.RedirectURL()
	tests := []struct {
		name  string
		query url.Values
		want  int
	}{
		{"forged state is refused", url.Values{"state": {"guess"}, "code": {"evil"}}, 400},
		{"no state is refused", url.Values{"code": {"evil"}}, 400},
		{"no code keeps waiting", url.Values{"state": {r.State()}}, 400},
		{"the real redirect", url.Values{"state": {r.State()}, "code": {"c-123"}}, 200},
		{"a replay is refused", url.Values{"state": {r.State()}, "code": {"c-456"}}, 409},
	}
	for _, tt := range tests {
		if got := get(t, cb+"?"+tt.query.Encode()); got != tt.want {
			t.Errorf("%s: status %d, want %d", tt.name, got, tt.want)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if code, err := r.Wait(ctx); err != nil || code != "c-123" {
		t.Errorf("Wait = %q, %v", code, err)
	}
}

func TestDeniedAndCancelled(t *testing.T) {
	r, err := Listen(0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	get(t, r.RedirectURL()+"?"+url.Values{"state": {r.State()}, "error": {"access_denied"}, "error_description": {"User cancelled"}}.Encode())
	_, err = r.Wait(context.Background())
	var d *DeniedError
	if !errors.As(err, &d) || d.Code != "access_denied" {
		t.Errorf("denied = %v", err)
	}
	r2, err := Listen(0)
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := r2.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled = %v", err)
	}
}
