//go:build keyring

// These tests talk to a real keychain over D-Bus. scripts/test-dbus.sh runs
// them twice: once with gnome-keyring unlocked in a private session bus
// (CAREINBOX_KEYRING_MODE=real) and once in a session bus that cannot
// activate any Secret Service (CAREINBOX_KEYRING_MODE=absent).
package secrets

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

const modeEnv = "CAREINBOX_KEYRING_MODE"

func requireMode(t *testing.T, want string) {
	t.Helper()
	got := os.Getenv(modeEnv)
	if got == "" {
		t.Skipf("%s is unset; run scripts/test-dbus.sh", modeEnv)
	}
	if got != "real" && got != "absent" {
		t.Fatalf("%s=%q, want real or absent", modeEnv, got)
	}
	if got != want {
		t.Skipf("%s=%s, this test needs %s", modeEnv, got, want)
	}
}

// testService is unique per run so a failed run cannot poison the next.
func testService() string {
	return fmt.Sprintf("careinbox-test-%d-%d", os.Getpid(), time.Now().UnixNano())
}

func secretToolSearch(t *testing.T, service string) string {
	t.Helper()
	// --all lists every match; secret-tool exits 1 when nothing matches.
	out, err := exec.Command("secret-tool", "search", "--all", "service", service).CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("secret-tool: %v", err)
	}
	return string(out)
}

func TestKeyringRealRoundTrip(t *testing.T) {
	requireMode(t, "real")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	svc := testService()
	k := NewKeyring(svc)
	const key, value = "handle/42", "tok-ä-🔑"

	if _, err := k.Get(ctx, key); !errors.Is(err, ErrNotFound) {
		t.Fatalf("get before set: err = %v, want ErrNotFound", err)
	}
	if err := k.Set(ctx, key, value); err != nil {
		t.Fatalf("set: %v", err)
	}
	t.Cleanup(func() { _ = k.Delete(context.Background(), key) })

	got, err := k.Get(ctx, key)
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	if got != value {
		t.Fatalf("get = %q, want %q", got, value)
	}

	out := secretToolSearch(t, svc)
	for _, want := range []string{"attribute.service = " + svc, "attribute.username = " + key, "secret = " + value} {
		if !strings.Contains(out, want) {
			t.Errorf("secret-tool search output lacks %q:\n%s", want, out)
		}
	}

	if err := k.Set(ctx, key, "second"); err != nil {
		t.Fatalf("overwrite: %v", err)
	}
	if got, err := k.Get(ctx, key); err != nil || got != "second" {
		t.Fatalf("get after overwrite = %q, %v", got, err)
	}

	if err := k.Delete(ctx, key); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := k.Get(ctx, key); !errors.Is(err, ErrNotFound) {
		t.Fatalf("get after delete: err = %v, want ErrNotFound", err)
	}
	if err := k.Delete(ctx, key); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second delete: err = %v, want ErrNotFound", err)
	}
	if out := secretToolSearch(t, svc); strings.Contains(out, key) {
		t.Errorf("secret-tool still finds the item after delete:\n%s", out)
	}
}

func TestKeyringRealProbe(t *testing.T) {
	requireMode(t, "real")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	svc := testService()
	if err := Probe(ctx, NewKeyring(svc)); err != nil {
		t.Fatalf("probe: %v", err)
	}
	if out := secretToolSearch(t, svc); strings.Contains(out, "attribute.service") {
		t.Errorf("probe left an item behind:\n%s", out)
	}
}

func TestKeyringRealTooLarge(t *testing.T) {
	requireMode(t, "real")
	k := NewKeyring(testService())
	err := k.Set(context.Background(), "handle/1", strings.Repeat("x", MaxValueBytes+1))
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}

func TestKeyringAbsent(t *testing.T) {
	requireMode(t, "absent")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	k := NewKeyring(testService())

	ops := []struct {
		name string
		run  func() error
	}{
		{"get", func() error { _, err := k.Get(ctx, "handle/42"); return err }},
		{"set", func() error { return k.Set(ctx, "handle/42", "v") }},
		{"delete", func() error { return k.Delete(ctx, "handle/42") }},
		{"probe", func() error { return Probe(ctx, k) }},
	}
	for _, op := range ops {
		t.Run(op.name, func(t *testing.T) {
			err := op.run()
			if err == nil {
				t.Fatal("succeeded without a keychain")
			}
			var u *UnavailableError
			if !errors.As(err, &u) {
				t.Fatalf("err = %v (%T), want *UnavailableError", err, err)
			}
			if errors.Is(err, ErrNotFound) {
				t.Errorf("unavailable keychain reported as not found: %v", err)
			}
			msg := err.Error()
			for _, want := range []string{"the system keychain is not available", "Care Inbox stores passwords and tokens only in the keychain"} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q lacks %q", msg, want)
				}
			}
			t.Logf("%s: %s", op.name, msg)
		})
	}
}
