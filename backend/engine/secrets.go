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
	fresh := r.RefreshedSecrets()
	if len(fresh) == 0 {
		return
	}
	raw, err := e.cfg.Secrets.Get(ctx, SecretKey(handleID))
	if err != nil {
		e.cfg.Logger.Warn("read credentials to refresh", "handle", handleID, "err", err)
		return
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
		return
	}
	if err := SaveSecrets(ctx, e.cfg.Secrets, handleID, current); err != nil {
		e.cfg.Logger.Warn("save refreshed credentials", "handle", handleID, "err", err)
	}
}
