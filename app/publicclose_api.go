package app

import (
	"context"
	"errors"
	"strings"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/publicclose"
	"careinbox/backend/store"
)

// publicCloseStore is the part of the store finishing in public uses.
type publicCloseStore interface {
	publicCloseStates
	PublicCloseOf(ctx context.Context, conversationID int64) (*store.PublicClose, error)
	LogOffline(ctx context.Context, conversationID int64, channel, note string, done bool, author string, now time.Time) error
	OfflineDone(ctx context.Context, conversationID int64, note string, now time.Time) error
	SendPublicClose(ctx context.Context, conversationID int64, text, author string, now time.Time) (inbox.Message, error)
	DismissPublicClose(ctx context.Context, conversationID int64, reason, author string, now time.Time) error
	PublicCloseSettings(ctx context.Context, clientID int64) (publicclose.Settings, error)
	SetPublicCloseSettings(ctx context.Context, clientID int64, set publicclose.Settings, now time.Time) error
}

// publicCloseStates reads the list rows' unfinished loops.
type publicCloseStates interface {
	PublicCloseStates(ctx context.Context, ids []int64) (map[int64]store.PublicClose, error)
}

// PublicCloseAPI is bound to the front end: finishing in public — a public
// thread taken private or handled offline waits for its public closing reply.
type PublicCloseAPI struct {
	ctx   func() context.Context
	store publicCloseStore
	// agent is who a closing note or log entry is signed by (signer.agentOf).
	agent func(ctx context.Context, conversationID int64) string
	now   func() time.Time
	wake  func() // pokes the outbox worker; nil when no engine runs
}

// PublicCloseEventDTO is one line of a loop's history.
type PublicCloseEventDTO struct {
	Event string `json:"event"`
	State string `json:"state"`
	Note  string `json:"note"`
	At    int64  `json:"at"`
}

// PublicCloseDTO is a public thread's latest loop. state: waiting (the
// private or offline side is being handled), prompt (the public closing
// reply is asked for), sending (it is in the outbox), done, dismissed.
type PublicCloseDTO struct {
	ID                    int64                 `json:"id"`
	ConversationID        int64                 `json:"conversationId"`
	Via                   string                `json:"via"` // private, offline
	PrivateConversationID int64                 `json:"privateConversationId"`
	OfflineChannel        string                `json:"offlineChannel"` // phone, email
	OfflineNote           string                `json:"offlineNote"`
	State                 string                `json:"state"`
	StartedAt             int64                 `json:"startedAt"`
	PrivateResolvedAt     int64                 `json:"privateResolvedAt"`
	DueAt                 int64                 `json:"dueAt"` // 0: no public-close deadline
	ReplyMessageID        int64                 `json:"replyMessageId"`
	DismissReason         string                `json:"dismissReason"`
	EndedAt               int64                 `json:"endedAt"`
	Suggestion            string                `json:"suggestion"` // the closing reply to prefill
	Events                []PublicCloseEventDTO `json:"events"`
}

// PublicCloseSettingsDTO are a client's: the suggested closing reply and
// the public-close deadline in hours after the private side resolved (0: off).
type PublicCloseSettingsDTO struct {
	Reply    string `json:"reply"`
	DueHours int    `json:"dueHours"`
}

func publicCloseDTO(p store.PublicClose) PublicCloseDTO {
	out := PublicCloseDTO{ID: p.ID, ConversationID: p.ConversationID, Via: string(p.Via), PrivateConversationID: p.PrivateConversationID,
		OfflineChannel: p.OfflineChannel, OfflineNote: p.OfflineNote, State: string(p.State), StartedAt: msOf(p.StartedAt),
		PrivateResolvedAt: msOf(p.PrivateResolvedAt), DueAt: msOf(p.DueAt), ReplyMessageID: p.ReplyMessageID,
		DismissReason: p.DismissReason, EndedAt: msOf(p.EndedAt), Suggestion: p.Suggestion, Events: make([]PublicCloseEventDTO, 0, len(p.Events))}
	for _, e := range p.Events {
		out.Events = append(out.Events, PublicCloseEventDTO{Event: string(e.Event), State: string(e.State), Note: e.Note, At: msOf(e.At)})
	}
	return out
}

// closeError maps the loop's refusals to invalid input.
func closeError(err error) error {
	var te publicclose.ErrTransition
	if errors.Is(err, store.ErrNoPublicClose) || errors.As(err, &te) || errors.Is(err, store.ErrNotPublic) ||
		strings.Contains(err.Error(), "already waiting for a public close") {
		return invalid(err.Error())
	}
	return toAPIError(err)
}

// Get returns a public thread's latest loop; null when it was never taken private or offline.
func (a *PublicCloseAPI) Get(conversationID int64) (*PublicCloseDTO, error) {
	p, err := a.store.PublicCloseOf(a.ctx(), conversationID)
	if err != nil || p == nil {
		return nil, toAPIError(err)
	}
	d := publicCloseDTO(*p)
	return &d, nil
}

// LogOffline records that a public thread was handled offline (channel
// "phone" or "email") with a note of the outcome; done: that handling is
// over, so the public closing reply is asked for at once.
func (a *PublicCloseAPI) LogOffline(conversationID int64, channel, note string, done bool) error {
	if !publicclose.ValidOfflineChannel(channel) {
		return invalid("choose phone or e-mail")
	}
	if strings.TrimSpace(note) == "" {
		return invalid("write a note of the outcome")
	}
	return closeError(a.store.LogOffline(a.ctx(), conversationID, channel, note, done, a.agent(a.ctx(), conversationID), a.now()))
}

// OfflineDone records that the offline handling is over (note: the outcome, optional).
func (a *PublicCloseAPI) OfflineDone(conversationID int64, note string) error {
	return closeError(a.store.OfflineDone(a.ctx(), conversationID, note, a.now()))
}

// Send queues the public closing reply; calling it again once queued
// returns the same reply. Its delivery resolves the public thread.
func (a *PublicCloseAPI) Send(conversationID int64, text string) (MessageDTO, error) {
	if strings.TrimSpace(text) == "" {
		return MessageDTO{}, invalid("write the closing reply")
	}
	m, err := a.store.SendPublicClose(a.ctx(), conversationID, text, a.agent(a.ctx(), conversationID), a.now())
	if err != nil {
		return MessageDTO{}, closeError(err)
	}
	if a.wake != nil {
		a.wake()
	}
	return MessageDTO{ID: m.ID, Direction: Direction(m.Direction), AuthorName: m.AuthorName, Text: m.Text,
		SentAt: msOf(m.SentAt), Delivery: Delivery(m.Delivery)}, nil
}

// Dismiss ends the loop without a public reply; the reason is kept in its history.
func (a *PublicCloseAPI) Dismiss(conversationID int64, reason string) error {
	if strings.TrimSpace(reason) == "" {
		return invalid("say why the thread is not closed in public")
	}
	return closeError(a.store.DismissPublicClose(a.ctx(), conversationID, reason, a.agent(a.ctx(), conversationID), a.now()))
}

// Settings returns a client's closing reply and deadline (the defaults when none are saved).
func (a *PublicCloseAPI) Settings(clientID int64) (PublicCloseSettingsDTO, error) {
	s, err := a.store.PublicCloseSettings(a.ctx(), clientID)
	return PublicCloseSettingsDTO(s), toAPIError(err)
}

// SetSettings saves a client's closing reply and deadline.
func (a *PublicCloseAPI) SetSettings(clientID int64, s PublicCloseSettingsDTO) error {
	set := publicclose.Settings(s)
	if err := set.Validate(); err != nil {
		return invalid(err.Error())
	}
	return toAPIError(a.store.SetPublicCloseSettings(a.ctx(), clientID, set, a.now()))
}

// attachPublicCloses sets each row's public-close state (the unfinished loop's).
func attachPublicCloses(ctx context.Context, st publicCloseStates, items []ConversationDTO) error {
	if st == nil || len(items) == 0 {
		return nil
	}
	ids := make([]int64, len(items))
	for i, c := range items {
		ids[i] = c.ID
	}
	loops, err := st.PublicCloseStates(ctx, ids)
	if err != nil {
		return err
	}
	for i := range items {
		if p, ok := loops[items[i].ID]; ok {
			items[i].PublicClose, items[i].PublicCloseDueAt = string(p.State), msOf(p.DueAt)
		}
	}
	return nil
}
