// Package telegram reads a Telegram Desktop export (result.json, "Machine-
// readable JSON"): its personal chats become the connector's
// "chat:<chat id>" conversations with "<chat id>:<message id>" messages
// (backend/connector/telegram/fetch.go). Groups, channels, bots and saved
// messages are skipped: the connector keeps only what customers send.
package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"careinbox/backend/archive"
	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// Reader reads one result.json.
type Reader struct {
	path  string
	f     *os.File
	total int64
	done  int64
	me    string
}

// Open opens a result.json (or the folder holding it).
func Open(p string, acct archive.Account) (*Reader, error) {
	if st, err := os.Stat(p); err == nil && st.IsDir() {
		p = p + "/result.json"
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("open the Telegram export: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open the Telegram export: %w", err)
	}
	return &Reader{path: p, f: f, total: st.Size(), me: acct.Handle.RemoteAccountID}, nil
}

func (r *Reader) Format() archive.Format    { return archive.FormatTelegram }
func (r *Reader) Size() (done, total int64) { return min(r.done, r.total), r.total }
func (r *Reader) Close() error              { return r.f.Close() }

func (r *Reader) rewind() (*json.Decoder, error) {
	if _, err := r.f.Seek(0, 0); err != nil {
		return nil, err
	}
	r.done = 0
	return json.NewDecoder(&counter{r: r.f, n: &r.done}), nil
}

// Check walks the whole file's JSON once and learns the exporting account.
func (r *Reader) Check(ctx context.Context) error {
	dec, err := r.rewind()
	if err != nil {
		return err
	}
	if err := archive.SkipValue(dec); err != nil {
		return &archive.Corrupt{Where: "result.json", Err: err}
	}
	return ctx.Err()
}

type chat struct {
	Name     string          `json:"name"`
	Type     string          `json:"type"`
	ID       int64           `json:"id"`
	Messages json.RawMessage `json:"messages"`
}

type message struct {
	ID      int64           `json:"id"`
	Type    string          `json:"type"`
	Unix    string          `json:"date_unixtime"`
	Date    string          `json:"date"`
	From    string          `json:"from"`
	FromID  string          `json:"from_id"`
	Text    json.RawMessage `json:"text"`
	ReplyTo int64           `json:"reply_to_message_id"`
}

// Read streams the file: personal_information first (the account), then
// chats.list one chat at a time; a one-chat export is a chat at top level.
func (r *Reader) Read(ctx context.Context, yield func(archive.Item) error) error {
	dec, err := r.rewind()
	if err != nil {
		return err
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return &archive.ErrUnknown{Path: r.path, Why: "a Telegram export's result.json is a JSON object"}
	}
	var single chat
	sawChats := false
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return &archive.Corrupt{Where: "result.json", Err: err}
		}
		switch key {
		case "personal_information":
			var pi struct {
				UserID int64 `json:"user_id"`
			}
			if err := dec.Decode(&pi); err != nil {
				return &archive.Corrupt{Where: "result.json", Err: err}
			}
			if pi.UserID != 0 {
				r.me = strconv.FormatInt(pi.UserID, 10)
			}
		case "chats":
			sawChats = true
			if err := r.chats(ctx, dec, yield); err != nil {
				return err
			}
		case "name":
			err = dec.Decode(&single.Name)
		case "type":
			err = dec.Decode(&single.Type)
		case "id":
			err = dec.Decode(&single.ID)
		case "messages":
			err = dec.Decode(&single.Messages)
		default:
			err = archive.SkipValue(dec)
		}
		if err != nil {
			return &archive.Corrupt{Where: "result.json", Err: err}
		}
	}
	if !sawChats && single.Type != "" {
		return yield(r.chat(single))
	}
	if !sawChats {
		return &archive.ErrUnknown{Path: r.path, Why: "it has neither chats nor messages"}
	}
	return nil
}

func (r *Reader) chats(ctx context.Context, dec *json.Decoder, yield func(archive.Item) error) error {
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return &archive.Corrupt{Where: "result.json chats", Err: fmt.Errorf("expected an object")}
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return &archive.Corrupt{Where: "result.json chats", Err: err}
		}
		if key != "list" {
			if err := archive.SkipValue(dec); err != nil {
				return &archive.Corrupt{Where: "result.json chats", Err: err}
			}
			continue
		}
		if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
			return &archive.Corrupt{Where: "result.json chats.list", Err: fmt.Errorf("expected an array")}
		}
		for dec.More() {
			if err := ctx.Err(); err != nil {
				return err
			}
			var c chat
			if err := dec.Decode(&c); err != nil {
				return &archive.Corrupt{Where: "result.json chats.list", Err: err}
			}
			if err := yield(r.chat(c)); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil {
			return &archive.Corrupt{Where: "result.json chats.list", Err: err}
		}
	}
	_, err := dec.Token()
	return err
}

func (r *Reader) chat(c chat) archive.Item {
	switch c.Type {
	case "personal_chat":
	case "bot_chat":
		return archive.Item{Skip: "a chat with a bot"}
	case "saved_messages":
		return archive.Item{Skip: "saved messages"}
	default:
		return archive.Item{Skip: "a group or channel (only private chats are imported)"}
	}
	if r.me == "" {
		return archive.Item{Skip: "a chat of an export that names no account (personal_information)"}
	}
	chatID := strconv.FormatInt(c.ID, 10)
	customer := inbox.Participant{Network: inbox.NetworkTelegram, RemoteID: chatID, DisplayName: c.Name}
	conv := connector.Conversation{RemoteID: "chat:" + chatID, Kind: inbox.KindPrivate, Customer: customer}
	dropped := map[string]int{}
	var msgs []message
	if err := json.Unmarshal(c.Messages, &msgs); err != nil {
		return archive.Item{Skip: "a chat whose messages could not be read"}
	}
	for _, m := range msgs {
		if m.Type != "message" {
			dropped["a service message (joins, calls, pins)"]++
			continue
		}
		text := plain(m.Text)
		at := sentAt(m)
		if text == "" || at.IsZero() {
			dropped["a message without text or time (media only)"]++
			continue
		}
		msg := connector.Message{RemoteID: chatID + ":" + strconv.FormatInt(m.ID, 10), Direction: inbox.Inbound, Text: text, SentAt: at}
		if m.FromID == "user"+r.me {
			msg.Direction = inbox.Outbound
		} else {
			msg.Author = inbox.Participant{Network: inbox.NetworkTelegram, RemoteID: strings.TrimPrefix(m.FromID, "user"), DisplayName: m.From}
			msg.AuthorName = m.From
		}
		if m.ReplyTo != 0 {
			msg.ReplyToRemoteID = chatID + ":" + strconv.FormatInt(m.ReplyTo, 10)
		}
		conv.Messages = append(conv.Messages, msg)
	}
	if len(dropped) == 0 {
		dropped = nil
	}
	return archive.Item{Conv: &conv, Dropped: dropped}
}

func sentAt(m message) time.Time {
	if s, err := strconv.ParseInt(m.Unix, 10, 64); err == nil {
		return time.Unix(s, 0).UTC()
	}
	if t, err := time.ParseInLocation("2006-01-02T15:04:05", m.Date, time.Local); err == nil {
		return t.UTC()
	}
	return time.Time{}
}

// plain reads "text": a string, or an array of strings and entities
// ({"type": "bold", "text": "…"}).
func plain(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var parts []json.RawMessage
	if json.Unmarshal(raw, &parts) != nil {
		return ""
	}
	var b strings.Builder
	for _, p := range parts {
		var ps string
		if json.Unmarshal(p, &ps) == nil {
			b.WriteString(ps)
			continue
		}
		var ent struct {
			Text string `json:"text"`
		}
		if json.Unmarshal(p, &ent) == nil {
			b.WriteString(ent.Text)
		}
	}
	return b.String()
}

type counter struct {
	r *os.File
	n *int64
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	*c.n += int64(n)
	return n, err
}
