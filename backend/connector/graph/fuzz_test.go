package graph

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/connectortest"
	"careinbox/backend/inbox"
)

// FuzzConversations: any answer to /{page}/conversations (status and body)
// gives a bounded page or a classified error of readable size with a sane
// retry time, never a panic.
func FuzzConversations(f *testing.F) {
	for _, s := range []struct {
		status int
		body   string
	}{
		{200, `{"data":[{"id":"t_1","updated_time":"2026-11-23T09:00:00+0000","participants":{"data":[{"id":"p1","name":"Page"},{"id":"u2","name":"Ana","username":"ana"}]},"messages":{"data":[{"id":"m_2","message":"thanks","from":{"id":"p1"},"created_time":"2026-11-23T09:00:00+0000"},{"id":"m_1","message":"where is my order?","from":{"id":"u2","name":"Ana"},"created_time":"2026-11-23T08:00:00Z"}]}}],"paging":{"cursors":{"after":"QVFI"},"next":"https://graph.facebook.com/next"}}`},
		{200, `{"data":[{"id":"t_2","updated_time":"2020-01-01T00:00:00+0000"}]}`},
		{200, `{"data":[{"id":"","updated_time":"x"}]}`},
		{200, `{"data":[{"id":"t_3","updated_time":"2026-11-23T09:00:00+0000","messages":{"data":[{"id":"","created_time":""}]}}]}`},
		{400, `{"error":{"message":"(#4) Application request limit reached","type":"OAuthException","code":4,"fbtrace_id":"A1"}}`},
		{400, `{"error":{"message":"Error validating access token: Session has expired","type":"OAuthException","code":190,"error_subcode":463}}`},
		{403, `{"error":{"message":"(#200) ` + strings.Repeat("Ж", 700) + `","code":200}}`},
		{500, `{"error":{"message":"An unknown error has occurred.","code":1}}`},
		{502, `<html>bad gateway</html>`},
	} {
		f.Add(s.status, []byte(s.body), "")
		f.Add(s.status, []byte(s.body), "1795400000/1795410000/QVFI")
	}
	f.Fuzz(func(t *testing.T, status int, body []byte, cursor string) {
		canned := connectortest.Canned{Status: status, Body: body}
		now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
		c, err := NewClient("", "tok", "Facebook", connector.Config{HTTP: canned.Client(), Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		p, err := c.Conversations(context.Background(), inbox.NetworkFacebook, "messenger", "p1", cursor)
		if err != nil {
			connectortest.CheckError(t, err, now)
			return
		}
		connectortest.CheckPage(t, p, canned.InputSize()+len(cursor))
	})
}

// FuzzThrottle: any usage headers give a verdict without a panic, and a
// time to come back that is neither in the past nor beyond a day.
func FuzzThrottle(f *testing.F) {
	f.Add(`{"call_count":95,"total_cputime":10,"total_time":10}`, "", "")
	f.Add("", `{"call_count":10}`, `{"123":[{"type":"pages","call_count":100,"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":30}]}`)
	f.Add(`{"estimated_time_to_regain_access":1e300}`, "", "")
	f.Add(`{"estimated_time_to_regain_access":-5,"call_count":1e308}`, "{", `{"x":[]}`)
	f.Fuzz(func(t *testing.T, app, page, buc string) {
		h := http.Header{}
		for k, v := range map[string]string{"X-App-Usage": app, "X-Page-Usage": page, "X-Business-Use-Case-Usage": buc} {
			if v != "" {
				h.Set(k, v)
			}
		}
		now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
		at, hot := Throttle(h, now)
		if !hot {
			return
		}
		if !at.After(now) || at.After(now.Add(25*time.Hour)) {
			t.Fatalf("throttled until %s from %s (headers %v)", at, now, h)
		}
	})
}

// FuzzParseWalk: any stored cursor reads without a panic, and the cursor
// written from what it read reads back to the same cursor.
func FuzzParseWalk(f *testing.F) {
	for _, s := range []string{"", "0", "1795400000", "1795400000/1795410000/QVFI", "0/0/a/b", "-5", "x/y", "9223372036854775807", "1/2/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		written := ParseWalk(s).String()
		if again := ParseWalk(written).String(); again != written {
			t.Fatalf("ParseWalk(%q) wrote %q, which reads back as %q", s, written, again)
		}
	})
}

// FuzzParseTime: any timestamp string parses or is refused, never panics.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2026-11-23T09:00:00+0000", "2026-11-23T09:00:00Z", "2026-11-23T09:00:00.123+01:00", "", "9999-99-99T99:99:99+9999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = ParseTime(s)
	})
}
