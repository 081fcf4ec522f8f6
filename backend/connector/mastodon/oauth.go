package mastodon

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	gomasto "github.com/mattn/go-mastodon"
	"golang.org/x/oauth2"

	"careinbox/backend/connector"
)

// Scopes are the least the connector needs: read the profile, mentions and
// direct conversations, and post replies.
const Scopes = "read:accounts read:notifications read:statuses write:statuses"

// Credentials are what a sign-in yields; all but Instance go to the keychain.
type Credentials struct {
	Instance     string // setting "instance"
	ClientID     string // secret "client_id"
	ClientSecret string // secret "client_secret"
	AccessToken  string // secret "access_token"
}

// SignIn describes one browser sign-in.
type SignIn struct {
	Instance string
	HTTP     *http.Client
	// OpenBrowser shows url to the user (the app passes the system
	// browser; tests pass an HTTP client that follows the redirects).
	OpenBrowser func(url string) error
	AppName     string // shown by the server on its consent page
	Website     string
}

// Authorize registers an app on the instance and runs the OAuth 2.0
// authorization-code flow with PKCE and a loopback redirect (RFC 8252): a
// one-shot listener on 127.0.0.1 with a random port receives the code.
// The app is registered per sign-in because its redirect URI carries that
// port, and Mastodon matches redirect URIs exactly.
func Authorize(ctx context.Context, s SignIn) (Credentials, error) {
	base, err := InstanceURL(s.Instance)
	if err != nil {
		return Credentials{}, err
	}
	if s.OpenBrowser == nil {
		return Credentials{}, errors.New("mastodon sign-in: no browser opener")
	}
	httpc := s.HTTP
	if httpc == nil {
		httpc = http.DefaultClient
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return Credentials{}, connector.Errorf(connector.Temporary, err, "could not prepare the sign-in (no local port)")
	}
	defer ln.Close()
	redirect := fmt.Sprintf("http://127.0.0.1:%d/callback", ln.Addr().(*net.TCPAddr).Port)

	name := s.AppName
	if name == "" {
		name = "Care Inbox"
	}
	app, err := gomasto.RegisterApp(ctx, &gomasto.AppConfig{
		Client: *httpc, Server: base.String(), ClientName: name,
		RedirectURIs: redirect, Scopes: Scopes, Website: s.Website,
	})
	if err != nil {
		return Credentials{}, registerError(ctx, base.Host, err)
	}
	conf := &oauth2.Config{
		ClientID: app.ClientID, ClientSecret: app.ClientSecret, RedirectURL: redirect,
		Scopes: strings.Fields(Scopes),
		Endpoint: oauth2.Endpoint{
			AuthURL: base.String() + "/oauth/authorize", TokenURL: base.String() + "/oauth/token",
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
	state := rand.Text()
	verifier := oauth2.GenerateVerifier()
	codes := make(chan callbackResult, 1)
	srv := &http.Server{Handler: callbackHandler(state, codes), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln) //nolint:errcheck // Serve returns ErrServerClosed on Shutdown
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()

	if err := s.OpenBrowser(conf.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier))); err != nil {
		return Credentials{}, connector.Errorf(connector.Permanent, err, "could not open the browser for the Mastodon sign-in")
	}
	var res callbackResult
	select {
	case <-ctx.Done():
		return Credentials{}, fmt.Errorf("mastodon sign-in: %w", ctx.Err())
	case res = <-codes:
	}
	if res.err != nil {
		return Credentials{}, res.err
	}
	tok, err := conf.Exchange(context.WithValue(ctx, oauth2.HTTPClient, httpc), res.code, oauth2.VerifierOption(verifier))
	if err != nil {
		if ctx.Err() != nil {
			return Credentials{}, fmt.Errorf("mastodon sign-in: %w", ctx.Err())
		}
		return Credentials{}, connector.Errorf(connector.AuthNeeded, err, "%s did not accept the sign-in; try again", base.Host)
	}
	return Credentials{
		Instance: base.String(), ClientID: app.ClientID, ClientSecret: app.ClientSecret, AccessToken: tok.AccessToken,
	}, nil
}

type callbackResult struct {
	code string
	err  error
}

// callbackHandler accepts exactly one redirect carrying the expected state;
// anything else gets an error page and the flow keeps waiting, so a stray or
// forged request cannot end or hijack the sign-in.
func callbackHandler(state string, out chan<- callbackResult) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /callback", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(state)) != 1 {
			http.Error(w, "This sign-in link is out of date. Start the sign-in again from Care Inbox.", http.StatusBadRequest)
			return
		}
		var res callbackResult
		switch {
		case q.Get("error") != "":
			res.err = connector.Errorf(connector.AuthNeeded, errors.New(q.Get("error")), "the Mastodon sign-in was not approved")
		case q.Get("code") == "":
			http.Error(w, "The server sent no sign-in code.", http.StatusBadRequest)
			return
		default:
			res.code = q.Get("code")
		}
		select {
		case out <- res:
			fmt.Fprintln(w, "Care Inbox: you can close this window and return to the app.")
		default:
			http.Error(w, "This sign-in was already completed.", http.StatusConflict)
		}
	})
	return mux
}

func registerError(ctx context.Context, host string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("mastodon app registration: %w", ctx.Err())
	}
	var api *gomasto.APIError
	if errors.As(err, &api) {
		switch {
		case api.StatusCode == http.StatusTooManyRequests:
			return connector.Limited(time.Now().Add(5*time.Minute), err, "%s asked us to slow down; try the sign-in again in a few minutes", host)
		case api.StatusCode >= 500:
			return connector.Errorf(connector.Temporary, err, "%s is having trouble; try again later", host)
		default:
			return connector.Errorf(connector.Permanent, err, "%s refused to register Care Inbox (%d); it may not allow new apps", host, api.StatusCode)
		}
	}
	return connector.Errorf(connector.Temporary, err, "%s could not be reached; check the address", host)
}
