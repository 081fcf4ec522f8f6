package app

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"

	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

// csatDemoStore is what the demo's "customer writes" hook needs: the
// conversation, its customer, and the ingest path every connector's page takes.
type csatDemoStore interface {
	Conversation(ctx context.Context, id int64) (store.ConversationDetail, error)
	Customer(ctx context.Context, participantID int64) (store.Customer, error)
	Ingest(ctx context.Context, handleID int64, convs []store.IncomingConversation, extra func(*sql.Tx) error) (store.IngestResult, error)
}

// DemoCustomerWrites plays the customer in the demo workspace only: text
// arrives in the conversation as the customer's next message, through the
// same ingest a connector's sync uses (so a survey answer is read as a real
// one would be). Refused in every other workspace: the demo's pretend
// network has no customers to write back, and a real inbox must never hold
// a message its network did not deliver.
func (a *CSATAPI) DemoCustomerWrites(conversationID int64, text string) error {
	if !a.demo || a.demoStore == nil {
		return invalid("only the demo workspace can play the customer")
	}
	ctx := a.ctx()
	d, err := a.demoStore.Conversation(ctx, conversationID)
	if err != nil {
		return toAPIError(err)
	}
	if d.Summary.CustomerID == 0 {
		return invalid("this conversation has no known customer")
	}
	c, err := a.demoStore.Customer(ctx, d.Summary.CustomerID)
	if err != nil {
		return toAPIError(err)
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	in := store.IncomingConversation{RemoteID: d.Summary.RemoteID, Kind: d.Summary.Kind, Customer: c.Participant,
		Messages: []store.IncomingMessage{{RemoteID: "demo-in-" + hex.EncodeToString(b), Direction: inbox.Inbound,
			Author: c.Participant, Text: text, SentAt: a.now()}}}
	_, err = a.demoStore.Ingest(ctx, d.Summary.HandleID, []store.IncomingConversation{in}, nil)
	return toAPIError(err)
}
