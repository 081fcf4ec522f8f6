package handles

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector/registry"
	"careinbox/backend/engine"
	"careinbox/backend/inbox"
	"careinbox/backend/secrets"
	"careinbox/backend/store"
)

// fakeBotAPI answers getMe for one valid token, like Telegram's Bot API.
func fakeBotAPI(t *testing.T, token string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if !strings.HasPrefix(r.URL.Path, "/bot"+token+"/") {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"ok":false,"error_code":401,"description":"Unauthorized"}`)
			return
		}
		switch {
		case strings.HasSuffix(r.URL.Path, "/getMe"):
			_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": map[string]any{
				"id": 4242, "is_bot": true, "first_name": "Lumen Yoga Bot", "username": "lumen_yoga_bot"}})
		default:
			_, _ = io.WriteString(w, `{"ok":true,"result":[]}`)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestAddTestAndRemoveHandle(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	client, _ := st.CreateClient(ctx, inbox.Client{Name: "Lumen Yoga"})
	sec := secrets.NewMemory()
	eng := engine.New(engine.Config{Store: st, Secrets: sec, Registry: registry.Factories()})
	a := New(Config{Store: st, Secrets: sec, Registry: registry.Factories(), Specs: registry.Specs(), Engine: eng})
	api := fakeBotAPI(t, "123:good")
	settings := map[string]string{"api_base": api.URL}

	res, err := a.TestConnection(ctx, "telegram", settings, map[string]string{"bot_token": "123:revoked"})
	if err != nil || res.OK || !strings.Contains(res.Message, "BotFather") {
		t.Errorf("bad token: %+v, %v", res, err)
	}
	res, err = a.TestConnection(ctx, "telegram", settings, map[string]string{})
	if err != nil || res.OK || !strings.Contains(res.Message, "required") {
		t.Errorf("missing token: %+v, %v", res, err)
	}
	res, err = a.TestConnection(ctx, "telegram", settings, map[string]string{"bot_token": "123:good"})
	if err != nil || !res.OK || !strings.Contains(res.Message, "Lumen Yoga Bot") {
		t.Fatalf("good token: %+v, %v", res, err)
	}
	if sec.Len() != 0 {
		t.Error("testing a connection saved credentials")
	}
	if _, err := a.Add(ctx, NewHandle{ClientID: client.ID, Network: "telegram", Settings: settings,
		Secrets: map[string]string{"bot_token": "123:revoked"}}); err == nil {
		t.Error("a handle with a refused token was added")
	}
	h, err := a.Add(ctx, NewHandle{ClientID: client.ID, Network: "telegram", Settings: settings,
		Secrets: map[string]string{"bot_token": "123:good"}})
	if err != nil {
		t.Fatal(err)
	}
	if h.DisplayName != "Lumen Yoga Bot" || h.ClientID != client.ID {
		t.Errorf("handle = %+v", h)
	}
	// The token is in the keychain and nowhere in the database file.
	if v, err := sec.Get(ctx, engine.SecretKey(h.ID)); err != nil || !strings.Contains(v, "123:good") {
		t.Errorf("keychain entry = %q, %v", v, err)
	}
	var leaks int
	for _, q := range []string{"SELECT COUNT(*) FROM handles WHERE settings LIKE '%123:good%' OR remote_account_id LIKE '%123:good%'"} {
		if err := st.DB().QueryRow(q).Scan(&leaks); err != nil || leaks != 0 {
			t.Errorf("token found in the database (%d, %v)", leaks, err)
		}
	}
	if err := eng.SyncOnce(ctx, h.ID); err != nil {
		t.Errorf("first sync: %v", err)
	}
	if err := a.Remove(ctx, h.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := sec.Get(ctx, engine.SecretKey(h.ID)); !errors.Is(err, secrets.ErrNotFound) {
		t.Errorf("keychain entry survived removal: %v", err)
	}
	if hs, _ := st.Handles(ctx); len(hs) != 0 {
		t.Errorf("handles after removal = %+v", hs)
	}
}

// newDemoService is the service of the demo workspace, over an empty store.
func newDemoService(t *testing.T) *Service {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return New(Config{Store: st, Registry: registry.Factories(), Specs: registry.Specs(), Demo: true})
}

func TestDemoRefusesRealHandles(t *testing.T) {
	a := newDemoService(t)
	if _, err := a.Add(context.Background(), NewHandle{Network: "telegram"}); err == nil || !strings.Contains(err.Error(), "demo") {
		t.Errorf("demo workspace accepted a real handle: %v", err)
	}
}

func TestUpdateCredentialsKeepsHistory(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "u.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	client, _ := st.CreateClient(ctx, inbox.Client{Name: "Lumen Yoga"})
	sec := secrets.NewMemory()
	a := New(Config{Store: st, Secrets: sec, Registry: registry.Factories(), Specs: registry.Specs()})
	api := fakeBotAPI(t, "123:new")
	settings := map[string]string{"api_base": api.URL}
	h, err := st.CreateHandle(ctx, inbox.Handle{ClientID: client.ID, Network: inbox.NetworkTelegram, RemoteAccountID: "4242", DisplayName: "Bot"})
	if err != nil {
		t.Fatal(err)
	}
	_ = st.SetHandleSettings(ctx, h.ID, settings)
	_ = engine.SaveSecrets(ctx, sec, h.ID, map[string]string{"bot_token": "123:revoked"})
	if _, err := st.Ingest(ctx, h.ID, []store.IncomingConversation{{RemoteID: "chat:1", Kind: inbox.KindPrivate,
		Messages: []store.IncomingMessage{{RemoteID: "m1", Direction: inbox.Inbound, Text: "hi", SentAt: time.Now()}}}}, nil); err != nil {
		t.Fatal(err)
	}

	res, err := a.UpdateCredentials(ctx, h.ID, map[string]string{"bot_token": "123:still-wrong"})
	if err != nil || res.OK || res.Message == "" {
		t.Errorf("a refused token: %+v, %v", res, err)
	}
	if v, _ := sec.Get(ctx, engine.SecretKey(h.ID)); !strings.Contains(v, "123:revoked") {
		t.Errorf("a refused token replaced the saved one: %s", v)
	}
	res, err = a.UpdateCredentials(ctx, h.ID, map[string]string{"bot_token": "123:new"})
	if err != nil || !res.OK {
		t.Fatalf("the new token: %+v, %v", res, err)
	}
	if v, _ := sec.Get(ctx, engine.SecretKey(h.ID)); !strings.Contains(v, "123:new") {
		t.Errorf("keychain entry = %s", v)
	}
	if page, _ := st.Conversations(ctx, inbox.ConversationFilter{}, 0, 10); page.Total != 1 {
		t.Errorf("history after signing in again: %d conversations", page.Total)
	}
}
