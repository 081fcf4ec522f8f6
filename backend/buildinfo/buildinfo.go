// Package buildinfo says which build is running in the words the window
// shows: the release version and the commit it was built from, e.g.
// "0.2.0-dev (abc1234)".
package buildinfo

import (
	"runtime/debug"
	"strings"
)

// Display joins the version set at build time (main.version, from `git
// describe`, or the source default) with the commit: the one given (main.commit,
// set by the Makefile) or else the one the Go toolchain stamped into the
// binary. A version that already names the commit (git describe's
// "0.2.0-3-gabc1234") is shown as it is.
func Display(version, commit string, info *debug.BuildInfo) string {
	version = strings.TrimPrefix(strings.TrimSpace(version), "v")
	if version == "" {
		version = "dev"
	}
	dirty := false
	if commit == "" && info != nil {
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	commit = strings.TrimSpace(commit)
	if len(commit) > 7 {
		commit = commit[:7]
	}
	if commit == "" || strings.Contains(version, commit) {
		return version
	}
	if dirty && !strings.HasSuffix(commit, "-dirty") {
		commit += "-dirty"
	}
	return version + " (" + commit + ")"
}

// Running is Display for this binary.
func Running(version, commit string) string {
	info, _ := debug.ReadBuildInfo()
	return Display(version, commit, info)
}
