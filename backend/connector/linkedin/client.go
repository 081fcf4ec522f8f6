package linkedin

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"careinbox/backend/connector"
)

// apiError is LinkedIn's error body.
type apiError struct {
	Status           int    `json:"status"`
	ServiceErrorCode int    `json:"serviceErrorCode"`
	Code             string `json:"code"`
	Message          string `json:"message"`
}

// urnEscape encodes a URN for a Rest.li 2.0 path or query value: every
// ':', '(', ')' and ',' must be percent-encoded, or LinkedIn reads them as
// Rest.li syntax.
func urnEscape(urn string) string {
	var b strings.Builder
	for _, r := range []byte(urn) {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.', r == '~':
			b.WriteByte(r)
		default:
			fmt.Fprintf(&b, "%%%02X", r)
		}
	}
	return b.String()
}

// do calls the REST API. rawQuery is already Rest.li-encoded (List(…) and
// (start:…,end:…) must reach LinkedIn unescaped). It returns the response
// headers for callers that read x-restli-id.
func (c *Connector) do(ctx context.Context, method, path, rawQuery string, in, out any) (http.Header, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("linkedin %s: %w", path, err)
	}
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return nil, fmt.Errorf("linkedin %s: encode: %w", path, err)
		}
		body = bytes.NewReader(b)
	}
	u := c.base + path
	if rawQuery != "" {
		u += "?" + rawQuery
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, connector.Errorf(connector.Permanent, c.redact(err), "the LinkedIn API address is not usable")
	}
	// The token goes in a header, never the URL, so it cannot leak into logs.
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("LinkedIn-Version", c.version)
	req.Header.Set("X-Restli-Protocol-Version", "2.0.0")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("linkedin %s: %w", path, ctx.Err())
		}
		return nil, connector.Errorf(connector.Temporary, c.redact(err), "LinkedIn could not be reached")
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return resp.Header, c.classify(path, resp)
	}
	if out == nil {
		return resp.Header, nil
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 16<<20)).Decode(out); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("linkedin %s: %w", path, ctx.Err())
		}
		return nil, connector.Errorf(connector.Temporary, fmt.Errorf("linkedin %s: decode: %w", path, err), "LinkedIn sent an answer we could not read; retrying")
	}
	return resp.Header, nil
}

func (c *Connector) redact(err error) error {
	return errors.New(strings.ReplaceAll(err.Error(), c.token, "<token>"))
}

// classify turns a non-2xx answer into a classified error with plain words.
func (c *Connector) classify(path string, resp *http.Response) error {
	var ae apiError
	_ = json.NewDecoder(io.LimitReader(resp.Body, 16384)).Decode(&ae)
	now := c.now()
	ce := connector.FromHTTP(resp, now, "LinkedIn")
	ce.Err = fmt.Errorf("linkedin %s: %w: %s %s", path, ce.Err, ae.Code, ae.Message)
	switch resp.StatusCode {
	case http.StatusUnauthorized:
		ce.Message = "LinkedIn no longer accepts the saved access token (expired after 60 days, or revoked); create a new one and paste it"
	case http.StatusTooManyRequests:
		// LinkedIn's limits are per day and reset at midnight UTC; it
		// rarely says when, so without Retry-After wait for the reset.
		at := connector.RetryAfter(resp.Header, now)
		if at.IsZero() {
			at = nextMidnightUTC(now)
		}
		ce.RetryAt = at
		ce.Message = fmt.Sprintf("LinkedIn's daily limit for this app is used up until %s", at.Local().Format("Jan 2 15:04"))
	case http.StatusForbidden:
		ce.Message = "LinkedIn refused this: the token lacks a permission or the signed-in member is not an administrator of the page"
		if ae.Message != "" {
			ce.Message += " (" + ae.Message + ")"
		}
	default:
		if ce.Kind == connector.Permanent && ae.Message != "" {
			ce.Message = "LinkedIn rejected the request: " + ae.Message
		}
	}
	return ce
}

func nextMidnightUTC(now time.Time) time.Time {
	y, m, d := now.UTC().Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC)
}
