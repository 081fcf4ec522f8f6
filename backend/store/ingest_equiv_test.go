package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"careinbox/backend/inbox"
)

// The set-wise ingest must leave what the per-message one left
// (ingest_legacy_test.go), its aggregates brought up to date: random batches — conversations delivered twice
// in a batch, message ids repeated across conversations, edits, imported
// statuses, read flags, equal send times, surveys waiting for an answer,
// locally opened private conversations to adopt — go into two databases,
// one per implementation, which must then hold the same rows.
func TestIngestMatchesPerMessageIngest(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 16; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			dir := t.TempDir()
			var stores [2]*Store
			var handles [2]int64
			for i := range stores {
				s, err := Open(ctx, filepath.Join(dir, fmt.Sprintf("%d.db", i)))
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s.Close() })
				stores[i], handles[i] = s, fixture(t, s, inbox.NetworkFacebook).ID
			}
			g := &batchGen{r: rand.New(rand.NewPCG(seed, 7))}
			for step := 0; step < 8; step++ {
				g.setUp(t, stores[:], handles[0])
				batch := g.batch()
				legacy, err1 := stores[0].legacyIngest(ctx, handles[0], batch, nil)
				got, err2 := stores[1].Ingest(ctx, handles[1], batch, nil)
				if (err1 == nil) != (err2 == nil) {
					t.Fatalf("step %d: per-message ingest err %v, set-wise %v", step, err1, err2)
				}
				if fmt.Sprint(legacy) != fmt.Sprint(got) {
					t.Fatalf("step %d: per-message ingest returned %v, set-wise %v", step, legacy, got)
				}
				// The set-wise ingest leaves every conversation's aggregates as
				// its stored messages say; the per-message one leaves them as
				// they were when the conversation was written, before a later
				// delivery in the batch edited one of its messages.
				have := dumpIngested(t, stores[1])
				reaggregate(t, stores[1])
				if again := dumpIngested(t, stores[1]); again != have {
					t.Fatalf("step %d: aggregates do not match the stored messages\n%s\nafter the batch\n%s", step, firstDiff(again, have), describeBatch(batch))
				}
				reaggregate(t, stores[0])
				want := dumpIngested(t, stores[0])
				if want != have {
					t.Fatalf("step %d: the databases differ\n%s\nafter the batch\n%s", step, firstDiff(want, have), describeBatch(batch))
				}
			}
		})
	}
}

// batchGen makes random batches over small pools of ids, so that they
// collide often.
type batchGen struct {
	r     *rand.Rand
	clock int64
}

var equivTexts = []string{"where is my order?", "this is absurd, I want a refund NOW", "thanks, all good",
	"5 great service", "STOP", "2 but it still does not work", "hello\n\nis anyone   there", ""}

func (g *batchGen) participant(n int) inbox.Participant {
	names := []string{"", "Zoë", "Ana", "Bob"}
	return inbox.Participant{Network: inbox.NetworkFacebook, RemoteID: fmt.Sprintf("p%d", n),
		Username: names[g.r.IntN(len(names))], DisplayName: names[g.r.IntN(len(names))]}
}

func (g *batchGen) extra() map[string]any {
	if g.r.IntN(3) > 0 {
		return nil
	}
	return map[string]any{"window": g.r.IntN(3)}
}

func (g *batchGen) batch() []IncomingConversation {
	kinds := []inbox.Kind{inbox.KindPrivate, inbox.KindPublic, inbox.KindEmail}
	statuses := []inbox.Status{"", "", inbox.StatusPending, inbox.StatusResolved, inbox.StatusSnoozed}
	deliveries := []inbox.Delivery{"", "", inbox.DeliverySent, inbox.DeliveryFailed}
	var out []IncomingConversation
	for range 1 + g.r.IntN(6) {
		n := g.r.IntN(8)
		c := IncomingConversation{RemoteID: fmt.Sprintf("c%d", n), Kind: kinds[n%3], Subject: fmt.Sprint("subject ", n),
			Customer: g.participant(n % 5), Status: statuses[g.r.IntN(len(statuses))], Extra: g.extra()}
		if c.Status == inbox.StatusSnoozed {
			c.SnoozedUntil = time.UnixMilli(1_800_000_000_000 + int64(g.r.IntN(1000)))
		}
		if g.r.IntN(8) == 0 {
			c.Customer = inbox.Participant{}
		}
		for range g.r.IntN(5) {
			g.clock += int64(g.r.IntN(3)) * 1000 // equal send times now and then
			m := IncomingMessage{RemoteID: fmt.Sprintf("m%d", g.r.IntN(30)), Direction: inbox.Inbound, Author: c.Customer,
				Text: equivTexts[g.r.IntN(len(equivTexts))], SentAt: time.UnixMilli(1_790_000_000_000 + g.clock),
				Read: g.r.IntN(4) == 0, Extra: g.extra()}
			if g.r.IntN(3) == 0 {
				m.Direction, m.Author, m.AuthorName = inbox.Outbound, inbox.Participant{}, "Bakery"
				m.Delivery = deliveries[g.r.IntN(len(deliveries))]
			} else if g.r.IntN(4) == 0 {
				m.Author = g.participant(g.r.IntN(5)) // someone else in a group thread
			}
			c.Messages = append(c.Messages, m)
		}
		out = append(out, c)
	}
	return out
}

// setUp gives both databases the same state no ingest writes: a survey
// waiting for an answer, a private conversation opened locally.
func (g *batchGen) setUp(t *testing.T, stores []*Store, handleID int64) {
	t.Helper()
	switch g.r.IntN(4) {
	case 0:
		n := g.r.IntN(8)
		for _, s := range stores {
			if _, err := s.w.Exec(`INSERT OR REPLACE INTO csat_surveys(conversation_id, client_id, customer_id, state, asked_at, updated_at)
				SELECT c.id, h.client_id, c.customer_id, 'asked', ?, 0 FROM conversations c JOIN handles h ON h.id = c.handle_id
				WHERE c.remote_id = ?`, 1_790_000_000_000+g.clock-2000, fmt.Sprintf("c%d", n)); err != nil {
				t.Fatal(err)
			}
		}
	case 1:
		n := g.r.IntN(5)
		for _, s := range stores {
			if _, err := s.w.Exec(`INSERT INTO conversations(handle_id, remote_id, kind, customer_id, last_direction, queue_key)
				SELECT ?, 'local:' || (SELECT COUNT(*) FROM conversations), 'private', id, '', ? FROM participants WHERE remote_id = ?`,
				handleID, inbox.QueueKey(inbox.StatusOpen, time.Time{}, time.Time{}), fmt.Sprintf("p%d", n)); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// dumpIngested renders every row ingest writes. Left out: report_version
// (a change counter: the set-wise ingest does not bump it for a
// conversation whose aggregates did not change) and the status history's
// wall-clock times.
func dumpIngested(t *testing.T, s *Store) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT id, network, remote_id, username, display_name, extra FROM participants ORDER BY id`,
		`SELECT id, handle_id, remote_id, kind, customer_id, subject, status, snoozed_until, last_inbound_at,
			last_outbound_at, last_message_at, awaiting_since, last_excerpt, last_direction, unread, message_count,
			queue_key, extra, report_first_at, report_last_at, report_first_in_at,
			sentiment, mood, mood_trend, irate, irate_reason FROM conversations ORDER BY id`,
		`SELECT id, conversation_id, handle_id, remote_id, direction, author_id, author_name, text, sent_at,
			reply_to_remote_id, delivery, extra, sentiment, threat FROM messages ORDER BY id`,
		`SELECT conversation_id, status FROM conversation_status_changes ORDER BY conversation_id, id`,
		`SELECT conversation_id, state, score, comment, answer_message_id, answered_at, updated_at FROM csat_surveys ORDER BY conversation_id`,
		`SELECT participant_id, source, created_at FROM csat_optouts ORDER BY participant_id`,
		`SELECT rowid, text, author_name FROM messages_fts WHERE messages_fts MATCH 'order OR refund OR thanks OR stop OR hello' ORDER BY rowid`,
		`SELECT rowid, username, display_name FROM participants_fts WHERE participants_fts MATCH 'zoë OR ana OR bob' ORDER BY rowid`,
	} {
		rows, err := s.r.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				fmt.Fprintf(&b, "%s=%q ", cols[i], v.String)
			}
			b.WriteByte('\n')
		}
		rows.Close()
		b.WriteString("--\n")
	}
	for _, fts := range []string{"messages_fts", "participants_fts"} {
		if _, err := s.w.Exec(`INSERT INTO ` + fts + `(` + fts + `) VALUES ('integrity-check')`); err != nil {
			t.Fatalf("%s: %v", fts, err)
		}
	}
	return b.String()
}

func firstDiff(want, have string) string {
	w, h := strings.Split(want, "\n"), strings.Split(have, "\n")
	for i := range min(len(w), len(h)) {
		if w[i] != h[i] {
			return fmt.Sprintf("per-message: %s\nset-wise:    %s", w[i], h[i])
		}
	}
	return fmt.Sprintf("%d rows against %d", len(w), len(h))
}

func describeBatch(batch []IncomingConversation) string {
	var b strings.Builder
	for _, c := range batch {
		fmt.Fprintf(&b, "%s %s status %q customer %s\n", c.RemoteID, c.Kind, c.Status, c.Customer.RemoteID)
		for _, m := range c.Messages {
			fmt.Fprintf(&b, "    %s %s at %d %q delivery %q read %v author %s\n", m.RemoteID, m.Direction,
				m.SentAt.UnixMilli()-1_790_000_000_000, m.Text, m.Delivery, m.Read, m.Author.RemoteID)
		}
	}
	return b.String()
}

// reaggregate recomputes every conversation's aggregates and reading from
// its messages, with the per-message ingest's queries (legacyRefresh's,
// prepared once: preparing a statement on conversations compiles its
// triggers).
func reaggregate(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var ids []int64
		rows, err := tx.Query("SELECT id FROM conversations ORDER BY id")
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		var stmts []*sql.Stmt
		for _, q := range []string{`SELECT
			COALESCE(MAX(CASE WHEN direction = 'in' THEN sent_at END), 0),
			COALESCE(MAX(CASE WHEN direction = 'out' AND delivery = 'sent' THEN sent_at END), 0),
			COALESCE(MAX(sent_at), 0), COUNT(*) FROM messages WHERE conversation_id = ?`,
			`SELECT COALESCE(MIN(sent_at), 0) FROM messages WHERE conversation_id = ? AND direction = 'in' AND sent_at > ?`,
			`SELECT text, direction FROM messages WHERE conversation_id = ? ORDER BY sent_at DESC, id DESC LIMIT 1`,
			`SELECT status FROM conversations WHERE id = ?`,
			`UPDATE conversations SET last_inbound_at = ?, last_outbound_at = ?, last_message_at = ?, awaiting_since = ?,
			message_count = ?, last_excerpt = ?, last_direction = ?,
			snoozed_until = CASE WHEN status = 'snoozed' THEN snoozed_until ELSE 0 END, queue_key = ? WHERE id = ?`,
		} {
			st, err := tx.Prepare(q)
			if err != nil {
				return err
			}
			defer st.Close()
			stmts = append(stmts, st)
		}
		sent, err := prepareSentiment(ctx, tx)
		if err != nil {
			return err
		}
		defer sent.close()
		for _, id := range ids {
			var lastIn, lastOut, lastAt, count, awaiting int64
			var excerpt, dir string
			var status inbox.Status
			if err := stmts[0].QueryRow(id).Scan(&lastIn, &lastOut, &lastAt, &count); err != nil {
				return err
			}
			if err := stmts[1].QueryRow(id, lastOut).Scan(&awaiting); err != nil {
				return err
			}
			if err := stmts[2].QueryRow(id).Scan(&excerpt, &dir); err != nil && err != sql.ErrNoRows {
				return err
			}
			if err := stmts[3].QueryRow(id).Scan(&status); err != nil {
				return err
			}
			key := inbox.QueueKey(status, fromMS(awaiting), fromMS(lastAt))
			if _, err := stmts[4].Exec(lastIn, lastOut, lastAt, awaiting, count, inbox.Excerpt(excerpt, 140), dir, key, id); err != nil {
				return err
			}
			if err := sent.refresh(ctx, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
