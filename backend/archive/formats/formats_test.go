package formats_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"careinbox/backend/archive"
	"careinbox/backend/archive/formats"
	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

type fixture struct {
	name     string
	file     string
	format   archive.Format // what auto must detect
	network  inbox.Network
	handle   inbox.Handle
	settings map[string]string
	convs    int64 // distinct conversations read
	msgs     int64 // messages read (= new on the first import)
	skipped  map[string]int
	// want are (conversation remote id, message remote id, text) facts.
	want [][3]string
	// outbound are texts the account itself wrote.
	outbound []string
}

var fixtures = []fixture{
	{name: "x", file: "x-archive.zip", format: archive.FormatX, network: inbox.NetworkX,
		handle: inbox.Handle{DisplayName: "@AskBakery", RemoteAccountID: "100"},
		convs:  3, msgs: 5,
		skipped: map[string]int{"a post of the account's own that answers no one": 1},
		want: [][3]string{
			{"post:1999", "2001", "@zoe_k Désolé! Your croissant order ships today & tomorrow."},
			{"post:1999", "2002", "@zoe_k one more thing: the bakery opens at 8"},
			{"dm:100-300", "dm:5001", "Mein Brötchen war hart"},
			{"dm:100-300", "dm:5002", "Hallo Jürgen, wir schicken einen Ersatz."},
			{"dm:777888", "dm:6001", "Group question about pumpernickel"},
		},
		outbound: []string{"Hallo Jürgen, wir schicken einen Ersatz.", "@zoe_k one more thing: the bakery opens at 8"}},
	{name: "facebook", file: "facebook-dyi.zip", format: archive.FormatFacebook, network: inbox.NetworkFacebook,
		handle: inbox.Handle{DisplayName: "Ask Bakery", RemoteAccountID: "page-1"},
		convs:  2, msgs: 4,
		skipped: map[string]int{"a message its sender unsent": 1, "a message without text (a reaction, a call, a sticker)": 1},
		want: [][3]string{
			{"", "", "Bonjour, où est ma commande? 🥐"},
			{"", "", "Elle arrive demain — merci!"},
			{"", "", "Merci à tous"},
		},
		outbound: []string{"Elle arrive demain — merci!", "Merci à tous"}},
	{name: "instagram", file: "instagram-dyi.zip", format: archive.FormatInstagram, network: inbox.NetworkInstagram,
		handle: inbox.Handle{DisplayName: "Ask Bakery", Username: "renamed_since", RemoteAccountID: "ig-1"},
		convs:  2, msgs: 3,
		want: [][3]string{
			{"", "", "Habt ihr glutenfreies Brot? Grüße"},
			{"", "", "Ja, glutenfrei ✓"},
			{"", "", "Schön!"},
		},
		outbound: []string{"Ja, glutenfrei ✓"}},
	{name: "mastodon", file: "mastodon-archive.zip", format: archive.FormatMastodon, network: inbox.NetworkMastodon,
		handle: inbox.Handle{DisplayName: "askbakery", RemoteAccountID: "42"},
		convs:  2, msgs: 3,
		skipped: map[string]int{"a post of the account's own that answers no one": 1, "a boost or other activity that is not a post": 1},
		want: [][3]string{
			{"https://other.example/users/mia/statuses/55", "110", "@mia Wir backen Roggenbrot & Dinkel"},
			{"https://other.example/users/mia/statuses/55", "111", "Und sonntags geöffnet."},
			{"dm:https://other.example/users/mia", "112", "Privately: your refund is on its way"},
		}},
	{name: "telegram", file: "telegram-result.json", format: archive.FormatTelegram, network: inbox.NetworkTelegram,
		handle: inbox.Handle{DisplayName: "Ask Bakery", RemoteAccountID: "999"},
		convs:  1, msgs: 2,
		skipped: map[string]int{"a group or channel (only private chats are imported)": 1, "saved messages": 1,
			"a service message (joins, calls, pins)": 1},
		want: [][3]string{
			{"chat:4242", "4242:10", "Здравствуйте! Где мой заказ?"},
			{"chat:4242", "4242:12", "Уже в пути, завтра будет."},
		},
		outbound: []string{"Уже в пути, завтра будет."}},
	{name: "mbox", file: "mail.mbox", format: archive.FormatMbox, network: inbox.NetworkEmail,
		handle:   inbox.Handle{DisplayName: "help@bakery.example", RemoteAccountID: "help@bakery.example"},
		settings: map[string]string{"username": "help@bakery.example"},
		convs:    2, msgs: 3,
		want: [][3]string{
			{"q1@example.org", "q1@example.org", "Ich möchte zwölf Brötchen bestellen.\nFrom the bakery's own site I could not."},
			{"q1@example.org", "r1@bakery.example", "Gern, zwölf Brötchen kommen morgen."},
		},
		outbound: []string{"Gern, zwölf Brötchen kommen morgen."}},
	{name: "maildir", file: "maildir", format: archive.FormatMaildir, network: inbox.NetworkEmail,
		handle:   inbox.Handle{DisplayName: "help@bakery.example", RemoteAccountID: "help@bakery.example"},
		settings: map[string]string{"username": "help@bakery.example"},
		convs:    1, msgs: 3,
		want: [][3]string{
			{"q1@example.org", "q2@example.org", "Danke! Und Kuchen?"},
		}},
	{name: "eml", file: "eml", format: archive.FormatEML, network: inbox.NetworkEmail,
		handle:   inbox.Handle{DisplayName: "help@bakery.example", RemoteAccountID: "help@bakery.example"},
		settings: map[string]string{"username": "help@bakery.example"},
		convs:    1, msgs: 2,
		want: [][3]string{
			{"e1@example.net", "e2@bakery.example", "We stock rye flour — 1 kg bags."},
		}},
}

func openStore(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "inbox.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func handleFor(t *testing.T, s *store.Store, f fixture) inbox.Handle {
	t.Helper()
	ctx := context.Background()
	c, err := s.CreateClient(ctx, inbox.Client{Name: "Bakery"})
	if err != nil {
		t.Fatal(err)
	}
	h := f.handle
	h.ClientID, h.Network = c.ID, f.network
	if h, err = s.CreateHandle(ctx, h); err != nil {
		t.Fatal(err)
	}
	if f.settings != nil {
		if err := s.SetHandleSettings(ctx, h.ID, f.settings); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

func runner(s *store.Store) *archive.Runner {
	return &archive.Runner{Store: s, Open: formats.Open, BatchMessages: 2}
}

func TestImportEveryFormat(t *testing.T) {
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			ctx := context.Background()
			s := openStore(t)
			h := handleFor(t, s, f)
			path := filepath.Join("testdata", f.file)
			if got, err := formats.Detect(path, f.network); err != nil || got != f.format {
				t.Fatalf("Detect = %q, %v; want %q", got, err, f.format)
			}
			sum, err := runner(s).Import(ctx, archive.Request{Path: path, HandleID: h.ID}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Conversations != f.convs || sum.Messages != f.msgs || sum.New != f.msgs || sum.Existing != 0 {
				t.Errorf("first import: %+v; want %d conversations, %d messages, all new", sum.Counts, f.convs, f.msgs)
			}
			if !sameSkips(sum.Skipped, f.skipped) {
				t.Errorf("skipped %v, want %v", sum.Skipped, f.skipped)
			}
			before := snapshot(t, s, h.ID)
			if int64(before.messages) != f.msgs {
				t.Errorf("stored %d messages, want %d", before.messages, f.msgs)
			}
			for _, w := range f.want {
				if !before.has(w) {
					t.Errorf("missing conversation %q message %q with text %q; stored %v", w[0], w[1], w[2], before.rows)
				}
			}
			for _, text := range f.outbound {
				var dir string
				if err := s.DB().QueryRow(`SELECT direction FROM messages WHERE handle_id = ? AND text = ?`, h.ID, text).Scan(&dir); err != nil || dir != "out" {
					t.Errorf("message %q is %q (%v), want the account's own (out)", text, dir, err)
				}
			}
			// History: resolved, read, and no deadline running.
			if before.open != 0 || before.unread != 0 || before.deadlines != 0 {
				t.Errorf("imported history is open %d, unread %d, with %d deadlines; want none", before.open, before.unread, before.deadlines)
			}
			// The same archive again adds nothing and reports the same reads.
			again, err := runner(s).Import(ctx, archive.Request{Path: path, HandleID: h.ID}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if again.Conversations != f.convs || again.Messages != f.msgs || again.New != 0 || again.Existing != f.msgs {
				t.Errorf("second import: %+v; want the same reads, nothing new", again.Counts)
			}
			if after := snapshot(t, s, h.ID); after.messages != before.messages || after.conversations != before.conversations {
				t.Errorf("second import changed the store: %d/%d conversations, %d/%d messages",
					before.conversations, after.conversations, before.messages, after.messages)
			}
		})
	}
}

func sameSkips(got, want map[string]int) bool {
	if len(got) != len(want) {
		return false
	}
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}

type stored struct {
	conversations, messages, open, unread, deadlines int
	rows                                             [][3]string
}

func (st stored) has(w [3]string) bool {
	for _, r := range st.rows {
		if (w[0] == "" || r[0] == w[0]) && (w[1] == "" || r[1] == w[1]) && r[2] == w[2] {
			return true
		}
	}
	return false
}

func snapshot(t *testing.T, s *store.Store, handleID int64) stored {
	t.Helper()
	db := s.DB()
	var st stored
	q := func(dst *int, query string) {
		if err := db.QueryRow(query, handleID).Scan(dst); err != nil {
			t.Fatal(err)
		}
	}
	q(&st.conversations, `SELECT COUNT(*) FROM conversations WHERE handle_id = ?`)
	q(&st.messages, `SELECT COUNT(*) FROM messages WHERE handle_id = ?`)
	q(&st.open, `SELECT COUNT(*) FROM conversations WHERE handle_id = ? AND status <> 'resolved'`)
	q(&st.unread, `SELECT COALESCE(SUM(unread), 0) FROM conversations WHERE handle_id = ?`)
	q(&st.deadlines, `SELECT COUNT(*) FROM deadlines d JOIN conversations c ON c.id = d.conversation_id WHERE c.handle_id = ?`)
	rows, err := db.Query(`SELECT c.remote_id, m.remote_id, m.text FROM messages m JOIN conversations c ON c.id = m.conversation_id
		WHERE m.handle_id = ? ORDER BY m.sent_at`, handleID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var r [3]string
		if err := rows.Scan(&r[0], &r[1], &r[2]); err != nil {
			t.Fatal(err)
		}
		st.rows = append(st.rows, r)
	}
	return st
}

// A corrupt or unknown file, or one of another network, is refused with
// nothing written (not even an import row).
func TestImportRefusesWithNothingChanged(t *testing.T) {
	cases := []struct {
		name, file string
		network    inbox.Network
		format     archive.Format
		want       string
	}{
		{"malformed X", "x-malformed.zip", inbox.NetworkX, archive.FormatAuto, "damaged"},
		{"malformed Telegram", "telegram-malformed.json", inbox.NetworkTelegram, archive.FormatTelegram, "damaged"},
		{"unknown file", "not-an-archive.txt", inbox.NetworkEmail, archive.FormatAuto, "not an archive"},
		{"another network", "x-archive.zip", inbox.NetworkMastodon, archive.FormatAuto, "is on mastodon"},
		{"another account", "x-archive.zip", inbox.NetworkX, archive.FormatAuto, "is of account 100"},
		{"mbox named but not", "telegram-result.json", inbox.NetworkEmail, archive.FormatMbox, "not an archive"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := openStore(t)
			acct := "100"
			if c.name == "another account" {
				acct = "999"
			}
			h := handleFor(t, s, fixture{network: c.network, handle: inbox.Handle{DisplayName: "x", RemoteAccountID: acct}})
			_, err := runner(s).Import(context.Background(), archive.Request{Path: filepath.Join("testdata", c.file), HandleID: h.ID, Format: c.format}, nil)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want one saying %q", err, c.want)
			}
			var n int
			if err := s.DB().QueryRow(`SELECT (SELECT COUNT(*) FROM messages) + (SELECT COUNT(*) FROM conversations) + (SELECT COUNT(*) FROM imports)`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("%d rows written by a refused import", n)
			}
		})
	}
}

// An archive overlapping what sync already stored adds nothing twice and
// leaves the synced rows as sync wrote them: the synced conversation stays
// open with its unread message and its text.
func TestImportAfterSyncAddsNoDuplicates(t *testing.T) {
	at := time.Date(2024, 1, 8, 10, 0, 0, 0, time.UTC)
	anna := inbox.Participant{Network: inbox.NetworkEmail, RemoteID: "anna@example.org"}
	juergen := inbox.Participant{Network: inbox.NetworkX, RemoteID: "300", Username: "juergen"}
	cases := []struct {
		name    string
		fixture fixture
		synced  store.IncomingConversation // as the network's sync delivered it
	}{
		{"mbox after IMAP sync", fixtures[5], store.IncomingConversation{RemoteID: "q1@example.org", Kind: inbox.KindEmail, Subject: "Brötchen bestellung",
			Customer: anna, Messages: []store.IncomingMessage{{RemoteID: "q1@example.org", Direction: inbox.Inbound, Text: "as synced", Author: anna, SentAt: at}}}},
		{"X archive after DM sync", fixtures[0], store.IncomingConversation{RemoteID: "dm:100-300", Kind: inbox.KindPrivate,
			Customer: juergen, Messages: []store.IncomingMessage{{RemoteID: "dm:5001", Direction: inbox.Inbound, Text: "as synced", Author: juergen, SentAt: at}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			f := c.fixture
			s := openStore(t)
			h := handleFor(t, s, f)
			if _, err := s.Ingest(ctx, h.ID, []store.IncomingConversation{c.synced}, nil); err != nil {
				t.Fatal(err)
			}
			sum, err := runner(s).Import(ctx, archive.Request{Path: filepath.Join("testdata", f.file), HandleID: h.ID}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if sum.New != f.msgs-1 || sum.Existing != 1 {
				t.Errorf("import after sync: %+v; want %d new, 1 already there", sum.Counts, f.msgs-1)
			}
			st := snapshot(t, s, h.ID)
			if int64(st.messages) != f.msgs {
				t.Errorf("%d messages stored, want %d (no duplicates)", st.messages, f.msgs)
			}
			if !st.has([3]string{c.synced.RemoteID, c.synced.Messages[0].RemoteID, "as synced"}) {
				t.Errorf("the synced message was rewritten: %v", st.rows)
			}
			var status string
			var unread, convs int
			if err := s.DB().QueryRow(`SELECT status, unread FROM conversations WHERE remote_id = ?`, c.synced.RemoteID).Scan(&status, &unread); err != nil {
				t.Fatal(err)
			}
			if status != "open" || unread != 1 {
				t.Errorf("synced conversation is %s with %d unread after the import; want open with 1 (as sync left it)", status, unread)
			}
			if err := s.DB().QueryRow(`SELECT COUNT(*) FROM conversations WHERE remote_id = ?`, c.synced.RemoteID).Scan(&convs); err != nil || convs != 1 {
				t.Errorf("%d conversations %s (%v), want the synced one only", convs, c.synced.RemoteID, err)
			}
		})
	}
}

// failingStore fails the nth batch write, as a full disk would.
type failingStore struct {
	*store.Store
	n, calls int
}

func (f *failingStore) IngestImport(ctx context.Context, importID, handleID int64, convs []store.IncomingConversation, units int64, counts string) (store.IngestResult, error) {
	f.calls++
	if f.calls == f.n {
		return store.IngestResult{}, errors.New("disk full")
	}
	return f.Store.IngestImport(ctx, importID, handleID, convs, units, counts)
}

// A failure mid-import keeps whole batches only (never part of a
// conversation), and running the import again resumes and completes it.
func TestFailedImportResumes(t *testing.T) {
	ctx := context.Background()
	f := fixtures[0] // X: a two-message DM conversation must never be split
	s := openStore(t)
	h := handleFor(t, s, f)
	fs := &failingStore{Store: s, n: 2}
	r := &archive.Runner{Store: fs, Open: formats.Open, BatchMessages: 2}
	path := filepath.Join("testdata", f.file)
	if _, err := r.Import(ctx, archive.Request{Path: path, HandleID: h.ID}, nil); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want the batch's failure", err)
	}
	mid := snapshot(t, s, h.ID)
	if mid.messages == 0 || int64(mid.messages) >= f.msgs {
		t.Fatalf("%d messages after a failure in the second batch; want the first batch only", mid.messages)
	}
	if mid.has([3]string{"dm:100-300", "dm:5001", "Mein Brötchen war hart"}) != mid.has([3]string{"dm:100-300", "dm:5002", "Hallo Jürgen, wir schicken einen Ersatz."}) {
		t.Errorf("a conversation was half imported: %v", mid.rows)
	}
	recs, err := s.Imports(ctx, h.ID)
	if err != nil || len(recs) != 1 || recs[0].State != store.ImportFailed || recs[0].Units == 0 {
		t.Fatalf("imports = %+v, %v; want one failed with its resume point", recs, err)
	}
	sum, err := runner(s).Import(ctx, archive.Request{Path: path, HandleID: h.ID}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !sum.Resumed || sum.Conversations != f.convs || sum.Messages != f.msgs {
		t.Errorf("resumed import: %+v resumed=%v; want every read counted once", sum.Counts, sum.Resumed)
	}
	if st := snapshot(t, s, h.ID); int64(st.messages) != f.msgs {
		t.Errorf("%d messages after the resume, want %d", st.messages, f.msgs)
	}
	recs, _ = s.Imports(ctx, h.ID)
	if len(recs) != 1 || recs[0].State != store.ImportDone {
		t.Errorf("imports = %+v; want the one import done", recs)
	}
}
