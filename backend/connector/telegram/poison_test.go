package telegram

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/connectortest"
)

// TestPoisonUpdateSkipped: updates the connector cannot read are skipped
// past their update_id with a note in the log, and the rest of the page
// is kept, so one bad update cannot block the feed.
func TestPoisonUpdateSkipped(t *testing.T) {
	d := newDouble(t)
	var logged bytes.Buffer
	c, err := New(connector.Config{Settings: map[string]string{"api_base": d.srv.URL},
		Secrets: map[string]string{"bot_token": d.token}, HTTP: d.srv.Client(),
		Logger: slog.New(slog.NewTextHandler(&logged, nil))})
	if err != nil {
		t.Fatal(err)
	}
	d.msg("message", ana, private(ana), "before", nil)
	// An entity offset too large for an int, a text that is a number, a
	// huge (but in range) offset: the first two cannot be decoded, the
	// third must not panic the mapping.
	d.msg("message", carl, group, "@CareBot hi", map[string]any{"entities": []any{map[string]any{"type": "mention", "offset": 1e30, "length": 8}}})
	d.msg("message", ana, private(ana), "x", map[string]any{"text": 42})
	d.msg("message", carl, group, "@CareBot hi", map[string]any{"entities": []any{map[string]any{"type": "mention", "offset": math.MaxInt64, "length": 8}}})
	d.msg("message", ben, private(ben), "after", nil)
	last := d.nextUpd

	p, err := c.Fetch(context.Background(), StreamUpdates, "")
	if err != nil {
		t.Fatalf("a poison update failed the fetch: %v", err)
	}
	var texts []string
	for _, conv := range p.Conversations {
		for _, m := range conv.Messages {
			texts = append(texts, m.Text)
		}
	}
	if strings.Join(texts, "|") != "before|after" {
		t.Errorf("kept %q, want the readable messages before and after", texts)
	}
	if want := last + 1; p.Cursor != itoa(want) {
		t.Errorf("cursor = %s, want %d (past every update, the bad ones included)", p.Cursor, want)
	}
	if n := strings.Count(logged.String(), "skipped an update we cannot read"); n != 2 {
		t.Errorf("%d skip notes in the log, want 2:\n%s", n, logged.String())
	}
	// Confirmed: the next fetch does not see them again.
	p, err = c.Fetch(context.Background(), StreamUpdates, p.Cursor)
	if err != nil || len(p.Conversations) != 0 {
		t.Errorf("second fetch = %+v, %v; want nothing", p.Conversations, err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestWaitHonoursRetryAfter: a 429 on the long poll is a rate limit until
// Telegram's retry_after, and neither Wait nor Fetch asks again before it.
func TestWaitHonoursRetryAfter(t *testing.T) {
	d := newDouble(t)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	c, err := New(connector.Config{Settings: map[string]string{"api_base": d.srv.URL},
		Secrets: map[string]string{"bot_token": d.token}, HTTP: d.srv.Client(), Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	d.Fail(connectortest.RateLimited) // 429, parameters.retry_after 30
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = c.Wait(ctx)
	var ce *connector.Error
	if !errors.As(err, &ce) || ce.Kind != connector.RateLimited || !ce.RetryAt.Equal(now.Add(30*time.Second)) {
		t.Fatalf("429 on the long poll gave %v; want rate limited until +30 s", err)
	}
	calls := len(d.srv.Requests())
	for _, call := range []func() error{
		func() error { return c.Wait(ctx) },
		func() error { _, err := c.Fetch(ctx, StreamUpdates, ""); return err },
	} {
		err := call()
		if !errors.As(err, &ce) || ce.Kind != connector.RateLimited || !ce.RetryAt.Equal(now.Add(30*time.Second)) {
			t.Errorf("before retry_after: %v; want rate limited until +30 s", err)
		}
	}
	if n := len(d.srv.Requests()); n != calls {
		t.Errorf("%d requests before retry_after was up", n-calls)
	}
	now = now.Add(31 * time.Second)
	if _, err := c.Fetch(ctx, StreamUpdates, ""); err != nil {
		t.Errorf("after retry_after: %v", err)
	}
}

// TestRetryAfterFromHeader: a 429 without retry_after in its body (a proxy
// in front of the Bot API) uses the Retry-After header.
func TestRetryAfterFromHeader(t *testing.T) {
	d := newDouble(t)
	c, err := New(connector.Config{Settings: map[string]string{"api_base": d.srv.URL},
		Secrets: map[string]string{"bot_token": d.token}, HTTP: d.srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	h := connectortest.TooManyRequests(120 * time.Second)
	h.Body = `{"ok":false,"error_code":429,"description":"Too Many Requests"}`
	d.srv.FailNext(h)
	err = c.Wait(context.Background())
	ce, ok := connector.Classify(err)
	if !ok || ce.Kind != connector.RateLimited || ce.RetryAt.Before(time.Now().Add(110*time.Second)) {
		t.Errorf("429 with Retry-After: 120 = %v (retry at %v)", err, ce.RetryAt)
	}
}
