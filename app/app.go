// Package app is the only package that imports the Wails runtime. It binds
// small API structs to the front end and turns store deltas into events.
package app

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"careinbox/backend/deadline/tracker"
	"careinbox/backend/engine"
	"careinbox/backend/events"
	"careinbox/backend/handles"
	"careinbox/backend/inbox"
	"careinbox/backend/insights"
	"careinbox/backend/listen"
	"careinbox/backend/notify"
	"careinbox/backend/report"
)

// Config is what the app needs from the composition root (main.go).
type Config struct {
	Store Store
	// Deltas announces committed changes; the app turns them into
	// front-end events. Nil in headless use.
	Deltas  events.Subscriber
	Logger  *slog.Logger
	Version string
	Demo    bool
	// Keychain answers the keychain probe made at start (nil: usable),
	// waiting for it if it is still running; nil when nothing was probed.
	Keychain func() error
	// Agent is the name replies and notes are signed with while the
	// workspace has set none (tests, headless use); the composition root
	// never passes the operating system's login name.
	Agent string
	// Handles connects, checks and removes handles; the composition root
	// builds it with the connectors (nil: a service that knows no network,
	// for headless commands that only read). Browser is the system browser
	// the composition root gave that service (nil: a new one); Startup
	// connects it to the window.
	Handles *handles.Service
	Browser *Browser
	// Engine wakes the sync (nil in headless commands that only read). The
	// engine and every other background loop run in backend/core, not here.
	Engine *engine.Engine
	// ReadOnly: the workspace is a copy opened to read and search only.
	ReadOnly bool
	// Problem is why the user's workspace did not open; the window then runs
	// over an empty stand-in workspace and shows only this.
	Problem *ProblemDTO
	// Deadlines keeps deadlines current and Notices announces them (both nil
	// in headless commands).
	Deadlines *tracker.Service
	Notices   *notify.Announcer
	// Opens reports clicks on notifications; the window then shows the
	// conversation (nil: none, in headless commands).
	Opens opensSubscriber
	// Reports builds the Reports screen's figures (nil: none in this window).
	Reports *report.Service
	// Insights builds the Reports screen's insights (nil: none in this window).
	Insights *insights.Service
	// Listening runs and edits listening searches (nil: none in this window).
	Listening *listen.Service
	// OpenSample starts the sample workspace in a window of its own (nil:
	// not offered, e.g. in headless commands).
	OpenSample func() error
	// Data wires the Data screen (exports, backups, restore, forgetting).
	Data DataConfig
	// Desktop: start at login, diagnostics, the folders, the first-hide notice.
	Desktop DesktopConfig
	// Importer imports official archives (nil: not offered).
	Importer Importer
}

// Store is what the bound APIs read and change, as each declares it beside
// itself; the composition root passes the SQLite store.
type Store interface {
	inboxStore
	triageStore
	composeStore
	voiceStore
	csatStore
	csatDemoStore
	publicCloseStore
	searchStore
	workspaceStore
	handles.Store
	reportDocStore
	backfillStore
	dataStore
	// Path is the database file, shown in Settings.
	Path() string
}

// App owns the Wails lifecycle and the bound APIs.
type App struct {
	cfg       Config
	mu        sync.RWMutex
	ctx       context.Context
	emitter   *Emitter
	unsub     func()
	unsubOpen func()
	Inbox     *InboxAPI
	Workspace *WorkspaceAPI
	Handles   *HandlesAPI
	Triage    *TriageAPI
	Compose   *ComposeAPI
	Closes    *PublicCloseAPI
	Search    *SearchAPI
	Deadlines *DeadlinesAPI
	Reports   *ReportsAPI
	Insights  *InsightsAPI
	Voice     *VoiceAPI
	CSAT      *CSATAPI
	Data      *DataAPI
	Listen    *ListenAPI
	Import    *ImportAPI
	Desktop   *DesktopAPI
	Backfill  *BackfillAPI

	desktop   desktop
	isStarted bool
	tray      trayState

	firstRows     chan struct{}
	firstRowsOnce sync.Once
}

// FirstRowsEvent is the event the front end emits once, when its first
// conversation rows are painted (frontend/src/lib/startMark.ts).
const FirstRowsEvent = "careinbox:first-rows"

// FirstRows is closed when the window reports its first rows on screen, so
// start-up work that can wait (syncing, deadline passes, backfills) does not
// compete with the window for the machine before then.
func (a *App) FirstRows() <-chan struct{} { return a.firstRows }

func (a *App) firstRowsShown() { a.firstRowsOnce.Do(func() { close(a.firstRows) }) }

// New builds the app and its APIs; nothing runs until Startup.
func New(cfg Config) *App {
	a := &App{cfg: cfg, ctx: context.Background(), firstRows: make(chan struct{})}
	info := InfoDTO{Version: cfg.Version, Demo: cfg.Demo, DatabasePath: cfg.Store.Path(), Problem: cfg.Problem, ReadOnly: cfg.ReadOnly}
	sign := &signer{store: cfg.Store, fallback: cfg.Agent, limits: map[inbox.Network]int{}, privateLimits: map[inbox.Network]int{}}
	a.Inbox = &InboxAPI{ctx: a.context, store: cfg.Store, signer: sign, deadlines: cfg.Deadlines}
	a.Deadlines = &DeadlinesAPI{ctx: a.context, svc: cfg.Deadlines, notices: cfg.Notices, pauseChanged: a.pokeTray}
	if cfg.Engine != nil {
		a.Inbox.wake = cfg.Engine.Wake
	}
	if cfg.Browser == nil {
		cfg.Browser = NewBrowser()
	}
	if cfg.Handles == nil {
		hc := handles.Config{Store: cfg.Store, Logger: cfg.Logger, Demo: cfg.Demo, OpenBrowser: cfg.Browser.Open}
		if cfg.Engine != nil { // a nil *Engine must not become a non-nil interface
			hc.Engine = cfg.Engine
		}
		cfg.Handles = handles.New(hc)
	}
	a.cfg = cfg
	for _, sp := range cfg.Handles.Networks() {
		sign.limits[sp.Network] = sp.MaxLength
		sign.privateLimits[sp.Network] = sp.MaxPrivateLength
	}
	a.Handles = &HandlesAPI{ctx: a.context, svc: cfg.Handles}
	a.Workspace = &WorkspaceAPI{ctx: a.context, store: cfg.Store, info: info, keychain: cfg.Keychain, openSample: cfg.OpenSample}
	a.Triage = &TriageAPI{ctx: a.context, store: cfg.Store, log: cfg.Logger, now: time.Now}
	a.Compose = &ComposeAPI{ctx: a.context, store: cfg.Store, signer: sign, now: time.Now, wake: a.Inbox.wake}
	a.Voice = &VoiceAPI{ctx: a.context, store: cfg.Store, signer: sign, now: time.Now}
	a.CSAT = &CSATAPI{ctx: a.context, store: cfg.Store, wake: a.Inbox.wake, now: time.Now, demo: cfg.Demo, demoStore: cfg.Store}
	a.Search = &SearchAPI{ctx: a.context, store: cfg.Store}
	a.Closes = &PublicCloseAPI{ctx: a.context, store: cfg.Store, agent: sign.agentOf, now: time.Now, wake: a.Inbox.wake}
	a.Deadlines.closes = cfg.Store
	a.Reports = &ReportsAPI{ctx: a.context, svc: cfg.Reports, export: reportExport{settings: cfg.Store, now: time.Now}}
	a.Insights = &InsightsAPI{ctx: a.context, svc: cfg.Insights, reports: cfg.Reports}
	// Quit (not runtime.Quit): the close hook hides the window unless the
	// app is quitting, and a staged restore is applied only by a new start.
	a.Data = &DataAPI{ctx: a.context, store: cfg.Store, cfg: cfg.Data, now: time.Now, quit: func() { a.Quit() }}
	a.Listen = &ListenAPI{ctx: a.context, svc: cfg.Listening, handles: cfg.Store.Handles}
	a.Desktop = &DesktopAPI{app: a}
	a.Import = &ImportAPI{ctx: a.context, importer: cfg.Importer}
	a.Backfill = &BackfillAPI{ctx: a.context, store: cfg.Store}
	if cfg.Engine != nil {
		a.Backfill.engine = cfg.Engine
	}
	return a
}

// Bind lists the structs whose exported methods the front end may call.
func (a *App) Bind() []any {
	return []any{a.Inbox, a.Workspace, a.Handles, a.Triage, a.Compose, a.Search, a.Deadlines, a.Reports, a.Insights, a.Voice, a.CSAT, a.Closes, a.Import, a.Data, a.Listen, a.Desktop, a.Backfill}
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
	a.isStarted = true
	a.mu.Unlock()
	a.Workspace.openURL = func(u string) { runtime.BrowserOpenURL(ctx, u) }
	a.Reports.export.saveDialog = func(o runtime.SaveDialogOptions) (string, error) { return runtime.SaveFileDialog(ctx, o) }
	a.Data.saveDialog = a.Reports.export.saveDialog
	a.Data.openDialog = func(o runtime.OpenDialogOptions) (string, error) { return runtime.OpenFileDialog(ctx, o) }
	a.cfg.Browser.start(a.Workspace.openURL)
	a.Import.emit = func(name string, data any) { runtime.EventsEmit(ctx, name, data) }
	a.Import.pick = func(o runtime.OpenDialogOptions) (string, error) { return runtime.OpenFileDialog(ctx, o) }
	a.Import.pickFolder = func(o runtime.OpenDialogOptions) (string, error) { return runtime.OpenDirectoryDialog(ctx, o) }
	a.emitter = NewEmitter(func(name string, data any) { runtime.EventsEmit(ctx, name, data) }, 150*time.Millisecond)
	if a.cfg.Deltas != nil {
		a.unsub = a.cfg.Deltas.Subscribe(a.emitter.Add)
	}
	if a.cfg.Opens != nil {
		a.unsubOpen = a.cfg.Opens.Subscribe(openConversation(
			func(name string, data any) { runtime.EventsEmit(ctx, name, data) },
			func() { a.showWindow(ctx) }))
		if vs, ok := a.cfg.Opens.(viewSubscriber); ok {
			unsubConv := a.unsubOpen
			unsubView := vs.SubscribeViews(func(view string) {
				a.showWindow(ctx)
				runtime.EventsEmit(ctx, EventOpenView, view)
			})
			a.unsubOpen = func() { unsubConv(); unsubView() }
		}
	}
	if a.cfg.Notices != nil {
		// Told under the deadline service's lock: the window is told from a
		// goroutine of its own, which reads the pause without that lock.
		a.cfg.Notices.OnHealthChange(func() {
			go emitNotificationState(ctx, a.cfg.Notices, func(name string, data any) { runtime.EventsEmit(ctx, name, data) })
		})
	}
	runtime.EventsOnce(ctx, FirstRowsEvent, func(...any) { a.firstRowsShown() })
	a.startTray(ctx)
	a.cfg.Logger.Info("window started", "demo", a.cfg.Demo)
}

// Shutdown is Wails' OnShutdown hook.
func (a *App) Shutdown(ctx context.Context) {
	if a.cfg.Notices != nil {
		a.cfg.Notices.OnHealthChange(nil)
	}
	a.stopTray()
	if a.unsub != nil {
		a.unsub()
	}
	if a.unsubOpen != nil {
		a.unsubOpen()
	}
	if a.emitter != nil {
		a.emitter.Close(ctx)
	}
	a.cfg.Logger.Info("window closed")
}
