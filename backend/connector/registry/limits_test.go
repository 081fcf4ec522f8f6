package registry

import (
	"os"
	"regexp"
	"strconv"
	"testing"
)

// The composer counts a reply against the limit in
// frontend/src/lib/composer.ts while the back end signs and sends it
// against each Spec's MaxLength: the two tables must be the same, or the
// composer promises what the back end refuses (LinkedIn once said 3000 on
// screen, 1250 here).
func TestComposerLimitsMatchSpecs(t *testing.T) {
	src, err := os.ReadFile("../../../frontend/src/lib/composer.ts")
	if err != nil {
		t.Fatal(err)
	}
	table := regexp.MustCompile(`(?s)NETWORK_LIMITS[^{]*\{(.*?)\n\}`).FindSubmatch(src)
	if table == nil {
		t.Fatal("NETWORK_LIMITS not found in composer.ts")
	}
	// Each network has a public and a private (DM) limit: an X DM is not
	// counted against the 280 of a post.
	screen := map[string][2]int{}
	for _, m := range regexp.MustCompile(`(?m)^\s*(\w+):\s*\{\s*public:\s*(\d+|null),\s*private:\s*(\d+|null)\s*\}`).FindAllSubmatch(table[1], -1) {
		pub, _ := strconv.Atoi(string(m[2])) // null → 0, no limit
		priv, _ := strconv.Atoi(string(m[3]))
		screen[string(m[1])] = [2]int{pub, priv}
	}
	for _, sp := range Specs() {
		got, ok := screen[string(sp.Network)]
		if !ok {
			t.Errorf("composer.ts has no limits for %s", sp.Network)
			continue
		}
		if got[0] != sp.MaxLength {
			t.Errorf("%s: composer.ts says %d for a public reply, the connector's spec %d", sp.Network, got[0], sp.MaxLength)
		}
		if got[1] != sp.MaxPrivateLength {
			t.Errorf("%s: composer.ts says %d for a private message, the connector's spec %d", sp.Network, got[1], sp.MaxPrivateLength)
		}
	}
}
