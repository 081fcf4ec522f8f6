package handles

import (
	"context"
	"crypto/rand"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// signInTimeout bounds one browser sign-in: the user may take a while to
// find their password, but a forgotten browser tab must not hold the
// loopback port forever.
const signInTimeout = 10 * time.Minute

// choiceTTL is how long the accounts of one sign-in wait to be picked.
const choiceTTL = 10 * time.Minute

// SignInRequest is one "Sign in with …" from the add-handle form.
type SignInRequest struct {
	ClientID int64
	Network  inbox.Network
	// Settings are the form's non-secret fields (instance, client id, app
	// id, callback port …); the connector reads what its sign-in needs.
	Settings map[string]string
}

// SignInResult is a connected handle, or the accounts the user picks from
// (ChooseSignIn): exactly one of the two is set.
type SignInResult struct {
	Handle  *inbox.Handle
	Choices []Choice
}

// Choice is one account a sign-in may connect. It never carries a
// credential: ID names the credentials kept in the service.
type Choice struct {
	ID        string
	AccountID string
	Name      string
	Detail    string
	// Unusable, when set, says why this account cannot be connected.
	Unusable string
	// Expires is when the sign-in's credentials stop working (zero = unknown).
	Expires time.Time
}

type choice struct {
	network  inbox.Network
	provider string
	grant    *connector.Grant // nil once used: the id is kept only to say so
	until    time.Time        // forgotten after this
}

// SignIn runs the network's browser sign-in (connector.Authorizer): it
// opens the consent page in the system browser, waits for the redirect,
// then connects the account through Add (verify, keychain only) — or, when
// the sign-in manages several accounts (Facebook pages), returns them to
// pick from with ChooseSignIn. Credentials never leave the service.
func (s *Service) SignIn(ctx context.Context, req SignInRequest) (SignInResult, error) {
	if s.cfg.Demo {
		return SignInResult{}, ErrDemo
	}
	factory := s.cfg.Registry[req.Network]
	if factory == nil {
		return SignInResult{}, refuse("Care Inbox cannot connect %s handles yet", req.Network)
	}
	cfg := s.connectorConfig(req.Settings, nil)
	cfg.Authorizing = true
	c, err := factory(cfg)
	if err != nil {
		return SignInResult{}, signInError(err)
	}
	az, ok := c.(connector.Authorizer)
	if !ok {
		name := string(req.Network)
		if sp, ok := s.spec(req.Network); ok {
			name = sp.Name
		}
		return SignInResult{}, refuse("%s has no sign-in in the browser: fill in the form and connect", name)
	}
	if s.cfg.OpenBrowser == nil {
		return SignInResult{}, refuse("the system browser cannot be opened from here")
	}
	ctx, cancel := context.WithTimeout(ctx, signInTimeout)
	defer cancel()
	auth, err := az.Begin(ctx)
	if err != nil {
		return SignInResult{}, signInError(err)
	}
	defer auth.Close()
	if err := s.cfg.OpenBrowser(auth.URL()); err != nil {
		return SignInResult{}, refuse("could not open the browser for the sign-in: %v", err)
	}
	consent, err := auth.Complete(ctx)
	if err != nil {
		return SignInResult{}, signInError(err)
	}
	if len(consent.Grants) == 0 {
		return SignInResult{}, refuse("the sign-in gave Care Inbox no account to connect; sign in again")
	}
	if !consent.Choose && len(consent.Grants) == 1 {
		g := consent.Grants[0]
		h, err := s.Add(ctx, NewHandle{ClientID: req.ClientID, Network: req.Network, Settings: g.Settings, Secrets: g.Secrets})
		if err != nil {
			return SignInResult{}, err
		}
		return SignInResult{Handle: &h}, nil
	}
	return SignInResult{Choices: s.offer(req.Network, consent)}, nil
}

// signInError turns a classified sign-in failure into a Refusal in its own
// words; anything else (a cancelled context) goes up as it is.
func signInError(err error) error {
	if ce, ok := connector.Classify(err); ok {
		return &Refusal{Message: ce.Message}
	}
	return err
}

// offer keeps the grants until one is picked and returns their choices.
func (s *Service) offer(network inbox.Network, consent connector.Consent) []Choice {
	now := s.cfg.Now()
	provider := consent.Provider
	if provider == "" {
		provider = string(network)
	}
	out := make([]Choice, 0, len(consent.Grants))
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pruneLocked(now)
	for i := range consent.Grants {
		g := consent.Grants[i]
		id := rand.Text()
		s.choices[id] = &choice{network: network, provider: provider, grant: &g, until: now.Add(choiceTTL)}
		out = append(out, Choice{ID: id, AccountID: g.AccountID, Name: g.Name, Detail: g.Detail,
			Unusable: g.Unusable, Expires: g.Expires})
	}
	return out
}

func (s *Service) pruneLocked(now time.Time) {
	for id, c := range s.choices {
		if !now.Before(c.until) {
			delete(s.choices, id)
		}
	}
}

// ChooseSignIn connects the account the user picked after SignIn, through
// Add (verify, then the credentials to the keychain only). A choice is
// used once and forgotten after choiceTTL.
func (s *Service) ChooseSignIn(ctx context.Context, clientID int64, network inbox.Network, choiceID string) (inbox.Handle, error) {
	if s.cfg.Demo {
		return inbox.Handle{}, ErrDemo
	}
	s.mu.Lock()
	s.pruneLocked(s.cfg.Now())
	c, ok := s.choices[choiceID]
	var g connector.Grant
	if ok && c.grant != nil {
		g = *c.grant
	}
	s.mu.Unlock()
	switch {
	case !ok:
		return inbox.Handle{}, refuse("this sign-in has expired (accounts wait 10 minutes to be picked); sign in again")
	case c.grant == nil:
		return inbox.Handle{}, refuse("this %[1]s sign-in was used or has expired (accounts wait 10 minutes to be picked); sign in with %[1]s again", c.provider)
	case c.network != network:
		return inbox.Handle{}, refuse("this account was offered for a %s handle; sign in again for %s", c.network, network)
	case g.Unusable != "":
		return inbox.Handle{}, &Refusal{Message: g.Unusable}
	}
	h, err := s.Add(ctx, NewHandle{ClientID: clientID, Network: network, Settings: g.Settings, Secrets: g.Secrets})
	if err != nil {
		return inbox.Handle{}, err
	}
	s.mu.Lock()
	if c, ok := s.choices[choiceID]; ok {
		c.grant = nil // the credentials go; the id stays to say it was used
	}
	s.mu.Unlock()
	return h, nil
}
