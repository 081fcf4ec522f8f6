package mastodon

import (
	"context"
	"fmt"
	"net/http"

	"careinbox/backend/connector/httpkit"
)

// Mastodon's defaults, for a server that does not say.
const (
	defaultMaxChars = 500
	defaultURLChars = 23
)

// instanceInfo is what the connector needs to know about the server: how
// long a post may be and where its streaming API lives.
type instanceInfo struct {
	maxChars  int    // configuration.statuses.max_characters
	urlChars  int    // configuration.statuses.characters_reserved_per_url
	streaming string // configuration.urls.streaming, "" = the instance itself
}

// instanceV2 is the part of GET /api/v2/instance read here (Mastodon 4.0+,
// GoToSocial); go-mastodon only knows the v1 document.
type instanceV2 struct {
	Configuration struct {
		URLs struct {
			Streaming string `json:"streaming"`
		} `json:"urls"`
		Statuses struct {
			MaxCharacters            int `json:"max_characters"`
			CharactersReservedPerURL int `json:"characters_reserved_per_url"`
		} `json:"statuses"`
	} `json:"configuration"`
}

// instanceV1 is GET /api/v1/instance, for servers without v2 (Mastodon
// before 4.0; Pleroma says max_toot_chars).
type instanceV1 struct {
	URLs struct {
		StreamingAPI string `json:"streaming_api"`
	} `json:"urls"`
	Configuration struct {
		Statuses struct {
			MaxCharacters            int `json:"max_characters"`
			CharactersReservedPerURL int `json:"characters_reserved_per_url"`
		} `json:"statuses"`
	} `json:"configuration"`
	MaxTootChars int `json:"max_toot_chars"`
}

// instance reads the server's limits and streaming address once per
// connector, through kit (the caller's budget). A server that has
// neither document gets Mastodon's defaults; a failure is returned and
// not remembered, so the next call asks again.
func (c *Connector) instance(ctx context.Context, kit *httpkit.Client) (instanceInfo, error) {
	c.mu.Lock()
	info := c.inst
	c.mu.Unlock()
	if info != nil {
		return *info, nil
	}
	var v2 instanceV2
	got := instanceInfo{}
	_, err := c.do(ctx, kit, "", http.MethodGet, "/api/v2/instance", nil, nil, nil, &v2)
	switch {
	case err == nil:
		got = instanceInfo{maxChars: v2.Configuration.Statuses.MaxCharacters,
			urlChars: v2.Configuration.Statuses.CharactersReservedPerURL, streaming: v2.Configuration.URLs.Streaming}
	case isNotFound(err):
		var v1 instanceV1
		_, err := c.do(ctx, kit, "", http.MethodGet, "/api/v1/instance", nil, nil, nil, &v1)
		if err != nil && !isNotFound(err) {
			return instanceInfo{}, fmt.Errorf("read the Mastodon server's limits: %w", err)
		}
		got = instanceInfo{maxChars: v1.Configuration.Statuses.MaxCharacters,
			urlChars: v1.Configuration.Statuses.CharactersReservedPerURL, streaming: v1.URLs.StreamingAPI}
		if got.maxChars == 0 {
			got.maxChars = v1.MaxTootChars
		}
	default:
		return instanceInfo{}, fmt.Errorf("read the Mastodon server's limits: %w", err)
	}
	if got.maxChars <= 0 {
		got.maxChars = defaultMaxChars
	}
	if got.urlChars <= 0 {
		got.urlChars = defaultURLChars
	}
	c.mu.Lock()
	c.inst = &got
	c.mu.Unlock()
	return got, nil
}
