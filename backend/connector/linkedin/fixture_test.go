package linkedin

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"careinbox/backend/connector"
)

// The recorded shapes of LinkedIn answers (Community Management API docs:
// notifications with sourcePost/generatedActivity, comments with
// commentUrn/created.time, a post with commentary) parse as expected.
func TestFixtures(t *testing.T) {
	files := map[string]string{
		"/rest/organizationalEntityNotifications":                             "testdata/notifications.json",
		"/rest/socialActions/urn%3Ali%3Ashare%3A7263000000000000000/comments": "testdata/comments.json",
		"/rest/posts/urn%3Ali%3Ashare%3A7264000000000000001":                  "testdata/post.json",
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, ok := files[r.URL.EscapedPath()]
		if !ok || r.Header.Get("LinkedIn-Version") == "" || r.Header.Get("X-Restli-Protocol-Version") != "2.0.0" {
			w.WriteHeader(404)
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
	now := time.UnixMilli(1795424400000) // an hour after the mention
	c, err := New(connector.Config{Settings: map[string]string{"organization_id": "2414183", "base": srv.URL},
		Secrets: map[string]string{"access_token": "t"}, HTTP: srv.Client(), Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Fetch(context.Background(), StreamNotifications, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Conversations) != 2 || p.Cursor != "1795424400001" || p.More {
		t.Fatalf("page = %+v", p)
	}
	m := p.Conversations[0]
	if m.RemoteID != "post:urn:li:share:7264000000000000001" || m.Customer.RemoteID != "urn:li:person:D4e5F6" || m.Messages[0].SentAt != time.UnixMilli(1795420800000).UTC() {
		t.Errorf("mention = %+v", m)
	}
	cm := p.Conversations[1]
	if cm.RemoteID != "comment:urn:li:comment:(urn:li:activity:7263000000000000000,7263100000000000001)" || cm.Messages[0].Text != "Is the role remote-friendly?" {
		t.Errorf("comment = %+v", cm)
	}
}
