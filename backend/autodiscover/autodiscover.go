// Package autodiscover finds a mailbox's IMAP and SMTP servers from its
// address: a known provider's preset, the domain's SRV records (RFC 6186:
// _imaps._tcp, _imap._tcp, _submissions._tcp, _submission._tcp) and its
// autoconfig file (Thunderbird's autoconfig.DOMAIN and the well-known path
// on the domain). The resolver and HTTP client are injected so tests run
// against doubles; every lookup is bounded in time and size.
package autodiscover

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// Security is how a connection is encrypted, in the e-mail connector's words.
type Security string

const (
	SecurityTLS      Security = "tls"
	SecurityStartTLS Security = "starttls"
	SecurityNone     Security = "none"
)

// Server is one host to connect to.
type Server struct {
	Host     string
	Port     int
	Security Security
}

// Found is one set of settings and where it came from.
type Found struct {
	// Source is "preset", "srv" or "autoconfig".
	Source   string
	Provider string // a name to show ("Gmail", the autoconfig's displayName, the domain)
	PresetID string // set when Source is "preset"
	IMAP     Server
	SMTP     Server // zero Host when the source named none
	Username string // what to sign in with ("" = the address)
}

// Result is what a discovery found, best first, and what it could not reach.
type Result struct {
	Address string
	Domain  string
	Found   []Found
	// Problems names each lookup that failed, in plain words; discovery
	// still returns what the others found (and the presets are always offered).
	Problems []string
}

// SRVResolver is the part of *net.Resolver discovery needs.
type SRVResolver interface {
	LookupSRV(ctx context.Context, service, proto, name string) (string, []*net.SRV, error)
}

// Finder runs discoveries.
type Finder struct {
	Resolver SRVResolver  // nil: net.DefaultResolver
	HTTP     *http.Client // nil: a client with Timeout as its timeout
	// Timeout bounds the whole discovery; 0 means 8 seconds.
	Timeout time.Duration
	// MaxBytes caps an autoconfig file; 0 means 64 KiB.
	MaxBytes int64
	// AutoconfigURLs lists the files to try for a domain; nil: AutoconfigURLs.
	AutoconfigURLs func(domain, address string) []string
}

// AutoconfigURLs are Thunderbird's per-domain locations of the autoconfig file.
func AutoconfigURLs(domain, address string) []string {
	q := url.QueryEscape(address)
	return []string{
		"https://autoconfig." + domain + "/mail/config-v1.1.xml?emailaddress=" + q,
		"https://" + domain + "/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress=" + q,
	}
}

// ErrAddress means the address has no domain to look up.
var ErrAddress = errors.New("not an e-mail address")

// Discover looks the address's settings up. A preset match comes first and
// skips the network; otherwise SRV records, then the autoconfig files.
func (f *Finder) Discover(ctx context.Context, address string) (Result, error) {
	address = strings.TrimSpace(address)
	at := strings.LastIndexByte(address, '@')
	if at <= 0 || at == len(address)-1 {
		return Result{}, fmt.Errorf("discover %q: %w", address, ErrAddress)
	}
	domain := strings.ToLower(strings.TrimSuffix(address[at+1:], "."))
	if strings.ContainsAny(domain, "/?#:@ ") || !strings.Contains(domain, ".") {
		return Result{}, fmt.Errorf("discover %q: %w", address, ErrAddress)
	}
	res := Result{Address: address, Domain: domain, Found: []Found{}, Problems: []string{}}
	if p, ok := PresetFor(address); ok {
		res.Found = append(res.Found, Found{Source: "preset", Provider: p.Name, PresetID: p.ID, IMAP: p.IMAP, SMTP: p.SMTP})
		return res, nil
	}
	timeout := f.Timeout
	if timeout <= 0 {
		timeout = 8 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if found, err := f.srv(ctx, domain); err != nil {
		res.Problems = append(res.Problems, err.Error())
	} else if found != nil {
		res.Found = append(res.Found, *found)
	}
	urls := AutoconfigURLs
	if f.AutoconfigURLs != nil {
		urls = f.AutoconfigURLs
	}
	for _, u := range urls(domain, address) {
		found, err := f.autoconfig(ctx, u, address)
		if err != nil {
			res.Problems = append(res.Problems, err.Error())
			continue
		}
		res.Found = append(res.Found, found)
		break
	}
	return res, nil
}

// srv reads RFC 6186 records: implicit TLS is preferred over STARTTLS for
// each protocol. It returns nil (no error) when the domain publishes none.
func (f *Finder) srv(ctx context.Context, domain string) (*Found, error) {
	r := f.Resolver
	if r == nil {
		r = net.DefaultResolver
	}
	pick := func(options []struct {
		service string
		sec     Security
	}) (Server, error) {
		var errs []error
		for _, o := range options {
			_, recs, err := r.LookupSRV(ctx, o.service, "tcp", domain)
			var dnsErr *net.DNSError
			if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
				continue
			}
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if best, ok := bestSRV(recs); ok {
				return Server{Host: best.Target, Port: int(best.Port), Security: o.sec}, nil
			}
		}
		return Server{}, errors.Join(errs...)
	}
	imap, ierr := pick([]struct {
		service string
		sec     Security
	}{{"imaps", SecurityTLS}, {"imap", SecurityStartTLS}})
	smtp, serr := pick([]struct {
		service string
		sec     Security
	}{{"submissions", SecurityTLS}, {"submission", SecurityStartTLS}})
	if imap.Host == "" {
		if err := errors.Join(ierr, serr); err != nil {
			return nil, fmt.Errorf("the DNS records (SRV) of %s could not be read: %w", domain, err)
		}
		return nil, nil
	}
	return &Found{Source: "srv", Provider: domain, IMAP: imap, SMTP: smtp}, nil
}

// bestSRV is the record to use first: lowest priority, then highest weight
// (RFC 2782 picks by weight at random; a settings form needs one stable
// answer, and the heaviest is the one most clients reach). A lone "." target
// means the service is deliberately not offered (RFC 6186 §3).
func bestSRV(recs []*net.SRV) (*net.SRV, bool) {
	usable := make([]*net.SRV, 0, len(recs))
	for _, r := range recs {
		if r == nil || r.Target == "." || r.Target == "" || r.Port == 0 {
			continue
		}
		usable = append(usable, r)
	}
	if len(usable) == 0 {
		return nil, false
	}
	sort.SliceStable(usable, func(i, j int) bool {
		if usable[i].Priority != usable[j].Priority {
			return usable[i].Priority < usable[j].Priority
		}
		return usable[i].Weight > usable[j].Weight
	})
	best := *usable[0]
	best.Target = strings.TrimSuffix(best.Target, ".")
	return &best, true
}
