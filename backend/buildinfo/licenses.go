package buildinfo

import (
	_ "embed"
	"strings"
)

// licensesTxt is written by scripts/licenses.sh (which `make dist` runs):
// one bundled component and its licence per line, tab-separated.
//
//go:embed licenses.txt
var licensesTxt string

// Component is one bundled library and its licence.
type Component struct {
	Name    string // module path and version, or npm package, version and "(npm)"
	Licence string // an SPDX id, or where to read it
}

// Licences lists the components the build bundles, as the About box shows them.
func Licences() []Component {
	var out []Component
	for _, line := range strings.Split(licensesTxt, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, lic, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		out = append(out, Component{Name: name, Licence: lic})
	}
	return out
}
