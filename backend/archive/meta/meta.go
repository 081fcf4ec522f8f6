// Package meta reads Meta's "Download your information" exports in JSON —
// a Facebook Page's or an Instagram account's messages
// (messages/inbox/<thread>/message_N.json, one thread across several
// files) and comments — undoing Meta's mojibake (UTF-8 bytes written as
// \u00XX escapes). The export carries no Graph ids, so its conversations
// and messages get stable ids of their own ("dyi:…", a hash of the thread
// folder and the message): importing it twice adds nothing, but an
// overlap with what the Graph API synced is not recognised (README says so).
package meta

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"careinbox/backend/archive"
	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// Reader reads one export.
type Reader struct {
	tree     *archive.Tree
	format   archive.Format
	network  inbox.Network
	me       string // the Page's or account's name, as the export writes senders
	threads  [][]string
	comments []string
}

var (
	messageFile = regexp.MustCompile(`(^|/)messages/(inbox|message_requests|filtered_threads|archived_threads)/[^/]+/message_\d+\.json$`)
	commentFile = regexp.MustCompile(`(^|/)comments(_and_reactions)?/(post_)?comments(_\d+|_v2)?\.json$`)
)

// Is reports whether tree holds a Meta export's messages or comments.
func Is(tree *archive.Tree) bool {
	names, _ := archive.Glob(tree.FS, func(p string) bool { return messageFile.MatchString(p) || commentFile.MatchString(p) })
	return len(names) > 0
}

// LooksInstagram tells an Instagram export from a Facebook one.
func LooksInstagram(tree *archive.Tree) bool {
	names, _ := archive.Glob(tree.FS, func(p string) bool {
		return strings.HasPrefix(p, "your_instagram_activity/") || strings.Contains(p, "instagram")
	})
	return len(names) > 0
}

// Open reads tree as the export of acct's handle (f: facebook or instagram).
func Open(tree *archive.Tree, f archive.Format, acct archive.Account) (*Reader, error) {
	r := &Reader{tree: tree, format: f, network: f.Network(), me: acct.Handle.DisplayName}
	if acct.Handle.Network == inbox.NetworkInstagram && acct.Handle.Username != "" {
		r.me = strings.TrimPrefix(acct.Handle.Username, "@")
	}
	names, err := archive.Glob(tree.FS, func(p string) bool { return messageFile.MatchString(p) || commentFile.MatchString(p) })
	if err != nil {
		return nil, fmt.Errorf("read the export: %w", err)
	}
	if len(names) == 0 {
		return nil, &archive.ErrUnknown{Path: "the archive", Why: "it has no messages/inbox/*/message_*.json and no comments file"}
	}
	byDir := map[string][]string{}
	var dirs []string
	for _, n := range names {
		if commentFile.MatchString(n) {
			r.comments = append(r.comments, n)
			continue
		}
		d := path.Dir(n)
		if _, ok := byDir[d]; !ok {
			dirs = append(dirs, d)
		}
		byDir[d] = append(byDir[d], n)
	}
	for _, d := range dirs {
		files := byDir[d]
		slices.SortFunc(files, func(a, b string) int { return fileNumber(a) - fileNumber(b) })
		r.threads = append(r.threads, files)
	}
	tree.Count(names)
	return r, nil
}

func fileNumber(name string) int {
	base := strings.TrimSuffix(path.Base(name), ".json")
	n, _ := strconv.Atoi(base[strings.LastIndexByte(base, '_')+1:])
	return n
}

func (r *Reader) Format() archive.Format    { return r.format }
func (r *Reader) Size() (done, total int64) { return r.tree.Size() }
func (r *Reader) Close() error              { return r.tree.Close() }

// Check walks every file's JSON once, holding nothing but the threads'
// participants: when the handle's name is none of them (a Page renamed
// since), the account is the name found in the most threads.
func (r *Reader) Check(ctx context.Context) error {
	seen := map[string]int{} // threads a name is in, twice, plus once more where it is listed last (as Meta lists the owner)
	for _, files := range r.threads {
		inThread := map[string]int{}
		for _, n := range files {
			if err := ctx.Err(); err != nil {
				return err
			}
			names, err := r.checkThreadFile(n)
			if err != nil {
				return err
			}
			for i, name := range names {
				inThread[name] = max(inThread[name], 2)
				if i == len(names)-1 {
					inThread[name] = 3
				}
			}
		}
		for name, k := range inThread {
			seen[name] += k
		}
	}
	for _, n := range r.comments {
		f, err := r.tree.Open(n)
		if err != nil {
			return err
		}
		err = archive.CheckJSON(f)
		f.Close()
		if err != nil {
			return &archive.Corrupt{Where: n, Err: err}
		}
	}
	if _, ok := seen[r.me]; !ok && len(seen) > 0 {
		best := ""
		for name, k := range seen {
			if k > seen[best] || k == seen[best] && name < best {
				best = name
			}
		}
		r.me = best
	}
	r.tree.ResetDone()
	return nil
}

// checkThreadFile walks one message file and returns its participants.
func (r *Reader) checkThreadFile(name string) ([]string, error) {
	f, err := r.tree.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	var names []string
	walk := func() error {
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			return fmt.Errorf("expected an object: %v", err)
		}
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return err
			}
			if key == "participants" {
				var ps []struct {
					Name string `json:"name"`
				}
				if err := dec.Decode(&ps); err != nil {
					return err
				}
				for _, p := range ps {
					names = append(names, archive.Demojibake(p.Name))
				}
				continue
			}
			if err := archive.SkipValue(dec); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil {
			return err
		}
		if _, err := dec.Token(); err != io.EOF {
			return fmt.Errorf("data after the JSON value")
		}
		return nil
	}
	if err := walk(); err != nil {
		return nil, &archive.Corrupt{Where: name, Err: err}
	}
	return names, nil
}

type threadFile struct {
	Participants []struct {
		Name string `json:"name"`
	} `json:"participants"`
	Title      string `json:"title"`
	ThreadPath string `json:"thread_path"`
}

type message struct {
	Sender    string `json:"sender_name"`
	Timestamp int64  `json:"timestamp_ms"`
	Content   string `json:"content"`
	Unsent    bool   `json:"is_unsent"`
	Photos    []any  `json:"photos"`
	Videos    []any  `json:"videos"`
	Share     *struct {
		Link string `json:"link"`
	} `json:"share"`
}

func (r *Reader) Read(ctx context.Context, yield func(archive.Item) error) error {
	for _, files := range r.threads {
		if err := ctx.Err(); err != nil {
			return err
		}
		it, err := r.thread(files)
		if err != nil {
			return err
		}
		if err := yield(it); err != nil {
			return err
		}
	}
	for _, n := range r.comments {
		if err := r.readComments(n, yield); err != nil {
			return err
		}
	}
	return nil
}

// thread reads every file of one thread folder into one conversation.
func (r *Reader) thread(files []string) (archive.Item, error) {
	var head threadFile
	var msgs []message
	for _, n := range files {
		f, err := r.tree.Open(n)
		if err != nil {
			return archive.Item{}, err
		}
		err = decodeThreadFile(f, &head, &msgs)
		f.Close()
		if err != nil {
			return archive.Item{}, &archive.Corrupt{Where: n, Err: err}
		}
	}
	key := head.ThreadPath
	if key == "" {
		key = path.Base(path.Dir(files[0]))
	}
	convID := "dyi:" + hashOf(string(r.network), key)
	var customer inbox.Participant
	for _, p := range head.Participants {
		if name := archive.Demojibake(p.Name); name != "" && name != r.me {
			customer = r.person(name)
			break
		}
	}
	c := connector.Conversation{RemoteID: convID, Kind: inbox.KindPrivate, Customer: customer}
	dropped := map[string]int{}
	slices.SortStableFunc(msgs, func(a, b message) int { return cmp.Compare(a.Timestamp, b.Timestamp) })
	for _, m := range msgs {
		text := archive.Demojibake(m.Content)
		switch {
		case m.Unsent:
			dropped["a message its sender unsent"]++
			continue
		case text == "" && m.Share != nil:
			text = m.Share.Link
		case text == "" && (len(m.Photos) > 0 || len(m.Videos) > 0):
			text = "[photo or video]"
		case text == "":
			dropped["a message without text (a reaction, a call, a sticker)"]++
			continue
		}
		sender := archive.Demojibake(m.Sender)
		msg := connector.Message{RemoteID: "dyi:" + hashOf(key, strconv.FormatInt(m.Timestamp, 10), sender, text),
			Direction: inbox.Inbound, Text: text, SentAt: time.UnixMilli(m.Timestamp).UTC(), AuthorName: sender}
		if sender == r.me {
			msg.Direction, msg.AuthorName = inbox.Outbound, ""
		} else {
			msg.Author = r.person(sender)
		}
		c.Messages = append(c.Messages, msg)
	}
	if len(dropped) == 0 {
		dropped = nil
	}
	return archive.Item{Conv: &c, Dropped: dropped}, nil
}

// person is a participant known by name only: the export has no ids.
func (r *Reader) person(name string) inbox.Participant {
	p := inbox.Participant{Network: r.network, RemoteID: "dyi:" + hashOf(name), DisplayName: name}
	if r.network == inbox.NetworkInstagram {
		p.Username = name
	}
	return p
}

// decodeThreadFile reads one message_N.json token by token: its messages
// array is decoded one message at a time.
func decodeThreadFile(rd interface{ Read([]byte) (int, error) }, head *threadFile, msgs *[]message) error {
	dec := json.NewDecoder(rd)
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return fmt.Errorf("expected an object: %v", err)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case "participants":
			err = dec.Decode(&head.Participants)
		case "title":
			err = dec.Decode(&head.Title)
		case "thread_path":
			err = dec.Decode(&head.ThreadPath)
		case "messages":
			err = eachIn(dec, func() error {
				var m message
				if err := dec.Decode(&m); err != nil {
					return err
				}
				*msgs = append(*msgs, m)
				return nil
			})
		default:
			err = archive.SkipValue(dec)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func eachIn(dec *json.Decoder, fn func() error) error {
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return fmt.Errorf("expected an array: %v", err)
	}
	for dec.More() {
		if err := fn(); err != nil {
			return err
		}
	}
	_, err := dec.Token()
	return err
}

// readComments reads a comments file: Facebook's {"comments_v2": [...]} or
// Instagram's [{"string_map_data": ...}]. These are the account's own
// comments; each goes into a public conversation of the post it is on.
func (r *Reader) readComments(name string, yield func(archive.Item) error) error {
	f, err := r.tree.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	tok, err := dec.Token()
	if err != nil {
		return &archive.Corrupt{Where: name, Err: err}
	}
	each := func() error {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		return yield(r.comment(raw))
	}
	switch tok {
	case json.Delim('['):
		for dec.More() {
			if err := each(); err != nil {
				return &archive.Corrupt{Where: name, Err: err}
			}
		}
	case json.Delim('{'):
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return &archive.Corrupt{Where: name, Err: err}
			}
			if k, _ := key.(string); !strings.HasPrefix(k, "comments") {
				if err := archive.SkipValue(dec); err != nil {
					return &archive.Corrupt{Where: name, Err: err}
				}
				continue
			}
			if err := eachIn(dec, each); err != nil {
				return &archive.Corrupt{Where: name, Err: err}
			}
		}
	}
	return nil
}

func (r *Reader) comment(raw json.RawMessage) archive.Item {
	var fb struct {
		Timestamp int64  `json:"timestamp"`
		Title     string `json:"title"`
		Data      []struct {
			Comment struct {
				Timestamp int64  `json:"timestamp"`
				Comment   string `json:"comment"`
				Author    string `json:"author"`
			} `json:"comment"`
		} `json:"data"`
		StringMap map[string]struct {
			Value     string `json:"value"`
			Timestamp int64  `json:"timestamp"`
		} `json:"string_map_data"`
	}
	if err := json.Unmarshal(raw, &fb); err != nil {
		return archive.Item{Skip: "a comment that could not be read"}
	}
	var text, on, author string
	at := fb.Timestamp
	if len(fb.Data) > 0 {
		text, author = fb.Data[0].Comment.Comment, fb.Data[0].Comment.Author
		if fb.Data[0].Comment.Timestamp != 0 {
			at = fb.Data[0].Comment.Timestamp
		}
		on = fb.Title
	} else if fb.StringMap != nil {
		text, on, at = fb.StringMap["Comment"].Value, fb.StringMap["Media Owner"].Value, fb.StringMap["Time"].Timestamp
	}
	text, on, author = archive.Demojibake(text), archive.Demojibake(on), archive.Demojibake(author)
	if text == "" || at == 0 {
		return archive.Item{Skip: "a comment without text or time"}
	}
	key := "comments:" + on
	msg := connector.Message{RemoteID: "dyi:" + hashOf(key, strconv.FormatInt(at, 10), text), Direction: inbox.Outbound,
		Text: text, SentAt: time.Unix(at, 0).UTC()}
	if author != "" && author != r.me {
		msg.Direction, msg.AuthorName = inbox.Inbound, author
		msg.Author = r.person(author)
	}
	c := connector.Conversation{RemoteID: "dyi:" + hashOf(string(r.network), key), Kind: inbox.KindPublic, Subject: on,
		Messages: []connector.Message{msg}}
	return archive.Item{Conv: &c}
}

func hashOf(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}
