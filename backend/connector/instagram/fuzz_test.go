package instagram

import (
	"context"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/connectortest"
)

// FuzzComments: any answer to a post's comments request gives a bounded page
// or a classified error of readable size, never a panic.
func FuzzComments(f *testing.F) {
	for _, s := range []struct {
		status int
		body   string
	}{
		{200, `{"data":[{"id":"c1","text":"where is my order?","username":"ana","timestamp":"2026-11-23T09:00:00+0000","from":{"id":"u2","username":"ana"},"replies":{"data":[{"id":"c2","text":"@ana DM us","username":"shop","timestamp":"2026-11-23T09:05:00+0000","from":{"id":"ig1"}}]}}],"paging":{"cursors":{"after":"QVFI"}}}`},
		{200, `{"data":[{"id":"c3","timestamp":"x"}]}`},
		{200, `{"data":[{"id":"","replies":{"data":[{"id":""}]}}]}`},
		{200, `{"data":[],"paging":{"cursors":{"after":"a"},"next":"https://graph.test/next"}}`},
		{400, `{"error":{"message":"(#4) Application request limit reached","code":4}}`},
		{400, `{"error":{"message":"Error validating access token","code":190}}`},
		{403, `{"error":{"message":"(#10) ` + strings.Repeat("ß", 700) + `","code":10}}`},
		{502, `<html>bad gateway</html>`},
	} {
		f.Add(s.status, []byte(s.body), "")
	}
	f.Fuzz(func(t *testing.T, status int, body []byte, cursor string) {
		canned := connectortest.Canned{Status: status, Body: body, Fixed: map[string]string{
			"/ig1/media": `{"data":[{"id":"m1","caption":"New menu","timestamp":"2026-11-22T09:00:00+0000","permalink":"https://instagram.test/p/m1"}]}`,
		}}
		now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
		c, err := New(connector.Config{Settings: map[string]string{"page_id": "p1", "ig_user_id": "ig1", "base": "https://graph.test"},
			AccountID: "ig1", Secrets: map[string]string{"page_token": "tok"}, HTTP: canned.Client(), Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		p, err := c.Fetch(context.Background(), StreamComments, cursor)
		if err != nil {
			connectortest.CheckError(t, err, now)
			return
		}
		connectortest.CheckPage(t, p, canned.InputSize()+len(cursor))
	})
}
