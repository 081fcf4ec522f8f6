package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

var t0 = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

// Words that must never leave the app: secrets live in the keychain only.
var testSecrets = []string{"xoxp-TEST-SECRET-TOKEN-4242", "hunter2-imap-password"}

const hostile = `<script>alert("x")</script><img src=x onerror=alert(1)> javascript:alert(2) see https://example.com/a?b=1&c=2.`

type fixture struct {
	st                 *store.Store
	convA, convB, conv int64 // convA, convB: Zoë's; conv: Omar's
	zoe, omar          int64
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "ws.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	c, err := st.CreateClient(ctx, inbox.Client{Name: "Bakery Ltd"})
	if err != nil {
		t.Fatal(err)
	}
	// The handle's secrets would be in the keychain; nothing of them is in the store.
	h, err := st.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: inbox.NetworkMastodon, RemoteAccountID: "acct", DisplayName: "@AskBakery"})
	if err != nil {
		t.Fatal(err)
	}
	zoe := inbox.Participant{Network: inbox.NetworkMastodon, RemoteID: "z", Username: "zoe@example.social", DisplayName: "=HYPERLINK(\"http://evil\")"}
	omar := inbox.Participant{Network: inbox.NetworkMastodon, RemoteID: "o", Username: "omar@example.social", DisplayName: "عمر \u202e"}
	msg := func(id string, p inbox.Participant, text string, at time.Duration) store.IncomingMessage {
		return store.IncomingMessage{RemoteID: id, Direction: inbox.Inbound, Author: p, Text: text, SentAt: t0.Add(at)}
	}
	if _, err := st.Ingest(ctx, h.ID, []store.IncomingConversation{
		{RemoteID: "a", Kind: inbox.KindPublic, Customer: zoe, Messages: []store.IncomingMessage{
			msg("a1", zoe, hostile, 0),
			{RemoteID: "a2", Direction: inbox.Outbound, AuthorName: "@AskBakery", Text: "Sorry, refunded.", SentAt: t0.Add(time.Hour)}}},
		{RemoteID: "b", Kind: inbox.KindPrivate, Customer: zoe, Messages: []store.IncomingMessage{
			msg("b1", zoe, "second thread, line one\nline two", 48*time.Hour)}},
		{RemoteID: "c", Kind: inbox.KindPrivate, Customer: omar, Messages: []store.IncomingMessage{
			msg("c1", omar, "مرحبا refund please", 72*time.Hour)}},
	}, nil); err != nil {
		t.Fatal(err)
	}
	f := fixture{st: st}
	for _, r := range []struct {
		remote string
		conv   *int64
		cust   *int64
	}{{"a", &f.convA, &f.zoe}, {"b", &f.convB, nil}, {"c", &f.conv, &f.omar}} {
		var cust int64
		if err := st.DB().QueryRow("SELECT id, customer_id FROM conversations WHERE remote_id = ?", r.remote).Scan(r.conv, &cust); err != nil {
			t.Fatal(err)
		}
		if r.cust != nil {
			*r.cust = cust
		}
	}
	if _, err := st.AddNote(ctx, inbox.Note{ConversationID: f.convA, Author: "Sam", Text: "INTERNAL-NOTE-WORD <b>bold</b>", CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestExportScopesAndFormats(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	ex := Exporter{Store: f.st, Now: func() time.Time { return t0 }}
	scopes := []struct {
		name     string
		scope    Scope
		convs    []int64
		messages int
	}{
		{"conversation", Scope{ConversationID: f.convA}, []int64{f.convA}, 2},
		{"customer", Scope{CustomerID: f.zoe}, []int64{f.convA, f.convB}, 3},
		{"client", Scope{Client: "bakery ltd"}, []int64{f.convA, f.convB, f.conv}, 4},
		{"client in a date range", Scope{Client: "Bakery Ltd", From: t0.Add(24 * time.Hour), To: t0.Add(60 * time.Hour)}, []int64{f.convB}, 1},
		{"search", Scope{Search: "please"}, []int64{f.conv}, 1},
	}
	for _, sc := range scopes {
		for _, format := range []Format{CSV, JSON, HTML} {
			for _, notes := range []bool{false, true} {
				name := sc.name + "/" + string(format)
				if notes {
					name += "/notes"
				}
				t.Run(name, func(t *testing.T) {
					var buf bytes.Buffer
					sum, err := ex.Write(ctx, &buf, Options{Scope: sc.scope, Format: format, Notes: notes})
					if err != nil {
						t.Fatal(err)
					}
					if sum.Conversations != len(sc.convs) || sum.Messages != sc.messages {
						t.Errorf("summary = %+v, want %d conversations, %d messages", sum, len(sc.convs), sc.messages)
					}
					out := buf.String()
					hasNote := strings.Contains(out, "INTERNAL-NOTE-WORD")
					wantNote := notes && contains(sc.convs, f.convA)
					if hasNote != wantNote {
						t.Errorf("note in export = %v, want %v", hasNote, wantNote)
					}
					for _, s := range testSecrets {
						if strings.Contains(out, s) {
							t.Errorf("export holds the secret %q", s)
						}
					}
					switch format {
					case CSV:
						checkCSV(t, out, sc.convs, sc.messages, wantNote)
					case JSON:
						checkJSON(t, buf.Bytes(), sc.convs, sc.messages, notes)
					case HTML:
						checkHTML(t, out, contains(sc.convs, f.convA))
					}
				})
			}
		}
	}
}

func contains(ids []int64, id int64) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}

func checkCSV(t *testing.T, out string, convs []int64, messages int, note bool) {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse back: %v", err)
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != strings.Join(CSVHeader, ",") {
		t.Fatalf("CSV header = %v", rows[0])
	}
	want := messages + 1
	if note {
		want++
	}
	if len(rows) != want {
		t.Errorf("CSV has %d rows, want %d", len(rows), want)
	}
	seen := map[string]bool{}
	for _, r := range rows[1:] {
		if r[0] != "1" {
			t.Errorf("schema_version = %q", r[0])
		}
		seen[r[2]] = true
		for i, c := range r {
			if c != "" && strings.ContainsRune("=+-@", rune(c[0])) {
				t.Errorf("column %s starts a formula: %q", CSVHeader[i], c)
			}
		}
		if r[1] == "message" && strings.Contains(r[19], "line one") && !strings.Contains(r[19], "line one\nline two") {
			t.Errorf("multi-line text did not round-trip: %q", r[19])
		}
	}
	if len(seen) != len(convs) {
		t.Errorf("CSV covers %d conversations, want %d", len(seen), len(convs))
	}
}

// required walks the schema's required fields over a decoded document.
func required(t *testing.T, schema map[string]any, node map[string]any, doc any, where string) {
	t.Helper()
	if ref, ok := node["$ref"].(string); ok {
		node = schema["$defs"].(map[string]any)[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
	}
	switch node["type"] {
	case "object":
		obj, ok := doc.(map[string]any)
		if !ok {
			t.Errorf("%s is not an object", where)
			return
		}
		req, _ := node["required"].([]any)
		for _, k := range req {
			if _, ok := obj[k.(string)]; !ok {
				t.Errorf("%s lacks required %q", where, k)
			}
		}
		props, _ := node["properties"].(map[string]any)
		for k, v := range obj {
			if p, ok := props[k].(map[string]any); ok {
				required(t, schema, p, v, where+"."+k)
			}
		}
	case "array":
		arr, ok := doc.([]any)
		if !ok {
			t.Errorf("%s is not an array", where)
			return
		}
		for i, v := range arr {
			if items, ok := node["items"].(map[string]any); ok {
				required(t, schema, items, v, where+"["+string(rune('0'+i%10))+"]")
			}
		}
	}
	if c, ok := node["const"]; ok && c != doc {
		t.Errorf("%s = %v, want %v", where, doc, c)
	}
	if enum, ok := node["enum"].([]any); ok && !containsAny(enum, doc) {
		t.Errorf("%s = %v, not one of %v", where, doc, enum)
	}
}

func containsAny(list []any, v any) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func checkJSON(t *testing.T, out []byte, convs []int64, messages int, notes bool) {
	t.Helper()
	var schema map[string]any
	if err := json.Unmarshal(Schema, &schema); err != nil {
		t.Fatalf("schema.json: %v", err)
	}
	var doc map[string]any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("JSON export does not parse: %v\n%s", err, out)
	}
	required(t, schema, schema, doc, "export")
	cs := doc["conversations"].([]any)
	n := 0
	for i, c := range cs {
		conv := c.(map[string]any)
		if int64(conv["id"].(float64)) != convs[i] {
			t.Errorf("conversation %d = %v, want %d", i, conv["id"], convs[i])
		}
		n += len(conv["messages"].([]any))
		if _, has := conv["notes"]; has != notes {
			t.Errorf("notes present = %v, want %v", has, notes)
		}
	}
	if len(cs) != len(convs) || n != messages {
		t.Errorf("JSON has %d conversations, %d messages; want %d, %d", len(cs), n, len(convs), messages)
	}
}

func checkHTML(t *testing.T, out string, hostileThread bool) {
	t.Helper()
	lower := strings.ToLower(out)
	for _, bad := range []string{"<script", "<img", `href="javascript`, "<b>"} {
		if strings.Contains(lower, bad) {
			t.Errorf("HTML holds unescaped %q", bad)
		}
	}
	for _, want := range []string{`http-equiv="Content-Security-Policy" content="default-src 'none'`, "<bdi>", `dir="auto"`} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if hostileThread {
		if !strings.Contains(out, "&lt;script&gt;") {
			t.Error("the hostile text is not shown escaped")
		}
		if !strings.Contains(out, `<a href="https://example.com/a?b=1&amp;c=2"`) {
			t.Errorf("the https link is not a link:\n%s", out)
		}
	}
}

func TestExportErrors(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	ex := Exporter{Store: f.st}
	for _, tc := range []struct {
		name  string
		scope Scope
		want  error
	}{
		{"no scope", Scope{}, nil},
		{"two scopes", Scope{ConversationID: f.convA, CustomerID: f.zoe}, nil},
		{"unknown client", Scope{Client: "Nobody"}, store.ErrNotFound},
		{"empty search", Scope{Search: "nothingmatchesthis"}, ErrEmpty},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ex.Write(ctx, &bytes.Buffer{}, Options{Scope: tc.scope, Format: JSON})
			if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestWriteFile(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	dir := t.TempDir()
	path := filepath.Join(dir, FileName(Scope{CustomerID: f.zoe}, HTML, t0))
	if !strings.HasSuffix(path, "careinbox-customer-"+itoa(f.zoe)+"-2026-11-20.html") {
		t.Errorf("file name = %s", path)
	}
	if _, err := (Exporter{Store: f.st}).WriteFile(ctx, path, Options{Scope: Scope{CustomerID: f.zoe}, Format: HTML}); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("export file = %v, %v; want mode 0600", info, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the folder holds %d files, want the export only", len(entries))
	}
	// A failed export leaves nothing under the name.
	bad := filepath.Join(dir, "bad.json")
	if _, err := (Exporter{Store: f.st}).WriteFile(ctx, bad, Options{Scope: Scope{Client: "Nobody"}}); err == nil {
		t.Fatal("export of an unknown client succeeded")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("a failed export left %d files", len(entries)-1)
	}
}

func itoa(v int64) string { b, _ := json.Marshal(v); return string(b) }

func TestParts(t *testing.T) {
	for _, tc := range []struct {
		in   string
		urls []string
	}{
		{"see https://a.example/x.", []string{"https://a.example/x"}},
		{"javascript:alert(1) data:text/html,x file:///etc", nil},
		{"(http://b.example/p) and HTTPS://C.example", []string{"http://b.example/p", "HTTPS://C.example"}},
	} {
		var got []string
		var text strings.Builder
		for _, p := range parts(tc.in) {
			text.WriteString(p.Text)
			if p.URL != "" {
				got = append(got, p.URL)
			}
		}
		if strings.Join(got, " ") != strings.Join(tc.urls, " ") || text.String() != tc.in {
			t.Errorf("parts(%q) = links %v, text %q", tc.in, got, text.String())
		}
	}
}
