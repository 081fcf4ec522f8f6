package app

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/handles"
	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

// signInConn is a network whose browser sign-in grants consent and whose
// Verify accepts any token; the app's tests need no real network.
type signInConn struct{ consent connector.Consent }

func (c *signInConn) Network() inbox.Network { return inbox.NetworkMastodon }
func (c *signInConn) Streams() []string      { return []string{"all"} }
func (c *signInConn) Fetch(context.Context, string, string) (connector.Page, error) {
	return connector.Page{}, nil
}
func (c *signInConn) PollInterval() time.Duration { return time.Hour }
func (c *signInConn) Verify(context.Context) (connector.Account, error) {
	return connector.Account{RemoteID: "42", Username: "askbrand", DisplayName: "Ask Brand"}, nil
}
func (c *signInConn) Begin(context.Context) (connector.Authorization, error) { return c, nil }
func (c *signInConn) URL() string                                            { return "https://consent.example/" }
func (c *signInConn) Complete(context.Context) (connector.Consent, error)    { return c.consent, nil }
func (c *signInConn) Close() error                                           { return nil }

func newSignInApp(t *testing.T, consent connector.Consent) (*App, *Browser, int64) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	client, err := st.CreateClient(ctx, inbox.Client{Name: "Lumen Yoga"})
	if err != nil {
		t.Fatal(err)
	}
	browser := NewBrowser()
	svc := handles.New(handles.Config{Store: st, OpenBrowser: browser.Open,
		Registry: connector.Registry{inbox.NetworkMastodon: func(connector.Config) (connector.Connector, error) {
			return &signInConn{consent: consent}, nil
		}},
		Specs: []connector.Spec{{Network: inbox.NetworkMastodon, Name: "Mastodon"}}})
	a := New(Config{Store: st, Logger: slog.New(slog.DiscardHandler), Handles: svc, Browser: browser})
	return a, browser, client.ID
}

func apiCode(err error) string {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Code
	}
	return ""
}

func TestSignInTranslatesResults(t *testing.T) {
	token := map[string]string{"access_token": "secret-token"}
	one := connector.Consent{Grants: []connector.Grant{{Settings: map[string]string{"instance": "https://m.example"}, Secrets: token}}}
	pick := connector.Consent{Provider: "Facebook", Choose: true, Grants: []connector.Grant{
		{Secrets: token, AccountID: "1122", Name: "Lumen Yoga", Detail: "page 1122", Expires: time.Unix(1_900_000_000, 0)},
		{Secrets: token, AccountID: "5566", Name: "Lumen Outlet", Unusable: "no Instagram"},
	}}

	a, browser, clientID := newSignInApp(t, one)
	// Before the window starts, the browser cannot be opened: the sign-in says so.
	if _, err := a.Handles.SignIn(clientID, "mastodon", nil); apiCode(err) != CodeInvalid || !strings.Contains(err.Error(), "browser") {
		t.Errorf("sign-in before the window started: %v", err)
	}
	var opened string
	browser.start(func(u string) { opened = u })
	res, err := a.Handles.SignIn(clientID, "mastodon", nil)
	if err != nil || res.Handle == nil || res.Handle.DisplayName != "Ask Brand" || res.Handle.Network != "mastodon" || len(res.Choices) != 0 {
		t.Fatalf("SignIn = %+v, %v", res, err)
	}
	if opened != "https://consent.example/" {
		t.Errorf("the browser opened %q", opened)
	}

	a, browser, clientID = newSignInApp(t, pick)
	browser.start(func(string) {})
	res, err = a.Handles.SignIn(clientID, "mastodon", nil)
	if err != nil || res.Handle != nil || len(res.Choices) != 2 {
		t.Fatalf("SignIn = %+v, %v", res, err)
	}
	want := SignInChoiceDTO{ChoiceID: res.Choices[0].ChoiceID, AccountID: "1122", Name: "Lumen Yoga", Detail: "page 1122", ExpiresAt: 1_900_000_000}
	if res.Choices[0] != want || res.Choices[0].ChoiceID == "" || res.Choices[1].Unusable != "no Instagram" || res.Choices[1].ExpiresAt != 0 {
		t.Errorf("choices = %+v", res.Choices)
	}
	if b, _ := json.Marshal(res); strings.Contains(string(b), "secret-token") {
		t.Errorf("the front end would see a token: %s", b)
	}
	if _, err := a.Handles.ChooseSignIn(clientID, "mastodon", res.Choices[1].ChoiceID); apiCode(err) != CodeInvalid {
		t.Errorf("an unusable choice: %v", err)
	}
	h, err := a.Handles.ChooseSignIn(clientID, "mastodon", res.Choices[0].ChoiceID)
	if err != nil || h.DisplayName != "Ask Brand" || h.ClientID != clientID {
		t.Errorf("ChooseSignIn = %+v, %v", h, err)
	}
}

func TestHandlesErrorsKeepTheirCodes(t *testing.T) {
	a, _, _ := newSignInApp(t, connector.Consent{})
	demo, _ := newTestApp(t)
	_, unknown := a.Handles.UpdateCredentials(999, map[string]string{"access_token": "x"})
	_, demoAdd := demo.Handles.AddHandle(NewHandleDTO{Network: "telegram"})
	_, demoSignIn := demo.Handles.SignIn(1, "mastodon", nil)
	tests := []struct {
		name string
		err  error
		code string
		says string
	}{
		{"unknown handle", unknown, CodeNotFound, ""},
		{"no engine", a.Handles.SyncNow(1), CodeInvalid, "syncing is not running"},
		{"demo add", demoAdd, CodeInvalid, "demo"},
		{"demo sign-in", demoSignIn, CodeInvalid, "demo"},
	}
	for _, tt := range tests {
		if apiCode(tt.err) != tt.code || !strings.Contains(tt.err.Error(), tt.says) {
			t.Errorf("%s: %v, want code %s saying %q", tt.name, tt.err, tt.code, tt.says)
		}
	}
}
