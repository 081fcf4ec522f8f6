package app

import "github.com/wailsapp/wails/v2/pkg/options/linux"

// LinuxOptions are the WebKitGTK settings of the window. Hardware
// acceleration is off, as in Wails' own default (used when Linux is nil):
// the queue is text and a virtual list, which WebKit paints without GL.
// With it on, WebKit composites through GL, which on a machine without a
// GPU is Mesa's llvmpipe: measured on the 1 M archive under Xvfb, the web
// process held 250 MB PSS with it and 131 MB without (the bare Wails
// template, which runs without it, 106 MB), and its first paint came about
// twice as late. Setting it explicitly matters: Wails v2.16.0 passes the
// Go constant to a C switch that numbers the policies differently, so the
// zero value (WebviewGpuPolicyOnDemand) turns acceleration always on; Never
// is 2 on both sides.
func LinuxOptions() *linux.Options {
	return &linux.Options{ProgramName: "careinbox", WebviewGpuPolicy: linux.WebviewGpuPolicyNever}
}
