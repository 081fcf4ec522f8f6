package mastodon

// The double's sign-in and streaming endpoints (the rest is in double_test.go).

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gorilla/websocket"

	"careinbox/backend/connector/connectortest"
)

// serveOAuth implements /oauth/authorize and /oauth/token, which the
// swagger names only in its securityDefinitions; their parameters are
// RFC 6749 and RFC 7636 (PKCE), checked here.
func (d *double) serveOAuth(w http.ResponseWriter, r *http.Request, form url.Values) {
	sec := swSecurity{AuthorizationURL: "/oauth/authorize", TokenURL: "/oauth/token"}
	if d.spec != nil {
		sec = d.spec.Security["OAuth2 Bearer"]
	}
	allowed := func(vals url.Values, names ...string) {
		for k := range vals {
			if !slices.Contains(names, k) {
				d.t.Errorf("%s: parameter %q is not an OAuth 2.0 / PKCE parameter", r.URL.Path, k)
			}
		}
	}
	switch {
	case r.Method == "GET" && strings.HasSuffix(sec.AuthorizationURL, r.URL.Path):
		q := r.URL.Query()
		allowed(q, "response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge", "code_challenge_method")
		app, ok := d.apps[q.Get("client_id")]
		switch {
		case !ok || app.Get("redirect_uris") != q.Get("redirect_uri"):
			d.t.Errorf("authorize: unknown client or redirect_uri %q", q.Get("redirect_uri"))
		case q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("state") == "":
			d.t.Errorf("authorize: not a PKCE code request: %v", q)
		}
		for _, s := range strings.Fields(q.Get("scope")) {
			if _, ok := sec.Scopes[s]; !ok && d.spec != nil {
				d.t.Errorf("authorize: scope %q is not in the swagger", s)
			}
		}
		code := "code-" + d.id()
		d.codes[code] = q
		http.Redirect(w, r, q.Get("redirect_uri")+"?"+url.Values{"code": {code}, "state": {q.Get("state")}}.Encode(), http.StatusFound)
	case r.Method == "POST" && strings.HasSuffix(sec.TokenURL, r.URL.Path):
		allowed(form, "grant_type", "code", "redirect_uri", "client_id", "client_secret", "code_verifier")
		auth, ok := d.codes[form.Get("code")]
		delete(d.codes, form.Get("code")) // one use only
		sum := sha256.Sum256([]byte(form.Get("code_verifier")))
		if !ok || form.Get("grant_type") != "authorization_code" || auth.Get("redirect_uri") != form.Get("redirect_uri") ||
			"secret-"+strings.TrimPrefix(form.Get("client_id"), "client-") != form.Get("client_secret") ||
			base64.RawURLEncoding.EncodeToString(sum[:]) != auth.Get("code_challenge") {
			writeJSON(w, 400, map[string]any{"error": "invalid_grant"})
			return
		}
		d.token, d.scopes = "tok-"+d.id(), auth.Get("scope")
		writeJSON(w, 200, map[string]any{"access_token": d.token, "token_type": "Bearer", "scope": d.scopes, "created_at": d.now.Unix()})
	default:
		d.t.Errorf("double: %s %s is not an OAuth endpoint of the swagger", r.Method, r.URL.Path)
		http.NotFound(w, r)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) { connectortest.JSON(w, status, v) }

// serveStream is the streaming WebSocket as the contract documents it: the
// token and stream type in the query, events as JSON text messages.
func (d *double) serveStream(w http.ResponseWriter, r *http.Request) {
	d.mu.Lock()
	ok, granted, moved := r.URL.Query().Get("access_token") == d.token, d.scopes, d.streamMoved
	d.mu.Unlock()
	if moved != "" {
		http.Redirect(w, r, moved, http.StatusFound)
		return
	}
	if !ok {
		writeJSON(w, 401, map[string]any{"error": "The access token is invalid"})
		return
	}
	// The swagger's security for streaming (read:streaming, a scope it does
	// not define) is not what servers do; the real rule is checked below.
	if _, err := d.check(r, nil, ""); err != nil {
		d.t.Errorf("stream request breaks the contract: %v", err)
		http.Error(w, err.Error(), 400)
		return
	}
	if !slices.Contains(strings.Fields(granted), "read") {
		// Real GoToSocial servers stream only to a token with the plain
		// "read" scope (SETUP-NOTES), whatever the swagger's security says.
		writeJSON(w, 403, map[string]any{"error": "Forbidden: token has insufficient scope permission"})
		return
	}

	up := websocket.Upgrader{}
	conn, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()
	d.mu.Lock()
	silent := d.streamSilent
	d.mu.Unlock()
	if silent {
		_, _, _ = conn.ReadMessage() // returns when the client closes
		return
	}
	for {
		select {
		case ev := <-d.stream:
			if err := conn.WriteMessage(websocket.TextMessage, []byte(ev)); err != nil {
				return
			}
		case <-r.Context().Done():
			return
		case <-time.After(5 * time.Second):
			return
		}
	}
}
