package app

import (
	"context"
	"strings"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/sla"
	"careinbox/backend/store"
)

// InboxAPI is bound to the front end: the conversation list, threads and triage.
type InboxAPI struct {
	ctx   func() context.Context
	store *store.Store
	agent string
	wake  func() // pokes the outbox worker; nil when no engine runs
	sla   *sla.Service
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
	return out, toAPIError(attachDeadlines(a.ctx(), a.store, a.sla, out.Items))
}

// GetConversation returns a conversation with its whole history.
func (a *InboxAPI) GetConversation(id int64) (ConversationDetailDTO, error) {
	d, err := a.store.Conversation(a.ctx(), id)
	if err != nil {
		return ConversationDetailDTO{}, toAPIError(err)
	}
	out := detailDTO(d)
	one := []ConversationDTO{out.Conversation}
	err = attachDeadlines(a.ctx(), a.store, a.sla, one)
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
	n, err := a.store.AddNote(a.ctx(), inbox.Note{ConversationID: conversationID, Author: a.agent, Text: text})
	if err != nil {
		return NoteDTO{}, toAPIError(err)
	}
	return noteDTO(n), nil
}
