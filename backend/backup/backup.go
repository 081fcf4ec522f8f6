// Package backup makes consistent copies of the workspace database while the
// app runs, keeps a daily one with retention, and restores one.
//
// A backup is VACUUM INTO on a reader connection (one snapshot, so syncs
// keep writing), written beside its final name, checked with PRAGMA
// integrity_check and only then renamed into place. Secrets are never in it:
// they live in the OS keychain, not in the database.
//
// A restore is staged, not swapped under a running app: Stage verifies the
// backup and copies it next to the database as careinbox.db.restore; at the
// next start, before the database is opened, Apply moves the current database
// aside (with its -wal and -shm, renamed with the staged file's time) and
// renames the staged file into place. Every step is a rename, each is
// repeated harmlessly after a crash, and no connection of the running app
// can be writing to a file while it moves.
package backup

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"careinbox/backend/store"
	"careinbox/backend/wakeup"
)

// Store is what backups need from the open workspace.
type Store interface {
	BackupTo(ctx context.Context, path string) error
	BackupSettings(ctx context.Context) (store.BackupSettings, error)
	SaveBackupSettings(ctx context.Context, daily bool, keep int) error
	MarkScheduledBackup(ctx context.Context, at time.Time) error
}

// Info describes one backup file.
type Info struct {
	Path string
	Size int64
	At   time.Time
}

// Service makes backups of one workspace.
type Service struct {
	store  Store
	dir    string
	now    func() time.Time
	log    *slog.Logger
	wake   wakeup.Signal
	delay  time.Duration
	onDone func(Info, error) // tests: each scheduled backup's outcome
}

// Config builds a Service.
type Config struct {
	Store Store
	Dir   string // the backups folder (created on first use)
	Now   func() time.Time
	// FirstDelay is how long after start the first due scheduled backup
	// waits, so it does not compete with start-up (0: at once).
	FirstDelay time.Duration
	Logger     *slog.Logger
	// OnScheduled, when set, is told of every scheduled backup (tests).
	OnScheduled func(Info, error)
}

// New builds a Service.
func New(c Config) *Service {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return &Service{store: c.Store, dir: c.Dir, now: c.Now, log: c.Logger, wake: wakeup.NewSignal(),
		delay: c.FirstDelay, onDone: c.OnScheduled}
}

// Dir is the backups folder.
func (s *Service) Dir() string { return s.dir }

// namePrefix and nameLayout name the backups in the folder; the time sorts.
const (
	namePrefix = "careinbox-backup-"
	nameLayout = "20060102-150405"
)

// Backup writes a consistent, verified backup to path ("" : a new file in
// the backups folder) and returns it. An existing file at path is replaced
// only once the new backup is complete and verified.
func (s *Service) Backup(ctx context.Context, path string) (Info, error) {
	at := s.now()
	if path == "" {
		if err := os.MkdirAll(s.dir, 0o700); err != nil {
			return Info{}, fmt.Errorf("backups folder: %w", err)
		}
		path = filepath.Join(s.dir, namePrefix+at.UTC().Format(nameLayout)+".db")
	}
	tmp := path + ".partial"
	os.Remove(tmp) // left by a crash mid-backup
	if err := s.store.BackupTo(ctx, tmp); err != nil {
		return Info{}, err
	}
	if _, err := store.VerifyFile(ctx, tmp); err != nil {
		os.Remove(tmp)
		return Info{}, fmt.Errorf("backup failed its check: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		os.Remove(tmp)
		return Info{}, err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return Info{}, fmt.Errorf("backup: %w", err)
	}
	syncDir(filepath.Dir(path))
	st, err := os.Stat(path)
	if err != nil {
		return Info{}, fmt.Errorf("backup: %w", err)
	}
	return Info{Path: path, Size: st.Size(), At: at}, nil
}

// List lists the backups in the backups folder, newest first.
func (s *Service) List() ([]Info, error) {
	entries, err := os.ReadDir(s.dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list backups: %w", err)
	}
	var out []Info
	for _, e := range entries {
		stamp, ok := strings.CutPrefix(e.Name(), namePrefix)
		if !ok || !strings.HasSuffix(stamp, ".db") || e.IsDir() {
			continue
		}
		at, err := time.Parse(nameLayout, strings.TrimSuffix(stamp, ".db"))
		if err != nil {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		out = append(out, Info{Path: filepath.Join(s.dir, e.Name()), Size: info.Size(), At: at})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	return out, nil
}

// Prune deletes the backups in the folder beyond the newest keep.
func (s *Service) Prune(keep int) ([]string, error) {
	list, err := s.List()
	if err != nil {
		return nil, err
	}
	var removed []string
	for i := keep; i < len(list); i++ {
		if err := os.Remove(list[i].Path); err != nil && !os.IsNotExist(err) {
			return removed, fmt.Errorf("prune backups: %w", err)
		}
		removed = append(removed, list[i].Path)
	}
	return removed, nil
}

// Settings reads the scheduled backup's settings.
func (s *Service) Settings(ctx context.Context) (store.BackupSettings, error) {
	return s.store.BackupSettings(ctx)
}

// SaveSettings changes the schedule and wakes the loop to follow it.
func (s *Service) SaveSettings(ctx context.Context, daily bool, keep int) error {
	if err := s.store.SaveBackupSettings(ctx, daily, keep); err != nil {
		return err
	}
	s.wake.Notify()
	return nil
}

// Interval is the time between scheduled backups.
const Interval = 24 * time.Hour

// Run makes the scheduled daily backup until ctx ends. It sleeps until the
// next one is due (a day after the last, recorded in the database so a
// restart does not repeat it) or the settings change — never a poll.
func (s *Service) Run(ctx context.Context) error {
	notBefore := s.now().Add(s.delay)
	for {
		set, err := s.store.BackupSettings(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			s.log.Warn("scheduled backup: settings unreadable", "err", err)
			set = store.BackupSettings{}
		}
		next := nextDue(set, notBefore)
		if !wakeup.Sleep(ctx, s.now, next, Interval, s.wake) {
			return ctx.Err()
		}
		if !set.Daily || s.now().Before(next) {
			continue // woken by a change of settings: read them again
		}
		info, err := s.Backup(ctx, "")
		if err == nil {
			err = s.store.MarkScheduledBackup(ctx, info.At)
		}
		if err == nil {
			_, err = s.Prune(set.Keep)
		}
		if err != nil {
			s.log.Warn("scheduled backup failed", "err", err)
			// Try again in an hour rather than at once.
			notBefore = s.now().Add(time.Hour)
		} else {
			s.log.Info("scheduled backup made", "path", info.Path, "bytes", info.Size)
		}
		if s.onDone != nil {
			s.onDone(info, err)
		}
	}
}

// nextDue is when the next scheduled backup is due: a day after the last,
// not before notBefore; zero when none is scheduled.
func nextDue(set store.BackupSettings, notBefore time.Time) time.Time {
	if !set.Daily {
		return time.Time{}
	}
	next := set.LastAt.Add(Interval)
	if next.Before(notBefore) {
		next = notBefore
	}
	return next
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return nil
}

// syncDir makes a rename in dir durable (best effort: not every system can).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
