package clientreport

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"careinbox/backend/report"
)

const csp = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:">`

func renderHTML(t *testing.T, d Doc) string {
	t.Helper()
	var buf bytes.Buffer
	if err := HTML(&buf, d); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestHTMLIsSelfContainedAndSafe renders hostile and right-to-left names and
// checks the page can load nothing, run nothing and show every section.
func TestHTMLIsSelfContainedAndSafe(t *testing.T) {
	empty := busyDoc("Brightside Bakery", 0)
	empty.Report.Current.Breaches = nil
	nothing := Doc{Client: "Quiet Co", Report: report.Report{Period: empty.Report.Period, Previous: empty.Report.Previous, Zone: "UTC"}}
	several := busyDoc("All clients", 3)
	several.Promise, several.Hours, several.Closures = nil, nil, nil
	for _, tc := range []struct {
		name     string
		doc      Doc
		contains []string
		rows     int // breaches listed
	}{
		{"busy month", busyDoc("Acme & Söhne GmbH", 600), []string{
			"Acme &amp; Söhne GmbH", "1–30 November 2026", "2–31 October 2026", "Europe/Berlin",
			"1234", "1100", "&#43;134", // html/template writes + as &#43;
			"23 min", "29 min", "−6 min", "1 h 11 min", "5 h 12 min",
			"83.3 % (1000 of 1200)", "90.0 %", "−6.7 pts", "66.7 % (800 of 1200)",
			"within 1 h", "within 30 min", "in staffed hours", "Monday–Friday: 09:00–17:00", "Saturday, Sunday: closed",
			"600 responses missed the published promise", "… and 400 more",
			"<bdi>" + rtlName + "</bdi>", "<bdi>&lt;img src=x onerror=alert(1)&gt;</bdi>", "5 d, unanswered",
			"Resolution time", "1 d 2 h", "1100 resolved this period, 0 the period before",
			"How long first responses took", "First response by hour of day", "Open conversations over time",
			"Open conversations at the start of each day", "Mon 2 Nov 2026 00:00",
			`<th scope="row"><bdi>@askacme</bdi></th><td class="n">1000</td><td class="n">990</td><td class="n">100</td><td class="n">22 min</td><td class="n">84.1 %</td><td class="n">250</td>`,
			`<th scope="row"><bdi>E-mail</bdi></th><td class="n">234</td><td class="n">210</td><td class="n">34</td><td class="n">—</td><td class="n">—</td><td class="n">0</td>`,
		}, MaxBreaches},
		{"hostile client name", busyDoc(hostile, 2), []string{"<h1><bdi>&lt;img src=x onerror=alert(1)&gt;</bdi></h1>",
			"<title>Service report — &lt;img src=x onerror=alert(1)&gt; — 1–30 November 2026</title>", "2 responses missed"}, 2},
		{"no breaches", empty, []string{"No response missed the published promise in this period."}, 0},
		{"nothing at all", nothing, []string{"Quiet Co", "No response missed the published promise in this period.",
			"No response had a known outcome in this period."}, 0},
		{"several clients", several, []string{"this report covers several clients", "3 responses missed"}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := renderHTML(t, tc.doc)
			if !strings.Contains(page, csp) {
				t.Error("the Content-Security-Policy meta is missing")
			}
			if len(page) > 1<<20 {
				t.Errorf("page is %d bytes, want under 1 MB", len(page))
			}
			for _, s := range tc.contains {
				if !strings.Contains(page, s) {
					t.Errorf("page lacks %q", s)
				}
			}
			for _, sec := range newView(tc.doc).Sections {
				for _, r := range sec.Rows {
					want := `<tr><th scope="row">` + r.Label + `</th><td class="n">` + html.EscapeString(r.Current) + `</td><td class="n">` +
						html.EscapeString(r.Previous) + `</td><td class="n">` + strings.ReplaceAll(html.EscapeString(r.Change), "+", "&#43;") + `</td></tr>`
					if !strings.Contains(page, want) {
						t.Errorf("page lacks the row %s", want)
					}
				}
			}
			lower := strings.ToLower(page)
			for _, bad := range []string{"http://", "https://", "<script", "<img", "<link", "<iframe", "<object", "<embed", "javascript:", "@import"} {
				if strings.Contains(lower, bad) {
					t.Errorf("page contains %q", bad)
				}
			}
			for _, m := range regexp.MustCompile(`url\(([^)]{0,40})`).FindAllStringSubmatch(page, -1) {
				if !strings.HasPrefix(m[1], "data:font/ttf;base64,") {
					t.Errorf("url(%s…) is not an embedded font", m[1])
				}
			}
			if n := strings.Count(page, "src: url(data:font/ttf;base64,"); n != 2 {
				t.Errorf("%d embedded fonts, want Go Regular and Go Bold", n)
			}
			checkStructure(t, page, tc.rows, tc.doc.Report.Current.FirstResponse.Count > 0)
		})
	}
}

// checkStructure parses the page: every section is there, every chart is an
// SVG with a title and a description and a data table beside it, and the
// breaches table has rows rows. full: the report has answers, so every
// chart and table is there; else only those that need none.
func checkStructure(t *testing.T, page string, rows int, full bool) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]*html.Node{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for _, a := range n.Attr {
			if a.Key == "id" {
				ids[a.Val] = n
			}
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("<%s> has an event handler %s", n.Data, a.Key)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	want := []string{"promise", "figures", "charts", "chart-targets", "chart-heat", "breaches"}
	if full {
		want = append(want, "chart-distribution", "chart-by-hour", "chart-backlog", "table-handles", "table-networks")
	}
	for _, id := range want {
		if ids[id] == nil {
			t.Errorf("section #%s is missing", id)
		}
	}
	charts := 0
	for id, fig := range ids {
		if !strings.HasPrefix(id, "chart-") {
			continue
		}
		charts++
		svg, tbl := child(fig, "svg"), child(fig, "table")
		if svg == nil || child(svg, "title") == nil || child(svg, "desc") == nil {
			t.Errorf("%s: no SVG with a title and a description", id)
		}
		if tbl == nil || child(tbl, "caption") == nil {
			t.Errorf("%s: no data table beside the chart", id)
		}
		if svg != nil {
			s := render(t, svg)
			if strings.Count(s, "<rect")+strings.Count(s, "<polygon")+strings.Count(s, "<polyline") < 2 {
				t.Errorf("%s: the SVG draws almost nothing", id)
			}
		}
	}
	if wantCharts := strings.Count(strings.Join(want, " "), "chart-"); charts != wantCharts {
		t.Errorf("%d charts, want %d", charts, wantCharts)
	}
	if b := ids["breaches"]; b != nil {
		n := 0
		if tbl := child(b, "table"); tbl != nil {
			if body := child(tbl, "tbody"); body != nil {
				for c := body.FirstChild; c != nil; c = c.NextSibling {
					if c.Type == html.ElementNode && c.Data == "tr" {
						n++
					}
				}
			}
		}
		if n != rows {
			t.Errorf("%d breaches listed, want %d", n, rows)
		}
	}
}

func child(n *html.Node, tag string) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == tag {
			return c
		}
	}
	return nil
}

func render(t *testing.T, n *html.Node) string {
	var b bytes.Buffer
	if err := html.Render(&b, n); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestDurText(t *testing.T) {
	for _, tc := range []struct {
		sec  int64
		want string
	}{{0, "0 s"}, {45, "45 s"}, {60, "1 min"}, {3599, "59 min"}, {3600, "1 h"}, {3900, "1 h 05 min"}, {86400, "1 d"}, {90000, "1 d 1 h"}} {
		if got := durText(secs(tc.sec)); got != tc.want {
			t.Errorf("durText(%d s) = %q, want %q", tc.sec, got, tc.want)
		}
	}
}
