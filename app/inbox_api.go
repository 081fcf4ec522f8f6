package app

import (
	"context"
	"strings"
	"time"

	"careinbox/backend/deadline/tracker"
	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

// inboxStore is the part of the store the InboxAPI uses: what the inbox reads and changes.
type inboxStore interface {
	AddNote(ctx context.Context, n inbox.Note) (inbox.Note, error)
	Conversation(ctx context.Context, id int64) (store.ConversationDetail, error)
	Conversations(ctx context.Context, f inbox.ConversationFilter, offset, limit int) (store.ConversationPage, error)
	MarkRead(ctx context.Context, id int64) error
	Search(ctx context.Context, input string, limit int) ([]store.SearchHit, error)
	SetStatus(ctx context.Context, ids []int64, status inbox.Status, snoozedUntil time.Time) error
	// The outbox: replies are queued locally and sent by the engine.
	QueueHeldReply(ctx context.Context, conversationID int64, text, visibility, author string, now, notBefore time.Time) (inbox.Message, error)
	RetrySend(ctx context.Context, messageID int64) error
	// Undo: a held reply pulled back, a status change put back.
	UndoSend(ctx context.Context, messageID int64) (store.UndoneReply, error)
	SendDelay(ctx context.Context) (time.Duration, error)
	SetSendDelay(ctx context.Context, d time.Duration, now time.Time) error
	StatusSnapshots(ctx context.Context, ids []int64) ([]store.StatusSnapshot, error)
	RestoreStatus(ctx context.Context, snaps []store.StatusSnapshot) error
	// Deadline chips are read beside the rows, and public-close states.
	tracker.ReadStore
	publicCloseStates
}

// InboxAPI is bound to the front end: the conversation list, threads and triage.
type InboxAPI struct {
	ctx   func() context.Context
	store inboxStore
	// signer says who is answering and adds a client's sign-off.
	signer *signer
	wake   func() // pokes the outbox worker; nil when no engine runs
	// deadlines shows each row's deadline; nil in headless commands.
	deadlines *tracker.Service
	// undo keeps the state before recent status changes, for their Undo.
	undo undoLog
}

// ListConversations returns one window of the inbox in queue order.
func (a *InboxAPI) ListConversations(filter FilterDTO, offset, limit int) (ConversationPageDTO, error) {
	f := filter.toFilter()
	if err := f.Validate(); err != nil {
		return ConversationPageDTO{}, invalid(err.Error())
	}
	page, err := a.store.Conversations(a.ctx(), f, offset, limit)
	if err != nil {
		return ConversationPageDTO{}, toAPIError(err)
	}
	out := ConversationPageDTO{Total: page.Total, Items: make([]ConversationDTO, 0, len(page.Items))}
	for _, c := range page.Items {
		out.Items = append(out.Items, conversationDTO(c))
	}
	if err := attachPublicCloses(a.ctx(), a.store, out.Items); err != nil {
		return out, toAPIError(err)
	}
	return out, toAPIError(attachDeadlines(a.ctx(), a.store, a.deadlines, out.Items))
}

// GetConversation returns a conversation with its whole history.
func (a *InboxAPI) GetConversation(id int64) (ConversationDetailDTO, error) {
	d, err := a.store.Conversation(a.ctx(), id)
	if err != nil {
		return ConversationDetailDTO{}, toAPIError(err)
	}
	out := detailDTO(d)
	one := []ConversationDTO{out.Conversation}
	err = attachDeadlines(a.ctx(), a.store, a.deadlines, one)
	if err == nil {
		err = attachPublicCloses(a.ctx(), a.store, one)
	}
	out.Conversation = one[0]
	return out, toAPIError(err)
}

// MarkRead clears a conversation's unread count.
func (a *InboxAPI) MarkRead(id int64) error {
	return toAPIError(a.store.MarkRead(a.ctx(), id))
}

// SetStatus moves conversations to open, pending, resolved or snoozed (until snoozedUntil, Unix ms).
func (a *InboxAPI) SetStatus(ids []int64, status string, snoozedUntil int64) error {
	st := inbox.Status(status)
	if !st.Valid() {
		return invalid("unknown status " + status)
	}
	var until time.Time
	if snoozedUntil > 0 {
		until = time.UnixMilli(snoozedUntil).UTC()
	}
	return toAPIError(a.store.SetStatus(a.ctx(), ids, st, until))
}

// AddNote adds an internal note, which is never sent to the customer.
func (a *InboxAPI) AddNote(conversationID int64, text string) (NoteDTO, error) {
	if strings.TrimSpace(text) == "" {
		return NoteDTO{}, invalid("the note is empty")
	}
	n, err := a.store.AddNote(a.ctx(), inbox.Note{ConversationID: conversationID, Author: a.signer.agent(a.ctx()), Text: text})
	if err != nil {
		return NoteDTO{}, toAPIError(err)
	}
	return noteDTO(n), nil
}
