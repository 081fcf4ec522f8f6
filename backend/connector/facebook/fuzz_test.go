package facebook

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
		{200, `{"data":[{"id":"c2","message":"same here","from":{"id":"u3","name":"Bo"},"created_time":"2026-11-23T09:05:00+0000","parent":{"id":"c1"}},{"id":"c1","message":"my order never came","from":{"id":"u2","name":"Ana"},"created_time":"2026-11-23T09:00:00+0000"}]}`},
		{200, `{"data":[{"id":"c9","message":"reply to a comment we never saw","created_time":"2026-11-23T09:00:00+0000","parent":{"id":"missing"}}]}`},
		{200, `{"data":[{"id":"","created_time":"never"}]}`},
		{200, `{"data":[]}`},
		{400, `{"error":{"message":"(#4) Application request limit reached","type":"OAuthException","code":4}}`},
		{400, `{"error":{"message":"Error validating access token","type":"OAuthException","code":190,"error_subcode":460}}`},
		{403, `{"error":{"message":"(#10) ` + strings.Repeat("ß", 700) + `","code":10}}`},
		{500, `<html>oops</html>`},
	} {
		f.Add(s.status, []byte(s.body), "")
	}
	f.Fuzz(func(t *testing.T, status int, body []byte, cursor string) {
		canned := connectortest.Canned{Status: status, Body: body, Fixed: map[string]string{
			"/p1/published_posts": `{"data":[{"id":"p1_10","message":"Our new opening hours","created_time":"2026-11-22T09:00:00+0000"}]}`,
		}}
		now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
		c, err := New(connector.Config{Settings: map[string]string{"page_id": "p1", "base": "https://graph.test"}, AccountID: "p1",
			Secrets: map[string]string{"page_token": "tok"}, HTTP: canned.Client(), Now: func() time.Time { return now }})
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
