package email

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"careinbox/backend/connector"
)

// Wait holds an IMAP IDLE connection on the mailbox and returns as soon as
// the server announces new mail (EXISTS). It only wakes the engine, which
// then fetches as usual, so a missed announcement costs latency, not mail.
// On servers without IDLE it returns after one poll interval.
func (c *Connector) Wait(ctx context.Context) error {
	wake := make(chan struct{}, 1)
	var armed atomic.Bool
	handler := &imapclient.UnilateralDataHandler{
		Mailbox: func(d *imapclient.UnilateralDataMailbox) {
			if d.NumMessages != nil && armed.Load() {
				select {
				case wake <- struct{}{}:
				default:
				}
			}
		},
	}
	s, err := c.openIMAP(ctx, handler)
	if err != nil {
		return err
	}
	defer s.close()
	if !s.c.Caps().Has(imap.CapIdle) && !s.c.Caps().Has(imap.CapIMAP4rev2) {
		t := time.NewTimer(c.poll)
		defer t.Stop()
		select {
		case <-t.C:
			return nil
		case <-ctx.Done():
			return fmt.Errorf("wait for mail: %w", ctx.Err())
		}
	}
	sel, err := s.c.Select(c.mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		return c.classify(ctx, stageMailbox, err)
	}
	if seen := c.syncedNext.Load(); seen != 0 && uint32(sel.UIDNext) > seen {
		return nil // mail came in after the last fetch, before this IDLE
	}
	// EXISTS answers to SELECT itself are not news; only what comes later.
	armed.Store(true)
	idle, err := s.c.Idle()
	if err != nil {
		return c.classify(ctx, stageCommand, err)
	}
	var result error
	select {
	case <-wake:
	case <-ctx.Done():
		result = fmt.Errorf("wait for mail: %w", ctx.Err())
	case <-s.c.Closed():
		result = connector.Errorf(connector.Temporary, nil, "the mail server %s closed the waiting connection", c.imap.Host)
	}
	if ctx.Err() == nil {
		_ = idle.Close()
		_ = idle.Wait()
	}
	return result
}
