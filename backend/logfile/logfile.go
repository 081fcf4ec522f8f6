// Package logfile is the app's log on disk: one file per profile in the data
// directory's logs folder, rotated by size so it never fills a disk (a sync
// that fails every minute for a month writes a lot), with a few old files
// kept for "Copy diagnostics" and for support.
package logfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"gopkg.in/natefinch/lumberjack.v2"
)

// Defaults: 5 MB a file, the current one and 3 old ones (20 MB at most).
const (
	DefaultMaxMB   = 5
	DefaultBackups = 3
)

// Name is the log's file name: the sample workspace, which shares the logs
// folder with the real one, writes its own file so the two processes never
// rotate each other's.
func Name(demo bool) string {
	if demo {
		return "careinbox-demo.log"
	}
	return "careinbox.log"
}

// Options size the rotation; zero values take the defaults.
type Options struct {
	MaxMB   int // rotate when the file would pass this many megabytes
	Backups int // old files kept (careinbox-<time>.log beside the current one)
}

// Open opens (creating it, private to the user) the log at path, rotating
// by size. It fails at once when the file cannot be written, rather than on
// the first line, so the caller can say so and log to the console instead.
func Open(path string, o Options) (io.WriteCloser, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open log %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("open log %s: %w", path, err)
	}
	if o.MaxMB <= 0 {
		o.MaxMB = DefaultMaxMB
	}
	if o.Backups <= 0 {
		o.Backups = DefaultBackups
	}
	return &lumberjack.Logger{Filename: path, MaxSize: o.MaxMB, MaxBackups: o.Backups, LocalTime: true}, nil
}

// Files lists the log file at path and its rotated copies, oldest first.
func Files(path string) ([]string, error) {
	ext := filepath.Ext(path)
	base := path[:len(path)-len(ext)]
	// lumberjack names old files <base>-2006-01-02T15-04-05.000<ext>: they sort by time.
	old, err := filepath.Glob(base + "-[0-9][0-9][0-9][0-9]-*" + ext)
	if err != nil {
		return nil, fmt.Errorf("list old logs: %w", err)
	}
	if _, err := os.Stat(path); err == nil {
		old = append(old, path)
	}
	return old, nil
}
