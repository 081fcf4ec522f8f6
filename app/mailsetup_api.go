package app

import (
	"context"
	"errors"

	"careinbox/backend/autodiscover"
)

// mailDiscoverer finds a mailbox's servers; *autodiscover.Finder is the real one.
type mailDiscoverer interface {
	Discover(ctx context.Context, address string) (autodiscover.Result, error)
}

// MailServerDTO is one server of an e-mail setup.
type MailServerDTO struct {
	Host     string `json:"host"`
	Port     int    `json:"port"`
	Security string `json:"security"` // tls | starttls | none
}

// MailSettingsDTO is one way to set a mailbox up and where it was found.
type MailSettingsDTO struct {
	Source   string        `json:"source"` // preset | srv | autoconfig
	Provider string        `json:"provider"`
	PresetID string        `json:"presetId"`
	IMAP     MailServerDTO `json:"imap"`
	SMTP     MailServerDTO `json:"smtp"`
	Username string        `json:"username"`
}

// MailPresetDTO is a known provider, with the app-password steps in clicks.
type MailPresetDTO struct {
	ID             string        `json:"id"`
	Name           string        `json:"name"`
	Domains        []string      `json:"domains"`
	IMAP           MailServerDTO `json:"imap"`
	SMTP           MailServerDTO `json:"smtp"`
	AppPassword    []string      `json:"appPassword"`
	AppPasswordURL string        `json:"appPasswordUrl"`
	Note           string        `json:"note"`
}

// MailDiscoveryDTO is what looking an address up found, and what failed.
type MailDiscoveryDTO struct {
	Domain   string            `json:"domain"`
	Found    []MailSettingsDTO `json:"found"`
	Problems []string          `json:"problems"`
}

func serverDTO(s autodiscover.Server) MailServerDTO {
	return MailServerDTO{Host: s.Host, Port: s.Port, Security: string(s.Security)}
}

// MailPresets lists the mail providers offered by name.
func (a *HandlesAPI) MailPresets() []MailPresetDTO {
	out := []MailPresetDTO{}
	for _, p := range autodiscover.Presets() {
		out = append(out, MailPresetDTO{ID: p.ID, Name: p.Name, Domains: p.Domains, IMAP: serverDTO(p.IMAP), SMTP: serverDTO(p.SMTP),
			AppPassword: p.AppPassword, AppPasswordURL: p.AppPasswordURL, Note: p.Note})
	}
	return out
}

// DiscoverMail looks an address's servers up (preset, DNS SRV records,
// autoconfig file). Lookups that fail are listed, not raised: the presets
// and the manual form stay offered.
func (a *HandlesAPI) DiscoverMail(address string) (MailDiscoveryDTO, error) {
	d := a.discover
	if d == nil {
		d = &autodiscover.Finder{}
	}
	res, err := d.Discover(a.ctx(), address)
	if errors.Is(err, autodiscover.ErrAddress) {
		return MailDiscoveryDTO{}, invalid("type the whole e-mail address, like support@yourshop.com")
	}
	if err != nil {
		return MailDiscoveryDTO{}, toAPIError(err)
	}
	out := MailDiscoveryDTO{Domain: res.Domain, Found: []MailSettingsDTO{}, Problems: append([]string{}, res.Problems...)}
	for _, f := range res.Found {
		out.Found = append(out.Found, MailSettingsDTO{Source: f.Source, Provider: f.Provider, PresetID: f.PresetID,
			IMAP: serverDTO(f.IMAP), SMTP: serverDTO(f.SMTP), Username: f.Username})
	}
	return out, nil
}
