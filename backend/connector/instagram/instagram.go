// Package instagram connects an Instagram professional account that is
// linked to a Facebook Page, with the Page's pasted access token ("Instagram
// API with Facebook Login"): DMs become private conversations, comments on
// the account's media public ones. Instagram messaging runs on the
// Messenger Platform, so conversations, reply windows and throttling are
// the shared backend/connector/graph code.
package instagram

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/graph"
	"careinbox/backend/inbox"
)

// Stream names.
const (
	StreamDMs      = "dms"
	StreamComments = "comments"
)

// Permissions the token needs, with what each one is for.
var Permissions = []struct{ Name, For string }{
	{"instagram_basic", "read the Instagram account and its posts"},
	{"instagram_manage_messages", "read and answer Instagram direct messages"},
	{"instagram_manage_comments", "read and answer comments on your posts"},
	{"pages_manage_metadata", "read the conversations through the linked Facebook page"},
	{"pages_show_list", "find the Instagram account linked to the page"},
}

// Connector is one Instagram professional account.
type Connector struct {
	g      *graph.Client
	pageID string
	// media is how many of the newest posts are checked for comments.
	media int
	poll  time.Duration

	mu       sync.Mutex
	igUserID string // from settings, or discovered through the page
	username string

	signIn connector.Config // set when built to sign in (Config.Authorizing)
}

var (
	_ connector.Connector = (*Connector)(nil)
	_ connector.Verifier  = (*Connector)(nil)
	_ connector.Replier   = (*Connector)(nil)
)

// New builds a connector. Settings: page_id, ig_user_id (optional: found
// through the page), base (default Graph v21.0). Secrets: page_token.
func New(cfg connector.Config) (*Connector, error) {
	if cfg.Authorizing {
		return &Connector{signIn: cfg}, nil // only Begin is called on it
	}
	g, pageID, err := graph.PageClient(cfg, "Instagram", "enter the ID of the Facebook page your Instagram account is linked to (Page → About → Page transparency, or Meta Business Suite → Settings)")
	if err != nil {
		return nil, err
	}
	c := &Connector{g: g, pageID: pageID, media: 10, poll: 2 * time.Minute,
		igUserID: strings.TrimSpace(cfg.Settings["ig_user_id"])}
	// The account's own DMs come from its IG user id, not the page's.
	g.Self = c.igUserID
	return c, nil
}

// Network implements connector.Connector.
func (c *Connector) Network() inbox.Network { return inbox.NetworkInstagram }

// Streams implements connector.Connector.
func (c *Connector) Streams() []string { return []string{StreamDMs, StreamComments} }

// PollInterval implements connector.Connector.
func (c *Connector) PollInterval() time.Duration { return c.poll }

type pageInfo struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Instagram *struct {
		ID       string `json:"id"`
		Username string `json:"username"`
		Name     string `json:"name"`
	} `json:"instagram_business_account"`
}

func (c *Connector) lookupPage(ctx context.Context) (pageInfo, error) {
	var p pageInfo
	q := url.Values{"fields": {"id,name,instagram_business_account{id,username,name}"}}
	if err := c.g.Get(ctx, "/"+url.PathEscape(c.pageID), q, &p); err != nil {
		return p, err
	}
	return p, nil
}

func noAccount(page string) error {
	return connector.Errorf(connector.Permanent, nil, "the Facebook page %s has no Instagram professional account linked to it; link it in the Instagram app (Settings → Account type and tools → Switch to professional account, then Connect a Facebook page) or in Meta Business Suite", page)
}

// igUser returns the IG user id, asking the page for it the first time
// when the settings did not name it.
func (c *Connector) igUser(ctx context.Context) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.igUserID != "" {
		return c.igUserID, nil
	}
	p, err := c.lookupPage(ctx)
	if err != nil {
		return "", err
	}
	if p.Instagram == nil || p.Instagram.ID == "" {
		return "", noAccount(c.pageID)
	}
	c.igUserID, c.username = p.Instagram.ID, p.Instagram.Username
	c.g.Self = c.igUserID
	return c.igUserID, nil
}

// Verify implements connector.Verifier: the page must have an Instagram
// professional account linked, and the token's scopes (debug_token) must
// include every permission; a missing one is named with what it is for.
func (c *Connector) Verify(ctx context.Context) (connector.Account, error) {
	p, err := c.lookupPage(ctx)
	if err != nil {
		return connector.Account{}, err
	}
	if p.Instagram == nil || p.Instagram.ID == "" {
		return connector.Account{}, noAccount(fmt.Sprintf("%q", p.Name))
	}
	c.mu.Lock()
	configured := c.igUserID
	if c.igUserID == "" {
		c.igUserID, c.g.Self = p.Instagram.ID, p.Instagram.ID
	}
	c.username = p.Instagram.Username
	c.mu.Unlock()
	a := connector.Account{RemoteID: p.Instagram.ID, Username: p.Instagram.Username, DisplayName: p.Instagram.Name}
	if a.DisplayName == "" {
		a.DisplayName = p.Instagram.Username
	}
	if configured != "" && configured != p.Instagram.ID {
		return a, connector.Errorf(connector.Permanent, nil, "the Instagram account ID %s is not the one linked to page %q (%s, @%s); clear the field or correct it", configured, p.Name, p.Instagram.ID, p.Instagram.Username)
	}
	var dbg struct {
		Data struct {
			IsValid bool     `json:"is_valid"`
			Scopes  []string `json:"scopes"`
			Type    string   `json:"type"`
		} `json:"data"`
	}
	if err := c.g.Get(ctx, "/debug_token", url.Values{"input_token": {c.g.Token}}, &dbg); err != nil {
		return a, err
	}
	if !dbg.Data.IsValid {
		return a, connector.Errorf(connector.AuthNeeded, nil, "Instagram says this access token is no longer valid; paste a new one")
	}
	if dbg.Data.Type == "USER" {
		a.Notes = append(a.Notes, "this is a user token; paste the Page's own token (Graph API Explorer → Get Page Access Token) so replies come from the account")
	}
	a.Notes = append(a.Notes, "Instagram lets you answer a direct message for 24 hours after the customer's last message, then up to 7 days as a human agent; after that the customer has to write first")
	var missing []string
	for _, perm := range Permissions {
		if !slices.Contains(dbg.Data.Scopes, perm.Name) {
			missing = append(missing, fmt.Sprintf("%s (to %s)", perm.Name, perm.For))
		}
	}
	if len(missing) > 0 {
		word := "permission"
		if len(missing) > 1 {
			word = "permissions"
		}
		return a, connector.Errorf(connector.Permanent, nil, "the token is missing the %s %s; generate a new token with it", word, strings.Join(missing, ", "))
	}
	return a, nil
}

// Fetch implements connector.Connector.
func (c *Connector) Fetch(ctx context.Context, stream, cursor string) (connector.Page, error) {
	if err := ctx.Err(); err != nil {
		return connector.Page{}, fmt.Errorf("instagram fetch: %w", err)
	}
	switch stream {
	case StreamDMs:
		if _, err := c.igUser(ctx); err != nil {
			return connector.Page{}, err
		}
		return c.g.Conversations(ctx, inbox.NetworkInstagram, "instagram", c.pageID, cursor)
	case StreamComments:
		ig, err := c.igUser(ctx)
		if err != nil {
			return connector.Page{}, err
		}
		return c.fetchComments(ctx, ig, cursor)
	default:
		return connector.Page{}, connector.Errorf(connector.Permanent, nil, "Instagram has no stream %q", stream)
	}
}

// Reply implements connector.Replier. /replies only accepts a top-level
// comment, which is the conversation.
func (c *Connector) Reply(ctx context.Context, r connector.Reply) (connector.Sent, error) {
	if _, err := c.igUser(ctx); err != nil {
		return connector.Sent{}, err
	}
	return c.g.Reply(ctx, c.pageID, graph.Platform{Network: "Instagram", Messages: "Instagram",
		DMNoun: "an Instagram direct message", CommentEdge: "replies"}, r)
}
