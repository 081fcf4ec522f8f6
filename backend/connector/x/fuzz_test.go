package x

import (
	"context"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/connectortest"
)

// FuzzFetch: any answer to the mentions or DM events request (status and
// body) gives a bounded page or a classified error of readable size with a
// sane retry time, never a panic.
func FuzzFetch(f *testing.F) {
	for _, s := range []struct {
		dms    bool
		status int
		body   string
	}{
		{false, 200, `{"data":[{"id":"1900000000000000002","text":"@brand where is my order? &amp; why","author_id":"22","conversation_id":"1900000000000000001","created_at":"2026-11-23T09:00:00.000Z","reply_settings":"following","referenced_posts":[{"type":"replied_to","id":"1900000000000000001"}]},{"id":"1900000000000000001","text":"hi","author_id":"11","created_at":"2026-11-23T08:00:00.000Z"}],"includes":{"users":[{"id":"22","username":"ana","name":"Ana"}]},"meta":{"newest_id":"1900000000000000002","next_token":"t1","result_count":2}}`},
		{true, 200, `{"data":[{"id":"1900000000000000003","event_type":"MessageCreate","text":"refund?","sender_id":"22","dm_conversation_id":"11-22","created_at":"2026-11-23T09:00:00.000Z","participant_ids":["11","22"]},{"id":"1900000000000000004","event_type":"MessageCreate","text":"yes","sender_id":"11","dm_conversation_id":"11-22","created_at":"2026-11-23T09:01:00.000Z","participant_ids":["11","22"]},{"id":"5","event_type":"ParticipantsJoin","created_at":"2026-11-23T09:01:00.000Z"}],"includes":{"users":[{"id":"22","username":"ana"}]},"meta":{"result_count":3}}`},
		{false, 200, `{"meta":{"result_count":0}}`},
		{false, 200, `{"data":[{"id":"","created_at":"2026-11-23T09:00:00Z"}]}`},
		{false, 429, `{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}`},
		{true, 403, `{"title":"Forbidden","detail":"You are not permitted to use this endpoint.","type":"https://api.x.com/2/problems/client-forbidden"}`},
		{false, 401, `{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}`},
		{false, 503, `<html>over capacity</html>`},
		{false, 200, `{"data":[{"id":"1","created_at":"not a time"}]}`},
		// A refusal whose words run past what a message may hold: clipped.
		{true, 403, `{"title":"Forbidden","detail":"` + strings.Repeat("ü", 700) + `"}`},
	} {
		f.Add(s.dms, s.status, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, dms bool, status int, body []byte) {
		canned := connectortest.Canned{Status: status, Body: body, Fixed: map[string]string{
			"/2/users/me":     `{"data":{"id":"11","username":"brand","name":"Brand"}}`,
			"/2/oauth2/token": `{"access_token":"at-1","refresh_token":"rt-1","token_type":"bearer","expires_in":7200}`,
		}}
		now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
		c, err := New(connector.Config{Settings: map[string]string{"client_id": "client"}, AccountID: "11",
			Secrets: map[string]string{"access_token": "at-0", "refresh_token": "rt-0"}, HTTP: canned.Client(),
			Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		stream := StreamMentions
		if dms {
			stream = StreamDMs
		}
		p, err := c.Fetch(context.Background(), stream, "1800000000000000000")
		if err != nil {
			connectortest.CheckError(t, err, now)
			return
		}
		connectortest.CheckPage(t, p, canned.InputSize())
	})
}
