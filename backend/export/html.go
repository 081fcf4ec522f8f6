package export

import (
	"html/template"
	"io"
	"regexp"
	"strings"

	"careinbox/backend/store"
)

// The transcript is one self-contained page: inline CSS, no script, a CSP
// that allows nothing else, every name and text escaped by html/template and
// isolated for bidirectional text (<bdi>, dir="auto"), and links only for
// http(s) URLs found in the text. It is written in pieces (head, each
// conversation's header, each message) so it streams.
const htmlPieces = `
{{define "begin"}}<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Care Inbox export, schema {{.Version}}">
<title>{{.Title}}</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; color: #1b1f24; background: #fff; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
header.top { border-bottom: 2px solid #1b1f24; margin-bottom: 1.5rem; }
h1 { font-size: 1.4rem; margin: 0 0 .3rem; }
h2 { font-size: 1.1rem; margin: 0 0 .2rem; }
.meta { color: #57606a; font-size: .85rem; }
section.conv { border: 1px solid #d0d7de; border-radius: 6px; padding: 1rem; margin: 0 0 1.5rem; page-break-inside: avoid; }
.msg { margin: .8rem 0; padding: .5rem .75rem; border-radius: 6px; background: #f6f8fa; }
.msg.out { background: #ddf4ff; margin-left: 2rem; }
.msg.in { margin-right: 2rem; }
.note { background: #fff8c5; border-left: 4px solid #d4a72c; margin: .8rem 0; padding: .5rem .75rem; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; margin: .3rem 0 0; }
a { color: #0969da; }
@media print { body { margin: 0; } }
</style>
</head>
<body>
<header class="top"><h1><bdi>{{.Title}}</bdi></h1>
<p class="meta">Exported from Care Inbox on {{.At}}{{if .Notes}} · includes internal notes{{end}}</p></header>
{{end}}
{{define "conv"}}<section class="conv">
<h2 dir="auto">{{if .Subject}}{{.Subject}}{{else}}Conversation {{.ID}}{{end}}</h2>
<p class="meta"><bdi>{{.CustomerName}}</bdi>{{if .CustomerUsername}} (<bdi>{{.CustomerUsername}}</bdi>){{end}} · <bdi>{{.HandleName}}</bdi> on {{.Network}} · <bdi>{{.ClientName}}</bdi> · {{.Kind}} · {{.Status}}{{if .Tags}} · tags: {{range $i, $t := .Tags}}{{if $i}}, {{end}}<bdi>{{$t}}</bdi>{{end}}{{end}}</p>
{{end}}
{{define "msg"}}<article class="msg {{.Dir}}">
<div class="meta"><bdi>{{.Author}}</bdi> · <time datetime="{{.At}}">{{.At}}</time>{{if .Delivery}} · {{.Delivery}}{{end}}</div>
<p class="text" dir="auto">{{range .Parts}}{{if .URL}}<a href="{{.URL}}" rel="noopener noreferrer nofollow">{{.Text}}</a>{{else}}{{.Text}}{{end}}{{end}}</p>
</article>
{{end}}
{{define "note"}}<aside class="note">
<div class="meta">Internal note · <bdi>{{.Author}}</bdi> · <time datetime="{{.At}}">{{.At}}</time></div>
<p class="text" dir="auto">{{.Text}}</p>
</aside>
{{end}}
{{define "endconv"}}</section>
{{end}}
{{define "end"}}<footer class="meta">{{.}} conversation(s).</footer>
</body>
</html>
{{end}}`

type htmlWriter struct {
	w     io.Writer
	t     *template.Template
	convs int
}

func newHTML(w io.Writer) *htmlWriter {
	return &htmlWriter{w: w, t: template.Must(template.New("export").Parse(htmlPieces))}
}

func (h *htmlWriter) begin(hd header) error {
	return h.t.ExecuteTemplate(h.w, "begin", map[string]any{"Title": hd.Title, "At": stamp(hd.ExportedAt),
		"Notes": hd.Notes, "Version": SchemaVersion})
}

func (h *htmlWriter) conversation(c store.ExportConversation) error {
	h.convs++
	return h.t.ExecuteTemplate(h.w, "conv", c)
}

// part is a run of a message's text: plain, or an http(s) link.
type part struct {
	Text string
	URL  string
}

// linkRE finds http(s) URLs; any other scheme (javascript:, data:, file:)
// stays text. html/template still checks each href.
var linkRE = regexp.MustCompile(`(?i)\bhttps?://[^\s<>"'\x60]+`)

func parts(s string) []part {
	var out []part
	last := 0
	for _, loc := range linkRE.FindAllStringIndex(s, -1) {
		url := strings.TrimRight(s[loc[0]:loc[1]], ".,;:!?)]}")
		end := loc[0] + len(url)
		if loc[0] > last {
			out = append(out, part{Text: s[last:loc[0]]})
		}
		out = append(out, part{Text: url, URL: url})
		last = end
	}
	if last < len(s) {
		out = append(out, part{Text: s[last:]})
	}
	return out
}

func (h *htmlWriter) message(m store.ExportMessage) error {
	dir := "in"
	if m.Direction == "out" {
		dir = "out"
	}
	return h.t.ExecuteTemplate(h.w, "msg", map[string]any{"Dir": dir, "Author": m.AuthorName, "At": stamp(m.SentAt),
		"Delivery": m.Delivery, "Parts": parts(m.Text)})
}

func (h *htmlWriter) notes(ns []store.ExportNote) error {
	for _, n := range ns {
		if err := h.t.ExecuteTemplate(h.w, "note", map[string]any{"Author": n.Author, "At": stamp(n.CreatedAt), "Text": n.Text}); err != nil {
			return err
		}
	}
	return nil
}

func (h *htmlWriter) endConversation() error { return h.t.ExecuteTemplate(h.w, "endconv", nil) }

func (h *htmlWriter) end() error { return h.t.ExecuteTemplate(h.w, "end", h.convs) }
