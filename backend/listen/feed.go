package listen

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"

	"careinbox/backend/connector"
)

// maxFeedBytes caps a feed's body: a feed is a page of entries, not an archive.
const maxFeedBytes = 4 << 20

// feedAnswer is one conditional GET of a feed.
type feedAnswer struct {
	NotModified  bool // 304: nothing new, the validators stand
	ETag         string
	LastModified string
	Items        []*gofeed.Item
	Title        string
	// RetryAfter is what the server asked for on 429/503 (zero: not said).
	RetryAfter time.Duration
}

// fetchFeed asks for a feed with the validators of the last answer
// (If-None-Match, If-Modified-Since), so an unchanged feed costs the
// publisher one small 304. Failures are connector errors: a 5xx or 429 is
// temporary, a 4xx, an HTML page or an unreadable body permanent (shown
// on that search's source only).
func fetchFeed(ctx context.Context, hc *http.Client, feedURL, etag, lastModified string) (feedAnswer, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, feedURL, nil)
	if err != nil {
		return feedAnswer{}, connector.Errorf(connector.Permanent, err, "%q is not a feed address", feedURL)
	}
	req.Header.Set("User-Agent", "CareInbox-Listening/1 (+https://careinbox.app)")
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return feedAnswer{}, connector.Errorf(connector.Temporary, err, "the feed at %s could not be reached", host(feedURL))
	}
	defer resp.Body.Close()
	ans := feedAnswer{ETag: etag, LastModified: lastModified}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		ans.NotModified = true
		return ans, nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		ce := connector.Errorf(connector.Temporary, fmt.Errorf("status %d", resp.StatusCode),
			"the feed at %s answered %d; Care Inbox will try again later", host(feedURL), resp.StatusCode)
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
			ce.Kind, ce.RetryAt = connector.RateLimited, time.Now().Add(time.Duration(s)*time.Second)
		}
		return ans, ce
	case resp.StatusCode != http.StatusOK:
		return ans, connector.Errorf(connector.Permanent, fmt.Errorf("status %d", resp.StatusCode),
			"the feed at %s answered %d: check the address", host(feedURL), resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxFeedBytes+1))
	if err != nil {
		return ans, connector.Errorf(connector.Temporary, err, "the feed at %s broke off", host(feedURL))
	}
	if len(body) > maxFeedBytes {
		return ans, connector.Errorf(connector.Permanent, nil, "the feed at %s is larger than %d MB", host(feedURL), maxFeedBytes>>20)
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		msg := "the address %s does not return an RSS or Atom feed that Care Inbox can read"
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) && looksHTML(body) {
			msg = "the address %s returns a web page, not a feed: look on that page for its RSS or Atom link"
		}
		return ans, connector.Errorf(connector.Permanent, err, msg, host(feedURL))
	}
	ans.ETag, ans.LastModified = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	ans.Items, ans.Title = f.Items, f.Title
	return ans, nil
}

func looksHTML(b []byte) bool {
	head := strings.ToLower(string(b[:min(len(b), 512)]))
	return strings.Contains(head, "<html") || strings.Contains(head, "<!doctype html")
}

func host(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Host
	}
	return raw
}

// plainText turns a feed entry's HTML into text: tags dropped, entities
// decoded. The result is shown as text, never as markup.
func plainText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.TrimSpace(s)
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0
	for {
		switch tt := z.Next(); tt {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			if n := string(name); n == "script" || n == "style" {
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			}
			b.WriteByte(' ')
		}
	}
}

// safeLink keeps only http(s) links.
func safeLink(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return ""
	}
	return u.String()
}
