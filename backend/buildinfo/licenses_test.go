package buildinfo

import (
	"strings"
	"testing"
)

func TestLicencesListTheMainComponents(t *testing.T) {
	got := map[string]string{}
	for _, c := range Licences() {
		if c.Name == "" || c.Licence == "" {
			t.Errorf("empty field in %+v", c)
		}
		module, _, _ := strings.Cut(c.Name, " ")
		got[module] = c.Licence
	}
	for module, want := range map[string]string{
		"github.com/wailsapp/wails/v2":     "MIT",
		"modernc.org/sqlite":               "BSD-3-Clause",
		"react":                            "MIT",
		"gopkg.in/natefinch/lumberjack.v2": "MIT",
	} {
		if got[module] != want {
			t.Errorf("%s: licence %q, want %q", module, got[module], want)
		}
	}
}
