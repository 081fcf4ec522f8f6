package notify

import "sync"

// Opens carries clicks on notifications to whoever shows conversations (the
// window): the notifier is built with the workspace, before any window
// exists, so the window subscribes later. The zero value is ready to use.
type Opens struct {
	mu    sync.Mutex
	subs  map[int]func(conversationID int64)
	views map[int]func(view string)
	next  int
}

// Subscribe registers fn for every click from now on; fn must not block.
// The returned cancel is safe to call twice.
func (o *Opens) Subscribe(fn func(conversationID int64)) (cancel func()) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.subs == nil {
		o.subs = map[int]func(int64){}
	}
	id := o.next
	o.next++
	o.subs[id] = fn
	return func() {
		o.mu.Lock()
		defer o.mu.Unlock()
		delete(o.subs, id)
	}
}

// Open tells every subscriber that a notification about the conversation
// (0: none in particular) was clicked.
func (o *Opens) Open(conversationID int64) {
	o.mu.Lock()
	subs := make([]func(int64), 0, len(o.subs))
	for _, fn := range o.subs {
		subs = append(subs, fn)
	}
	o.mu.Unlock()
	for _, fn := range subs {
		fn(conversationID)
	}
}

// SubscribeViews registers fn for every click on a notification that opens
// a screen (Notification.View) rather than a conversation.
func (o *Opens) SubscribeViews(fn func(view string)) (cancel func()) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.views == nil {
		o.views = map[int]func(string){}
	}
	id := o.next
	o.next++
	o.views[id] = fn
	return func() {
		o.mu.Lock()
		defer o.mu.Unlock()
		delete(o.views, id)
	}
}

// OpenView tells every view subscriber that a notification about a screen was clicked.
func (o *Opens) OpenView(view string) {
	o.mu.Lock()
	subs := make([]func(string), 0, len(o.views))
	for _, fn := range o.views {
		subs = append(subs, fn)
	}
	o.mu.Unlock()
	for _, fn := range subs {
		fn(view)
	}
}
