// Package handles connects care handles: checking credentials against the
// network, adding a handle (keychain first, undone on failure), signing in
// through the browser, signing in again, removing and syncing one now. It
// knows no network: connectors, their forms and the sync engine come in
// through Config from the composition root.
package handles

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/engine"
	"careinbox/backend/inbox"
	"careinbox/backend/secrets"
)

// Store is what the service needs of the database.
type Store interface {
	CreateHandle(ctx context.Context, h inbox.Handle) (inbox.Handle, error)
	DeleteHandle(ctx context.Context, id int64) error
	Handle(ctx context.Context, id int64) (inbox.Handle, error)
	HandleSettings(ctx context.Context, id int64) (map[string]string, error)
	SetHandleSettings(ctx context.Context, id int64, settings map[string]string) error
}

// Engine is what the service needs of the sync engine.
type Engine interface {
	Wake()
	Forget(handleID int64)
	SyncNow(ctx context.Context, handleID int64) error
}

// Config is what a Service is built from.
type Config struct {
	Store   Store
	Secrets secrets.Store
	// Registry builds connectors; Specs describe their forms.
	Registry connector.Registry
	Specs    []connector.Spec
	// Engine syncs handles; nil when syncing is not running.
	Engine Engine
	// OpenBrowser shows a sign-in page in the system browser; nil when
	// there is none (headless).
	OpenBrowser func(url string) error
	// HTTP is given to connectors (nil = their default).
	HTTP   *http.Client
	Logger *slog.Logger
	Now    func() time.Time
	// Demo refuses real handles: the demo workspace holds sample data only.
	Demo bool
}

// Service connects, checks and removes handles.
type Service struct {
	cfg Config

	// Accounts offered by a sign-in (the pages of a Facebook Login), with
	// their credentials, until the user picks one or choiceTTL passes. The
	// credentials stay here: callers only see choice ids.
	mu      sync.Mutex
	choices map[string]*choice
}

// New builds a Service.
func New(cfg Config) *Service {
	if cfg.Secrets == nil {
		cfg.Secrets = secrets.NewMemory()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{cfg: cfg, choices: map[string]*choice{}}
}

// Refusal is a request the service turned down, in plain words the user
// can act on (a missing field, a sign-in the network did not accept).
type Refusal struct{ Message string }

func (r *Refusal) Error() string { return r.Message }

func refuse(format string, args ...any) error { return &Refusal{Message: fmt.Sprintf(format, args...)} }

// ErrDemo refuses real handles in the demo workspace.
var ErrDemo error = &Refusal{Message: "This is the demo workspace with sample data: connect your real handles in Care Inbox started without --demo."}

// verifyTimeout bounds one "Test connection".
const verifyTimeout = 30 * time.Second

// Check is the outcome of testing credentials, in plain words.
type Check struct {
	OK          bool
	Message     string
	AccountID   string
	Username    string
	DisplayName string
	Notes       []string
}

// NewHandle is a handle to add.
type NewHandle struct {
	ClientID    int64
	Network     inbox.Network
	DisplayName string
	Settings    map[string]string
	Secrets     map[string]string
}

// Networks lists how to connect each network.
func (s *Service) Networks() []connector.Spec { return s.cfg.Specs }

func (s *Service) spec(n inbox.Network) (connector.Spec, bool) {
	for _, sp := range s.cfg.Specs {
		if sp.Network == n {
			return sp, true
		}
	}
	return connector.Spec{}, false
}

// TestConnection signs in with the given settings without saving anything.
// A refused sign-in is a Check with OK false, not an error.
func (s *Service) TestConnection(ctx context.Context, network inbox.Network, settings, creds map[string]string) (Check, error) {
	ctx, cancel := context.WithTimeout(ctx, verifyTimeout)
	defer cancel()
	return s.verify(ctx, network, settings, creds)
}

func (s *Service) verify(ctx context.Context, network inbox.Network, settings, creds map[string]string) (Check, error) {
	spec, ok := s.spec(network)
	factory := s.cfg.Registry[network]
	if !ok || factory == nil {
		return Check{}, refuse("Care Inbox cannot connect %s handles yet", network)
	}
	for _, f := range spec.Fields {
		src := settings
		if f.Secret {
			src = creds
		}
		if !f.Optional && strings.TrimSpace(src[f.Key]) == "" {
			return Check{Message: f.Label + " is required"}, nil
		}
	}
	c, err := factory(s.connectorConfig(settings, creds))
	if err != nil {
		return Check{Message: "The settings are incomplete: " + err.Error()}, nil
	}
	v, ok := c.(connector.Verifier)
	if !ok {
		return Check{OK: true, Message: "Saved; the first sync will check the connection."}, nil
	}
	acct, err := v.Verify(ctx)
	if err != nil {
		msg := err.Error()
		if ce, ok := connector.Classify(err); ok {
			msg = ce.Message
		}
		return Check{Message: msg}, nil
	}
	name := acct.DisplayName
	if name == "" {
		name = acct.Username
	}
	return Check{OK: true, Message: "Connected as " + name, AccountID: acct.RemoteID,
		Username: acct.Username, DisplayName: acct.DisplayName, Notes: acct.Notes}, nil
}

func (s *Service) connectorConfig(settings, creds map[string]string) connector.Config {
	return connector.Config{Settings: settings, Secrets: creds, HTTP: s.cfg.HTTP, Logger: s.cfg.Logger, Now: s.cfg.Now}
}

// Add verifies the credentials, saves them to the keychain (only there)
// and wakes the engine. Nothing is kept when a step fails.
func (s *Service) Add(ctx context.Context, in NewHandle) (inbox.Handle, error) {
	if s.cfg.Demo {
		return inbox.Handle{}, ErrDemo
	}
	vctx, cancel := context.WithTimeout(ctx, verifyTimeout)
	res, err := s.verify(vctx, in.Network, in.Settings, in.Secrets)
	cancel()
	if err != nil {
		return inbox.Handle{}, err
	}
	if !res.OK {
		return inbox.Handle{}, &Refusal{Message: res.Message}
	}
	if err := secrets.Probe(ctx, s.cfg.Secrets); err != nil {
		return inbox.Handle{}, err
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
	h, err := s.cfg.Store.CreateHandle(ctx, inbox.Handle{ClientID: in.ClientID, Network: in.Network,
		RemoteAccountID: account, DisplayName: display, Username: res.Username})
	if err != nil {
		return inbox.Handle{}, err
	}
	// The store's and keychain's errors go up as they are: their words are
	// what the user sees (e.g. how to unlock the keychain).
	undo := func(cause error) (inbox.Handle, error) {
		_ = s.cfg.Store.DeleteHandle(ctx, h.ID)
		return inbox.Handle{}, cause
	}
	if err := s.cfg.Store.SetHandleSettings(ctx, h.ID, in.Settings); err != nil {
		return undo(err)
	}
	if err := engine.SaveSecrets(ctx, s.cfg.Secrets, h.ID, in.Secrets); err != nil {
		return undo(err)
	}
	if s.cfg.Engine != nil {
		s.cfg.Engine.Wake()
	}
	return h, nil
}

// UpdateCredentials replaces a handle's saved sign-in (after "sign-in
// needed") without touching its history: the new credentials are checked
// against the handle's settings first, and saved only if the network
// accepts them. The Check says why not, in plain words.
func (s *Service) UpdateCredentials(ctx context.Context, handleID int64, creds map[string]string) (Check, error) {
	if s.cfg.Demo {
		return Check{}, ErrDemo
	}
	h, err := s.cfg.Store.Handle(ctx, handleID)
	if err != nil {
		return Check{}, err
	}
	settings, err := s.cfg.Store.HandleSettings(ctx, handleID)
	if err != nil {
		return Check{}, err
	}
	vctx, cancel := context.WithTimeout(ctx, verifyTimeout)
	res, err := s.verify(vctx, h.Network, settings, creds)
	cancel()
	if err != nil || !res.OK {
		return res, err
	}
	if err := engine.SaveSecrets(ctx, s.cfg.Secrets, handleID, creds); err != nil {
		return Check{}, err
	}
	if s.cfg.Engine != nil {
		s.cfg.Engine.Forget(handleID)
		if err := s.cfg.Engine.SyncNow(ctx, handleID); err != nil {
			return Check{}, err
		}
	}
	return res, nil
}

// Remove deletes a handle, everything synced from it, and its keychain entry.
func (s *Service) Remove(ctx context.Context, handleID int64) error {
	if err := s.cfg.Secrets.Delete(ctx, engine.SecretKey(handleID)); err != nil && !errors.Is(err, secrets.ErrNotFound) {
		return err
	}
	if s.cfg.Engine != nil {
		s.cfg.Engine.Forget(handleID)
	}
	return s.cfg.Store.DeleteHandle(ctx, handleID)
}

// SyncNow syncs a handle right away.
func (s *Service) SyncNow(ctx context.Context, handleID int64) error {
	if s.cfg.Engine == nil {
		return refuse("syncing is not running")
	}
	return s.cfg.Engine.SyncNow(ctx, handleID)
}
