package x

import (
	"testing"

	"careinbox/backend/connector/connectortest"
)

// The composer counts a reply as this connector does
// (frontend/src/lib/weights.ts): both are held to the same cases.
func TestLengthCasesSharedWithTheComposer(t *testing.T) {
	for _, tc := range connectortest.LengthCases(t, "x") {
		if got := Weight(tc.Text); got != tc.Count {
			t.Errorf("%q counts %d, the shared case says %d", tc.Text, got, tc.Count)
		}
	}
}
