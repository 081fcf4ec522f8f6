package listen

import (
	"slices"
	"testing"

	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

func TestNetworkSearchDedupExcludeMuteReply(t *testing.T) {
	f := newFixture(t)
	f.fake.add(f.post("1", "ana", "My #Acme bag arrived torn, acme support is slow"))
	f.fake.add(f.post("2", "ben", "acme giveaway! click here"))
	f.fake.add(f.post("3", "acmebot", "acme deals today"))
	f.fake.add(f.post("4", "cleo", "Loving my new acme backpack"))
	ls := f.search(t, store.ListenSearch{Terms: []string{"acme", "#acme"}, ExcludeWords: []string{"giveaway"}, ExcludeAccounts: []string{"@acmebot"}})

	found, err := f.svc.RunOnce(f.ctx, f.conns)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || found[0].New != 2 || len(found[0].Errors) != 0 {
		t.Fatalf("RunOnce = %+v: want 2 new (post 1 found twice, kept once; 2 and 3 excluded)", found)
	}
	rs, _ := f.svc.Results(f.ctx, store.ListenFilter{SearchID: ls.ID})
	if got := texts(rs); len(got) != 2 {
		t.Fatalf("results = %q", got)
	}
	if rs[0].Sentiment == 0 && rs[1].Sentiment == 0 {
		t.Errorf("results are not scored: %+v", rs)
	}
	for _, r := range rs {
		if r.HandleID != f.masto.ID || r.Network != inbox.NetworkMastodon {
			t.Errorf("result %+v: want found by the Mastodon handle", r)
		}
	}
	// Nothing found by listening is a conversation.
	if page, _ := f.st.Conversations(f.ctx, inbox.ConversationFilter{}, 0, 10); page.Total != 0 {
		t.Fatalf("listening made %d conversations before any reply", page.Total)
	}

	// The cursor: a second run asks only for what is new.
	f.fake.add(f.post("5", "dan", "acme lost my parcel"))
	found, _ = f.svc.RunOnce(f.ctx, f.conns)
	if found[0].New != 1 {
		t.Fatalf("second run found %d new, want 1", found[0].New)
	}

	// Mute a word: its results disappear; mute an author likewise.
	if err := f.svc.MuteWord(f.ctx, f.client.ID, "BACKPACK"); err != nil {
		t.Fatal(err)
	}
	rs, _ = f.svc.Results(f.ctx, store.ListenFilter{SearchID: ls.ID})
	if got := texts(rs); slices.Contains(got, "Loving my new acme backpack") || len(got) != 2 {
		t.Fatalf("after muting backpack: %q", got)
	}
	var dan store.ListenResult
	for _, r := range rs {
		if r.Author.Username == "dan" {
			dan = r
		}
	}
	if err := f.svc.MuteAuthor(f.ctx, dan.ID); err != nil {
		t.Fatal(err)
	}
	rs, _ = f.svc.Results(f.ctx, store.ListenFilter{SearchID: ls.ID})
	if len(rs) != 1 || rs[0].Author.Username != "ana" {
		t.Fatalf("after muting dan: %q", texts(rs))
	}

	// Reply: the post becomes a proactive conversation on the handle.
	convID, err := f.svc.Reply(f.ctx, rs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	d, err := f.st.Conversation(f.ctx, convID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Summary.HandleID != f.masto.ID || d.Summary.Kind != inbox.KindPublic || len(d.Messages) != 1 ||
		d.Messages[0].RemoteID != "1" {
		t.Fatalf("conversation = %+v", d)
	}
	in, err := f.st.DeadlineInputs(f.ctx, []int64{convID})
	if err != nil || len(in) != 1 || !in[0].Proactive {
		t.Fatalf("deadline input = %+v, %v: want proactive", in, err)
	}
	again, err := f.svc.Reply(f.ctx, rs[0].ID)
	if err != nil || again != convID {
		t.Fatalf("second reply = %d, %v: want the same conversation", again, err)
	}
	rs, _ = f.svc.Results(f.ctx, store.ListenFilter{SearchID: ls.ID})
	if len(rs) != 0 {
		t.Fatalf("a replied result stays unhandled: %+v", rs)
	}
}

func TestFailingSourceBacksOff(t *testing.T) {
	f := newFixture(t)
	ls := f.search(t, store.ListenSearch{Terms: []string{"acme"}})
	f.fake.fail = errTest
	found, err := f.svc.RunOnce(f.ctx, f.conns)
	if err != nil || len(found[0].Errors) != 1 {
		t.Fatalf("RunOnce = %+v, %v: want the source's error", found, err)
	}
	srcs, _ := f.st.ListenSources(f.ctx, ls.ID)
	if len(srcs) != 1 || srcs[0].Errors != 1 || srcs[0].LastError == "" || !srcs[0].NextRunAt.After(f.now) {
		t.Fatalf("source = %+v: want a failure with back-off", srcs)
	}
	due, _ := f.st.DueListenSources(f.ctx, f.now, 10)
	if len(due) != 0 {
		t.Fatalf("a failed source is due again at once: %+v", due)
	}
}

// X bills reads: a search runs on an X handle only when switched on.
func TestXOnlyWhenSwitchedOn(t *testing.T) {
	f := newFixture(t)
	x, err := f.st.CreateHandle(f.ctx, inbox.Handle{ClientID: f.client.ID, Network: inbox.NetworkX, RemoteAccountID: "9", DisplayName: "Acme on X"})
	if err != nil {
		t.Fatal(err)
	}
	xs := &fakeSearcher{network: inbox.NetworkX}
	xs.add(f.post("x1", "xan", "acme on x"))
	f.conns[x.ID] = xs
	ls := f.search(t, store.ListenSearch{Terms: []string{"acme"}})
	if _, err := f.svc.RunOnce(f.ctx, f.conns); err != nil {
		t.Fatal(err)
	}
	if len(xs.calls) != 0 {
		t.Fatalf("X searched %d times without being switched on", len(xs.calls))
	}
	ls.XEnabled = true
	if _, err := f.svc.SaveSearch(f.ctx, ls); err != nil {
		t.Fatal(err)
	}
	found, _ := f.svc.RunOnce(f.ctx, f.conns)
	if len(xs.calls) != 1 || found[0].New != 1 {
		t.Fatalf("with X on: %d calls, %d new", len(xs.calls), found[0].New)
	}
	srcs, _ := f.st.ListenSources(f.ctx, ls.ID)
	for _, s := range srcs {
		if s.HandleID == x.ID && s.NextRunAt.Sub(f.now) < XInterval {
			t.Errorf("X asked again after %s, want at least %s", s.NextRunAt.Sub(f.now), XInterval)
		}
	}
}
