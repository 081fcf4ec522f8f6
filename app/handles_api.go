package app

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/facebook"
	"careinbox/backend/connector/instagram"
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

	// Pages offered by a Facebook Login, with their page tokens, until the
	// user picks one (ConnectFacebookPage) or choiceTTL passes. The tokens
	// stay here: the front end only sees choice ids.
	fbMu      sync.Mutex
	fbChoices map[string]fbChoice
	// Test hooks: Facebook Login's dialog and Graph addresses and client.
	fbDialogURL, fbGraphURL string
	fbHTTP                  *http.Client
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
	return HandleDTO{ID: h.ID, ClientID: h.ClientID, Network: Network(h.Network), DisplayName: h.DisplayName,
		Username: h.Username, SyncState: SyncState(h.SyncState)}, nil
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

// PageChoiceDTO is one page a Facebook Login may connect. It never carries
// a token: ChoiceID names the page's token kept in the app.
type PageChoiceDTO struct {
	ChoiceID     string `json:"choiceId"`
	PageID       string `json:"pageId"`
	Name         string `json:"name"`
	HasInstagram bool   `json:"hasInstagram"`
	InstagramID  string `json:"instagramId"`
	// ExpiresAt is when the sign-in's page token stops working (unix
	// seconds, 0 = unknown): without an app secret it lives as long as the
	// short-lived user token, about 1–2 hours.
	ExpiresAt int64 `json:"expiresAt"`
}

type fbChoice struct {
	network inbox.Network
	appID   string
	port    int
	page    facebook.PageChoice
	until   time.Time // the choice is forgotten after this
}

// choiceTTL is how long the pages of one Facebook Login wait to be picked.
const choiceTTL = 10 * time.Minute

// SignInFacebook runs Facebook Login in the system browser with the user's
// own Meta app id (PKCE, loopback redirect on port; 0 = any, but Facebook
// only accepts a registered redirect URI) and lists the pages the user
// manages. The page tokens stay in the app; ConnectFacebookPage connects
// the one the user picks. network is "facebook" or "instagram".
func (a *HandlesAPI) SignInFacebook(clientID int64, network string, appID string, port int) ([]PageChoiceDTO, error) {
	if a.demo {
		return nil, errDemo
	}
	n := inbox.Network(network)
	var require []struct{ Name, For string }
	switch n {
	case inbox.NetworkFacebook:
		require = append([]struct{ Name, For string }{{"pages_show_list", "list the pages you manage"}}, facebook.Permissions...)
	case inbox.NetworkInstagram:
		require = instagram.Permissions
	default:
		return nil, invalid(fmt.Sprintf("Facebook Login cannot connect %s handles", network))
	}
	if a.openURL == nil {
		return nil, invalid("the system browser cannot be opened from here")
	}
	appID = strings.TrimSpace(appID)
	if appID == "" {
		return nil, invalid("enter your Meta app's App ID (developers.facebook.com → My Apps → your app → App settings → Basic)")
	}
	if port < 0 || port > 65535 {
		return nil, invalid("the callback port must be a number between 1 and 65535")
	}
	ctx, cancel := context.WithTimeout(a.ctx(), 10*time.Minute)
	defer cancel()
	pages, err := facebook.Login(ctx, facebook.LoginConfig{AppID: appID, Port: port, Require: require,
		OpenBrowser: func(u string) error { a.openURL(u); return nil },
		HTTP:        a.fbHTTP, DialogURL: a.fbDialogURL, GraphURL: a.fbGraphURL})
	if err != nil {
		if ce, ok := connector.Classify(err); ok {
			return nil, invalid(ce.Message)
		}
		return nil, toAPIError(err)
	}
	if n == inbox.NetworkInstagram {
		linked := false
		for _, p := range pages {
			linked = linked || p.InstagramID != ""
		}
		if !linked {
			return nil, invalid("none of the pages you manage has an Instagram professional account linked to it; link one in the Instagram app (Settings → Account type and tools → Connect a Facebook page) or in Meta Business Suite, then sign in again")
		}
	}
	now := time.Now()
	out := make([]PageChoiceDTO, 0, len(pages))
	a.fbMu.Lock()
	defer a.fbMu.Unlock()
	a.pruneChoicesLocked(now)
	if a.fbChoices == nil {
		a.fbChoices = map[string]fbChoice{}
	}
	for _, p := range pages {
		id := rand.Text()
		a.fbChoices[id] = fbChoice{network: n, appID: appID, port: port, page: p, until: now.Add(choiceTTL)}
		d := PageChoiceDTO{ChoiceID: id, PageID: p.ID, Name: p.Name, HasInstagram: p.InstagramID != "", InstagramID: p.InstagramID}
		if !p.Expires.IsZero() {
			d.ExpiresAt = p.Expires.Unix()
		}
		out = append(out, d)
	}
	return out, nil
}

func (a *HandlesAPI) pruneChoicesLocked(now time.Time) {
	for id, c := range a.fbChoices {
		if !now.Before(c.until) {
			delete(a.fbChoices, id)
		}
	}
}

// ConnectFacebookPage connects the page the user picked after
// SignInFacebook: the usual AddHandle path (verify, then the page token to
// the keychain only). For Instagram, the page's linked account is connected.
func (a *HandlesAPI) ConnectFacebookPage(clientID int64, network string, choiceID string) (HandleDTO, error) {
	if a.demo {
		return HandleDTO{}, errDemo
	}
	a.fbMu.Lock()
	a.pruneChoicesLocked(time.Now())
	c, ok := a.fbChoices[choiceID]
	a.fbMu.Unlock()
	if !ok {
		return HandleDTO{}, invalid("this Facebook sign-in has expired (pages wait 10 minutes to be picked); sign in with Facebook again")
	}
	if string(c.network) != network {
		return HandleDTO{}, invalid("this page was offered for a " + string(c.network) + " handle; sign in again for " + network)
	}
	settings := map[string]string{"page_id": c.page.ID, "login_app_id": c.appID}
	if c.port != 0 {
		settings["callback_port"] = strconv.Itoa(c.port)
	}
	if a.fbGraphURL != "" {
		settings["base"] = a.fbGraphURL
	}
	if c.network == inbox.NetworkInstagram {
		if c.page.InstagramID == "" {
			return HandleDTO{}, invalid(fmt.Sprintf("the page %q has no Instagram professional account linked to it; pick another page", c.page.Name))
		}
		settings["ig_user_id"] = c.page.InstagramID
	}
	h, err := a.AddHandle(NewHandleDTO{ClientID: clientID, Network: network, Settings: settings,
		Secrets: map[string]string{"page_token": c.page.Token}})
	if err != nil {
		return HandleDTO{}, err
	}
	a.fbMu.Lock()
	delete(a.fbChoices, choiceID)
	a.fbMu.Unlock()
	return h, nil
}

// UpdateCredentials replaces a handle's saved sign-in (after "sign-in
// needed") without touching its history: the new credentials are checked
// against the handle's settings first, and saved only if the network
// accepts them. The result says why not, in plain words.
func (a *HandlesAPI) UpdateCredentials(handleID int64, creds map[string]string) (ConnectionResultDTO, error) {
	if a.demo {
		return ConnectionResultDTO{}, errDemo
	}
	ctx := a.ctx()
	h, err := a.store.Handle(ctx, handleID)
	if err != nil {
		return ConnectionResultDTO{}, toAPIError(err)
	}
	settings, err := a.store.HandleSettings(ctx, handleID)
	if err != nil {
		return ConnectionResultDTO{}, toAPIError(err)
	}
	vctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	res, err := a.verify(vctx, h.Network, settings, creds)
	cancel()
	if err != nil || !res.OK {
		return res, err
	}
	if err := engine.SaveSecrets(ctx, a.secrets, handleID, creds); err != nil {
		return ConnectionResultDTO{}, toAPIError(err)
	}
	if a.engine != nil {
		a.engine.Forget(handleID)
		if err := a.engine.SyncNow(ctx, handleID); err != nil {
			return ConnectionResultDTO{}, toAPIError(err)
		}
	}
	return res, nil
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
