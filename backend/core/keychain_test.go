package core

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"

	"careinbox/backend/secrets"
)

// gatedKeychain holds every call until release is closed, and fails Set with
// setErr when given.
type gatedKeychain struct {
	called  chan struct{} // closed by the first call
	release chan struct{}
	setErr  error
	vals    map[string]string
}

func newGatedKeychain(setErr error) *gatedKeychain {
	return &gatedKeychain{called: make(chan struct{}), release: make(chan struct{}), setErr: setErr, vals: map[string]string{}}
}

func (k *gatedKeychain) wait() {
	select {
	case <-k.called:
	default:
		close(k.called)
	}
	<-k.release
}

func (k *gatedKeychain) Get(_ context.Context, key string) (string, error) {
	k.wait()
	v, ok := k.vals[key]
	if !ok {
		return "", secrets.ErrNotFound
	}
	return v, nil
}

func (k *gatedKeychain) Set(_ context.Context, key, value string) error {
	k.wait()
	if k.setErr != nil {
		return k.setErr
	}
	k.vals[key] = value
	return nil
}

func (k *gatedKeychain) Delete(_ context.Context, key string) error {
	k.wait()
	delete(k.vals, key)
	return nil
}

// The probe runs beside the caller (Open returns, the window gets built)
// and KeychainErr waits for its answer.
func TestKeychainProbeRunsBesideTheStartAndIsAwaited(t *testing.T) {
	unusable := errors.New("no secret service")
	for _, tc := range []struct {
		name        string
		setErr      error
		unavailable bool
	}{
		{"usable", nil, false},
		{"unavailable", unusable, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := &Workspace{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
			k := newGatedKeychain(tc.setErr)
			w.probeKeychain(context.Background(), k, true) // returns with the probe held in Set
			<-k.called
			select {
			case <-w.keychainDone:
				t.Fatal("the probe's answer is marked done while the probe still runs")
			default:
			}
			close(k.release)
			err := w.KeychainErr()
			if got := secrets.IsUnavailable(err); got != tc.unavailable || (!tc.unavailable && err != nil) {
				t.Errorf("KeychainErr = %v, want unavailable %v", err, tc.unavailable)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// Without ProbeKeychain nothing touches the keychain and the answer is nil at once.
func TestKeychainNotProbedAnswersNil(t *testing.T) {
	w := &Workspace{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	k := newGatedKeychain(nil)
	w.probeKeychain(context.Background(), k, false)
	if err := w.KeychainErr(); err != nil {
		t.Errorf("KeychainErr = %v", err)
	}
	select {
	case <-k.called:
		t.Error("the keychain was called without being asked")
	default:
	}
}
