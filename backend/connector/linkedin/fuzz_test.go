package linkedin

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/connectortest"
)

// The three answers a fetch reads; a fuzz input replaces one of them and
// the fixtures in testdata/ give the others.
var fuzzPaths = []struct{ path, fixture string }{
	{"/rest/organizationalEntityNotifications", "testdata/notifications.json"},
	{"/rest/socialActions/", "testdata/comments.json"},
	{"/rest/posts/", "testdata/post.json"},
}

// FuzzFetch: any answer to any of the fetch's requests (status and body)
// gives a bounded page or a classified error of readable size with a sane
// retry time, never a panic.
func FuzzFetch(f *testing.F) {
	fixtures := map[string]string{}
	for i, p := range fuzzPaths {
		b, err := os.ReadFile(p.fixture)
		if err != nil {
			f.Fatal(err)
		}
		fixtures[p.path] = string(b)
		f.Add(i, 200, b)
	}
	for _, s := range []struct {
		which, status int
		body          string
	}{
		{0, 200, `{"paging":{"start":0,"count":50,"total":500},"elements":[{"action":"COMMENT","lastModifiedAt":1795417200000,"sourcePost":"urn:li:share:1","generatedActivity":"urn:li:comment:(urn:li:activity:1,2)"},{"action":"SHARE_MENTION","lastModifiedAt":1795417200000}]}`},
		{0, 200, `{"elements":[{"action":"COMMENT"}]}`},
		{1, 200, `{"elements":[{"commentUrn":"urn:li:comment:(urn:li:activity:1,2)","actor":"urn:li:organization:2414183","created":{"time":1795417200000},"message":{"text":"thanks!"},"parentComment":"urn:li:comment:(urn:li:activity:1,1)","commentsSummary":{"aggregatedTotalComments":3}}]}`},
		{2, 200, `{"id":"urn:li:share:1","commentary":"hi","createdAt":0}`},
		{0, 429, `{"status":429,"message":"Resource level throttle APPLICATION DAY limit for calls to this resource is reached."}`},
		{0, 401, `{"status":401,"serviceErrorCode":65601,"code":"REVOKED_ACCESS_TOKEN","message":"The token used in the request has been revoked by the user"}`},
		{1, 403, `{"status":403,"serviceErrorCode":100,"code":"ACCESS_DENIED","message":"Not enough permissions to access: partnerApiSocialActions.GET.20240801"}`},
		{2, 400, `{"status":400,"code":"ILLEGAL_ARGUMENT","message":"` + strings.Repeat("ß", 700) + `"}`},
		{0, 500, `<html>oops</html>`},
	} {
		f.Add(s.which, s.status, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, which, status int, body []byte) {
		fixed := map[string]string{}
		fuzzed := fuzzPaths[((which%3)+3)%3].path
		for path, fixture := range fixtures {
			if path != fuzzed {
				fixed[path] = fixture
			}
		}
		canned := connectortest.Canned{Status: status, Body: body, Fixed: fixed}
		now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
		c, err := New(connector.Config{Settings: map[string]string{"organization_id": orgID},
			Secrets: map[string]string{"access_token": "tok"}, HTTP: canned.Client(), Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		p, err := c.Fetch(context.Background(), StreamNotifications, "")
		if err != nil {
			connectortest.CheckError(t, err, now)
			return
		}
		connectortest.CheckPage(t, p, canned.InputSize())
	})
}
