package core

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"

	"careinbox/backend/store"
)

// Problem is why a workspace did not open, in words for its owner: launched
// from a desktop there is no terminal to read an error line in, so the
// window shows this instead.
type Problem struct {
	Title  string // what happened
	Detail string // what it means and what to do
	Error  string // the technical text, for a support request
}

// Explain turns an Open error into a Problem.
func Explain(err error, opts Options) Problem {
	where := opts.DataDir
	if where == "" {
		where = "your data folder"
	}
	p := Problem{Error: err.Error()}
	switch {
	case errors.Is(err, store.ErrCorrupt):
		p.Title = "Your Care Inbox database is damaged"
		p.Detail = fmt.Sprintf("The database in %s cannot be read. Nothing was changed. Restore it from a backup, "+
			"or move the file careinbox.db aside to start again with an empty workspace.", where)
	case errors.Is(err, store.ErrDiskFull), errors.Is(err, syscall.ENOSPC):
		p.Title = "The disk is full"
		p.Detail = "Care Inbox needs a little free space to open your workspace. Free some space, then start it again."
	case errors.Is(err, syscall.EROFS), errors.Is(err, fs.ErrPermission):
		p.Title = "Care Inbox cannot write to its data folder"
		p.Detail = fmt.Sprintf("%s is read-only or belongs to another user. Start Care Inbox with a folder you can write "+
			"to (careinbox --data-dir FOLDER), or fix the folder's permissions.", where)
	default:
		p.Title = "Care Inbox could not open your workspace"
		p.Detail = fmt.Sprintf("Something went wrong while opening %s. The details below help support find out why.", where)
	}
	return p
}
