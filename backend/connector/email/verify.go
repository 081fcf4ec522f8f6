package email

import (
	"context"
	"fmt"

	"github.com/emersion/go-imap/v2"

	"careinbox/backend/connector"
)

// Verify signs in to the IMAP and SMTP servers without changing anything
// ("Test connection") and reports what it learned in plain words.
func (c *Connector) Verify(ctx context.Context) (connector.Account, error) {
	s, err := c.openIMAP(ctx, nil)
	if err != nil {
		return connector.Account{}, err
	}
	defer s.close()
	if _, err := s.c.Select(c.mailbox, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		return connector.Account{}, c.classify(ctx, stageMailbox, err)
	}
	acct := connector.Account{
		RemoteID:    c.fromAddress,
		Username:    c.username,
		DisplayName: c.fromName,
	}
	if acct.RemoteID == "" {
		acct.RemoteID = c.username
	}
	if acct.DisplayName == "" {
		acct.DisplayName = acct.RemoteID
	}
	caps := s.c.Caps()
	if caps.Has(imap.CapIdle) || caps.Has(imap.CapIMAP4rev2) {
		acct.Notes = append(acct.Notes, "New mail arrives within seconds (the server supports IDLE).")
	} else {
		acct.Notes = append(acct.Notes, fmt.Sprintf("The server cannot announce new mail; it is checked every %s.", c.poll))
	}
	box, exists, err := c.sentMailboxName(s.c)
	if err != nil {
		return connector.Account{}, c.classify(ctx, stageCommand, err)
	}
	if exists {
		acct.Notes = append(acct.Notes, fmt.Sprintf("Copies of replies are filed in %q.", box))
	} else {
		acct.Notes = append(acct.Notes, fmt.Sprintf("No Sent mailbox was found; %q will be created for copies of replies.", box))
	}
	if c.smtp.Host == "" {
		acct.Notes = append(acct.Notes, "No outgoing (SMTP) server is set up: mail can be read but not answered.")
		return acct, nil
	}
	if c.fromAddress == "" {
		acct.Notes = append(acct.Notes, "Set the sender address to answer mail.")
	}
	_, closeSMTP, err := c.openSMTP(ctx)
	if err != nil {
		return connector.Account{}, err
	}
	closeSMTP()
	return acct, nil
}
