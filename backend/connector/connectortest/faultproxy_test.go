package connectortest

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestFaultProxy(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		fault  ProxyFault
		status int // 0: no answer in time
		check  func(t *testing.T, resp *http.Response, body []byte, err error)
	}{
		{PassThrough, 200, func(t *testing.T, _ *http.Response, body []byte, _ error) {
			if string(body) != "upstream" {
				t.Errorf("pass-through body %q", body)
			}
		}},
		{TooManyRetryAfter, 429, func(t *testing.T, resp *http.Response, _ []byte, _ error) {
			if resp.Header.Get("Retry-After") != "90" {
				t.Errorf("Retry-After = %q", resp.Header.Get("Retry-After"))
			}
		}},
		{TooManyReset, 429, func(t *testing.T, resp *http.Response, _ []byte, _ error) {
			if want := strconv.FormatInt(now.Add(90*time.Second).Unix(), 10); resp.Header.Get("X-RateLimit-Reset") != want {
				t.Errorf("reset = %q, want %s (the proxy's clock + 90 s)", resp.Header.Get("X-RateLimit-Reset"), want)
			}
		}},
		{ServerTrouble, 503, nil},
		{HangBeforeHeaders, 0, func(t *testing.T, _ *http.Response, _ []byte, err error) {
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("hang before headers: %v", err)
			}
		}},
		{HangAfterHeaders, 200, func(t *testing.T, _ *http.Response, _ []byte, err error) {
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("hang after headers: body read gave %v", err)
			}
		}},
		{TruncatedJSON, 200, func(t *testing.T, _ *http.Response, body []byte, err error) {
			if err != nil || json.Valid(body) {
				t.Errorf("truncated JSON: %v, valid %v", err, json.Valid(body))
			}
		}},
		{WrongShape, 200, func(t *testing.T, _ *http.Response, body []byte, _ error) {
			var list []any
			if !json.Valid(body) || json.Unmarshal(body, &list) == nil {
				t.Errorf("wrong shape %q must be valid JSON that is no list", body)
			}
		}},
		{Oversized, 200, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || len(body) != OversizedBytes {
				t.Errorf("oversized: %d bytes, %v", len(body), err)
			}
		}},
		{Revoked, 401, nil},
	}
	upstream := NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "upstream") }))
	p := NewFaultProxy(t, upstream.URL)
	p.Now = func() time.Time { return now }
	for i, tt := range tests {
		t.Run(tt.fault.String(), func(t *testing.T) {
			p.Set(tt.fault)
			// Only the hangs wait for the deadline; every other fault must
			// answer, and a 32 MB body on a loaded machine can take seconds.
			wait := 30 * time.Second
			if tt.fault == HangBeforeHeaders || tt.fault == HangAfterHeaders {
				wait = 500 * time.Millisecond
			}
			ctx, cancel := context.WithTimeout(context.Background(), wait)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.URL+"/any", nil)
			resp, err := http.DefaultClient.Do(req)
			var body []byte
			if err == nil {
				defer resp.Body.Close()
				body, err = io.ReadAll(resp.Body)
				if resp.StatusCode != tt.status {
					t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
				}
			} else if tt.status != 0 {
				t.Fatalf("no answer: %v", err)
			}
			if tt.check != nil {
				tt.check(t, resp, body, err)
			}
			if p.Requests() != i+1 {
				t.Errorf("counted %d requests, want %d", p.Requests(), i+1)
			}
		})
	}
}

// A held request waits at the proxy until Release, then meets its fault.
func TestFaultProxyHold(t *testing.T) {
	p := NewFaultProxy(t, "http://127.0.0.1:1")
	p.Set(ServerTrouble)
	p.Hold()
	done := make(chan int, 1)
	go func() {
		resp, err := http.Get(p.URL + "/x")
		if err != nil {
			done <- -1
			return
		}
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	for p.Held() == 0 {
		<-p.Changed()
	}
	select {
	case <-done:
		t.Fatal("a held request was answered before Release")
	default:
	}
	p.Release()
	if got := <-done; got != http.StatusServiceUnavailable {
		t.Errorf("after Release: %d, want 503", got)
	}
}
