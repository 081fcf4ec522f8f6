// Package bluesky connects a Bluesky account with an app password:
// mentions, replies and quotes become public conversations, chat
// (DM) conversations private ones; replies go back as posts in the thread
// or as chat messages.
//
// It speaks XRPC as plain JSON over net/http rather than through indigo:
// the connector needs twelve endpoints and a few dozen fields, indigo's
// generated packages pull in a large dependency tree, and owning the
// transport lets every response's rate-limit headers be read.
package bluesky

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/httpkit"
	"careinbox/backend/inbox"
)

// Stream names.
const (
	StreamNotifications = "notifications"
	StreamChat          = "chat"
)

const (
	defaultPDS = "https://bsky.social"
	// chatProxy routes chat.bsky.* calls through the PDS to the chat service.
	chatProxy = "did:web:api.bsky.chat#bsky_chat"
	// dmNote is what the user must do when the chat service refuses us.
	dmNote = "DMs need an app password with 'Allow access to your direct messages' (privileged); create one in Bluesky's settings and paste it again"
	// chatRecheck is how long the chat stream rests after a refusal for
	// want of DM access: the sign-in will not gain it by itself (a new app
	// password builds a new connector), so asking every poll is waste.
	chatRecheck  = time.Hour
	pageLimit    = 50
	fetchReserve = 5
)

// Connector is one Bluesky account.
type Connector struct {
	pds      string
	handle   string
	password string
	http     *http.Client
	log      *slog.Logger
	now      func() time.Time

	// kit stops polling fetchReserve requests before the budget is spent;
	// replies may use the reserve.
	kit *httpkit.Client

	mu   sync.Mutex
	sess session
	// chatOffUntil is when the chat stream asks again after the chat
	// service refused the sign-in for want of DM access.
	chatOffUntil time.Time
}

// errNoDMAccess marks a chat call refused because the app password lacks
// the DM privilege: a missing capability of the chat stream and private
// replies, not a broken sign-in.
var errNoDMAccess = errors.New("the app password has no DM access")

type session struct {
	AccessJwt  string `json:"accessJwt"`
	RefreshJwt string `json:"refreshJwt"`
	Handle     string `json:"handle"`
	DID        string `json:"did"`
}

var (
	_ connector.Connector  = (*Connector)(nil)
	_ connector.Verifier   = (*Connector)(nil)
	_ connector.Replier    = (*Connector)(nil)
	_ connector.SentFinder = (*Connector)(nil)
)

// New builds a connector. Settings: handle, pds (default bsky.social).
// Secrets: app_password, and optionally access_jwt / refresh_jwt from an
// earlier session (createSession is limited to 30 per 5 minutes).
func New(cfg connector.Config) (*Connector, error) {
	handle := strings.TrimPrefix(strings.TrimSpace(cfg.Settings["handle"]), "@")
	if handle == "" {
		return nil, connector.Errorf(connector.Permanent, nil, "enter the Bluesky handle, e.g. shop.bsky.social")
	}
	pds := strings.TrimSuffix(strings.TrimSpace(cfg.Settings["pds"]), "/")
	if pds == "" {
		pds = defaultPDS
	}
	if u, err := url.Parse(pds); err != nil || u.Host == "" {
		return nil, connector.Errorf(connector.Permanent, err, "%q is not a server address", pds)
	}
	c := &Connector{pds: pds, handle: handle, password: cfg.Secrets["app_password"], http: cfg.HTTP, log: cfg.Logger, now: cfg.Now}
	c.sess = session{AccessJwt: cfg.Secrets["access_jwt"], RefreshJwt: cfg.Secrets["refresh_jwt"], DID: cfg.AccountID}
	if c.password == "" && c.sess.RefreshJwt == "" {
		return nil, connector.Errorf(connector.AuthNeeded, nil, "paste an app password for %s (Settings → Privacy and security → App passwords)", handle)
	}
	if c.http == nil {
		c.http = http.DefaultClient
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.now == nil {
		c.now = time.Now
	}
	c.kit = &httpkit.Client{Network: "Bluesky", HTTP: c.http, Now: c.now, Reserve: fetchReserve, PollsOnly: true, Refine: refine}
	return c, nil
}

// Tokens returns the current session tokens so the caller can keep them
// in the keychain (secrets access_jwt and refresh_jwt) across restarts.
func (c *Connector) Tokens() (access, refresh string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sess.AccessJwt, c.sess.RefreshJwt
}

// Network implements connector.Connector.
func (c *Connector) Network() inbox.Network { return inbox.NetworkBluesky }

// Streams implements connector.Connector.
func (c *Connector) Streams() []string { return []string{StreamNotifications, StreamChat} }

// PollInterval implements connector.Connector.
func (c *Connector) PollInterval() time.Duration { return time.Minute }

// Verify implements connector.Verifier: it signs in and tries the chat
// service, which refuses app passwords without the DM privilege.
func (c *Connector) Verify(ctx context.Context) (connector.Account, error) {
	if err := c.login(ctx); err != nil {
		return connector.Account{}, err
	}
	c.mu.Lock()
	s := c.sess
	c.mu.Unlock()
	a := connector.Account{RemoteID: s.DID, Username: "@" + s.Handle}
	var out struct{}
	if err := c.xrpc(ctx, http.MethodGet, "chat.bsky.convo.listConvos", url.Values{"limit": {"1"}}, nil, &out); err != nil {
		if !errors.Is(err, errNoDMAccess) {
			return a, err
		}
		a.Notes = append(a.Notes, dmNote)
	}
	return a, nil
}

// login creates a session from the app password.
func (c *Connector) login(ctx context.Context) error {
	if c.password == "" {
		return connector.Errorf(connector.AuthNeeded, nil, "the Bluesky session ended; paste the app password again")
	}
	var s session
	in := map[string]string{"identifier": c.handle, "password": c.password}
	if err := c.send(ctx, http.MethodPost, "com.atproto.server.createSession", nil, in, "", &s); err != nil {
		var ce *connector.Error
		if errors.As(err, &ce) && ce.Kind == connector.AuthNeeded && accountStatus[remoteName(err)] == "" {
			ce.Message = "Bluesky did not accept the handle and app password (it may have been revoked); paste a new app password"
		}
		return err
	}
	c.mu.Lock()
	c.sess = s
	c.mu.Unlock()
	return nil
}

// refresh trades the refresh token for a new session, falling back to the
// app password when the refresh token is spent too.
func (c *Connector) refresh(ctx context.Context) error {
	c.mu.Lock()
	rt := c.sess.RefreshJwt
	c.mu.Unlock()
	if rt != "" {
		var s session
		err := c.send(ctx, http.MethodPost, "com.atproto.server.refreshSession", nil, nil, rt, &s)
		if err == nil {
			c.mu.Lock()
			c.sess = s
			c.mu.Unlock()
			return nil
		}
		if ce, ok := connector.Classify(err); !ok || ce.Kind != connector.AuthNeeded {
			return err
		}
	}
	return c.login(ctx)
}

// xrpc calls an authenticated endpoint, signing in or refreshing the
// session once when needed. chat.bsky.* goes through the chat proxy.
func (c *Connector) xrpc(ctx context.Context, method, nsid string, q url.Values, in, out any) error {
	c.mu.Lock()
	hasToken := c.sess.AccessJwt != ""
	c.mu.Unlock()
	if !hasToken {
		if err := c.refresh(ctx); err != nil {
			return err
		}
	}
	for attempt := 0; ; attempt++ {
		c.mu.Lock()
		tok := c.sess.AccessJwt
		c.mu.Unlock()
		err := c.send(ctx, method, nsid, q, in, tok, out)
		// A token the PDS no longer takes, expired (ExpiredToken) or
		// unverifiable (InvalidToken "Token could not be verified", e.g.
		// after its signing key changed), is the session's, not the app
		// password's: refresh once. (On chat calls InvalidToken is the
		// missing DM privilege, classified Permanent by refine.)
		var ce *connector.Error
		name := remoteName(err)
		if attempt == 0 && errors.As(err, &ce) && ce.Kind == connector.AuthNeeded && (name == "ExpiredToken" || name == "InvalidToken") {
			if err := c.refresh(ctx); err != nil {
				return err
			}
			continue
		}
		return err
	}
}

type xrpcError struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

// send does one XRPC request; token "" sends no Authorization.
func (c *Connector) send(ctx context.Context, method, nsid string, q url.Values, in any, token string, out any) error {
	u := c.pds + "/xrpc/" + nsid
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	r := httpkit.Request{Op: "bluesky " + nsid, Method: method, URL: u, Header: http.Header{}}
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	if strings.HasPrefix(nsid, "chat.bsky.") {
		r.Header.Set("atproto-proxy", chatProxy)
	}
	_, err := c.kit.JSON(ctx, r, in, out)
	return err
}

// remoteError is the XRPC error name and message the server answered, kept
// in the error chain so callers can tell e.g. RecordNotFound apart.
type remoteError struct {
	Status        int
	Name, Message string
}

func (e *remoteError) Error() string { return e.Name + " " + e.Message }

// remoteStatus is the HTTP status of the XRPC error in err's chain (0 when
// there is none).
func remoteStatus(err error) int {
	var re *remoteError
	if errors.As(err, &re) {
		return re.Status
	}
	return 0
}

// remoteName is the XRPC error name in err's chain ("" when there is none).
func remoteName(err error) string {
	var re *remoteError
	if errors.As(err, &re) {
		return re.Name
	}
	return ""
}

// refine maps XRPC errors. Expired access tokens come as 400
// ExpiredToken. A chat call with an app password without the DM privilege
// is refused by the PDS as 400 InvalidToken "Bad token method" (others
// answer 401/403 with a token-scope error): that is errNoDMAccess, a
// permanent refusal of chat only — the handle's sign-in is fine.
// noDMAccess tells a chat refusal for want of the DM privilege (a token
// error naming the token's method or scope) from a sign-in that no longer
// works at all (a bare 401, AuthenticationRequired), which is the handle's.
func noDMAccess(status int, xe xrpcError) bool {
	msg := strings.ToLower(xe.Message)
	scoped := strings.Contains(msg, "method") || strings.Contains(msg, "scope")
	switch status {
	case 400:
		return xe.Error == "InvalidToken"
	case 401, 403:
		return xe.Error == "InvalidToken" && scoped || xe.Error != "AuthenticationRequired" && xe.Error != "" && scoped
	}
	return false
}

// accountStatus words the PDS's refusals of an account that is not active
// (401 AccountTakedown, AccountDeactivated): a new app password would not
// help, so the user is told what would.
var accountStatus = map[string]string{
	"AccountTakedown":    "Bluesky has taken down this account, so it cannot be used until Bluesky restores it; signing in again will not help",
	"AccountDeactivated": "this Bluesky account is deactivated; reactivate it by signing in to Bluesky, then try again",
}

func refine(ce *connector.Error, r httpkit.Request, a *httpkit.Answer) error {
	nsid := strings.TrimPrefix(r.Op, "bluesky ")
	var xe xrpcError
	_ = a.Decode(&xe)
	ce.Err = fmt.Errorf("%w: %w", ce.Err, &remoteError{Status: a.Status, Name: xe.Error, Message: xe.Message})
	switch {
	case xe.Error == "ExpiredToken" || xe.Error == "InvalidToken" && !strings.HasPrefix(nsid, "chat."):
		ce.Kind, ce.Message = connector.AuthNeeded, "the Bluesky session expired; signing in again"
	case strings.HasPrefix(nsid, "chat.bsky.") && noDMAccess(a.Status, xe):
		ce.Kind, ce.Message = connector.Permanent, dmNote
		ce.Err = fmt.Errorf("%w: %w", errNoDMAccess, ce.Err)
	case accountStatus[xe.Error] != "":
		ce.Kind, ce.Message = connector.AuthNeeded, accountStatus[xe.Error]
	case xe.Error == "AuthenticationRequired":
		ce.Kind = connector.AuthNeeded
		ce.Message = "Bluesky no longer accepts the saved sign-in; paste a new app password"
	case a.Status == 400 && ce.Kind == connector.Permanent:
		ce.Message = "Bluesky rejected the request: " + xe.Message
	}
	return ce
}

// RefreshedSecrets implements connector.SecretRefresher: the session tokens
// are saved so a restart reuses the session instead of signing in again
// (createSession is limited to 30 per 5 minutes).
func (c *Connector) RefreshedSecrets() map[string]string {
	access, refresh := c.Tokens()
	if access == "" && refresh == "" {
		return nil
	}
	return map[string]string{"access_jwt": access, "refresh_jwt": refresh}
}
