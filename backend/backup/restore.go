package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"careinbox/backend/secrets"
	"careinbox/backend/store"
)

// StagedSuffix names the staged restore beside the database.
const StagedSuffix = ".restore"

// Staged is a restore waiting for the next start.
type Staged struct {
	Path    string // the staged copy beside the database
	Handles []store.FileHandle
	// NeedSignIn are the backup's handles whose keychain entry is missing:
	// after the restore they must be signed in again.
	NeedSignIn []store.FileHandle
}

// Secrets is the keychain lookup the sign-in check needs.
type Secrets interface {
	Get(ctx context.Context, key string) (string, error)
}

// Stage checks a backup (integrity, a Care Inbox database this version can
// open) and copies it beside the database at dbPath as dbPath+".restore",
// to be put in place by Apply at the next start. The current database is
// not touched. keyOf names a handle's keychain entry.
func Stage(ctx context.Context, backupPath, dbPath string, sec Secrets, keyOf func(int64) string) (Staged, error) {
	if same, _ := sameFile(backupPath, dbPath); same {
		return Staged{}, errors.New("restore: that is the open workspace itself, not a backup")
	}
	v, err := store.VerifyFile(ctx, backupPath)
	if err != nil {
		return Staged{}, fmt.Errorf("restore: %w", err)
	}
	latest, err := store.LatestSchemaVersion()
	if err != nil {
		return Staged{}, err
	}
	if v > latest {
		return Staged{}, fmt.Errorf("restore: the backup was made by a newer Care Inbox (schema %d, this one reads %d)", v, latest)
	}
	handles, err := store.HandlesInFile(ctx, backupPath)
	if err != nil {
		return Staged{}, fmt.Errorf("restore: %w", err)
	}
	staged := dbPath + StagedSuffix
	tmp := staged + ".partial"
	if err := copyFile(backupPath, tmp); err != nil {
		os.Remove(tmp)
		return Staged{}, fmt.Errorf("restore: %w", err)
	}
	if err := os.Rename(tmp, staged); err != nil {
		os.Remove(tmp)
		return Staged{}, fmt.Errorf("restore: %w", err)
	}
	syncDir(filepath.Dir(staged))
	need, err := NeedSignIn(ctx, handles, sec, keyOf)
	if err != nil {
		return Staged{}, err
	}
	return Staged{Path: staged, Handles: handles, NeedSignIn: need}, nil
}

// Pending reports whether a restore is staged for dbPath.
func Pending(dbPath string) bool {
	_, err := os.Stat(dbPath + StagedSuffix)
	return err == nil
}

// Cancel removes a staged restore.
func Cancel(dbPath string) error {
	if err := os.Remove(dbPath + StagedSuffix); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("cancel restore: %w", err)
	}
	return nil
}

// Apply puts a staged restore in place; call it before the database is
// opened. The current database (with its -wal and -shm) is renamed to
// <name>-before-restore-<time>.db, the time being the staged file's, so a
// crash between two renames is finished by the next Apply under the same
// names. The WAL moves before the database file: SQLite must never find the
// old database's WAL beside the restored file. It returns the path the old
// database was kept at ("" when there was none, or nothing was staged).
func Apply(dbPath string) (aside string, applied bool, err error) {
	staged := dbPath + StagedSuffix
	st, err := os.Stat(staged)
	if errors.Is(err, os.ErrNotExist) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("restore: %w", err)
	}
	ext := filepath.Ext(dbPath)
	aside = strings.TrimSuffix(dbPath, ext) + "-before-restore-" + st.ModTime().UTC().Format(nameLayout) + ext
	kept := false
	for _, suffix := range []string{"-wal", "-shm", ""} {
		err := os.Rename(dbPath+suffix, aside+suffix)
		switch {
		case err == nil:
			kept = kept || suffix == ""
		case errors.Is(err, os.ErrNotExist):
		default:
			return "", false, fmt.Errorf("restore: keep the current database aside: %w", err)
		}
	}
	if _, err := os.Stat(aside); err == nil {
		kept = true // moved by an Apply a crash interrupted
	}
	if err := os.Rename(staged, dbPath); err != nil {
		return "", false, fmt.Errorf("restore: %w", err)
	}
	syncDir(filepath.Dir(dbPath))
	if !kept {
		aside = ""
	}
	return aside, true, nil
}

// NeedSignIn lists the handles whose keychain entry is missing (or cannot be
// read): their sign-in must be done again.
func NeedSignIn(ctx context.Context, handles []store.FileHandle, sec Secrets, keyOf func(int64) string) ([]store.FileHandle, error) {
	var out []store.FileHandle
	for _, h := range handles {
		v, err := sec.Get(ctx, keyOf(h.ID))
		if err != nil && !errors.Is(err, secrets.ErrNotFound) && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err != nil || v == "" {
			out = append(out, h)
		}
	}
	return out, nil
}

func sameFile(a, b string) (bool, error) {
	ia, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	ib, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(ia, ib), nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
