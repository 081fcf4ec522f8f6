package app

import (
	"time"
)

// SendReply writes a reply locally (visible at once as "queued") and hands it
// to the outbox, which sends it on the conversation's channel when the
// network is reachable. visibility is "public" (in the thread) or "private".
// The client's sign-off is added when it wants one (once, within the limit).
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
	m, err := a.store.QueueReply(ctx, conversationID, text, visibility, a.signer.agent(ctx), time.Now())
	if err != nil {
		return MessageDTO{}, toAPIError(err)
	}
	if a.wake != nil {
		a.wake()
	}
	return MessageDTO{ID: m.ID, Direction: Direction(m.Direction), AuthorName: m.AuthorName, Text: m.Text,
		SentAt: msOf(m.SentAt), Delivery: Delivery(m.Delivery)}, nil
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
