package connector

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Kind classifies a failure so the engine can react without knowing the network.
type Kind int

const (
	Temporary   Kind = iota // retry with back-off (5xx, timeouts, garbage)
	AuthNeeded              // credentials missing, expired or revoked: ask the user
	RateLimited             // wait until RetryAt
	Permanent               // this request will never work (bad config, forbidden action)
)

func (k Kind) String() string {
	switch k {
	case AuthNeeded:
		return "sign-in needed"
	case RateLimited:
		return "rate limited"
	case Permanent:
		return "permanent"
	default:
		return "temporary"
	}
}

// Error is a classified connector failure. Message is plain words for the user.
type Error struct {
	Kind    Kind
	RetryAt time.Time // for RateLimited
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds a classified error.
func Errorf(kind Kind, err error, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...), Err: err}
}

// Limited builds a rate-limit error.
func Limited(retryAt time.Time, err error, format string, args ...any) *Error {
	return &Error{Kind: RateLimited, RetryAt: retryAt, Message: fmt.Sprintf(format, args...), Err: err}
}

// Classify returns err's classification; unclassified errors are temporary
// (a network blip), except context cancellation, which is returned as is
// with ok=false.
func Classify(err error) (ce *Error, ok bool) {
	if err == nil || errors.Is(err, context.Canceled) {
		return nil, false
	}
	if errors.As(err, &ce) {
		return ce, true
	}
	var ne net.Error
	msg := "the network could not be reached"
	if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded) {
		msg = "the network timed out"
	}
	return &Error{Kind: Temporary, Message: msg, Err: err}, true
}

// FromHTTP classifies a non-2xx response. body is a short excerpt for logs.
func FromHTTP(resp *http.Response, now time.Time, network string) *Error {
	err := fmt.Errorf("%s answered %s", network, resp.Status)
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return Errorf(AuthNeeded, err, "%s no longer accepts the saved sign-in; sign in again", network)
	case resp.StatusCode == http.StatusTooManyRequests:
		at := RetryAfter(resp.Header, now)
		if at.IsZero() {
			at = now.Add(time.Minute)
		}
		return Limited(at, err, "%s asked us to slow down until %s", network, at.Local().Format("15:04"))
	case resp.StatusCode >= 500:
		return Errorf(Temporary, err, "%s is having trouble (%d); retrying", network, resp.StatusCode)
	case resp.StatusCode == http.StatusForbidden:
		return Errorf(Permanent, err, "%s refused this (forbidden): the account may lack a permission", network)
	default:
		return Errorf(Permanent, err, "%s rejected the request (%d)", network, resp.StatusCode)
	}
}

// MaxRetryWait caps how long any server's retry time holds a handle back: a
// hostile or broken value (a year, an overflowing number) must not silence a
// handle for good; asked again after a day, the server can say so again.
const MaxRetryWait = 24 * time.Hour

// RetryAfter reads when to come back from the usual headers: Retry-After
// (seconds or HTTP date), X-RateLimit-Reset / RateLimit-Reset (epoch seconds,
// or seconds from now when small). Zero when absent; never more than
// MaxRetryWait after now (a time already past is returned as it is: due now).
func RetryAfter(h http.Header, now time.Time) time.Time {
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if s, err := strconv.ParseInt(v, 10, 64); err == nil {
			return inSeconds(now, s)
		}
		if t, err := http.ParseTime(v); err == nil {
			return clampRetry(now, t)
		}
	}
	for _, k := range []string{"X-RateLimit-Reset", "RateLimit-Reset", "X-Rate-Limit-Reset"} {
		v := strings.TrimSpace(h.Get(k))
		if v == "" {
			continue
		}
		if t, err := time.Parse(time.RFC3339, v); err == nil { // Mastodon sends ISO 8601
			return clampRetry(now, t)
		}
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			if n > 1_000_000_000 {
				return clampRetry(now, time.Unix(n, 0))
			}
			return inSeconds(now, n)
		}
	}
	return time.Time{}
}

// inSeconds is now plus s seconds, without overflowing time.Duration.
func inSeconds(now time.Time, s int64) time.Time {
	if s > int64(MaxRetryWait/time.Second) {
		return now.Add(MaxRetryWait)
	}
	return clampRetry(now, now.Add(time.Duration(s)*time.Second))
}

func clampRetry(now, t time.Time) time.Time {
	if t.After(now.Add(MaxRetryWait)) {
		return now.Add(MaxRetryWait)
	}
	return t
}

// Budget reads the remaining request budget (X-RateLimit-Remaining,
// RateLimit-Remaining). ok is false when the network did not say.
func Budget(h http.Header) (remaining int, ok bool) {
	for _, k := range []string{"X-RateLimit-Remaining", "RateLimit-Remaining", "X-Rate-Limit-Remaining"} {
		if v := h.Get(k); v != "" {
			if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
				return n, true
			}
		}
	}
	return 0, false
}

// CheckBudget turns an exhausted budget into a rate-limit error before the
// network has to refuse us: polite clients stop at zero, not at 429.
func CheckBudget(h http.Header, now time.Time, network string) error {
	if n, ok := Budget(h); ok && n <= 0 {
		at := RetryAfter(h, now)
		if at.IsZero() {
			at = now.Add(time.Minute)
		}
		return Limited(at, nil, "%s request budget used up until %s", network, at.Local().Format("15:04"))
	}
	return nil
}
