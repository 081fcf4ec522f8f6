package clientreport

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

//go:embed report.html.tmpl
var pageTemplate string

// page is parsed once per call: a template is cheap to parse and keeping
// none around means no package state.
func page() (*template.Template, error) {
	return template.New("report").Parse(pageTemplate)
}

// fontFaces embeds Go Regular and Go Bold as data: URLs, the only fonts the
// page's Content-Security-Policy allows. The bytes are ours (base64 of the
// font files), so the CSS is marked safe rather than filtered.
func fontFaces() template.CSS {
	face := func(weight string, ttf []byte) string {
		return fmt.Sprintf("@font-face { font-family: Go; font-style: normal; font-weight: %s; src: url(data:font/ttf;base64,%s) format(\"truetype\"); }\n",
			weight, base64.StdEncoding.EncodeToString(ttf))
	}
	return template.CSS(face("normal", goregular.TTF) + face("bold", gobold.TTF))
}

type htmlChart struct {
	chart
	SVG template.HTML
}

// HTML writes d as one self-contained page: no script, no external
// resource, every name escaped and isolated for bidirectional text.
func HTML(w io.Writer, d Doc) error {
	t, err := page()
	if err != nil {
		return fmt.Errorf("client report page: %w", err)
	}
	v := newView(d)
	charts := make([]htmlChart, 0, len(v.Charts))
	for _, c := range v.Charts {
		// The SVG is built from numbers and escaped text (shapes.go).
		charts = append(charts, htmlChart{chart: c, SVG: template.HTML(c.Drawing.svg(c.ID, c.Title, c.Desc))})
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, struct {
		V      view
		Fonts  template.CSS
		Charts []htmlChart
	}{v, fontFaces(), charts}); err != nil {
		return fmt.Errorf("client report page: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("client report page: %w", err)
	}
	return nil
}
