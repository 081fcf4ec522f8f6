package connectortest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
)

// Canned is an in-memory transport for fuzz targets: every request gets
// Status and Body, the network's untrusted answer under test, except paths
// in Fixed (matched by prefix), which get a 200 with a fixed JSON answer
// (a profile lookup the fetch needs first). No socket is opened, so a fuzz
// iteration costs microseconds.
type Canned struct {
	Status int
	Header http.Header
	Body   []byte
	Fixed  map[string]string
}

// Client returns an *http.Client answering from c.
func (c Canned) Client() *http.Client { return &http.Client{Transport: c} }

// RoundTrip implements http.RoundTripper.
func (c Canned) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	status, body, header := c.Status, c.Body, c.Header.Clone()
	for prefix, fixed := range c.Fixed {
		if strings.HasPrefix(r.URL.Path, prefix) {
			status, body, header = http.StatusOK, []byte(fixed), nil
		}
	}
	if status < 100 || status > 599 {
		status = http.StatusOK
	}
	if header == nil {
		header = http.Header{}
	}
	header.Set("Content-Type", "application/json")
	return &http.Response{StatusCode: status, Status: http.StatusText(status), Header: header, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)), Request: r}, nil
}

// InputSize is what a fuzz iteration fed the connector: the answer under
// test and every fixed answer, each of which may be read more than once.
func (c Canned) InputSize() int {
	n := len(c.Body)
	for _, f := range c.Fixed {
		n += len(f)
	}
	return n
}

// CheckPage fails when a page grew out of proportion to the input that
// produced it. Decoding may triple a byte (invalid UTF-8 becomes U+FFFD)
// and a connector repeats an id or a name in a few places (conversation,
// message, Extra), so the bound is linear with room: what it catches is
// the expansion that multiplies (quoted quotes, repeated prefixes).
func CheckPage(t testing.TB, p connector.Page, input int) {
	t.Helper()
	items, size := 0, len(p.Cursor)
	for _, c := range p.Conversations {
		items++
		size += len(c.RemoteID) + len(c.Subject) + participant(c.Customer.RemoteID, c.Customer.Username, c.Customer.DisplayName) + extra(c.Extra)
		for _, m := range c.Messages {
			items++
			size += len(m.RemoteID) + len(m.AuthorName) + len(m.Text) + len(m.ReplyToRemoteID) +
				participant(m.Author.RemoteID, m.Author.Username, m.Author.DisplayName) + extra(m.Extra)
		}
	}
	if items > input+8 {
		t.Fatalf("%d conversations and messages from %d bytes of input", items, input)
	}
	if limit := 16*input + 256*items + 4096; size > limit {
		t.Fatalf("the page holds %d bytes from %d bytes of input (limit %d)", size, input, limit)
	}
}

// CheckError fails when a classified error says more than a person can
// read, or names a retry time beyond any network's promise. A network's own
// words belong in the message only in part: a hostile answer must not put
// a megabyte on the screen.
func CheckError(t testing.TB, err error, now time.Time) {
	t.Helper()
	ce, ok := connector.Classify(err)
	if !ok {
		return
	}
	if len(ce.Message) > 1024 {
		t.Fatalf("the error message is %d bytes: %.200q…", len(ce.Message), ce.Message)
	}
	if ce.Err != nil && len(ce.Err.Error()) > 8192 {
		t.Fatalf("the logged error is %d bytes: %.200q…", len(ce.Err.Error()), ce.Err.Error())
	}
	if ce.Kind == connector.RateLimited && ce.RetryAt.After(now.Add(48*time.Hour)) {
		t.Fatalf("rate limited until %s, more than two days after %s", ce.RetryAt, now)
	}
}

func participant(fields ...string) int {
	n := 0
	for _, f := range fields {
		n += len(f)
	}
	return n
}

func extra(m map[string]any) int {
	if len(m) == 0 {
		return 0
	}
	b, _ := json.Marshal(m)
	return len(b)
}
