// Package facebook connects a Facebook Page with a pasted Page (or
// system-user) access token: Messenger conversations become private
// conversations, comments on the page's posts public ones. Graph API
// plumbing shared with Instagram lives in backend/connector/graph.
package facebook

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/graph"
	"careinbox/backend/inbox"
)

// Stream names.
const (
	StreamMessenger = "messenger"
	StreamComments  = "comments"
)

// Permissions the token needs, with what each one is for.
var Permissions = []struct{ Name, For string }{
	{"pages_messaging", "read and answer Messenger conversations"},
	{"pages_read_engagement", "read the page's posts"},
	{"pages_manage_metadata", "read the page's conversations"},
	{"pages_read_user_content", "read comments on the page's posts"},
	{"pages_manage_engagement", "answer comments"},
}

// Connector is one Facebook Page.
type Connector struct {
	g      *graph.Client
	pageID string
	poll   time.Duration
	// posts is how many of the newest posts are checked for comments.
	posts int

	signIn connector.Config // set when built to sign in (Config.Authorizing)
}

var (
	_ connector.Connector = (*Connector)(nil)
	_ connector.Verifier  = (*Connector)(nil)
	_ connector.Replier   = (*Connector)(nil)
)

// New builds a connector. Settings: page_id, base (default Graph v21.0).
// Secrets: page_token.
func New(cfg connector.Config) (*Connector, error) {
	if cfg.Authorizing {
		return &Connector{signIn: cfg}, nil // only Begin is called on it
	}
	g, pageID, err := graph.PageClient(cfg, "Facebook", "enter the page ID (Page → About → Page transparency, or Meta Business Suite → Settings)")
	if err != nil {
		return nil, err
	}
	return &Connector{g: g, pageID: pageID, poll: 2 * time.Minute, posts: 10}, nil
}

// Network implements connector.Connector.
func (c *Connector) Network() inbox.Network { return inbox.NetworkFacebook }

// Streams implements connector.Connector.
func (c *Connector) Streams() []string { return []string{StreamMessenger, StreamComments} }

// PollInterval implements connector.Connector.
func (c *Connector) PollInterval() time.Duration { return c.poll }

// Verify implements connector.Verifier: the page must answer, and the
// token's scopes (debug_token) must include every permission; a missing
// one is named with what it is for.
func (c *Connector) Verify(ctx context.Context) (connector.Account, error) {
	var page struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	if err := c.g.Get(ctx, "/"+url.PathEscape(c.pageID), url.Values{"fields": {"id,name"}}, &page); err != nil {
		return connector.Account{}, err
	}
	a := connector.Account{RemoteID: page.ID, Username: page.ID, DisplayName: page.Name}
	var dbg struct {
		Data struct {
			IsValid bool     `json:"is_valid"`
			Scopes  []string `json:"scopes"`
			Type    string   `json:"type"`
			Profile string   `json:"profile_id"`
		} `json:"data"`
	}
	if err := c.g.Get(ctx, "/debug_token", url.Values{"input_token": {c.g.Token}}, &dbg); err != nil {
		return a, err
	}
	if !dbg.Data.IsValid {
		return a, connector.Errorf(connector.AuthNeeded, nil, "Facebook says this access token is no longer valid; paste a new one")
	}
	if dbg.Data.Type == "USER" {
		a.Notes = append(a.Notes, "this is a user token; paste the Page's own token (Graph API Explorer → Get Page Access Token) so replies come from the page")
	}
	var missing []string
	for _, p := range Permissions {
		if !slices.Contains(dbg.Data.Scopes, p.Name) {
			missing = append(missing, fmt.Sprintf("%s (to %s)", p.Name, p.For))
		}
	}
	if len(missing) > 0 {
		return a, connector.Errorf(connector.Permanent, nil, "the token is missing the permission %s; generate a new token with it", strings.Join(missing, ", "))
	}
	return a, nil
}

// Fetch implements connector.Connector.
func (c *Connector) Fetch(ctx context.Context, stream, cursor string) (connector.Page, error) {
	switch stream {
	case StreamMessenger:
		return c.g.Conversations(ctx, inbox.NetworkFacebook, "messenger", c.pageID, cursor)
	case StreamComments:
		return c.fetchComments(ctx, cursor)
	default:
		return connector.Page{}, connector.Errorf(connector.Permanent, nil, "Facebook has no stream %q", stream)
	}
}

// Reply implements connector.Replier.
func (c *Connector) Reply(ctx context.Context, r connector.Reply) (connector.Sent, error) {
	return c.g.Reply(ctx, c.pageID, graph.Platform{Network: "Facebook", Messages: "Messenger",
		DMNoun: "a Messenger conversation", CommentEdge: "comments"}, r)
}
