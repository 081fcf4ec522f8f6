package email

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"careinbox/backend/connector"
)

// The copy of a reply in Sent is filed BEFORE the SMTP submission and its
// flags record how far the submission got, on the server, where a crash of
// this process cannot lose it:
//
//	\Draft $CareInboxUnsent  filed, DATA not yet started: certainly not sent
//	\Draft                   DATA started, the server's answer not yet read:
//	                         it may or may not have been sent
//	(neither)                the server answered 250: sent
//
// A copy filed by anything else (another client, a server that files
// submitted mail itself) carries neither and counts as sent.
const keywordUnsent imap.Flag = "$CareInboxUnsent"

// copyState is what one Sent copy says about its submission.
type copyState int

const (
	copyUnsent    copyState = iota // filed, never submitted
	copyUncertain                  // submission started, outcome unknown
	copySent                       // the server accepted it
)

type sentCopy struct {
	uid   imap.UID
	state copyState
	at    time.Time
}

func stateOf(flags []imap.Flag) copyState {
	switch {
	case !hasFlag(flags, imap.FlagDraft):
		return copySent
	case hasFlag(flags, keywordUnsent):
		return copyUnsent
	default:
		return copyUncertain
	}
}

// sentCopies lists the copies with Message-ID id in the selected mailbox,
// ignoring those already marked deleted.
func sentCopies(cl *imapclient.Client, id string) ([]sentCopy, error) {
	data, err := cl.UIDSearch(&imap.SearchCriteria{
		Header: []imap.SearchCriteriaHeaderField{{Key: "Message-ID", Value: "<" + id + ">"}},
	}, nil).Wait()
	if err != nil {
		return nil, err
	}
	uids := data.AllUIDs()
	if len(uids) == 0 {
		return nil, nil
	}
	bufs, err := cl.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{UID: true, Flags: true, InternalDate: true}).Collect()
	if err != nil {
		return nil, err
	}
	out := make([]sentCopy, 0, len(bufs))
	for _, b := range bufs {
		if hasFlag(b.Flags, imap.FlagDeleted) {
			continue
		}
		out = append(out, sentCopy{uid: b.UID, state: stateOf(b.Flags), at: b.InternalDate.UTC()})
	}
	return out, nil
}

// hasFlag compares as IMAP does: flags are case-insensitive, and servers
// may answer in their own case.
func hasFlag(flags []imap.Flag, f imap.Flag) bool {
	return slices.ContainsFunc(flags, func(g imap.Flag) bool { return strings.EqualFold(string(g), string(f)) })
}

// verdict sums up the copies: sent if any says so, else uncertain if any
// says so, else never sent.
func verdict(copies []sentCopy) (copyState, time.Time) {
	best, at := copyUnsent, time.Time{}
	for _, c := range copies {
		if c.state > best {
			best, at = c.state, c.at
		}
	}
	return best, at
}

// keywordsAllowed reports whether the mailbox keeps keywords (PERMANENTFLAGS
// has \*). Without them a filed copy can only say "maybe sent", so a crash
// before DATA is reported as uncertain: honest, if less convenient.
func keywordsAllowed(sel *imap.SelectData) bool {
	return sel != nil && slices.Contains(sel.PermanentFlags, imap.FlagWildcard)
}

// fileUnsent appends raw to the selected mailbox box as an unsent copy and
// returns its UID.
func fileUnsent(cl *imapclient.Client, box string, raw []byte, date time.Time, keywords bool, id string) (imap.UID, error) {
	flags := []imap.Flag{imap.FlagSeen, imap.FlagDraft}
	if keywords {
		flags = append(flags, keywordUnsent)
	}
	cmd := cl.Append(box, int64(len(raw)), &imap.AppendOptions{Flags: flags, Time: date})
	if _, err := cmd.Write(raw); err != nil {
		cmd.Close()
		return 0, fmt.Errorf("append to %s: %w", box, err)
	}
	if err := cmd.Close(); err != nil {
		return 0, fmt.Errorf("append to %s: %w", box, err)
	}
	res, err := cmd.Wait()
	if err != nil {
		return 0, fmt.Errorf("append to %s: %w", box, err)
	}
	if res != nil && res.UID != 0 {
		return res.UID, nil
	}
	// No UIDPLUS: the newest copy with our Message-ID is the one just filed.
	copies, err := sentCopies(cl, id)
	if err != nil {
		return 0, fmt.Errorf("find the copy filed in %s: %w", box, err)
	}
	var uid imap.UID
	for _, c := range copies {
		uid = max(uid, c.uid)
	}
	if uid == 0 {
		return 0, fmt.Errorf("the copy filed in %s cannot be found again", box)
	}
	return uid, nil
}

// setFlags replaces the flags of one copy.
func setFlags(cl *imapclient.Client, uid imap.UID, flags ...imap.Flag) error {
	err := cl.Store(imap.UIDSetNum(uid), &imap.StoreFlags{Op: imap.StoreFlagsSet, Silent: true, Flags: flags}, nil).Close()
	if err != nil {
		return fmt.Errorf("flag the Sent copy: %w", err)
	}
	return nil
}

// markSubmitting records, before DATA, that the outcome is about to become
// uncertain.
func markSubmitting(cl *imapclient.Client, uid imap.UID) error {
	return setFlags(cl, uid, imap.FlagSeen, imap.FlagDraft)
}

// markSent records the server's 250.
func markSent(cl *imapclient.Client, uid imap.UID) error {
	return setFlags(cl, uid, imap.FlagSeen)
}

// discard removes copies that were never sent (or whose uncertain attempt
// the user chose to retry), so Sent shows the reply once.
func discard(cl *imapclient.Client, uids []imap.UID) error {
	if len(uids) == 0 {
		return nil
	}
	set := imap.UIDSetNum(uids...)
	if err := cl.Store(set, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close(); err != nil {
		return fmt.Errorf("delete stale Sent copies: %w", err)
	}
	caps := cl.Caps()
	if !caps.Has(imap.CapUIDPlus) && !caps.Has(imap.CapIMAP4rev2) {
		return nil // a plain EXPUNGE could remove the user's other deleted mail: leave them marked
	}
	if err := cl.UIDExpunge(set).Close(); err != nil {
		return fmt.Errorf("expunge stale Sent copies: %w", err)
	}
	return nil
}

// selectSent selects (creating it if needed) the Sent mailbox read-write.
func selectSent(cl *imapclient.Client, box string, exists bool) (*imap.SelectData, error) {
	if !exists {
		var ie *imap.Error
		if err := cl.Create(box, nil).Wait(); err != nil && !(errors.As(err, &ie) && ie.Code == imap.ResponseCodeAlreadyExists) {
			return nil, fmt.Errorf("create %s: %w", box, err)
		}
	}
	sel, err := cl.Select(box, nil).Wait()
	var ie *imap.Error
	if err != nil && exists && errors.As(err, &ie) && ie.Type == imap.StatusResponseTypeNo {
		// A configured mailbox that is not there yet: make it, as for "Sent".
		if cerr := cl.Create(box, nil).Wait(); cerr == nil {
			sel, err = cl.Select(box, nil).Wait()
		}
	}
	if err != nil && errors.As(err, &ie) && ie.Type == imap.StatusResponseTypeNo {
		// Without its copy a reply could not be told apart from one never
		// sent after a crash, so it is not sent at all.
		return nil, connector.Errorf(connector.Permanent, err,
			"the mailbox %q for copies of replies cannot be opened, so the reply was not sent; check the Sent mailbox setting", box)
	}
	if err != nil {
		return nil, fmt.Errorf("select %s: %w", box, err)
	}
	return sel, nil
}
