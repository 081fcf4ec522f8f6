package app

import (
	"errors"
	"strings"
	"time"

	"careinbox/backend/store"
)

// SendReply writes a reply locally (visible at once as "queued") and hands it
// to the outbox, which sends it on the conversation's channel when the
// network is reachable. visibility is "public" (in the thread) or "private".
// The client's sign-off is added when it wants one (once, within the limit).
// The reply is held for the workspace's send delay (10 s unless changed):
// until UndoUntil, UndoSend pulls it back.
func (a *InboxAPI) SendReply(conversationID int64, text, visibility string) (MessageDTO, error) {
	if visibility != "public" && visibility != "private" {
		return MessageDTO{}, invalid("a reply is either public or private")
	}
	ctx := a.ctx()
	d, err := a.store.Conversation(ctx, conversationID)
	if err != nil {
		return MessageDTO{}, toAPIError(err)
	}
	if text, err = a.signer.sign(ctx, d.Summary, text, visibility); err != nil {
		return MessageDTO{}, toAPIError(err)
	}
	delay, err := a.store.SendDelay(ctx)
	if err != nil {
		return MessageDTO{}, toAPIError(err)
	}
	now := time.Now()
	var hold time.Time
	if delay > 0 {
		hold = now.Add(delay)
	}
	m, err := a.store.QueueHeldReply(ctx, conversationID, text, visibility, a.signer.agentFor(ctx, d.Summary.HandleName), now, hold)
	if err != nil {
		return MessageDTO{}, toAPIError(err)
	}
	if a.wake != nil {
		a.wake() // with a hold this only sets the outbox's alarm for its end
	}
	return MessageDTO{ID: m.ID, Direction: Direction(m.Direction), AuthorName: m.AuthorName, Text: m.Text,
		SentAt: msOf(m.SentAt), Delivery: Delivery(m.Delivery), UndoUntil: msOf(m.HoldUntil)}, nil
}

// UndoneReplyDTO is a reply pulled back, for the composer to show again.
type UndoneReplyDTO struct {
	ConversationID int64  `json:"conversationId"`
	Text           string `json:"text"`
	Visibility     string `json:"visibility"`
}

// UndoSend pulls back a reply still held in the outbox; once the outbox has
// started sending it, it fails with "invalid" and words saying so.
func (a *InboxAPI) UndoSend(messageID int64) (UndoneReplyDTO, error) {
	r, err := a.store.UndoSend(a.ctx(), messageID)
	if errors.Is(err, store.ErrTooLate) {
		return UndoneReplyDTO{}, invalid("Too late to undo: the reply is already being sent.")
	}
	if err != nil {
		return UndoneReplyDTO{}, toAPIError(err)
	}
	return UndoneReplyDTO{ConversationID: r.ConversationID, Text: r.Text, Visibility: r.Visibility}, nil
}

// SendDelay is the undo-send window in seconds (10 unless changed; 0: none).
func (a *InboxAPI) SendDelay() (int, error) {
	d, err := a.store.SendDelay(a.ctx())
	return int(d / time.Second), toAPIError(err)
}

// SetSendDelay sets the undo-send window, 0 to 60 seconds.
func (a *InboxAPI) SetSendDelay(seconds int) error {
	if seconds < 0 || time.Duration(seconds)*time.Second > store.MaxSendDelay {
		return invalid("the undo window is between 0 and 60 seconds")
	}
	err := a.store.SetSendDelay(a.ctx(), time.Duration(seconds)*time.Second, time.Now())
	if err != nil && strings.Contains(err.Error(), "between") {
		return invalid(err.Error())
	}
	return toAPIError(err)
}

// RetrySend queues a failed reply again.
func (a *InboxAPI) RetrySend(messageID int64) error {
	if err := a.store.RetrySend(a.ctx(), messageID); err != nil {
		return toAPIError(err)
	}
	if a.wake != nil {
		a.wake()
	}
	return nil
}
