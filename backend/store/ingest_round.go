package store

import (
	"database/sql"
	"fmt"
	"slices"

	"careinbox/backend/inbox"
)

// writeRound writes one round of a page (each conversation at most once):
// its conversations, their messages, edits of messages stored before,
// survey answers, and the conversations' aggregates. It fills convIDs for
// the round's conversations and returns the ids of new messages and of
// other conversations it changed (whose stored messages were edited).
func (pg *page) writeRound(q *pageTx, handleID int64, round []int, partIDs, convIDs []int64) ([]int64, []int64, error) {
	created, err := pg.writeConversations(q, handleID, round, partIDs, convIDs)
	if err != nil {
		return nil, nil, err
	}
	var rows [][]any
	for _, ci := range round {
		for _, m := range pg.convs[ci].msgs {
			rows = append(rows, []any{convIDs[ci], m.remoteID, m.direction, idOrNil(partIDs, m.author), m.name, m.text,
				m.sentAt, m.replyTo, m.delivery, m.extra, m.score, m.threat})
		}
	}
	inserted := map[string]int64{}
	for len(rows) > 0 {
		chunk := rows[:min(len(rows), msgSlots)]
		rows = rows[len(chunk):]
		err := q.each(qMsgInsert, func(r *sql.Rows) error {
			var id int64
			var remote string
			if err := r.Scan(&id, &remote); err != nil {
				return err
			}
			inserted[remote] = id
			return nil
		}, slotArgs([]any{handleID}, chunk, msgSlots, msgCols)...)
		if err != nil {
			return nil, nil, fmt.Errorf("insert messages: %w", err)
		}
	}

	// What each conversation gained, as storing its messages one by one
	// would have seen it: the first delivery of a new remote id is the one
	// stored, any other is an edit of a stored message.
	items := make([]refreshItem, len(round))
	answers := map[int][]surveyInbound{} // by index in round
	stored := make([]int, len(round))    // messages stored new, by index in round
	var newIDs []int64
	var edits []editRef
	for k, ci := range round {
		items[k].id = convIDs[ci]
		for j := range pg.convs[ci].msgs {
			m := &pg.convs[ci].msgs[j]
			if id, ok := inserted[m.remoteID]; ok {
				delete(inserted, m.remoteID)
				newIDs = append(newIDs, id)
				stored[k]++
				if m.direction == string(inbox.Inbound) {
					items[k].scored = true
					if pg.convs[ci].in.History {
						continue // history answers no survey (its messages are read)
					}
					answers[k] = append(answers[k], surveyInbound{id, m.text, m.at})
					if !m.read {
						items[k].addUnread++
					}
				}
				continue
			}
			if !pg.convs[ci].in.History { // history leaves stored messages as sync wrote them
				edits = append(edits, editRef{m})
			}
		}
		items[k].reopen = len(answers[k]) > 0 && !created[convIDs[ci]]
	}
	owners, err := writeEdits(q, handleID, edits)
	if err != nil {
		return nil, nil, err
	}
	if err := answerSurveys(q, items, answers); err != nil {
		return nil, nil, err
	}
	// A conversation created now was stored with its aggregates; it needs
	// refreshing only if some of its messages were not stored as its own
	// (their remote ids were stored before) or were edited in this round.
	// The conversation of an edited message is refreshed, wherever it is.
	stale := items[:0:0]
	for k, ci := range round {
		inbound, edited := owners[items[k].id]
		delete(owners, items[k].id)
		items[k].scored = items[k].scored || inbound
		if created[convIDs[ci]] {
			if !edited && stored[k] == len(pg.convs[ci].msgs) {
				continue
			}
			items[k].addUnread -= pg.convs[ci].freshUnread // stored with it
			items[k].scored = true                         // and so was its reading
		}
		stale = append(stale, items[k])
	}
	var others []int64
	for id, inbound := range owners {
		stale = append(stale, refreshItem{id: id, scored: inbound})
		others = append(others, id)
	}
	if err := refreshConversations(q, stale); err != nil {
		return nil, nil, err
	}
	slices.Sort(newIDs)
	slices.Sort(others)
	return newIDs, others, nil
}

// writeConversations inserts the round's new conversations, fills convIDs
// and returns which were created now; stored ones get their new extra.
func (pg *page) writeConversations(q *pageTx, handleID int64, round []int, partIDs, convIDs []int64) (map[int64]bool, error) {
	rows := make([][]any, len(round))
	remotes := make([]string, len(round))
	for k, ci := range round {
		c := pg.convs[ci]
		a := c.fresh
		var score any
		if a.Sentiment != nil {
			score = *a.Sentiment
		}
		rows[k] = []any{c.in.RemoteID, string(c.in.Kind), idOrNil(partIDs, c.customer), c.in.Subject, c.extra, string(a.Status),
			a.Snoozed, a.LastIn, a.LastOut, a.LastAt, a.Awaiting, a.Count, a.Excerpt, a.Direction, c.freshUnread, a.QueueKey,
			score, a.Mood, a.Trend, a.Irate, a.Reason, c.reportFirst, c.reportLast, c.reportFirstIn}
		remotes[k] = c.in.RemoteID
	}
	created := map[int64]bool{}
	for len(rows) > 0 {
		chunk := rows[:min(len(rows), convSlots)]
		rows = rows[len(chunk):]
		err := q.each(qConvInsert, func(r *sql.Rows) error {
			var id int64
			if err := r.Scan(&id); err != nil {
				return err
			}
			created[id] = true
			return nil
		}, slotArgs([]any{handleID}, chunk, convSlots, convCols)...)
		if err != nil {
			return nil, fmt.Errorf("insert conversations: %w", err)
		}
	}
	arg, err := jsonRows(remotes)
	if err != nil {
		return nil, err
	}
	err = q.each(qConvIDs, func(r *sql.Rows) error {
		var k int
		var id int64
		if err := r.Scan(&k, &id); err != nil {
			return err
		}
		convIDs[round[k]] = id
		return nil
	}, handleID, arg)
	if err != nil {
		return nil, fmt.Errorf("find conversations: %w", err)
	}
	type extraRow struct {
		I int64  `json:"i"`
		X string `json:"x"`
	}
	var extras []extraRow
	for _, ci := range round {
		if convIDs[ci] == 0 {
			return nil, fmt.Errorf("find conversation %s: %w", pg.convs[ci].in.RemoteID, sql.ErrNoRows)
		}
		if !created[convIDs[ci]] && pg.convs[ci].extra != noExtra && !pg.convs[ci].in.History {
			extras = append(extras, extraRow{convIDs[ci], pg.convs[ci].extra})
		}
	}
	for _, ci := range round {
		if hb := pg.convs[ci].in.HistoryBefore; !hb.IsZero() && created[convIDs[ci]] {
			if _, err := q.exec(qConvHistory, ms(hb), convIDs[ci]); err != nil {
				return nil, fmt.Errorf("mark conversation as history: %w", err)
			}
		}
	}
	if len(extras) > 0 {
		arg, err := jsonRows(extras)
		if err != nil {
			return nil, err
		}
		if _, err := q.exec(qConvExtra, arg); err != nil {
			return nil, fmt.Errorf("update conversations' extra: %w", err)
		}
	}
	return created, nil
}

// qConvHistory marks a conversation a backfill created as history (see
// IncomingConversation.HistoryBefore); live pages never run it.
const qConvHistory = `UPDATE conversations SET history_before = ? WHERE id = ?`

// editRef is a delivered message whose remote id was stored already.
type editRef struct {
	m *pageMsg
}

// writeEdits keeps the latest text, name and extra of messages delivered
// again. When one remote id comes several times the last delivery is what
// writing each in turn would leave. It returns the conversations whose
// messages changed, and whether a customer's message is among them (their
// reading is refreshed).
func writeEdits(q *pageTx, handleID int64, edits []editRef) (map[int64]bool, error) {
	owners := map[int64]bool{}
	if len(edits) == 0 {
		return owners, nil
	}
	type textRow struct {
		R string `json:"r"`
		T string `json:"t"`
		N string `json:"n"`
		E any    `json:"e"`
		H string `json:"h"`
	}
	type extraRow struct {
		R string `json:"r"`
		X string `json:"x"`
	}
	last, lastExtra := map[string]int{}, map[string]int{}
	for i, e := range edits {
		last[e.m.remoteID] = i
		if e.m.extra != noExtra {
			lastExtra[e.m.remoteID] = i
		}
	}
	var texts []textRow
	var extras []extraRow
	for i, e := range edits {
		if last[e.m.remoteID] == i {
			texts = append(texts, textRow{e.m.remoteID, e.m.text, e.m.name, e.m.score, e.m.threat})
		}
		if j, ok := lastExtra[e.m.remoteID]; ok && j == i {
			extras = append(extras, extraRow{e.m.remoteID, e.m.extra})
		}
	}
	arg, err := jsonRows(texts)
	if err != nil {
		return nil, err
	}
	err = q.each(qMsgUpdate, func(r *sql.Rows) error {
		var conv int64
		var dir inbox.Direction
		if err := r.Scan(&conv, &dir); err != nil {
			return err
		}
		owners[conv] = owners[conv] || dir == inbox.Inbound
		return nil
	}, handleID, arg)
	if err != nil {
		return nil, fmt.Errorf("update messages: %w", err)
	}
	if len(extras) > 0 {
		arg, err := jsonRows(extras)
		if err != nil {
			return nil, err
		}
		if _, err := q.exec(qMsgExtra, handleID, arg); err != nil {
			return nil, fmt.Errorf("update messages' extra: %w", err)
		}
	}
	return owners, nil
}

// answerSurveys reads the round's asked surveys in one query and records
// the answers among the new customer messages (answerSurvey).
func answerSurveys(q *pageTx, items []refreshItem, answers map[int][]surveyInbound) error {
	if len(answers) == 0 {
		return nil
	}
	byConv := map[int64]int{}
	ids := make([]int64, 0, len(answers))
	for k := range answers {
		byConv[items[k].id] = k
		ids = append(ids, items[k].id)
	}
	slices.Sort(ids)
	arg, err := jsonRows(ids)
	if err != nil {
		return err
	}
	type asked struct {
		conv, at int64
		cust     sql.NullInt64
	}
	var found []asked
	err = q.each(qSurveys, func(r *sql.Rows) error {
		var a asked
		if err := r.Scan(&a.conv, &a.at, &a.cust); err != nil {
			return err
		}
		found = append(found, a)
		return nil
	}, arg)
	if err != nil {
		return fmt.Errorf("read surveys: %w", err)
	}
	for _, a := range found {
		k := byConv[a.conv]
		reopen, err := answerSurvey(q.ctx, q.tx, a.conv, a.at, a.cust, answers[k], items[k].reopen)
		if err != nil {
			return err
		}
		items[k].reopen = reopen
	}
	return nil
}
