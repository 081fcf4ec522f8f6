package notify

import (
	"testing"

	enotify "github.com/esiqveland/notify"
)

// A click on a notification opens what it names: a conversation, or a
// screen (a listening spike opens the Listening view), never both; a click
// on a notification that is not ours opens nothing.
func TestClickOpensItsTarget(t *testing.T) {
	opens := &Opens{}
	var convs []int64
	var views []string
	opens.Subscribe(func(id int64) { convs = append(convs, id) })
	cancel := opens.SubscribeViews(func(v string) { views = append(views, v) })
	d := &DBus{opens: opens, targets: map[uint32]target{1: {conversation: 42}, 2: {view: "listening"}}}
	for _, id := range []uint32{1, 2, 3} {
		d.onAction(&enotify.ActionInvokedSignal{ID: id, ActionKey: ActionOpen})
	}
	if len(convs) != 1 || convs[0] != 42 || len(views) != 1 || views[0] != "listening" {
		t.Fatalf("opened conversations %v, views %v", convs, views)
	}
	cancel()
	opens.OpenView("listening")
	if len(views) != 1 {
		t.Fatalf("a cancelled view subscriber was told: %v", views)
	}
}
