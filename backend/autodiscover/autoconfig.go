package autodiscover

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

type clientConfig struct {
	Providers []struct {
		DisplayName string         `xml:"displayName"`
		Incoming    []configServer `xml:"incomingServer"`
		Outgoing    []configServer `xml:"outgoingServer"`
	} `xml:"emailProvider"`
}

type configServer struct {
	Type       string `xml:"type,attr"`
	Hostname   string `xml:"hostname"`
	Port       string `xml:"port"`
	SocketType string `xml:"socketType"`
	Username   string `xml:"username"`
}

func (f *Finder) autoconfig(ctx context.Context, rawURL, address string) (Found, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return Found{}, fmt.Errorf("autoconfig %s: %w", rawURL, err)
	}
	where := u.Host + u.Path
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return Found{}, fmt.Errorf("autoconfig %s: %w", where, err)
	}
	client := f.HTTP
	if client == nil {
		client = &http.Client{}
	}
	resp, err := client.Do(req)
	if err != nil {
		return Found{}, fmt.Errorf("autoconfig %s could not be reached: %w", where, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Found{}, fmt.Errorf("autoconfig %s answered %s", where, resp.Status)
	}
	limit := f.MaxBytes
	if limit <= 0 {
		limit = 64 << 10
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return Found{}, fmt.Errorf("autoconfig %s: %w", where, err)
	}
	if int64(len(body)) > limit {
		return Found{}, fmt.Errorf("autoconfig %s is larger than %d bytes", where, limit)
	}
	found, err := ParseAutoconfig(body, address)
	if err != nil {
		return Found{}, fmt.Errorf("autoconfig %s: %w", where, err)
	}
	return found, nil
}

// ParseAutoconfig reads a Thunderbird config-v1.1.xml file: the first
// encrypted IMAP server and the first encrypted SMTP server, with the user
// name placeholders filled in from address.
func ParseAutoconfig(body []byte, address string) (Found, error) {
	var cc clientConfig
	if err := xml.Unmarshal(body, &cc); err != nil {
		return Found{}, fmt.Errorf("not an autoconfig file: %w", err)
	}
	for _, p := range cc.Providers {
		imap, user, ok := first(p.Incoming, "imap", address)
		if !ok {
			continue
		}
		smtp, _, _ := first(p.Outgoing, "smtp", address)
		return Found{Source: "autoconfig", Provider: strings.TrimSpace(p.DisplayName), IMAP: imap, SMTP: smtp, Username: user}, nil
	}
	return Found{}, errors.New("the file names no encrypted IMAP server")
}

func first(servers []configServer, kind, address string) (Server, string, bool) {
	for _, s := range servers {
		if !strings.EqualFold(s.Type, kind) {
			continue
		}
		var sec Security
		switch strings.ToUpper(strings.TrimSpace(s.SocketType)) {
		case "SSL", "TLS":
			sec = SecurityTLS
		case "STARTTLS":
			sec = SecurityStartTLS
		default:
			continue // a plain-text server would send the password in clear
		}
		port, err := strconv.Atoi(strings.TrimSpace(s.Port))
		host := strings.TrimSpace(s.Hostname)
		if err != nil || port <= 0 || port > 65535 || host == "" {
			continue
		}
		return Server{Host: host, Port: port, Security: sec}, fillUser(strings.TrimSpace(s.Username), address), true
	}
	return Server{}, "", false
}

func fillUser(tmpl, address string) string {
	local, domain := address, ""
	if i := strings.LastIndexByte(address, '@'); i >= 0 {
		local, domain = address[:i], address[i+1:]
	}
	return strings.NewReplacer("%EMAILADDRESS%", address, "%EMAILLOCALPART%", local, "%EMAILDOMAIN%", domain).Replace(tmpl)
}
