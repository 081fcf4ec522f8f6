package telegram

import (
	"context"
	"log/slog"
	"math"
	"os"
	"testing"
	"time"
	"unicode/utf16"

	"careinbox/backend/connector"
	"careinbox/backend/connector/connectortest"
)

// FuzzEntityText: any offset and length, however hostile, cut text without
// a panic, and never more than the text itself.
func FuzzEntityText(f *testing.F) {
	for _, s := range []struct {
		text        string
		off, length int
	}{
		{"@bot hi", 0, 4}, {"🙂 @bot", 3, 4}, {"👍🏽 @bot", 5, 4}, {"🙂", 1, 1}, {"short", 3, 10},
		{"@bot", math.MaxInt, 1}, {"@bot", 1, math.MaxInt}, {"@bot", math.MinInt, math.MaxInt}, {"\xff\xfe", 0, 2},
	} {
		f.Add(s.text, s.off, s.length)
	}
	f.Fuzz(func(t *testing.T, text string, off, length int) {
		got := entityText(text, entity{Offset: off, Length: length})
		if n := len(utf16.Encode([]rune(got))); n > max(length, 0) {
			t.Fatalf("entityText(%q, %d, %d) = %q: %d units, more than the length", text, off, length, got, n)
		}
		if len(got) > 3*len(text) {
			t.Fatalf("entityText(%q, %d, %d) = %q: longer than the text could give", text, off, length, got)
		}
	})
}

// FuzzUpdate: any one update decodes or is refused, and maps without a
// panic (mapping is called directly, not through addSafely, so a panic is
// found here rather than skipped) into a bounded page.
func FuzzUpdate(f *testing.F) {
	for _, s := range []string{
		`{"update_id":1,"message":{"message_id":1,"from":{"id":111,"first_name":"Ana"},"chat":{"id":111,"type":"private"},"date":1795424400,"text":"hi"}}`,
		`{"update_id":2,"message":{"message_id":2,"from":{"id":333,"first_name":"Carl"},"chat":{"id":-100500,"type":"supergroup","title":"Fans","is_forum":true},"message_thread_id":7,"date":1795424400,"text":"🙂 @CareBot open?","entities":[{"type":"mention","offset":3,"length":8},{"type":"bot_command","offset":0,"length":2},{"type":"text_mention","offset":0,"length":1,"user":{"id":999000}}]}}`,
		`{"update_id":3,"message":{"message_id":3,"from":{"id":333},"chat":{"id":-1,"type":"group"},"date":1,"caption":"@CareBot","caption_entities":[{"type":"mention","offset":9223372036854775807,"length":8}],"photo":[{}]}}`,
		`{"update_id":4,"edited_business_message":{"message_id":4,"from":{"id":7},"chat":{"id":8,"type":"private"},"date":1,"edit_date":2,"business_connection_id":"bc","sticker":{"emoji":"🥨"},"reply_to_message":{"message_id":3,"from":{"id":999000},"chat":{"id":8,"type":"private"},"date":0}}}`,
		`{"update_id":5,"business_connection":{"id":"bc","user":{"id":7},"user_chat_id":7,"date":1,"is_enabled":true}}`,
		`{"update_id":6,"message":{"message_id":6,"chat":{"id":1,"type":"channel"},"date":1}}`,
		`{"update_id":7,"message":{"text":42}}`, `{"update_id":-1}`, `[]`, `null`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		_, u, err := decodeUpdate(raw)
		if err != nil {
			return
		}
		c := &Connector{me: &user{ID: botID, Username: "CareBot"}, log: discard(), now: time.Now}
		b := newBuilder()
		if err := c.addUpdate(context.Background(), b, u); err != nil {
			t.Fatalf("mapping a decoded update failed: %v", err)
		}
		connectortest.CheckPage(t, connector.Page{Conversations: b.list}, len(raw))
	})
}

// FuzzGetUpdates: any answer to getUpdates (status and body) gives a
// bounded page or a classified error of readable size with a sane retry
// time, never a panic.
func FuzzGetUpdates(f *testing.F) {
	if b, err := os.ReadFile("testdata/getupdates_business.json"); err == nil {
		f.Add(200, b)
	}
	for _, s := range []struct {
		status int
		body   string
	}{
		{200, `{"ok":true,"result":[{"update_id":1,"message":{"message_id":1,"from":{"id":1,"first_name":"A"},"chat":{"id":1,"type":"private"},"date":1,"text":"hi"}},{"update_id":2,"message":{"text":1}}]}`},
		{200, `{"ok":true,"result":[]}`},
		{429, `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 30","parameters":{"retry_after":30}}`},
		{429, `{"ok":false,"error_code":429,"description":"Too Many Requests","parameters":{"retry_after":9223372036854775807}}`},
		{409, `{"ok":false,"error_code":409,"description":"Conflict: can't use getUpdates method while webhook is active"}`},
		{401, `{"ok":false,"error_code":401,"description":"Unauthorized"}`},
		{502, `<html><h1>502 Bad Gateway</h1></html>`},
		{200, `{"ok":false}`},
		{200, `{"ok":true,"result":{}}`},
	} {
		f.Add(s.status, []byte(s.body))
	}
	const token = "999000:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		canned := connectortest.Canned{Status: status, Body: body, Fixed: map[string]string{
			"/bot" + token + "/getMe": `{"ok":true,"result":{"id":999000,"is_bot":true,"first_name":"Care","username":"CareBot"}}`,
		}}
		now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
		c, err := New(connector.Config{Secrets: map[string]string{"bot_token": token}, HTTP: canned.Client(),
			Now: func() time.Time { return now }, Logger: discard()})
		if err != nil {
			t.Fatal(err)
		}
		p, err := c.Fetch(context.Background(), StreamUpdates, "")
		if err != nil {
			connectortest.CheckError(t, err, now)
			return
		}
		connectortest.CheckPage(t, p, canned.InputSize())
	})
}

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }
