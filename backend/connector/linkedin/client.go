package linkedin

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/httpkit"
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
	u := c.base + path
	if rawQuery != "" {
		u += "?" + rawQuery
	}
	// The token goes in a header, never the URL, so it cannot leak into logs.
	h := http.Header{
		"Authorization":             {"Bearer " + c.token},
		"Linkedin-Version":          {c.version},
		"X-Restli-Protocol-Version": {"2.0.0"},
	}
	a, err := c.kit.JSON(ctx, httpkit.Request{Op: "linkedin " + path, Method: method, URL: u, Header: h}, in, out)
	if err != nil {
		if a != nil {
			return a.Header, err
		}
		return nil, err
	}
	return a.Header, nil
}

// refine turns a refused answer into plain words from LinkedIn's error body.
func (c *Connector) refine(ce *connector.Error, _ httpkit.Request, a *httpkit.Answer) error {
	var ae apiError
	_ = a.Decode(&ae)
	ae.Code, ae.Message = httpkit.Clip(ae.Code, 300), httpkit.Clip(ae.Message, 300)
	ce.Err = fmt.Errorf("%w: %s %s", ce.Err, ae.Code, ae.Message)
	switch a.Status {
	case http.StatusUnauthorized:
		ce.Message = "LinkedIn no longer accepts the saved access token (expired after 60 days, or revoked); create a new one and paste it"
	case http.StatusTooManyRequests:
		// LinkedIn's limits are per day and reset at midnight UTC; it
		// rarely says when, so without Retry-After wait for the reset.
		now := c.now()
		at := connector.RetryAfter(a.Header, now)
		if at.IsZero() {
			at = nextMidnightUTC(now)
		}
		ce.RetryAt = at
		ce.Message = fmt.Sprintf("LinkedIn's daily limit for this app is used up until %s", ce.RetryAt.Local().Format("2 Jan, 15:04"))
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
