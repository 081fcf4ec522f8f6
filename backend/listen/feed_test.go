package listen

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"careinbox/backend/store"
)

const rss2 = `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Reviews</title><link>https://reviews.example/</link><description>d</description>
<item><title>Acme bag review</title><link>https://reviews.example/1</link><guid>r1</guid>
<description>&lt;p&gt;The &lt;b&gt;Acme&lt;/b&gt; strap broke after a week&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</description>
<pubDate>Tue, 01 Dec 2026 09:00:00 GMT</pubDate></item>
<item><title>Other brand</title><link>https://reviews.example/2</link><guid>r2</guid><description>nothing to see</description></item>
<item><title>Acme again</title><link>javascript:alert(1)</link><guid>r3</guid><description>acme is fine</description></item>
</channel></rss>`

const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Forum</title><id>urn:forum</id><updated>2026-12-01T09:00:00Z</updated>
<entry><title>Anyone else with Acme?</title><id>urn:forum:1</id><link href="https://forum.example/t/1"/>
<updated>2026-12-01T08:00:00Z</updated><author><name>Pat</name></author><summary>my acme order is late</summary></entry>
</feed>`

// feedServer serves each path's body with an ETag, answers 304 to a
// matching If-None-Match, and counts requests and the 304s.
type feedServer struct {
	mu       sync.Mutex
	bodies   map[string]string
	status   map[string]int
	requests map[string]int
	notMod   map[string]int
	srv      *httptest.Server
}

func newFeedServer(t *testing.T) *feedServer {
	fs := &feedServer{bodies: map[string]string{}, status: map[string]int{}, requests: map[string]int{}, notMod: map[string]int{}}
	fs.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fs.mu.Lock()
		defer fs.mu.Unlock()
		fs.requests[r.URL.Path]++
		if st := fs.status[r.URL.Path]; st != 0 {
			w.WriteHeader(st)
			fmt.Fprint(w, "<html><body>Internal error</body></html>")
			return
		}
		body := fs.bodies[r.URL.Path]
		etag := fmt.Sprintf(`"%d"`, len(body))
		if r.Header.Get("If-None-Match") == etag {
			fs.notMod[r.URL.Path]++
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", "Tue, 01 Dec 2026 09:00:00 GMT")
		fmt.Fprint(w, body)
	}))
	t.Cleanup(fs.srv.Close)
	return fs
}

func TestFeeds(t *testing.T) {
	f := newFixture(t)
	fs := newFeedServer(t)
	fs.bodies["/rss"] = rss2
	fs.bodies["/atom"] = atom
	fs.bodies["/broken"] = `<?xml version="1.0"?><rss version="2.0"><channel><item><title>Acme`
	fs.bodies["/page"] = `<!DOCTYPE html><html><head><title>Acme shop</title></head><body>acme</body></html>`
	fs.status["/down"] = 500
	delete(f.conns, f.masto.ID) // feeds only; the handle's search fails on its own
	ls := f.search(t, store.ListenSearch{Terms: []string{"acme"}, Feeds: []string{
		fs.srv.URL + "/rss", fs.srv.URL + "/atom", fs.srv.URL + "/broken", fs.srv.URL + "/page", fs.srv.URL + "/down"}})

	found, err := f.svc.RunOnce(f.ctx, f.conns)
	if err != nil {
		t.Fatal(err)
	}
	if found[0].New != 3 {
		t.Fatalf("found %d new, want 3 (two RSS items, one Atom entry): %+v", found[0].New, found[0])
	}
	rs, _ := f.svc.Results(f.ctx, store.ListenFilter{SearchID: ls.ID})
	byText := map[string]store.ListenResult{}
	for _, r := range rs {
		byText[r.Text] = r
	}
	review, ok := byText["Acme bag review\nThe Acme strap broke after a week"]
	if !ok {
		t.Fatalf("results = %q: want the RSS item as plain text without its script", texts(rs))
	}
	if review.URL != "https://reviews.example/1" || review.Network != NetworkFeed || review.HandleID != 0 || review.PostedAt.Hour() != 9 {
		t.Errorf("RSS result = %+v", review)
	}
	if r := byText["Acme again\nacme is fine"]; r.ID == 0 || r.URL != "" {
		t.Errorf("a javascript: link was kept: %+v", r)
	}
	if r := byText["Anyone else with Acme?\nmy acme order is late"]; r.URL != "https://forum.example/t/1" || r.Author.DisplayName != "Pat" {
		t.Errorf("Atom result = %+v", r)
	}

	srcs, _ := f.st.ListenSources(f.ctx, ls.ID)
	errs := map[string]string{}
	for _, s := range srcs {
		errs[strings.TrimPrefix(s.Source, "feed:"+fs.srv.URL)] = s.LastError
	}
	if errs["/rss"] != "" || errs["/atom"] != "" {
		t.Errorf("healthy feeds carry errors: %q", errs)
	}
	for path, want := range map[string]string{"/broken": "does not return an RSS or Atom feed", "/page": "returns a web page",
		"/down": "answered 500"} {
		if !strings.Contains(errs[path], want) {
			t.Errorf("%s: error %q, want %q", path, errs[path], want)
		}
	}

	// Next run: the feeds answer 304 to the stored ETag, nothing is read twice.
	if err := f.st.ScheduleListenSearch(f.ctx, ls.ID, f.now); err != nil {
		t.Fatal(err)
	}
	found, _ = f.svc.RunOnce(f.ctx, f.conns)
	if found[0].New != 0 || fs.notMod["/rss"] != 1 || fs.notMod["/atom"] != 1 {
		t.Fatalf("second run: %d new, 304s %v: want 0 new and a 304 from each feed", found[0].New, fs.notMod)
	}
	srcs, _ = f.st.ListenSources(f.ctx, ls.ID)
	for _, s := range srcs {
		if strings.HasSuffix(s.Source, "/rss") && (s.ETag == "" || s.LastModified == "" || s.Errors != 0) {
			t.Errorf("after a 304 the validators must stand: %+v", s)
		}
	}
}

func TestFeedIntervalIsPolite(t *testing.T) {
	f := newFixture(t)
	fs := newFeedServer(t)
	fs.bodies["/rss"] = rss2
	ls := f.search(t, store.ListenSearch{Terms: []string{"acme"}, Feeds: []string{fs.srv.URL + "/rss"}})
	if _, err := f.svc.RunOnce(f.ctx, f.conns); err != nil {
		t.Fatal(err)
	}
	srcs, _ := f.st.ListenSources(f.ctx, ls.ID)
	for _, s := range srcs {
		if s.FeedURL != "" && s.NextRunAt.Sub(f.now) < FeedInterval {
			t.Fatalf("feed asked again after %s, want at least %s", s.NextRunAt.Sub(f.now), FeedInterval)
		}
	}
}
