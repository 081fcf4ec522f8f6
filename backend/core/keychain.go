package core

import (
	"context"
	"time"

	"careinbox/backend/secrets"
)

// probeTimeout bounds the keychain probe: a keychain that never answers is
// reported as unavailable, not waited for.
const probeTimeout = 5 * time.Second

// probeKeychain starts the keychain probe (a write, a read and a delete over
// D-Bus: 20–40 ms, more on a busy machine) beside whatever comes next, when
// asked to: the window is being built meanwhile, and only the workspace's
// info, which the window asks for once it runs, needs the answer.
func (w *Workspace) probeKeychain(ctx context.Context, keychain secrets.Store, probe bool) {
	w.keychainDone = make(chan struct{})
	if !probe {
		close(w.keychainDone)
		return
	}
	go func() {
		defer close(w.keychainDone)
		probeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), probeTimeout)
		defer cancel()
		if err := secrets.Probe(probeCtx, keychain); err != nil {
			w.keychainErr = err
			w.Logger.Warn("keychain unavailable", "err", err)
		}
	}()
}

// KeychainErr is the answer of the keychain probe Open started (nil when the
// keychain is usable or was not probed); it waits for the probe.
func (w *Workspace) KeychainErr() error {
	<-w.keychainDone
	return w.keychainErr
}
