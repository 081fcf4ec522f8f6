package secrets

import (
	"context"
	"errors"
	"fmt"

	"github.com/zalando/go-keyring"
)

// Keyring is a Store backed by the OS keychain through go-keyring: Secret
// Service on Linux, Keychain on macOS, Credential Manager on Windows. Each key
// is stored as the "user" of one item under the service name.
type Keyring struct {
	service string
}

// NewKeyring returns a Store for service; an empty service means
// DefaultService.
func NewKeyring(service string) *Keyring {
	if service == "" {
		service = DefaultService
	}
	return &Keyring{service: service}
}

var _ Store = (*Keyring)(nil)

// Service returns the keychain service name items are stored under.
func (k *Keyring) Service() string { return k.service }

// Get implements Store.
func (k *Keyring) Get(ctx context.Context, key string) (string, error) {
	if err := checkKey(key); err != nil {
		return "", err
	}
	var v string
	err := call(ctx, "get", key, func() error {
		var err error
		v, err = keyring.Get(k.service, key)
		return err
	})
	if err != nil {
		return "", err
	}
	return v, nil
}

// Set implements Store.
func (k *Keyring) Set(ctx context.Context, key, value string) error {
	if err := checkSet(key, value); err != nil {
		return err
	}
	return call(ctx, "set", key, func() error {
		return keyring.Set(k.service, key, value)
	})
}

// Delete implements Store.
func (k *Keyring) Delete(ctx context.Context, key string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	return call(ctx, "delete", key, func() error {
		return keyring.Delete(k.service, key)
	})
}

// call runs a blocking go-keyring function so ctx can still end the wait: an
// unlock prompt or a hung bus can block for a long time. A call abandoned this
// way still finishes in the background, so a cancelled Set may yet be stored.
func call(ctx context.Context, op, key string, fn func() error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s %s: %w", op, key, err)
	}
	if err := sessionBus(); err != nil {
		return &UnavailableError{Op: op, Err: err}
	}
	done := make(chan error, 1) // buffered so an abandoned call does not leak its goroutine
	go func() { done <- fn() }()
	select {
	case err := <-done:
		return classify(op, key, err)
	case <-ctx.Done():
		return fmt.Errorf("%s %s: %w", op, key, ctx.Err())
	}
}

// classify maps go-keyring errors onto this package's. go-keyring has no
// sentinel for "no keychain" (the causes range from a missing Secret Service
// to a dead bus socket), so anything that is not a known sentinel means the
// keychain is unusable.
func classify(op, key string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, keyring.ErrNotFound):
		return fmt.Errorf("%s %s: %w", op, key, ErrNotFound)
	case errors.Is(err, keyring.ErrSetDataTooBig):
		return fmt.Errorf("%s %s: %w", op, key, ErrTooLarge)
	default:
		return &UnavailableError{Op: op, Err: err}
	}
}
