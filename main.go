// Care Inbox: one inbox for every customer-care handle.
//
// main only parses flags and wires: backend/core opens the workspace and runs
// its background loops, app/ binds it to the window, backend/cli holds the
// headless commands of the same binary.
package main

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"

	"careinbox/app"
	"careinbox/backend/autostart"
	"careinbox/backend/buildinfo"
	"careinbox/backend/cli"
	"careinbox/backend/core"
	"careinbox/backend/diagnostics"
	"careinbox/backend/logfile"
	"careinbox/backend/notify"
	"careinbox/backend/platform"
	"careinbox/backend/tray"
)

// version and commit are set at build time with -ldflags "-X main.version=… -X
// main.commit=…" (the Makefile takes them from `git describe` and `git
// rev-parse`); without them the commit is the one Go stamps into the binary.
var (
	version = "0.2.0-dev"
	commit  = ""
)

//go:embed all:frontend/dist
var assets embed.FS

func main() {
	ctx := context.Background()
	args := os.Args[1:]
	if cli.IsCommand(args) {
		os.Exit(cli.Run(ctx, args, cli.Env{Version: buildinfo.Running(version, commit), Stdout: os.Stdout, Stderr: os.Stderr, Views: views}))
	}
	fs := flag.NewFlagSet("careinbox", flag.ContinueOnError)
	dataDir := fs.String("data-dir", "", "directory for the database and logs (default: the user's data directory)")
	demoMode := fs.Bool("demo", false, "open the sample workspace (separate database, generated on first use)")
	readOnly := fs.Bool("read-only", false, "open the workspace to read and search only (a backup, a copy on read-only media)")
	background := fs.Bool("background", false, "start with the window hidden, watching in the background (start at login)")
	fs.Int64("open-conversation", 0, "show this conversation (passed on to a running window)")
	if err := fs.Parse(args); err != nil {
		os.Exit(2)
	}
	if err := runWindow(ctx, core.Options{DataDir: *dataDir, Demo: *demoMode, ReadOnly: *readOnly, Log: os.Stderr, ProbeKeychain: true, ApplyRestore: true}, app.NewBrowser(), *background); err != nil {
		fmt.Fprintln(os.Stderr, "careinbox:", err)
		os.Exit(1)
	}
}

// views gives the headless commands the window's own read methods.
func views(ws *core.Workspace) cli.Views {
	return app.NewHeadless(appConfig(ws, nil))
}

func appConfig(ws *core.Workspace, browser *app.Browser) app.Config {
	return app.Config{Store: ws.Store, Deltas: ws.Bus, Logger: ws.Logger, Version: buildinfo.Running(version, commit), Demo: ws.Demo,
		Keychain: ws.KeychainErr, ReadOnly: ws.ReadOnly, Deadlines: ws.Deadlines, Notices: ws.Notices, Opens: ws.Opens, Reports: ws.Reports, Insights: ws.Insights, Listening: ws.Listening, Handles: ws.Handles, Browser: browser,
		Engine: ws.Engine, Importer: ws.Importer, Data: dataConfig(ws)}
}

// dataConfig wires the Data screen to the workspace's backups and restore.
func dataConfig(ws *core.Workspace) app.DataConfig {
	d := app.DataConfig{Backups: ws.Backups, DatabasePath: ws.Paths.Database, NeedSignIn: ws.NeedSignIn}
	if !ws.ReadOnly && !ws.Demo {
		d.StageRestore = ws.StageRestore
	}
	if ws.RestoredFrom != nil {
		d.RestoredFrom = ws.RestoredFrom.Aside
	}
	return d
}

// loopsDelay is how long the background loops wait for the window's first
// rows before they start anyway.
const loopsDelay = 2 * time.Second

// runWindow opens the workspace, runs its background loops for as long as the
// window is open, and stops them before the database closes.
func runWindow(ctx context.Context, opts core.Options, browser *app.Browser, background bool) error {
	if app.GeneratingBindings {
		// Wails runs the binary only to read the bound methods: use a
		// throwaway workspace and start nothing.
		tmp, err := os.MkdirTemp("", "careinbox-bindings-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		opts = core.Options{DataDir: tmp, Log: io.Discard}
	}
	// Sign-ins open the system browser through the window, once it exists.
	opts.OpenBrowser = browser.Open
	ws, err := core.Open(ctx, opts)
	var problem *app.ProblemDTO
	if err != nil {
		// Launched from a desktop nobody reads stderr: open a window over an
		// empty stand-in workspace that shows why, in plain words.
		fmt.Fprintln(os.Stderr, "careinbox:", err)
		p := core.Explain(err, opts)
		problem = &app.ProblemDTO{Title: p.Title, Detail: p.Detail, Error: p.Error}
		tmp, terr := os.MkdirTemp("", "careinbox-problem-")
		if terr != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		if ws, terr = core.Open(ctx, core.Options{DataDir: tmp, Log: os.Stderr}); terr != nil {
			return err
		}
	}
	defer ws.Close()
	cfg := appConfig(ws, browser)
	cfg.Problem = problem
	if !opts.Demo {
		cfg.OpenSample = func() error { return startSample(opts.DataDir) }
	}
	if problem == nil {
		cfg.Desktop = desktopConfig(ws, opts)
	}
	a := app.New(cfg)
	// Logging out or kill(1) ends the app the way Quit does: the loops stop
	// before the database closes.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT)
	defer signal.Stop(sigs)
	go func() {
		if _, ok := <-sigs; ok && !a.Quit() {
			os.Exit(1) // no window yet: nothing runs that needs stopping
		}
	}()
	// The loops start with the window, not before: a second launch hands
	// over to the first instance before OnStartup and must not sync meanwhile.
	// They get their own context (Wails' dies with the window) and stop
	// before the database closes.
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	started := false
	startup := func(wctx context.Context) {
		if problem != nil { // nothing to sync in a stand-in workspace
			a.Startup(wctx)
			return
		}
		started = true
		go func() {
			defer close(done)
			// The window gets the machine first: the loops start once its
			// first rows are painted, or after loopsDelay when none come (an
			// empty workspace, onboarding).
			t := time.NewTimer(loopsDelay)
			defer t.Stop()
			select {
			case <-a.FirstRows():
			case <-t.C:
			case <-runCtx.Done():
				return
			}
			if err := ws.Run(runCtx); err != nil {
				ws.Logger.Error("background work stopped", "err", err)
			}
		}()
		a.Startup(wctx)
	}
	shutdown := func(wctx context.Context) {
		a.Shutdown(wctx)
		stop()
		if started {
			<-done
		}
	}
	defer stop()
	title := "Care Inbox"
	if opts.Demo {
		title = "Care Inbox — Demo workspace (sample data)"
	}
	return wails.Run(&options.App{
		Title:     title,
		Width:     1280,
		Height:    800,
		MinWidth:  900,
		MinHeight: 560,
		AssetServer: &assetserver.Options{
			Assets: assets,
		},
		BackgroundColour: &options.RGBA{R: 248, G: 249, B: 251, A: 1},
		OnStartup:        startup,
		OnShutdown:       shutdown,
		OnBeforeClose:    a.BeforeClose,
		StartHidden:      background,
		Menu:             a.Menu(),
		Bind:             a.Bind(),
		EnumBind:         app.Enums(),
		ErrorFormatter:   app.FormatError,
		SingleInstanceLock: &options.SingleInstanceLock{UniqueId: instanceID(opts),
			OnSecondInstanceLaunch: func(d options.SecondInstanceData) { a.SecondLaunch(d.Args) }},
		Linux: app.LinuxOptions(),
	})
}

// startSample starts this program again on the sample workspace (its own
// database and window, see platform.Resolve), beside the user's own.
func startSample(dataDir string) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find the program: %w", err)
	}
	cmd := exec.Command(exe, sampleArgs(dataDir)...)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", exe, err)
	}
	go func() { _ = cmd.Wait() }() // reap it whenever it closes
	return nil
}

// sampleArgs are the arguments that open the sample workspace of dataDir.
func sampleArgs(dataDir string) []string {
	args := []string{"--demo"}
	if dataDir != "" {
		args = append(args, "--data-dir", dataDir)
	}
	return args
}

// instanceID is the single-instance lock's id: one running window per data
// directory, and the sample workspace (--demo, started by "Open sample
// workspace") its own instance beside the real one.
func instanceID(opts core.Options) string {
	dir := opts.DataDir
	if p, err := platform.Resolve(opts.DataDir, false); err == nil {
		dir = p.DataDir
	}
	sum := sha256.Sum256([]byte(dir))
	id := "org.careinbox.w" + hex.EncodeToString(sum[:6])
	if opts.Demo {
		id += ".demo"
	}
	return id
}

// desktopConfig wires start at login, diagnostics, the folders and the
// first-hide notice for the workspace's window.
func desktopConfig(ws *core.Workspace, opts core.Options) app.DesktopConfig {
	cfg := app.DesktopConfig{DataDir: ws.Paths.DataDir, LogDir: ws.Paths.LogDir}
	if !ws.Demo {
		if exe, err := os.Executable(); err == nil {
			var extra []string
			if opts.DataDir != "" {
				extra = []string{"--data-dir", ws.Paths.DataDir}
			}
			cfg.Autostart = autostart.Default(exe, extra...)
		}
	}
	cfg.Diagnostics = func(ctx context.Context) (string, error) {
		files, err := logfile.Files(ws.LogPath())
		if err != nil {
			return "", err
		}
		home, _ := os.UserHomeDir()
		return diagnostics.Gather(ctx, diagnostics.Input{Version: buildinfo.Running(version, commit), Demo: ws.Demo,
			ReadOnly: ws.ReadOnly, KeychainErr: ws.KeychainErr(), Handles: ws.Store, LogFiles: files, Home: home, Now: time.Now()})
	}
	marker := filepath.Join(filepath.Dir(ws.Paths.Database), ".still-watching-shown")
	cfg.FirstHide = func(trayShown bool) { firstHideNotice(ws.Notifier(), marker, ws, trayShown) }
	cfg.Tray = func(c tray.Config) app.Tray { return tray.New(c) }
	return cfg
}

// firstHideNotice says once per profile, the first time the window closes,
// that the app keeps watching, how to get the window back and where Quit
// is; a marker file remembers it.
func firstHideNotice(n notify.Notifier, marker string, ws *core.Workspace, trayShown bool) {
	if _, err := os.Stat(marker); err == nil || !errors.Is(err, fs.ErrNotExist) || n == nil {
		return
	}
	err := n.Notify(context.Background(), notify.Notification{Title: "Care Inbox is still watching", Body: stillWatching(trayShown)})
	if err != nil {
		ws.Logger.Warn("still-watching notice", "err", err)
		return
	}
	if err := os.WriteFile(marker, nil, 0o600); err != nil {
		ws.Logger.Warn("still-watching notice: remember it", "err", err)
	}
}

// stillWatching is the first-hide notice's text. Without an icon in a panel
// (GNOME without the AppIndicator extension, macOS, Windows) the way back is
// launching the app again, which brings the running window forward.
func stillWatching(trayShown bool) string {
	const kept = "The window is closed, but syncing and deadline notifications go on. "
	if trayShown {
		return kept + "Click the Care Inbox icon in the panel to bring it back; quit from its menu."
	}
	return kept + "Launch Care Inbox again to bring the window back; quit from its File menu (Ctrl+Q)."
}
