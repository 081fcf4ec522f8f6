package store

import (
	"context"
	"testing"
	"time"

	"careinbox/backend/inbox"
)

// Extra is written as JSON on insert; a re-fetch with the same or no Extra
// keeps it, one with other facts replaces it — for messages and conversations.
func TestIngestKeepsExtra(t *testing.T) {
	s := openTest(t)
	h := fixture(t, s, inbox.NetworkFacebook)
	ctx := context.Background()
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	ingest := func(convExtra, msgExtra map[string]any) {
		t.Helper()
		_, err := s.Ingest(ctx, h.ID, []IncomingConversation{{RemoteID: "t_1", Kind: inbox.KindPrivate, Extra: convExtra,
			Customer: inbox.Participant{Network: inbox.NetworkFacebook, RemoteID: "7001", DisplayName: "Ana"},
			Messages: []IncomingMessage{{RemoteID: "m_1", Direction: inbox.Inbound, Text: "hi", SentAt: at, Extra: msgExtra,
				Author: inbox.Participant{Network: inbox.NetworkFacebook, RemoteID: "7001"}}}}}, nil)
		if err != nil {
			t.Fatal(err)
		}
	}
	stored := func() (conv, msg string) {
		t.Helper()
		if err := s.r.QueryRowContext(ctx, "SELECT extra FROM conversations WHERE remote_id = 't_1'").Scan(&conv); err != nil {
			t.Fatal(err)
		}
		if err := s.r.QueryRowContext(ctx, "SELECT extra FROM messages WHERE remote_id = 'm_1'").Scan(&msg); err != nil {
			t.Fatal(err)
		}
		return conv, msg
	}
	window := map[string]any{"reply_window_ends": "2026-11-24T09:00:00Z", "human_agent_until": "2026-11-30T09:00:00Z"}
	tests := []struct {
		name                string
		convExtra, msgExtra map[string]any
		wantConv, wantMsg   string
	}{
		{"first fetch", map[string]any{"platform": "messenger"}, window,
			`{"platform":"messenger"}`, `{"human_agent_until":"2026-11-30T09:00:00Z","reply_window_ends":"2026-11-24T09:00:00Z"}`},
		{"the same again", map[string]any{"platform": "messenger"}, window,
			`{"platform":"messenger"}`, `{"human_agent_until":"2026-11-30T09:00:00Z","reply_window_ends":"2026-11-24T09:00:00Z"}`},
		{"a re-fetch without extra keeps it", nil, nil,
			`{"platform":"messenger"}`, `{"human_agent_until":"2026-11-30T09:00:00Z","reply_window_ends":"2026-11-24T09:00:00Z"}`},
		{"new facts replace the old", map[string]any{"platform": "instagram"}, map[string]any{"permalink": "https://x/p/1"},
			`{"platform":"instagram"}`, `{"permalink":"https://x/p/1"}`},
	}
	for _, tt := range tests {
		ingest(tt.convExtra, tt.msgExtra)
		conv, msg := stored()
		if conv != tt.wantConv || msg != tt.wantMsg {
			t.Errorf("%s: conversation extra %s, message extra %s; want %s, %s", tt.name, conv, msg, tt.wantConv, tt.wantMsg)
		}
	}
	if c, m := func() (c, m int) {
		_ = s.r.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM conversations), (SELECT count(*) FROM messages)").Scan(&c, &m)
		return
	}(); c != 1 || m != 1 {
		t.Errorf("%d conversations, %d messages after four ingests of one", c, m)
	}
}
