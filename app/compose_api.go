package app

import (
	"context"
	"strings"
	"time"

	"careinbox/backend/guard"
	"careinbox/backend/store"
	"careinbox/backend/voice"
)

// composeStore is the part of the store the ComposeAPI uses: drafts, saved replies, tone and moving a thread private.
type composeStore interface {
	Conversation(ctx context.Context, id int64) (store.ConversationDetail, error)
	DeleteReply(ctx context.Context, id int64) error
	Draft(ctx context.Context, conversationID int64) (d store.Draft, ok bool, err error)
	MoveToPrivate(ctx context.Context, conversationID int64, publicNote, privateText, author string, now time.Time) (store.MoveResult, error)
	Replies(ctx context.Context, clientID int64) ([]store.SavedReply, error)
	SaveDraft(ctx context.Context, d store.Draft) error
	SaveReply(ctx context.Context, r store.SavedReply, now time.Time) (store.SavedReply, error)
	SetTone(ctx context.Context, clientID int64, notes string, now time.Time) error
	Tone(ctx context.Context, clientID int64) (string, error)
}

// ComposeAPI is bound to the front end: what the composer needs around a
// reply — drafts, saved replies, a client's tone of voice, sensitive-data
// checks and moving a public conversation to a private channel.
type ComposeAPI struct {
	ctx   func() context.Context
	store composeStore
	// signer says who is answering and adds a client's sign-off.
	signer *signer
	now    func() time.Time
	wake   func() // pokes the outbox worker; nil when no engine runs
}

// DraftDTO is a conversation's unsent reply.
type DraftDTO struct {
	Text       string `json:"text"`
	Visibility string `json:"visibility"`
	UpdatedAt  int64  `json:"updatedAt"`
}

// SavedReplyDTO is a canned answer; clientId 0 = every client.
type SavedReplyDTO struct {
	ID       int64  `json:"id"`
	ClientID int64  `json:"clientId"`
	Title    string `json:"title"`
	Body     string `json:"body"`
}

// ComposeContextDTO is everything the composer shows beside a conversation.
type ComposeContextDTO struct {
	Agent   string          `json:"agent"`
	Tone    string          `json:"tone"`
	Replies []SavedReplyDTO `json:"replies"`
	Draft   *DraftDTO       `json:"draft"`
	// Voice is the client's whole tone of voice (examples, words, humour).
	Voice VoiceDTO `json:"voice"`
	// Signoff is the client's sign-off with {agent} filled in ("" when none),
	// the {signoff} variable; AppendSignoff: it is added to every reply.
	Signoff       string `json:"signoff"`
	AppendSignoff bool   `json:"appendSignoff"`
}

// FindingDTO is personal data found in a text; masked never shows it whole.
type FindingDTO struct {
	Kind   string `json:"kind"`
	Label  string `json:"label"`
	Masked string `json:"masked"`
}

// SensitiveMessageDTO lists what was found in one incoming message.
type SensitiveMessageDTO struct {
	MessageID int64        `json:"messageId"`
	Findings  []FindingDTO `json:"findings"`
}

// MoveResultDTO is what moving a conversation to private did.
type MoveResultDTO struct {
	PrivateConversationID int64 `json:"privateConversationId"`
	Created               bool  `json:"created"`
	PublicMessageID       int64 `json:"publicMessageId"`
	PrivateMessageID      int64 `json:"privateMessageId"`
}

// Context returns the agent name, the client's tone, saved replies and the draft.
func (a *ComposeAPI) Context(conversationID int64) (ComposeContextDTO, error) {
	ctx := a.ctx()
	d, err := a.store.Conversation(ctx, conversationID)
	if err != nil {
		return ComposeContextDTO{}, toAPIError(err)
	}
	out := ComposeContextDTO{Agent: a.signer.agentFor(ctx, d.Summary.HandleName), Replies: []SavedReplyDTO{}}
	v, err := a.signer.store.Voice(ctx, d.Summary.ClientID)
	if err != nil {
		return out, toAPIError(err)
	}
	out.Tone, out.Voice, out.AppendSignoff = v.Tone, voiceDTO(v), v.AppendSignoff
	out.Signoff = voice.Signoff(v.Signoff, out.Agent)
	replies, err := a.store.Replies(ctx, d.Summary.ClientID)
	if err != nil {
		return out, toAPIError(err)
	}
	for _, r := range replies {
		out.Replies = append(out.Replies, SavedReplyDTO{ID: r.ID, ClientID: r.ClientID, Title: r.Title, Body: r.Body})
	}
	dr, ok, err := a.store.Draft(ctx, conversationID)
	if err != nil {
		return out, toAPIError(err)
	}
	if ok {
		out.Draft = &DraftDTO{Text: dr.Text, Visibility: dr.Visibility, UpdatedAt: msOf(dr.UpdatedAt)}
	}
	return out, nil
}

// SaveDraft keeps a conversation's unsent reply; blank text removes it.
func (a *ComposeAPI) SaveDraft(conversationID int64, text, visibility string) error {
	return toAPIError(a.store.SaveDraft(a.ctx(), store.Draft{ConversationID: conversationID, Text: text,
		Visibility: visibility, UpdatedAt: a.now()}))
}

// Check finds personal data in a reply before it goes out.
func (a *ComposeAPI) Check(text string) []FindingDTO {
	return findingDTOs(guard.Scan(text))
}

// SensitiveInThread lists incoming messages of a public conversation that
// contain personal data, so the thread can offer to move it private.
func (a *ComposeAPI) SensitiveInThread(conversationID int64) ([]SensitiveMessageDTO, error) {
	d, err := a.store.Conversation(a.ctx(), conversationID)
	if err != nil {
		return nil, toAPIError(err)
	}
	out := []SensitiveMessageDTO{}
	if d.Summary.Kind != "public" {
		return out, nil
	}
	for _, m := range d.Messages {
		if m.Direction != "in" {
			continue
		}
		if fs := guard.Scan(m.Text); len(fs) > 0 {
			out = append(out, SensitiveMessageDTO{MessageID: m.ID, Findings: findingDTOs(fs)})
		}
	}
	return out, nil
}

// MoveToPrivate answers a public conversation with a short public note and
// continues (or starts) a private conversation with the same customer; the
// public one then waits for its public close (PublicCloseAPI).
func (a *ComposeAPI) MoveToPrivate(conversationID int64, publicNote, privateText string) (MoveResultDTO, error) {
	if strings.TrimSpace(privateText) == "" {
		return MoveResultDTO{}, invalid("write the first private message")
	}
	ctx := a.ctx()
	d, err := a.store.Conversation(ctx, conversationID)
	if err != nil {
		return MoveResultDTO{}, toAPIError(err)
	}
	if strings.TrimSpace(publicNote) != "" {
		if publicNote, err = a.signer.sign(ctx, d.Summary, publicNote, "public"); err != nil {
			return MoveResultDTO{}, toAPIError(err)
		}
	}
	if privateText, err = a.signer.sign(ctx, d.Summary, privateText, "private"); err != nil {
		return MoveResultDTO{}, toAPIError(err)
	}
	r, err := a.store.MoveToPrivate(ctx, conversationID, publicNote, privateText, a.signer.agentFor(ctx, d.Summary.HandleName), a.now())
	if err != nil {
		if strings.Contains(err.Error(), store.ErrNotPublic.Error()) || strings.Contains(err.Error(), "no known customer") {
			return MoveResultDTO{}, invalid(err.Error())
		}
		return MoveResultDTO{}, toAPIError(err)
	}
	if a.wake != nil {
		a.wake()
	}
	return MoveResultDTO{PrivateConversationID: r.PrivateConversationID, Created: r.Created,
		PublicMessageID: r.PublicMessage.ID, PrivateMessageID: r.PrivateMessage.ID}, nil
}

// SaveReply creates (id 0) or updates a saved reply.
func (a *ComposeAPI) SaveReply(r SavedReplyDTO) (SavedReplyDTO, error) {
	if strings.TrimSpace(r.Title) == "" || strings.TrimSpace(r.Body) == "" {
		return r, invalid("a saved reply needs a title and a text")
	}
	saved, err := a.store.SaveReply(a.ctx(), store.SavedReply{ID: r.ID, ClientID: r.ClientID, Title: r.Title, Body: r.Body}, a.now())
	if err != nil {
		return r, toAPIError(err)
	}
	return SavedReplyDTO{ID: saved.ID, ClientID: saved.ClientID, Title: saved.Title, Body: saved.Body}, nil
}

// DeleteReply removes a saved reply.
func (a *ComposeAPI) DeleteReply(id int64) error {
	return toAPIError(a.store.DeleteReply(a.ctx(), id))
}

// SetTone stores a client's tone-of-voice notes.
func (a *ComposeAPI) SetTone(clientID int64, notes string) error {
	return toAPIError(a.store.SetTone(a.ctx(), clientID, notes, a.now()))
}

func findingDTOs(fs []guard.Finding) []FindingDTO {
	out := make([]FindingDTO, 0, len(fs))
	for _, f := range fs {
		out = append(out, FindingDTO{Kind: string(f.Kind), Label: f.Kind.Label(), Masked: f.Masked})
	}
	return out
}
