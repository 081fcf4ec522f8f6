package facebook

import (
	"context"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
)

func TestAuthorizerOffersPages(t *testing.T) {
	d := newLoginDouble(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	form := map[string]string{"login_app_id": " " + d.appID + " ", "callback_port": "0",
		"base": d.srv.URL + "/v21.0", "login_dialog": d.srv.URL + "/v21.0/dialog/oauth"}
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
	if err := browser(auth.URL()); err != nil {
		t.Fatal(err)
	}
	consent, err := auth.Complete(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !consent.Choose || consent.Provider != "Facebook" || len(consent.Grants) != 2 {
		t.Fatalf("consent = %+v", consent)
	}
	g := consent.Grants[0]
	want := map[string]string{"page_id": pageID, "login_app_id": d.appID, "base": d.srv.URL + "/v21.0"}
	if len(g.Settings) != len(want) || g.Settings["page_id"] != want["page_id"] || g.Settings["login_app_id"] != want["login_app_id"] || g.Settings["base"] != want["base"] {
		t.Errorf("settings = %v, want %v", g.Settings, want)
	}
	if g.Secrets["page_token"] != "EAAB-page-token" || g.AccountID != pageID || g.Name != "Brand" || g.Unusable != "" ||
		!strings.Contains(g.Detail, "Instagram account 17841400000000001") || g.Expires.IsZero() {
		t.Errorf("first grant = %+v", g)
	}
	if g := consent.Grants[1]; g.Detail != "page 5566778899" || g.Secrets["page_token"] != "EAAB-outlet-token" {
		t.Errorf("second grant = %+v", g)
	}
}

func TestAuthorizerRefusals(t *testing.T) {
	tests := []struct {
		name string
		form map[string]string
		says string
	}{
		{"no app id", map[string]string{}, "App ID"},
		{"a port out of range", map[string]string{"login_app_id": "1", "callback_port": "70000"}, "between 1 and 65535"},
	}
	for _, tt := range tests {
		c, err := New(connector.Config{Settings: tt.form, Authorizing: true})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Begin(context.Background())
		if ce, ok := connector.Classify(err); !ok || ce.Kind != connector.Permanent || !strings.Contains(ce.Message, tt.says) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	if _, err := New(connector.Config{Settings: map[string]string{"page_id": "1"}}); err == nil {
		t.Error("a connector without a page token was built")
	}
}
