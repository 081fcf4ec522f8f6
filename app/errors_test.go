package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

func TestFormatError(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		code     string
		message  string
		plainErr string // what Error() says: the message, never JSON
	}{
		{"api error", invalid("a client needs a name"), CodeInvalid, "a client needs a name", "a client needs a name"},
		{"wrapped api error", fmt.Errorf("save: %w", invalid("bad")), CodeInvalid, "bad", "save: bad"},
		{"not found", fmt.Errorf("conversation 7: %w", store.ErrNotFound), CodeNotFound, "conversation 7: " + store.ErrNotFound.Error(), ""},
		{"cancelled", context.Canceled, CodeCancelled, context.Canceled.Error(), ""},
		{"anything else", errors.New("database is locked"), CodeInternal, "database is locked", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := FormatError(tt.err).(string)
			if !ok {
				t.Fatalf("FormatError = %T, want the JSON text", FormatError(tt.err))
			}
			var got APIError
			if err := json.Unmarshal([]byte(s), &got); err != nil {
				t.Fatalf("FormatError = %q: %v", s, err)
			}
			if got.Code != tt.code || got.Message != tt.message {
				t.Errorf("FormatError = %+v, want {%s %s}", got, tt.code, tt.message)
			}
			if tt.plainErr != "" && tt.err.Error() != tt.plainErr {
				t.Errorf("Error() = %q, want the plain %q", tt.err.Error(), tt.plainErr)
			}
		})
	}
	if FormatError(nil) != nil {
		t.Error("FormatError(nil) is not nil")
	}
}

func TestEnumsAreListsWailsCanBind(t *testing.T) {
	for i, e := range Enums() {
		// Wails' EnumBind needs a slice of {Value, TSName}; anything else is skipped silently.
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatalf("enum %d: %v", i, err)
		}
		var items []struct {
			Value  string
			TSName string
		}
		if err := json.Unmarshal(b, &items); err != nil || len(items) == 0 {
			t.Fatalf("enum %d is not a list of {Value, TSName}: %s", i, b)
		}
		seen := map[string]bool{}
		for _, it := range items {
			if it.Value == "" || it.TSName == "" || seen[it.TSName] {
				t.Errorf("enum %d: bad or repeated item %+v", i, it)
			}
			seen[it.TSName] = true
		}
	}
}

func TestNetworkEnumIsInboxNetworksInOrder(t *testing.T) {
	nets, ok := Enums()[0].([]struct {
		Value  Network
		TSName string
	})
	if !ok || len(nets) != len(inbox.Networks) {
		t.Fatalf("first enum = %T (%d), want every inbox.Network", Enums()[0], len(inbox.Networks))
	}
	for i, n := range inbox.Networks {
		if nets[i].Value != Network(n) {
			t.Errorf("network %d = %s, want %s (the display order)", i, nets[i].Value, n)
		}
	}
}
