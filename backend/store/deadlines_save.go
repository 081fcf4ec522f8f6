package store

import (
	"database/sql"
	"fmt"

	"careinbox/backend/deadline"
)

// SaveDeadlines' statements, set-wise like Ingest's (see ingest_page.go):
// the deadline service saves what a page changed after every page, so its
// cost counts against ingest.
const (
	qDlExisting = `SELECT c.id FROM json_each(?1) j CROSS JOIN conversations c ON c.id = j.value`
	qDlDelete   = `DELETE FROM deadlines WHERE conversation_id IN (SELECT value FROM json_each(?1))`
	qDlInsert   = `INSERT INTO deadlines(` + deadlineCols + `)
		WITH ` + rowsCTE + ` SELECT v->>'c', v->>'l', v->>'k', v->>'s', v->>'w', v->>'i', v->>'pw', v->>'p',
			v->>'wi', v->>'st', v->>'n', v->>'ca' FROM j ORDER BY k`
	qDlEvents = `INSERT INTO deadline_events(conversation_id, clock, started_at, event, at, recorded_at, notify_state)
		WITH ` + rowsCTE + ` SELECT v->>'c', v->>'l', v->>'s', v->>'e', v->>'a', v->>'r', v->>'ns' FROM j WHERE true ORDER BY k
		ON CONFLICT(conversation_id, clock, started_at, event) DO NOTHING`
	qDlOrder = `WITH ` + rowsCTE + `, o AS MATERIALIZED (SELECT v->>'i' AS i, v->>'q' AS q FROM j)
		UPDATE conversations SET queue_key = o.q FROM o WHERE conversations.id = o.i AND conversations.queue_key <> o.q`
)

// saveDeadlines writes recomputed deadlines in five statements whatever
// their number, as writing each update in turn would: a conversation's
// clocks are replaced, its events appended (one already recorded is kept),
// its inbox order set; conversations deleted meanwhile are skipped. It
// returns the conversations written, in order.
func saveDeadlines(q *pageTx, ups []deadline.Update) ([]int64, error) {
	ids := make([]int64, len(ups))
	for i, u := range ups {
		ids[i] = u.ConversationID
	}
	arg, err := jsonRows(ids)
	if err != nil {
		return nil, err
	}
	exists := map[int64]bool{}
	err = q.each(qDlExisting, func(r *sql.Rows) error {
		var id int64
		if err := r.Scan(&id); err != nil {
			return err
		}
		exists[id] = true
		return nil
	}, arg)
	if err != nil {
		return nil, fmt.Errorf("find conversations: %w", err)
	}
	type dlRow struct {
		C  int64  `json:"c"`
		L  string `json:"l"`
		K  string `json:"k"`
		S  int64  `json:"s"`
		W  int64  `json:"w"`
		I  int64  `json:"i"`
		PW int64  `json:"pw"`
		P  int64  `json:"p"`
		WI int64  `json:"wi"`
		ST string `json:"st"`
		N  int64  `json:"n"`
		CA int64  `json:"ca"`
	}
	type evRow struct {
		C  int64  `json:"c"`
		L  string `json:"l"`
		S  int64  `json:"s"`
		E  string `json:"e"`
		A  int64  `json:"a"`
		R  int64  `json:"r"`
		NS string `json:"ns"`
	}
	type orderRow struct {
		I int64 `json:"i"`
		Q int64 `json:"q"`
	}
	last := map[int64]int{} // a conversation updated twice keeps its last clocks and order
	for i, u := range ups {
		last[u.ConversationID] = i
	}
	var changed, gone []int64
	var dls []dlRow
	var evs []evRow
	var order []orderRow
	for i, u := range ups {
		if !exists[u.ConversationID] {
			continue
		}
		changed = append(changed, u.ConversationID)
		for _, e := range u.Events {
			evs = append(evs, evRow{u.ConversationID, e.Clock, ms(e.StartedAt), e.Name, ms(e.At), ms(e.RecordedAt), e.NotifyState})
		}
		if last[u.ConversationID] != i {
			continue
		}
		gone = append(gone, u.ConversationID)
		for _, d := range u.Deadlines {
			dls = append(dls, dlRow{u.ConversationID, d.Clock, d.Kind, ms(d.StartedAt), ms(d.WarnAt), ms(d.InternalAt),
				ms(d.PromiseWarnAt), ms(d.PublishedAt), ms(d.WindowAt), d.State, ms(d.NextAt), ms(d.ComputedAt)})
		}
		order = append(order, orderRow{u.ConversationID, u.QueueKey})
	}
	if len(changed) == 0 {
		return nil, nil
	}
	steps := []struct {
		what  string
		query string
		rows  any
		n     int
	}{
		{"clear deadlines", qDlDelete, gone, len(gone)},
		{"store deadlines", qDlInsert, dls, len(dls)},
		{"record deadline events", qDlEvents, evs, len(evs)},
		// The triggers stamped a conversation once per deadline row and
		// event; a report batch stamps each once (report_batch.go). A
		// conversation whose update changed only its order is stamped too:
		// a report reads it again for nothing.
		{"stamp report versions", qReportStamp, changed, len(changed)},
		{"order conversations", qDlOrder, order, len(order)},
	}
	err = inReportBatch(q, func() error {
		for _, st := range steps {
			if st.n == 0 {
				continue
			}
			arg, err := jsonRows(st.rows)
			if err != nil {
				return err
			}
			if _, err := q.exec(st.query, arg); err != nil {
				return fmt.Errorf("%s: %w", st.what, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return changed, nil
}
