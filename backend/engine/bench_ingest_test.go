package engine_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"careinbox/backend/connector"
	"careinbox/backend/deadline"
	"careinbox/backend/deadline/tracker"
	"careinbox/backend/engine"
	"careinbox/backend/events"
	"careinbox/backend/inbox"
	"careinbox/backend/notify"
	"careinbox/backend/secrets"
	"careinbox/backend/store"
)

// TestBenchIngestEngine measures ingest through the real write path, wired
// as the app wires it: the engine fetches pages of 100 messages from a
// network and commits each with its cursor (store.CommitPage: participants,
// conversations, messages, the FTS5 index, the report, sentiment and survey
// triggers), the events bus carries the page's deltas to the deadline
// service, which recomputes the touched conversations' deadlines and
// announces. A round ends when every conversation the round touched has had
// its deadlines recomputed from its committed rows.
//
// Beside it, in the same run and the same database file, the floor: the same
// message rows inserted into a table with the same columns, keys and an FTS5
// external-content trigger, one transaction per page. Rounds alternate which
// goes first, so load on the machine weighs on both alike.
//
// Runs with the other benchmarks only (CAREINBOX_BENCH_DB set: a copy of
// that database is ingested into; a path that does not exist means a fresh
// database). CAREINBOX_BENCH_INGEST_ENGINE_OUT, if set, receives the table;
// CAREINBOX_BENCH_INGEST_CPUPROFILE, a CPU profile of the rounds.
func TestBenchIngestEngine(t *testing.T) {
	src := os.Getenv("CAREINBOX_BENCH_DB")
	if src == "" {
		t.Skip("set CAREINBOX_BENCH_DB (scripts/bench.sh does)")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rounds, pagesPerRound := envInt("CAREINBOX_BENCH_INGEST_ROUNDS", 10), envInt("CAREINBOX_BENCH_INGEST_PAGES", 20)
	path := filepath.Join(t.TempDir(), "ingest.db")
	archive := false
	if _, err := os.Stat(src); err == nil {
		archive = true
		if err := copyFile(src, path); err != nil {
			t.Fatal(err)
		}
	}
	bus := events.New()
	st, err := store.Open(ctx, path, store.WithPublisher(bus))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, err := st.CreateClient(ctx, inbox.Client{Name: "Ingest bench"})
	if err != nil {
		t.Fatal(err)
	}
	h, err := st.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: inbox.NetworkTelegram,
		RemoteAccountID: fmt.Sprintf("ingest-bench-%d", time.Now().UnixNano()), DisplayName: "Ingest bench"})
	if err != nil {
		t.Fatal(err)
	}
	net := newBenchNet(time.Now().Add(-3 * time.Hour))
	sec := secrets.NewMemory()
	if err := engine.SaveSecrets(ctx, sec, h.ID, map[string]string{"token": "t"}); err != nil {
		t.Fatal(err)
	}
	reg := connector.Registry{inbox.NetworkTelegram: func(cfg connector.Config) (connector.Connector, error) {
		if cfg.HandleID != h.ID {
			return nil, fmt.Errorf("handle %d is not the bench's", cfg.HandleID)
		}
		return net, nil
	}}
	var svc *tracker.Service // as core wires it: a sync job's end ends the service's settling
	eng := engine.New(engine.Config{Store: st, Secrets: sec, Registry: reg, OnJob: func(ev engine.JobEvent) {
		if ev.Kind == engine.JobSync && !ev.Start && !ev.More && svc != nil {
			svc.EndBurst()
		}
	}})

	// The deadline service and its announcer as core wires them, over a
	// store that tells the bench which conversations have been recomputed.
	w := &watchedStore{Store: st, done: map[int64]uint64{}, wake: make(chan struct{}, 1)}
	stale := deadline.StaleAfter(true)
	ann := notify.NewAnnouncer(notify.AnnouncerConfig{Store: st, Notifier: &notify.Recorder{}, StaleAfter: stale})
	w.announced = make(chan struct{}, 1)
	svc = tracker.New(tracker.Config{Store: w, Deltas: bus, Announcer: announceSignal{ann, w.announced}, StaleAfter: stale,
		Settle: tracker.DefaultSettle})
	unsub := bus.Subscribe(w.onDelta) // before the service starts: no delta is missed
	defer unsub()
	svc.Start(ctx)
	defer svc.Close()
	<-w.announced // the first pass (every deadline of the archive) is not ingest's cost

	pragmas, err := st.Pragmas(ctx)
	if err != nil {
		t.Fatal(err)
	}
	floor, err := newFloor(ctx, path, pragmas)
	if err != nil {
		t.Fatal(err)
	}
	defer floor.close()
	// A CPU profile of the rounds alone (the first pass above is not in it).
	if out := os.Getenv("CAREINBOX_BENCH_INGEST_CPUPROFILE"); out != "" {
		f, err := os.Create(out)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			t.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}

	var realW, rawW int64             // bytes the process wrote meanwhile (WAL, checkpoints)
	var real, raw, tail time.Duration // tail: deadlines still being recomputed once the last page is in
	msgs := 0
	for r := 0; r < rounds; r++ {
		pages := net.grow(pagesPerRound)
		runReal := func() {
			w0 := written()
			defer func() { realW += written() - w0 }()
			t0 := time.Now()
			mark := w.seq()
			if err := eng.SyncOnce(ctx, h.ID); err != nil {
				t.Fatal(err)
			}
			t1 := time.Now()
			w.waitRecomputed(ctx, mark)
			real += time.Since(t0)
			tail += time.Since(t1)
		}
		runFloor := func() {
			w0 := written()
			defer func() { rawW += written() - w0 }()
			t0 := time.Now()
			for _, p := range pages {
				if err := floor.insert(ctx, p); err != nil {
					t.Fatal(err)
				}
			}
			raw += time.Since(t0)
		}
		if r%2 == 0 {
			runReal()
			runFloor()
		} else {
			runFloor()
			runReal()
		}
		msgs += pagesPerRound * benchPageMsgs
	}
	checkIngested(t, st, floor.db, h.ID, net)

	where := "a fresh database"
	if archive {
		where = "a copy of " + filepath.Base(src)
	}
	realRate, rawRate := float64(msgs)/real.Seconds(), float64(msgs)/raw.Seconds()
	var b strings.Builder
	fmt.Fprintf(&b, "Ingest of %d messages (%d rounds × %d pages of %d: %d conversations × %d messages, %d of them continuing earlier ones) into %s; load %s\n\n",
		msgs, rounds, pagesPerRound, benchPageMsgs, benchPageConvs, benchConvMsgs, benchPageContinued, where, loadavg())
	b.WriteString("| ingest | msg/s | total | vs floor | written |\n|---|---:|---:|---:|---:|\n")
	fmt.Fprintf(&b, "| engine → store, cursors, FTS, deadlines recomputed | %.0f | %s (%s of it after the last commit) | %.2f× | %d MB |\n",
		realRate, real.Round(time.Millisecond), tail.Round(time.Millisecond), rawRate/realRate, realW>>20)
	fmt.Fprintf(&b, "| floor: the same rows with the FTS5 trigger, one transaction per page | %.0f | %s | 1.00× | %d MB |\n",
		rawRate, raw.Round(time.Millisecond), rawW>>20)
	fmt.Fprintf(&b, "\nThe deadline service recomputed %d conversations in %d batches.\n", w.recomputed, w.passes)
	t.Log("\n" + b.String())
	if out := os.Getenv("CAREINBOX_BENCH_INGEST_ENGINE_OUT"); out != "" {
		if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Shape of a page: 20 conversations × 5 messages (customer, reply,
// customer, reply, customer), 6 of them continuing a conversation of an
// earlier page, customers sometimes writing in more than one.
const (
	benchPageConvs     = 20
	benchConvMsgs      = 5
	benchPageMsgs      = benchPageConvs * benchConvMsgs
	benchPageContinued = 6
)

var benchTexts = []string{
	"Hi, my order %d still hasn't arrived, can you check where it is?",
	"This is the third time I'm writing about invoice %d. I want a refund now!",
	"Thanks so much, the replacement for ticket %d works perfectly.",
	"Is the store on Main Street open on Sunday? I need part %d.",
	"The app crashes when I open my account page (build %d).",
	"Could you change the delivery address of order %d to my office?",
	"Hola, ¿podéis ayudarme con el pedido %d? No funciona el código.",
	"Merci pour votre réponse rapide concernant la commande %d !",
}

const benchReply = "Sorry about that, we're looking into case %d and will get back to you today."

// benchNet serves pre-built pages, so the network's cost is not measured.
type benchNet struct {
	mu    sync.Mutex
	base  time.Time
	pages []connector.Page
	convs int // conversations created so far
}

func newBenchNet(base time.Time) *benchNet { return &benchNet{base: base} }

func (n *benchNet) Network() inbox.Network      { return inbox.NetworkTelegram }
func (n *benchNet) Streams() []string           { return []string{"updates"} }
func (n *benchNet) PollInterval() time.Duration { return time.Hour }

func (n *benchNet) customer(conv int) inbox.Participant {
	c := conv - conv%3/2 // every third customer writes in two conversations
	return inbox.Participant{Network: inbox.NetworkTelegram, RemoteID: fmt.Sprintf("bench-user-%d", c),
		Username: fmt.Sprintf("user%d", c), DisplayName: fmt.Sprintf("Customer %d", c)}
}

// grow adds pages and returns them as the floor inserts them.
func (n *benchNet) grow(count int) [][]floorRow {
	n.mu.Lock()
	defer n.mu.Unlock()
	var out [][]floorRow
	for range count {
		p := len(n.pages)
		var page connector.Page
		var rows []floorRow
		for j := range benchPageConvs {
			conv := n.convs
			if j < benchPageContinued && n.convs > benchPageConvs {
				conv = (p*7919 + j*104729) % (n.convs - benchPageConvs) // an earlier page's
			} else {
				n.convs++
			}
			cust := n.customer(conv)
			c := connector.Conversation{RemoteID: fmt.Sprintf("chat-%d", conv), Kind: inbox.KindPrivate, Customer: cust}
			for k := range benchConvMsgs {
				i := (p*benchPageConvs+j)*benchConvMsgs + k
				m := connector.Message{RemoteID: fmt.Sprintf("msg-%d", i), Direction: inbox.Inbound, Author: cust,
					Text: fmt.Sprintf(benchTexts[i%len(benchTexts)], 10000+i), SentAt: n.base.Add(time.Duration(i) * 100 * time.Millisecond)}
				if k%2 == 1 {
					m.Direction, m.Author, m.AuthorName, m.Text = inbox.Outbound, inbox.Participant{}, "Ingest bench", fmt.Sprintf(benchReply, i)
				}
				c.Messages = append(c.Messages, m)
				name := m.AuthorName
				if name == "" {
					name = m.Author.Name()
				}
				rows = append(rows, floorRow{conv: int64(conv), remote: m.RemoteID, dir: string(m.Direction), name: name, text: m.Text, at: m.SentAt.UnixMilli()})
			}
			page.Conversations = append(page.Conversations, c)
		}
		n.pages = append(n.pages, page)
		out = append(out, rows)
	}
	return out
}

func (n *benchNet) Fetch(ctx context.Context, stream, cursor string) (connector.Page, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	i, _ := strconv.Atoi(cursor)
	if i >= len(n.pages) {
		return connector.Page{Cursor: cursor}, nil
	}
	p := n.pages[i]
	p.Cursor, p.More = strconv.Itoa(i+1), i+1 < len(n.pages)
	return p, nil
}

// checkIngested fails the bench if the real path lost or doubled anything.
func checkIngested(t *testing.T, st *store.Store, db *sql.DB, handleID int64, n *benchNet) {
	t.Helper()
	var msgs int
	if err := db.QueryRow("SELECT COUNT(*) FROM messages WHERE handle_id = ?", handleID).Scan(&msgs); err != nil {
		t.Fatal(err)
	}
	if want := len(n.pages) * benchPageMsgs; msgs != want {
		t.Fatalf("bench handle has %d messages, want %d", msgs, want)
	}
	page, err := st.Conversations(context.Background(), inbox.ConversationFilter{HandleID: handleID}, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != n.convs {
		t.Fatalf("bench handle has %d conversations, want %d", page.Total, n.convs)
	}
	ss, err := st.Stream(context.Background(), handleID, "updates")
	if err != nil || ss.Cursor != strconv.Itoa(len(n.pages)) {
		t.Fatalf("stream = %+v, %v; want cursor %d", ss, err, len(n.pages))
	}
}

// watchedStore is the deadline service's store, noting which conversations
// it has recomputed: a conversation is current once a pass read its inputs
// after the delta that last named it (the delta is published after commit)
// and stored the result.
type watchedStore struct {
	*store.Store
	announced chan struct{}

	mu      sync.Mutex
	n       uint64           // deltas seen
	last    map[int64]uint64 // conversation → the delta that last named it
	done    map[int64]uint64 // conversation → the delta count its last recompute read after
	reading []int64          // the batch being recomputed
	readAt  uint64
	// passes and recomputed count SaveDeadlines calls and the conversations they covered.
	passes, recomputed int
	wake               chan struct{}
}

func (w *watchedStore) onDelta(d events.Delta) {
	if d.Entity != events.EntityConversation {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.last == nil {
		w.last = map[int64]uint64{}
	}
	w.n++
	for _, id := range d.Upserted {
		w.last[id] = w.n
	}
}

func (w *watchedStore) seq() uint64 { w.mu.Lock(); defer w.mu.Unlock(); return w.n }

func (w *watchedStore) DeadlineInputs(ctx context.Context, ids []int64) ([]deadline.Input, error) {
	w.mu.Lock()
	w.reading, w.readAt = append(w.reading[:0], ids...), w.n
	w.mu.Unlock()
	return w.Store.DeadlineInputs(ctx, ids)
}

func (w *watchedStore) SaveDeadlines(ctx context.Context, ups []deadline.Update) error {
	err := w.Store.SaveDeadlines(ctx, ups)
	w.mu.Lock()
	w.passes++
	w.recomputed += len(w.reading)
	if err == nil {
		for _, id := range w.reading {
			w.done[id] = w.readAt
		}
	}
	w.reading = w.reading[:0]
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
	return err
}

// waitRecomputed waits until every conversation named after mark is current.
func (w *watchedStore) waitRecomputed(ctx context.Context, mark uint64) {
	for {
		w.mu.Lock()
		behind := 0
		for id, at := range w.last {
			if at > mark && w.done[id] < at {
				behind++
			}
		}
		w.mu.Unlock()
		if behind == 0 {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-w.wake:
		}
	}
}

// announceSignal passes each pass's announcement on and says it happened.
type announceSignal struct {
	a    tracker.Announcer
	pass chan struct{}
}

func (s announceSignal) Announce(ctx context.Context, now time.Time) error {
	err := s.a.Announce(ctx, now)
	select {
	case s.pass <- struct{}{}:
	default:
	}
	return err
}

// floorRow is one message row as the floor inserts it.
type floorRow struct {
	conv        int64
	remote, dir string
	name, text  string
	at          int64
}

// floor is the same rows with nothing but the FTS5 trigger, in tables of
// their own in the same database file, through the same driver and the
// store's writer's settings (read back from it). The auto-checkpoint above
// all: with SQLite's default (1 000 pages) the floor's commits copied the
// real path's WAL frames into the file — the store leaves that to its
// background checkpointer — so the floor was charged for the real path's
// checkpoints, 0.35 s of 3.1 s over 40 rounds, and the ratio read ~1.75×
// where it is ~2.0×.
type floor struct {
	db *sql.DB
}

func newFloor(ctx context.Context, path string, pragmas map[string]string) (*floor, error) {
	q := url.Values{}
	for _, name := range []string{"journal_mode", "busy_timeout", "synchronous", "temp_store", "wal_autocheckpoint", "cache_size"} {
		v, ok := pragmas[name]
		if !ok {
			return nil, fmt.Errorf("floor: the store's writer has no %s", name)
		}
		q.Add("_pragma", name+"("+v+")")
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	for _, q := range []string{
		`DROP TABLE IF EXISTS bench_floor_fts`, `DROP TABLE IF EXISTS bench_floor`,
		`CREATE TABLE bench_floor (id INTEGER PRIMARY KEY, conversation_id INTEGER NOT NULL, handle_id INTEGER NOT NULL,
			remote_id TEXT NOT NULL, direction TEXT NOT NULL, author_id INTEGER, author_name TEXT NOT NULL DEFAULT '',
			text TEXT NOT NULL, sent_at INTEGER NOT NULL, reply_to_remote_id TEXT NOT NULL DEFAULT '',
			delivery TEXT NOT NULL DEFAULT 'received', extra TEXT NOT NULL DEFAULT '{}', sentiment REAL,
			threat TEXT NOT NULL DEFAULT '', UNIQUE (handle_id, remote_id))`,
		`CREATE INDEX bench_floor_conversation ON bench_floor(conversation_id, sent_at, id)`,
		`CREATE VIRTUAL TABLE bench_floor_fts USING fts5(text, author_name, content = 'bench_floor', content_rowid = 'id',
			tokenize = 'unicode61 remove_diacritics 2')`,
		`CREATE TRIGGER bench_floor_ai AFTER INSERT ON bench_floor BEGIN
			INSERT INTO bench_floor_fts(rowid, text, author_name) VALUES (new.id, new.text, new.author_name); END`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			db.Close()
			return nil, fmt.Errorf("floor schema: %w", err)
		}
	}
	return &floor{db: db}, nil
}

func (f *floor) insert(ctx context.Context, rows []floorRow) error {
	tx, err := f.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO bench_floor(conversation_id, handle_id, remote_id, direction,
		author_name, text, sent_at, delivery) VALUES (?, 1, ?, ?, ?, ?, ?, 'received')`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for _, r := range rows {
		if _, err := ins.ExecContext(ctx, r.conv, r.remote, r.dir, r.name, r.text, r.at); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func (f *floor) close() {
	_, _ = f.db.Exec(`DROP TABLE IF EXISTS bench_floor_fts`)
	_, _ = f.db.Exec(`DROP TABLE IF EXISTS bench_floor`)
	f.db.Close()
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// written is how many bytes the process has written (0 where /proc is not).
func written() int64 {
	b, _ := os.ReadFile("/proc/self/io")
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "wchar: "); ok {
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		}
	}
	return 0
}
