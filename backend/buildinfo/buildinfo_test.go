package buildinfo

import (
	"runtime/debug"
	"testing"
)

func TestDisplay(t *testing.T) {
	stamped := &debug.BuildInfo{Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "abc1234def5678"},
		{Key: "vcs.modified", Value: "false"},
	}}
	modified := &debug.BuildInfo{Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "abc1234def5678"},
		{Key: "vcs.modified", Value: "true"},
	}}
	cases := []struct {
		name, version, commit string
		info                  *debug.BuildInfo
		want                  string
	}{
		{"source default and a stamped commit", "0.2.0-dev", "", stamped, "0.2.0-dev (abc1234)"},
		{"the Makefile's commit wins", "0.2.0-dev", "fff0000", stamped, "0.2.0-dev (fff0000)"},
		{"a tag from git describe", "v0.2.0", "abc1234", nil, "0.2.0 (abc1234)"},
		{"describe already names the commit", "0.2.0-3-gabc1234", "abc1234", nil, "0.2.0-3-gabc1234"},
		{"uncommitted changes", "0.2.0-dev", "", modified, "0.2.0-dev (abc1234-dirty)"},
		{"no commit known", "0.2.0-dev", "", nil, "0.2.0-dev"},
		{"nothing known", "", "", nil, "dev"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Display(c.version, c.commit, c.info); got != c.want {
				t.Errorf("Display(%q, %q) = %q, want %q", c.version, c.commit, got, c.want)
			}
		})
	}
}
