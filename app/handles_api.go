package app

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/mastodon"
	"careinbox/backend/connector/x"
	"careinbox/backend/engine"
	"careinbox/backend/inbox"
	"careinbox/backend/secrets"
	"careinbox/backend/store"
)

// HandlesAPI is bound to the front end: connecting, testing and removing care handles.
type HandlesAPI struct {
	ctx      func() context.Context
	store    *store.Store
	secrets  secrets.Store
	registry connector.Registry
	specs    []connector.Spec
	engine   *engine.Engine // nil in headless commands
	demo     bool
	openURL  func(string) // the system browser; set at startup
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

// Networks lists how to connect each network the app can sync.
func (a *HandlesAPI) Networks() ([]connector.Spec, error) { return a.specs, nil }

func (a *HandlesAPI) spec(n inbox.Network) (connector.Spec, bool) {
	for _, s := range a.specs {
		if s.Network == n {
			return s, true
		}
	}
	return connector.Spec{}, false
}

// TestConnection signs in with the given settings without saving anything.
func (a *HandlesAPI) TestConnection(network string, settings, creds map[string]string) (ConnectionResultDTO, error) {
	ctx, cancel := context.WithTimeout(a.ctx(), 30*time.Second)
	defer cancel()
	return a.verify(ctx, inbox.Network(network), settings, creds)
}

func (a *HandlesAPI) verify(ctx context.Context, network inbox.Network, settings, creds map[string]string) (ConnectionResultDTO, error) {
	spec, ok := a.spec(network)
	factory := a.registry[network]
	if !ok || factory == nil {
		return ConnectionResultDTO{}, invalid(fmt.Sprintf("Care Inbox cannot connect %s handles yet", network))
	}
	for _, f := range spec.Fields {
		src := settings
		if f.Secret {
			src = creds
		}
		if !f.Optional && strings.TrimSpace(src[f.Key]) == "" {
			return ConnectionResultDTO{Message: f.Label + " is required"}, nil
		}
	}
	c, err := factory(connector.Config{Settings: settings, Secrets: creds, Now: time.Now})
	if err != nil {
		return ConnectionResultDTO{Message: "The settings are incomplete: " + err.Error()}, nil
	}
	v, ok := c.(connector.Verifier)
	if !ok {
		return ConnectionResultDTO{OK: true, Message: "Saved; the first sync will check the connection."}, nil
	}
	acct, err := v.Verify(ctx)
	if err != nil {
		msg := err.Error()
		if ce, ok := connector.Classify(err); ok {
			msg = ce.Message
		}
		return ConnectionResultDTO{Message: msg}, nil
	}
	name := acct.DisplayName
	if name == "" {
		name = acct.Username
	}
	return ConnectionResultDTO{OK: true, Message: "Connected as " + name, AccountID: acct.RemoteID,
		Username: acct.Username, DisplayName: acct.DisplayName, Notes: acct.Notes}, nil
}

// AddHandle verifies the credentials, saves them to the keychain (only
// there) and starts syncing. Nothing is saved when either step fails.
func (a *HandlesAPI) AddHandle(in NewHandleDTO) (HandleDTO, error) {
	if a.demo {
		return HandleDTO{}, errDemo
	}
	ctx := a.ctx()
	vctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	res, err := a.verify(vctx, inbox.Network(in.Network), in.Settings, in.Secrets)
	cancel()
	if err != nil {
		return HandleDTO{}, err
	}
	if !res.OK {
		return HandleDTO{}, invalid(res.Message)
	}
	if err := secrets.Probe(ctx, a.secrets); err != nil {
		return HandleDTO{}, toAPIError(err)
	}
	display := strings.TrimSpace(in.DisplayName)
	if display == "" {
		display = res.DisplayName
	}
	if display == "" {
		display = res.Username
	}
	account := res.AccountID
	if account == "" {
		account = res.Username
	}
	h, err := a.store.CreateHandle(ctx, inbox.Handle{ClientID: in.ClientID, Network: inbox.Network(in.Network),
		RemoteAccountID: account, DisplayName: display, Username: res.Username})
	if err != nil {
		return HandleDTO{}, toAPIError(err)
	}
	undo := func(cause error) (HandleDTO, error) {
		_ = a.store.DeleteHandle(ctx, h.ID)
		return HandleDTO{}, toAPIError(cause)
	}
	if err := a.store.SetHandleSettings(ctx, h.ID, in.Settings); err != nil {
		return undo(err)
	}
	if err := engine.SaveSecrets(ctx, a.secrets, h.ID, in.Secrets); err != nil {
		return undo(err)
	}
	if a.engine != nil {
		a.engine.Wake()
	}
	return HandleDTO{ID: h.ID, ClientID: h.ClientID, Network: string(h.Network), DisplayName: h.DisplayName,
		Username: h.Username, SyncState: string(h.SyncState)}, nil
}

var errDemo = invalid("This is the demo workspace with sample data: connect your real handles in Care Inbox started without --demo.")

// SignInMastodon registers Care Inbox on the instance, opens the system
// browser on its consent page (OAuth 2.0 with PKCE, answered on a loopback
// address), then connects the handle. The tokens go to the keychain only;
// the front end never sees them.
func (a *HandlesAPI) SignInMastodon(clientID int64, instance string) (HandleDTO, error) {
	if a.demo {
		return HandleDTO{}, errDemo
	}
	if a.openURL == nil {
		return HandleDTO{}, invalid("the system browser cannot be opened from here")
	}
	ctx, cancel := context.WithTimeout(a.ctx(), 10*time.Minute)
	defer cancel()
	creds, err := mastodon.Authorize(ctx, mastodon.SignIn{Instance: instance, AppName: "Care Inbox",
		OpenBrowser: func(u string) error { a.openURL(u); return nil }})
	if err != nil {
		if ce, ok := connector.Classify(err); ok {
			return HandleDTO{}, invalid(ce.Message)
		}
		return HandleDTO{}, toAPIError(err)
	}
	return a.AddHandle(NewHandleDTO{ClientID: clientID, Network: string(inbox.NetworkMastodon),
		Settings: map[string]string{"instance": creds.Instance},
		Secrets:  map[string]string{"client_id": creds.ClientID, "client_secret": creds.ClientSecret, "access_token": creds.AccessToken}})
}

// SignInX runs X's OAuth 2.0 sign-in (PKCE, loopback redirect) with the
// user's own X app client id, then connects the handle. settings are the
// form's (client_id, callback_port, poll_minutes).
func (a *HandlesAPI) SignInX(clientID int64, settings map[string]string) (HandleDTO, error) {
	xClientID := settings["client_id"]
	port, _ := strconv.Atoi(strings.TrimSpace(settings["callback_port"]))
	if a.demo {
		return HandleDTO{}, errDemo
	}
	if a.openURL == nil {
		return HandleDTO{}, invalid("the system browser cannot be opened from here")
	}
	if strings.TrimSpace(xClientID) == "" {
		return HandleDTO{}, invalid("enter your X app's client id (developer.x.com → your app → Keys and tokens → OAuth 2.0 Client ID)")
	}
	ctx, cancel := context.WithTimeout(a.ctx(), 10*time.Minute)
	defer cancel()
	creds, err := x.Authorize(ctx, x.SignIn{ClientID: strings.TrimSpace(xClientID), Port: port,
		OpenBrowser: func(u string) error { a.openURL(u); return nil }})
	if err != nil {
		if ce, ok := connector.Classify(err); ok {
			return HandleDTO{}, invalid(ce.Message)
		}
		return HandleDTO{}, toAPIError(err)
	}
	return a.AddHandle(NewHandleDTO{ClientID: clientID, Network: string(inbox.NetworkX),
		Settings: settings, Secrets: creds.Secrets()})
}

// UpdateCredentials replaces a handle's saved sign-in (after "sign-in needed").
func (a *HandlesAPI) UpdateCredentials(handleID int64, creds map[string]string) error {
	ctx := a.ctx()
	if err := engine.SaveSecrets(ctx, a.secrets, handleID, creds); err != nil {
		return toAPIError(err)
	}
	if a.engine != nil {
		a.engine.Forget(handleID)
		return toAPIError(a.engine.SyncNow(ctx, handleID))
	}
	return nil
}

// RemoveHandle deletes a handle, everything synced from it, and its keychain entry.
func (a *HandlesAPI) RemoveHandle(handleID int64) error {
	ctx := a.ctx()
	if err := a.secrets.Delete(ctx, engine.SecretKey(handleID)); err != nil && !errors.Is(err, secrets.ErrNotFound) {
		return toAPIError(err)
	}
	if a.engine != nil {
		a.engine.Forget(handleID)
	}
	return toAPIError(a.store.DeleteHandle(ctx, handleID))
}

// SyncNow syncs a handle right away.
func (a *HandlesAPI) SyncNow(handleID int64) error {
	if a.engine == nil {
		return invalid("syncing is not running")
	}
	return toAPIError(a.engine.SyncNow(a.ctx(), handleID))
}
