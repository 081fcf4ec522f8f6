package app

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

// workspaceStore is the part of the store the WorkspaceAPI uses: clients and the sidebar counts.
type workspaceStore interface {
	CreateClient(ctx context.Context, c inbox.Client) (inbox.Client, error)
	Sidebar(ctx context.Context) ([]store.ClientCounts, error)
}

// WorkspaceAPI is bound to the front end: the sidebar, clients and what the
// workspace is (demo or real, keychain health).
type WorkspaceAPI struct {
	ctx   func() context.Context
	store workspaceStore
	info  InfoDTO
	// keychain answers the keychain probe, waiting for it (Config.Keychain).
	keychain func() error
	openURL  func(string) // the system browser; set at startup
	// openSample starts the sample workspace beside this one (Config.OpenSample).
	openSample func() error
}

// OpenSampleWorkspace opens the sample workspace (realistic made-up
// conversations, a database of its own) in a second window, so a newcomer can
// look around before connecting anything.
func (a *WorkspaceAPI) OpenSampleWorkspace() error {
	if a.info.Demo {
		return invalid("this is the sample workspace already")
	}
	if a.openSample == nil {
		return invalid("the sample workspace cannot be opened from here")
	}
	if err := a.openSample(); err != nil {
		return toAPIError(fmt.Errorf("open the sample workspace: %w", err))
	}
	return nil
}

// Info describes the running workspace. The keychain's health comes from
// the probe started with the workspace, which has answered by the time the
// window asks.
func (a *WorkspaceAPI) Info() (InfoDTO, error) {
	info := a.info
	info.KeychainOK = true
	if a.keychain != nil {
		if err := a.keychain(); err != nil {
			info.KeychainOK, info.KeychainMessage = false, err.Error()
		}
	}
	return info, nil
}

// Sidebar lists clients with their handles and open/unread counts.
func (a *WorkspaceAPI) Sidebar() (SidebarDTO, error) {
	groups, err := a.store.Sidebar(a.ctx())
	if err != nil {
		return SidebarDTO{}, toAPIError(err)
	}
	return sidebarDTO(groups), nil
}

// CreateClient adds a client (a business whose handles are answered).
func (a *WorkspaceAPI) CreateClient(name string) (ClientGroupDTO, error) {
	if strings.TrimSpace(name) == "" {
		return ClientGroupDTO{}, invalid("a client needs a name")
	}
	c, err := a.store.CreateClient(a.ctx(), inbox.Client{Name: name})
	if err != nil {
		return ClientGroupDTO{}, toAPIError(err)
	}
	return ClientGroupDTO{ID: c.ID, Name: c.Name, Handles: []HandleDTO{}}, nil
}

// OpenLink opens an http(s) link from a message in the system browser. The
// scheme is checked here too, because message text comes from strangers.
func (a *WorkspaceAPI) OpenLink(link string) error {
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return invalid("only http and https links can be opened")
	}
	if a.openURL == nil {
		return invalid("links cannot be opened here")
	}
	a.openURL(u.String())
	return nil
}
