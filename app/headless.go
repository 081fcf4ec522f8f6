package app

// Headless serves the read-only views of the headless commands (careinbox
// inbox …) through the very methods the window binds, so a script sees what
// the window shows. It is not bound to the front end.
type Headless struct{ inbox *InboxAPI }

// NewHeadless builds the views over cfg (only Store, Logger and Version are needed).
func NewHeadless(cfg Config) Headless { return Headless{inbox: New(cfg).Inbox} }

// Inbox is one page of the queue as ListConversations returns it.
func (h Headless) Inbox(statuses []string, network string, limit int) (any, error) {
	return h.inbox.ListConversations(FilterDTO{Network: network, Statuses: statuses}, 0, limit)
}

// Conversation is one conversation with its whole thread, as the window opens it.
func (h Headless) Conversation(id int64) (any, error) {
	return h.inbox.GetConversation(id)
}
