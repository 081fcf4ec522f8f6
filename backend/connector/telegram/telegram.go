// Package telegram connects a Telegram bot, whose token the user pastes
// from @BotFather: private chats with the bot, mentions of it in groups,
// and Telegram Business chats the bot is connected to become
// conversations; replies go back with sendMessage.
//
// It speaks the Bot API with plain net/http and JSON: the API is a handful
// of POSTs, and owning the transport lets us classify every failure and
// keep the token (which is part of every URL) out of errors and logs.
package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/httpkit"
	"careinbox/backend/inbox"
)

// StreamUpdates is the only stream: getUpdates delivers everything in one
// ordered feed with one offset.
const StreamUpdates = "updates"

const (
	defaultBase = "https://api.telegram.org"
	pageLimit   = 100 // getUpdates' maximum
	// waitSeconds is the long-poll timeout of Wait; Telegram allows up to
	// 50 and answers at once when an update is pending.
	waitSeconds = 50
	// maxRetryAfter caps a retry_after (seconds): a hostile or broken
	// answer must not silence the bot for years.
	maxRetryAfter = 24 * 60 * 60
)

// allowedUpdates names what getUpdates should deliver. Telegram remembers
// the last list sent, so it is sent on every call.
var allowedUpdates = []string{"message", "edited_message", "business_message", "edited_business_message", "business_connection"}

// Connector is one bot.
type Connector struct {
	base  string
	token string
	http  *http.Client
	log   *slog.Logger
	now   func() time.Time

	kit *httpkit.Client

	mu     sync.Mutex
	me     *user  // the bot, after getMe
	offset string // the cursor of the last Fetch (committed), for Wait
}

var (
	_ connector.Connector = (*Connector)(nil)
	_ connector.Verifier  = (*Connector)(nil)
	_ connector.Replier   = (*Connector)(nil)
	_ connector.Waker     = (*Connector)(nil)
)

// New builds a connector. Secrets: bot_token. Settings: api_base (only for
// tests or a self-hosted Bot API server).
func New(cfg connector.Config) (*Connector, error) {
	token := strings.TrimSpace(cfg.Secrets["bot_token"])
	if token == "" {
		return nil, connector.Errorf(connector.AuthNeeded, nil, "paste the bot token from @BotFather")
	}
	if !strings.Contains(token, ":") || strings.ContainsAny(token, "/?# ") {
		return nil, connector.Errorf(connector.AuthNeeded, nil, "this does not look like a bot token; @BotFather shows it as 123456789:ABC…")
	}
	base := strings.TrimSuffix(cfg.Settings["api_base"], "/")
	if base == "" {
		base = defaultBase
	}
	c := &Connector{base: base, token: token, http: cfg.HTTP, log: cfg.Logger, now: cfg.Now}
	if c.http == nil {
		c.http = http.DefaultClient
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.now == nil {
		c.now = time.Now
	}
	// The token is part of every URL: transport errors quote it.
	// HoldOnLimit: after a 429 nothing in that bucket is sent before
	// Telegram's retry_after, so the long poll (Wait) and Fetch, which share
	// the getUpdates bucket, both honour it.
	c.kit = &httpkit.Client{Network: "Telegram", HTTP: c.http, Now: func() time.Time { return c.now() },
		MaxBody: 32 << 20, Secrets: []string{token}, Refine: c.refine, HoldOnLimit: true}
	return c, nil
}

// Network implements connector.Connector.
func (c *Connector) Network() inbox.Network { return inbox.NetworkTelegram }

// Streams implements connector.Connector.
func (c *Connector) Streams() []string { return []string{StreamUpdates} }

// PollInterval implements connector.Connector. Wait long-polls, so the
// timer is only the safety net.
func (c *Connector) PollInterval() time.Duration { return 2 * time.Minute }

// Verify implements connector.Verifier ("Test connection").
func (c *Connector) Verify(ctx context.Context) (connector.Account, error) {
	var me user
	if err := c.call(ctx, "getMe", nil, &me); err != nil {
		return connector.Account{}, err
	}
	c.mu.Lock()
	c.me = &me
	c.mu.Unlock()
	a := connector.Account{RemoteID: fmt.Sprint(me.ID), Username: "@" + me.Username, DisplayName: me.FirstName}
	if !me.CanReadAllGroupMessages {
		a.Notes = append(a.Notes, "In groups the bot only sees messages that mention it or reply to it (privacy mode).")
	}
	if !me.CanConnectToBusiness {
		a.Notes = append(a.Notes, "To answer Telegram Business chats, turn on Business Mode for the bot in @BotFather, then connect it in Telegram's Business settings.")
	}
	return a, nil
}

func (c *Connector) bot(ctx context.Context) (*user, error) {
	c.mu.Lock()
	me := c.me
	c.mu.Unlock()
	if me != nil {
		return me, nil
	}
	if _, err := c.Verify(ctx); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.me, nil
}

// apiResponse is the Bot API envelope.
type apiResponse struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  *struct {
		RetryAfter      int   `json:"retry_after"`
		MigrateToChatID int64 `json:"migrate_to_chat_id"`
	} `json:"parameters"`
}

// call POSTs params as JSON to METHOD and decodes the result into out.
func (c *Connector) call(ctx context.Context, method string, params any, out any) error {
	return c.callWithin(ctx, 0, method, params, out)
}

// callWithin is call with its own timeout (0 = the kit's), for long polls.
func (c *Connector) callWithin(ctx context.Context, timeout time.Duration, method string, params any, out any) error {
	r := httpkit.Request{Op: "telegram " + method, Bucket: bucket(method), Method: http.MethodPost, URL: c.base + "/bot" + c.token + "/" + method,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte{}, Timeout: timeout}
	if params != nil {
		b, err := json.Marshal(params)
		if err != nil {
			return fmt.Errorf("telegram %s: encode: %w", method, err)
		}
		r.Body = b
	}
	a, err := c.kit.Do(ctx, r)
	if err != nil {
		return err
	}
	var env apiResponse
	if err := a.Decode(&env); err != nil || (!env.OK && env.ErrorCode == 0) {
		return connector.Errorf(connector.Temporary, fmt.Errorf("telegram %s: unreadable answer (%d)", method, a.Status),
			"Telegram sent an answer we could not read; retrying")
	}
	if !env.OK {
		return c.classify(method, env, time.Time{})
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(env.Result, out); err != nil {
		return connector.Errorf(connector.Temporary, fmt.Errorf("telegram %s: decode result: %w", method, err),
			"Telegram sent an answer we could not read; retrying")
	}
	return nil
}

// refine reads the Bot API envelope of a refused answer: Telegram's own
// error code and retry_after say more than the HTTP status.
func (c *Connector) refine(ce *connector.Error, r httpkit.Request, a *httpkit.Answer) error {
	var env apiResponse
	if a.Decode(&env) != nil || env.OK || env.ErrorCode == 0 {
		return ce
	}
	return c.classify(strings.TrimPrefix(r.Op, "telegram "), env, ce.RetryAt)
}

// bucket is the rate-limit window a method counts against: a 429 on the
// feed holds the feed (Fetch and the long poll), one on sending holds
// sending.
func bucket(method string) string {
	if method == "getUpdates" {
		return "updates"
	}
	return ""
}

// migratedError says a group was upgraded to a supergroup: the chat has a
// new id (parameters.migrate_to_chat_id) and the old one is refused.
type migratedError struct {
	to  int64
	err error
}

func (e *migratedError) Error() string { return e.err.Error() }
func (e *migratedError) Unwrap() error { return e.err }

// classify turns a Bot API error into plain words. Descriptions are
// Telegram's English sentences; they go into the wrapped error for the log.
// retryAt is what the HTTP headers said (zero when they did not), used
// when a 429's body has no retry_after.
func (c *Connector) classify(method string, r apiResponse, retryAt time.Time) error {
	err := fmt.Errorf("telegram %s: %d %s", method, r.ErrorCode, r.Description)
	desc := strings.ToLower(r.Description)
	switch {
	case r.ErrorCode == http.StatusUnauthorized || r.ErrorCode == http.StatusNotFound:
		// 404 is what Telegram answers for a token that never existed.
		return connector.Errorf(connector.AuthNeeded, err, "the bot token was revoked — paste a new one from @BotFather")
	case r.ErrorCode == http.StatusTooManyRequests:
		at := retryAt
		if r.Parameters != nil && r.Parameters.RetryAfter > 0 {
			at = c.now().Add(time.Duration(min(r.Parameters.RetryAfter, maxRetryAfter)) * time.Second)
		}
		if at.IsZero() {
			at = c.now().Add(time.Minute)
		}
		return connector.Limited(at, err, "Telegram asked us to slow down until %s", at.Local().Format("15:04:05"))
	case r.ErrorCode == http.StatusConflict && strings.Contains(desc, "webhook"):
		return connector.Errorf(connector.Permanent, err, "this bot sends its messages to a webhook; remove the webhook (deleteWebhook) so Care Inbox can read them")
	case r.ErrorCode == http.StatusConflict:
		return connector.Errorf(connector.Temporary, err, "another program is reading this bot's messages at the same time; stop it so Care Inbox gets them")
	case r.ErrorCode == http.StatusForbidden && strings.Contains(desc, "blocked"):
		return connector.Errorf(connector.Permanent, err, "the customer blocked the bot, so it cannot write to them")
	case r.ErrorCode == http.StatusForbidden && strings.Contains(desc, "initiate"):
		// A private answer to a group mention: bots may only write to
		// people who started a chat with them.
		return connector.Errorf(connector.Permanent, err, "the customer has not started a chat with the bot, so it cannot write to them privately; answer in the group")
	case r.ErrorCode == http.StatusForbidden:
		return connector.Errorf(connector.Permanent, err, "Telegram does not let the bot write there (it may have been removed from the chat)")
	case r.Parameters != nil && r.Parameters.MigrateToChatID != 0:
		// Refused, so nothing was sent: Reply sends again to the new id.
		return connector.Errorf(connector.Permanent, &migratedError{to: r.Parameters.MigrateToChatID, err: err},
			"the group became a supergroup with a new id; Telegram refused the old one")
	case r.ErrorCode == http.StatusBadRequest && strings.Contains(desc, "message is too long"):
		return connector.Errorf(connector.Permanent, err, "Telegram messages are limited to %d characters; shorten the reply", maxText)
	case r.ErrorCode >= 500:
		return connector.Errorf(connector.Temporary, err, "Telegram is having trouble (%d); retrying", r.ErrorCode)
	default:
		return connector.Errorf(connector.Permanent, err, "Telegram refused the request: %s", r.Description)
	}
}
