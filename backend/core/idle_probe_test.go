package core

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"syscall"
	"testing"
	"time"

	"careinbox/backend/notify"
)

// TestIdleCPU measures the back end's idle CPU (issue 13): a workspace over a
// copy of an archive runs every background loop, settles, and then the
// process's user+system time over a minute is reported beside the same
// process doing nothing for as long (the floor). It asserts nothing: speed is
// measured, not tested.
//
//	CAREINBOX_IDLE_DB=build/bench/archive-1.db go test -run TestIdleCPU -v -timeout 20m ./backend/core/
//
// CAREINBOX_IDLE_DIR (see below), CAREINBOX_IDLE_SETTLE (default 90s, past the integrity check) and
// CAREINBOX_IDLE_FOR (default 60s) tune it; CAREINBOX_IDLE_PROFILE=file
// writes a CPU profile of the measured window.
func TestIdleCPU(t *testing.T) {
	src := os.Getenv("CAREINBOX_IDLE_DB")
	if src == "" {
		t.Skip("CAREINBOX_IDLE_DB not set")
	}
	settle, measure := envDuration(t, "CAREINBOX_IDLE_SETTLE", 90*time.Second), envDuration(t, "CAREINBOX_IDLE_FOR", time.Minute)
	// CAREINBOX_IDLE_DIR keeps the copy between runs, so a second run starts
	// from a settled archive (one-off work such as scoring done).
	dir := os.Getenv("CAREINBOX_IDLE_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	if _, err := os.Stat(filepath.Join(dir, "careinbox.db")); err != nil {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		copyFile(t, src, filepath.Join(dir, "careinbox.db"))
	}

	floor := cpuOver(measure)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ws, err := Open(ctx, Options{DataDir: dir, Log: io.Discard, Notifier: &notify.Recorder{}})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	done := make(chan error, 1)
	go func() { done <- ws.Run(ctx) }()
	time.Sleep(settle) // a measurement, not a wait for a condition
	var stopProfile func()
	if p := os.Getenv("CAREINBOX_IDLE_PROFILE"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			t.Fatal(err)
		}
		stopProfile = func() { pprof.StopCPUProfile(); f.Close() }
	}
	idle := cpuOver(measure)
	if stopProfile != nil {
		stopProfile()
	}
	cancel()
	if err := <-done; err != nil {
		t.Log("run:", err)
	}
	load, _ := os.ReadFile("/proc/loadavg")
	t.Logf("idle CPU over %s after %s settling: %.3f %% of a core (floor, same process before opening: %.3f %%); load %s",
		measure, settle, idle, floor, load)
}

// cpuOver is the process's CPU time during d, in per cent of one core.
func cpuOver(d time.Duration) float64 {
	before := rusage()
	start := time.Now()
	time.Sleep(d)
	return 100 * float64(rusage()-before) / float64(time.Since(start))
}

func rusage() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func envDuration(t *testing.T, key string, def time.Duration) time.Duration {
	v := os.Getenv(key)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		t.Fatalf("%s: %v", key, err)
	}
	return d
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
