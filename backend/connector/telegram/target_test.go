package telegram

import (
	"testing"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// A private conversation Care Inbox opened itself goes to the customer's own chat.
func TestTargetOfLocalPrivateConversation(t *testing.T) {
	p, err := target(connector.Reply{ConversationRemoteID: "local:dm:abc", Visibility: connector.Private,
		Customer: inbox.Participant{Network: inbox.NetworkTelegram, RemoteID: "5551234"}})
	if err != nil || p.ChatID != 5551234 {
		t.Fatalf("target = %+v, %v", p, err)
	}
	if _, err := target(connector.Reply{ConversationRemoteID: "local:dm:abc", Visibility: connector.Public}); err == nil {
		t.Error("a public reply to an unknown conversation was accepted")
	}
}
