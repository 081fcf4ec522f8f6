package events

import (
	"slices"
	"testing"
)

func TestBus(t *testing.T) {
	tests := []struct {
		name      string
		publish   []Delta
		cancelled bool
		want      []Delta
	}{
		{"delivers in order", []Delta{{Entity: EntityConversation, Upserted: []int64{1}}, {Entity: EntityHandle, Removed: []int64{2}}}, false,
			[]Delta{{Entity: EntityConversation, Upserted: []int64{1}}, {Entity: EntityHandle, Removed: []int64{2}}}},
		{"drops empty deltas", []Delta{{Entity: EntityMessage}}, false, nil},
		{"nothing after cancel", []Delta{{Entity: EntityClient, Upserted: []int64{3}}}, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := New()
			var got []Delta
			cancel := b.Subscribe(func(d Delta) { got = append(got, d) })
			if tt.cancelled {
				cancel()
				cancel() // twice is harmless
			}
			b.Publish(tt.publish...)
			if !slices.EqualFunc(got, tt.want, func(a, b Delta) bool {
				return a.Entity == b.Entity && slices.Equal(a.Upserted, b.Upserted) && slices.Equal(a.Removed, b.Removed)
			}) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestBusFansOutToEverySubscriber(t *testing.T) {
	b := New()
	n := 0
	for range 3 {
		b.Subscribe(func(Delta) { n++ })
	}
	b.Publish(Delta{Entity: EntityConversation, Upserted: []int64{1}})
	if n != 3 {
		t.Errorf("%d subscribers called, want 3", n)
	}
	var _ Publisher = b
	var _ Subscriber = b
	var _ Publisher = Discard{}
}
