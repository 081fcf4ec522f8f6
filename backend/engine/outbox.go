package engine

import (
	"context"
	"errors"
	"net"
	"strings"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/store"
)

const maxSendAttempts = 5

func replyOf(it store.OutboxItem) connector.Reply {
	return connector.Reply{IdempotencyKey: it.IdempotencyKey, ConversationRemoteID: it.ConversationRemoteID,
		Kind: it.Kind, Visibility: connector.Visibility(it.Visibility), InReplyTo: it.InReplyTo,
		Customer: it.Customer, Subject: it.Subject, Text: it.Text, References: it.References,
		Automated: it.Automated, QueuedAt: it.QueuedAt, Earlier: it.Earlier}
}

// reconcileSending settles replies a crash left in "sending", one after
// another (Run settles them per handle, side by side: see reconcileDue).
func (e *Engine) reconcileSending(ctx context.Context) {
	items, err := e.cfg.Store.Sending(ctx)
	if err != nil {
		e.cfg.Logger.Error("list unconfirmed replies", "err", err)
		return
	}
	for _, it := range items {
		e.reconcileOne(ctx, it)
	}
}

// reconcileOne settles one reply a crash left in "sending": the network is
// asked whether it has it (for at most JobTimeout: a network that hangs must
// not hold the reply, or anything else, for good); without a way to ask, the
// reply is marked failed for the user to check, because sending again could
// post it twice.
func (e *Engine) reconcileOne(ctx context.Context, it store.OutboxItem) {
	c, err := e.connectorFor(ctx, it.HandleID)
	finder, ok := c.(connector.SentFinder)
	if err != nil || !ok {
		e.sendFailed(ctx, it, "Care Inbox stopped while sending this reply; check the conversation on the network before retrying", time.Time{})
		return
	}
	askCtx, cancel := context.WithTimeout(ctx, e.cfg.JobTimeout)
	sent, found, err := finder.FindSent(askCtx, replyOf(it))
	cancel()
	if ctx.Err() != nil {
		return // shutting down: it stays "sending" and is settled at the next start
	}
	switch {
	case err != nil:
		msg := "could not confirm whether this reply went out; check the network before retrying"
		if ce, ok := connector.Classify(err); ok && ce.Kind == connector.Permanent && ce.Message != "" {
			msg = ce.Message // the network's own words, e.g. why it cannot tell
			if !strings.Contains(strings.ToLower(msg), "check") {
				msg += "; check the network before retrying"
			}
		}
		e.sendFailed(ctx, it, msg, time.Time{})
	case found:
		if err := e.cfg.Store.MarkSent(ctx, it.MessageID, sent.RemoteID, sent.SentAt); err != nil {
			e.cfg.Logger.Error("mark reply sent", "message", it.MessageID, "err", err)
		}
	default: // the network confirms it never got it: safe to send
		e.sendFailed(ctx, it, "", e.cfg.Now())
	}
}

func (e *Engine) send(ctx context.Context, it store.OutboxItem) {
	c, err := e.connectorFor(ctx, it.HandleID)
	if err != nil {
		e.sendError(ctx, it, err, false)
		return
	}
	r, ok := c.(connector.Replier)
	if !ok {
		e.sendFailed(ctx, it, "Care Inbox cannot send replies on this network yet", time.Time{})
		return
	}
	finder, canFind := c.(connector.SentFinder)
	if it.Attempts > 1 && canFind {
		// An earlier attempt may have reached the network before failing.
		sent, found, err := finder.FindSent(ctx, replyOf(it))
		switch {
		case err != nil && !(it.Confirmed && permanent(err)):
			// Unknown whether it went out: sending now could post it twice.
			// The lookup's failure is this attempt's; the next asks again.
			// Only the user, having checked the conversation, can decide
			// that a lookup which will never tell (a permanent answer)
			// should not stop this one.
			e.sendError(ctx, it, err, canFind)
			return
		case err == nil && found:
			e.markSent(ctx, it, sent)
			return
		}
	}
	sent, err := r.Reply(ctx, replyOf(it))
	e.persistSecrets(ctx, it.HandleID, c)
	if err != nil {
		e.sendError(ctx, it, err, canFind)
		return
	}
	e.markSent(ctx, it, sent)
}

// permanent reports whether err says asking again will not change the answer.
func permanent(err error) bool {
	ce, ok := connector.Classify(err)
	return ok && ce.Kind == connector.Permanent
}

func (e *Engine) markSent(ctx context.Context, it store.OutboxItem, sent connector.Sent) {
	if sent.SentAt.IsZero() {
		sent.SentAt = e.cfg.Now()
	}
	if err := e.cfg.Store.MarkSent(ctx, it.MessageID, sent.RemoteID, sent.SentAt); err != nil {
		// The network has it; leaving it "sending" lets the next start
		// reconcile instead of sending again.
		e.cfg.Logger.Error("record sent reply", "message", it.MessageID, "err", err)
	}
}

// neverLeft reports whether err proves the request never reached the network
// (no connection could be made), so sending again cannot duplicate it.
func neverLeft(err error) bool {
	var op *net.OpError
	var dns *net.DNSError
	return errors.As(err, &dns) || (errors.As(err, &op) && op.Op == "dial")
}

// sendError decides between retrying and asking the user. A retry is only
// automatic when it cannot post twice: the network can be asked first
// (canFind), or the request provably never left this machine.
func (e *Engine) sendError(ctx context.Context, it store.OutboxItem, err error, canFind bool) {
	if ctx.Err() != nil {
		return // shutting down: stays "sending" and is reconciled at next start
	}
	ce, _ := connector.Classify(err)
	if ce == nil {
		ce = connector.Errorf(connector.Temporary, err, "sending failed")
	}
	e.cfg.Logger.Warn("send failed", "message", it.MessageID, "kind", ce.Kind.String(), "err", err)
	switch {
	case ce.Kind == connector.RateLimited:
		e.sendFailed(ctx, it, ce.Message, ce.RetryAt)
	case ce.Kind == connector.Temporary && neverLeft(err):
		// Offline: keep it queued until the network returns, however long.
		e.sendFailed(ctx, it, ce.Message, e.cfg.Now().Add(backoff(min(it.Attempts, 4))))
	case ce.Kind == connector.Temporary && canFind && it.Attempts < maxSendAttempts:
		e.sendFailed(ctx, it, ce.Message, e.cfg.Now().Add(backoff(it.Attempts)))
	case ce.Kind == connector.Temporary:
		e.sendFailed(ctx, it, ce.Message+" — it may or may not have been sent; check the network before retrying", time.Time{})
	default:
		e.sendFailed(ctx, it, ce.Message, time.Time{})
	}
}

func (e *Engine) sendFailed(ctx context.Context, it store.OutboxItem, msg string, retryAt time.Time) {
	if err := e.cfg.Store.SendFailed(ctx, it.MessageID, msg, retryAt); err != nil {
		e.cfg.Logger.Error("record failed send", "message", it.MessageID, "err", err)
	}
}
