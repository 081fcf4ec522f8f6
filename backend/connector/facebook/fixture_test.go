package facebook

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// The recorded shape of a conversations answer (Graph reference, with the
// e-mail aliases and nested paging Meta adds) parses as expected.
func TestMessengerFixture(t *testing.T) {
	body, err := os.ReadFile("testdata/conversations_messenger.json")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	c, err := New(connector.Config{Settings: map[string]string{"page_id": "1122334455", "base": srv.URL},
		Secrets: map[string]string{"page_token": "t"}, HTTP: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Fetch(context.Background(), StreamMessenger, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Conversations) != 1 || len(p.Conversations[0].Messages) != 2 {
		t.Fatalf("page = %+v", p)
	}
	cv := p.Conversations[0]
	if cv.Customer.RemoteID != "7001" || cv.Messages[0].Text != "Hi, where is my order 42?" || cv.Messages[1].Direction != inbox.Outbound {
		t.Errorf("conversation = %+v", cv)
	}
	if cv.Messages[0].Extra["reply_window_ends"] != "2026-11-24T08:10:02Z" || p.Cursor != "1795421564" {
		t.Errorf("window %v cursor %s", cv.Messages[0].Extra, p.Cursor)
	}
}
