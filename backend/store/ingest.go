package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"time"

	"careinbox/backend/events"
	"careinbox/backend/inbox"
)

// IncomingConversation is a conversation as a connector (or the demo
// generator) delivers it, keyed by the network's ids.
type IncomingConversation struct {
	RemoteID string
	Kind     inbox.Kind
	Subject  string
	Customer inbox.Participant // keyed by Network + RemoteID
	Messages []IncomingMessage
	// Status and SnoozedUntil, when set, apply on first insert only: they
	// carry state imported from elsewhere (the demo, an import).
	Status       inbox.Status
	SnoozedUntil time.Time
	// HistoryBefore, set by a backfill to its handle's connect time, applies
	// on first insert only: the conversation is history (no deadline clock,
	// so no notification) while its newest inbound message is older. One
	// live sync stored first stays live.
	HistoryBefore time.Time
	// Extra holds network-specific facts, kept as JSON in the extra column;
	// a later ingest with non-empty Extra replaces them, an empty one keeps them.
	Extra map[string]any
	// History marks a conversation read from an archive (an import): it
	// only adds what the store lacks. New, it is stored resolved (unless
	// Status says otherwise) with every message read, so it starts no
	// deadline and no notification; stored, its new messages neither reopen
	// it, nor answer a survey, nor count as unread, and messages and extra
	// already stored are left as sync wrote them. Its messages are stored
	// unscored: IngestImport hands them to the sentiment backfill.
	History bool
}

// IncomingMessage is one message of an IncomingConversation.
type IncomingMessage struct {
	RemoteID        string
	Direction       inbox.Direction
	Author          inbox.Participant // zero for the business itself
	AuthorName      string            // shown name when Author is zero
	Text            string
	SentAt          time.Time
	ReplyToRemoteID string
	Delivery        inbox.Delivery // defaults to received/sent by direction
	Read            bool           // already read elsewhere: does not count as unread
	// Extra holds network-specific facts (a reply window, a permalink),
	// replaced like IncomingConversation.Extra.
	Extra map[string]any
}

// IngestResult reports what an Ingest call changed.
type IngestResult struct {
	Conversations []int64 // ids touched
	NewMessages   int
}

// Ingest stores conversations and messages for a handle in one transaction.
// Rows are keyed by the network's ids, so ingesting the same page twice
// changes nothing. extra, if given, runs inside the same transaction (a sync
// cursor is written there so it can never run ahead of the rows it covers).
//
// A page is written set-wise (see ingest_page.go): participants, then
// conversations, then messages, each in one statement for the whole page,
// and the touched conversations' stored aggregates in one read and one
// write, so the writer's time grows with the rows, not with the statements.
func (s *Store) Ingest(ctx context.Context, handleID int64, convs []IncomingConversation, extra func(*sql.Tx) error) (IngestResult, error) {
	var then func(*sql.Tx, IngestResult) error
	if extra != nil {
		then = func(tx *sql.Tx, _ IngestResult) error { return extra(tx) }
	}
	return s.ingest(ctx, handleID, convs, then)
}

// ingest is Ingest whose extra also sees what the page changed (a backfill
// counts the new messages in the same transaction).
func (s *Store) ingest(ctx context.Context, handleID int64, convs []IncomingConversation, extra func(*sql.Tx, IngestResult) error) (IngestResult, error) {
	pg, err := s.preparePage(convs)
	if err != nil {
		return IngestResult{}, fmt.Errorf("ingest handle %d: %w", handleID, err)
	}
	stmts, err := s.writeStatements(ctx)
	if err != nil {
		return IngestResult{}, fmt.Errorf("ingest handle %d: %w", handleID, err)
	}
	var res IngestResult
	var msgIDs, others []int64
	err = s.tx(ctx, func(tx *sql.Tx) error {
		q := &pageTx{ctx: ctx, tx: tx, stmts: stmts}
		var ids, newIDs, more []int64
		err := inReportBatch(q, func() (err error) {
			ids, newIDs, more, err = pg.write(q, handleID)
			return err
		})
		if err != nil {
			return err
		}
		res.Conversations, res.NewMessages, msgIDs, others = ids, len(newIDs), newIDs, more
		if extra != nil {
			return extra(tx, res)
		}
		return nil
	})
	if err != nil {
		return IngestResult{}, fmt.Errorf("ingest handle %d: %w", handleID, err)
	}
	s.publish(events.Delta{Entity: events.EntityConversation, Upserted: append(slices.Clip(res.Conversations), others...)},
		events.Delta{Entity: events.EntityMessage, Upserted: msgIDs})
	return res, nil
}

// page is a batch of incoming conversations checked, capped, scored and
// encoded before the transaction starts, so the writer holds the database
// only for SQL.
type page struct {
	convs []pageConv
	// rounds cut the batch, in order, into runs without a repeated
	// conversation: one delivered twice has its second delivery in a later
	// round, written after the first exactly as if it came in a later batch,
	// and every message is stored in batch order.
	rounds [][]int
	parts  []pagePart // distinct participants, first seen first
}

type pageConv struct {
	in       *IncomingConversation
	customer int // index in page.parts; -1 for none
	extra    string
	status   inbox.Status
	msgs     []pageMsg
	// fresh is what the conversation's aggregates are if it is new and all
	// its messages are stored now (see newAggregates).
	fresh convAggregates
	// freshUnread is its unread count then.
	freshUnread int
	// The report columns it is inserted with (migration 0005's, stamped by
	// the insert: see report_batch.go): the earliest and latest sent_at of
	// its messages and the earliest of the customer's, nil for none. A new
	// conversation not all of whose messages are stored with it is
	// refreshed, which sets them from its stored messages.
	reportFirst, reportLast, reportFirstIn any
}

type pageMsg struct {
	remoteID, direction, name, text, replyTo, delivery, extra, threat string
	author                                                            int // index in page.parts; -1 for the business
	sentAt                                                            int64
	score                                                             any // float64, or nil when not scored
	read                                                              bool
	at                                                                time.Time
}

// pagePart is one participant of a page with the names it brings: the
// latest non-empty username and display name among its appearances, which
// is what upserting each appearance in turn would leave.
type pagePart struct {
	network           inbox.Network
	remoteID          string
	username, display string
}

func (s *Store) preparePage(convs []IncomingConversation) (*page, error) {
	pg := &page{convs: make([]pageConv, len(convs))}
	partIdx := map[[2]string]int{}
	part := func(p inbox.Participant) int {
		if p.RemoteID == "" {
			return -1
		}
		k := [2]string{string(p.Network), p.RemoteID}
		i, ok := partIdx[k]
		if !ok {
			i = len(pg.parts)
			partIdx[k] = i
			pg.parts = append(pg.parts, pagePart{network: p.Network, remoteID: p.RemoteID})
		}
		if p.Username != "" {
			pg.parts[i].username = p.Username
		}
		if p.DisplayName != "" {
			pg.parts[i].display = p.DisplayName
		}
		return i
	}
	seen := map[string]struct{}{} // conversations of the current round
	for i := range convs {
		c := &convs[i]
		if !c.Kind.Valid() {
			return nil, fmt.Errorf("conversation %s: unknown kind %q", c.RemoteID, c.Kind)
		}
		pc := &pg.convs[i]
		pc.in, pc.customer, pc.status = c, part(c.Customer), c.Status
		if pc.status == "" {
			pc.status = inbox.StatusOpen
			if c.History {
				pc.status = inbox.StatusResolved
			}
		}
		var err error
		if pc.extra, err = encodeExtra(c.Extra); err != nil {
			return nil, fmt.Errorf("conversation %s: %w", c.RemoteID, err)
		}
		pc.msgs = make([]pageMsg, len(c.Messages))
		for j, m := range c.Messages {
			pm := &pc.msgs[j]
			pm.remoteID, pm.direction, pm.replyTo, pm.read, pm.at = m.RemoteID, string(m.Direction), m.ReplyToRemoteID, m.Read || c.History, m.SentAt
			pm.text, pm.name = capText(m.Text), capField(m.AuthorName)
			pm.author = part(m.Author)
			if pm.name == "" {
				pm.name = m.Author.Name()
			}
			pm.delivery = string(m.Delivery)
			if pm.delivery == "" {
				pm.delivery = string(inbox.DeliveryReceived)
				if m.Direction == inbox.Outbound {
					pm.delivery = string(inbox.DeliverySent)
				}
			}
			if pm.extra, err = encodeExtra(m.Extra); err != nil {
				return nil, fmt.Errorf("message %s: %w", m.RemoteID, err)
			}
			if !c.History { // history is scored later, in the background (IngestImport)
				pm.score, pm.threat = s.scoreInbound(m.Direction, pm.text)
			}
			if f, ok := pm.score.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
				pm.score = nil // what SQLite stores for a non-finite bound value
			}
			pm.sentAt = ms(m.SentAt)
		}
		pc.fresh, pc.freshUnread = newAggregates(pc)
		pc.reportFirst, pc.reportLast, pc.reportFirstIn = spanOf(pc.msgs)
		if _, again := seen[c.RemoteID]; again || len(pg.rounds) == 0 {
			pg.rounds = append(pg.rounds, nil)
			clear(seen)
		}
		seen[c.RemoteID] = struct{}{}
		pg.rounds[len(pg.rounds)-1] = append(pg.rounds[len(pg.rounds)-1], i)
	}
	return pg, nil
}

// noExtra is the extra column's default: no network-specific facts.
const noExtra = "{}"

// encodeExtra turns Extra into the column's JSON. Map keys are sorted, so
// the same facts always encode the same and a re-fetch rewrites nothing.
func encodeExtra(m map[string]any) (string, error) {
	if len(m) == 0 {
		return noExtra, nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("encode extra: %w", err)
	}
	return string(b), nil
}

// spanOf is what the per-message trigger of migration 0005 leaves in a
// new conversation's report columns once msgs are stored in it.
func spanOf(msgs []pageMsg) (first, last, firstIn any) {
	for _, m := range msgs {
		if first == nil || m.sentAt < first.(int64) {
			first = m.sentAt
		}
		if last == nil || m.sentAt > last.(int64) {
			last = m.sentAt
		}
		if m.direction == string(inbox.Inbound) && (firstIn == nil || m.sentAt < firstIn.(int64)) {
			firstIn = m.sentAt
		}
	}
	return first, last, firstIn
}
