package export

import (
	"encoding/json"
	"io"

	"careinbox/backend/store"
)

// The JSON export's shape (docs/EXPORT-SCHEMA.md, schema.json). It is
// written piece by piece — the header, then each conversation as it is read,
// each message as its row arrives — so it streams like the other formats.

type jsonScope struct {
	ConversationID int64  `json:"conversationId,omitempty"`
	CustomerID     int64  `json:"customerId,omitempty"`
	Client         string `json:"client,omitempty"`
	Search         string `json:"search,omitempty"`
	From           string `json:"from,omitempty"`
	To             string `json:"to,omitempty"`
}

type jsonRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type jsonHandle struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Network string `json:"network"`
}

type jsonCustomer struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Username string `json:"username"`
}

type jsonMessage struct {
	ID        int64  `json:"id"`
	RemoteID  string `json:"remoteId"`
	Direction string `json:"direction"`
	Author    string `json:"author"`
	SentAt    string `json:"sentAt"`
	Delivery  string `json:"delivery"`
	Text      string `json:"text"`
}

type jsonNote struct {
	ID        int64  `json:"id"`
	Author    string `json:"author"`
	CreatedAt string `json:"createdAt"`
	Text      string `json:"text"`
}

type jsonWriter struct {
	w           io.Writer
	err         error
	convs, msgs int
}

func newJSON(w io.Writer) *jsonWriter { return &jsonWriter{w: w} }

func (j *jsonWriter) raw(s string) {
	if j.err == nil {
		_, j.err = io.WriteString(j.w, s)
	}
}

func (j *jsonWriter) value(v any) {
	if j.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		j.err = err
		return
	}
	_, j.err = j.w.Write(b)
}

func (j *jsonWriter) begin(h header) error {
	sc := jsonScope{ConversationID: h.Scope.ConversationID, CustomerID: h.Scope.CustomerID, Client: h.Scope.Client,
		Search: h.Scope.Search, From: stamp(h.Scope.From), To: stamp(h.Scope.To)}
	j.raw(`{"format":"careinbox-export","schemaVersion":`)
	j.value(SchemaVersion)
	j.raw(`,"exportedAt":`)
	j.value(stamp(h.ExportedAt))
	j.raw(`,"scope":`)
	j.value(sc)
	j.raw(`,"includesNotes":`)
	j.value(h.Notes)
	j.raw(`,"conversations":[`)
	return j.err
}

func (j *jsonWriter) conversation(c store.ExportConversation) error {
	if j.convs > 0 {
		j.raw(",")
	}
	j.convs++
	j.msgs = 0
	tags := c.Tags
	if tags == nil {
		tags = []string{}
	}
	j.raw(`{"id":`)
	j.value(c.ID)
	j.raw(`,"client":`)
	j.value(jsonRef{c.ClientID, c.ClientName})
	j.raw(`,"handle":`)
	j.value(jsonHandle{c.HandleID, c.HandleName, c.Network})
	j.raw(`,"kind":`)
	j.value(c.Kind)
	j.raw(`,"status":`)
	j.value(c.Status)
	j.raw(`,"subject":`)
	j.value(c.Subject)
	j.raw(`,"customer":`)
	j.value(jsonCustomer{c.CustomerID, c.CustomerName, c.CustomerUsername})
	j.raw(`,"tags":`)
	j.value(tags)
	j.raw(`,"lastMessageAt":`)
	j.value(stamp(c.LastMessageAt))
	j.raw(`,"messages":[`)
	return j.err
}

func (j *jsonWriter) message(m store.ExportMessage) error {
	if j.msgs > 0 {
		j.raw(",")
	}
	j.msgs++
	j.value(jsonMessage{m.ID, m.RemoteID, m.Direction, m.AuthorName, stamp(m.SentAt), m.Delivery, m.Text})
	return j.err
}

func (j *jsonWriter) notes(ns []store.ExportNote) error {
	out := make([]jsonNote, len(ns))
	for i, n := range ns {
		out[i] = jsonNote{n.ID, n.Author, stamp(n.CreatedAt), n.Text}
	}
	j.raw(`],"notes":`)
	j.value(out)
	j.msgs = -1 // the messages array is closed
	return j.err
}

func (j *jsonWriter) endConversation() error {
	if j.msgs >= 0 {
		j.raw("]")
	}
	j.raw("}")
	return j.err
}

func (j *jsonWriter) end() error {
	j.raw("]}\n")
	return j.err
}
