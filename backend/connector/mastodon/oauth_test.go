package mastodon

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
)

func TestAuthorizer(t *testing.T) {
	d := newDouble(t)
	d.token = "" // nothing works before the sign-in
	ctx := context.Background()
	c, err := New(connector.Config{Settings: map[string]string{"instance": d.srv.URL + "/"}, HTTP: d.srv.Client(), Authorizing: true})
	if err != nil {
		t.Fatal(err)
	}
	var az connector.Authorizer = c
	auth, err := az.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer auth.Close()
	if !strings.Contains(auth.URL(), "code_challenge_method=S256") {
		t.Errorf("consent page = %s", auth.URL())
	}
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Get(auth.URL()) // the browser follows the redirect
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	consent, err := auth.Complete(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if consent.Choose || len(consent.Grants) != 1 || consent.Provider != "Mastodon" {
		t.Fatalf("consent = %+v", consent)
	}
	g := consent.Grants[0]
	if g.Settings["instance"] != d.srv.URL || g.Secrets["access_token"] != d.token || g.Secrets["client_id"] == "" || g.Secrets["client_secret"] == "" {
		t.Errorf("grant = %+v", g)
	}
	v, err := New(connector.Config{Settings: g.Settings, Secrets: g.Secrets, HTTP: d.srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	if a, err := v.Verify(ctx); err != nil || a.RemoteID != "1" {
		t.Errorf("the grant's account = %+v, %v", a, err)
	}
}

func TestAuthorizerRefusals(t *testing.T) {
	c, err := New(connector.Config{Settings: map[string]string{"instance": " "}, Authorizing: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Begin(context.Background())
	if ce, ok := connector.Classify(err); !ok || ce.Kind != connector.Permanent || !strings.Contains(ce.Message, "address of your Mastodon server") {
		t.Errorf("no instance: %v", err)
	}
	if _, err := New(connector.Config{Settings: map[string]string{"instance": "mastodon.social"}}); err == nil {
		t.Error("a connector without a token was built")
	}
}
