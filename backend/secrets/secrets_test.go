package secrets

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/zalando/go-keyring"
)

func TestMemory(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		prepare map[string]string
		op      func(*Memory) (string, error)
		want    string
		wantErr error
	}{
		{
			name:    "get missing",
			op:      func(m *Memory) (string, error) { return m.Get(ctx, "handle/1") },
			wantErr: ErrNotFound,
		},
		{
			name:    "get stored",
			prepare: map[string]string{"handle/1": "s3cret"},
			op:      func(m *Memory) (string, error) { return m.Get(ctx, "handle/1") },
			want:    "s3cret",
		},
		{
			name:    "set overwrites",
			prepare: map[string]string{"handle/1": "old"},
			op: func(m *Memory) (string, error) {
				if err := m.Set(ctx, "handle/1", "new"); err != nil {
					return "", err
				}
				return m.Get(ctx, "handle/1")
			},
			want: "new",
		},
		{
			name:    "delete then get",
			prepare: map[string]string{"handle/1": "x"},
			op: func(m *Memory) (string, error) {
				if err := m.Delete(ctx, "handle/1"); err != nil {
					return "", err
				}
				return m.Get(ctx, "handle/1")
			},
			wantErr: ErrNotFound,
		},
		{
			name:    "delete missing",
			op:      func(m *Memory) (string, error) { return "", m.Delete(ctx, "handle/1") },
			wantErr: ErrNotFound,
		},
		{
			name:    "empty key",
			op:      func(m *Memory) (string, error) { return "", m.Set(ctx, "", "x") },
			wantErr: ErrEmptyKey,
		},
		{
			name: "value at limit",
			op: func(m *Memory) (string, error) {
				v := strings.Repeat("a", MaxValueBytes)
				if err := m.Set(ctx, "k", v); err != nil {
					return "", err
				}
				got, err := m.Get(ctx, "k")
				return fmt.Sprint(len(got)), err
			},
			want: fmt.Sprint(MaxValueBytes),
		},
		{
			name:    "value over limit",
			op:      func(m *Memory) (string, error) { return "", m.Set(ctx, "k", strings.Repeat("a", MaxValueBytes+1)) },
			wantErr: ErrTooLarge,
		},
		{
			name: "cancelled context",
			op: func(m *Memory) (string, error) {
				c, cancel := context.WithCancel(ctx)
				cancel()
				return m.Get(c, "k")
			},
			wantErr: context.Canceled,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := NewMemory()
			for k, v := range tt.prepare {
				if err := m.Set(ctx, k, v); err != nil {
					t.Fatalf("prepare: %v", err)
				}
			}
			got, err := tt.op(m)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if IsUnavailable(err) {
				t.Errorf("memory store reported unavailable: %v", err)
			}
		})
	}
}

func TestMemoryConcurrent(t *testing.T) {
	ctx := context.Background()
	m := NewMemory()
	var wg sync.WaitGroup
	for i := range 32 {
		wg.Go(func() {
			key := fmt.Sprintf("handle/%d", i)
			if err := m.Set(ctx, key, key); err != nil {
				t.Error(err)
			}
			if got, err := m.Get(ctx, key); err != nil || got != key {
				t.Errorf("get %s = %q, %v", key, got, err)
			}
		})
	}
	wg.Wait()
	if m.Len() != 32 {
		t.Errorf("Len = %d, want 32", m.Len())
	}
}

func TestClassify(t *testing.T) {
	busErr := errors.New("The name org.freedesktop.secrets was not provided by any .service files")
	tests := []struct {
		name            string
		err             error
		wantNil         bool
		wantIs          error
		wantUnavailable bool
	}{
		{name: "nil", err: nil, wantNil: true},
		{name: "not found", err: keyring.ErrNotFound, wantIs: ErrNotFound},
		{name: "wrapped not found", err: fmt.Errorf("x: %w", keyring.ErrNotFound), wantIs: ErrNotFound},
		{name: "too big", err: keyring.ErrSetDataTooBig, wantIs: ErrTooLarge},
		{name: "no secret service", err: busErr, wantIs: busErr, wantUnavailable: true},
		{name: "no dbus-launch", err: errors.New(`exec: "dbus-launch": executable file not found in $PATH`), wantUnavailable: true},
		{name: "locked", err: errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'"), wantUnavailable: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := classify("get", "handle/1", tt.err)
			if tt.wantNil {
				if got != nil {
					t.Fatalf("got %v, want nil", got)
				}
				return
			}
			if tt.wantIs != nil && !errors.Is(got, tt.wantIs) {
				t.Errorf("errors.Is(%v, %v) = false", got, tt.wantIs)
			}
			if IsUnavailable(got) != tt.wantUnavailable {
				t.Errorf("IsUnavailable(%v) = %v, want %v", got, !tt.wantUnavailable, tt.wantUnavailable)
			}
		})
	}
}

func TestUnavailableErrorMessage(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want []string
	}{
		{
			name: "with cause",
			err:  &UnavailableError{Op: "set", Err: errors.New("no bus")},
			want: []string{"the system keychain is not available (set: no bus)", "only in the keychain"},
		},
		{
			name: "wrapped",
			err:  fmt.Errorf("save handle: %w", &UnavailableError{Op: "get", Err: errors.New("boom")}),
			want: []string{"save handle: the system keychain is not available (get: boom)"},
		},
		{
			name: "no cause",
			err:  &UnavailableError{},
			want: []string{"the system keychain is not available: Care Inbox"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !IsUnavailable(tt.err) {
				t.Fatalf("IsUnavailable(%v) = false", tt.err)
			}
			for _, w := range tt.want {
				if !strings.Contains(tt.err.Error(), w) {
					t.Errorf("%q does not contain %q", tt.err.Error(), w)
				}
			}
		})
	}
}

func TestIsUnavailable(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"not found", ErrNotFound, false},
		{"plain", errors.New("x"), false},
		{"direct", &UnavailableError{Op: "get"}, true},
		{"wrapped", fmt.Errorf("a: %w", &UnavailableError{Op: "get"}), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsUnavailable(tt.err); got != tt.want {
				t.Errorf("IsUnavailable(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

// TestKeyringRejectsBeforeCalling checks validation and cancellation happen before
// go-keyring is reached, so these cases need no D-Bus.
func TestKeyringRejectsBeforeCalling(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	k := NewKeyring("careinbox-unit-test")
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"too large", k.Set(context.Background(), "k", strings.Repeat("x", MaxValueBytes+1)), ErrTooLarge},
		{"empty key get", func() error { _, err := k.Get(context.Background(), ""); return err }(), ErrEmptyKey},
		{"empty key delete", k.Delete(context.Background(), ""), ErrEmptyKey},
		{"cancelled get", func() error { _, err := k.Get(cancelled, "k"); return err }(), context.Canceled},
		{"cancelled set", k.Set(cancelled, "k", "v"), context.Canceled},
		{"cancelled delete", k.Delete(cancelled, "k"), context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !errors.Is(tt.err, tt.want) {
				t.Errorf("err = %v, want %v", tt.err, tt.want)
			}
			if IsUnavailable(tt.err) {
				t.Errorf("reported unavailable: %v", tt.err)
			}
		})
	}
	if got := NewKeyring("").Service(); got != DefaultService {
		t.Errorf("default service = %q, want %q", got, DefaultService)
	}
}

// failingStore fails one operation so Probe's classification can be tested.
type failingStore struct {
	*Memory
	failOp string
	err    error
	wrong  bool // Get returns a different value
}

func (f failingStore) Get(ctx context.Context, key string) (string, error) {
	if f.failOp == "get" {
		return "", f.err
	}
	if f.wrong {
		return "something else", nil
	}
	return f.Memory.Get(ctx, key)
}

func (f failingStore) Set(ctx context.Context, key, value string) error {
	if f.failOp == "set" {
		return f.err
	}
	return f.Memory.Set(ctx, key, value)
}

func (f failingStore) Delete(ctx context.Context, key string) error {
	if f.failOp == "delete" {
		return f.err
	}
	return f.Memory.Delete(ctx, key)
}

func TestProbe(t *testing.T) {
	unavailable := &UnavailableError{Op: "set", Err: errors.New("no bus")}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name            string
		ctx             context.Context
		store           Store
		wantErr         bool
		wantUnavailable bool
		wantIs          error
	}{
		{name: "works", ctx: context.Background(), store: NewMemory()},
		{name: "set unavailable", ctx: context.Background(), store: failingStore{Memory: NewMemory(), failOp: "set", err: unavailable}, wantErr: true, wantUnavailable: true, wantIs: unavailable},
		{name: "get other error", ctx: context.Background(), store: failingStore{Memory: NewMemory(), failOp: "get", err: errors.New("odd")}, wantErr: true, wantUnavailable: true},
		{name: "get not found", ctx: context.Background(), store: failingStore{Memory: NewMemory(), failOp: "get", err: ErrNotFound}, wantErr: true, wantUnavailable: true, wantIs: ErrNotFound},
		{name: "wrong value", ctx: context.Background(), store: failingStore{Memory: NewMemory(), wrong: true}, wantErr: true, wantUnavailable: true},
		{name: "delete fails", ctx: context.Background(), store: failingStore{Memory: NewMemory(), failOp: "delete", err: errors.New("odd")}, wantErr: true, wantUnavailable: true},
		{name: "cancelled", ctx: cancelled, store: NewMemory(), wantErr: true, wantIs: context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Probe(tt.ctx, tt.store)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if IsUnavailable(err) != tt.wantUnavailable {
				t.Errorf("IsUnavailable(%v) = %v, want %v", err, !tt.wantUnavailable, tt.wantUnavailable)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.wantIs)
			}
		})
	}
	m := NewMemory()
	if err := Probe(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if m.Len() != 0 {
		t.Errorf("probe left %d items behind", m.Len())
	}
}
