// Package diagnostics gathers what support needs to see when something goes
// wrong — the version, the system, each handle's sync state and the last log
// lines — with every secret and every piece of message text taken out, so
// the user can paste it anywhere ("Copy diagnostics").
//
// The log lines are slog's text records. Rather than trying to spot secrets,
// only attributes known to carry no content are kept (the rest show as
// [removed]), and even those are scrubbed of addresses, links, quoted text
// and anything shaped like a token.
package diagnostics

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime"
	"strings"
	"time"

	"careinbox/backend/inbox"
)

// Handles is what the report needs of the store.
type Handles interface {
	Handles(ctx context.Context) ([]inbox.Handle, error)
}

// Input is everything the report is made of.
type Input struct {
	Version     string
	Demo        bool
	ReadOnly    bool
	KeychainErr error
	Handles     Handles
	// LogFiles are the log files, oldest first (logfile.Files); the report
	// takes its last Lines lines from them.
	LogFiles []string
	Lines    int
	// Home is the user's home directory, shown as ~ in paths.
	Home string
	Now  time.Time
}

// DefaultLines is how many log lines a report carries.
const DefaultLines = 200

// Gather writes the report.
func Gather(ctx context.Context, in Input) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "Care Inbox diagnostics, %s\n", in.Now.UTC().Format(time.RFC3339))
	fmt.Fprintf(&b, "version: %s\n", in.Version)
	fmt.Fprintf(&b, "system: %s/%s, %s, %d CPUs\n", runtime.GOOS, runtime.GOARCH, runtime.Version(), runtime.NumCPU())
	kind := "own workspace"
	if in.Demo {
		kind = "sample workspace"
	}
	if in.ReadOnly {
		kind += ", read-only"
	}
	fmt.Fprintf(&b, "workspace: %s\n", kind)
	if in.KeychainErr != nil {
		fmt.Fprintf(&b, "keychain: unavailable (%s)\n", Scrub(in.KeychainErr.Error(), in.Home))
	} else {
		b.WriteString("keychain: available\n")
	}
	if in.Handles != nil {
		hs, err := in.Handles.Handles(ctx)
		if err != nil {
			fmt.Fprintf(&b, "handles: could not be read (%s)\n", Scrub(err.Error(), in.Home))
		} else {
			fmt.Fprintf(&b, "handles: %d\n", len(hs))
			for _, h := range hs {
				b.WriteString(handleLine(h, in.Home))
			}
		}
	}
	lines := in.Lines
	if lines <= 0 {
		lines = DefaultLines
	}
	tail, err := lastLines(in.LogFiles, lines)
	if err != nil {
		fmt.Fprintf(&b, "log: could not be read (%s)\n", Scrub(err.Error(), in.Home))
		return b.String(), nil
	}
	fmt.Fprintf(&b, "last %d log lines (secrets and message text removed):\n", len(tail))
	for _, l := range tail {
		b.WriteString(CleanLine(l, in.Home))
		b.WriteByte('\n')
	}
	return b.String(), nil
}

// handleLine says how one handle syncs, without its names (they say whose
// accounts these are) and with its last error scrubbed.
func handleLine(h inbox.Handle, home string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "  handle %d: %s, %s", h.ID, h.Network, h.SyncState)
	if !h.LastSyncAt.IsZero() {
		fmt.Fprintf(&b, ", last sync %s", h.LastSyncAt.UTC().Format(time.RFC3339))
	} else {
		b.WriteString(", never synced")
	}
	if !h.RetryAt.IsZero() {
		fmt.Fprintf(&b, ", retry %s", h.RetryAt.UTC().Format(time.RFC3339))
	}
	if h.Backfill > 0 && h.Backfill < 1 {
		fmt.Fprintf(&b, ", history %.0f%%", h.Backfill*100)
	}
	if h.SyncError != "" {
		fmt.Fprintf(&b, ", error: %s", Scrub(h.SyncError, home))
	}
	b.WriteByte('\n')
	return b.String()
}

// kept are the log attributes that carry no secret or content by design;
// their values are still scrubbed.
var kept = map[string]bool{
	"time": true, "level": true, "msg": true, "err": true, "handle": true, "network": true,
	"demo": true, "read_only": true, "db": true, "kind": true, "stream": true, "retry": true,
	"retry_in": true, "in": true, "count": true, "batches": true, "events": true, "enabled": true,
	"first": true, "view": true, "connection": true,
}

// CleanLine keeps a log record's safe attributes, scrubbed; a line that is
// not a record (a stack trace, a library's own output) is left out whole.
func CleanLine(line, home string) string {
	attrs, ok := parseRecord(line)
	if !ok {
		return "[line removed: not a log record]"
	}
	var b strings.Builder
	for i, a := range attrs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(a.key)
		b.WriteByte('=')
		if !kept[a.key] {
			b.WriteString("[removed]")
			continue
		}
		v := Scrub(a.value, home)
		if strings.ContainsAny(v, " \"=") {
			v = fmt.Sprintf("%q", v)
		}
		b.WriteString(v)
	}
	return b.String()
}

var (
	quoted   = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|“[^”]*”|'[^']*'`)
	email    = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)
	link     = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.\-]*)://([^/\s?#"']+)[^\s"']*`)
	bearer   = regexp.MustCompile(`(?i)\b(bearer|basic|token|password|passwd|secret|key|authorization)([=: ]+)(?:(?i:bearer|basic)\s+)?\S+`)
	tokenish = regexp.MustCompile(`[A-Za-z0-9_\-+/=.]{24,}`)
	atName   = regexp.MustCompile(`(^|[\s(])@[A-Za-z0-9_.\-]+`)
)

// Scrub takes out of a value what could be a secret or someone's words:
// quoted text, e-mail addresses and @names, a link's path and query (only
// its scheme and host stay), credentials after their keyword, token-shaped
// strings; the home directory shows as ~.
func Scrub(s, home string) string {
	if home != "" && len(home) > 1 {
		s = strings.ReplaceAll(s, home, "~")
	}
	s = quoted.ReplaceAllString(s, `[text removed]`)
	s = email.ReplaceAllString(s, "[address removed]")
	s = link.ReplaceAllString(s, "$1://$2/[…]")
	s = bearer.ReplaceAllString(s, "$1$2[removed]")
	s = atName.ReplaceAllString(s, "$1@[name removed]")
	s = tokenish.ReplaceAllStringFunc(s, func(m string) string {
		if strings.HasPrefix(m, "~/") || strings.Count(m, "/") > 2 { // a path, not a token
			return m
		}
		return "[removed]"
	})
	return s
}

type attr struct{ key, value string }

// parseRecord splits a slog text line into key=value pairs (values may be
// quoted with Go escapes); ok is false when it is not one.
func parseRecord(line string) ([]attr, bool) {
	var out []attr
	s := strings.TrimSpace(line)
	for s != "" {
		eq := strings.IndexByte(s, '=')
		if eq <= 0 || strings.ContainsAny(s[:eq], " \"") {
			return nil, false
		}
		key := s[:eq]
		s = s[eq+1:]
		var val string
		if strings.HasPrefix(s, `"`) {
			end := 1
			for end < len(s) && s[end] != '"' {
				if s[end] == '\\' {
					end++
				}
				end++
			}
			if end >= len(s) {
				return nil, false
			}
			raw := s[:end+1]
			s = s[end+1:]
			if _, err := fmt.Sscanf(raw, "%q", &val); err != nil {
				val = raw[1 : len(raw)-1]
			}
		} else {
			sp := strings.IndexByte(s, ' ')
			if sp < 0 {
				sp = len(s)
			}
			val, s = s[:sp], s[sp:]
		}
		out = append(out, attr{key, val})
		s = strings.TrimLeft(s, " ")
	}
	if len(out) == 0 || out[0].key != "time" {
		return nil, false
	}
	return out, true
}

// maxTail is how much of the end of each log file is read.
const maxTail = 512 << 10

// lastLines returns the last n lines of the files taken together.
func lastLines(files []string, n int) ([]string, error) {
	var lines []string
	for i := len(files) - 1; i >= 0 && len(lines) < n; i-- {
		ls, err := tailFile(files[i])
		if err != nil {
			return nil, err
		}
		lines = append(ls, lines...)
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return lines, nil
}

func tailFile(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("stat %s: %w", path, err)
	}
	start := st.Size() - maxTail
	if start > 0 {
		if _, err := f.Seek(start, io.SeekStart); err != nil {
			return nil, fmt.Errorf("seek %s: %w", path, err)
		}
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if start > 0 { // the first line is cut: drop it
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			data = data[i+1:]
		}
	}
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if l := sc.Text(); strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out, sc.Err()
}
