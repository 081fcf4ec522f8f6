package instagram

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// The recorded shapes of Graph answers (Instagram Platform reference: IGSID
// senders with usernames, "+0000" times, nested replies, cursor paging
// without a next link on the last page) parse as expected.
func TestFixtures(t *testing.T) {
	files := map[string]string{
		"/1122334455":                 "testdata/page.json",
		"/1122334455/conversations":   "testdata/conversations_instagram.json",
		"/17841400000000001/media":    "testdata/media.json",
		"/17900000000000900/comments": "testdata/comments.json",
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, ok := files[r.URL.Path]
		if !ok {
			http.Error(w, `{"error":{"message":"Unsupported get request.","type":"GraphMethodException","code":100}}`, 400)
			return
		}
		body, err := os.ReadFile(name)
		if err != nil {
			t.Error(err)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	c, err := New(connector.Config{Settings: map[string]string{"page_id": "1122334455", "base": srv.URL},
		Secrets: map[string]string{"page_token": "t"}, HTTP: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	p, err := c.Fetch(ctx, StreamDMs, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Conversations) != 1 || len(p.Conversations[0].Messages) != 2 {
		t.Fatalf("dms = %+v", p)
	}
	cv := p.Conversations[0]
	if cv.Customer.RemoteID != "6001001" || cv.Customer.Username != "ana.souza" || cv.Messages[0].Text != "Hi, where is my order 42?" ||
		cv.Messages[1].Direction != inbox.Outbound {
		t.Errorf("conversation = %+v", cv)
	}
	if cv.Messages[0].Extra["reply_window_ends"] != "2026-11-24T08:10:02Z" || cv.Messages[0].Extra["human_agent_until"] != "2026-11-30T08:10:02Z" ||
		p.Cursor != "1795421564" {
		t.Errorf("window %v cursor %s", cv.Messages[0].Extra, p.Cursor)
	}

	p, err = c.Fetch(ctx, StreamComments, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Conversations) != 1 || len(p.Conversations[0].Messages) != 2 {
		t.Fatalf("comments = %+v", p)
	}
	th := p.Conversations[0]
	if th.RemoteID != "comment:17870913679156914" || th.Customer.Username != "ben_okoro" || !strings.HasPrefix(th.Subject, "Our winter") ||
		th.Messages[1].Direction != inbox.Outbound || th.Messages[1].ReplyToRemoteID != "17870913679156914" ||
		th.Messages[0].Extra["private_reply_until"] != "2026-11-30T07:30:10Z" {
		t.Errorf("thread = %+v", th)
	}
}
