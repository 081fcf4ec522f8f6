// Package atprototest drives the real AT Protocol dev network that
// scripts/test-bluesky.sh starts (see ../testdata/atproto/network.mjs): it
// reads the network's ready file and calls its control server, which acts
// for the customers through the official @atproto/api client. Only tests
// built with the atproto tag use it.
package atprototest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"testing"
	"time"
)

// Env names the ready file written by the dev network.
const Env = "CAREINBOX_ATPROTO"

// Account is one account of the network.
type Account struct {
	Handle      string `json:"handle"`
	DID         string `json:"did"`
	Password    string `json:"password"`
	AppPassword string `json:"appPassword"`
}

// Network is the running dev network.
type Network struct {
	PDS      string             `json:"pds"`
	Control  string             `json:"control"`
	Accounts map[string]Account `json:"accounts"`
	t        testing.TB
}

// Open reads the ready file, or skips the test when there is none (run
// scripts/test-bluesky.sh). With CAREINBOX_REQUIRE_ATPROTO=1 a missing
// network fails instead.
func Open(t testing.TB) *Network {
	t.Helper()
	path := os.Getenv(Env)
	if path == "" {
		if os.Getenv("CAREINBOX_REQUIRE_ATPROTO") == "1" {
			t.Fatalf("%s not set: run scripts/test-bluesky.sh", Env)
		}
		t.Skipf("%s not set: run scripts/test-bluesky.sh", Env)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n := &Network{t: t}
	if err := json.Unmarshal(b, n); err != nil {
		t.Fatalf("ready file %s: %v", path, err)
	}
	return n
}

// Post is a post's strong reference.
type Post struct {
	URI string `json:"uri"`
	CID string `json:"cid"`
}

// PostOpts is a customer's post.
type PostOpts struct {
	As        string     `json:"as"` // account name: "ana", "ben"
	Text      string     `json:"text"`
	CreatedAt *time.Time `json:"createdAt,omitempty"` // the author's clock; nil: now
	// CreatedAtRaw, when set, is the createdAt text as is (what another
	// client may write), instead of CreatedAt.
	CreatedAtRaw string `json:"createdAtRaw,omitempty"`
	ReplyTo      string `json:"replyTo,omitempty"`
	// Raw posts the text without detecting facets (to see the PDS judge it).
	Raw bool `json:"raw,omitempty"`
}

// Post publishes a customer's post (facets detected by @atproto/api) and
// waits until the AppView has indexed it.
func (n *Network) Post(o PostOpts) Post {
	n.t.Helper()
	var p Post
	if err := n.Call("/post", o, &p); err != nil {
		n.t.Fatal(err)
	}
	return p
}

// Mention is a mention facet as @atproto/api's RichText reads it.
type Mention struct {
	Text string `json:"text"`
	DID  string `json:"did"`
}

// Link is a link facet as @atproto/api's RichText reads it.
type Link struct {
	Text string `json:"text"`
	URI  string `json:"uri"`
}

// Reply is a reply as the AppView shows it to a customer.
type Reply struct {
	URI       string    `json:"uri"`
	Author    string    `json:"author"`
	Text      string    `json:"text"`
	Graphemes int       `json:"graphemes"`
	Mentions  []Mention `json:"mentions"`
	Links     []Link    `json:"links"`
	// Root and Parent are the record's reply refs.
	Root   string `json:"root"`
	Parent string `json:"parent"`
}

// Replies lists the replies to uri as the account as sees them.
func (n *Network) Replies(as, uri string) []Reply {
	n.t.Helper()
	var out []Reply
	if err := n.Call("/replies", map[string]string{"as": as, "uri": uri}, &out); err != nil {
		n.t.Fatal(err)
	}
	return out
}

// Threadgate gates the thread of as's root post uri: nobody may reply.
func (n *Network) Threadgate(as, uri string) {
	n.t.Helper()
	if err := n.Call("/threadgate", map[string]any{"as": as, "uri": uri, "allow": []any{}}, nil); err != nil {
		n.t.Fatal(err)
	}
}

// NewAccount creates an account name.test (with an app password).
func (n *Network) NewAccount(name string) Account {
	n.t.Helper()
	var a Account
	if err := n.Call("/account", map[string]string{"name": name, "handle": name + ".test"}, &a); err != nil {
		n.t.Fatal(err)
	}
	return a
}

// ExpiredSession returns an access token of the shop that expired a
// minute ago (signed as the PDS signs them) and a valid refresh token.
func (n *Network) ExpiredSession() (access, refresh string) {
	n.t.Helper()
	var out struct{ AccessJwt, RefreshJwt string }
	if err := n.Call("/expired-token", struct{}{}, &out); err != nil {
		n.t.Fatal(err)
	}
	return out.AccessJwt, out.RefreshJwt
}

// Process waits until every service has processed what happened so far.
func (n *Network) Process() {
	n.t.Helper()
	if err := n.Call("/process", struct{}{}, nil); err != nil {
		n.t.Fatal(err)
	}
}

// Call posts in as JSON to a control route and decodes the answer into out.
func (n *Network) Call(route string, in, out any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	resp, err := http.Post(n.Control+route, "application/json", bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("control %s: %w", route, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("control %s: %s: %s", route, resp.Status, body)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(body, out)
}
