package handles

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"careinbox/backend/connector/registry"
	"careinbox/backend/engine"
	"careinbox/backend/inbox"
	"careinbox/backend/secrets"
	"careinbox/backend/store"
)

// fakeFacebook is Facebook Login plus the Graph calls that sign-in and
// "Test connection" make, for one user who manages two pages (one with a
// linked Instagram account).
type fakeFacebook struct {
	t    *testing.T
	srv  *httptest.Server
	mu   sync.Mutex
	deny bool
	// unlinked: no page has an Instagram account linked to it.
	unlinked bool
}

const (
	fbAppID      = "123456789012345"
	fbUserToken  = "EAAB-user-secret"
	fbBrandToken = "EAAB-brand-page-secret"
	fbOutToken   = "EAAB-outlet-page-secret"
	fbBrandPage  = "1122334455"
	fbOutletPage = "5566778899"
	fbIGUser     = "17841400000000001"
)

func newFakeFacebook(t *testing.T) *fakeFacebook {
	f := &fakeFacebook{t: t}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func fbJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func fbError(w http.ResponseWriter, code int, msg string) {
	fbJSON(w, 400, map[string]any{"error": map[string]any{"message": msg, "type": "OAuthException", "code": code, "fbtrace_id": "AbC"}})
}

func (f *fakeFacebook) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	q := r.URL.Query()
	auth := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	switch p := r.URL.Path; {
	case p == "/v21.0/dialog/oauth":
		back := url.Values{"state": {q.Get("state")}}
		if f.deny {
			back.Set("error", "access_denied")
			back.Set("error_reason", "user_denied")
		} else {
			back.Set("code", "AQD-code")
		}
		http.Redirect(w, r, q.Get("redirect_uri")+"?"+back.Encode(), http.StatusFound)
	case p == "/v21.0/oauth/access_token":
		if q.Get("code") != "AQD-code" || q.Get("code_verifier") == "" || q.Get("client_id") != fbAppID {
			fbError(w, 100, "Invalid verification code format.")
			return
		}
		fbJSON(w, 200, map[string]any{"access_token": fbUserToken, "token_type": "bearer", "expires_in": 5400})
	case p == "/v21.0/me/permissions" && auth == fbUserToken:
		var data []map[string]any
		for _, s := range strings.Split("pages_show_list,pages_messaging,pages_read_engagement,pages_manage_metadata,pages_read_user_content,pages_manage_engagement,instagram_basic,instagram_manage_messages,instagram_manage_comments", ",") {
			data = append(data, map[string]any{"permission": s, "status": "granted"})
		}
		fbJSON(w, 200, map[string]any{"data": data})
	case p == "/v21.0/me/accounts" && auth == fbUserToken:
		brand := map[string]any{"id": fbBrandPage, "name": "Lumen Yoga", "access_token": fbBrandToken, "instagram_business_account": map[string]any{"id": fbIGUser}}
		if f.unlinked {
			delete(brand, "instagram_business_account")
		}
		fbJSON(w, 200, map[string]any{"data": []map[string]any{brand,
			{"id": fbOutletPage, "name": "Lumen Outlet", "access_token": fbOutToken},
		}})
	case p == "/v21.0/debug_token" && (auth == fbBrandToken || auth == fbOutToken):
		fbJSON(w, 200, map[string]any{"data": map[string]any{"is_valid": true, "type": "PAGE",
			"scopes": strings.Split("pages_show_list,pages_messaging,pages_read_engagement,pages_manage_metadata,pages_read_user_content,pages_manage_engagement,instagram_basic,instagram_manage_messages,instagram_manage_comments", ",")}})
	case p == "/v21.0/"+fbBrandPage && auth == fbBrandToken:
		out := map[string]any{"id": fbBrandPage, "name": "Lumen Yoga"}
		if strings.Contains(q.Get("fields"), "instagram_business_account") {
			out["instagram_business_account"] = map[string]any{"id": fbIGUser, "username": "lumen.yoga", "name": "Lumen Yoga"}
		}
		fbJSON(w, 200, out)
	case p == "/v21.0/"+fbOutletPage && auth == fbOutToken:
		fbJSON(w, 200, map[string]any{"id": fbOutletPage, "name": "Lumen Outlet"})
	default:
		fbError(w, 190, "Invalid OAuth access token - Cannot parse access token")
	}
}

// clock is a settable Now.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func newFacebookService(t *testing.T) (*Service, *store.Store, *secrets.Memory, *fakeFacebook, *clock, int64) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "fb.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	client, err := st.CreateClient(ctx, inbox.Client{Name: "Lumen Yoga"})
	if err != nil {
		t.Fatal(err)
	}
	sec := secrets.NewMemory()
	fb := newFakeFacebook(t)
	clk := &clock{now: time.Now()}
	a := New(Config{Store: st, Secrets: sec, Registry: registry.Factories(), Specs: registry.Specs(),
		HTTP: fb.srv.Client(), Now: clk.Now,
		// The "system browser": follows the dialog's redirect to the loopback callback.
		OpenBrowser: func(u string) error {
			resp, err := http.Get(u) //nolint:gosec // test browser
			if err != nil {
				t.Errorf("browser: %v", err)
				return nil
			}
			resp.Body.Close()
			return nil
		}})
	return a, st, sec, fb, clk, client.ID
}

// fbForm is the add-handle form's settings for "Sign in with Facebook",
// with the dialog and Graph API on the fake.
func (f *fakeFacebook) form(appID string) map[string]string {
	return map[string]string{"login_app_id": appID, "base": f.srv.URL + "/v21.0", "login_dialog": f.srv.URL + "/v21.0/dialog/oauth"}
}

func (s *Service) signInFacebook(t *testing.T, fb *fakeFacebook, clientID int64, network, appID string) ([]Choice, error) {
	t.Helper()
	res, err := s.SignIn(context.Background(), SignInRequest{ClientID: clientID, Network: inbox.Network(network), Settings: fb.form(appID)})
	if err == nil && res.Handle != nil {
		t.Errorf("a Facebook Login connected a page without a choice: %+v", res.Handle)
	}
	return res.Choices, err
}

// noTokens fails when any token appears in what the front end receives.
func noTokens(t *testing.T, what string, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{fbUserToken, fbBrandToken, fbOutToken, "EAAB"} {
		if strings.Contains(string(b), tok) {
			t.Errorf("%s carries a token: %s", what, b)
		}
	}
}

func TestFacebookLoginChoiceThenConnect(t *testing.T) {
	ctx := context.Background()
	a, st, sec, fb, clk, clientID := newFacebookService(t)

	choices, err := a.signInFacebook(t, fb, clientID, "facebook", " "+fbAppID+" ")
	if err != nil {
		t.Fatal(err)
	}
	noTokens(t, "SignIn", choices)
	if len(choices) != 2 || choices[0].AccountID != fbBrandPage || !strings.Contains(choices[0].Detail, "Instagram") ||
		strings.Contains(choices[1].Detail, "Instagram") || choices[0].ID == "" || choices[0].Unusable != "" {
		t.Fatalf("choices = %+v", choices)
	}
	if until := time.Until(choices[0].Expires); until < 80*time.Minute || until > 95*time.Minute {
		t.Errorf("the page token's expiry shown is %v away, want the sign-in's ~90 minutes", until)
	}
	// A choice made for Facebook cannot connect an Instagram handle.
	if _, err := a.ChooseSignIn(ctx, clientID, "instagram", choices[1].ID); err == nil {
		t.Error("a Facebook choice connected an Instagram handle")
	}
	h, err := a.ChooseSignIn(ctx, clientID, "facebook", choices[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	noTokens(t, "ChooseSignIn", h)
	if h.Network != "facebook" || h.DisplayName != "Lumen Outlet" || h.ClientID != clientID {
		t.Errorf("handle = %+v", h)
	}
	// The page token is in the keychain, and nowhere in the database.
	if v, err := sec.Get(ctx, engine.SecretKey(h.ID)); err != nil || !strings.Contains(v, fbOutToken) {
		t.Errorf("keychain entry = %v", err)
	}
	settings, err := st.HandleSettings(ctx, h.ID)
	if err != nil || settings["page_id"] != fbOutletPage || settings["login_app_id"] != fbAppID {
		t.Errorf("settings = %v, %v", settings, err)
	}
	var leaks int
	if err := st.DB().QueryRow("SELECT COUNT(*) FROM handles WHERE settings LIKE '%EAAB%' OR remote_account_id LIKE '%EAAB%'").Scan(&leaks); err != nil || leaks != 0 {
		t.Errorf("a token in the database (%d, %v)", leaks, err)
	}
	// A choice is used once.
	if _, err := a.ChooseSignIn(ctx, clientID, "facebook", choices[1].ID); err == nil || !strings.Contains(err.Error(), "sign in with Facebook again") {
		t.Errorf("a used choice connected again: %v", err)
	}
	// Choices are forgotten after ten minutes.
	clk.Add(choiceTTL + time.Second)
	if _, err := a.ChooseSignIn(ctx, clientID, "facebook", choices[0].ID); err == nil || !strings.Contains(err.Error(), "expired") {
		t.Errorf("an expired choice connected: %v", err)
	}
	a.mu.Lock()
	left := len(a.choices)
	a.mu.Unlock()
	if left != 0 {
		t.Errorf("%d page tokens still held", left)
	}
}

func TestFacebookLoginConnectsInstagram(t *testing.T) {
	ctx := context.Background()
	a, st, sec, fb, _, clientID := newFacebookService(t)
	choices, err := a.signInFacebook(t, fb, clientID, "instagram", fbAppID)
	if err != nil {
		t.Fatal(err)
	}
	noTokens(t, "SignIn", choices)
	if len(choices) != 2 || !strings.Contains(choices[0].Detail, fbIGUser) || choices[0].Unusable != "" || choices[1].Unusable == "" {
		t.Fatalf("choices = %+v", choices)
	}
	if _, err := a.ChooseSignIn(ctx, clientID, "instagram", choices[1].ID); err == nil || !strings.Contains(err.Error(), "no Instagram") {
		t.Errorf("a page without Instagram connected: %v", err)
	}
	h, err := a.ChooseSignIn(ctx, clientID, "instagram", choices[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	noTokens(t, "ChooseSignIn", h)
	if h.Network != "instagram" || h.Username != "lumen.yoga" {
		t.Errorf("handle = %+v", h)
	}
	settings, _ := st.HandleSettings(ctx, h.ID)
	if settings["page_id"] != fbBrandPage || settings["ig_user_id"] != fbIGUser {
		t.Errorf("settings = %v", settings)
	}
	if v, err := sec.Get(ctx, engine.SecretKey(h.ID)); err != nil || !strings.Contains(v, fbBrandToken) {
		t.Errorf("keychain entry = %v", err)
	}
}

func TestFacebookLoginCancelledAndRefusals(t *testing.T) {
	ctx := context.Background()
	a, _, sec, fb, _, clientID := newFacebookService(t)
	fb.deny = true
	if _, err := a.signInFacebook(t, fb, clientID, "facebook", fbAppID); err == nil || !strings.Contains(err.Error(), "Facebook sign-in was cancelled") {
		t.Errorf("cancelled sign-in: %v", err)
	}
	if _, err := a.signInFacebook(t, fb, clientID, "facebook", ""); err == nil || !strings.Contains(err.Error(), "App ID") {
		t.Errorf("no app id: %v", err)
	}
	if _, err := a.signInFacebook(t, fb, clientID, "x", fbAppID); err == nil {
		t.Error("Facebook Login offered for X")
	}
	// A network without a browser sign-in says what to fill in instead.
	if _, err := a.signInFacebook(t, fb, clientID, "telegram", fbAppID); err == nil {
		t.Errorf("a browser sign-in offered for a network without one: %v", err)
	}
	if _, err := a.ChooseSignIn(ctx, clientID, "facebook", "made-up"); err == nil {
		t.Error("an unknown choice connected")
	}
	if sec.Len() != 0 {
		t.Error("a refused sign-in saved credentials")
	}

	demoApp := newDemoService(t)
	if _, err := demoApp.signInFacebook(t, fb, 1, "facebook", fbAppID); err == nil || !strings.Contains(err.Error(), "demo") {
		t.Errorf("demo workspace ran Facebook Login: %v", err)
	}
	if _, err := demoApp.ChooseSignIn(ctx, 1, "facebook", "x"); err == nil || !strings.Contains(err.Error(), "demo") {
		t.Errorf("demo workspace connected a page: %v", err)
	}
}

func TestFacebookLoginWithoutInstagram(t *testing.T) {
	a, _, sec, fb, _, clientID := newFacebookService(t)
	fb.unlinked = true
	if _, err := a.signInFacebook(t, fb, clientID, "instagram", fbAppID); err == nil || !strings.Contains(err.Error(), "none of the pages you manage has an Instagram professional account") {
		t.Errorf("an Instagram sign-in without a linked account: %v", err)
	}
	// The same sign-in still connects a Facebook page.
	choices, err := a.signInFacebook(t, fb, clientID, "facebook", fbAppID)
	if err != nil || len(choices) != 2 {
		t.Fatalf("choices = %+v, %v", choices, err)
	}
	if sec.Len() != 0 {
		t.Error("a sign-in saved credentials before a page was picked")
	}
}
