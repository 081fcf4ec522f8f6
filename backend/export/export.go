// Package export writes conversations out of the workspace — one
// conversation, a customer's, a client's or a search's — as CSV, JSON (the
// schema in docs/EXPORT-SCHEMA.md and schema.json) or a readable HTML
// transcript. It streams: conversations are read one at a time and their
// messages row by row straight into the writer, so a client with 100 000
// messages is never held in memory. Internal notes go out only when asked.
package export

import (
	"bufio"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"careinbox/backend/store"
)

// SchemaVersion is the version of the JSON schema (and of the CSV
// columns), written into every export. Adding a field keeps it; renaming or
// removing one, or changing a meaning, raises it.
const SchemaVersion = 1

// Schema is the JSON Schema (draft 2020-12) of a JSON export.
//
//go:embed schema.json
var Schema []byte

// Format is an export's file format.
type Format string

// The formats an export is written in.
const (
	CSV  Format = "csv"
	JSON Format = "json"
	HTML Format = "html"
)

// ParseFormat reads a format name ("" is JSON).
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case CSV, JSON, HTML:
		return f, nil
	case "":
		return JSON, nil
	}
	return "", fmt.Errorf("unknown export format %q (csv, json or html)", s)
}

// Ext is the file name extension of the format.
func (f Format) Ext() string { return "." + string(f) }

// Scope chooses what is exported: exactly one of ConversationID,
// CustomerID, Client (a client's name) or Search (the conversations a search
// finds). From/To narrow a client's or a customer's export to messages sent
// in [From, To).
type Scope struct {
	ConversationID int64
	CustomerID     int64
	Client         string
	Search         string
	From, To       time.Time
}

// Options say what to write.
type Options struct {
	Scope  Scope
	Format Format
	// Notes includes internal notes (the team's words, not the customer's):
	// only when the user asks.
	Notes bool
}

// Summary is what an export wrote.
type Summary struct {
	Conversations int
	Messages      int
	Notes         int
}

// Store is what an export reads (read-only; *store.Store implements it).
type Store interface {
	ExportConversationIDs(ctx context.Context, sc store.ExportScope) ([]int64, error)
	ClientByName(ctx context.Context, name string) (int64, error)
	ExportConversation(ctx context.Context, id int64) (store.ExportConversation, error)
	EachExportMessage(ctx context.Context, conversationID int64, from, to time.Time, fn func(store.ExportMessage) error) error
	ExportNotes(ctx context.Context, conversationID int64) ([]store.ExportNote, error)
	SearchPage(ctx context.Context, q store.SearchQuery) (store.SearchResult, error)
}

// SearchLimit is the hits a search export reads: the conversations of the
// search's first page at its largest (store.SearchPage caps a page at 200),
// the results a person can see and meant by "this search".
const SearchLimit = 200

// Exporter writes exports from a store.
type Exporter struct {
	Store Store
	Now   func() time.Time // nil: time.Now
}

// ErrEmpty means the scope holds no conversation.
var ErrEmpty = errors.New("nothing to export")

// writer is one format's encoder; conversations arrive one at a time.
type writer interface {
	begin(h header) error
	conversation(c store.ExportConversation) error
	message(m store.ExportMessage) error
	notes(ns []store.ExportNote) error
	endConversation() error
	end() error
}

// header is what every export starts with.
type header struct {
	ExportedAt time.Time
	Scope      Scope
	Notes      bool
	Title      string
}

// Write writes the export of o to w. It returns ErrEmpty when the scope holds
// no conversation (nothing is written then).
func (e Exporter) Write(ctx context.Context, w io.Writer, o Options) (Summary, error) {
	var sum Summary
	ids, title, err := e.resolve(ctx, o.Scope)
	if err != nil {
		return sum, err
	}
	if len(ids) == 0 {
		return sum, ErrEmpty
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var enc writer
	switch o.Format {
	case CSV:
		enc = newCSV(bw)
	case JSON, "":
		enc = newJSON(bw)
	case HTML:
		enc = newHTML(bw)
	default:
		return sum, fmt.Errorf("unknown export format %q", o.Format)
	}
	now := time.Now
	if e.Now != nil {
		now = e.Now
	}
	if err := enc.begin(header{ExportedAt: now().UTC(), Scope: o.Scope, Notes: o.Notes, Title: title}); err != nil {
		return sum, fmt.Errorf("export: %w", err)
	}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		c, err := e.Store.ExportConversation(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue // deleted since it was listed
		}
		if err != nil {
			return sum, err
		}
		if err := enc.conversation(c); err != nil {
			return sum, fmt.Errorf("export conversation %d: %w", id, err)
		}
		err = e.Store.EachExportMessage(ctx, id, o.Scope.From, o.Scope.To, func(m store.ExportMessage) error {
			sum.Messages++
			return enc.message(m)
		})
		if err != nil {
			return sum, fmt.Errorf("export conversation %d: %w", id, err)
		}
		if o.Notes {
			ns, err := e.Store.ExportNotes(ctx, id)
			if err != nil {
				return sum, err
			}
			sum.Notes += len(ns)
			if err := enc.notes(ns); err != nil {
				return sum, fmt.Errorf("export notes of %d: %w", id, err)
			}
		}
		if err := enc.endConversation(); err != nil {
			return sum, fmt.Errorf("export conversation %d: %w", id, err)
		}
		sum.Conversations++
	}
	if err := enc.end(); err != nil {
		return sum, fmt.Errorf("export: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return sum, fmt.Errorf("export: %w", err)
	}
	return sum, nil
}

// WriteFile writes the export to path through a temporary file beside it,
// renamed into place once complete (0600: an export holds customers'
// messages), so a failed export never leaves half a file under the name.
func (e Exporter) WriteFile(ctx context.Context, path string, o Options) (Summary, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.partial")
	if err != nil {
		return Summary{}, fmt.Errorf("export to %s: %w", path, err)
	}
	tmp := f.Name()
	sum, err := e.Write(ctx, f, o)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return sum, fmt.Errorf("export to %s: %w", path, err)
	}
	return sum, nil
}

// resolve lists the conversations of a scope and names it for a title.
func (e Exporter) resolve(ctx context.Context, sc Scope) ([]int64, string, error) {
	set := 0
	for _, b := range []bool{sc.ConversationID != 0, sc.CustomerID != 0, sc.Client != "", sc.Search != ""} {
		if b {
			set++
		}
	}
	if set != 1 {
		return nil, "", errors.New("export: choose one of a conversation, a customer, a client or a search")
	}
	if sc.Search != "" {
		return e.searchIDs(ctx, sc)
	}
	q := store.ExportScope{ConversationID: sc.ConversationID, CustomerID: sc.CustomerID, From: sc.From, To: sc.To}
	title := ""
	switch {
	case sc.ConversationID != 0:
		title = fmt.Sprintf("Conversation %d", sc.ConversationID)
	case sc.CustomerID != 0:
		title = fmt.Sprintf("Customer %d", sc.CustomerID)
	default:
		id, err := e.Store.ClientByName(ctx, sc.Client)
		if err != nil {
			return nil, "", err
		}
		q.ClientID, title = id, "Client "+sc.Client
	}
	ids, err := e.Store.ExportConversationIDs(ctx, q)
	return ids, title, err
}

// searchIDs lists the conversations a search finds, in the order of their
// first hit (newest first), each once.
func (e Exporter) searchIDs(ctx context.Context, sc Scope) ([]int64, string, error) {
	res, err := e.Store.SearchPage(ctx, store.SearchQuery{Text: sc.Search, From: sc.From, To: sc.To, Limit: SearchLimit})
	if err != nil {
		return nil, "", err
	}
	seen := map[int64]bool{}
	var ids []int64
	for _, h := range res.Hits {
		if !seen[h.ConversationID] {
			seen[h.ConversationID] = true
			ids = append(ids, h.ConversationID)
		}
	}
	return ids, "Search: " + sc.Search, nil
}

// FileName suggests a file name for an export: careinbox-<scope>-<date>.<ext>.
func FileName(sc Scope, f Format, at time.Time) string {
	var what string
	switch {
	case sc.ConversationID != 0:
		what = fmt.Sprintf("conversation-%d", sc.ConversationID)
	case sc.CustomerID != 0:
		what = fmt.Sprintf("customer-%d", sc.CustomerID)
	case sc.Client != "":
		what = "client-" + slug(sc.Client)
	default:
		what = "search-" + slug(sc.Search)
	}
	return "careinbox-" + what + "-" + at.Format("2006-01-02") + f.Ext()
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
		if b.Len() >= 40 {
			break
		}
	}
	if out := strings.Trim(b.String(), "-"); out != "" {
		return out
	}
	return "export"
}
