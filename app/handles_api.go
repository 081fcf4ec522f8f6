package app

import (
	"context"
	"errors"
	"sync"

	"careinbox/backend/connector"
	"careinbox/backend/handles"
	"careinbox/backend/inbox"
)

// HandlesAPI is bound to the front end: connecting, testing and removing
// care handles. Each method translates DTOs and calls one method of the
// handles service, which knows every network through the connectors it is
// given.
type HandlesAPI struct {
	ctx func() context.Context
	svc *handles.Service
	// discover finds e-mail servers from an address; nil: the real lookups.
	discover mailDiscoverer
}

// ConnectionResultDTO is the outcome of "Test connection", in plain words.
type ConnectionResultDTO struct {
	OK          bool     `json:"ok"`
	Message     string   `json:"message"`
	AccountID   string   `json:"accountId"`
	Username    string   `json:"username"`
	DisplayName string   `json:"displayName"`
	Notes       []string `json:"notes"`
}

// NewHandleDTO is the add-handle form.
type NewHandleDTO struct {
	ClientID    int64             `json:"clientId"`
	Network     string            `json:"network"`
	DisplayName string            `json:"displayName"`
	Settings    map[string]string `json:"settings"`
	Secrets     map[string]string `json:"secrets"`
}

// SignInResultDTO is what "Sign in with …" yields: the connected handle,
// or the accounts to pick from with ChooseSignIn (the pages of a Facebook
// Login). Exactly one of the two is set.
type SignInResultDTO struct {
	Handle  *HandleDTO        `json:"handle"`
	Choices []SignInChoiceDTO `json:"choices"`
}

// SignInChoiceDTO is one account a sign-in may connect. It never carries a
// token: ChoiceID names the credentials kept in the back end.
type SignInChoiceDTO struct {
	ChoiceID  string `json:"choiceId"`
	AccountID string `json:"accountId"`
	Name      string `json:"name"`
	// Detail says which account it is ("page 1122…", "Instagram account …").
	Detail string `json:"detail"`
	// Unusable, when set, says why this account cannot be picked.
	Unusable string `json:"unusable"`
	// ExpiresAt is when the sign-in's token stops working (unix seconds,
	// 0 = unknown): a Facebook Login without an app secret lasts about 1–2 hours.
	ExpiresAt int64 `json:"expiresAt"`
}

// Networks lists how to connect each network the app can sync.
func (a *HandlesAPI) Networks() ([]connector.Spec, error) { return a.svc.Networks(), nil }

// TestConnection signs in with the given settings without saving anything.
func (a *HandlesAPI) TestConnection(network string, settings, creds map[string]string) (ConnectionResultDTO, error) {
	res, err := a.svc.TestConnection(a.ctx(), inbox.Network(network), settings, creds)
	return checkDTO(res), handlesError(err)
}

// AddHandle verifies the credentials, saves them to the keychain (only
// there) and starts syncing. Nothing is saved when either step fails.
func (a *HandlesAPI) AddHandle(in NewHandleDTO) (HandleDTO, error) {
	h, err := a.svc.Add(a.ctx(), handles.NewHandle{ClientID: in.ClientID, Network: inbox.Network(in.Network),
		DisplayName: in.DisplayName, Settings: in.Settings, Secrets: in.Secrets})
	if err != nil {
		return HandleDTO{}, handlesError(err)
	}
	return handleDTO(h), nil
}

// SignIn runs the network's sign-in in the system browser with the form's
// settings, then connects the handle — or returns the accounts the sign-in
// manages, to pick one with ChooseSignIn. Tokens go to the keychain only;
// the front end never sees them.
func (a *HandlesAPI) SignIn(clientID int64, network string, settings map[string]string) (SignInResultDTO, error) {
	res, err := a.svc.SignIn(a.ctx(), handles.SignInRequest{ClientID: clientID, Network: inbox.Network(network), Settings: settings})
	if err != nil {
		return SignInResultDTO{}, handlesError(err)
	}
	out := SignInResultDTO{Choices: make([]SignInChoiceDTO, 0, len(res.Choices))}
	if res.Handle != nil {
		h := handleDTO(*res.Handle)
		out.Handle = &h
	}
	for _, c := range res.Choices {
		d := SignInChoiceDTO{ChoiceID: c.ID, AccountID: c.AccountID, Name: c.Name, Detail: c.Detail, Unusable: c.Unusable}
		if !c.Expires.IsZero() {
			d.ExpiresAt = c.Expires.Unix()
		}
		out.Choices = append(out.Choices, d)
	}
	return out, nil
}

// ChooseSignIn connects the account picked after SignIn.
func (a *HandlesAPI) ChooseSignIn(clientID int64, network string, choiceID string) (HandleDTO, error) {
	h, err := a.svc.ChooseSignIn(a.ctx(), clientID, inbox.Network(network), choiceID)
	if err != nil {
		return HandleDTO{}, handlesError(err)
	}
	return handleDTO(h), nil
}

// UpdateCredentials replaces a handle's saved sign-in (after "sign-in
// needed") without touching its history: the new credentials are checked
// against the network and saved only if accepted. The result says why not.
func (a *HandlesAPI) UpdateCredentials(handleID int64, creds map[string]string) (ConnectionResultDTO, error) {
	res, err := a.svc.UpdateCredentials(a.ctx(), handleID, creds)
	return checkDTO(res), handlesError(err)
}

// RemoveHandle deletes a handle, everything synced from it, and its keychain entry.
func (a *HandlesAPI) RemoveHandle(handleID int64) error {
	return handlesError(a.svc.Remove(a.ctx(), handleID))
}

// SyncNow syncs a handle right away.
func (a *HandlesAPI) SyncNow(handleID int64) error {
	return handlesError(a.svc.SyncNow(a.ctx(), handleID))
}

func checkDTO(c handles.Check) ConnectionResultDTO {
	return ConnectionResultDTO{OK: c.OK, Message: c.Message, AccountID: c.AccountID, Username: c.Username,
		DisplayName: c.DisplayName, Notes: c.Notes}
}

func handleDTO(h inbox.Handle) HandleDTO {
	return HandleDTO{ID: h.ID, ClientID: h.ClientID, Network: Network(h.Network), DisplayName: h.DisplayName,
		Username: h.Username, SyncState: SyncState(h.SyncState)}
}

// handlesError shows the service's refusals as invalid input, in its words.
func handlesError(err error) error {
	var r *handles.Refusal
	if errors.As(err, &r) {
		return invalid(r.Message)
	}
	return toAPIError(err)
}

// Browser opens addresses in the system browser once the window has
// started: Wails can only do so with the context of its own startup hook.
// The composition root gives Open to back-end services that need a browser
// (a sign-in) before the app exists; Startup connects it.
type Browser struct {
	mu   sync.RWMutex
	open func(string)
}

// NewBrowser returns a Browser that refuses until the app has started.
func NewBrowser() *Browser { return &Browser{} }

// Open shows url in the system browser.
func (b *Browser) Open(url string) error {
	b.mu.RLock()
	open := b.open
	b.mu.RUnlock()
	if open == nil {
		return errors.New("the system browser cannot be opened before the window has started")
	}
	open(url)
	return nil
}

func (b *Browser) start(open func(string)) {
	b.mu.Lock()
	b.open = open
	b.mu.Unlock()
}
