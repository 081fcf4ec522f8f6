// Package loopback receives an OAuth redirect on 127.0.0.1, the native-app
// pattern of RFC 8252: one listener, one expected state, one code. Mastodon,
// X and Facebook sign-ins share it.
package loopback

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// DeniedError is the authorization server's refusal carried by the redirect
// (error=access_denied when the user cancels).
type DeniedError struct {
	Code, Description string
}

func (e *DeniedError) Error() string {
	if e.Description != "" {
		return e.Code + ": " + e.Description
	}
	return e.Code
}

// Receiver waits for one redirect to /callback.
type Receiver struct {
	ln    net.Listener
	srv   *http.Server
	state string
	out   chan result
}

type result struct {
	code string
	err  error
}

// Listen opens the receiver on 127.0.0.1:port (0 picks a free port; a
// provider that matches redirect URIs exactly needs the registered one).
func Listen(port int) (*Receiver, error) {
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		return nil, fmt.Errorf("listen for the sign-in redirect on port %d: %w", port, err)
	}
	r := &Receiver{ln: ln, state: rand.Text(), out: make(chan result, 1)}
	r.srv = &http.Server{Handler: r.handler(), ReadHeaderTimeout: 10 * time.Second}
	go r.srv.Serve(ln) //nolint:errcheck // Serve returns ErrServerClosed on Close
	return r, nil
}

// RedirectURL is the redirect_uri to send to the authorization server.
func (r *Receiver) RedirectURL() string {
	return fmt.Sprintf("http://127.0.0.1:%d/callback", r.ln.Addr().(*net.TCPAddr).Port)
}

// State is the value the redirect must carry back.
func (r *Receiver) State() string { return r.state }

// Wait returns the authorization code, a *DeniedError, or ctx's error.
func (r *Receiver) Wait(ctx context.Context) (string, error) {
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case res := <-r.out:
		return res.code, res.err
	}
}

// Close stops listening.
func (r *Receiver) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	return errors.Join(r.srv.Shutdown(ctx), r.ln.Close())
}

// handler accepts exactly one redirect carrying the expected state; anything
// else gets an error page and the flow keeps waiting, so a stray or forged
// request cannot end or hijack the sign-in.
func (r *Receiver) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /callback", func(w http.ResponseWriter, req *http.Request) {
		q := req.URL.Query()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(r.state)) != 1 {
			http.Error(w, "This sign-in link is out of date. Start the sign-in again from Care Inbox.", http.StatusBadRequest)
			return
		}
		var res result
		switch {
		case q.Get("error") != "":
			res.err = &DeniedError{Code: q.Get("error"), Description: q.Get("error_description")}
		case q.Get("code") == "":
			http.Error(w, "The sign-in page sent no code.", http.StatusBadRequest)
			return
		default:
			res.code = q.Get("code")
		}
		select {
		case r.out <- res:
			fmt.Fprintln(w, "Care Inbox: you can close this window and return to the app.")
		default:
			http.Error(w, "This sign-in was already completed.", http.StatusConflict)
		}
	})
	return mux
}
