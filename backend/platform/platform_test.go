package platform

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestResolve(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name     string
		demo     bool
		wantDB   string
		wantLogs string
	}{
		{"real", false, filepath.Join(dir, "careinbox.db"), filepath.Join(dir, "logs")},
		{"demo is separate", true, filepath.Join(dir, "demo", "careinbox-demo.db"), filepath.Join(dir, "logs")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Resolve(dir, tt.demo)
			if err != nil {
				t.Fatal(err)
			}
			if p.Database != tt.wantDB || p.LogDir != tt.wantLogs {
				t.Errorf("paths = %+v", p)
			}
			if err := p.Ensure(); err != nil {
				t.Fatal(err)
			}
			if st, err := os.Stat(filepath.Dir(p.Database)); err != nil || !st.IsDir() {
				t.Errorf("database directory not created: %v", err)
			}
		})
	}
}

func TestDefaultDataDirFollowsXDG(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("XDG applies to Linux")
	}
	t.Setenv("XDG_DATA_HOME", "/x/data")
	d, err := DefaultDataDir()
	if err != nil || d != "/x/data/careinbox" {
		t.Errorf("DefaultDataDir = %q, %v", d, err)
	}
}
