// Package app is the only package that imports the Wails runtime. It binds
// small API structs to the front end and turns store deltas into events.
package app

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"careinbox/backend/store"
)

// Config is what the app needs from main.
type Config struct {
	Store   *store.Store
	Logger  *slog.Logger
	Version string
	Demo    bool
	// KeychainErr is the result of probing the keychain at start; nil when usable.
	KeychainErr error
	Agent       string // the name notes are signed with
}

// App owns the Wails lifecycle and the bound APIs.
type App struct {
	cfg       Config
	mu        sync.RWMutex
	ctx       context.Context
	emitter   *Emitter
	unsub     func()
	Inbox     *InboxAPI
	Workspace *WorkspaceAPI
}

// New builds the app and its APIs; nothing runs until Startup.
func New(cfg Config) *App {
	a := &App{cfg: cfg, ctx: context.Background()}
	info := InfoDTO{Version: cfg.Version, Demo: cfg.Demo, DatabasePath: cfg.Store.Path(), KeychainOK: cfg.KeychainErr == nil}
	if cfg.KeychainErr != nil {
		info.KeychainMessage = cfg.KeychainErr.Error()
	}
	a.Inbox = &InboxAPI{ctx: a.context, store: cfg.Store, agent: cfg.Agent}
	a.Workspace = &WorkspaceAPI{ctx: a.context, store: cfg.Store, info: info}
	return a
}

// Bind lists the structs whose exported methods the front end may call.
func (a *App) Bind() []any { return []any{a.Inbox, a.Workspace} }

func (a *App) context() context.Context {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.ctx
}

// Startup is Wails' OnStartup hook. The runtime needs this exact context:
// runtime calls with any other context abort the process.
func (a *App) Startup(ctx context.Context) {
	a.mu.Lock()
	a.ctx = ctx
	a.mu.Unlock()
	a.Workspace.openURL = func(u string) { runtime.BrowserOpenURL(ctx, u) }
	a.emitter = NewEmitter(func(name string, data any) { runtime.EventsEmit(ctx, name, data) }, 150*time.Millisecond)
	a.unsub = a.cfg.Store.Subscribe(a.emitter.Add)
	a.cfg.Logger.Info("app started", "demo", a.cfg.Demo, "db", a.cfg.Store.Path())
}

// Shutdown is Wails' OnShutdown hook.
func (a *App) Shutdown(ctx context.Context) {
	if a.unsub != nil {
		a.unsub()
	}
	if a.emitter != nil {
		a.emitter.Close(ctx)
	}
	a.cfg.Logger.Info("app stopped")
}
