package clientreport

import "testing"

func TestFileName(t *testing.T) {
	for _, tc := range []struct{ client, first, last, ext, want string }{
		{"Acme & Söhne GmbH", "2026-11-01", "2026-11-30", "pdf", "care-report-acme-söhne-gmbh-2026-11-01-to-2026-11-30.pdf"},
		{"../../etc/passwd", "2026-11-01", "2026-11-30", "html", "care-report-etc-passwd-2026-11-01-to-2026-11-30.html"},
		{hostile, "2026-11-01", "2026-11-30", "pdf", "care-report-img-src-x-onerror-alert-1-2026-11-01-to-2026-11-30.pdf"},
		{"evil\u202egpj.exe", "x/../y", "2026-11-30", "p/df", "care-report-evil-gpj-exe-x-y-to-2026-11-30.p-df"},
		{"", "", "", "", "care-report-report-from-to-to.txt"},
		{"A very long client name that goes on and on and on", "2026-11-01", "2026-11-30", "pdf",
			"care-report-a-very-long-client-name-that-goes-on-and-2026-11-01-to-2026-11-30.pdf"},
	} {
		if got := FileName(tc.client, tc.first, tc.last, tc.ext); got != tc.want {
			t.Errorf("FileName(%q) = %q, want %q", tc.client, got, tc.want)
		}
	}
}
