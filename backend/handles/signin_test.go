package handles

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/engine"
	"careinbox/backend/inbox"
	"careinbox/backend/secrets"
	"careinbox/backend/store"
)

// fakeNet is a network whose sign-in yields consent (or fails with
// beginErr / completeErr) and whose Verify accepts the token "good".
type fakeNet struct {
	consent     connector.Consent
	beginErr    error
	completeErr error
	noAuth      bool // the connector has no Authorizer
}

type fakeConn struct {
	net *fakeNet
	cfg connector.Config
}

func (c *fakeConn) Network() inbox.Network { return inbox.NetworkMastodon }
func (c *fakeConn) Streams() []string      { return []string{"all"} }
func (c *fakeConn) Fetch(context.Context, string, string) (connector.Page, error) {
	return connector.Page{}, nil
}
func (c *fakeConn) PollInterval() time.Duration { return time.Hour }
func (c *fakeConn) Verify(context.Context) (connector.Account, error) {
	if c.cfg.Secrets["token"] != "good" {
		return connector.Account{}, connector.Errorf(connector.AuthNeeded, nil, "the token was refused")
	}
	return connector.Account{RemoteID: "42", Username: "askbrand", DisplayName: "Ask Brand"}, nil
}

type fakeAuthConn struct{ fakeConn }

func (c *fakeAuthConn) Begin(context.Context) (connector.Authorization, error) {
	if c.net.beginErr != nil {
		return nil, c.net.beginErr
	}
	return &fakeAuth{net: c.net}, nil
}

type fakeAuth struct {
	net    *fakeNet
	closed bool
}

func (a *fakeAuth) URL() string { return "https://consent.example/authorize" }
func (a *fakeAuth) Complete(context.Context) (connector.Consent, error) {
	return a.net.consent, a.net.completeErr
}
func (a *fakeAuth) Close() error { a.closed = true; return nil }

func (n *fakeNet) factory(cfg connector.Config) (connector.Connector, error) {
	if !cfg.Authorizing && cfg.Secrets["token"] == "" {
		return nil, connector.Errorf(connector.AuthNeeded, nil, "sign in first")
	}
	if n.noAuth {
		return &fakeConn{net: n, cfg: cfg}, nil
	}
	return &fakeAuthConn{fakeConn{net: n, cfg: cfg}}, nil
}

func newFakeService(t *testing.T, n *fakeNet, open func(string) error) (*Service, *store.Store, *secrets.Memory, int64) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	client, err := st.CreateClient(ctx, inbox.Client{Name: "Lumen Yoga"})
	if err != nil {
		t.Fatal(err)
	}
	sec := secrets.NewMemory()
	s := New(Config{Store: st, Secrets: sec, OpenBrowser: open,
		Registry: connector.Registry{inbox.NetworkMastodon: n.factory},
		Specs:    []connector.Spec{{Network: inbox.NetworkMastodon, Name: "Fake"}}})
	return s, st, sec, client.ID
}

func grant(token string) connector.Grant {
	return connector.Grant{Settings: map[string]string{"instance": "https://fake.example"}, Secrets: map[string]string{"token": token},
		AccountID: "42", Name: "Ask Brand"}
}

func TestSignIn(t *testing.T) {
	browserOK := func(string) error { return nil }
	tests := []struct {
		name     string
		net      fakeNet
		network  inbox.Network
		noBrowse bool
		browser  func(string) error
		handle   bool   // a handle is connected at once
		choices  int    // or this many choices are offered
		refusal  string // or the sign-in is refused with these words
	}{
		{name: "one grant connects", net: fakeNet{consent: connector.Consent{Grants: []connector.Grant{grant("good")}}}, handle: true},
		{name: "a choice is offered", net: fakeNet{consent: connector.Consent{Provider: "Fake", Choose: true,
			Grants: []connector.Grant{grant("good"), grant("good")}}}, choices: 2},
		{name: "several grants are a choice", net: fakeNet{consent: connector.Consent{Grants: []connector.Grant{grant("good"), grant("good")}}}, choices: 2},
		{name: "a refused token is not saved", net: fakeNet{consent: connector.Consent{Grants: []connector.Grant{grant("bad")}}}, refusal: "the token was refused"},
		{name: "no grant", net: fakeNet{}, refusal: "no account to connect"},
		{name: "unknown network", network: inbox.NetworkTelegram, refusal: "cannot connect telegram"},
		{name: "no browser sign-in", net: fakeNet{noAuth: true}, refusal: "Fake has no sign-in in the browser"},
		{name: "no browser", net: fakeNet{}, noBrowse: true, refusal: "browser cannot be opened"},
		{name: "the browser fails", net: fakeNet{}, browser: func(string) error { return errors.New("no display") }, refusal: "could not open the browser"},
		{name: "begin refused", net: fakeNet{beginErr: connector.Errorf(connector.Permanent, nil, "enter the instance")}, refusal: "enter the instance"},
		{name: "consent refused", net: fakeNet{completeErr: connector.Errorf(connector.AuthNeeded, errors.New("access_denied"), "the sign-in was not approved")},
			refusal: "the sign-in was not approved"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			open := browserOK
			if tt.browser != nil {
				open = tt.browser
			}
			if tt.noBrowse {
				open = nil
			}
			s, st, sec, clientID := newFakeService(t, &tt.net, open)
			network := tt.network
			if network == "" {
				network = inbox.NetworkMastodon
			}
			res, err := s.SignIn(ctx, SignInRequest{ClientID: clientID, Network: network, Settings: map[string]string{"instance": "fake.example"}})
			if tt.refusal != "" {
				var r *Refusal
				if !errors.As(err, &r) || !strings.Contains(r.Message, tt.refusal) {
					t.Fatalf("err = %v, want a refusal saying %q", err, tt.refusal)
				}
				if sec.Len() != 0 {
					t.Error("a refused sign-in saved credentials")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Handle != nil; got != tt.handle || len(res.Choices) != tt.choices {
				t.Fatalf("result = %+v, want handle %v and %d choices", res, tt.handle, tt.choices)
			}
			if tt.handle {
				if res.Handle.DisplayName != "Ask Brand" || res.Handle.RemoteAccountID != "42" {
					t.Errorf("handle = %+v", res.Handle)
				}
				if v, err := sec.Get(ctx, engine.SecretKey(res.Handle.ID)); err != nil || !strings.Contains(v, "good") {
					t.Errorf("keychain entry = %q, %v", v, err)
				}
				if got, _ := st.HandleSettings(ctx, res.Handle.ID); got["instance"] != "https://fake.example" {
					t.Errorf("settings = %v", got)
				}
			} else if sec.Len() != 0 {
				t.Error("offering choices saved credentials")
			}
		})
	}
}

func TestChooseSignIn(t *testing.T) {
	ctx := context.Background()
	unusable := grant("good")
	unusable.Unusable = "this one is not linked"
	n := &fakeNet{consent: connector.Consent{Provider: "Fake", Choose: true, Grants: []connector.Grant{grant("good"), unusable, grant("bad")}}}
	s, _, sec, clientID := newFakeService(t, n, func(string) error { return nil })
	res, err := s.SignIn(ctx, SignInRequest{ClientID: clientID, Network: inbox.NetworkMastodon})
	if err != nil || len(res.Choices) != 3 {
		t.Fatalf("sign-in = %+v, %v", res, err)
	}
	good, bad := res.Choices[0].ID, res.Choices[2].ID
	tests := []struct {
		name, choice string
		network      inbox.Network
		refusal      string // "" = connects
	}{
		{"unknown", "made-up", inbox.NetworkMastodon, "expired"},
		{"another network", good, inbox.NetworkX, "offered for a mastodon handle"},
		{"unusable", res.Choices[1].ID, inbox.NetworkMastodon, "not linked"},
		{"refused by the network", bad, inbox.NetworkMastodon, "the token was refused"},
		{"connects", good, inbox.NetworkMastodon, ""},
		{"used once", good, inbox.NetworkMastodon, "sign in with Fake again"},
	}
	for _, tt := range tests {
		h, err := s.ChooseSignIn(ctx, clientID, tt.network, tt.choice)
		if tt.refusal == "" {
			if err != nil || h.ID == 0 {
				t.Errorf("%s: %+v, %v", tt.name, h, err)
			}
			continue
		}
		var r *Refusal
		if !errors.As(err, &r) || !strings.Contains(r.Message, tt.refusal) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.refusal)
		}
	}
	if sec.Len() != 1 {
		t.Errorf("%d keychain entries, want the one connected", sec.Len())
	}
}
