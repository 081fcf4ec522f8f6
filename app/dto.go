package app

import (
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/sentiment"
	"careinbox/backend/store"
)

// DTOs are what the front end sees. Times are Unix milliseconds (0 = never),
// which JavaScript turns into a Date without parsing.

// ConversationDTO is one row of the inbox list.
type ConversationDTO struct {
	ID            int64            `json:"id"`
	HandleID      int64            `json:"handleId"`
	ClientID      int64            `json:"clientId"`
	ClientName    string           `json:"clientName"`
	Network       Network          `json:"network"`
	HandleName    string           `json:"handleName"`
	Kind          ConversationKind `json:"kind"`
	Status        Status           `json:"status"`
	CustomerName  string           `json:"customerName"`
	CustomerUser  string           `json:"customerUser"`
	Subject       string           `json:"subject"`
	Excerpt       string           `json:"excerpt"`
	LastDirection Direction        `json:"lastDirection"`
	LastMessageAt int64            `json:"lastMessageAt"`
	AwaitingSince int64            `json:"awaitingSince"`
	LastInboundAt int64            `json:"lastInboundAt"` // the customer's last message; Meta's reply windows run from it
	SnoozedUntil  int64            `json:"snoozedUntil"`
	Unread        int              `json:"unread"`
	MessageCount  int              `json:"messageCount"`
	Tags          []string         `json:"tags"`
	// Deadline is the running response (else resolution) deadline; null when none.
	Deadline *DeadlineDTO `json:"deadline"`
	// CustomerID is the participant id shared by the customer's
	// conversations on every handle (0 when unknown).
	CustomerID int64 `json:"customerId"`
	// Sentiment is how the customer sounds in their latest messages.
	Sentiment SentimentDTO `json:"sentiment"`
	// PublicClose is the state of the thread's unfinished public-close loop
	// (waiting, prompt, sending; "" when none) and PublicCloseDueAt its deadline (0: none).
	PublicClose      string `json:"publicClose,omitempty"`
	PublicCloseDueAt int64  `json:"publicCloseDueAt,omitempty"`
}

// SentimentDTO is a conversation's escalation signal (backend/sentiment).
type SentimentDTO struct {
	// Score weighs the customer's latest messages (-1 … 1), the newest most;
	// null when none could be scored (other languages than English).
	Score *float64 `json:"score"`
	Label Mood     `json:"label"`
	// Trend: "worsening", "improving", "steady", or "" with too few messages.
	Trend string `json:"trend"`
	// Irate: strongly negative, rising anger, or a threat to leave or to go
	// public; Reason says which, in words for the agent.
	Irate  bool   `json:"irate"`
	Reason string `json:"reason"`
}

// ConversationPageDTO is one window of the list and the total it is cut from.
type ConversationPageDTO struct {
	Total int               `json:"total"`
	Items []ConversationDTO `json:"items"`
}

// MessageDTO is one message of a thread.
type MessageDTO struct {
	ID         int64     `json:"id"`
	Direction  Direction `json:"direction"`
	AuthorName string    `json:"authorName"`
	Text       string    `json:"text"`
	SentAt     int64     `json:"sentAt"`
	Delivery   Delivery  `json:"delivery"`
	// SendError says why a reply is waiting or failed ("" otherwise).
	SendError string `json:"sendError"`
	// Sentiment reads a customer's message (unknown for the business's own,
	// and for languages other than English); Score is null then.
	Sentiment Mood     `json:"sentiment"`
	Score     *float64 `json:"score"`
	// Threat is the phrase with which the customer threatens to leave or to go public ("" when none).
	Threat string `json:"threat"`
	// UndoUntil is when a queued reply's undo window ends (Unix ms; 0: none):
	// until then InboxAPI.UndoSend pulls it back.
	UndoUntil int64 `json:"undoUntil"`
}

// NoteDTO is an internal note.
type NoteDTO struct {
	ID        int64  `json:"id"`
	Author    string `json:"author"`
	Text      string `json:"text"`
	CreatedAt int64  `json:"createdAt"`
}

// ConversationDetailDTO is a conversation with its whole history.
type ConversationDetailDTO struct {
	Conversation ConversationDTO `json:"conversation"`
	Messages     []MessageDTO    `json:"messages"`
	Notes        []NoteDTO       `json:"notes"`
	// OmittedMessages: older messages not sent to the screen (search finds them).
	OmittedMessages int `json:"omittedMessages"`
}

// FilterDTO narrows the inbox list; empty fields mean "any".
type FilterDTO struct {
	ClientID   int64    `json:"clientId"`
	HandleID   int64    `json:"handleId"`
	Network    string   `json:"network"`
	Statuses   []string `json:"statuses"`
	UnreadOnly bool     `json:"unreadOnly"`
	// Tags keeps conversations with any of these tags; DeadlineStates those
	// whose deadline is in any of these states; CustomerID one customer's.
	Tags           []string `json:"tags"`
	DeadlineStates []string `json:"deadlineStates"`
	CustomerID     int64    `json:"customerId"`
	// Irate keeps conversations whose customer is irate; Moods those whose
	// customer sounds any of these ways (negative, neutral, positive, unknown).
	Irate bool     `json:"irate"`
	Moods []string `json:"moods"`
	// PublicClosePending keeps threads waiting for a public close.
	PublicClosePending bool `json:"publicClosePending,omitempty"`
}

// HandleDTO is a handle in the sidebar.
type HandleDTO struct {
	ID          int64     `json:"id"`
	ClientID    int64     `json:"clientId"`
	Network     Network   `json:"network"`
	DisplayName string    `json:"displayName"`
	Username    string    `json:"username"`
	SyncState   SyncState `json:"syncState"`
	SyncError   string    `json:"syncError"`
	LastSyncAt  int64     `json:"lastSyncAt"`
	RetryAt     int64     `json:"retryAt"`
	Backfill    float64   `json:"backfill"`
	Open        int       `json:"open"`
	Unread      int       `json:"unread"`
}

// ClientGroupDTO is a client and its handles in the sidebar.
type ClientGroupDTO struct {
	ID      int64       `json:"id"`
	Name    string      `json:"name"`
	Open    int         `json:"open"`
	Unread  int         `json:"unread"`
	Handles []HandleDTO `json:"handles"`
}

// SidebarDTO is the sidebar: every client with its handles and counts.
type SidebarDTO struct {
	Clients []ClientGroupDTO `json:"clients"`
	Open    int              `json:"open"`
	Unread  int              `json:"unread"`
}

// SearchHitDTO is one search result. Snippet marks matches with \u0002 … \u0003.
type SearchHitDTO struct {
	MessageID      int64  `json:"messageId"`
	ConversationID int64  `json:"conversationId"`
	AuthorName     string `json:"authorName"`
	SentAt         int64  `json:"sentAt"`
	Snippet        string `json:"snippet"`
}

// InfoDTO describes the running workspace.
type InfoDTO struct {
	Version         string `json:"version"`
	Demo            bool   `json:"demo"`
	DatabasePath    string `json:"databasePath"`
	KeychainOK      bool   `json:"keychainOk"`
	KeychainMessage string `json:"keychainMessage"`
	// ReadOnly: a copy opened to read and search only.
	ReadOnly bool `json:"readOnly"`
	// Problem, when set, is why the workspace did not open: the window shows
	// it instead of an (empty, stand-in) inbox.
	Problem *ProblemDTO `json:"problem"`
}

// ProblemDTO says in plain words why the workspace did not open.
type ProblemDTO struct {
	Title  string `json:"title"`
	Detail string `json:"detail"`
	Error  string `json:"error"` // technical text for a support request
}

func msOf(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func conversationDTO(c inbox.ConversationSummary) ConversationDTO {
	tags := c.Tags
	if tags == nil {
		tags = []string{}
	}
	return ConversationDTO{
		ID: c.ID, HandleID: c.HandleID, ClientID: c.ClientID, ClientName: c.ClientName,
		Network: Network(c.Network), HandleName: c.HandleName, Kind: ConversationKind(c.Kind), Status: Status(c.Status),
		CustomerName: c.CustomerName, CustomerUser: c.CustomerUser, Subject: c.Subject, Excerpt: c.LastExcerpt,
		LastDirection: Direction(c.LastDirection), LastMessageAt: msOf(c.LastMessageAt),
		AwaitingSince: msOf(c.AwaitingSince), LastInboundAt: msOf(c.LastInboundAt), SnoozedUntil: msOf(c.SnoozedUntil), Unread: c.Unread,
		MessageCount: c.MessageCount, Tags: tags, CustomerID: c.CustomerID,
		Sentiment: SentimentDTO{Score: c.Sentiment.Score, Label: Mood(moodOr(c.Sentiment.Label)), Trend: c.Sentiment.Trend,
			Irate: c.Sentiment.Irate, Reason: c.Sentiment.Reason},
	}
}

// moodOr reads an unset mood (a summary built outside the store) as unknown.
func moodOr(m inbox.Mood) inbox.Mood {
	if m == "" {
		return inbox.MoodUnknown
	}
	return m
}

// messageMood labels a message's score with sentiment's own thresholds.
func messageMood(score *float64) Mood {
	return Mood(sentiment.LabelOf(score))
}

func detailDTO(d store.ConversationDetail) ConversationDetailDTO {
	out := ConversationDetailDTO{Conversation: conversationDTO(d.Summary),
		Messages: make([]MessageDTO, 0, len(d.Messages)), Notes: make([]NoteDTO, 0, len(d.Notes)), OmittedMessages: d.Omitted}
	for _, m := range d.Messages {
		out.Messages = append(out.Messages, MessageDTO{ID: m.ID, Direction: Direction(m.Direction),
			AuthorName: m.AuthorName, Text: m.Text, SentAt: msOf(m.SentAt), Delivery: Delivery(m.Delivery),
			SendError: m.SendError, Sentiment: messageMood(m.Sentiment), Score: m.Sentiment, Threat: m.Threat,
			UndoUntil: msOf(m.HoldUntil)})
	}
	for _, n := range d.Notes {
		out.Notes = append(out.Notes, noteDTO(n))
	}
	return out
}

func noteDTO(n inbox.Note) NoteDTO {
	return NoteDTO{ID: n.ID, Author: n.Author, Text: n.Text, CreatedAt: msOf(n.CreatedAt)}
}

func (f FilterDTO) toFilter() inbox.ConversationFilter {
	out := inbox.ConversationFilter{ClientID: f.ClientID, HandleID: f.HandleID,
		Network: inbox.Network(f.Network), UnreadOnly: f.UnreadOnly, Tags: f.Tags,
		DeadlineStates: f.DeadlineStates, CustomerID: f.CustomerID, Irate: f.Irate,
		PublicClosePending: f.PublicClosePending}
	for _, s := range f.Statuses {
		out.Statuses = append(out.Statuses, inbox.Status(s))
	}
	for _, m := range f.Moods {
		out.Moods = append(out.Moods, inbox.Mood(m))
	}
	return out
}

func sidebarDTO(groups []store.ClientCounts) SidebarDTO {
	out := SidebarDTO{Clients: make([]ClientGroupDTO, 0, len(groups))}
	for _, g := range groups {
		cg := ClientGroupDTO{ID: g.Client.ID, Name: g.Client.Name, Open: g.Open, Unread: g.Unread,
			Handles: make([]HandleDTO, 0, len(g.Handles))}
		for _, h := range g.Handles {
			cg.Handles = append(cg.Handles, HandleDTO{ID: h.Handle.ID, ClientID: h.Handle.ClientID,
				Network: Network(h.Handle.Network), DisplayName: h.Handle.DisplayName, Username: h.Handle.Username,
				SyncState: SyncState(h.Handle.SyncState), SyncError: h.Handle.SyncError,
				LastSyncAt: msOf(h.Handle.LastSyncAt), RetryAt: msOf(h.Handle.RetryAt), Backfill: h.Handle.Backfill,
				Open: h.Open, Unread: h.Unread})
		}
		out.Clients = append(out.Clients, cg)
		out.Open += g.Open
		out.Unread += g.Unread
	}
	return out
}
