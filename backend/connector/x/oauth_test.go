package x

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
)

// follow is the "system browser": it follows the consent page's redirect
// to the loopback callback.
func follow(t *testing.T, u string) {
	t.Helper()
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Get(u)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/callback" {
		t.Errorf("browser ended at %s", resp.Request.URL)
	}
}

func TestAuthorizer(t *testing.T) {
	d := newDouble(t)
	ctx := context.Background()
	form := map[string]string{"client_id": " " + d.clientID + " ", "poll_minutes": "15",
		"auth_url": d.srv.URL + "/oauth2/authorize", "token_url": d.srv.URL + "/2/oauth2/token"}
	c, err := New(connector.Config{Settings: form, HTTP: d.srv.Client(), Authorizing: true})
	if err != nil {
		t.Fatal(err)
	}
	var az connector.Authorizer = c
	auth, err := az.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer auth.Close()
	if u := auth.URL(); !strings.Contains(u, "code_challenge_method=S256") || !strings.Contains(u, "client_id="+d.clientID+"&") {
		t.Errorf("consent page = %s", u)
	}
	follow(t, auth.URL())
	consent, err := auth.Complete(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if consent.Choose || len(consent.Grants) != 1 || consent.Provider != "X" {
		t.Fatalf("consent = %+v", consent)
	}
	g := consent.Grants[0]
	if !d.access[g.Secrets["access_token"]] || !d.refresh[g.Secrets["refresh_token"]] || g.Settings["poll_minutes"] != "15" {
		t.Errorf("grant = %+v", g)
	}
	// The grant connects: the usual connector is built from it.
	if _, err := New(connector.Config{Settings: g.Settings, Secrets: g.Secrets, HTTP: d.srv.Client()}); err != nil {
		t.Errorf("the grant does not build a connector: %v", err)
	}
}

func TestAuthorizerRefusals(t *testing.T) {
	c, err := New(connector.Config{Settings: map[string]string{}, Authorizing: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Begin(context.Background())
	if ce, ok := connector.Classify(err); !ok || ce.Kind != connector.Permanent || !strings.Contains(ce.Message, "client id") {
		t.Errorf("no client id: %v", err)
	}
	// Without Authorizing, a connector still needs its tokens.
	if _, err := New(connector.Config{Settings: map[string]string{"client_id": "abc"}}); err == nil {
		t.Error("a connector without tokens was built")
	}
}
