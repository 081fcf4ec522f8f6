package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"careinbox/backend/inbox"
)

// A page is written with a fixed handful of statements whatever its size:
// each takes the page's rows at once — the two big inserts as bound VALUES
// rows (qMsgInsert, qConvInsert), the others as one JSON array parameter
// (json_each) — so a page of 100 messages is one INSERT, not 100. This
// matters three ways
// with SQLite: every statement that may abort opens a statement savepoint,
// and FTS5 flushes its pending index data at each one, so one INSERT per
// page flushes once instead of once per message; the driver and SQLite's
// per-statement work (binding, triggers' programs, the VM) is paid once;
// and with a fixed SQL text per statement the statements are prepared once
// per store (writeStatements) instead of once per page — preparing a
// statement on messages compiles every trigger on the table.

// rowsCTE names a statement's JSON array of rows (?1, or ?2 in rowsCTE2)
// j(k, v): each row's position and text, materialized because json_each
// renders an element's text anew for every reference to its value, and a
// row is read a dozen times.
const (
	rowsCTE  = `j(k, v) AS MATERIALIZED (SELECT key, value FROM json_each(?1))`
	rowsCTE2 = `j(k, v) AS MATERIALIZED (SELECT key, value FROM json_each(?2))`
)

// Ingest's statements; ?1 is the handle where one is needed, and the JSON
// array of rows the other parameter.
const (
	qPartUpsert = `INSERT INTO participants(network, remote_id, username, display_name)
		WITH ` + rowsCTE + ` SELECT v->>'n', v->>'r', v->>'u', v->>'d' FROM j WHERE true ORDER BY k
		ON CONFLICT(network, remote_id) DO UPDATE SET
			username = CASE WHEN excluded.username <> '' THEN excluded.username ELSE username END,
			display_name = CASE WHEN excluded.display_name <> '' THEN excluded.display_name ELSE display_name END
		WHERE (excluded.username <> '' AND excluded.username <> username)
		   OR (excluded.display_name <> '' AND excluded.display_name <> display_name)`
	qPartIDs = `WITH ` + rowsCTE + ` SELECT j.k, p.id, p.username, p.display_name FROM j
		CROSS JOIN participants p ON p.network = j.v->>'n' AND p.remote_id = j.v->>'r'`
	// Only Care Inbox names conversations "local:…" (localPrefix): a range
	// on the (handle_id, remote_id) key finds any in one probe.
	qLocalGate = `SELECT EXISTS (SELECT 1 FROM conversations WHERE handle_id = ?1 AND remote_id >= 'local:' AND remote_id < 'local;')`
	// A private conversation Care Inbox opened itself ("move to private")
	// has a local id until the network shows it: adopt it instead of growing
	// a second conversation with the same customer.
	qAdopt = `UPDATE conversations SET remote_id = ?1 WHERE id = (
		SELECT id FROM conversations WHERE handle_id = ?2 AND customer_id = ?3 AND kind = 'private'
		AND remote_id LIKE 'local:%' ORDER BY id LIMIT 1)
		AND NOT EXISTS (SELECT 1 FROM conversations WHERE handle_id = ?2 AND remote_id = ?1)`
	qConvIDs = `SELECT j.key, c.id FROM json_each(?2) j
		CROSS JOIN conversations c ON c.handle_id = ?1 AND c.remote_id = j.value`
	// Extra is updated apart from the rest so an unchanged value writes nothing.
	qConvExtra = `WITH ` + rowsCTE + `, x AS MATERIALIZED (SELECT v->>'i' AS i, v->>'x' AS x FROM j)
		UPDATE conversations SET extra = x.x FROM x WHERE conversations.id = x.i AND conversations.extra <> x.x`
	// Networks allow edits: a message stored before keeps the latest text.
	// Only a changed text or name is written, so the search index (its
	// trigger fires on UPDATE OF text) is touched only by real edits.
	qMsgUpdate = `WITH ` + rowsCTE2 + `, u AS MATERIALIZED (SELECT v->>'r' AS r, v->>'t' AS t, v->>'n' AS n,
			v->>'e' AS e, v->>'h' AS h FROM j)
		UPDATE messages SET text = u.t, author_name = u.n, sentiment = u.e, threat = u.h FROM u
		WHERE messages.handle_id = ?1 AND messages.remote_id = u.r AND (messages.text <> u.t OR messages.author_name <> u.n)
		RETURNING messages.conversation_id, messages.direction`
	qMsgExtra = `WITH ` + rowsCTE2 + `, x AS MATERIALIZED (SELECT v->>'r' AS r, v->>'x' AS x FROM j)
		UPDATE messages SET extra = x.x FROM x
		WHERE messages.handle_id = ?1 AND messages.remote_id = x.r AND messages.extra <> x.x`
	qSurveys = `SELECT s.conversation_id, s.asked_at, s.customer_id FROM json_each(?1) j
		CROSS JOIN csat_surveys s ON s.conversation_id = j.value WHERE s.state = 'asked'`
)

// The two big inserts take their rows as bound parameters (the handle
// first: its "?" comes first in the text), VALUES rows of
// a fixed number of slots, the unused ones NULL and filtered out: reading a
// dozen fields of each row out of JSON costs more than the insert itself.
const (
	convSlots, convCols = 32, 24
	msgSlots, msgCols   = 128, 12
)

var (
	// A new conversation comes with its aggregates (newAggregates) and its
	// report columns, stamped (report_batch.go: Ingest runs in a report
	// batch).
	qConvInsert = `INSERT INTO conversations(handle_id, remote_id, kind, customer_id, subject, extra, status, snoozed_until,
			last_inbound_at, last_outbound_at, last_message_at, awaiting_since, message_count, last_excerpt,
			last_direction, unread, queue_key, sentiment, mood, mood_trend, irate, irate_reason,
			report_first_at, report_last_at, report_first_in_at, report_version)
		SELECT ?, ` + columnList(convCols) + `, (SELECT n FROM report_clock) FROM (VALUES ` + valueSlots(convSlots, convCols) + `)
		WHERE column1 IS NOT NULL
		ON CONFLICT(handle_id, remote_id) DO NOTHING RETURNING id`
	qMsgInsert = `INSERT INTO messages(conversation_id, remote_id, direction, author_id, author_name, text, sent_at,
			reply_to_remote_id, delivery, extra, sentiment, threat, handle_id)
		SELECT ` + columnList(msgCols) + `, ? FROM (VALUES ` + valueSlots(msgSlots, msgCols) + `)
		WHERE column1 IS NOT NULL
		ON CONFLICT(handle_id, remote_id) DO NOTHING RETURNING id, remote_id`
)

// columnList names the columns of a VALUES list: "column1, …, columnN".
func columnList(cols int) string {
	var b strings.Builder
	for c := 1; c <= cols; c++ {
		if c > 1 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "column%d", c)
	}
	return b.String()
}

// valueSlots writes rows of cols parameters. They are anonymous: the
// driver asks SQLite each parameter's name, which for numbered ones is a
// scan of all names, quadratic in their number.
func valueSlots(rows, cols int) string {
	row := "(?" + strings.Repeat(", ?", cols-1) + ")"
	return row + strings.Repeat(", "+row, rows-1)
}

// slotArgs lays out up to slots rows of cols values after the leading
// arguments, NULL-padded: the arguments of one qConvInsert or qMsgInsert.
func slotArgs(lead []any, rows [][]any, slots, cols int) []any {
	args := make([]any, len(lead), len(lead)+slots*cols)
	copy(args, lead)
	for _, r := range rows {
		args = append(args, r...)
	}
	return args[:len(lead)+slots*cols] // the rest are nil
}

// ingestQueries are prepared once per store (see writeStatements): Ingest's,
// CommitPage's and SaveDeadlines', the writes of every synced page.
var ingestQueries = []string{qPartUpsert, qPartIDs, qLocalGate, qAdopt, qConvInsert, qConvIDs, qConvExtra,
	qMsgInsert, qMsgUpdate, qMsgExtra, qSurveys, qRefreshRead, qSentimentRead, qRefreshWrite, qRefreshNarrow, qAdvanceCursor,
	qDlExisting, qDlDelete, qDlInsert, qDlEvents, qDlOrder, qReportBatchBegin, qReportBatchEnd, qReportStamp}

// stmtCache holds statements prepared on the writer, reused by every
// transaction through Tx.StmtContext (database/sql re-prepares on its own if
// the connection was replaced).
type stmtCache struct {
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

// prepared returns the statements prepared so far (nil before the first
// writeStatements).
func (c *stmtCache) prepared() map[string]*sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stmts
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts = nil
}

// writeStatements prepares ingestQueries on first use. It must run
// outside a transaction: the writer has one connection, which a
// transaction holds. A read-only copy prepares nothing (its writes fail).
func (s *Store) writeStatements(ctx context.Context) (map[string]*sql.Stmt, error) {
	if s.readOnly {
		return nil, nil
	}
	c := &s.stmts
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stmts != nil {
		return c.stmts, nil
	}
	m := make(map[string]*sql.Stmt, len(ingestQueries))
	for _, q := range ingestQueries {
		st, err := s.w.PrepareContext(ctx, q)
		if err != nil {
			for _, st := range m {
				st.Close()
			}
			return nil, classify(fmt.Errorf("prepare ingest: %w", err))
		}
		m[q] = st
	}
	c.stmts = m
	return m, nil
}

// pageTx runs statements in a transaction, through the prepared ones when
// there are (Ingest) and preparing them per call when not (the other
// writers that refresh a conversation).
type pageTx struct {
	ctx   context.Context
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func (q *pageTx) query(query string, args ...any) (*sql.Rows, error) {
	if st := q.stmts[query]; st != nil {
		return q.tx.StmtContext(q.ctx, st).QueryContext(q.ctx, args...)
	}
	return q.tx.QueryContext(q.ctx, query, args...)
}

func (q *pageTx) exec(query string, args ...any) (sql.Result, error) {
	if st := q.stmts[query]; st != nil {
		return q.tx.StmtContext(q.ctx, st).ExecContext(q.ctx, args...)
	}
	return q.tx.ExecContext(q.ctx, query, args...)
}

// each runs query and calls fn on every row.
func (q *pageTx) each(query string, fn func(*sql.Rows) error, args ...any) error {
	rows, err := q.query(query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// jsonRows encodes a page's rows as the JSON array parameter of a statement.
func jsonRows(v any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", fmt.Errorf("encode rows: %w", err)
	}
	return b.String(), nil
}

// write stores the page: it returns each incoming conversation's id, in
// order, the ids of the messages new to the store, and the other
// conversations it changed (those of messages edited under another one).
func (pg *page) write(q *pageTx, handleID int64) (convIDs, newIDs, others []int64, err error) {
	partIDs, err := pg.writeParticipants(q)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := pg.adoptLocal(q, handleID, partIDs); err != nil {
		return nil, nil, nil, err
	}
	convIDs = make([]int64, len(pg.convs))
	for _, round := range pg.rounds {
		ids, more, err := pg.writeRound(q, handleID, round, partIDs, convIDs)
		if err != nil {
			return nil, nil, nil, err
		}
		newIDs, others = append(newIDs, ids...), append(others, more...)
	}
	return convIDs, newIDs, others, nil
}

// writeParticipants stores the page's participants and returns their ids
// (by index in pg.parts). Nearly all of a page's participants are stored
// already with the same names (a customer writes again), so they are read
// first and only the missing or renamed ones are upserted: the upsert of a
// row it leaves as it was still costs its JSON fields, its conflict and its
// WHERE, which was about a tenth of an import's writer time.
func (pg *page) writeParticipants(q *pageTx) ([]int64, error) {
	if len(pg.parts) == 0 {
		return nil, nil
	}
	type row struct {
		N inbox.Network `json:"n"`
		R string        `json:"r"`
		U string        `json:"u"`
		D string        `json:"d"`
	}
	rows := make([]row, len(pg.parts))
	for i, p := range pg.parts {
		rows[i] = row{p.network, p.remoteID, p.username, p.display}
	}
	ids := make([]int64, len(pg.parts))
	read := func(rows []row, at []int) error {
		arg, err := jsonRows(rows)
		if err != nil {
			return err
		}
		return q.each(qPartIDs, func(r *sql.Rows) error {
			var k int
			var id int64
			var user, display string
			if err := r.Scan(&k, &id, &user, &display); err != nil {
				return err
			}
			i := at[k]
			if p := pg.parts[i]; (p.username != "" && p.username != user) || (p.display != "" && p.display != display) {
				return nil // renamed: left 0, so upserted below
			}
			ids[i] = id
			return nil
		}, arg)
	}
	all := make([]int, len(rows))
	for i := range all {
		all[i] = i
	}
	if err := read(rows, all); err != nil {
		return nil, fmt.Errorf("read participants: %w", err)
	}
	// What upserting every row would change, in page order (new ids are
	// given in the order participants first appear).
	var todo []row
	var at []int
	for i, id := range ids {
		if id == 0 {
			todo, at = append(todo, rows[i]), append(at, i)
		}
	}
	if len(todo) == 0 {
		return ids, nil
	}
	arg, err := jsonRows(todo)
	if err != nil {
		return nil, err
	}
	if _, err := q.exec(qPartUpsert, arg); err != nil {
		return nil, fmt.Errorf("upsert participants: %w", err)
	}
	if err := read(todo, at); err != nil {
		return nil, fmt.Errorf("read participants: %w", err)
	}
	for i, id := range ids {
		if id == 0 {
			return nil, fmt.Errorf("upsert participant %s/%s: not stored", pg.parts[i].network, pg.parts[i].remoteID)
		}
	}
	return ids, nil
}

// adoptLocal lets the page's private conversations adopt the conversations
// Care Inbox opened locally with the same customers (qAdopt). Nearly every
// page has none to adopt, which one probe tells.
func (pg *page) adoptLocal(q *pageTx, handleID int64, partIDs []int64) error {
	// A conversation's later deliveries find it stored: only first ones adopt.
	var private []int
	first := map[string]bool{}
	for ci, c := range pg.convs {
		if !first[c.in.RemoteID] && c.in.Kind == inbox.KindPrivate && c.customer >= 0 {
			private = append(private, ci)
		}
		first[c.in.RemoteID] = true
	}
	if len(private) == 0 {
		return nil
	}
	var found bool
	if err := q.each(qLocalGate, func(r *sql.Rows) error { return r.Scan(&found) }, handleID); err != nil {
		return fmt.Errorf("look for local conversations: %w", err)
	}
	if !found {
		return nil
	}
	for _, ci := range private {
		c := pg.convs[ci]
		if _, err := q.exec(qAdopt, c.in.RemoteID, handleID, partIDs[c.customer]); err != nil {
			return fmt.Errorf("adopt local conversation for %s: %w", c.in.RemoteID, err)
		}
	}
	return nil
}

func idOrNil(ids []int64, i int) any {
	if i < 0 {
		return nil
	}
	return ids[i]
}
