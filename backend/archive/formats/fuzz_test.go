package formats_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"careinbox/backend/archive"
	"careinbox/backend/archive/mail"
	"careinbox/backend/archive/telegram"
	"careinbox/backend/inbox"
)

// Every mail of any mbox is read without a panic and keyed (by its
// Message-ID or the synthetic one), however broken its headers.
func FuzzMbox(f *testing.F) {
	seed, _ := os.ReadFile(filepath.Join("testdata", "mail.mbox"))
	f.Add(seed)
	f.Add([]byte("From x\n\n>From y\nFrom z\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "f.mbox")
		if err := os.WriteFile(p, append([]byte("From fuzz\n"), data...), 0o600); err != nil {
			t.Fatal(err)
		}
		r, err := mail.OpenMbox(p, archive.Account{Settings: map[string]string{"username": "help@bakery.example"}})
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		err = r.Read(context.Background(), func(it archive.Item) error {
			if it.Conv == nil || it.Conv.RemoteID == "" || len(it.Conv.Messages) != 1 || it.Conv.Messages[0].RemoteID == "" {
				t.Fatalf("a mail without keys: %+v", it)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// Any result.json is checked and read without a panic; what is read is
// keyed by chat and message.
func FuzzTelegram(f *testing.F) {
	seed, _ := os.ReadFile(filepath.Join("testdata", "telegram-result.json"))
	f.Add(seed)
	f.Add([]byte(`{"name":"a","type":"personal_chat","id":1,"messages":[{"id":1,"type":"message","date_unixtime":"1","text":["x",{"text":"y"}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "result.json")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		r, err := telegram.Open(p, archive.Account{Handle: inbox.Handle{RemoteAccountID: "999"}})
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		if r.Check(context.Background()) != nil {
			return // refused before anything is read
		}
		_ = r.Read(context.Background(), func(it archive.Item) error {
			if it.Conv != nil {
				for _, m := range it.Conv.Messages {
					if m.RemoteID == "" || it.Conv.RemoteID == "" {
						t.Fatalf("unkeyed: %+v", it.Conv)
					}
				}
			}
			return nil
		})
	})
}
