package archive

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

// Store is what an import reads and writes.
type Store interface {
	Handle(ctx context.Context, id int64) (inbox.Handle, error)
	HandleSettings(ctx context.Context, id int64) (map[string]string, error)
	StartImport(ctx context.Context, handleID int64, format, source, fingerprint string, now time.Time) (store.ImportRecord, error)
	IngestImport(ctx context.Context, importID, handleID int64, convs []store.IncomingConversation, units int64, counts string) (store.IngestResult, error)
	FinishImport(ctx context.Context, importID int64, state store.ImportState, counts, errText string, now time.Time) error
	StoredMessages(ctx context.Context, handleID int64, remoteIDs []string) (map[string]bool, error)
}

// Runner imports archives into a handle's history.
type Runner struct {
	Store Store
	Open  Opener
	Now   func() time.Time
	// BatchMessages is how many messages one transaction writes at most
	// (a larger conversation is one batch of its own); 0: 2000.
	BatchMessages int
}

// Request is one import.
type Request struct {
	Path     string
	HandleID int64
	Format   Format
}

// Counts are an import's totals; Progress reports them as they grow.
type Counts struct {
	Conversations int64          `json:"conversations"` // distinct conversations read from the archive
	Messages      int64          `json:"messages"`      // read from the archive
	New           int64          `json:"new"`           // messages the store did not have
	Existing      int64          `json:"existing"`      // messages already there (synced or imported before)
	Skipped       map[string]int `json:"skipped,omitempty"`
}

// SkippedTotal is how many entries were skipped, for every reason.
func (c Counts) SkippedTotal() int {
	n := 0
	for _, v := range c.Skipped {
		n += v
	}
	return n
}

// Progress is how far an import has come.
type Progress struct {
	Counts
	Done, Total int64 // bytes of the archive read, and in all (0: unknown)
}

// Summary is what an import did.
type Summary struct {
	ImportID int64
	Format   Format
	Counts
	// Resumed says the import continued an unfinished one of the same file;
	// Counts then include what that one had committed.
	Resumed bool
}

// Import reads the archive at req.Path and writes it into the handle's
// history in batches, one transaction each, each moving the import's
// resume point. A file that is unknown, of another network or damaged is
// refused before anything is written; an error later leaves the
// committed batches (whole conversations) and the import resumable.
func (r *Runner) Import(ctx context.Context, req Request, progress func(Progress)) (Summary, error) {
	now := r.Now
	if now == nil {
		now = time.Now
	}
	h, err := r.Store.Handle(ctx, req.HandleID)
	if err != nil {
		return Summary{}, fmt.Errorf("import into handle %d: %w", req.HandleID, err)
	}
	settings, err := r.Store.HandleSettings(ctx, req.HandleID)
	if err != nil {
		return Summary{}, fmt.Errorf("import into handle %d: %w", req.HandleID, err)
	}
	if req.Format == "" {
		req.Format = FormatAuto
	}
	rd, err := r.Open(req.Path, req.Format, Account{Handle: h, Settings: settings})
	if err != nil {
		return Summary{}, err
	}
	defer rd.Close()
	f := rd.Format()
	if f.Network() != h.Network {
		return Summary{}, fmt.Errorf("%s is a %s archive, but handle %d (%s) is on %s: choose a %s handle",
			filepath.Base(req.Path), f, h.ID, h.DisplayName, h.Network, f.Network())
	}
	if c, ok := rd.(Checker); ok {
		if err := c.Check(ctx); err != nil {
			return Summary{}, fmt.Errorf("nothing imported: %w", err)
		}
	}
	fp, err := fingerprint(req.Path)
	if err != nil {
		return Summary{}, err
	}
	abs, _ := filepath.Abs(req.Path)
	rec, err := r.Store.StartImport(ctx, h.ID, string(f), abs, fp, now())
	if err != nil {
		return Summary{}, err
	}
	sum := Summary{ImportID: rec.ID, Format: f, Resumed: rec.Units > 0}
	if rec.Units > 0 {
		_ = json.Unmarshal([]byte(rec.Counts), &sum.Counts)
	}
	if sum.Skipped == nil {
		sum.Skipped = map[string]int{}
	}
	b := &batcher{r: r, rd: rd, handle: h.ID, importID: rec.ID, sum: &sum, progress: progress, seen: map[uint64]bool{}}
	err = b.run(ctx, rec.Units)
	counts, _ := json.Marshal(sum.Counts)
	if err != nil {
		// Recorded in the background context: a cancelled import still
		// says it stopped (and resumes from its last batch next time).
		_ = r.Store.FinishImport(context.WithoutCancel(ctx), rec.ID, store.ImportFailed, string(counts), err.Error(), now())
		return sum, fmt.Errorf("import stopped after %d conversations (run it again to resume): %w", sum.Conversations, err)
	}
	if err := r.Store.FinishImport(ctx, rec.ID, store.ImportDone, string(counts), "", now()); err != nil {
		return sum, err
	}
	return sum, nil
}

// batchTextBytes caps the text of one batch: 2 000 mails of 128 KiB each
// would otherwise hold a quarter of a gigabyte of text in memory (twice,
// with the batch being written while the next one is read).
const batchTextBytes = 16 << 20

// batcher gathers items into batches and commits them. Reading (in
// readAhead's goroutine) and gathering (in run's) go on while the batch
// before is written, in a goroutine of its own: one batch is written at a
// time, in order, and the next is handed over only once the one before
// committed, so at most two batches are in memory and the writer — the
// import's bottleneck — never waits for a whole batch to be parsed.
type batcher struct {
	r         *Runner
	rd        Reader
	handle    int64
	importID  int64
	sum       *Summary // the writer's while a write runs (see wait)
	progress  func(Progress)
	submitted int64 // items handed to the writer so far

	items int64 // items read so far
	// seen holds a hash of each conversation counted (8 bytes a thread,
	// not its id): a resumed import counts a thread that spans the resume
	// point twice, nothing else does.
	seen      map[uint64]bool
	done      int64 // bytes read, as of the latest item
	total     int64
	pending   []store.IncomingConversation
	pendMsg   int
	pendBytes int
	// pendCounts are the counts of the pending batch, added to the summary
	// only once it commits.
	pendCounts Counts
	// writing is the result of the write in flight; nil when none is.
	writing chan error
}

// batch is what one write commits: whole conversations, the items up to
// units, and their counts.
type batch struct {
	convs       []store.IncomingConversation
	msgs        int
	counts      Counts
	units       int64
	done, total int64
}

func (b *batcher) run(ctx context.Context, skip int64) error {
	limit := b.r.BatchMessages
	if limit <= 0 {
		limit = 2000
	}
	b.submitted = skip
	b.pendCounts.Skipped = map[string]int{}
	err := readAhead(ctx, b.rd, func(it Item, done, total int64) error {
		b.done, b.total = done, total
		b.items++
		if b.items <= skip {
			return nil // committed by the import this one resumes
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		var ic store.IncomingConversation
		ok := false
		if it.Conv != nil {
			ic, ok = toIncoming(*it.Conv)
		}
		size := textBytes(ic)
		if ok && b.pendMsg > 0 && (b.pendMsg+len(ic.Messages) > limit || b.pendBytes+size > batchTextBytes) {
			// The batch so far ends before this item.
			if err := b.flush(ctx, b.items-1); err != nil {
				return err
			}
		}
		for why, n := range it.Dropped {
			b.pendCounts.Skipped[why] += n
		}
		switch {
		case it.Conv == nil:
			b.pendCounts.Skipped[it.Skip]++
		case ok:
			b.pending = append(b.pending, ic)
			b.pendMsg += len(ic.Messages)
			b.pendBytes += size
			if k := keyHash(ic.RemoteID); !b.seen[k] {
				b.seen[k] = true // a thread's later mails are the same conversation
				b.pendCounts.Conversations++
			}
			b.pendCounts.Messages += int64(len(ic.Messages))
		default:
			b.pendCounts.Skipped["a conversation without messages"]++
		}
		if b.pendMsg >= limit || b.pendBytes >= batchTextBytes {
			return b.flush(ctx, b.items)
		}
		return nil
	})
	// A batch in flight commits (or fails) before the import says how it
	// ended: the summary is then the committed batches'.
	if werr := b.wait(); err == nil {
		err = werr
	}
	if err != nil {
		return err
	}
	if err := b.flush(ctx, b.items); err != nil {
		return err
	}
	return b.wait()
}

func textBytes(c store.IncomingConversation) int {
	n := 0
	for _, m := range c.Messages {
		n += len(m.Text)
	}
	return n
}

// flush hands the pending batch, which covers the items up to units, to
// the writer once the batch before it has committed, and starts a new one.
// An error is the batch before's: the pending one is then not written.
func (b *batcher) flush(ctx context.Context, units int64) error {
	if units <= b.submitted {
		return nil
	}
	if err := b.wait(); err != nil {
		return err
	}
	bt := &batch{convs: b.pending, msgs: b.pendMsg, counts: b.pendCounts, units: units, done: b.done, total: b.total}
	b.submitted = units
	b.pending, b.pendMsg, b.pendBytes = nil, 0, 0
	b.pendCounts = Counts{Skipped: map[string]int{}}
	b.writing = make(chan error, 1)
	go func(done chan<- error) { done <- b.write(ctx, bt) }(b.writing)
	return nil
}

// wait waits for the write in flight, if any, and returns its error.
func (b *batcher) wait() error {
	if b.writing == nil {
		return nil
	}
	err := <-b.writing
	b.writing = nil
	return err
}

// write commits one batch and moves the summary and the resume point.
func (b *batcher) write(ctx context.Context, bt *batch) error {
	next := b.sum.Counts
	next.Skipped = map[string]int{}
	for k, v := range b.sum.Skipped {
		next.Skipped[k] = v
	}
	for k, v := range bt.counts.Skipped {
		next.Skipped[k] += v
	}
	next.Conversations += bt.counts.Conversations
	next.Messages += bt.counts.Messages
	// The row's counts commit with the batch, before its new-message count
	// is known: they carry new and existing as of the batches before (a
	// resumed import's summary may undercount new messages, never double them).
	convs, err := b.unstored(ctx, bt)
	if err != nil {
		return err
	}
	res, err := b.r.Store.IngestImport(ctx, b.importID, b.handle, convs, bt.units, encodeCounts(next))
	if err != nil {
		return fmt.Errorf("write batch: %w", err)
	}
	next.New += int64(res.NewMessages)
	next.Existing += bt.counts.Messages - int64(res.NewMessages)
	b.sum.Counts = next
	if b.progress != nil {
		b.progress(Progress{Counts: b.sum.Counts, Done: bt.done, Total: bt.total})
	}
	return nil
}

// readAhead runs the reader in a goroutine of its own, a few items ahead
// of fn: parsing the next mails overlaps writing the last batch. Each item
// comes with the reader's position after it (read there, not here, so the
// reader's counters stay its own goroutine's).
func readAhead(ctx context.Context, rd Reader, fn func(it Item, done, total int64) error) error {
	type read struct {
		it          Item
		done, total int64
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan read, 64) // at most 64 mails of ≤ 512 KiB ahead
	errc := make(chan error, 1)
	go func() {
		defer close(ch)
		errc <- rd.Read(ctx, func(it Item) error {
			done, total := rd.Size()
			select {
			case ch <- read{it, done, total}:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	for r := range ch {
		if err := fn(r.it, r.done, r.total); err != nil {
			cancel()
			for range ch { // let the reader see the cancel and finish
			}
			<-errc
			return err
		}
	}
	return <-errc
}

// unstored is a batch without the messages the handle already has, and
// without conversations left empty by that. It runs in the writer, after
// the batch before committed, so it sees every message that one wrote.
func (b *batcher) unstored(ctx context.Context, bt *batch) ([]store.IncomingConversation, error) {
	ids := make([]string, 0, bt.msgs)
	for _, c := range bt.convs {
		for _, m := range c.Messages {
			ids = append(ids, m.RemoteID)
		}
	}
	known, err := b.r.Store.StoredMessages(ctx, b.handle, ids)
	if err != nil {
		return nil, err
	}
	out := bt.convs[:0:0]
	for _, c := range merged(bt.convs) {
		msgs := c.Messages[:0:0]
		for _, m := range c.Messages {
			if !known[m.RemoteID] {
				msgs = append(msgs, m)
			}
		}
		if len(msgs) > 0 {
			c.Messages = msgs
			out = append(out, c)
		}
	}
	return out, nil
}

// merged joins the batch's deliveries of one conversation (the mails of a
// thread) into one, messages in archive order, as one sync page of them
// would: the store then writes the batch in one round instead of starting
// a round at every repeat. The customer is the first delivery's, unless a
// later one brings the first customer message (the e-mail connector's rule).
func merged(convs []store.IncomingConversation) []store.IncomingConversation {
	index := make(map[string]int, len(convs))
	out := make([]store.IncomingConversation, 0, len(convs))
	for _, c := range convs {
		i, ok := index[c.RemoteID]
		if !ok {
			index[c.RemoteID] = len(out)
			out = append(out, c)
			continue
		}
		m := &out[i]
		if c.Customer.RemoteID != "" && (m.Customer.RemoteID == "" || hasInbound(c) && !hasInbound(*m)) {
			m.Customer = c.Customer
		}
		if m.Subject == "" {
			m.Subject = c.Subject
		}
		if len(c.Extra) > 0 {
			m.Extra = c.Extra
		}
		m.Messages = append(m.Messages[:len(m.Messages):len(m.Messages)], c.Messages...)
	}
	return out
}

func hasInbound(c store.IncomingConversation) bool {
	for _, m := range c.Messages {
		if m.Direction == inbox.Inbound {
			return true
		}
	}
	return false
}

func keyHash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

func encodeCounts(c Counts) string {
	b, _ := json.Marshal(c)
	return string(b)
}

// toIncoming is engine's mapping of a connector conversation, marked as
// history.
func toIncoming(c connector.Conversation) (store.IncomingConversation, bool) {
	ic := store.IncomingConversation{RemoteID: c.RemoteID, Kind: c.Kind, Subject: c.Subject, Customer: c.Customer, Extra: c.Extra, History: true}
	for _, m := range c.Messages {
		ic.Messages = append(ic.Messages, store.IncomingMessage{RemoteID: m.RemoteID, Direction: m.Direction,
			Author: m.Author, AuthorName: m.AuthorName, Text: m.Text, SentAt: m.SentAt,
			ReplyToRemoteID: m.ReplyToRemoteID, Read: true, Extra: m.Extra})
	}
	return ic, len(ic.Messages) > 0 && c.RemoteID != ""
}

// fingerprint names a file's contents cheaply: size, modification time
// and a hash of the first 64 KiB (a directory: its path and time).
func fingerprint(path string) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("open archive: %w", err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%d/%d/", st.Size(), st.ModTime().UnixNano())
	if st.IsDir() {
		abs, _ := filepath.Abs(path)
		h.Write([]byte(abs))
	} else {
		f, err := os.Open(path)
		if err != nil {
			return "", fmt.Errorf("open archive: %w", err)
		}
		defer f.Close()
		if _, err := io.CopyN(h, f, 64<<10); err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("read archive: %w", err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), nil
}
