package x

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"careinbox/backend/connector"
)

const (
	// findPostPages bounds how many pages (of 100) of the account's own
	// posts FindSent reads: every read is billed, and a busy account that
	// posted more than this since the answered post is rare enough to
	// leave to the user.
	findPostPages = 5
	// findDMPages bounds the DM conversation pages read: that lookup shares
	// the scarce DM window (15 requests per 15 minutes).
	findDMPages = 3
)

var _ connector.SentFinder = (*Connector)(nil)

// snowflake matches X's ids as the contract declares them; anything else
// in a path or since_id is refused by X with a 400 before it acts.
var snowflake = regexp.MustCompile(`^[0-9]{1,19}$`)

// FindSent implements connector.SentFinder. X takes no idempotency key, so
// a reply whose answer was lost is looked for by what it is: a post of the
// account answering the same post with the same text, or a DM from the
// account to the customer with the same text, newer than the message
// answered (ids are snowflakes, ordered by time, posts and DM events
// alike). The conversation's other replies from Care Inbox (Reply.Earlier)
// are never this one; any other stored id may be — sync stores the
// account's own DMs, so this very reply may be stored before its answer
// was known. A lookup that cannot cover the whole window is an error,
// not "never sent": the engine then waits or asks the user.
func (c *Connector) FindSent(ctx context.Context, r connector.Reply) (connector.Sent, bool, error) {
	// What Reply refuses locally never reached X.
	if strings.TrimSpace(r.Text) == "" {
		return connector.Sent{}, false, nil
	}
	if r.Visibility == connector.Private {
		return c.findDM(ctx, r)
	}
	target := r.InReplyTo
	if target == "" {
		target = strings.TrimPrefix(r.ConversationRemoteID, "post:")
	}
	if !snowflake.MatchString(target) || Weight(r.Text) > MaxLength {
		return connector.Sent{}, false, nil
	}
	return c.findPost(ctx, r, target)
}

// findPost walks the account's posts newer than target (GET
// /2/users/{id}/tweets with since_id, newest first) for a reply to target
// with the reply's text.
func (c *Connector) findPost(ctx context.Context, r connector.Reply, target string) (connector.Sent, bool, error) {
	me, err := c.me(ctx)
	if err != nil {
		return connector.Sent{}, false, err
	}
	want := comparable(r.Text)
	q := url.Values{
		"max_results": {"100"},
		"since_id":    {target},
		"exclude":     {"retweets"}, // a repost is never the reply
		"post.fields": {"created_at,conversation_id,text,note_post"},
		"expansions":  {"referenced_posts"},
	}
	path := "/2/users/" + url.PathEscape(me) + "/tweets"
	for range findPostPages {
		var out struct {
			Data   []post    `json:"data"`
			Meta   meta      `json:"meta"`
			Errors []problem `json:"errors"`
		}
		if _, err := c.call(ctx, "timeline", http.MethodGet, path, q, nil, &out); err != nil {
			return connector.Sent{}, false, err
		}
		if err := c.partial("account's posts", len(out.Data), out.Errors); err != nil {
			return connector.Sent{}, false, err
		}
		var match *post
		for i := range out.Data {
			p := &out.Data[i]
			if !newer(p.ID, target) || !repliesTo(*p, target) || slices.Contains(r.Earlier, p.ID) {
				continue
			}
			if sameText(want, p.fullText(), p.Text) {
				match = p // newest first: the last match is the first send
			}
		}
		if match != nil {
			return connector.Sent{RemoteID: match.ID, SentAt: match.CreatedAt}, true, nil
		}
		if out.Meta.NextToken == "" {
			return connector.Sent{}, false, nil
		}
		q.Set("pagination_token", out.Meta.NextToken)
	}
	return connector.Sent{}, false, connector.Errorf(connector.Permanent, nil,
		"cannot tell whether this reply went out: the account has posted more than %d times since the post it answers; check the conversation on X", findPostPages*100)
}

func repliesTo(p post, target string) bool {
	for _, ref := range p.Referenced {
		if ref.Type == "replied_to" && ref.ID == target {
			return true
		}
	}
	return false
}

// findDM walks the DM conversation with the customer (the one Reply writes
// to), newest first, down to the message answered.
func (c *Connector) findDM(ctx context.Context, r connector.Reply) (connector.Sent, bool, error) {
	to := r.Customer.RemoteID
	if !snowflake.MatchString(to) || dmLength(r.Text) > MaxDMLength {
		return connector.Sent{}, false, nil
	}
	me, err := c.me(ctx)
	if err != nil {
		return connector.Sent{}, false, err
	}
	// The answered message bounds the walk: a DM id or, for a public post
	// answered in private, the post id (both snowflakes). Without one the
	// walk must reach the conversation's start.
	anchor := strings.TrimPrefix(r.InReplyTo, "dm:")
	if !snowflake.MatchString(anchor) {
		anchor = ""
	}
	want := comparable(r.Text)
	q := url.Values{
		"max_results":     {strconv.Itoa(dmPage)},
		"event_types":     {"MessageCreate"},
		"dm_event.fields": {"id,text,created_at,dm_conversation_id,event_type"},
		"expansions":      {"sender_id"},
	}
	path := "/2/dm_conversations/with/" + url.PathEscape(to) + "/dm_events"
	var match *dmEvent
	for range findDMPages {
		var out struct {
			Data   []dmEvent `json:"data"`
			Meta   meta      `json:"meta"`
			Errors []problem `json:"errors"`
		}
		if _, err := c.call(ctx, "dm_lookup", http.MethodGet, path, q, nil, &out); err != nil {
			return connector.Sent{}, false, err
		}
		if err := c.partial("direct messages", len(out.Data), out.Errors); err != nil {
			return connector.Sent{}, false, err
		}
		reached := false
		for i := range out.Data {
			e := &out.Data[i]
			if anchor != "" && !newer(e.ID, anchor) {
				reached = true
				break
			}
			if e.SenderID != me || !sameText(want, unescapePost.Replace(e.Text), e.Text) {
				continue
			}
			if slices.Contains(r.Earlier, "dm:"+e.ID) {
				continue
			}
			match = e // newest first: the last match is the first send
		}
		if match != nil {
			return connector.Sent{RemoteID: "dm:" + match.ID, SentAt: match.CreatedAt}, true, nil
		}
		if reached || out.Meta.NextToken == "" {
			return connector.Sent{}, false, nil
		}
		q.Set("pagination_token", out.Meta.NextToken)
	}
	return connector.Sent{}, false, connector.Errorf(connector.Permanent, nil,
		"cannot tell whether this reply went out: the conversation has more than %d DMs since the message it answers; check the conversation on X", findDMPages*dmPage)
}

// sameText compares a reply as written with its text as X shows it, given
// unescaped and raw (X escapes & < > in post text; either form may be what
// X stored, so a text matching either is the same).
func sameText(want, unescaped, raw string) bool {
	return want == comparable(unescaped) || want == comparable(raw)
}

// linkMark stands for any link: X shortens every link to a t.co one, so
// the link as written and the link as shown never compare equal.
const linkMark = "\x00link"

// comparable is text as it can be compared with X's copy: NFC, links
// replaced by linkMark, leading @mentions dropped (X adds the replied-to
// author's to a reply) and whitespace collapsed.
func comparable(s string) string {
	s = norm.NFC.String(s)
	s = urlPattern.ReplaceAllStringFunc(s, func(u string) string {
		trimmed := strings.TrimRight(u, `.,:;!?'")]}`)
		return " " + linkMark + " " + u[len(trimmed):]
	})
	words := strings.Fields(s)
	for len(words) > 0 && strings.HasPrefix(words[0], "@") {
		words = words[1:]
	}
	return strings.Join(words, " ")
}
