package autodiscover

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// fakeDNS is a DNS double: SRV answers by "_service._proto.name".
type fakeDNS struct {
	recs  map[string][]*net.SRV
	fail  error // returned for every name not in recs
	asked []string
}

func (d *fakeDNS) LookupSRV(_ context.Context, service, proto, name string) (string, []*net.SRV, error) {
	key := "_" + service + "._" + proto + "." + name
	d.asked = append(d.asked, key)
	if r, ok := d.recs[key]; ok {
		return key, r, nil
	}
	if d.fail != nil {
		return "", nil, d.fail
	}
	return "", nil, &net.DNSError{Err: "no such host", Name: key, IsNotFound: true}
}

const shopConfig = `<?xml version="1.0"?>
<clientConfig version="1.1">
  <emailProvider id="shop.example">
    <domain>shop.example</domain>
    <displayName>Shop Mail</displayName>
    <incomingServer type="pop3"><hostname>pop.shop.example</hostname><port>995</port><socketType>SSL</socketType></incomingServer>
    <incomingServer type="imap"><hostname>plain.shop.example</hostname><port>143</port><socketType>plain</socketType></incomingServer>
    <incomingServer type="imap"><hostname>imap.shop.example</hostname><port>993</port><socketType>SSL</socketType><username>%EMAILLOCALPART%</username></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.shop.example</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username></outgoingServer>
  </emailProvider>
</clientConfig>`

func TestBestSRV(t *testing.T) {
	for _, tc := range []struct {
		name string
		recs []*net.SRV
		want string
		ok   bool
	}{
		{"lowest priority wins", []*net.SRV{{Target: "b.example.", Port: 993, Priority: 20, Weight: 100}, {Target: "a.example.", Port: 993, Priority: 10}}, "a.example", true},
		{"then the heaviest", []*net.SRV{{Target: "light.example.", Port: 993, Priority: 10, Weight: 1}, {Target: "heavy.example.", Port: 993, Priority: 10, Weight: 60}}, "heavy.example", true},
		{"a dot means not offered", []*net.SRV{{Target: ".", Port: 0}}, "", false},
		{"the dot is skipped, not chosen", []*net.SRV{{Target: ".", Priority: 0}, {Target: "x.example.", Port: 993, Priority: 5}}, "x.example", true},
		{"none", nil, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := bestSRV(tc.recs)
			if ok != tc.ok || (ok && got.Target != tc.want) {
				t.Errorf("bestSRV = %+v, %v; want %q, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestParseAutoconfig(t *testing.T) {
	for _, tc := range []struct {
		name    string
		body    string
		want    Found
		wantErr string
	}{
		{"skips POP and plain text", shopConfig, Found{Source: "autoconfig", Provider: "Shop Mail",
			IMAP: Server{"imap.shop.example", 993, SecurityTLS}, SMTP: Server{"smtp.shop.example", 587, SecurityStartTLS}, Username: "help"}, ""},
		{"only plain text", `<clientConfig><emailProvider><incomingServer type="imap"><hostname>h</hostname><port>143</port><socketType>plain</socketType></incomingServer></emailProvider></clientConfig>`,
			Found{}, "no encrypted IMAP"},
		{"bad port", `<clientConfig><emailProvider><incomingServer type="imap"><hostname>h</hostname><port>99999</port><socketType>SSL</socketType></incomingServer></emailProvider></clientConfig>`,
			Found{}, "no encrypted IMAP"},
		{"not XML", "<html>", Found{}, "not an autoconfig file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseAutoconfig([]byte(tc.body), "help@shop.example")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("got %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}

func TestDiscover(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/good/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("emailaddress") != "help@shop.example" {
			http.Error(w, "no address", http.StatusBadRequest)
			return
		}
		_, _ = w.Write([]byte(shopConfig))
	})
	mux.HandleFunc("/huge/", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(strings.Repeat(" ", 2048) + shopConfig))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	at := func(paths ...string) func(string, string) []string {
		return func(_, address string) []string {
			out := []string{}
			for _, p := range paths {
				out = append(out, srv.URL+p+"?emailaddress="+address)
			}
			return out
		}
	}
	srvRecs := map[string][]*net.SRV{
		"_imaps._tcp.shop.example": {{Target: "backup.shop.example.", Port: 993, Priority: 20}, {Target: "mail.shop.example.", Port: 993, Priority: 10}},
		"_imap._tcp.shop.example":  {{Target: "starttls.shop.example.", Port: 143}},
		// No implicit-TLS submission record: STARTTLS on 587 is used.
		"_submission._tcp.shop.example": {{Target: "out2.shop.example.", Port: 587, Priority: 0, Weight: 10}, {Target: "out1.shop.example.", Port: 587, Priority: 0, Weight: 90}},
	}
	for _, tc := range []struct {
		name      string
		address   string
		dns       *fakeDNS
		urls      func(string, string) []string
		max       int64
		want      []Found
		problems  int
		wantAsked bool
	}{
		{name: "preset skips the network", address: "Owner@GMail.com", dns: &fakeDNS{}, urls: at("/good/"),
			want: []Found{{Source: "preset", Provider: "Gmail / Google Workspace", PresetID: "gmail",
				IMAP: Server{"imap.gmail.com", 993, SecurityTLS}, SMTP: Server{"smtp.gmail.com", 465, SecurityTLS}}}},
		{name: "srv then autoconfig", address: "help@shop.example", dns: &fakeDNS{recs: srvRecs}, urls: at("/missing/", "/good/"), wantAsked: true,
			want: []Found{
				{Source: "srv", Provider: "shop.example", IMAP: Server{"mail.shop.example", 993, SecurityTLS}, SMTP: Server{"out1.shop.example", 587, SecurityStartTLS}},
				{Source: "autoconfig", Provider: "Shop Mail", IMAP: Server{"imap.shop.example", 993, SecurityTLS}, SMTP: Server{"smtp.shop.example", 587, SecurityStartTLS}, Username: "help"},
			}, problems: 1},
		{name: "nothing reachable", address: "help@shop.example", dns: &fakeDNS{fail: errors.New("server misbehaving")},
			urls: func(string, string) []string { return []string{"http://127.0.0.1:1/x"} }, want: []Found{}, problems: 2, wantAsked: true},
		{name: "oversized file", address: "help@shop.example", dns: &fakeDNS{}, urls: at("/huge/"), max: 1024, want: []Found{}, problems: 1, wantAsked: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &Finder{Resolver: tc.dns, HTTP: srv.Client(), AutoconfigURLs: tc.urls, MaxBytes: tc.max, Timeout: time.Minute}
			res, err := f.Discover(context.Background(), tc.address)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Found) != len(tc.want) {
				t.Fatalf("found %+v, want %+v (problems %q)", res.Found, tc.want, res.Problems)
			}
			for i := range tc.want {
				if res.Found[i] != tc.want[i] {
					t.Errorf("found[%d] = %+v, want %+v", i, res.Found[i], tc.want[i])
				}
			}
			if len(res.Problems) != tc.problems {
				t.Errorf("problems = %q, want %d", res.Problems, tc.problems)
			}
			if (len(tc.dns.asked) > 0) != tc.wantAsked {
				t.Errorf("DNS asked %v", tc.dns.asked)
			}
		})
	}
	for _, bad := range []string{"", "owner", "owner@", "@shop.example", "a@localhost", "a@evil.example/x"} {
		if _, err := (&Finder{}).Discover(context.Background(), bad); !errors.Is(err, ErrAddress) {
			t.Errorf("Discover(%q) err = %v", bad, err)
		}
	}
}

func TestPresetsAreComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range Presets() {
		if p.IMAP.Host == "" || p.SMTP.Host == "" || p.IMAP.Port == 0 || p.SMTP.Port == 0 || len(p.AppPassword) == 0 || p.AppPasswordURL == "" {
			t.Errorf("preset %s is incomplete: %+v", p.ID, p)
		}
		for _, d := range p.Domains {
			if seen[d] {
				t.Errorf("domain %s in two presets", d)
			}
			seen[d] = true
		}
	}
	for _, id := range []string{"gmail", "outlook", "icloud", "fastmail", "yahoo"} {
		found := false
		for _, p := range Presets() {
			found = found || p.ID == id
		}
		if !found {
			t.Errorf("no %s preset", id)
		}
	}
}
