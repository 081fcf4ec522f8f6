// Package core opens a Care Inbox workspace and runs its background work.
//
// A workspace is one profile's files (database, log), its keychain, the sync
// engine, the deadline service and the snooze waker. Open builds them all;
// Run runs every background loop until its context ends; Close releases the
// files. The window (app/) and the headless commands (cli/) both start here,
// so they cannot drift apart in how a workspace is put together.
package core

import (
	"careinbox/backend/archive"
	"careinbox/backend/archive/formats"
	"careinbox/backend/csat"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	"careinbox/backend/backup"
	"careinbox/backend/connector"
	"careinbox/backend/connector/registry"
	"careinbox/backend/deadline"
	"careinbox/backend/deadline/tracker"
	"careinbox/backend/demo"
	"careinbox/backend/engine"
	"careinbox/backend/events"
	"careinbox/backend/handles"
	"careinbox/backend/insights"
	"careinbox/backend/listen"
	"careinbox/backend/logfile"
	"careinbox/backend/notify"
	"careinbox/backend/platform"
	"careinbox/backend/report"
	"careinbox/backend/secrets"
	"careinbox/backend/sentiment"
	"careinbox/backend/snooze"
	"careinbox/backend/store"
)

// Options choose which workspace to open and how.
type Options struct {
	DataDir string // empty: the user's data directory
	Demo    bool   // the labelled sample workspace, with a pretend network
	// Log receives a copy of every log line besides the log file (stderr for
	// the window; io.Discard for commands that print JSON). Nil discards.
	Log io.Writer
	// ProbeKeychain checks at open that the OS keychain answers, so the window
	// can say plainly when it does not. Commands skip it: a missing keychain
	// can take seconds to time out.
	ProbeKeychain bool
	// Notifier shows desktop notifications; nil uses the system's (beeep).
	Notifier notify.Notifier
	// OpenBrowser shows a sign-in page in the system browser (the window's);
	// nil where there is none.
	OpenBrowser func(url string) error
	// ReadOnly opens the workspace to read and search only (a backup, a copy
	// on read-only media): nothing is synced, sent or changed. A workspace
	// whose files cannot be written is opened this way by itself.
	ReadOnly bool
	// ApplyRestore puts a restore staged by the last run in place before
	// the database opens: the window's start only, never a command that may
	// run beside an open window (it would rename the window's open file).
	ApplyRestore bool
}

// Workspace is an open profile with every service built but not yet running.
type Workspace struct {
	Paths  platform.Paths
	Logger *slog.Logger
	Bus    *events.Bus
	Store  *store.Store
	// Secrets is the keychain (an in-memory one for the demo, which never
	// touches the user's keychain); KeychainErr gives the probe's answer.
	Secrets secrets.Store
	// Networks are the real networks a handle can be connected to (also in
	// the demo, whose engine syncs a pretend network instead); Specs their forms.
	Networks connector.Registry
	Specs    []connector.Spec
	Engine   *engine.Engine
	// Deadlines keeps every deadline current; Notices announces them; Opens
	// carries clicks on notifications to the window.
	Deadlines *tracker.Service
	Notices   *notify.Announcer
	Opens     *notify.Opens
	// Reports builds service-level reports (read-only, also on a read-only copy).
	Reports *report.Service
	// Insights says what customers write about (read-only too).
	Insights *insights.Service
	// Importer imports official archives into a handle's history.
	Importer *archive.Runner
	Waker    snooze.Waker
	// Surveys asks due satisfaction surveys through the outbox.
	Surveys csat.Sender
	// Scoring scores messages stored before sentiment scoring existed, once.
	Scoring sentiment.Backfill
	// Handles connects, signs in, checks and removes handles.
	Handles *handles.Service
	// Backups makes backups (one click, and the scheduled daily one).
	Backups *backup.Service
	// RestoredFrom is set when this start applied a staged restore: where
	// the database that was replaced was kept.
	RestoredFrom *Restored
	// Listening runs the listening searches through the handles' connectors.
	Listening *listen.Service
	Demo      bool
	// ReadOnly: opened to read only (asked for, or the files cannot be
	// written); Run then starts nothing.
	ReadOnly bool

	notifier notify.Notifier
	// ownNotifier: the workspace built the notifier (not Options.Notifier),
	// so it closes it.
	ownNotifier bool
	logFile     io.WriteCloser
	closed      sync.Once
	// keychainDone is closed once the keychain probe has answered into
	// keychainErr (keychain.go).
	keychainDone chan struct{}
	keychainErr  error
}

// Notifier is the desktop notifier the workspace announces deadlines with
// (for the window's own notices, e.g. "still watching" on the first close).
func (w *Workspace) Notifier() notify.Notifier { return w.notifier }

// LogPath is the profile's log file (rotated by size, see backend/logfile).
func (w *Workspace) LogPath() string { return logPath(w.Paths, w.Demo) }

func logPath(p platform.Paths, demo bool) string {
	return filepath.Join(p.LogDir, logfile.Name(demo))
}

// Open resolves the profile's paths, opens its log and database (generating
// the demo data on first use) and builds its services. Nothing runs until Run.
func Open(ctx context.Context, opts Options) (*Workspace, error) {
	paths, err := platform.Resolve(opts.DataDir, opts.Demo)
	if err != nil {
		return nil, err
	}
	if err := paths.Ensure(); err != nil {
		return nil, err
	}
	mirror := opts.Log
	if mirror == nil {
		mirror = io.Discard
	}
	// A log that cannot be written (a read-only copy, a full disk) must not
	// stop the app nor silence the other copy of each line.
	logFile, logErr := logfile.Open(logPath(paths, opts.Demo), logfile.Options{})
	sinks := tee{mirror}
	if logErr == nil {
		sinks = tee{logFile, mirror}
	}
	w := &Workspace{Paths: paths, Demo: opts.Demo, logFile: logFile, Bus: events.New(),
		Logger: slog.New(slog.NewTextHandler(sinks, &slog.HandlerOptions{Level: slog.LevelInfo}))}
	if logErr != nil {
		w.Logger.Warn("no log file; logging to the console only", "err", logErr)
	}
	if err := w.open(ctx, opts); err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

func (w *Workspace) open(ctx context.Context, opts Options) error {
	if opts.Demo {
		if err := freshDemo(ctx, w.Paths.Database, w.Logger); err != nil {
			return err
		}
	}
	if opts.ApplyRestore && !opts.ReadOnly {
		// A restore staged by the last run is put in place before the
		// database is opened (backend/backup: crash-safe renames).
		aside, applied, err := backup.Apply(w.Paths.Database)
		if err != nil {
			return err
		}
		if applied {
			w.RestoredFrom = &Restored{Aside: aside}
			w.Logger.Info("restored a backup", "kept_aside", aside)
		}
	}
	st, err := w.openStore(ctx, opts)
	if err != nil {
		return err
	}
	w.Store = st
	w.Specs = registry.Specs()
	keychain := secrets.NewKeyring(keychainService(opts.Demo))
	w.probeKeychain(ctx, keychain, opts.ProbeKeychain)
	w.Networks = registry.Factories()
	var syncWith connector.Registry
	w.Secrets, syncWith = keychain, w.Networks
	appName := "Care Inbox"
	if opts.Demo {
		// The demo syncs against a pretend network with in-memory credentials:
		// it never reads or writes the real keychain nor contacts a service.
		mem := secrets.NewMemory()
		handles, err := st.Handles(ctx)
		if err != nil {
			return err
		}
		for _, h := range handles {
			if err := engine.SaveSecrets(ctx, mem, h.ID, map[string]string{"demo": "sample"}); err != nil {
				return err
			}
		}
		w.Secrets, syncWith = mem, demo.Registry(1500*time.Millisecond)
		appName = "Care Inbox (demo)"
	}
	w.Opens = &notify.Opens{}
	notifier := opts.Notifier
	if notifier == nil {
		notifier, w.ownNotifier = notify.NewSystem(appName, w.Opens), true
	}
	w.notifier = notifier
	// The demo's data age is not held against it; failing handles still are.
	stale := deadline.StaleAfter(!opts.Demo)
	w.Notices = notify.NewAnnouncer(notify.AnnouncerConfig{Store: st, Notifier: notifier, Logger: w.Logger,
		StaleAfter: stale, Wake: w.kickDeadlines})
	// Listening searches run in the engine, as its lowest lane (after live
	// sync and backfill): through the handles' own connectors, never beside
	// a handle's sync and never in the worker live sync needs. Its surges'
	// notifications wait with the deadlines' (the pause, quiet hours), and
	// whether they show is the window's notification health too.
	w.Listening = listen.New(listen.Config{Store: st, Notifier: w.Notices.Observed(notifier), Hold: w.Notices, Logger: w.Logger.With("loop", "listen")})
	w.Engine = engine.New(engine.Config{Store: st, Secrets: w.Secrets, Registry: syncWith, Logger: w.Logger,
		OnJob: w.onJob, Listening: w.Listening})
	w.Deadlines = tracker.New(tracker.Config{Store: st, Deltas: w.Bus, Announcer: w.Notices, Logger: w.Logger, StaleAfter: stale,
		Settle: tracker.DefaultSettle})
	w.Reports = report.New(st, time.Local, nil)
	// A year's report memo is ~265 MB of heap on the 1 M archive: handed back
	// once the Reports screen has been left alone for a while.
	w.Reports.ReleaseIdle(report.DefaultMemoIdle, debug.FreeOSMemory)
	w.Insights = insights.New(st)
	w.Importer = &archive.Runner{Store: st, Open: formats.Open}
	// Both sleep until their next time is due; a changed conversation (a
	// snooze set, a resolve that schedules a survey) wakes them early.
	w.Waker = snooze.Waker{Store: st, Logger: w.Logger, Changes: w.Bus}
	w.Surveys = csat.Sender{Store: st, Logger: w.Logger, Wake: w.Engine.Wake, Changes: w.Bus}
	// 250 customer messages per transaction (≈ 10–50 ms of the writer), then a
	// pause for syncs: the 1 M-message archive is scored in about 2 minutes
	// (docs/BENCHMARKS.md).
	w.Scoring = sentiment.Backfill{Store: st, Logger: w.Logger, Batch: 250, Pause: 50 * time.Millisecond}
	w.Handles = handles.New(handles.Config{Store: st, Secrets: w.Secrets, Registry: w.Networks, Specs: w.Specs,
		Engine: w.Engine, OpenBrowser: opts.OpenBrowser, Logger: w.Logger, Demo: opts.Demo})
	w.Backups = backup.New(backup.Config{Store: st, Dir: filepath.Join(w.Paths.DataDir, "backups"),
		FirstDelay: backupDelay, Logger: w.Logger})
	return nil
}

// backupDelay is how long after start a due daily backup waits (it reads the
// whole file, like the integrity check).
const backupDelay = 10 * time.Minute

// Restored says a staged restore was applied when the workspace opened.
type Restored struct {
	Aside string // the replaced database, kept ("" when there was none)
}

// StageRestore checks a backup and stages it to replace the database at the
// next start (backend/backup.Stage); it lists the backup's handles whose
// sign-in is missing from the keychain.
func (w *Workspace) StageRestore(ctx context.Context, path string) (backup.Staged, error) {
	if w.ReadOnly || w.Demo {
		return backup.Staged{}, errors.New("restore: this workspace is read-only or the demo")
	}
	return backup.Stage(ctx, path, w.Paths.Database, w.Secrets, engine.SecretKey)
}

// NeedSignIn lists the workspace's handles whose keychain entry is missing:
// after a restore (or a move to another computer) they must sign in again.
func (w *Workspace) NeedSignIn(ctx context.Context) ([]store.FileHandle, error) {
	hs, err := w.Store.Handles(ctx)
	if err != nil {
		return nil, err
	}
	clients, err := w.Store.Clients(ctx)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, c := range clients {
		names[c.ID] = c.Name
	}
	list := make([]store.FileHandle, len(hs))
	for i, h := range hs {
		list[i] = store.FileHandle{ID: h.ID, Network: string(h.Network), DisplayName: h.DisplayName, ClientName: names[h.ClientID]}
	}
	return backup.NeedSignIn(ctx, list, w.Secrets, engine.SecretKey)
}

// openStore opens the database to write, or to read only when asked or when
// its files cannot be written (read-only media, another user's folder).
func (w *Workspace) openStore(ctx context.Context, opts Options) (*store.Store, error) {
	if !opts.ReadOnly {
		st, err := store.Open(ctx, w.Paths.Database, store.WithPublisher(w.Bus))
		if err == nil || !cannotWrite(err) {
			return st, err
		}
		if _, serr := os.Stat(w.Paths.Database); serr != nil {
			return nil, err // nothing there to read either
		}
		w.Logger.Warn("the workspace cannot be written; opening it read-only", "err", err)
	}
	w.ReadOnly = true
	return store.Open(ctx, w.Paths.Database, store.ReadOnly(), store.WithPublisher(w.Bus))
}

func cannotWrite(err error) bool {
	return errors.Is(err, store.ErrReadOnly) || errors.Is(err, store.ErrCannotOpen) ||
		errors.Is(err, syscall.EROFS) || errors.Is(err, fs.ErrPermission)
}

// Run runs every background loop — sync and outbox, deadlines and their
// notifications, snooze wake-ups — until ctx ends, then waits for all of
// them to stop. A loop that fails does not stop the others; their errors are
// joined.
func (w *Workspace) Run(ctx context.Context) error {
	w.Logger.Info("workspace running", "demo", w.Demo, "read_only", w.ReadOnly, "db", w.Paths.Database)
	if w.ReadOnly {
		<-ctx.Done() // a copy to read: nothing to sync, send or recompute
		w.Logger.Info("workspace stopped")
		return nil
	}
	w.Deadlines.Start(ctx)
	defer w.Deadlines.Close()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		// Reading the whole file competes with start-up (first rows, the
		// first sync): wait until the app has settled.
		t := time.NewTimer(integrityDelay)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		checkIntegrity(ctx, w.Store, w.notifier, w.Logger)
		// Start-up's work is done (the first sync, the first deadline pass
		// over every open conversation, this check): hand the heap it
		// left behind back to the OS now. Go's scavenger would take minutes
		// to, and the app then sits idle in the background at ~10 MB less.
		debug.FreeOSMemory()
	}()
	loops := []func(context.Context) error{w.Engine.Run, w.Waker.Run, w.Scoring.Run, w.Surveys.Run, w.Listening.Run}
	if !w.Demo { // the demo is regenerated daily: nothing to keep
		loops = append(loops, w.Backups.Run)
	}
	errs := make([]error, len(loops))
	for i, loop := range loops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := loop(ctx); err != nil && !errors.Is(err, context.Canceled) {
				errs[i] = err
			}
		}()
	}
	wg.Wait()
	w.Logger.Info("workspace stopped")
	return errors.Join(errs...)
}

// integrityDelay is how long after start the integrity check waits.
const integrityDelay = time.Minute

// checkIntegrity reads the whole database once after start, in the
// background, and tells the user at once if the file is damaged: found
// early, a backup is still fresh.
func checkIntegrity(ctx context.Context, st interface{ Check(context.Context) error }, n notify.Notifier, log *slog.Logger) {
	err := st.Check(ctx)
	switch {
	case err == nil:
		log.Info("database integrity check passed")
	case errors.Is(err, store.ErrCorrupt):
		log.Error("database integrity check failed", "err", err)
		_ = n.Notify(ctx, notify.Notification{Key: "integrity", Title: "Care Inbox found damage in its database",
			Body: "Some stored conversations may be unreadable. Keep a copy of your data folder and restore a backup if messages are missing."})
	case ctx.Err() == nil:
		log.Warn("database integrity check could not run", "err", err)
	}
}

// kickDeadlines wakes the deadline loop (a quiet-hours edit must take
// effect at once).
func (w *Workspace) kickDeadlines() {
	if w.Deadlines != nil {
		w.Deadlines.Kick()
	}
}

// onJob ends the deadline service's settling when a sync job has written its
// last page: no more of the burst is coming, so the pages' deadlines follow
// at once instead of after the quiet gap.
func (w *Workspace) onJob(ev engine.JobEvent) {
	if ev.Kind == engine.JobSync && !ev.Start && !ev.More && w.Deadlines != nil {
		w.Deadlines.EndBurst()
	}
}

// Close releases the database and the log. Stop Run first.
func (w *Workspace) Close() error {
	var err error
	w.closed.Do(func() {
		if w.keychainDone != nil {
			<-w.keychainDone // the probe logs to the file closed below
		}
		if c, ok := w.notifier.(io.Closer); ok && w.ownNotifier {
			err = c.Close() // the system notifier's bus connection
		}
		if w.Store != nil {
			err = errors.Join(err, w.Store.Close())
		}
		if w.logFile != nil {
			err = errors.Join(err, w.logFile.Close())
		}
	})
	return err
}

// tee writes each log line to every sink, whatever one of them answers:
// io.MultiWriter stops at the first failure, so a full disk under the log
// file would also silence stderr.
type tee []io.Writer

func (t tee) Write(p []byte) (int, error) {
	for _, w := range t {
		_, _ = w.Write(p)
	}
	return len(p), nil
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

func keychainService(demoMode bool) string {
	if demoMode {
		return "careinbox-demo"
	}
	return "careinbox"
}

// The SQLite store is one implementation of the seams its consumers declare.
var (
	_ engine.Store  = (*store.Store)(nil)
	_ snooze.Store  = (*store.Store)(nil)
	_ handles.Store = (*store.Store)(nil)

	_ tracker.Store     = (*store.Store)(nil)
	_ notify.EventStore = (*store.Store)(nil)
	_ tracker.Announcer = (*notify.Announcer)(nil)
)
