package connector

import (
	"context"
	"time"
)

// Authorizer is the capability of a connector that signs in through the
// system browser: OAuth 2.0 with PKCE and a loopback redirect (RFC 8252,
// backend/connector/loopback). There are no credentials yet when a sign-in
// starts, so the caller builds the connector from the add-handle form's
// settings with Config.Authorizing set, finds this capability by interface
// assertion, opens the Authorization's URL in the browser and completes it.
// Connectors never open the browser themselves: only the caller knows how.
type Authorizer interface {
	// Begin prepares one sign-in from the connector's settings: it listens
	// for the redirect (and registers an app where the network needs one)
	// and returns the consent page to open. Errors are classified.
	Begin(ctx context.Context) (Authorization, error)
}

// Authorization is one browser sign-in under way.
type Authorization interface {
	// URL is the consent page to open in the system browser.
	URL() string
	// Complete waits for the browser's redirect, exchanges the code and
	// returns what the sign-in may connect. Errors are classified.
	Complete(ctx context.Context) (Consent, error)
	// Close releases the redirect listener; safe after Complete.
	Close() error
}

// Consent is what a completed sign-in grants.
type Consent struct {
	// Provider names who signed the user in, for messages ("Facebook").
	Provider string
	// Grants are the accounts the sign-in may connect.
	Grants []Grant
	// Choose says the user picks one of Grants (the pages a Facebook Login
	// manages), even when there is only one; otherwise the single grant is
	// connected at once.
	Choose bool
}

// Grant is one account a sign-in may connect.
type Grant struct {
	// Settings are the handle's whole non-secret settings; Secrets its
	// credentials, for the keychain only.
	Settings map[string]string
	Secrets  map[string]string
	// AccountID, Name and Detail are what a choice shows ("page 1122…").
	AccountID string
	Name      string
	Detail    string
	// Unusable, when set, says in plain words why this account cannot be
	// connected (a page with no linked Instagram account).
	Unusable string
	// Expires is when the credentials stop working (zero = unknown).
	Expires time.Time
}
