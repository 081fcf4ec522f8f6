package app

import (
	"context"
	"errors"
	"testing"

	"careinbox/backend/archive"
)

// fakeImporter reports one progress step, then waits for release.
type fakeImporter struct {
	got     archive.Request
	release chan struct{}
	err     error
}

func (f *fakeImporter) Import(ctx context.Context, req archive.Request, progress func(archive.Progress)) (archive.Summary, error) {
	f.got = req
	progress(archive.Progress{Counts: archive.Counts{Conversations: 1, Messages: 2, New: 2}, Done: 10, Total: 40})
	select {
	case <-f.release:
	case <-ctx.Done():
		return archive.Summary{}, ctx.Err()
	}
	return archive.Summary{ImportID: 1, Format: archive.FormatMbox,
		Counts: archive.Counts{Conversations: 3, Messages: 5, New: 4, Existing: 1, Skipped: map[string]int{"b": 1, "a": 2}}}, f.err
}

func TestImportAPI(t *testing.T) {
	for _, c := range []struct {
		name    string
		err     error
		wantErr string
	}{{"done", nil, ""}, {"refused", errors.New("nothing imported: damaged"), "nothing imported: damaged"}} {
		t.Run(c.name, func(t *testing.T) {
			f := &fakeImporter{release: make(chan struct{}), err: c.err}
			events := make(chan ImportStatusDTO, 8)
			var prevSeq int64
			api := &ImportAPI{ctx: context.Background, importer: f, emit: func(name string, data any) {
				st := data.(ImportStatusDTO)
				// The view keeps the status with the highest Seq, so each
				// update must carry a larger one than the last.
				if st.Seq <= prevSeq {
					t.Errorf("%s seq %d after %d", name, st.Seq, prevSeq)
				}
				prevSeq = st.Seq
				if (name == EventImportDone) == st.Running {
					t.Errorf("%s with running=%v", name, st.Running)
				}
				events <- st
			}}
			if err := api.StartImport(4, "/tmp/a.mbox", "bogus"); err == nil {
				t.Fatal("an unknown format must be refused")
			}
			if err := api.StartImport(4, "/tmp/a.mbox", "mbox"); err != nil {
				t.Fatal(err)
			}
			if first := <-events; !first.Running || first.HandleID != 4 {
				t.Fatalf("first event %+v", first)
			}
			if err := api.StartImport(4, "/tmp/b.mbox", "auto"); err == nil {
				t.Error("a second import into the same handle while one runs must be refused")
			}
			close(f.release)
			var last ImportStatusDTO
			for last = range events {
				if !last.Running {
					break
				}
			}
			if f.got != (archive.Request{Path: "/tmp/a.mbox", HandleID: 4, Format: archive.FormatMbox}) {
				t.Errorf("request %+v", f.got)
			}
			if last.Messages != 5 || last.New != 4 || last.Existing != 1 || last.Error != c.wantErr ||
				len(last.Skipped) != 2 || last.Skipped[0] != (ImportSkipDTO{Reason: "a", Count: 2}) {
				t.Errorf("summary %+v", last)
			}
			if st := api.ImportStatus(4); st == nil || st.Running || st.Messages != 5 || st.Seq != last.Seq {
				t.Errorf("ImportStatus = %+v", st)
			}
			if err := api.StartImport(4, "/tmp/a.mbox", "mbox"); err != nil {
				t.Errorf("after the end a new import may start: %v", err)
			}
			api.CancelImport(4)
			for st := range events { // the cancelled import's end
				if !st.Running {
					break
				}
			}
		})
	}
}
