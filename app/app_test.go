package app

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"careinbox/backend/demo"
	"careinbox/backend/events"
	"careinbox/backend/store"
)

func newTestApp(t *testing.T) (*App, *store.Store) {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "app.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	cfg := demo.DemoConfig(time.Now())
	cfg.Conversations = 120
	if err := demo.Generate(ctx, s, cfg); err != nil {
		t.Fatal(err)
	}
	a := New(Config{Store: s, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test", Demo: true, Agent: "Sam"})
	return a, s
}

func TestEmitterCoalescesIDsAfterInterval(t *testing.T) {
	var mu sync.Mutex
	var got []events.Delta
	e := NewEmitter(func(name string, data any) {
		if name != EventInboxDelta {
			t.Errorf("event name = %s", name)
		}
		mu.Lock()
		got = append(got, data.(events.Delta))
		mu.Unlock()
	}, time.Hour) // the timer never fires during the test: Flush stands in for it
	e.Add(events.Delta{Entity: "conversation", Upserted: []int64{3, 1}})
	e.Add(events.Delta{Entity: "conversation", Upserted: []int64{1, 2}})
	e.Add(events.Delta{Entity: "conversation", Removed: []int64{2}})
	e.Add(events.Delta{Entity: "handle", Upserted: []int64{9}})
	e.Flush()
	mu.Lock()
	if len(got) != 2 {
		t.Fatalf("emitted %d events, want 2 (one per entity): %+v", len(got), got)
	}
	b, _ := json.Marshal(got[0])
	if string(b) != `{"entity":"conversation","upserted":[1,3],"removed":[2]}` {
		t.Errorf("coalesced delta = %s", b)
	}
	mu.Unlock()
	e.Close(context.Background())
	e.Add(events.Delta{Entity: "conversation", Upserted: []int64{5}})
	e.mu.Lock()
	armed := e.timer != nil || len(e.pending) > 0
	e.mu.Unlock()
	if armed {
		t.Error("an Add after Close was queued")
	}
}

func TestEmitterFlushesOnItsTimer(t *testing.T) {
	fired := make(chan events.Delta, 4)
	e := NewEmitter(func(_ string, data any) { fired <- data.(events.Delta) }, time.Millisecond)
	defer e.Close(context.Background())
	e.Add(events.Delta{Entity: "conversation", Upserted: []int64{7}})
	select {
	case d := <-fired:
		if len(d.Upserted) != 1 || d.Upserted[0] != 7 {
			t.Errorf("delta = %+v", d)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the interval's timer never flushed")
	}
}

func TestAPIErrorsAreJSONWithCodes(t *testing.T) {
	a, _ := newTestApp(t)
	_, err := a.Inbox.GetConversation(999999)
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != CodeNotFound {
		t.Fatalf("missing conversation error = %v", err)
	}
	var parsed APIError
	formatted, _ := FormatError(err).(string)
	if jerr := json.Unmarshal([]byte(formatted), &parsed); jerr != nil || parsed.Code != CodeNotFound {
		t.Errorf("formatted error is not JSON for the front end: %q", formatted)
	}
	tests := []struct {
		name string
		err  error
		code string
	}{
		{"bad filter", func() error {
			_, err := a.Inbox.ListConversations(FilterDTO{Network: "myspace"}, 0, 10)
			return err
		}(), CodeInvalid},
		{"bad status", a.Inbox.SetStatus([]int64{1}, "done", 0), CodeInvalid},
		{"empty note", func() error { _, err := a.Inbox.AddNote(1, "  "); return err }(), CodeInvalid},
		{"javascript link", a.Workspace.OpenLink("javascript:alert(1)"), CodeInvalid},
		{"file link", a.Workspace.OpenLink("file:///etc/passwd"), CodeInvalid},
		{"cancelled", toAPIError(context.Canceled), CodeCancelled},
	}
	for _, tt := range tests {
		if !errors.As(tt.err, &ae) || ae.Code != tt.code {
			t.Errorf("%s: error = %v, want code %s", tt.name, tt.err, tt.code)
		}
	}
}

func TestInboxAPIOverRealStore(t *testing.T) {
	a, _ := newTestApp(t)
	page, err := a.Inbox.ListConversations(FilterDTO{Statuses: []string{"open"}}, 0, 20)
	if err != nil {
		t.Fatal(err)
	}
	if page.Total == 0 || len(page.Items) == 0 || page.Items[0].AwaitingSince == 0 {
		t.Fatalf("open page = %+v", page)
	}
	for i := 1; i < len(page.Items); i++ {
		if page.Items[i].AwaitingSince < page.Items[i-1].AwaitingSince {
			t.Fatalf("open conversations not ordered by how long they waited")
		}
	}
	first := page.Items[0]
	d, err := a.Inbox.GetConversation(first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Messages) != first.MessageCount || d.Conversation.Tags == nil {
		t.Errorf("detail messages = %d, want %d", len(d.Messages), first.MessageCount)
	}
	note, err := a.Inbox.AddNote(first.ID, "Called the courier")
	if err != nil || note.Author != "Sam" {
		t.Fatalf("note = %+v, %v", note, err)
	}
	if err := a.Inbox.SetStatus([]int64{first.ID}, "resolved", 0); err != nil {
		t.Fatal(err)
	}
	if err := a.Inbox.MarkRead(first.ID); err != nil {
		t.Fatal(err)
	}
	d, _ = a.Inbox.GetConversation(first.ID)
	if d.Conversation.Status != "resolved" || d.Conversation.Unread != 0 || len(d.Notes) != 1 {
		t.Errorf("after triage = %+v / notes %d", d.Conversation, len(d.Notes))
	}
	side, err := a.Workspace.Sidebar()
	if err != nil || len(side.Clients) == 0 || len(side.Clients[0].Handles) == 0 {
		t.Fatalf("sidebar = %+v, %v", side, err)
	}
	res, err := a.Search.Search(SearchQueryDTO{Text: "refund", Limit: 5}) // InboxAPI.Search was a dead duplicate of this
	hits := res.Hits
	if err != nil || len(hits) == 0 || !strings.Contains(hits[0].Snippet, "\x02") {
		t.Errorf("search = %+v, %v", hits, err)
	}
	info, _ := a.Workspace.Info()
	if !info.Demo || !info.KeychainOK {
		t.Errorf("info = %+v", info)
	}
}

// The headless commands print what the window's bound methods return.
func TestHeadlessViewsAreTheBoundMethods(t *testing.T) {
	a, s := newTestApp(t)
	h := NewHeadless(Config{Store: s, Logger: slog.New(slog.DiscardHandler), Version: "test"})
	got, err := h.Inbox([]string{"open"}, "", 5)
	if err != nil {
		t.Fatal(err)
	}
	want, err := a.Inbox.ListConversations(FilterDTO{Statuses: []string{"open"}}, 0, 5)
	if err != nil {
		t.Fatal(err)
	}
	page, ok := got.(ConversationPageDTO)
	if !ok || page.Total != want.Total || len(page.Items) != 5 || page.Items[0].ID != want.Items[0].ID {
		t.Errorf("headless inbox = %#v, want the bound page %+v", got, want)
	}
	d, err := h.Conversation(want.Items[0].ID)
	if detail, ok := d.(ConversationDetailDTO); err != nil || !ok || len(detail.Messages) == 0 {
		t.Errorf("headless conversation = %#v, %v", d, err)
	}
}

// The background loops wait on FirstRows (main.go): it stays open until the
// window reports its rows, then is closed once, however often they are reported.
func TestFirstRowsClosesOnce(t *testing.T) {
	a, _ := newTestApp(t)
	select {
	case <-a.FirstRows():
		t.Fatal("FirstRows closed before the window reported any rows")
	default:
	}
	a.firstRowsShown()
	a.firstRowsShown()
	select {
	case <-a.FirstRows():
	default:
		t.Fatal("FirstRows still open after the window reported its rows")
	}
}
