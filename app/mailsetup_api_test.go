package app

import (
	"context"
	"errors"
	"strings"
	"testing"

	"careinbox/backend/autodiscover"
)

type fakeDiscoverer struct {
	res autodiscover.Result
	err error
}

func (f fakeDiscoverer) Discover(context.Context, string) (autodiscover.Result, error) {
	return f.res, f.err
}

func TestDiscoverMail(t *testing.T) {
	ctx := func() context.Context { return context.Background() }
	found := autodiscover.Result{Domain: "shop.example", Problems: []string{"autoconfig unreachable"},
		Found: []autodiscover.Found{{Source: "srv", Provider: "shop.example", IMAP: autodiscover.Server{Host: "mail.shop.example", Port: 993, Security: autodiscover.SecurityTLS}}}}
	for _, tc := range []struct {
		name    string
		d       fakeDiscoverer
		found   int
		wantErr string
	}{
		{"found", fakeDiscoverer{res: found}, 1, ""},
		{"nothing reachable still answers", fakeDiscoverer{res: autodiscover.Result{Domain: "x.example", Problems: []string{"dns"}}}, 0, ""},
		{"bad address", fakeDiscoverer{err: autodiscover.ErrAddress}, 0, "whole e-mail address"},
		{"other error", fakeDiscoverer{err: errors.New("boom")}, 0, "boom"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := &HandlesAPI{ctx: ctx, discover: tc.d}
			got, err := a.DiscoverMail("help@shop.example")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if err != nil || len(got.Found) != tc.found || got.Found == nil || got.Problems == nil {
				t.Fatalf("got %+v, %v", got, err)
			}
			if tc.found == 1 && (got.Found[0].IMAP != MailServerDTO{"mail.shop.example", 993, "tls"}) {
				t.Errorf("imap = %+v", got.Found[0].IMAP)
			}
		})
	}
	presets := (&HandlesAPI{ctx: ctx}).MailPresets()
	if len(presets) < 5 || presets[0].ID != "gmail" || len(presets[0].AppPassword) == 0 {
		t.Errorf("presets = %+v", presets)
	}
}
