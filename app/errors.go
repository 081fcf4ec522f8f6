package app

import (
	"context"
	"encoding/json"
	"errors"

	"careinbox/backend/deadline/tracker"
	"careinbox/backend/secrets"
	"careinbox/backend/store"
)

// Error codes the front end can branch on.
const (
	CodeNotFound            = "not_found"
	CodeInvalid             = "invalid"
	CodeKeychainUnavailable = "keychain_unavailable"
	CodeCancelled           = "cancelled"
	CodeInternal            = "internal"
	// CodeReadOnly: the workspace is a read-only copy (reading and search work).
	CodeReadOnly = "read_only"
)

// APIError is what a bound method rejects with: a code the front end can
// branch on and a message safe to show. Error() is the plain message (for
// logs and Go callers); FormatError is what crosses to JavaScript.
type APIError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *APIError) Error() string { return e.Message }

// FormatError is options.App.ErrorFormatter: every error a bound method
// returns reaches the front end as {"code","message"}, classified here even
// when a method forgot toAPIError. It returns the JSON text rather than the
// struct because the Wails v2 runtime rejects with new Error(message.error),
// which would turn an object into "[object Object]"; the front end
// (src/lib/wails/errors.ts) parses the text back into an ApiError.
func FormatError(err error) any {
	if err == nil {
		return nil
	}
	var ae *APIError
	if !errors.As(toAPIError(err), &ae) {
		ae = &APIError{Code: CodeInternal, Message: err.Error()}
	}
	b, mErr := json.Marshal(ae)
	if mErr != nil {
		return ae.Message
	}
	return string(b)
}

// toAPIError classifies a domain error; the message is safe to show as it
// never contains secrets (secrets never reach the store or its errors).
func toAPIError(err error) error {
	if err == nil {
		return nil
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return ae
	}
	err = store.Classify(err)
	code := CodeInternal
	switch {
	case errors.Is(err, store.ErrReadOnly):
		return &APIError{Code: CodeReadOnly, Message: "This copy of the workspace is read-only: it can be read and searched, not changed."}
	case errors.Is(err, store.ErrDiskFull):
		return &APIError{Code: CodeInternal, Message: "The disk is full: free some space and try again."}
	case errors.Is(err, store.ErrNotFound), errors.Is(err, tracker.ErrNotFound):
		code = CodeNotFound
	case secrets.IsUnavailable(err):
		code = CodeKeychainUnavailable
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		code = CodeCancelled
	}
	return &APIError{Code: code, Message: err.Error()}
}

func invalid(msg string) error { return &APIError{Code: CodeInvalid, Message: msg} }
