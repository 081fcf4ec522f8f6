package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"careinbox/backend/backup"
	"careinbox/backend/export"
	"careinbox/backend/store"
)

// dataStore is what the Data screen reads and changes in the store.
type dataStore interface {
	export.Store
	Customer(ctx context.Context, participantID int64) (store.Customer, error)
	SearchParticipants(ctx context.Context, input string, limit int) ([]int64, error)
	ForgetCustomer(ctx context.Context, customerID int64, at time.Time) (store.Erasure, error)
	Compact(ctx context.Context) (bool, error)
	Erasures(ctx context.Context) ([]store.Erasure, error)
}

// DataConfig wires the Data screen's workspace services (core builds them;
// app may not import core).
type DataConfig struct {
	Backups *backup.Service
	// StageRestore checks a backup and stages it for the next start.
	StageRestore func(ctx context.Context, path string) (backup.Staged, error)
	// NeedSignIn lists the handles whose keychain entry is missing.
	NeedSignIn func(ctx context.Context) ([]store.FileHandle, error)
	// DatabasePath is the workspace database (a staged restore sits beside it).
	DatabasePath string
	// RestoredFrom is where this start kept the database a restore replaced
	// ("" when no restore was applied).
	RestoredFrom string
}

// DataAPI is bound to the front end: the Data screen's exports, backups,
// restore and forgetting a customer.
type DataAPI struct {
	ctx   func() context.Context
	store dataStore
	cfg   DataConfig
	now   func() time.Time
	// saveDialog / openDialog are Wails' native dialogs, set by Startup.
	saveDialog func(runtime.SaveDialogOptions) (string, error)
	openDialog func(runtime.OpenDialogOptions) (string, error)
	quit       func()
}

// ExportScopeDTO is what to export: exactly one of conversationId,
// customerId, client (a client's name) or search; from/to (YYYY-MM-DD,
// both included) narrow a client's or customer's export.
type ExportScopeDTO struct {
	ConversationID int64  `json:"conversationId"`
	CustomerID     int64  `json:"customerId"`
	Client         string `json:"client"`
	Search         string `json:"search"`
	From           string `json:"from"`
	To             string `json:"to"`
}

// ExportResultDTO is a written export ("" path: the user cancelled).
type ExportResultDTO struct {
	Path          string `json:"path"`
	Conversations int    `json:"conversations"`
	Messages      int    `json:"messages"`
	Notes         int    `json:"notes"`
}

// Export writes an export as format (csv, json or html), internal notes
// only when notes is set. path is where to write it; "" asks with the
// system's save dialog (tests pass a path: a native dialog cannot be driven).
func (a *DataAPI) Export(scope ExportScopeDTO, format string, notes bool, path string) (ExportResultDTO, error) {
	f, err := export.ParseFormat(format)
	if err != nil {
		return ExportResultDTO{}, invalid(err.Error())
	}
	sc := export.Scope{ConversationID: scope.ConversationID, CustomerID: scope.CustomerID,
		Client: strings.TrimSpace(scope.Client), Search: strings.TrimSpace(scope.Search)}
	if sc.From, err = exportDay(scope.From, false); err != nil {
		return ExportResultDTO{}, err
	}
	if sc.To, err = exportDay(scope.To, true); err != nil {
		return ExportResultDTO{}, err
	}
	if path == "" {
		name := export.FileName(sc, f, a.now())
		if path, err = a.askSave(name, exportFilter(f)); err != nil || path == "" {
			return ExportResultDTO{}, err
		}
	}
	sum, err := export.Exporter{Store: a.store, Now: a.now}.WriteFile(a.ctx(), path, export.Options{Scope: sc, Format: f, Notes: notes})
	if errors.Is(err, export.ErrEmpty) {
		return ExportResultDTO{}, invalid("nothing to export: no conversation matches")
	}
	if err != nil {
		return ExportResultDTO{}, toAPIError(err)
	}
	return ExportResultDTO{Path: path, Conversations: sum.Conversations, Messages: sum.Messages, Notes: sum.Notes}, nil
}

func exportDay(s string, end bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, time.Local)
	if err != nil {
		return time.Time{}, invalid("dates are YYYY-MM-DD")
	}
	if end {
		t = t.AddDate(0, 0, 1)
	}
	return t, nil
}

func exportFilter(f export.Format) runtime.FileFilter {
	switch f {
	case export.CSV:
		return exportFilters[".csv"]
	case export.HTML:
		return exportFilters[".html"]
	}
	return runtime.FileFilter{DisplayName: "JSON (*.json)", Pattern: "*.json"}
}

func (a *DataAPI) askSave(name string, filter runtime.FileFilter) (string, error) {
	if a.saveDialog == nil {
		return "", invalid("saving a file needs the app window")
	}
	path, err := a.saveDialog(runtime.SaveDialogOptions{Title: "Save " + name, DefaultFilename: exportName(name),
		CanCreateDirectories: true, Filters: []runtime.FileFilter{filter}})
	if err != nil {
		return "", fmt.Errorf("save dialog: %w", err)
	}
	return path, nil
}

// BackupDTO is one backup file.
type BackupDTO struct {
	Path  string `json:"path"`
	Bytes int64  `json:"bytes"`
	At    int64  `json:"at"` // Unix ms
}

// BackupSettingsDTO is the scheduled daily backup.
type BackupSettingsDTO struct {
	Daily  bool   `json:"daily"`
	Keep   int    `json:"keep"`
	LastAt int64  `json:"lastAt"` // Unix ms; 0: none yet
	Folder string `json:"folder"`
}

func (a *DataAPI) backups() (*backup.Service, error) {
	if a.cfg.Backups == nil {
		return nil, invalid("backups are not available in this window")
	}
	return a.cfg.Backups, nil
}

// BackupNow makes a verified backup of the workspace while it runs, into
// the backups folder (path "") or to path.
func (a *DataAPI) BackupNow(path string) (BackupDTO, error) {
	b, err := a.backups()
	if err != nil {
		return BackupDTO{}, err
	}
	info, err := b.Backup(a.ctx(), path)
	if err != nil {
		return BackupDTO{}, toAPIError(err)
	}
	return BackupDTO{Path: info.Path, Bytes: info.Size, At: info.At.UnixMilli()}, nil
}

// Backups lists the backups in the backups folder, newest first.
func (a *DataAPI) Backups() ([]BackupDTO, error) {
	b, err := a.backups()
	if err != nil {
		return nil, err
	}
	list, err := b.List()
	if err != nil {
		return nil, toAPIError(err)
	}
	out := make([]BackupDTO, len(list))
	for i, l := range list {
		out[i] = BackupDTO{Path: l.Path, Bytes: l.Size, At: l.At.UnixMilli()}
	}
	return out, nil
}

// BackupSettings reads the scheduled backup's settings.
func (a *DataAPI) BackupSettings() (BackupSettingsDTO, error) {
	b, err := a.backups()
	if err != nil {
		return BackupSettingsDTO{}, err
	}
	s, err := b.Settings(a.ctx())
	if err != nil {
		return BackupSettingsDTO{}, toAPIError(err)
	}
	dto := BackupSettingsDTO{Daily: s.Daily, Keep: s.Keep, Folder: b.Dir()}
	if !s.LastAt.IsZero() {
		dto.LastAt = s.LastAt.UnixMilli()
	}
	return dto, nil
}

// SaveBackupSettings turns the daily backup on or off and sets how many are kept (1–365).
func (a *DataAPI) SaveBackupSettings(daily bool, keep int) error {
	b, err := a.backups()
	if err != nil {
		return err
	}
	if keep < 1 || keep > 365 {
		return invalid("keep between 1 and 365 backups")
	}
	return toAPIError(b.SaveSettings(a.ctx(), daily, keep))
}

// SignInDTO is a handle whose sign-in is missing from the keychain.
type SignInDTO struct {
	HandleID    int64   `json:"handleId"`
	Network     Network `json:"network"`
	DisplayName string  `json:"displayName"`
	ClientName  string  `json:"clientName"`
}

func signIns(hs []store.FileHandle) []SignInDTO {
	out := make([]SignInDTO, len(hs))
	for i, h := range hs {
		out[i] = SignInDTO{HandleID: h.ID, Network: Network(h.Network), DisplayName: h.DisplayName, ClientName: h.ClientName}
	}
	return out
}

// RestoreDTO answers a staged restore: it replaces the workspace when the
// app next starts; needSignIn are the backup's handles to sign in again.
type RestoreDTO struct {
	Path       string      `json:"path"` // the backup chosen ("" : cancelled)
	Handles    int         `json:"handles"`
	NeedSignIn []SignInDTO `json:"needSignIn"`
}

// StageRestore checks the backup at path ("" : chosen with the system's
// open dialog) and stages it to replace the workspace at the next start; the
// current database is then kept aside. The caller confirmed first.
func (a *DataAPI) StageRestore(path string) (RestoreDTO, error) {
	if a.cfg.StageRestore == nil {
		return RestoreDTO{}, invalid("restoring is not available in this window")
	}
	if path == "" {
		if a.openDialog == nil {
			return RestoreDTO{}, invalid("choosing a file needs the app window")
		}
		dir := ""
		if a.cfg.Backups != nil {
			dir = a.cfg.Backups.Dir()
		}
		p, err := a.openDialog(runtime.OpenDialogOptions{Title: "Restore a backup", DefaultDirectory: dir,
			Filters: []runtime.FileFilter{{DisplayName: "Care Inbox backup (*.db)", Pattern: "*.db"}}})
		if err != nil {
			return RestoreDTO{}, fmt.Errorf("open dialog: %w", err)
		}
		if p == "" {
			return RestoreDTO{}, nil
		}
		path = p
	}
	st, err := a.cfg.StageRestore(a.ctx(), filepath.Clean(path))
	if err != nil {
		return RestoreDTO{}, toAPIError(err)
	}
	return RestoreDTO{Path: path, Handles: len(st.Handles), NeedSignIn: signIns(st.NeedSignIn)}, nil
}

// CancelRestore removes a staged restore.
func (a *DataAPI) CancelRestore() error {
	if a.cfg.DatabasePath == "" {
		return nil
	}
	return toAPIError(backup.Cancel(a.cfg.DatabasePath))
}

// RestoreStatusDTO says whether a restore waits for a restart, whether this
// start applied one (and where the replaced database was kept), and which
// handles must sign in again.
type RestoreStatusDTO struct {
	Pending    bool        `json:"pending"`
	Restored   bool        `json:"restored"`
	KeptAside  string      `json:"keptAside"`
	NeedSignIn []SignInDTO `json:"needSignIn"`
}

// RestoreStatus reads the restore's state and the handles to sign in again.
func (a *DataAPI) RestoreStatus() (RestoreStatusDTO, error) {
	out := RestoreStatusDTO{Restored: a.cfg.RestoredFrom != "", KeptAside: a.cfg.RestoredFrom, NeedSignIn: []SignInDTO{}}
	if a.cfg.DatabasePath != "" {
		out.Pending = backup.Pending(a.cfg.DatabasePath)
	}
	if a.cfg.NeedSignIn != nil {
		hs, err := a.cfg.NeedSignIn(a.ctx())
		if err != nil {
			return out, toAPIError(err)
		}
		out.NeedSignIn = signIns(hs)
	}
	return out, nil
}

// QuitToRestore closes the app so the staged restore is applied at the next start.
func (a *DataAPI) QuitToRestore() {
	if a.quit != nil {
		a.quit()
	}
}

// CustomerRefDTO is a customer the Forget section can pick.
type CustomerRefDTO struct {
	ID          int64   `json:"id"`
	Network     Network `json:"network"`
	Username    string  `json:"username"`
	DisplayName string  `json:"displayName"`
	Messages    int     `json:"messages"`
}

// FindCustomers finds customers by name or username (at most 20).
func (a *DataAPI) FindCustomers(text string) ([]CustomerRefDTO, error) {
	ids, err := a.store.SearchParticipants(a.ctx(), text, 20)
	if err != nil {
		return nil, toAPIError(err)
	}
	out := []CustomerRefDTO{}
	for _, id := range ids {
		c, err := a.store.Customer(a.ctx(), id)
		if err != nil {
			continue // gone since the search
		}
		out = append(out, CustomerRefDTO{ID: id, Network: Network(c.Participant.Network), Username: c.Participant.Username,
			DisplayName: c.Participant.DisplayName, Messages: c.Messages})
	}
	return out, nil
}

// ErasureDTO is the record of a forgotten customer (never what was erased).
type ErasureDTO struct {
	ID            int64   `json:"id"`
	At            int64   `json:"at"` // Unix ms
	CustomerID    int64   `json:"customerId"`
	HandleIDs     []int64 `json:"handleIds"`
	Conversations int     `json:"conversations"`
	Messages      int     `json:"messages"`
	// Compacted: the file was rewritten so no erased byte is left (false: a
	// reader held the WAL; it is emptied at the next checkpoint).
	Compacted bool `json:"compacted"`
}

func erasureDTO(e store.Erasure) ErasureDTO {
	hs := e.HandleIDs
	if hs == nil {
		hs = []int64{}
	}
	return ErasureDTO{ID: e.ID, At: e.At.UnixMilli(), CustomerID: e.CustomerID, HandleIDs: hs,
		Conversations: e.Conversations, Messages: e.Messages}
}

// ForgetCustomer erases one customer's conversations, messages, notes and
// drafts everywhere in the local data, with the search index, and records
// that an erasure happened. confirm must be true (the screen asked).
func (a *DataAPI) ForgetCustomer(customerID int64, confirm bool) (ErasureDTO, error) {
	if !confirm {
		return ErasureDTO{}, invalid("forgetting a customer must be confirmed")
	}
	e, err := a.store.ForgetCustomer(a.ctx(), customerID, a.now())
	if err != nil {
		return ErasureDTO{}, toAPIError(err)
	}
	dto := erasureDTO(e)
	dto.Compacted, err = a.store.Compact(a.ctx())
	if err != nil {
		return dto, toAPIError(fmt.Errorf("the customer was erased, but the file was not compacted: %w", err))
	}
	return dto, nil
}

// Erasures lists the recorded erasures, newest first.
func (a *DataAPI) Erasures() ([]ErasureDTO, error) {
	list, err := a.store.Erasures(a.ctx())
	if err != nil {
		return nil, toAPIError(err)
	}
	out := make([]ErasureDTO, len(list))
	for i, e := range list {
		out[i] = erasureDTO(e)
	}
	return out, nil
}
