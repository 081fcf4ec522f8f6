package app

import (
	"testing"

	"github.com/wailsapp/wails/v2/pkg/options/linux"
)

// The window must not turn WebKit's hardware acceleration on: the zero value
// of WebviewGpuPolicy does (see LinuxOptions), which costs the web process
// Mesa and LLVM and a compositing thread.
func TestLinuxOptionsTurnHardwareAccelerationOff(t *testing.T) {
	o := LinuxOptions()
	if o.WebviewGpuPolicy != linux.WebviewGpuPolicyNever {
		t.Errorf("WebviewGpuPolicy = %d, want WebviewGpuPolicyNever (%d)", o.WebviewGpuPolicy, linux.WebviewGpuPolicyNever)
	}
	if o.ProgramName != "careinbox" {
		t.Errorf("ProgramName = %q, want careinbox (the window manager groups the windows by it)", o.ProgramName)
	}
}
