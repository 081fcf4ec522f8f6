package engine

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// fakeNet is a deterministic network: message i belongs to conversation
// i/perConv and pages are cut by offset, so any two runs see the same data.
type fakeNet struct {
	mu       sync.Mutex
	total    int
	perConv  int
	pageSize int
	delay    time.Duration
	fail     error // returned by every Fetch while set
	// failHold, when set, holds a failing Fetch until it is closed.
	failHold chan struct{}
	panics   string // every Fetch panics with this while set
	// replyDelay holds every Reply this long (or until its context ends).
	replyDelay time.Duration
	fetches    int
	// sentLog, when set, is a file that records every reply the network
	// accepted, so a crashed process's sends survive it.
	sentLog string
	sent    []connector.Reply
	base    time.Time
	findErr error // returned by FindSent while set
	// loseAnswer makes the next Reply reach the network and then fail as
	// if the answer were lost (a reset connection).
	loseAnswer bool
}

func (f *fakeNet) Network() inbox.Network      { return inbox.NetworkTelegram }
func (f *fakeNet) Streams() []string           { return []string{"updates"} }
func (f *fakeNet) PollInterval() time.Duration { return time.Hour }
func (f *fakeNet) setFail(err error)           { f.mu.Lock(); f.fail = err; f.mu.Unlock() }
func (f *fakeNet) fetchCount() int             { f.mu.Lock(); defer f.mu.Unlock(); return f.fetches }
func (f *fakeNet) customer(c int) inbox.Participant {
	return inbox.Participant{Network: inbox.NetworkTelegram, RemoteID: fmt.Sprintf("user-%d", c), DisplayName: fmt.Sprintf("Customer %d", c)}
}

func (f *fakeNet) Fetch(ctx context.Context, stream, cursor string) (connector.Page, error) {
	f.mu.Lock()
	f.fetches++
	fail, delay, panics, hold := f.fail, f.delay, f.panics, f.failHold
	f.mu.Unlock()
	if panics != "" {
		panic(panics)
	}
	if fail != nil {
		if hold != nil {
			select {
			case <-hold:
			case <-ctx.Done():
			}
		}
		return connector.Page{}, fail
	}
	select {
	case <-ctx.Done():
		return connector.Page{}, ctx.Err()
	case <-time.After(delay):
	}
	off, _ := strconv.Atoi(cursor)
	end := min(off+f.pageSize, f.total)
	byConv := map[int]*connector.Conversation{}
	var order []int
	for i := off; i < end; i++ {
		c := i / f.perConv
		conv := byConv[c]
		if conv == nil {
			conv = &connector.Conversation{RemoteID: fmt.Sprintf("chat-%d", c), Kind: inbox.KindPrivate, Customer: f.customer(c)}
			byConv[c] = conv
			order = append(order, c)
		}
		conv.Messages = append(conv.Messages, connector.Message{RemoteID: fmt.Sprintf("msg-%d", i),
			Direction: inbox.Inbound, Author: f.customer(c), Text: fmt.Sprintf("message %d about order %d", i, 1000+c),
			SentAt: f.base.Add(time.Duration(i) * time.Second)})
	}
	p := connector.Page{Cursor: strconv.Itoa(end), More: end < f.total}
	for _, c := range order {
		p.Conversations = append(p.Conversations, *byConv[c])
	}
	return p, nil
}

func (f *fakeNet) Reply(ctx context.Context, r connector.Reply) (connector.Sent, error) {
	f.mu.Lock()
	hold := f.replyDelay
	f.mu.Unlock()
	if hold > 0 {
		select {
		case <-ctx.Done():
			return connector.Sent{}, ctx.Err()
		case <-time.After(hold):
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return connector.Sent{}, f.fail
	}
	f.sent = append(f.sent, r)
	if f.loseAnswer {
		f.loseAnswer = false
		return connector.Sent{}, errors.New("read: connection reset by peer")
	}
	if f.sentLog != "" {
		fh, err := os.OpenFile(f.sentLog, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			return connector.Sent{}, err
		}
		fmt.Fprintln(fh, r.IdempotencyKey)
		fh.Sync()
		fh.Close()
	}
	return connector.Sent{RemoteID: "sent-" + r.IdempotencyKey, SentAt: f.base.Add(time.Hour)}, nil
}

// FindSent answers from the network's own record (the log survives crashes).
func (f *fakeNet) FindSent(ctx context.Context, r connector.Reply) (connector.Sent, bool, error) {
	if f.findErr != nil {
		return connector.Sent{}, false, f.findErr
	}
	for _, k := range f.sentKeys() {
		if k == r.IdempotencyKey {
			return connector.Sent{RemoteID: "sent-" + k, SentAt: f.base.Add(time.Hour)}, true, nil
		}
	}
	return connector.Sent{}, false, nil
}

func (f *fakeNet) sentKeys() []string {
	if f.sentLog == "" {
		f.mu.Lock()
		defer f.mu.Unlock()
		var out []string
		for _, r := range f.sent {
			out = append(out, r.IdempotencyKey)
		}
		return out
	}
	fh, err := os.Open(f.sentLog)
	if err != nil {
		return nil
	}
	defer fh.Close()
	var out []string
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		if k := strings.TrimSpace(sc.Text()); k != "" {
			out = append(out, k)
		}
	}
	return out
}
