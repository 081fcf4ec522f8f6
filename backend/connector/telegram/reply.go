package telegram

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"careinbox/backend/connector"
)

type replyParameters struct {
	MessageID int64 `json:"message_id"`
	// The customer may have deleted the message meanwhile; the answer
	// should still arrive.
	AllowSendingWithoutReply bool `json:"allow_sending_without_reply"`
}

type sendMessage struct {
	BusinessConnectionID string           `json:"business_connection_id,omitempty"`
	ChatID               int64            `json:"chat_id"`
	MessageThreadID      int64            `json:"message_thread_id,omitempty"`
	Text                 string           `json:"text"`
	ReplyParameters      *replyParameters `json:"reply_parameters,omitempty"`
}

// maxText is sendMessage's limit (characters after entity parsing; we
// send no entities).
const maxText = 4096

// Reply implements connector.Replier. The conversation id says where the
// answer goes: a business chat needs its business_connection_id, a forum
// topic its message_thread_id. A public reply is a reply in the group; a
// private one needs the customer to have started a chat with the bot, and
// Telegram refuses it otherwise (403, classified permanent).
//
// The Bot API has no idempotency key and no way to read a chat's history,
// so a send that may or may not have happened cannot be looked up; the
// connector does not implement connector.SentFinder.
func (c *Connector) Reply(ctx context.Context, r connector.Reply) (connector.Sent, error) {
	text := strings.TrimSpace(r.Text)
	if text == "" {
		return connector.Sent{}, connector.Errorf(connector.Permanent, nil, "the reply is empty")
	}
	if utf8.RuneCountInString(text) > maxText {
		return connector.Sent{}, connector.Errorf(connector.Permanent, nil, "Telegram messages are limited to %d characters; shorten the reply", maxText)
	}
	p, err := target(r)
	if err != nil {
		return connector.Sent{}, err
	}
	p.Text = text
	if r.InReplyTo != "" {
		chatID, msgID, ok := splitMessageID(r.InReplyTo)
		if ok && chatID == p.ChatID {
			p.ReplyParameters = &replyParameters{MessageID: msgID, AllowSendingWithoutReply: true}
		}
	}
	var m message
	err = c.call(ctx, "sendMessage", p, &m)
	var moved *migratedError
	if errors.As(err, &moved) {
		// Telegram refused the old group id, so nothing went out: send once
		// to the supergroup. Message ids there are not the old chat's, so
		// the reply is no longer a reply to one.
		p.ChatID, p.ReplyParameters = moved.to, nil
		err = c.call(ctx, "sendMessage", p, &m)
	}
	if err != nil {
		return connector.Sent{}, err
	}
	return connector.Sent{RemoteID: messageID(m.Chat.ID, m.MessageID), SentAt: time.Unix(m.Date, 0).UTC()}, nil
}

// target reads the chat (and business connection or topic) from the
// conversation id written by Fetch. A private answer to a group mention
// goes to the customer's own chat with the bot.
func target(r connector.Reply) (sendMessage, error) {
	bad := connector.Errorf(connector.Permanent, fmt.Errorf("conversation %q", r.ConversationRemoteID), "this is not a Telegram conversation Care Inbox can answer")
	parts := strings.Split(r.ConversationRemoteID, ":")
	var p sendMessage
	var err error
	switch {
	case len(parts) == 3 && parts[0] == "biz":
		p.BusinessConnectionID = parts[1]
		p.ChatID, err = strconv.ParseInt(parts[2], 10, 64)
	case (len(parts) == 2 || len(parts) == 3) && parts[0] == "chat":
		p.ChatID, err = strconv.ParseInt(parts[1], 10, 64)
		if err == nil && len(parts) == 3 {
			p.MessageThreadID, err = strconv.ParseInt(parts[2], 10, 64)
		}
	case r.Visibility == connector.Private:
		// A private conversation Care Inbox started itself (moving a public
		// one to private) has no chat id yet: the user's own chat has the
		// user's id.
		p.ChatID = -1
	default:
		return p, bad
	}
	if err != nil {
		return p, bad
	}
	if r.Visibility == connector.Private && p.ChatID < 0 { // groups have negative ids
		uid, err := strconv.ParseInt(r.Customer.RemoteID, 10, 64)
		if err != nil {
			return p, connector.Errorf(connector.Permanent, err, "the customer's Telegram id is unknown, so a private message cannot be sent")
		}
		p = sendMessage{ChatID: uid}
	}
	return p, nil
}

func splitMessageID(id string) (chatID, msgID int64, ok bool) {
	a, b, found := strings.Cut(id, ":")
	if !found {
		return 0, 0, false
	}
	chatID, err1 := strconv.ParseInt(a, 10, 64)
	msgID, err2 := strconv.ParseInt(b, 10, 64)
	return chatID, msgID, err1 == nil && err2 == nil
}
