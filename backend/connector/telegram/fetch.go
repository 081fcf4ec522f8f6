package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

type getUpdates struct {
	Offset         int64    `json:"offset,omitempty"`
	Limit          int      `json:"limit"`
	Timeout        int      `json:"timeout"`
	AllowedUpdates []string `json:"allowed_updates"`
}

// Fetch implements connector.Connector. The cursor is the next offset
// (the last update_id + 1). Asking with it confirms everything before it
// on Telegram's side, and Telegram keeps unconfirmed updates for 24
// hours, so re-fetching the same cursor returns the same updates.
// Fetch does not wait for new updates (timeout 0); Wait long-polls.
func (c *Connector) Fetch(ctx context.Context, stream, cursor string) (connector.Page, error) {
	if stream != StreamUpdates {
		return connector.Page{}, connector.Errorf(connector.Permanent, nil, "Telegram has no stream %q", stream)
	}
	offset, err := parseCursor(cursor)
	if err != nil {
		return connector.Page{}, err
	}
	// The cursor asked for is the committed one (the engine stores a page's
	// cursor with its rows), so it is the one Wait may confirm up to; the
	// cursor this page hands out is not, until the engine has stored it.
	c.mu.Lock()
	c.offset = cursor
	c.mu.Unlock()
	// Each update is decoded on its own: one we cannot read is skipped (and
	// confirmed with the rest), or it would come back on every fetch and
	// hold up every update after it.
	var ups []json.RawMessage
	if err := c.call(ctx, "getUpdates", getUpdates{Offset: offset, Limit: pageLimit, AllowedUpdates: allowedUpdates}, &ups); err != nil {
		return connector.Page{}, err
	}
	b := newBuilder()
	next := offset
	for _, raw := range ups {
		id, u, err := decodeUpdate(raw)
		if id+1 > next {
			next = id + 1
		}
		if err == nil {
			err = c.addSafely(ctx, b, u)
		}
		var skip *skipError
		switch {
		case errors.As(err, &skip):
			c.log.Warn("telegram: skipped an update we cannot read", "update_id", id, "err", err)
		case err != nil:
			return connector.Page{}, err
		}
	}
	page := connector.Page{Conversations: b.list, More: len(ups) == pageLimit}
	if next > 0 {
		page.Cursor = strconv.FormatInt(next, 10)
	}
	return page, nil
}

// skipError is an update that can never be mapped; it is skipped, not retried.
type skipError struct{ err error }

func (e *skipError) Error() string { return e.err.Error() }
func (e *skipError) Unwrap() error { return e.err }

// decodeUpdate reads one update. The id comes first, on its own, so an
// update whose body breaks our types can still be confirmed past; id is
// 0 when even that cannot be read (the next update's id moves past it).
func decodeUpdate(raw json.RawMessage) (id int64, u update, err error) {
	var head struct {
		UpdateID int64 `json:"update_id"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return 0, u, &skipError{fmt.Errorf("decode update id: %w", err)}
	}
	if head.UpdateID < 0 {
		return 0, u, &skipError{fmt.Errorf("update id %d", head.UpdateID)}
	}
	if err := json.Unmarshal(raw, &u); err != nil {
		return head.UpdateID, u, &skipError{fmt.Errorf("decode update %d: %w", head.UpdateID, err)}
	}
	return head.UpdateID, u, nil
}

// addSafely maps one update; a panic while mapping (a bug meeting input
// we did not foresee) skips that update instead of failing every fetch.
func (c *Connector) addSafely(ctx context.Context, b *builder, u update) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &skipError{fmt.Errorf("mapping update %d panicked: %v\n%s", u.UpdateID, p, debug.Stack())}
		}
	}()
	return c.addUpdate(ctx, b, u)
}

func parseCursor(cursor string) (int64, error) {
	if cursor == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(cursor, 10, 64)
	if err != nil || n < 0 {
		return 0, connector.Errorf(connector.Permanent, fmt.Errorf("bad cursor %q", cursor), "the saved Telegram position is damaged; remove and add the bot again")
	}
	return n, nil
}

// Wait implements connector.Waker: a long poll at the offset of the last
// Fetch's cursor, which the engine had committed, so it confirms nothing
// that is not stored (a newer offset would drop a page whose commit
// failed). It returns as soon as Telegram has an update: at once after a
// fetch with news, so the next Fetch confirms the page it stored. Only one getUpdates may run per bot, so the
// engine must not call Wait and Fetch at the same time.
func (c *Connector) Wait(ctx context.Context) error {
	c.mu.Lock()
	cursor := c.offset
	c.mu.Unlock()
	offset, err := parseCursor(cursor)
	if err != nil {
		return err
	}
	timeout := waitSeconds
	if dl, ok := ctx.Deadline(); ok {
		timeout = min(timeout, max(int(time.Until(dl).Seconds())-1, 0))
	}
	// The client's own Timeout bounds the whole request, whatever the
	// context says: the poll must end well before it, or every idle wait
	// is cut by our side and reads as a network failure.
	if t := c.http.Timeout; t > 0 {
		timeout = min(timeout, int((t - t/4).Seconds()))
	}
	// The request may take the whole long poll and a margin for the answer.
	return c.callWithin(ctx, time.Duration(timeout+15)*time.Second, "getUpdates", getUpdates{Offset: offset, Limit: 1, Timeout: timeout, AllowedUpdates: allowedUpdates}, nil)
}

func (c *Connector) addUpdate(ctx context.Context, b *builder, u update) error {
	switch {
	case u.Message != nil:
		return c.addMessage(ctx, b, u.Message, false)
	case u.EditedMessage != nil:
		return c.addMessage(ctx, b, u.EditedMessage, true)
	case u.BusinessMessage != nil:
		return c.addMessage(ctx, b, u.BusinessMessage, false)
	case u.EditedBusinessMessage != nil:
		return c.addMessage(ctx, b, u.EditedBusinessMessage, true)
	case u.BusinessConnection != nil:
		bc := u.BusinessConnection
		c.log.Info("telegram business connection", "connection", bc.ID, "user", bc.User.ID, "enabled", bc.IsEnabled)
	}
	return nil
}

// addMessage maps a message onto a conversation:
//   - a business chat → private, "biz:<connection>:<chat>"; the business
//     owner's own messages there are outbound;
//   - a private chat with the bot → private, "chat:<chat>";
//   - a group message that mentions or answers the bot → public,
//     "chat:<chat>" (or "chat:<chat>:<topic>" in forum groups); other
//     group chatter is not customer care and is skipped.
func (c *Connector) addMessage(ctx context.Context, b *builder, m *message, edited bool) error {
	// No customer to answer: channel posts (no from), anonymous admins and
	// chats posting in a group (sender_chat, with a fake from user), other
	// bots, and service messages.
	if m.From == nil || m.SenderChat != nil || m.From.IsBot || m.service {
		return nil
	}
	var conv string
	kind := inbox.KindPrivate
	dir := inbox.Inbound
	switch {
	case m.BusinessConnectionID != "":
		conv = fmt.Sprintf("biz:%s:%d", m.BusinessConnectionID, m.Chat.ID)
		if m.From.ID != m.Chat.ID { // in a business chat the customer is the chat
			dir = inbox.Outbound
		}
	case m.Chat.Type == "private":
		conv = fmt.Sprintf("chat:%d", m.Chat.ID)
	case m.Chat.Type == "group" || m.Chat.Type == "supergroup":
		me, err := c.bot(ctx)
		if err != nil {
			return err
		}
		if !addressesBot(m, me) {
			return nil
		}
		kind = inbox.KindPublic
		conv = fmt.Sprintf("chat:%d", m.Chat.ID)
		if m.Chat.IsForum && m.MessageThreadID != 0 {
			conv += ":" + strconv.FormatInt(m.MessageThreadID, 10)
		}
	default:
		return nil
	}
	customer := participant(*m.From)
	if dir == inbox.Outbound {
		customer = inbox.Participant{Network: inbox.NetworkTelegram, RemoteID: strconv.FormatInt(m.Chat.ID, 10), Username: m.Chat.Username}
	}
	msg := connector.Message{
		RemoteID: messageID(m.Chat.ID, m.MessageID), Direction: dir,
		Text: messageText(m), SentAt: time.Unix(m.Date, 0).UTC(),
	}
	if dir == inbox.Inbound {
		msg.Author, msg.AuthorName = participant(*m.From), m.From.name()
	}
	if m.ReplyToMessage != nil {
		msg.ReplyToRemoteID = messageID(m.Chat.ID, m.ReplyToMessage.MessageID)
	}
	if edited {
		msg.Extra = map[string]any{"edited_at": time.Unix(m.EditDate, 0).UTC()}
	}
	subject := ""
	if kind == inbox.KindPublic {
		subject = m.Chat.Title
	}
	b.add(conv, kind, subject, customer, msg)
	return nil
}

// addressesBot reports whether a group message is meant for the bot: an
// @mention, a text mention of the bot user, a reply to it, or a command.
func addressesBot(m *message, me *user) bool {
	if m.ReplyToMessage != nil && m.ReplyToMessage.From != nil && m.ReplyToMessage.From.ID == me.ID {
		return true
	}
	text, ents := m.Text, m.Entities
	if text == "" {
		text, ents = m.Caption, m.CaptionEntities
	}
	for _, e := range ents {
		switch e.Type {
		case "mention":
			if strings.EqualFold(entityText(text, e), "@"+me.Username) {
				return true
			}
		case "text_mention":
			if e.User != nil && e.User.ID == me.ID {
				return true
			}
		case "bot_command":
			cmd := entityText(text, e)
			if _, at, ok := strings.Cut(cmd, "@"); !ok || strings.EqualFold(at, me.Username) {
				return true
			}
		}
	}
	return false
}

// entityText cuts an entity out of text. Telegram counts offsets in UTF-16
// code units, so an emoji before the mention shifts byte offsets. Offset
// and length come from the network: the bounds are checked without adding
// them, which would overflow for huge values.
func entityText(text string, e entity) string {
	u := utf16.Encode([]rune(text))
	if e.Offset < 0 || e.Length < 0 || e.Offset > len(u) || e.Length > len(u)-e.Offset {
		return ""
	}
	return string(utf16.Decode(u[e.Offset : e.Offset+e.Length]))
}

// messageText is the text or caption; media without words get a short
// bracketed label so the conversation is not blank.
func messageText(m *message) string {
	if m.Text != "" {
		return m.Text
	}
	label := ""
	switch {
	case len(m.Photo) > 0:
		label = "[photo]"
	case m.Video != nil:
		label = "[video]"
	case m.Voice != nil:
		label = "[voice message]"
	case m.Document != nil:
		label = "[file]"
	case m.Sticker != nil:
		label = "[sticker " + m.Sticker.Emoji + "]"
	case m.Location != nil:
		label = "[location]"
	case m.Contact != nil:
		label = "[contact]"
	default:
		label = "[unsupported message]"
	}
	if m.Caption != "" {
		return label + " " + m.Caption
	}
	return label
}

// messageID is unique per bot: Telegram numbers messages per chat.
func messageID(chatID, msgID int64) string { return fmt.Sprintf("%d:%d", chatID, msgID) }

func participant(u user) inbox.Participant {
	return inbox.Participant{Network: inbox.NetworkTelegram, RemoteID: strconv.FormatInt(u.ID, 10), Username: u.Username, DisplayName: u.name()}
}

// builder groups messages into conversations in first-seen order.
type builder struct {
	list  []connector.Conversation
	index map[string]int
}

func newBuilder() *builder { return &builder{index: map[string]int{}} }

func (b *builder) add(id string, kind inbox.Kind, subject string, customer inbox.Participant, m connector.Message) {
	i, ok := b.index[id]
	if !ok {
		i = len(b.list)
		b.index[id] = i
		b.list = append(b.list, connector.Conversation{RemoteID: id, Kind: kind, Subject: subject, Customer: customer})
	}
	if b.list[i].Customer.RemoteID == "" || m.Direction == inbox.Inbound && b.list[i].Customer.DisplayName == "" {
		b.list[i].Customer = customer
	}
	// An edit in the same page replaces the message it edits.
	for j, old := range b.list[i].Messages {
		if old.RemoteID == m.RemoteID {
			b.list[i].Messages[j] = m
			return
		}
	}
	b.list[i].Messages = append(b.list[i].Messages, m)
}
