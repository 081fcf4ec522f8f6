package x

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/httpkit"
)

// usageCapWait is how long a spent usage cap holds every request back. X
// does not say when the cap lifts (the next billing period, or as soon as
// the owner raises the cap or buys credits), so asking again every hour
// costs little (refused requests are not billed) and notices a raised cap.
const usageCapWait = time.Hour

// problem is one entry of X's errors[]: a v2 problem (type, title, detail,
// section …) or the v1.1 shape {code, message} some refusals still use
// (429 "Rate limit exceeded").
type problem struct {
	Code         int    `json:"code"`
	Message      string `json:"message"`
	Type         string `json:"type"`
	Title        string `json:"title"`
	Detail       string `json:"detail"`
	Reason       string `json:"reason"`
	Section      string `json:"section"`
	ResourceType string `json:"resource_type"`
}

// apiError is an error body of X: a problem at the top level, often with
// errors[] beside it (an invalid request lists its reasons there), or only
// errors[] (v1.1 style).
type apiError struct {
	problem
	Errors []problem `json:"errors"`
	// status is the HTTP status of the answer (not always in the body).
	status int
}

// kind is the problem type's last path segment ("usage-capped",
// "client-forbidden"): X names the same problems under api.twitter.com and
// api.x.com, so only the name is compared.
func (p problem) kind() string {
	if !strings.Contains(p.Type, "/problems/") {
		return ""
	}
	return p.Type[strings.LastIndex(p.Type, "/")+1:]
}

// kinds lists the problem names of the body and of its errors[].
func (e apiError) has(kind string) bool {
	if e.kind() == kind {
		return true
	}
	for _, p := range e.Errors {
		if p.kind() == kind {
			return true
		}
	}
	return false
}

// words is everything X said, once each: titles, details and messages.
func (e apiError) words() string {
	var parts []string
	seen := map[string]bool{}
	add := func(p problem) {
		for _, s := range []string{p.Title, p.Detail, p.Message} {
			s = strings.TrimSpace(s)
			if s != "" && !seen[s] {
				seen[s] = true
				parts = append(parts, s)
			}
		}
	}
	add(e.problem)
	for _, p := range e.Errors {
		add(p)
	}
	return strings.Join(parts, " ")
}

// text is X's words about a refusal, clipped: an error body may be
// megabytes, and the user reads this and the log keeps it.
func (e apiError) text() string { return httpkit.Clip(e.words(), 300) }

func (e apiError) says(phrase string) bool {
	return strings.Contains(strings.ToLower(e.words()), phrase)
}

// duplicate recognises X's refusal of a post identical to a recent one of
// the account ("You are not allowed to create a Tweet with duplicate
// content."): after a lost answer it usually means the first attempt went out.
func (e apiError) duplicate() bool { return e.says("duplicate content") }

// refine classifies X's refusals by what the body says, not only the status:
// X answers a spent monthly usage cap with 429 like a rate limit, an app
// outside a Project with 403 like a missing permission, and a spent daily
// posting limit with a 429 whose x-rate-limit-reset is only the 15-minute
// window's.
func (c *Connector) refine(ce *connector.Error, _ httpkit.Request, a *httpkit.Answer) error {
	var ae apiError
	_ = a.Decode(&ae)
	ae.status = a.Status
	ce.Err = fmt.Errorf("%w: %s", ce.Err, ae.text())
	now := c.now()
	switch {
	case ae.has("usage-capped"):
		until := now.Add(usageCapWait)
		c.mu.Lock()
		c.capped = until
		c.mu.Unlock()
		return connector.Limited(until, ce.Err, "your X developer app has used up its usage cap; raise the cap or add credits at developer.x.com — Care Inbox asks X again at %s",
			until.Local().Format("15:04"))
	case ae.has("client-forbidden") || ae.Reason == "client-not-enrolled":
		ce.Kind, ce.Message = connector.Permanent, "X does not let your developer app use this part of the API: in developer.x.com, attach the app to a Project and check that its plan includes mentions and direct messages"
	case a.Status == http.StatusTooManyRequests:
		if at, daily := dailyReset(a.Header, now); daily && at.After(ce.RetryAt) {
			ce.RetryAt = at
			ce.Message = fmt.Sprintf("X's daily limit for this account is used up until %s", at.Local().Format("Mon 15:04"))
		}
	case ae.duplicate():
		ce.Kind, ce.Message = connector.Permanent, "X refused this as a duplicate: the account already sent the same text recently. Check the conversation on X (an earlier attempt may have gone out) or change the wording"
	case ae.says("deleted or not visible"):
		ce.Kind, ce.Message = connector.Permanent, "the post being answered was deleted or is no longer visible to this account"
	case ae.has("not-authorized-for-resource"):
		ce.Kind, ce.Message = connector.Permanent, "X does not let this account see or act on this (the other account may be protected, blocking it, or gone): "+ae.text()
	case a.Status == http.StatusForbidden && ae.text() != "":
		ce.Message = "X refused this: " + ae.text()
	}
	return ce
}

// dailyReset reads X's 24-hour limits (posts and DMs count per user and
// per app a day, apart from the 15-minute window): when one is spent, the
// time it resets. Clamped like every other retry time.
func dailyReset(h http.Header, now time.Time) (time.Time, bool) {
	var at time.Time
	for _, who := range []string{"user", "app"} {
		rem := strings.TrimSpace(h.Get("x-" + who + "-limit-24hour-remaining"))
		n, err := strconv.ParseInt(strings.TrimSpace(h.Get("x-"+who+"-limit-24hour-reset")), 10, 64)
		if rem != "0" || err != nil || n <= 0 {
			continue
		}
		t := time.Unix(n, 0)
		if t.After(now.Add(connector.MaxRetryWait)) {
			t = now.Add(connector.MaxRetryWait)
		}
		if t.After(at) {
			at = t
		}
	}
	return at, !at.IsZero()
}

// noteDaily closes bucket after a successful answer that spent a 24-hour
// limit, so the next post waits for the reset instead of being refused
// (X counts refused posts against the window too).
func (c *Connector) noteDaily(bucket string, h http.Header) {
	at, spent := dailyReset(h, c.now())
	if !spent {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.daily == nil {
		c.daily = map[string]time.Time{}
	}
	c.daily[bucket] = at
}

// held refuses a request while the app's usage cap or bucket's daily limit
// is spent; the 15-minute windows are the kit's.
func (c *Connector) held(bucket string) error {
	now := c.now()
	c.mu.Lock()
	capped, daily := c.capped, c.daily[bucket]
	c.mu.Unlock()
	switch {
	case now.Before(capped):
		return connector.Limited(capped, nil, "your X developer app has used up its usage cap; Care Inbox asks X again at %s", capped.Local().Format("15:04"))
	case now.Before(daily):
		return connector.Limited(daily, nil, "X's daily limit for this account is used up until %s", daily.Local().Format("Mon 15:04"))
	}
	return nil
}

// partial reads the errors[] of a successful answer. Errors about includes
// (a referenced post since deleted, an author no longer visible) cost only
// that detail: the page stands. Errors with no data at all are about the
// request itself (the account suspended or unknown to X) and become an
// error, since reading them as "nothing new" would hide them.
func (c *Connector) partial(op string, n int, errs []problem) error {
	if len(errs) == 0 {
		return nil
	}
	if n > 0 {
		c.log.Debug("x: answer with partial errors", "op", op, "errors", len(errs), "first", apiError{problem: errs[0]}.text())
		return nil
	}
	for _, p := range errs {
		if p.Section == "includes" {
			continue
		}
		ae := apiError{problem: p}
		return connector.Errorf(connector.Permanent, fmt.Errorf("x %s: %s", op, ae.text()), "X could not give the %s: %s", op, ae.text())
	}
	return nil
}
