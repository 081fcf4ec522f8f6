// Package app is the only package that imports the Wails runtime. It binds
// small API structs to the front end and turns store deltas into events.
package app

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"careinbox/backend/connector"
	"careinbox/backend/deadline/tracker"
	"careinbox/backend/engine"
	"careinbox/backend/notify"
	"careinbox/backend/secrets"
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
	// Secrets, Registry and Specs connect handles; Engine syncs them (nil
	// in headless commands that only read).
	Secrets  secrets.Store
	Registry connector.Registry
	Specs    []connector.Spec
	Engine   *engine.Engine
	// Deadlines keeps deadlines current and Notices announces them (both nil
	// in headless commands).
	Deadlines *tracker.Service
	Notices   *notify.Announcer
}

// App owns the Wails lifecycle and the bound APIs.
type App struct {
	cfg       Config
	mu        sync.RWMutex
	ctx       context.Context
	emitter   *Emitter
	unsub     func()
	stopSync  context.CancelFunc
	syncDone  chan struct{}
	Inbox     *InboxAPI
	Workspace *WorkspaceAPI
	Handles   *HandlesAPI
	Triage    *TriageAPI
	Compose   *ComposeAPI
	Search    *SearchAPI
	Deadlines *DeadlinesAPI
	stopWake  context.CancelFunc
}

// New builds the app and its APIs; nothing runs until Startup.
func New(cfg Config) *App {
	a := &App{cfg: cfg, ctx: context.Background()}
	info := InfoDTO{Version: cfg.Version, Demo: cfg.Demo, DatabasePath: cfg.Store.Path(), KeychainOK: cfg.KeychainErr == nil}
	if cfg.KeychainErr != nil {
		info.KeychainMessage = cfg.KeychainErr.Error()
	}
	a.Inbox = &InboxAPI{ctx: a.context, store: cfg.Store, agent: cfg.Agent, deadlines: cfg.Deadlines}
	a.Deadlines = &DeadlinesAPI{ctx: a.context, svc: cfg.Deadlines, notices: cfg.Notices}
	if cfg.Engine != nil {
		a.Inbox.wake = cfg.Engine.Wake
	}
	if cfg.Secrets == nil {
		cfg.Secrets = secrets.NewMemory()
	}
	a.Handles = &HandlesAPI{ctx: a.context, store: cfg.Store, secrets: cfg.Secrets, registry: cfg.Registry,
		specs: cfg.Specs, engine: cfg.Engine, demo: cfg.Demo}
	a.Workspace = &WorkspaceAPI{ctx: a.context, store: cfg.Store, info: info}
	a.Triage = &TriageAPI{ctx: a.context, store: cfg.Store, log: cfg.Logger, now: time.Now}
	a.Compose = &ComposeAPI{ctx: a.context, store: cfg.Store, agent: cfg.Agent, now: time.Now, wake: a.Inbox.wake}
	a.Search = &SearchAPI{ctx: a.context, store: cfg.Store}
	return a
}

// Bind lists the structs whose exported methods the front end may call.
func (a *App) Bind() []any {
	return []any{a.Inbox, a.Workspace, a.Handles, a.Triage, a.Compose, a.Search, a.Deadlines}
}

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
	a.Handles.openURL = a.Workspace.openURL
	a.emitter = NewEmitter(func(name string, data any) { runtime.EventsEmit(ctx, name, data) }, 150*time.Millisecond)
	a.unsub = a.cfg.Store.Subscribe(a.emitter.Add)
	if a.cfg.Engine != nil {
		// The engine outlives no window: it gets its own context, cancelled
		// in Shutdown, never the Wails one.
		syncCtx, cancel := context.WithCancel(context.Background())
		a.stopSync, a.syncDone = cancel, make(chan struct{})
		go func() {
			defer close(a.syncDone)
			_ = a.cfg.Engine.Run(syncCtx)
		}()
	}
	// Snoozed conversations wake at their time (own context, like the engine).
	wakeCtx, stopWake := context.WithCancel(context.Background())
	a.stopWake = stopWake
	go a.Triage.runWaker(wakeCtx)
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
	if a.stopWake != nil {
		a.stopWake()
	}
	if a.stopSync != nil {
		a.stopSync()
		<-a.syncDone
	}
	a.cfg.Logger.Info("app stopped")
}
