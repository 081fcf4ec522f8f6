package deadline

import (
	"encoding/json"
	"testing"
	"time"

	"careinbox/backend/inbox"
)

func TestSettingsPrecedence(t *testing.T) {
	spec := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	cal := func(zone string) CalendarSpec { c := DefaultCalendarSpec(zone); return c }
	pol := func(first int) PolicySpec { p := DefaultPolicySpec(); p.FirstResponse.PublishedMin = first; return p }
	set, err := NewSettings(time.UTC, []inbox.Client{{ID: 1, TimeZone: "Europe/Berlin"}, {ID: 2, TimeZone: "Asia/Tokyo"}},
		[]StoredSpec{{ClientID: 1, Spec: spec(cal("Europe/Paris"))}, {ClientID: 1, HandleID: 7, Spec: spec(cal("America/New_York"))}},
		[]StoredSpec{{ClientID: 1, Spec: spec(pol(60))}, {ClientID: 1, Kind: "dm", Spec: spec(pol(45))},
			{ClientID: 1, HandleID: 7, Spec: spec(pol(30))}, {ClientID: 1, HandleID: 7, Kind: "dm", Spec: spec(pol(15))}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		client, handle int64
		zone, from     string
	}{
		{1, 0, "Europe/Paris", "client"}, {1, 7, "America/New_York", "handle"}, {1, 8, "Europe/Paris", "client"}, {2, 0, "Asia/Tokyo", "default"},
	} {
		if c, from := set.CalendarSpec(tt.client, tt.handle); c.TimeZone != tt.zone || from != tt.from {
			t.Errorf("calendar(%d, %d) = %s from %s, want %s from %s", tt.client, tt.handle, c.TimeZone, from, tt.zone, tt.from)
		}
	}
	for _, tt := range []struct {
		client, handle int64
		kind           inbox.Kind
		first          int
		from           string
	}{
		{1, 7, "dm", 15, "handle+kind"}, {1, 7, "email", 30, "handle"}, {1, 8, "dm", 45, "client+kind"},
		{1, 0, "email", 60, "client"}, {2, 0, "dm", DefaultPolicySpec().FirstResponse.PublishedMin, "default"},
	} {
		if p, from := set.PolicySpec(tt.client, tt.handle, tt.kind); p.FirstResponse.PublishedMin != tt.first || from != tt.from {
			t.Errorf("policy(%d, %d, %s) = %d from %s, want %d from %s", tt.client, tt.handle, tt.kind, p.FirstResponse.PublishedMin, from, tt.first, tt.from)
		}
	}
	cp := set.Clone()
	cp.Policies[Scope{Client: 1}] = pol(5)
	if p, _ := set.PolicySpec(1, 0, "email"); p.FirstResponse.PublishedMin != 60 {
		t.Error("a clone's edit reached the original")
	}
}
