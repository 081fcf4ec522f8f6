package app

import (
	"context"
	"errors"
	"sort"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"careinbox/backend/archive"
)

// Importer imports an archive into a handle's history (archive.Runner;
// the composition root builds it with every format's reader).
type Importer interface {
	Import(ctx context.Context, req archive.Request, progress func(archive.Progress)) (archive.Summary, error)
}

// Events of an import running in the background.
const (
	EventImportProgress = "import:progress"
	EventImportDone     = "import:done"
)

// ImportAPI is bound to the front end: "Import archive…" on a handle. The
// file comes from the native picker (PickArchive); the import runs in the
// background and reports through import:progress and import:done events.
// StartImport takes a path, so a test (the e2e suite, which cannot drive a
// native dialog) starts the same import with a fixture's path.
type ImportAPI struct {
	ctx      func() context.Context
	importer Importer
	// emit and pick are the Wails runtime's, set in Startup.
	emit       func(name string, data any)
	pick       func(runtime.OpenDialogOptions) (string, error)
	pickFolder func(runtime.OpenDialogOptions) (string, error)

	mu      sync.Mutex
	running map[int64]context.CancelFunc
	last    map[int64]ImportStatusDTO
	seq     int64 // last status sequence number given out (see ImportStatusDTO.Seq)
}

// ImportStatusDTO is a handle's import as it stands: running with its
// progress, or finished with its summary or error.
type ImportStatusDTO struct {
	HandleID      int64           `json:"handleId"`
	Running       bool            `json:"running"`
	Format        string          `json:"format"`
	Done          int64           `json:"done"`  // bytes read
	Total         int64           `json:"total"` // bytes in all (0: unknown)
	Conversations int64           `json:"conversations"`
	Messages      int64           `json:"messages"`
	New           int64           `json:"new"`
	Existing      int64           `json:"existing"`
	Skipped       []ImportSkipDTO `json:"skipped"`
	Resumed       bool            `json:"resumed"`
	Error         string          `json:"error"`
	// Seq grows with every update of any import, so a view that gets a
	// poll's answer after the done event (or events out of order) keeps
	// the newest and never flips a finished import back to running.
	Seq int64 `json:"seq"`
}

// ImportSkipDTO is one reason entries were skipped, with how many.
type ImportSkipDTO struct {
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

// PickArchive opens the native file picker for an archive file ("" when
// the user cancels).
func (a *ImportAPI) PickArchive() (string, error) {
	if a.pick == nil {
		return "", errors.New("the file picker needs the app window")
	}
	return a.pick(runtime.OpenDialogOptions{Title: "Import an archive",
		Filters: []runtime.FileFilter{
			{DisplayName: "Archives (*.zip, *.json, *.mbox, *.eml)", Pattern: "*.zip;*.json;*.mbox;*.mbx;*.eml;*.js"},
			{DisplayName: "All files", Pattern: "*"},
		}})
}

// PickArchiveFolder opens the native folder picker (a Maildir, an
// unpacked archive, a folder of .eml files).
func (a *ImportAPI) PickArchiveFolder() (string, error) {
	if a.pickFolder == nil {
		return "", errors.New("the folder picker needs the app window")
	}
	return a.pickFolder(runtime.OpenDialogOptions{Title: "Import an archive folder"})
}

// StartImport imports the archive at path into the handle's history in the
// background (format: "auto" or a format's name). One import per handle at
// a time; a file that is refused reports through import:done like any end.
func (a *ImportAPI) StartImport(handleID int64, path, format string) error {
	if a.importer == nil {
		return errors.New("importing is not available in this window")
	}
	f, err := archive.ParseFormat(format)
	if err != nil {
		return err
	}
	if path == "" {
		return errors.New("choose an archive to import")
	}
	a.mu.Lock()
	if a.running == nil {
		a.running, a.last = map[int64]context.CancelFunc{}, map[int64]ImportStatusDTO{}
	}
	if _, busy := a.running[handleID]; busy {
		a.mu.Unlock()
		return errors.New("an import into this handle is already running")
	}
	// The import outlives the call but not the window: the app's context.
	ctx, cancel := context.WithCancel(a.ctx())
	a.running[handleID] = cancel
	st := a.record(ImportStatusDTO{HandleID: handleID, Running: true, Format: string(f), Skipped: []ImportSkipDTO{}})
	a.mu.Unlock()
	a.send(EventImportProgress, st)
	go a.run(ctx, cancel, handleID, archive.Request{Path: path, HandleID: handleID, Format: f})
	return nil
}

func (a *ImportAPI) run(ctx context.Context, cancel context.CancelFunc, handleID int64, req archive.Request) {
	defer cancel()
	var lastSent time.Time
	sum, err := a.importer.Import(ctx, req, func(p archive.Progress) {
		st := statusOf(handleID, string(req.Format), p.Counts, true)
		st.Done, st.Total = p.Done, p.Total
		a.mu.Lock()
		st = a.record(st)
		a.mu.Unlock()
		if time.Since(lastSent) >= 100*time.Millisecond {
			lastSent = time.Now()
			a.send(EventImportProgress, st)
		}
	})
	st := statusOf(handleID, string(sum.Format), sum.Counts, false)
	st.Resumed = sum.Resumed
	st.Done, st.Total = 1, 1
	if err != nil {
		st.Error = err.Error()
	}
	a.mu.Lock()
	delete(a.running, handleID)
	st = a.record(st)
	a.mu.Unlock()
	a.send(EventImportDone, st)
}

// ImportStatus is the handle's running or latest import (nil: none since
// the window opened).
func (a *ImportAPI) ImportStatus(handleID int64) *ImportStatusDTO {
	a.mu.Lock()
	defer a.mu.Unlock()
	st, ok := a.last[handleID]
	if !ok {
		return nil
	}
	return &st
}

// CancelImport stops the handle's running import after its current batch;
// importing the same file again resumes it.
func (a *ImportAPI) CancelImport(handleID int64) {
	a.mu.Lock()
	cancel := a.running[handleID]
	a.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

// record stamps st with the next sequence number and keeps it as the
// handle's latest status; the caller holds a.mu.
func (a *ImportAPI) record(st ImportStatusDTO) ImportStatusDTO {
	a.seq++
	st.Seq = a.seq
	a.last[st.HandleID] = st
	return st
}

func (a *ImportAPI) send(name string, st ImportStatusDTO) {
	if a.emit != nil {
		a.emit(name, st)
	}
}

func statusOf(handleID int64, format string, c archive.Counts, running bool) ImportStatusDTO {
	st := ImportStatusDTO{HandleID: handleID, Running: running, Format: format, Conversations: c.Conversations,
		Messages: c.Messages, New: c.New, Existing: c.Existing, Skipped: []ImportSkipDTO{}}
	for r, n := range c.Skipped {
		st.Skipped = append(st.Skipped, ImportSkipDTO{Reason: r, Count: n})
	}
	sort.Slice(st.Skipped, func(i, j int) bool { return st.Skipped[i].Reason < st.Skipped[j].Reason })
	return st
}
