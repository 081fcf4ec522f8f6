package x

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// The double's side of FindSent: the account's own posts and the DM
// conversation lookup, shown as X shows them.

// ownPost records a post of the account in its timeline, as X stores it.
func (d *double) ownPost(id, text, replyTo string) {
	d.clock = d.clock.Add(time.Minute)
	p := map[string]any{"id": id, "author_id": ownID, "created_at": d.clock.Format(time.RFC3339),
		"conversation_id": id, "edit_history_post_ids": []any{id}}
	mention := ""
	if replyTo != "" {
		p["referenced_posts"] = []any{map[string]any{"type": "replied_to", "id": replyTo}}
		for _, m := range d.mentions {
			if m["id"] == replyTo {
				p["conversation_id"] = m["conversation_id"]
				for _, u := range []map[string]any{ana, ben} {
					if u["id"] == m["author_id"] {
						mention = u["username"].(string)
					}
				}
			}
		}
	}
	p["text"] = asX(text, mention)
	d.timeline = append([]map[string]any{p}, d.timeline...)
}

// doubleLink is what the double shortens: X leaves trailing punctuation out.
var doubleLink = regexp.MustCompile(`https?://[^\s]*[^\s.,!?]|\b(?:[a-z0-9-]+\.)+(?:com|shop)\b(?:/[^\s]*[^\s.,!?])?`)

// asX is text as X stores it: the replied-to author's @mention put in
// front of a reply, & < > escaped, every link shortened to t.co.
func asX(text, mention string) string {
	text = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(text)
	n := 0
	text = doubleLink.ReplaceAllStringFunc(text, func(string) string { n++; return fmt.Sprintf("https://t.co/Ab%08d", n) })
	if mention != "" {
		text = "@" + mention + " " + text
	}
	return text
}

// lost answers a write that X carried out with a 503, once.
func (d *double) lost(w http.ResponseWriter) bool {
	if !d.lose {
		return false
	}
	d.lose = false
	writeJSON(w, 503, map[string]any{"code": 130, "message": "Over capacity"})
	return true
}

// listOwnPosts answers GET /2/users/{id}/tweets: the account's posts newer
// than since_id, newest first.
func (d *double) listOwnPosts(w http.ResponseWriter, q url.Values) {
	var list []map[string]any
	for _, p := range d.timeline {
		if s := q.Get("since_id"); s == "" || newer(p["id"].(string), s) {
			list = append(list, p)
		}
	}
	data, next := page(list, q, 10)
	out := map[string]any{"meta": map[string]any{"result_count": len(data)}}
	if len(data) > 0 {
		out["data"] = data
		out["meta"].(map[string]any)["newest_id"] = data[0]["id"]
		out["meta"].(map[string]any)["oldest_id"] = data[len(data)-1]["id"]
	}
	if next != "" {
		out["meta"].(map[string]any)["next_token"] = next
	}
	writeJSON(w, 200, out)
}

// listConversation answers GET /2/dm_conversations/with/{id}/dm_events:
// the account's DM events with that participant, newest first.
func (d *double) listConversation(w http.ResponseWriter, q url.Values, participant string) {
	var list []map[string]any
	for _, e := range d.dms {
		for _, p := range e["participant_ids"].([]any) {
			if p == participant {
				list = append(list, e)
			}
		}
	}
	data, next := page(list, q, 100)
	out := map[string]any{"meta": map[string]any{"result_count": len(data)}}
	if len(data) > 0 {
		out["data"] = data
	}
	if next != "" {
		out["meta"].(map[string]any)["next_token"] = next
	}
	writeJSON(w, 200, out)
}

// requested drops the fields X sends only when asked for (entities) from
// posts whose request did not name them, so a test notices a field the
// connector relies on but forgot to request.
func requested(list []map[string]any, q url.Values) []map[string]any {
	if slices.Contains(strings.Split(q.Get("post.fields"), ","), "entities") {
		return list
	}
	out := make([]map[string]any, len(list))
	for i, p := range list {
		out[i] = maps.Clone(p)
		delete(out[i], "entities")
		if n, ok := p["note_post"].(map[string]any); ok {
			n = maps.Clone(n)
			delete(n, "entities")
			out[i]["note_post"] = n
		}
	}
	return out
}
