package facebook

import (
	"net/http"
	"testing"
	"time"

	"careinbox/backend/connector/graph/graphtest"
)

// The double is the Graph API double both Page connectors share
// (graph/graphtest), set up for the page's Messenger inbox and posts.
type double = graphtest.Server

const pageID = graphtest.PageID

var (
	ana  = graphtest.Messenger.Ana
	ben  = graphtest.Messenger.Ben
	page = graphtest.Messenger.Self
)

func gtime(t time.Time) string { return graphtest.Time(t) }

func newDouble(t *testing.T) *double { return graphtest.New(t, graphtest.Messenger) }

func seed(d *double) {
	d.Posts = []map[string]any{{"id": pageID + "_900", "message": "Our winter sale starts today!", "created_time": gtime(d.Clock)}}
	d.Message(ana, ana, "Hi, where is my order 42?")
	d.Message(page, ana, "Let me check!")
	top := d.Comment(pageID+"_900", ben, "Does the sale include boots?", "")
	d.Comment(pageID+"_900", page, "Yes, all boots!", top)
}

// writeJSON and graphErr answer as Graph does (the login double uses them).
func writeJSON(w http.ResponseWriter, status int, v any) { graphtest.JSON(w, status, v) }

func graphErr(w http.ResponseWriter, status, code, sub int, typ, msg string) {
	graphtest.Error(w, status, code, sub, typ, msg)
}
