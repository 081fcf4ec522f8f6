package bluesky

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"
)

// overlap is how far before the newest notification seen a fetch still
// looks. The AppView lists notifications by the earlier of the post's
// createdAt and the time it indexed the post, so a post from a phone whose
// clock is slow, or one indexed late, is listed below notifications we
// already have: a cursor that stops at the newest one seen would skip it
// for good. Within the window, notifications are told apart by URI.
const overlap = 24 * time.Hour

// maxSeen bounds the cursor: the newest maxSeen URIs in the window are
// remembered (a busy account's older ones are simply delivered again, which
// the store's natural keys make harmless).
const maxSeen = 2000

// notifCursor is the notifications stream's position. Serialized as JSON;
// an older cursor, a bare RFC 3339 time, reads as Newest with nothing seen.
type notifCursor struct {
	// Newest is the latest indexedAt seen.
	Newest time.Time `json:"newest"`
	// Seen maps a short hash of each URI delivered within the overlap
	// window to its indexedAt (Unix seconds), so it can be pruned.
	Seen map[string]int64 `json:"seen,omitempty"`
	// Resume is the API cursor to page on from when the last fetch stopped
	// at maxPages before reaching the window's start.
	Resume string `json:"resume,omitempty"`
}

func parseNotifCursor(s string) (notifCursor, error) {
	c := notifCursor{Seen: map[string]int64{}}
	if s == "" {
		return c, nil
	}
	if !strings.HasPrefix(s, "{") {
		t, err := time.Parse(time.RFC3339Nano, s)
		c.Newest = t
		return c, err
	}
	if err := json.Unmarshal([]byte(s), &c); err != nil {
		return c, err
	}
	if c.Seen == nil {
		c.Seen = map[string]int64{}
	}
	return c, nil
}

// floor is the oldest indexedAt a fetch still reads.
func (c notifCursor) floor() time.Time {
	if c.Newest.IsZero() {
		return time.Time{}
	}
	return c.Newest.Add(-overlap)
}

func uriKey(uri string) string {
	h := sha256.Sum256([]byte(uri))
	return base64.RawURLEncoding.EncodeToString(h[:9])
}

func (c notifCursor) seen(uri string) bool {
	_, ok := c.Seen[uriKey(uri)]
	return ok
}

func (c *notifCursor) mark(uri string, at time.Time) {
	c.Seen[uriKey(uri)] = at.Unix()
	if at.After(c.Newest) {
		c.Newest = at
	}
}

// encode prunes what fell out of the window (and the oldest beyond
// maxSeen) and serializes the cursor.
func (c notifCursor) encode() string {
	floor := c.floor().Unix()
	for k, at := range c.Seen {
		if at < floor {
			delete(c.Seen, k)
		}
	}
	for len(c.Seen) > maxSeen {
		oldest, ok := "", int64(0)
		for k, at := range c.Seen {
			if oldest == "" || at < ok || at == ok && k < oldest {
				oldest, ok = k, at
			}
		}
		delete(c.Seen, oldest)
	}
	c.Newest = c.Newest.UTC()
	b, _ := json.Marshal(c)
	return string(b)
}
