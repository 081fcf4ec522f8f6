package archive

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

// fakeStore records the batches an import writes; failAt makes that
// batch (1-based) fail.
type fakeStore struct {
	batches [][]store.IncomingConversation
	units   []int64
	failAt  int
	writing bool // a write is running: a second at once is a bug
}

func (f *fakeStore) Handle(context.Context, int64) (inbox.Handle, error) {
	return inbox.Handle{ID: 1, Network: inbox.NetworkEmail}, nil
}
func (f *fakeStore) HandleSettings(context.Context, int64) (map[string]string, error) {
	return nil, nil
}
func (f *fakeStore) StartImport(context.Context, int64, string, string, string, time.Time) (store.ImportRecord, error) {
	return store.ImportRecord{ID: 7}, nil
}
func (f *fakeStore) FinishImport(context.Context, int64, store.ImportState, string, string, time.Time) error {
	return nil
}
func (f *fakeStore) StoredMessages(context.Context, int64, []string) (map[string]bool, error) {
	return map[string]bool{}, nil
}
func (f *fakeStore) IngestImport(_ context.Context, _, _ int64, convs []store.IncomingConversation, units int64, _ string) (store.IngestResult, error) {
	if f.writing {
		return store.IngestResult{}, errors.New("two batches written at once")
	}
	f.writing = true
	defer func() { f.writing = false }()
	if len(f.batches)+1 == f.failAt {
		return store.IngestResult{}, errors.New("disk full")
	}
	f.batches = append(f.batches, convs)
	f.units = append(f.units, units)
	n := 0
	for _, c := range convs {
		n += len(c.Messages)
	}
	return store.IngestResult{NewMessages: n}, nil
}

// mails is a Reader of n one-message conversations of size bytes of text.
type mails struct{ n, size int }

func (m mails) Format() Format            { return FormatMbox }
func (m mails) Size() (done, total int64) { return 0, 0 }
func (m mails) Close() error              { return nil }
func (m mails) Read(ctx context.Context, yield func(Item) error) error {
	text := strings.Repeat("x", m.size)
	for i := range m.n {
		id := fmt.Sprintf("m%d", i)
		c := connector.Conversation{RemoteID: id, Kind: inbox.KindEmail,
			Messages: []connector.Message{{RemoteID: id, Direction: inbox.Inbound, Text: text}}}
		if err := yield(Item{Conv: &c}); err != nil {
			return err
		}
	}
	return nil
}

func TestImportBatches(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.mbox")
	if err := os.WriteFile(path, []byte("From x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name      string
		rd        mails
		batch     int
		failAt    int
		wantUnits []int64
		wantNew   int64
		wantErr   bool
	}{
		{name: "by count, in order", rd: mails{n: 25, size: 10}, batch: 10, wantUnits: []int64{10, 20, 25}, wantNew: 25},
		// 4 MiB mails: the 16 MiB text cap ends a batch after four.
		{name: "by text size", rd: mails{n: 9, size: 4 << 20}, batch: 2000, wantUnits: []int64{4, 8, 9}, wantNew: 9},
		{name: "a failed batch stops the import", rd: mails{n: 50, size: 10}, batch: 10, failAt: 3, wantUnits: []int64{10, 20}, wantNew: 20, wantErr: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := &fakeStore{failAt: c.failAt}
			r := &Runner{Store: fs, BatchMessages: c.batch, Open: func(string, Format, Account) (Reader, error) { return c.rd, nil }}
			var progress []int64
			sum, err := r.Import(context.Background(), Request{Path: path, HandleID: 1}, func(p Progress) { progress = append(progress, p.New) })
			if (err != nil) != c.wantErr || c.wantErr && !strings.Contains(err.Error(), "disk full") {
				t.Fatalf("err = %v, want an error: %v", err, c.wantErr)
			}
			if fmt.Sprint(fs.units) != fmt.Sprint(c.wantUnits) {
				t.Errorf("batches end at %v, want %v", fs.units, c.wantUnits)
			}
			if sum.New != c.wantNew || len(progress) != len(c.wantUnits) || progress[len(progress)-1] != c.wantNew {
				t.Errorf("summary new = %d, progress %v; want %d after each of %d batches", sum.New, progress, c.wantNew, len(c.wantUnits))
			}
			seen := 0
			for _, b := range fs.batches {
				for _, conv := range b {
					if conv.RemoteID != fmt.Sprintf("m%d", seen) {
						t.Fatalf("conversation %s written at position %d", conv.RemoteID, seen)
					}
					seen++
				}
			}
		})
	}
}
