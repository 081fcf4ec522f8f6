package registry

import (
	"testing"

	"careinbox/backend/connector"
)

// Every network with a factory has a spec the add-handle form can show, and
// every spec field names where its value goes.
func TestSpecsCoverFactories(t *testing.T) {
	specs := Specs()
	if len(specs) != len(Factories()) {
		t.Fatalf("%d specs for %d factories", len(specs), len(Factories()))
	}
	for _, s := range specs {
		if s.Name == "" || s.Needs == "" || len(s.Fields) == 0 {
			t.Errorf("%s: incomplete spec %+v", s.Network, s)
		}
		secret := false
		for _, f := range s.Fields {
			secret = secret || f.Secret
		}
		if !secret {
			t.Errorf("%s: no field goes to the keychain", s.Network)
		}
		// An empty form must fail with a classified, plain-words error, not panic.
		if _, err := Factories()[s.Network](connector.Config{Settings: map[string]string{}, Secrets: map[string]string{}}); err == nil {
			t.Errorf("%s: connector built without any settings", s.Network)
		}
	}
}

// Each network is listed once, under the network its Spec names.
func TestNetworksListedOnce(t *testing.T) {
	seen := map[string]bool{}
	for _, n := range Networks() {
		if !n.Spec.Network.Valid() {
			t.Errorf("spec %q names no known network", n.Spec.Name)
		}
		if seen[string(n.Spec.Network)] {
			t.Errorf("%s listed twice", n.Spec.Network)
		}
		seen[string(n.Spec.Network)] = true
		if n.Factory == nil {
			t.Errorf("%s has no factory", n.Spec.Network)
		}
	}
}
