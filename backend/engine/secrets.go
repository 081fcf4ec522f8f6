package engine

import (
	"context"
	"encoding/json"

	"careinbox/backend/connector"
)

// persistSecrets writes credentials a connector refreshed back to the
// keychain, merged into the handle's entry; unchanged values cost nothing.
func (e *Engine) persistSecrets(ctx context.Context, handleID int64, c connector.Connector) {
	r, ok := c.(connector.SecretRefresher)
	if !ok {
		return
	}
	if err := e.mergeSecrets(ctx, handleID, r.RefreshedSecrets()); err != nil {
		e.cfg.Logger.Warn("save refreshed credentials", "handle", handleID, "err", err)
	}
}

// tokenSaverSetter is implemented by connectors that must save rotated
// tokens the moment they get them (X invalidates the old refresh token at
// once, so waiting for the end of a run could lose the only valid one).
type tokenSaverSetter interface {
	SetTokenSaver(func(map[string]string) error)
}

// mergeSecrets merges fresh values into a handle's keychain entry.
func (e *Engine) mergeSecrets(ctx context.Context, handleID int64, fresh map[string]string) error {
	if len(fresh) == 0 {
		return nil
	}
	e.secretsMu.Lock()
	defer e.secretsMu.Unlock()
	raw, err := e.cfg.Secrets.Get(ctx, SecretKey(handleID))
	if err != nil {
		return err
	}
	current := map[string]string{}
	_ = json.Unmarshal([]byte(raw), &current)
	changed := false
	for k, v := range fresh {
		if v != "" && current[k] != v {
			current[k], changed = v, true
		}
	}
	if !changed {
		return nil
	}
	return SaveSecrets(ctx, e.cfg.Secrets, handleID, current)
}
