package formats_test

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"careinbox/backend/archive"
	"careinbox/backend/archive/formats"
	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

// The import benchmark (make bench): a synthetic mbox of
// CAREINBOX_BENCH_IMPORT_MB megabytes (default 1024) imported by a child
// process whose peak RSS is measured, beside the raw insert floor (the same
// number of messages INSERTed straight into the messages table, FTS
// trigger included, one transaction per 2 000) in the same run.
const (
	envBenchImport = "CAREINBOX_BENCH_IMPORT"
	envBenchMB     = "CAREINBOX_BENCH_IMPORT_MB"
	envBenchOut    = "CAREINBOX_BENCH_IMPORT_OUT"
	envBenchChild  = "CAREINBOX_BENCH_IMPORT_CHILD" // db|handle|mbox
	// envBenchProfile names a file for the importing child's CPU profile.
	envBenchProfile = "CAREINBOX_BENCH_IMPORT_CPUPROFILE"
)

type benchResult struct {
	Messages int64   `json:"messages"`
	Seconds  float64 `json:"seconds"`
}

// TestBenchImportChild is the importing process; run by TestBenchImport.
func TestBenchImportChild(t *testing.T) {
	spec := os.Getenv(envBenchChild)
	if spec == "" {
		t.Skip("run by TestBenchImport")
	}
	parts := strings.Split(spec, "|")
	handleID, _ := strconv.ParseInt(parts[1], 10, 64)
	ctx := context.Background()
	s, err := store.Open(ctx, parts[0])
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	start := time.Now()
	sum, err := (&archive.Runner{Store: s, Open: formats.Open}).Import(ctx, archive.Request{Path: parts[2], HandleID: handleID, Format: archive.FormatMbox}, nil)
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start).Seconds()
	b, _ := json.Marshal(benchResult{Messages: sum.New, Seconds: took})
	fmt.Println("RESULT " + string(b))
}

func TestBenchImport(t *testing.T) {
	if os.Getenv(envBenchImport) == "" {
		t.Skip("the import benchmark runs in make bench (CAREINBOX_BENCH_IMPORT=1)")
	}
	mb := 1024
	if v, err := strconv.Atoi(os.Getenv(envBenchMB)); err == nil && v > 0 {
		mb = v
	}
	dir := t.TempDir()
	mbox := filepath.Join(dir, "bench.mbox")
	n, err := writeMbox(mbox, int64(mb)<<20)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	dbPath := filepath.Join(dir, "import.db")
	s, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	h := handleFor(t, s, fixture{network: inbox.NetworkEmail, handle: inbox.Handle{DisplayName: "help@", RemoteAccountID: "help@bench.example"},
		settings: map[string]string{"username": "help@bench.example"}})
	s.Close()

	load := func() string { b, _ := os.ReadFile("/proc/loadavg"); return strings.TrimSpace(string(b)) }
	loadBefore := load()
	args := []string{"-test.run=^TestBenchImportChild$", "-test.count=1", "-test.v"}
	if p := os.Getenv(envBenchProfile); p != "" {
		args = append(args, "-test.cpuprofile="+p)
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s|%d|%s", envBenchChild, dbPath, h.ID, mbox))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("import child: %v\n%s", err, out)
	}
	var res benchResult
	for _, line := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(line, "RESULT "); ok {
			_ = json.Unmarshal([]byte(rest), &res)
		}
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	rss := ru.Maxrss / 1024 // KiB → MiB
	// CPU time per message is what a loaded machine's rate does not show.
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	floorRate := rawFloor(t, filepath.Join(dir, "floor.db"), n)
	rate := float64(res.Messages) / res.Seconds
	report := fmt.Sprintf(`## Import of a synthetic mbox (issue 15)

- archive: %d MB, %d messages; imported %d new in %.1f s
- import: **%.0f messages/s**, peak RSS of the importing process **%d MB** (bounds: ≥ 10 000/s, ≤ 150 MB)
- raw insert floor (same count, INSERT into messages with the FTS trigger, 2 000 a transaction): %.0f messages/s
- import / floor: %.2f
- CPU of the importing process: %.1f s (%.0f µs a message, reading and writing together)
- load before: %s; after: %s
`, mb, n, res.Messages, res.Seconds, rate, rss, floorRate, rate/floorRate, cpu.Seconds(), float64(cpu.Microseconds())/float64(max(res.Messages, 1)), loadBefore, load())
	fmt.Print(report)
	if p := os.Getenv(envBenchOut); p != "" {
		if err := os.WriteFile(p, []byte(report), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if res.Messages != n {
		t.Errorf("imported %d messages of %d", res.Messages, n)
	}
}

var benchWords = strings.Fields(`order delivery refund bread croissant parcel arrived late broken replacement
	thanks please help invoice account password login shipping tracking number weekend store opening hours
	question answer sourdough rye flour gluten free cake birthday discount voucher payment card bank`)

// writeMbox writes a synthetic mbox of about size bytes: customers' mails
// of ~2 KB, a third of them replies in a thread; it returns how many.
func writeMbox(path string, size int64) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	var written, n int64
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	var body strings.Builder
	for written < size {
		body.Reset()
		for k := 0; body.Len() < 1800; k++ {
			body.WriteString(benchWords[(int(n)*7+k*13)%len(benchWords)])
			if k%12 == 11 {
				body.WriteString(".\n")
			} else {
				body.WriteByte(' ')
			}
		}
		at := base.Add(time.Duration(n) * time.Minute)
		reply := ""
		if n%3 == 2 {
			reply = fmt.Sprintf("In-Reply-To: <m%d@bench.example>\nReferences: <m%d@bench.example>\n", n-2, n-2)
		}
		c, err := fmt.Fprintf(w, "From c%d@customer.example %s\nMessage-ID: <m%d@bench.example>\n%sFrom: Customer %d <c%d@customer.example>\nTo: help@bench.example\nSubject: Order %d\nDate: %s\nContent-Type: text/plain; charset=utf-8\n\n%s\n\n",
			n%5000, at.Format(time.ANSIC), n, reply, n%5000, n%5000, n, at.Format(time.RFC1123Z), body.String())
		if err != nil {
			return 0, err
		}
		written += int64(c)
		n++
	}
	return n, w.Flush()
}

// rawFloor inserts n messages of the bench's size straight into a fresh
// store's messages table (its FTS trigger on), 2 000 a transaction.
func rawFloor(t *testing.T, path string, n int64) float64 {
	ctx := context.Background()
	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	h := handleFor(t, s, fixture{network: inbox.NetworkEmail, handle: inbox.Handle{DisplayName: "floor", RemoteAccountID: "floor"}})
	db := s.DB()
	res, err := db.Exec(`INSERT INTO conversations(handle_id, remote_id, kind) VALUES (?, 'floor', 'email')`, h.ID)
	if err != nil {
		t.Fatal(err)
	}
	conv, _ := res.LastInsertId()
	text := strings.Repeat(strings.Join(benchWords[:20], " ")+".\n", 12)[:1800]
	start := time.Now()
	var tx *sql.Tx
	var stmt *sql.Stmt
	for i := int64(0); i < n; i++ {
		if i%2000 == 0 {
			if tx != nil {
				if err := tx.Commit(); err != nil {
					t.Fatal(err)
				}
			}
			if tx, err = db.Begin(); err != nil {
				t.Fatal(err)
			}
			if stmt, err = tx.Prepare(`INSERT INTO messages(conversation_id, handle_id, remote_id, direction, author_name, text, sent_at, delivery)
				VALUES (?, ?, ?, 'in', 'Customer', ?, ?, 'received')`); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := stmt.Exec(conv, h.ID, fmt.Sprintf("m%d@bench.example", i), text, i); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return float64(n) / time.Since(start).Seconds()
}
