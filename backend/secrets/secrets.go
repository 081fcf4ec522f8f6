// Package secrets keeps passwords and tokens in the operating system's
// keychain. Care Inbox never writes secrets to its own database or files, so
// when no keychain is usable the app must say so instead of falling back.
package secrets

import (
	"context"
	"errors"
	"fmt"
	"runtime"
)

// DefaultService is the keychain service name real profiles use. Tests and
// the demo workspace pass their own so they never touch real credentials.
const DefaultService = "careinbox"

// MaxValueBytes is the largest value Set accepts. It is the Windows Credential
// Manager limit; enforcing it everywhere keeps a profile portable between
// platforms and makes the failure show up in tests on Linux too.
const MaxValueBytes = 2560

// Store reads and writes secrets by key, such as "handle/42".
type Store interface {
	// Get returns ErrNotFound when nothing is stored under key.
	Get(ctx context.Context, key string) (string, error)
	Set(ctx context.Context, key, value string) error
	// Delete returns ErrNotFound when nothing is stored under key.
	Delete(ctx context.Context, key string) error
}

var (
	// ErrNotFound means the keychain works but holds nothing under the key.
	ErrNotFound = errors.New("secret not found in keychain")
	// ErrTooLarge means a value exceeds MaxValueBytes.
	ErrTooLarge = errors.New("secret is too large for the keychain")
	// ErrEmptyKey means a caller passed "" as key.
	ErrEmptyKey = errors.New("secret key is empty")
)

// UnavailableError means the keychain itself cannot be used: no Secret
// Service on the bus, a locked collection, no D-Bus at all. The user has to
// fix their system; retrying will not help.
type UnavailableError struct {
	Op  string // "get", "set", "delete" or "probe"
	Err error
}

func (e *UnavailableError) Error() string {
	cause := e.Op
	if e.Err != nil {
		if cause != "" {
			cause += ": "
		}
		cause += e.Err.Error()
	}
	if cause != "" {
		cause = " (" + cause + ")"
	}
	return "the system keychain is not available" + cause +
		": Care Inbox stores passwords and tokens only in the keychain. " + platformHint()
}

func (e *UnavailableError) Unwrap() error { return e.Err }

// IsUnavailable reports whether err, or any error it wraps, is an
// *UnavailableError.
func IsUnavailable(err error) bool {
	var u *UnavailableError
	return errors.As(err, &u)
}

func platformHint() string {
	switch runtime.GOOS {
	case "darwin":
		return "On macOS, unlock your login keychain in Keychain Access."
	case "windows":
		return "On Windows, check that Credential Manager is running."
	default:
		return "On Linux, install and unlock GNOME Keyring or KWallet (Secret Service)."
	}
}

// checkSet validates arguments before any backend sees them, so every Store
// rejects the same inputs with the same errors.
func checkSet(key, value string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	if len(value) > MaxValueBytes {
		return fmt.Errorf("set %s: value is %d bytes, at most %d allowed: %w",
			key, len(value), MaxValueBytes, ErrTooLarge)
	}
	return nil
}

func checkKey(key string) error {
	if key == "" {
		return ErrEmptyKey
	}
	return nil
}

// probeKey is fixed so a crash between Set and Delete leaves at most one
// stray item instead of one per start.
const (
	probeKey   = "probe/startup"
	probeValue = "ok"
)

// Probe checks that st can store, read back and delete a secret. The app calls
// it at start to show a banner. Any failure other than a cancelled ctx is
// reported as an *UnavailableError, so callers need only IsUnavailable.
func Probe(ctx context.Context, st Store) error {
	if err := st.Set(ctx, probeKey, probeValue); err != nil {
		return probeErr(ctx, err)
	}
	got, err := st.Get(ctx, probeKey)
	if err != nil {
		return probeErr(ctx, err)
	}
	if got != probeValue {
		return &UnavailableError{Op: "probe", Err: errors.New("keychain returned a different value than was stored")}
	}
	if err := st.Delete(ctx, probeKey); err != nil {
		return probeErr(ctx, err)
	}
	return nil
}

func probeErr(ctx context.Context, err error) error {
	if IsUnavailable(err) {
		return err
	}
	if ctx.Err() != nil {
		return fmt.Errorf("probe keychain: %w", err)
	}
	return &UnavailableError{Op: "probe", Err: err}
}
