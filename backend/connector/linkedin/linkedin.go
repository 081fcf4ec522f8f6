// Package linkedin connects a LinkedIn organization (company) page through
// the Community Management API: comments on the page's posts and posts
// that mention the page, found through organizationalEntityNotifications,
// answered as comments. LinkedIn has no API for page messages, so there
// are no private conversations and private replies are refused.
package linkedin

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/httpkit"
	"careinbox/backend/inbox"
)

// StreamNotifications is the one stream: comments and mentions.
const StreamNotifications = "notifications"

// DefaultVersion is the LinkedIn-Version (YYYYMM) the connector is written
// against; LinkedIn supports each version for at least a year.
const DefaultVersion = "202411"

// NoPrivate is the refusal of a private reply, and the note "Test
// connection" shows.
const NoPrivate = "LinkedIn pages have no private messaging API, so Care Inbox can only reply in public"

// Permissions the token needs, with what each one is for.
var Permissions = []struct{ Name, For string }{
	{"rw_organization_admin", "read the page and its notifications"},
	{"r_organization_social", "read comments on the page's posts"},
	{"w_organization_social", "answer comments as the page"},
}

// Connector is one LinkedIn organization page.
type Connector struct {
	base    string
	token   string
	version string
	org     string // urn:li:organization:ID
	http    *http.Client
	now     func() time.Time
	kit     *httpkit.Client
	poll    time.Duration
}

var (
	_ connector.Connector = (*Connector)(nil)
	_ connector.Verifier  = (*Connector)(nil)
	_ connector.Replier   = (*Connector)(nil)
)

var (
	numeric = regexp.MustCompile(`^[0-9]+$`)
	version = regexp.MustCompile(`^20[0-9]{2}(0[1-9]|1[0-2])$`)
)

// New builds a connector. Settings: organization_id (numeric, or the
// urn:li:organization: URN), version (LinkedIn-Version, default
// DefaultVersion), base (default https://api.linkedin.com). Secrets:
// access_token.
func New(cfg connector.Config) (*Connector, error) {
	id := strings.TrimPrefix(strings.TrimSpace(cfg.Settings["organization_id"]), "urn:li:organization:")
	if !numeric.MatchString(id) {
		return nil, connector.Errorf(connector.Permanent, nil, "enter the page's numeric organization ID (in the page's admin view the address is linkedin.com/company/<ID>/admin)")
	}
	token := strings.TrimSpace(cfg.Secrets["access_token"])
	if token == "" {
		return nil, connector.Errorf(connector.AuthNeeded, nil, "paste an access token from your LinkedIn app for organization %s", id)
	}
	v := strings.TrimSpace(cfg.Settings["version"])
	if v == "" {
		v = DefaultVersion
	}
	if !version.MatchString(v) {
		return nil, connector.Errorf(connector.Permanent, nil, "the LinkedIn API version %q is not of the form YYYYMM, e.g. %s", v, DefaultVersion)
	}
	base := strings.TrimSuffix(strings.TrimSpace(cfg.Settings["base"]), "/")
	if base == "" {
		base = "https://api.linkedin.com"
	}
	c := &Connector{base: base, token: token, version: v, org: "urn:li:organization:" + id,
		http: cfg.HTTP, now: cfg.Now, poll: 5 * time.Minute}
	if c.http == nil {
		c.http = http.DefaultClient
	}
	if c.now == nil {
		c.now = time.Now
	}
	c.kit = &httpkit.Client{Network: "LinkedIn", HTTP: c.http, Now: c.now, Secrets: []string{token}, Refine: c.refine}
	return c, nil
}

// Network implements connector.Connector.
func (c *Connector) Network() inbox.Network { return inbox.NetworkLinkedIn }

// Streams implements connector.Connector.
func (c *Connector) Streams() []string { return []string{StreamNotifications} }

// PollInterval implements connector.Connector. LinkedIn's limits are
// daily, so a calm interval keeps replies possible late in the day.
func (c *Connector) PollInterval() time.Duration { return c.poll }

// Verify implements connector.Verifier. LinkedIn offers pages no token
// introspection, so each permission is proved by a call that needs it: the
// page (rw_organization_admin), the member's administrator role on it, and
// the page's posts (r_organization_social). w_organization_social cannot be
// proved without posting; a Note says so.
func (c *Connector) Verify(ctx context.Context) (connector.Account, error) {
	id := strings.TrimPrefix(c.org, "urn:li:organization:")
	var org struct {
		ID            int64  `json:"id"`
		LocalizedName string `json:"localizedName"`
		VanityName    string `json:"vanityName"`
	}
	if _, err := c.do(ctx, http.MethodGet, "/rest/organizations/"+id, "", nil, &org); err != nil {
		return connector.Account{}, missing(err, 0)
	}
	a := connector.Account{RemoteID: c.org, Username: org.VanityName, DisplayName: org.LocalizedName,
		Notes: []string{NoPrivate,
			"replying needs the w_organization_social permission, which can only be checked by replying"}}
	var acls struct {
		Elements []struct {
			Organization string `json:"organization"`
			Role         string `json:"role"`
			State        string `json:"state"`
		} `json:"elements"`
	}
	q := "q=roleAssignee&role=ADMINISTRATOR&state=APPROVED&count=100"
	if _, err := c.do(ctx, http.MethodGet, "/rest/organizationAcls", q, nil, &acls); err != nil {
		return a, missing(err, 0)
	}
	admin := false
	for _, e := range acls.Elements {
		admin = admin || e.Organization == c.org && e.Role == "ADMINISTRATOR" && e.State == "APPROVED"
	}
	if !admin {
		return a, connector.Errorf(connector.Permanent, nil, "the member who created this token is not an administrator of the page %q; a page admin has to create it", org.LocalizedName)
	}
	q = "q=author&author=" + urnEscape(c.org) + "&count=1"
	if _, err := c.do(ctx, http.MethodGet, "/rest/posts", q, nil, &struct{}{}); err != nil {
		return a, missing(err, 1)
	}
	return a, nil
}

// missing names the permission a 403 in Verify stands for.
func missing(err error, perm int) error {
	if ce, ok := connector.Classify(err); ok && ce.Kind == connector.Permanent && strings.Contains(ce.Err.Error(), "403") {
		p := Permissions[perm]
		ce.Message = fmt.Sprintf("the token is missing the permission %s (to %s); your LinkedIn app needs the Community Management API product, then create a new token with it", p.Name, p.For)
	}
	return err
}

// Reply implements connector.Replier: a comment as the page, threaded
// under the conversation's top-level comment (LinkedIn nests one level).
func (c *Connector) Reply(ctx context.Context, r connector.Reply) (connector.Sent, error) {
	if r.Visibility == connector.Private {
		return connector.Sent{}, connector.Errorf(connector.Permanent, nil, NoPrivate)
	}
	if strings.TrimSpace(r.Text) == "" {
		return connector.Sent{}, connector.Errorf(connector.Permanent, nil, "the reply is empty")
	}
	body := map[string]any{"actor": c.org, "message": map[string]string{"text": r.Text}}
	var target string
	switch kind, urn, _ := strings.Cut(r.ConversationRemoteID, ":"); kind {
	case "comment":
		object, ok := commentObject(urn)
		if !ok {
			return connector.Sent{}, connector.Errorf(connector.Permanent, nil, "%q is not a LinkedIn comment", urn)
		}
		target, body["object"], body["parentComment"] = urn, object, urn
	case "post":
		target, body["object"] = urn, urn
	default:
		return connector.Sent{}, connector.Errorf(connector.Permanent, nil, "%q is not a LinkedIn conversation", r.ConversationRemoteID)
	}
	var out comment
	h, err := c.do(ctx, http.MethodPost, "/rest/socialActions/"+urnEscape(target)+"/comments", "", body, &out)
	if err != nil {
		return connector.Sent{}, err
	}
	id := out.urn()
	if id == "" {
		id = h.Get("X-Restli-Id")
	}
	if id == "" {
		return connector.Sent{}, connector.Errorf(connector.Temporary, nil, "LinkedIn accepted the comment but sent no id")
	}
	return connector.Sent{RemoteID: id, SentAt: c.now()}, nil
}

// commentObject reads the activity a comment URN belongs to:
// urn:li:comment:(urn:li:activity:1,2) → urn:li:activity:1.
func commentObject(urn string) (string, bool) {
	inner, ok := strings.CutPrefix(urn, "urn:li:comment:(")
	if !ok || !strings.HasSuffix(inner, ")") {
		return "", false
	}
	object, _, ok := strings.Cut(strings.TrimSuffix(inner, ")"), ",")
	return object, ok && object != ""
}
