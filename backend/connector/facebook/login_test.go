package facebook

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"careinbox/backend/connector"
)

// loginDouble is Facebook Login and the Graph calls that follow it, after
// "Manually Build a Login Flow": the dialog redirects to redirect_uri with
// code and state (or error=access_denied&error_reason=user_denied), GET
// /oauth/access_token answers {access_token, token_type, expires_in}, and
// /me/permissions and /me/accounts answer for the user token.
type loginDouble struct {
	t   *testing.T
	srv *httptest.Server

	mu        sync.Mutex
	appID     string
	deny      bool     // the user presses Cancel
	declined  []string // permissions the user unticks
	challenge string
	redirect  string
	exchanged bool
}

const (
	loginCode = "AQD-one-time-code"
	userToken = "EAAB-user-token"
)

func newLoginDouble(t *testing.T) *loginDouble {
	d := &loginDouble{t: t, appID: "123456789012345"}
	d.srv = httptest.NewServer(http.HandlerFunc(d.serve))
	t.Cleanup(d.srv.Close)
	return d
}

func (d *loginDouble) config(open func(string) error) LoginConfig {
	return LoginConfig{AppID: d.appID, OpenBrowser: open, HTTP: d.srv.Client(),
		DialogURL: d.srv.URL + "/v21.0/dialog/oauth", GraphURL: d.srv.URL + "/v21.0"}
}

// browser follows the dialog's redirect to the loopback address, as the
// system browser would after the user approves.
func browser(u string) error {
	resp, err := http.Get(u) //nolint:gosec // test browser
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func (d *loginDouble) serve(w http.ResponseWriter, r *http.Request) {
	d.mu.Lock()
	defer d.mu.Unlock()
	q := r.URL.Query()
	if strings.Contains(r.URL.RawQuery, "client_secret") {
		d.t.Errorf("a desktop client sent an app secret: %s", r.URL.Path)
	}
	switch r.URL.Path {
	case "/v21.0/dialog/oauth":
		for k, want := range map[string]string{"client_id": d.appID, "response_type": "code", "scope": LoginScopes, "code_challenge_method": "S256"} {
			if q.Get(k) != want {
				d.t.Errorf("dialog %s = %q, want %q", k, q.Get(k), want)
			}
		}
		ru, err := url.Parse(q.Get("redirect_uri"))
		if err != nil || ru.Scheme != "http" || ru.Hostname() != "127.0.0.1" || ru.Path != "/callback" {
			d.t.Errorf("redirect_uri = %q", q.Get("redirect_uri"))
			http.Error(w, "URL Blocked", http.StatusBadRequest)
			return
		}
		if q.Get("state") == "" || len(q.Get("code_challenge")) != 43 {
			d.t.Errorf("state %q / code_challenge %q", q.Get("state"), q.Get("code_challenge"))
		}
		d.challenge, d.redirect = q.Get("code_challenge"), q.Get("redirect_uri")
		back := url.Values{"state": {q.Get("state")}}
		if d.deny {
			back.Set("error", "access_denied")
			back.Set("error_reason", "user_denied")
			back.Set("error_description", "Permissions error")
		} else {
			back.Set("code", loginCode)
		}
		http.Redirect(w, r, d.redirect+"?"+back.Encode(), http.StatusFound)
	case "/v21.0/oauth/access_token":
		sum := sha256.Sum256([]byte(q.Get("code_verifier")))
		switch {
		case q.Get("client_id") != d.appID || q.Get("redirect_uri") != d.redirect:
			graphErr(w, 400, 191, 0, "OAuthException", "Can't load URL: the redirect_uri does not match the one used for the dialog")
		case q.Get("code") != loginCode || d.exchanged:
			graphErr(w, 400, 100, 36009, "OAuthException", "This authorization code has been used.")
		case base64.RawURLEncoding.EncodeToString(sum[:]) != d.challenge:
			graphErr(w, 400, 100, 0, "OAuthException", "Invalid code verifier")
		default:
			d.exchanged = true
			writeJSON(w, 200, map[string]any{"access_token": userToken, "token_type": "bearer", "expires_in": 5183})
		}
	case "/v21.0/me/permissions", "/v21.0/me/accounts":
		if r.Header.Get("Authorization") != "Bearer "+userToken || q.Has("access_token") {
			graphErr(w, 400, 190, 0, "OAuthException", "Invalid OAuth access token - Cannot parse access token")
			return
		}
		if r.URL.Path == "/v21.0/me/permissions" {
			var data []map[string]any
			for _, p := range strings.Split(LoginScopes, ",") {
				status := "granted"
				for _, x := range d.declined {
					if x == p {
						status = "declined"
					}
				}
				data = append(data, map[string]any{"permission": p, "status": status})
			}
			writeJSON(w, 200, map[string]any{"data": data})
			return
		}
		if q.Get("fields") != "id,name,access_token,instagram_business_account" {
			d.t.Errorf("/me/accounts fields = %q", q.Get("fields"))
		}
		// Two pages of results, to walk the cursor.
		if q.Get("after") == "" {
			writeJSON(w, 200, map[string]any{
				"data": []map[string]any{{"id": pageID, "name": "Brand", "access_token": "EAAB-page-token", "category": "Shopping & retail",
					"instagram_business_account": map[string]any{"id": "17841400000000001"}}},
				"paging": map[string]any{"cursors": map[string]any{"before": "QVFIb", "after": "QVFIc"}, "next": d.srv.URL + "/v21.0/me/accounts?after=QVFIc"},
			})
			return
		}
		writeJSON(w, 200, map[string]any{
			"data":   []map[string]any{{"id": "5566778899", "name": "Brand Outlet", "access_token": "EAAB-outlet-token", "category": "Outlet store"}},
			"paging": map[string]any{"cursors": map[string]any{"before": "QVFId", "after": "QVFIe"}},
		})
	default:
		graphErr(w, 400, 2500, 0, "OAuthException", "Unknown path components: "+r.URL.Path)
	}
}

func TestLoginListsPagesWithTokens(t *testing.T) {
	d := newLoginDouble(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var opened string
	cfg := d.config(func(u string) error { opened = u; return browser(u) })
	cfg.Require = Permissions
	pages, err := Login(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(opened, d.srv.URL+"/v21.0/dialog/oauth?") {
		t.Errorf("opened %q", opened)
	}
	if len(pages) != 2 {
		t.Fatalf("pages = %+v", pages)
	}
	p := pages[0]
	if p.ID != pageID || p.Name != "Brand" || p.Token != "EAAB-page-token" || p.InstagramID != "17841400000000001" {
		t.Errorf("first page = %+v", p)
	}
	if until := time.Until(p.Expires); until < 80*time.Minute || until > 90*time.Minute {
		t.Errorf("page token expires in %v, want the user token's ~86 minutes", until)
	}
	if pages[1].ID != "5566778899" || pages[1].InstagramID != "" || pages[1].Token != "EAAB-outlet-token" {
		t.Errorf("second page = %+v", pages[1])
	}
	if !d.exchanged {
		t.Error("the code was never exchanged")
	}
}

func TestLoginCancelled(t *testing.T) {
	d := newLoginDouble(t)
	d.deny = true
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := Login(ctx, d.config(browser))
	ce, ok := connector.Classify(err)
	if !ok || ce.Message != "Facebook sign-in was cancelled" || ce.Kind != connector.AuthNeeded {
		t.Fatalf("cancelled sign-in: %v", err)
	}
	if d.exchanged {
		t.Error("a cancelled sign-in exchanged a code")
	}
}

func TestLoginNamesDeclinedPermissions(t *testing.T) {
	d := newLoginDouble(t)
	d.declined = []string{"pages_messaging", "instagram_basic"}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cfg := d.config(browser)
	cfg.Require = Permissions
	_, err := Login(ctx, cfg)
	ce, ok := connector.Classify(err)
	if !ok || ce.Kind != connector.Permanent || !strings.Contains(ce.Message, "pages_messaging (to read and answer Messenger conversations)") {
		t.Fatalf("declined permission: %v", err)
	}
	if strings.Contains(ce.Message, "instagram_basic") {
		t.Errorf("a Page sign-in named an Instagram permission: %s", ce.Message)
	}
}

func TestLoginRejectsWrongVerifierAndForgedState(t *testing.T) {
	d := newLoginDouble(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// A forged callback (wrong state) is refused and the flow keeps waiting
	// for the real one; then the double's verifier check must pass.
	cfg := d.config(func(u string) error {
		pu, _ := url.Parse(u)
		forged := pu.Query().Get("redirect_uri") + "?code=stolen&state=guess"
		resp, err := http.Get(forged) //nolint:gosec // test
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("forged callback answered %d", resp.StatusCode)
		}
		return browser(u)
	})
	if _, err := Login(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	// Exchanging a used code fails with plain words that never carry it.
	d.exchanged = true
	_, err := Login(ctx, d.config(browser))
	ce, ok := connector.Classify(err)
	if !ok || ce.Kind != connector.AuthNeeded || !strings.Contains(ce.Message, "Valid OAuth Redirect URIs") {
		t.Fatalf("used code: %v", err)
	}
	if strings.Contains(err.Error(), loginCode) {
		t.Errorf("the code leaked into the error: %v", err)
	}
}

func TestLoginNeedsAppID(t *testing.T) {
	_, err := Login(context.Background(), LoginConfig{OpenBrowser: browser})
	if ce, ok := connector.Classify(err); !ok || !strings.Contains(ce.Message, "App ID") {
		t.Fatalf("no app id: %v", err)
	}
}
