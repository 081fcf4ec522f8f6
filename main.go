// Care Inbox: one inbox for every customer-care handle.
//
// main wires flags → paths → logger → store → app → Wails. The same binary
// has headless subcommands (see commands.go).
package main

import (
	"context"
	"embed"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/user"
	"path/filepath"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"

	"careinbox/app"
	"careinbox/backend/connector/registry"
	"careinbox/backend/demo"
	"careinbox/backend/engine"
	"careinbox/backend/platform"
	"careinbox/backend/secrets"
	"careinbox/backend/store"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

//go:embed all:frontend/dist
var assets embed.FS

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		return runCommand(ctx, args[0], args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("careinbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data-dir", "", "directory for the database and logs (default: the user's data directory)")
	demoMode := fs.Bool("demo", false, "open the sample workspace (separate database, generated on first use)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := runGUI(ctx, *dataDir, *demoMode, stderr); err != nil {
		fmt.Fprintln(stderr, "careinbox:", err)
		return 1
	}
	return 0
}

// openWorkspace resolves paths, opens the log and the database, and creates
// the demo data on first use.
func openWorkspace(ctx context.Context, dataDir string, demoMode bool, stderr io.Writer) (platform.Paths, *slog.Logger, *store.Store, func(), error) {
	paths, err := platform.Resolve(dataDir, demoMode)
	if err != nil {
		return paths, nil, nil, nil, err
	}
	if err := paths.Ensure(); err != nil {
		return paths, nil, nil, nil, err
	}
	logFile, err := os.OpenFile(filepath.Join(paths.LogDir, "careinbox.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return paths, nil, nil, nil, fmt.Errorf("open log: %w", err)
	}
	logger := slog.New(slog.NewTextHandler(io.MultiWriter(logFile, stderr), &slog.HandlerOptions{Level: slog.LevelInfo}))
	if demoMode {
		if err := freshDemo(ctx, paths.Database, logger); err != nil {
			logFile.Close()
			return paths, nil, nil, nil, err
		}
	}
	st, err := store.Open(ctx, paths.Database)
	if err != nil {
		logFile.Close()
		return paths, nil, nil, nil, err
	}
	return paths, logger, st, func() { st.Close(); logFile.Close() }, nil
}

// freshDemo (re)generates the sample database when it is missing or older
// than a day, so the sample queue always looks current.
func freshDemo(ctx context.Context, path string, logger *slog.Logger) error {
	if _, err := os.Stat(path); err == nil {
		s, err := store.Open(ctx, path)
		if err != nil {
			return err
		}
		at, err := s.Meta(ctx, demo.MetaKey)
		s.Close()
		if err != nil {
			return err
		}
		if t, perr := time.Parse(time.RFC3339, at); perr == nil && time.Since(t) < 24*time.Hour {
			return nil
		}
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Remove(path + suffix); err != nil && !os.IsNotExist(err) {
				return fmt.Errorf("remove old demo database: %w", err)
			}
		}
	}
	logger.Info("generating demo workspace", "db", path)
	s, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer s.Close()
	return demo.Generate(ctx, s, demo.DemoConfig(time.Now()))
}

type syncParts struct {
	secrets secrets.Store
	engine  *engine.Engine
}

// newSync builds the sync engine. The demo workspace syncs against a
// pretend network with in-memory credentials: it never reads or writes the
// real keychain and never contacts a real service.
func newSync(ctx context.Context, st *store.Store, logger *slog.Logger, demoMode bool) (syncParts, error) {
	var sec secrets.Store = secrets.NewKeyring(keychainService(demoMode))
	reg := registry.Factories()
	if demoMode {
		mem := secrets.NewMemory()
		handles, err := st.Handles(ctx)
		if err != nil {
			return syncParts{}, err
		}
		for _, h := range handles {
			if err := engine.SaveSecrets(ctx, mem, h.ID, map[string]string{"demo": "sample"}); err != nil {
				return syncParts{}, err
			}
		}
		sec, reg = mem, demo.Registry(1500*time.Millisecond)
	}
	eng := engine.New(engine.Config{Store: st, Secrets: sec, Registry: reg, Logger: logger})
	return syncParts{secrets: sec, engine: eng}, nil
}

func keychainService(demoMode bool) string {
	if demoMode {
		return "careinbox-demo"
	}
	return "careinbox"
}

func agentName() string {
	if u, err := user.Current(); err == nil {
		if u.Name != "" {
			return u.Name
		}
		return u.Username
	}
	return "me"
}

func runGUI(ctx context.Context, dataDir string, demoMode bool, stderr io.Writer) error {
	if generatingBindings {
		// Only the method set matters: use a throwaway workspace.
		tmp, err := os.MkdirTemp("", "careinbox-bindings-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dataDir, demoMode = tmp, false
	}
	_, logger, st, closeAll, err := openWorkspace(ctx, dataDir, demoMode, stderr)
	if err != nil {
		return err
	}
	defer closeAll()
	var keyErr error
	if !generatingBindings {
		probeCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
		keyErr = secrets.Probe(probeCtx, secrets.NewKeyring(keychainService(demoMode)))
		cancel()
		if keyErr != nil {
			logger.Warn("keychain unavailable", "err", keyErr)
		}
	}
	sync, err := newSync(ctx, st, logger, demoMode)
	if err != nil {
		return err
	}
	deadlines := newDeadlines(ctx, st, logger, demoMode)
	defer deadlines.Close()
	a := app.New(app.Config{Store: st, Logger: logger, Version: version, Demo: demoMode, KeychainErr: keyErr,
		SLA: deadlines, Agent: agentName(), Secrets: sync.secrets, Registry: registry.Factories(), Specs: registry.Specs(), Engine: sync.engine})
	title, id := "Care Inbox", "careinbox"
	if demoMode {
		title, id = "Care Inbox — Demo workspace (sample data)", "careinbox-demo"
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
		BackgroundColour:   &options.RGBA{R: 248, G: 249, B: 251, A: 1},
		OnStartup:          a.Startup,
		OnShutdown:         a.Shutdown,
		Bind:               a.Bind(),
		EnumBind:           app.Enums(),
		ErrorFormatter:     app.FormatError,
		SingleInstanceLock: &options.SingleInstanceLock{UniqueId: "org.careinbox." + id},
		Linux:              &linux.Options{ProgramName: "careinbox"},
	})
}
