package mastodon

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
)

// streamingSetup is a server whose token may stream (GoToSocial's scope).
func streamingSetup(t *testing.T) (*Connector, *double) {
	c, d := setup(t)
	d.mu.Lock()
	d.scopes += " read:streaming"
	d.mu.Unlock()
	return c, d
}

func TestStreamWakesOnNotification(t *testing.T) {
	c, d := streamingSetup(t)
	done := make(chan error, 1)
	go func() { done <- c.Wait(context.Background()) }()
	// Timeline updates do not wake; a notification does.
	d.stream <- `{"event":"update","payload":"{}"}`
	d.stream <- `{"event":"notification","payload":"{}"}`
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Wait = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a notification did not wake Wait")
	}
}

func TestStreamRefusedIsPermanent(t *testing.T) {
	c, _ := setup(t) // scopes without read:streaming
	ce, ok := connector.Classify(c.Wait(context.Background()))
	if !ok || ce.Kind != connector.Permanent {
		t.Errorf("refused stream = %v", ce)
	}
}

func TestStreamCancelAndRevokedToken(t *testing.T) {
	c, d := streamingSetup(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Wait(ctx) }()
	time.Sleep(100 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled Wait = %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Wait ignored cancellation")
	}
	d.mu.Lock()
	d.token = "rotated"
	d.mu.Unlock()
	err := c.Wait(context.Background())
	ce, ok := connector.Classify(err)
	if !ok || ce.Kind != connector.AuthNeeded {
		t.Errorf("revoked token: %v", err)
	}
	if strings.Contains(err.Error(), "tok-1") {
		t.Errorf("the token leaked into an error: %v", err)
	}
}
