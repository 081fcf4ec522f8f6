package export

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"careinbox/backend/store"
)

// CSVHeader is the CSV export's columns: one row per message (record
// "message") and, when asked, per internal note (record "note"), each with
// its conversation's columns repeated so every row stands alone in a
// spreadsheet.
var CSVHeader = []string{"schema_version", "record", "conversation_id", "client", "handle", "network", "kind",
	"status", "subject", "customer_id", "customer", "customer_username", "tags", "id", "remote_id", "direction",
	"author", "sent_at", "delivery", "text"}

type csvWriter struct {
	w    *csv.Writer
	conv []string
}

func newCSV(w io.Writer) *csvWriter { return &csvWriter{w: csv.NewWriter(w)} }

func (c *csvWriter) begin(header) error { return c.w.Write(CSVHeader) }

func (c *csvWriter) conversation(v store.ExportConversation) error {
	c.conv = []string{strconv.FormatInt(v.ID, 10), cell(v.ClientName), cell(v.HandleName), v.Network, v.Kind,
		v.Status, cell(v.Subject), strconv.FormatInt(v.CustomerID, 10), cell(v.CustomerName), cell(v.CustomerUsername),
		cell(strings.Join(v.Tags, ";"))}
	return nil
}

func (c *csvWriter) row(record string, rest ...string) error {
	row := make([]string, 0, len(CSVHeader))
	row = append(row, strconv.Itoa(SchemaVersion), record)
	row = append(row, c.conv...)
	return c.w.Write(append(row, rest...))
}

func (c *csvWriter) message(m store.ExportMessage) error {
	return c.row("message", strconv.FormatInt(m.ID, 10), cell(m.RemoteID), m.Direction, cell(m.AuthorName),
		stamp(m.SentAt), m.Delivery, cell(m.Text))
}

func (c *csvWriter) notes(ns []store.ExportNote) error {
	for _, n := range ns {
		if err := c.row("note", strconv.FormatInt(n.ID, 10), "", "", cell(n.Author), stamp(n.CreatedAt), "", cell(n.Text)); err != nil {
			return err
		}
	}
	return nil
}

func (c *csvWriter) endConversation() error { c.w.Flush(); return c.w.Error() }

func (c *csvWriter) end() error { c.w.Flush(); return c.w.Error() }

// cell defuses spreadsheet formulas: a customer's "=HYPERLINK(…)" must stay
// text when the file is opened in a spreadsheet (OWASP CSV injection), so a
// cell starting with = + - @ or a control character gets a leading '.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}
