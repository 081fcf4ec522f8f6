package x

import (
	"slices"
	"strings"
	"testing"
)

// The guide explains exactly the scopes the sign-in asks for.
func TestSpecPermissionsAreTheScopes(t *testing.T) {
	var names []string
	for _, p := range Spec().Permissions {
		if p.For == "" {
			t.Errorf("%s has no explanation", p.Name)
		}
		names = append(names, p.Name)
	}
	want := strings.Fields(Scopes)
	slices.Sort(names)
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("spec permissions %v, sign-in scopes %v", names, want)
	}
}
