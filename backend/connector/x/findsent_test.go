package x

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"careinbox/backend/connector"
	"careinbox/backend/connector/connectortest"
	"careinbox/backend/inbox"
)

// Seeded by setup: Ana's thread 1860000000000000001 ← …002, Ben's post
// …003; Ben's DM …004 and the account's answer …005.
const (
	anaFollowUp = "1860000000000000002"
	benPost     = "1860000000000000003"
	benDM       = "dm:1870000000000000004"
)

// A text X changes on the way: & escaped, the link shortened to t.co, and
// Ana's @mention put in front.
const tricky = "So sorry & thanks <3 — tracking at https://example.com/track?id=7 or shop.example.com."

func lostPublic(text string) connector.Reply {
	return connector.Reply{Visibility: connector.Public, Kind: inbox.KindPublic, ConversationRemoteID: "post:1860000000000000001",
		InReplyTo: anaFollowUp, Text: text, References: []string{"1860000000000000001", anaFollowUp}}
}

func lostDM(text string) connector.Reply {
	return connector.Reply{Visibility: connector.Private, Kind: inbox.KindPrivate, ConversationRemoteID: "dm:2002-" + ownID,
		InReplyTo: benDM, Customer: inbox.Participant{Network: inbox.NetworkX, RemoteID: "2002"}, Text: text,
		References: []string{benDM, "dm:1870000000000000005"}}
}

// sendLost sends r with the answer lost: X has it, the connector does not know.
func sendLost(t *testing.T, c *Connector, d *double, r connector.Reply) {
	t.Helper()
	d.lose = true
	if _, err := c.Reply(context.Background(), r); err == nil {
		t.Fatal("the lost answer came back")
	}
}

func kind(k connector.Kind) *connector.Kind { return &k }

func TestFindSent(t *testing.T) {
	cases := []struct {
		name string
		// arrange returns the reply to look up and the remote id expected
		// found ("" = not found).
		arrange func(t *testing.T, c *Connector, d *double) (connector.Reply, string)
		errKind *connector.Kind // want an error of this kind
	}{
		{"public answer lost: found despite escaping, t.co and the added @mention", func(t *testing.T, c *Connector, d *double) (connector.Reply, string) {
			r := lostPublic(tricky)
			sendLost(t, c, d, r)
			return r, d.posted[len(d.posted)-1]["id"].(string)
		}, nil},
		{"public never sent; the same text to another post does not count", func(t *testing.T, c *Connector, d *double) (connector.Reply, string) {
			d.ownPost(d.id(1860000000000000000), tricky, benPost)
			d.ownPost(d.id(1860000000000000000), "something else", anaFollowUp)
			return lostPublic(tricky), ""
		}, nil},
		{"public: an identical earlier reply (Earlier) is not this one", func(t *testing.T, c *Connector, d *double) (connector.Reply, string) {
			r := lostPublic("Thanks!")
			sent, err := c.Reply(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			r.References = append(r.References, sent.RemoteID)
			r.Earlier = append(r.Earlier, sent.RemoteID)
			return r, ""
		}, nil},
		{"public: of two identical sends, the one not stored", func(t *testing.T, c *Connector, d *double) (connector.Reply, string) {
			r := lostPublic("Thanks!")
			sent, err := c.Reply(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			r.References = append(r.References, sent.RemoteID)
			r.Earlier = append(r.Earlier, sent.RemoteID)
			sendLost(t, c, d, r)
			return r, d.posted[len(d.posted)-1]["id"].(string)
		}, nil},
		{"public lookup fails: an error, not never sent", func(t *testing.T, c *Connector, d *double) (connector.Reply, string) {
			if _, err := c.Verify(context.Background()); err != nil { // the lookup itself fails, not users/me
				t.Fatal(err)
			}
			d.Fail(connectortest.ServerError)
			return lostPublic(tricky), ""
		}, kind(connector.Temporary)},
		{"public: more posts since than the bound covers: cannot tell", func(t *testing.T, c *Connector, d *double) (connector.Reply, string) {
			for i := range findPostPages*100 + 1 {
				d.ownPost(d.id(1860000000000000000), fmt.Sprintf("post %d", i), "")
			}
			return lostPublic(tricky), ""
		}, kind(connector.Permanent)},
		{"DM answer lost: found", func(t *testing.T, c *Connector, d *double) (connector.Reply, string) {
			r := lostDM(tricky)
			sendLost(t, c, d, r)
			return r, "dm:" + d.sentDMs[len(d.sentDMs)-1]["id"].(string)
		}, nil},
		{"DM never sent; the same text before the answered message does not count", func(t *testing.T, c *Connector, d *double) (connector.Reply, string) {
			r := lostDM("Sorry! Sending a new one.") // the seeded answer, older than Ben's next DM
			r.InReplyTo = "dm:" + d.dm(ben, own, "still broken")
			return r, ""
		}, nil},
		{"DM: an identical earlier reply (Earlier) is not this one", func(t *testing.T, c *Connector, d *double) (connector.Reply, string) {
			r := lostDM("Thanks!")
			sent, err := c.Reply(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			r.References = append(r.References, sent.RemoteID)
			r.Earlier = append(r.Earlier, sent.RemoteID)
			return r, ""
		}, nil},
		{"DM answer lost and synced into the thread meanwhile: found", func(t *testing.T, c *Connector, d *double) (connector.Reply, string) {
			r := lostDM(tricky)
			sendLost(t, c, d, r)
			id := "dm:" + d.sentDMs[len(d.sentDMs)-1]["id"].(string)
			r.References = append(r.References, id) // sync stored the account's own DM
			return r, id
		}, nil},
		{"DM lookup fails: an error", func(t *testing.T, c *Connector, d *double) (connector.Reply, string) {
			if _, err := c.Verify(context.Background()); err != nil {
				t.Fatal(err)
			}
			d.Fail(connectortest.RateLimited)
			return lostDM(tricky), ""
		}, kind(connector.RateLimited)},
		{"DM: more DMs since than the bound covers: cannot tell", func(t *testing.T, c *Connector, d *double) (connector.Reply, string) {
			for range findDMPages*dmPage + 1 {
				d.dm(ben, own, "hello?")
			}
			return lostDM(tricky), ""
		}, kind(connector.Permanent)},
		{"refused locally: never sent, no request", func(t *testing.T, c *Connector, d *double) (connector.Reply, string) {
			d.Fail(connectortest.ServerError) // any request would fail
			return lostPublic(strings.Repeat("a", MaxLength+1)), ""
		}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, d := setup(t)
			r, want := tc.arrange(t, c, d)
			got, found, err := c.FindSent(context.Background(), r)
			if tc.errKind != nil {
				ce, ok := connector.Classify(err)
				if !ok || ce.Kind != *tc.errKind || found {
					t.Fatalf("FindSent = %+v, %v, %v; want a %v error", got, found, err, *tc.errKind)
				}
				if ce.Kind == connector.Permanent && !strings.Contains(ce.Message, "check the conversation on X") {
					t.Errorf("message %q does not tell the user what to do", ce.Message)
				}
				return
			}
			if err != nil {
				t.Fatalf("FindSent: %v", err)
			}
			if found != (want != "") || got.RemoteID != want {
				t.Fatalf("FindSent = %+v, found %v; want %q", got, found, want)
			}
			if found && got.SentAt.IsZero() {
				t.Error("found without the time X has for it")
			}
		})
	}
}

func TestComparable(t *testing.T) {
	same := [][2]string{
		{"see example.com/x.", "@ana_k see https://t.co/Ab00000001."},
		{"Café  ok\n", "Cafe\u0301 ok"},
		{"(https://a.example.org/x)", "(https://t.co/z)"},
	}
	for _, s := range same {
		if comparable(s[0]) != comparable(s[1]) {
			t.Errorf("%q and %q differ: %q, %q", s[0], s[1], comparable(s[0]), comparable(s[1]))
		}
	}
	if comparable("thanks see example.com") == comparable("thanks") || comparable("a b") == comparable("ab") {
		t.Error("different texts compare equal")
	}
}
