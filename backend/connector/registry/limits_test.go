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
	screen := map[string]int{}
	for _, m := range regexp.MustCompile(`(?m)^\s*(\w+):\s*(\d+|null)`).FindAllSubmatch(table[1], -1) {
		n, _ := strconv.Atoi(string(m[2])) // null → 0, no limit
		screen[string(m[1])] = n
	}
	for _, sp := range Specs() {
		got, ok := screen[string(sp.Network)]
		if !ok {
			t.Errorf("composer.ts has no limit for %s", sp.Network)
			continue
		}
		if got != sp.MaxLength {
			t.Errorf("%s: composer.ts says %d, the connector's spec %d", sp.Network, got, sp.MaxLength)
		}
	}
}
