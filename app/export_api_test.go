package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"careinbox/backend/backup"
)

// TestDataAPI drives the Data screen's bound methods over a real store:
// an export to a given path (what the e2e tests pass instead of a dialog),
// a backup, and forgetting a customer (refused unconfirmed).
func TestDataAPI(t *testing.T) {
	a, s := newTestApp(t)
	dir := t.TempDir()
	a.Data.cfg = DataConfig{Backups: backup.New(backup.Config{Store: s, Dir: filepath.Join(dir, "backups")}), DatabasePath: s.Path()}
	page, err := a.Inbox.ListConversations(FilterDTO{}, 0, 1)
	if err != nil || len(page.Items) == 0 {
		t.Fatal(page, err)
	}
	conv := page.Items[0]
	for _, tc := range []struct {
		name    string
		scope   ExportScopeDTO
		format  string
		wantErr bool
	}{
		{"conversation as html", ExportScopeDTO{ConversationID: conv.ID}, "html", false},
		{"customer as csv", ExportScopeDTO{CustomerID: conv.CustomerID}, "csv", false},
		{"client in a range as json", ExportScopeDTO{Client: conv.ClientName, From: "2000-01-01", To: "2100-01-01"}, "json", false},
		{"bad format", ExportScopeDTO{ConversationID: conv.ID}, "xml", true},
		{"bad date", ExportScopeDTO{Client: conv.ClientName, From: "yesterday"}, "json", true},
		{"nothing matches", ExportScopeDTO{Search: "qqqzzzxxnomatch"}, "json", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+"."+tc.format)
			res, err := a.Data.Export(tc.scope, tc.format, false, path)
			if tc.wantErr {
				if err == nil {
					t.Fatal("no error")
				}
				return
			}
			if err != nil || res.Path != path || res.Conversations == 0 || res.Messages == 0 {
				t.Fatalf("export = %+v, %v", res, err)
			}
			if _, err := os.Stat(path); err != nil {
				t.Error(err)
			}
		})
	}
	if _, err := a.Data.Export(ExportScopeDTO{ConversationID: conv.ID}, "json", false, ""); err == nil {
		t.Error("an export without a path or a window succeeded")
	}
	b, err := a.Data.BackupNow("")
	if err != nil || b.Bytes == 0 {
		t.Fatalf("backup = %+v, %v", b, err)
	}
	if list, err := a.Data.Backups(); err != nil || len(list) != 1 || list[0].Path != b.Path {
		t.Errorf("backups = %+v, %v", list, err)
	}
	if err := a.Data.SaveBackupSettings(true, 0); err == nil {
		t.Error("keep 0 accepted")
	}
	if err := a.Data.SaveBackupSettings(false, 3); err != nil {
		t.Fatal(err)
	}
	if set, err := a.Data.BackupSettings(); err != nil || set.Daily || set.Keep != 3 {
		t.Errorf("settings = %+v, %v", set, err)
	}
	if _, err := a.Data.ForgetCustomer(conv.CustomerID, false); err == nil {
		t.Error("forgetting without confirmation succeeded")
	}
	e, err := a.Data.ForgetCustomer(conv.CustomerID, true)
	if err != nil || e.Conversations == 0 || !e.Compacted {
		t.Fatalf("forget = %+v, %v", e, err)
	}
	if _, err := a.Inbox.GetConversation(conv.ID); err == nil {
		t.Error("the forgotten customer's conversation still opens")
	}
	if list, err := a.Data.Erasures(); err != nil || len(list) != 1 || list[0].CustomerID != conv.CustomerID {
		t.Errorf("erasures = %+v, %v", list, err)
	}
	if st, err := a.Data.RestoreStatus(); err != nil || st.Pending || st.Restored {
		t.Errorf("restore status = %+v, %v", st, err)
	}
}
