package instagram

import (
	"context"
	"fmt"

	"careinbox/backend/connector"
	"careinbox/backend/connector/facebook"
)

var _ connector.Authorizer = (*Connector)(nil)

// Begin implements connector.Authorizer for a connector built with
// Config.Authorizing: Facebook Login (an Instagram professional account is
// reached through the Facebook page it is linked to), then the user picks
// the page; pages without a linked account are shown but cannot be picked.
func (c *Connector) Begin(ctx context.Context) (connector.Authorization, error) {
	s, err := facebook.BeginPageSignIn(c.signIn, Permissions, func(s *facebook.PageSignIn, pages []facebook.PageChoice) (connector.Consent, error) {
		out := connector.Consent{Provider: "Facebook", Choose: true}
		linked := false
		for _, p := range pages {
			g := connector.Grant{Settings: s.Settings(p), Secrets: map[string]string{"page_token": p.Token},
				AccountID: p.ID, Name: p.Name, Expires: p.Expires}
			if p.InstagramID == "" {
				g.Detail = "no linked Instagram account"
				g.Unusable = fmt.Sprintf("the page %q has no Instagram professional account linked to it; pick another page", p.Name)
			} else {
				linked = true
				g.Detail = "Instagram account " + p.InstagramID
				g.Settings["ig_user_id"] = p.InstagramID
			}
			out.Grants = append(out.Grants, g)
		}
		if !linked {
			return connector.Consent{}, connector.Errorf(connector.Permanent, nil, "none of the pages you manage has an Instagram professional account linked to it; link one in the Instagram app (Settings → Account type and tools → Connect a Facebook page) or in Meta Business Suite, then sign in again")
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}
