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
)

// APIError is what a bound method rejects with. Wails passes error strings to
// JavaScript, so Error() is JSON the front end parses into {code, message}.
type APIError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *APIError) Error() string {
	b, _ := json.Marshal(e)
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
	code := CodeInternal
	switch {
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
