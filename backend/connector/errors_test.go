package connector

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"
)

func TestFromHTTP(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		status  int
		header  map[string]string
		want    Kind
		retryAt time.Time
	}{
		{401, nil, AuthNeeded, time.Time{}},
		{429, map[string]string{"Retry-After": "30"}, RateLimited, now.Add(30 * time.Second)},
		{429, map[string]string{"X-RateLimit-Reset": "1795000000"}, RateLimited, time.Unix(1795000000, 0)},
		{429, map[string]string{"X-RateLimit-Reset": "2026-11-23T12:05:00Z"}, RateLimited, now.Add(5 * time.Minute)},
		{429, nil, RateLimited, now.Add(time.Minute)},
		{503, nil, Temporary, time.Time{}},
		{403, nil, Permanent, time.Time{}},
		{400, nil, Permanent, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status, tt.header), func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.header {
				h.Set(k, v)
			}
			e := FromHTTP(&http.Response{StatusCode: tt.status, Status: http.StatusText(tt.status), Header: h}, now, "Mastodon")
			if e.Kind != tt.want || !e.RetryAt.Equal(tt.retryAt) {
				t.Errorf("= %s until %v, want %s until %v", e.Kind, e.RetryAt, tt.want, tt.retryAt)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	if _, ok := Classify(context.Canceled); ok {
		t.Error("cancellation classified as a failure")
	}
	ce, ok := Classify(fmt.Errorf("wrap: %w", Errorf(AuthNeeded, nil, "sign in")))
	if !ok || ce.Kind != AuthNeeded {
		t.Errorf("wrapped auth error = %v", ce)
	}
	ce, _ = Classify(errors.New("connection reset"))
	if ce.Kind != Temporary {
		t.Errorf("plain error = %s", ce.Kind)
	}
}

func TestCheckBudget(t *testing.T) {
	now := time.Now()
	h := http.Header{"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {"120"}}
	err := CheckBudget(h, now, "X")
	var ce *Error
	if !errors.As(err, &ce) || ce.Kind != RateLimited || !ce.RetryAt.Equal(now.Add(2*time.Minute)) {
		t.Errorf("exhausted budget = %v", err)
	}
	if err := CheckBudget(http.Header{"Ratelimit-Remaining": {"5"}}, now, "X"); err != nil {
		t.Errorf("budget left but got %v", err)
	}
}

// A hostile or broken retry time holds a handle back a day at most.
func TestRetryAfterIsBounded(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	day := now.Add(MaxRetryWait)
	for _, tt := range []struct {
		header, value string
		want          time.Time
	}{
		{"Retry-After", "30", now.Add(30 * time.Second)},
		{"Retry-After", "9223372036854775807", day},
		{"Retry-After", "-5", now.Add(-5 * time.Second)},
		{"Retry-After", "Wed, 01 Dec 2100 12:00:00 GMT", day},
		{"Retry-After", "Mon, 01 Dec 2025 12:00:00 GMT", time.Date(2025, 12, 1, 12, 0, 0, 0, time.UTC)},
		{"X-RateLimit-Reset", "99999999999999", day},
		{"RateLimit-Reset", "2100-01-01T00:00:00Z", day},
		{"X-Rate-Limit-Reset", "1000000000000000000", day},
	} {
		h := http.Header{}
		h.Set(tt.header, tt.value)
		if got := RetryAfter(h, now); !got.Equal(tt.want) {
			t.Errorf("%s: %s = %v, want %v", tt.header, tt.value, got, tt.want)
		}
	}
}
