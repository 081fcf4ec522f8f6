package instagram

import (
	"testing"
	"time"

	"careinbox/backend/connector/graph/graphtest"
)

// The double is the Graph API double both Page connectors share
// (graph/graphtest), set up for the Instagram account linked to the page:
// its DMs (platform=instagram) and its media's comments.
type double = graphtest.Server

const (
	pageID   = graphtest.PageID
	igUserID = graphtest.IGUserID
	igName   = graphtest.IGName
	mediaID  = "17900000000000900"
)

var (
	ana   = graphtest.Instagram.Ana
	ben   = graphtest.Instagram.Ben
	brand = graphtest.Instagram.Self
)

func gtime(t time.Time) string { return graphtest.Time(t) }

func newDouble(t *testing.T) *double { return graphtest.New(t, graphtest.Instagram) }

func seed(d *double) {
	d.Media = []map[string]any{{"id": mediaID, "caption": "Our winter collection is here ❄️", "timestamp": gtime(d.Clock),
		"permalink": "https://www.instagram.com/p/DAbCdEfGhIj/"}}
	d.Message(ana, ana, "Hi, where is my order 42?")
	d.Message(brand, ana, "Let me check!")
	top := d.Comment(mediaID, ben, "Do you ship to Portugal?", "")
	d.Comment(mediaID, brand, "@ben_okoro yes we do!", top)
}
