package telegram

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// TestBusinessFixture maps a getUpdates answer shaped like the Bot API
// reference's business updates (with fields we do not read).
func TestBusinessFixture(t *testing.T) {
	body, err := os.ReadFile("testdata/getupdates_business.json")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write(body) }))
	defer srv.Close()
	c, err := New(connector.Config{Settings: map[string]string{"api_base": srv.URL}, Secrets: map[string]string{"bot_token": "1:x"}, HTTP: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Fetch(context.Background(), StreamUpdates, "")
	if err != nil {
		t.Fatal(err)
	}
	if p.Cursor != "900004" || len(p.Conversations) != 1 {
		t.Fatalf("page = %+v", p)
	}
	cv := p.Conversations[0]
	if cv.RemoteID != "biz:AbCdEf123:5150" || cv.Kind != inbox.KindPrivate || cv.Customer.DisplayName != "Jonas B." {
		t.Errorf("conversation = %+v", cv)
	}
	if len(cv.Messages) != 1 || cv.Messages[0].Text != "Habt ihr morgen 20 Brezeln? 🥨" || cv.Messages[0].RemoteID != "5150:17" {
		t.Errorf("messages = %+v", cv.Messages)
	}
}
