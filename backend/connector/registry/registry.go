// Package registry lists every network Care Inbox can sync, in one place:
// adding a network is its package (with New and Spec) plus one line here.
package registry

import (
	"careinbox/backend/connector"
	"careinbox/backend/connector/bluesky"
	"careinbox/backend/connector/email"
	"careinbox/backend/connector/facebook"
	"careinbox/backend/connector/instagram"
	"careinbox/backend/connector/linkedin"
	"careinbox/backend/connector/mastodon"
	"careinbox/backend/connector/telegram"
	"careinbox/backend/connector/x"
)

// Network is one network: how to build its connector and how to connect it.
type Network struct {
	Factory connector.Factory
	Spec    connector.Spec
}

// Networks lists every network once, in the order the add-handle form
// offers them.
func Networks() []Network {
	return []Network{
		{adapt(facebook.New), facebook.Spec()},
		{adapt(instagram.New), instagram.Spec()},
		{adapt(linkedin.New), linkedin.Spec()},
		{adapt(x.New), x.Spec()},
		{adapt(email.New), email.Spec()},
		{adapt(mastodon.New), mastodon.Spec()},
		{adapt(bluesky.New), bluesky.Spec()},
		{adapt(telegram.New), telegram.Spec()},
	}
}

// adapt turns a constructor of a concrete connector into a Factory, so a nil
// *T never hides inside a non-nil interface.
func adapt[T connector.Connector](newFn func(connector.Config) (T, error)) connector.Factory {
	return func(cfg connector.Config) (connector.Connector, error) {
		c, err := newFn(cfg)
		if err != nil {
			return nil, err
		}
		return c, nil
	}
}

// Factories builds each network's connector.
func Factories() connector.Registry {
	r := connector.Registry{}
	for _, n := range Networks() {
		r[n.Spec.Network] = n.Factory
	}
	return r
}

// Specs describes, in plain words, how to connect each network.
func Specs() []connector.Spec {
	var out []connector.Spec
	for _, n := range Networks() {
		out = append(out, n.Spec)
	}
	return out
}
