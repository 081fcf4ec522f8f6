package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"careinbox/backend/csat"
	"careinbox/backend/inbox"
)

// surveyed sets up a client surveying on resolve with a Messenger DM whose
// customer last wrote at lastIn, and resolves it.
func surveyed(t *testing.T, s *Store, nw inbox.Network, cust string, lastIn time.Time, edit func(*csat.Settings)) (convID int64, h inbox.Handle) {
	t.Helper()
	ctx := context.Background()
	h = fixtureNamed(t, s, nw, cust)
	st := csat.Defaults()
	st.Enabled = true
	if edit != nil {
		edit(&st)
	}
	if _, err := s.SetCSATSettings(ctx, h.ClientID, st, lastIn); err != nil {
		t.Fatal(err)
	}
	return resolveDM(t, s, h, cust, "dm-"+cust, lastIn), h
}

func fixtureNamed(t *testing.T, s *Store, nw inbox.Network, name string) inbox.Handle {
	t.Helper()
	ctx := context.Background()
	c, err := s.CreateClient(ctx, inbox.Client{Name: "Bakery " + name})
	if err != nil {
		t.Fatal(err)
	}
	h, err := s.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: nw, RemoteAccountID: "acct-" + name, DisplayName: "@AskBakery"})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func resolveDM(t *testing.T, s *Store, h inbox.Handle, cust, remote string, lastIn time.Time) int64 {
	t.Helper()
	ctx := context.Background()
	c := IncomingConversation{RemoteID: remote, Kind: inbox.KindPrivate, Customer: customer(cust), Messages: []IncomingMessage{
		{RemoteID: remote + "-1", Direction: inbox.Inbound, Author: customer(cust), Text: "my cake never came", SentAt: lastIn}}}
	res, err := s.Ingest(ctx, h.ID, []IncomingConversation{c}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(ctx, res.Conversations, inbox.StatusResolved, time.Time{}); err != nil {
		t.Fatal(err)
	}
	return res.Conversations[0]
}

func survey(t *testing.T, s *Store, convID int64) Survey {
	t.Helper()
	v, ok, err := s.SurveyOf(context.Background(), convID)
	if err != nil || !ok {
		t.Fatalf("survey of %d: ok=%v err=%v", convID, ok, err)
	}
	return v
}

func outboxCount(t *testing.T, s *Store, convID int64) int {
	t.Helper()
	var n int
	if err := s.r.QueryRow(`SELECT COUNT(*) FROM outbox o JOIN messages m ON m.id = o.message_id
		WHERE m.conversation_id = ? AND m.author_name = ?`, convID, SurveyAuthor).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The survey goes out once per conversation: a crash before the commit
// leaves nothing queued, and reopening the store, running the scheduler
// twice and resolving again never queues a second one.
func TestSurveySentOnceAcrossRestartsAndCrash(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "csat.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	convID, _ := surveyed(t, s, inbox.NetworkFacebook, "ana", now.Add(-time.Hour), nil)
	if v := survey(t, s, convID); v.State != SurveyScheduled {
		t.Fatalf("after resolve: state %q, want scheduled", v.State)
	}
	// A crash mid-transaction: the survey message was written, never committed.
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if id, err := askSurvey(ctx, tx, convID, now); err != nil || id == 0 {
		t.Fatalf("ask: id=%d err=%v", id, err)
	}
	_ = tx.Rollback()
	s.Close()
	for run := 0; run < 2; run++ {
		if s, err = Open(ctx, path); err != nil {
			t.Fatal(err)
		}
		if n := outboxCount(t, s, convID); n != run {
			t.Fatalf("run %d: %d survey messages in the outbox before, want %d", run, n, run)
		}
		for i := 0; i < 2; i++ {
			if _, err := s.SendDueSurveys(ctx, now.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		// Reopened and resolved again: still asked once.
		if err := s.SetStatus(ctx, []int64{convID}, inbox.StatusOpen, time.Time{}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetStatus(ctx, []int64{convID}, inbox.StatusResolved, time.Time{}); err != nil {
			t.Fatal(err)
		}
		if n := outboxCount(t, s, convID); n != 1 {
			t.Fatalf("run %d: %d survey messages, want 1", run, n)
		}
		if v := survey(t, s, convID); v.State != SurveyAsked || v.MessageID == 0 {
			t.Fatalf("run %d: survey %+v, want asked", run, v)
		}
		s.Close()
	}
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.RequestSurvey(ctx, convID, now); err == nil {
		t.Fatal("asking again by the button: want ErrAlreadySurveyed")
	}
	d, err := s.Conversation(ctx, convID)
	if err != nil {
		t.Fatal(err)
	}
	last := d.Messages[len(d.Messages)-1]
	if last.AuthorName != SurveyAuthor || last.Delivery != inbox.DeliveryQueued || !strings.Contains(last.Text, "How did we do") {
		t.Fatalf("survey message in the thread: %+v", last)
	}
	// The outbox hands it to the network as automated; a person's reply
	// in the same conversation is not.
	reply, err := s.QueueReply(ctx, convID, "Anything else?", "private", "Sam", now)
	if err != nil {
		t.Fatal(err)
	}
	items, err := s.ClaimOutbox(ctx, now.Add(time.Hour), 10)
	if err != nil || len(items) != 2 {
		t.Fatalf("claimed %d (%v), want the survey and the reply", len(items), err)
	}
	for _, it := range items {
		if want := it.MessageID == last.ID; it.Automated != want {
			t.Errorf("message %d (reply %d): automated %v", it.MessageID, reply.ID, it.Automated)
		}
	}
}

func TestSurveyRules(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	t.Run("opt-out respected", func(t *testing.T) {
		s := openTest(t)
		convID, _ := surveyed(t, s, inbox.NetworkFacebook, "ben", now.Add(-time.Hour), nil)
		var cust int64
		if err := s.r.QueryRow("SELECT customer_id FROM conversations WHERE id = ?", convID).Scan(&cust); err != nil {
			t.Fatal(err)
		}
		if err := s.SetSurveyOptOut(ctx, cust, true, now); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SendDueSurveys(ctx, now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if v := survey(t, s, convID); v.State != SurveyBlocked || !strings.Contains(v.Reason, "opted out") || outboxCount(t, s, convID) != 0 {
			t.Fatalf("opted-out customer: %+v", v)
		}
	})
	t.Run("surveyed in the last N days", func(t *testing.T) {
		s := openTest(t)
		first, h := surveyed(t, s, inbox.NetworkX, "cy", now.Add(-time.Hour), func(st *csat.Settings) { st.QuietDays = 30 })
		if _, err := s.SendDueSurveys(ctx, now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		second := resolveDM(t, s, h, "cy", "dm-cy-2", now.Add(-time.Minute))
		if _, err := s.SendDueSurveys(ctx, now.Add(2*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if survey(t, s, first).State != SurveyAsked {
			t.Fatal("first conversation not asked")
		}
		if v := survey(t, s, second); v.State != SurveyBlocked || !strings.Contains(v.Reason, "already asked") {
			t.Fatalf("second conversation within 30 days: %+v", v)
		}
	})
	t.Run("closed 24 hour window blocks and says why", func(t *testing.T) {
		s := openTest(t)
		convID, _ := surveyed(t, s, inbox.NetworkFacebook, "di", now.Add(-25*time.Hour), nil)
		if _, err := s.SendDueSurveys(ctx, now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if v := survey(t, s, convID); v.State != SurveyBlocked || !strings.Contains(v.Reason, "24-hour") || outboxCount(t, s, convID) != 0 {
			t.Fatalf("closed window: %+v", v)
		}
	})
	t.Run("button only waits for the button", func(t *testing.T) {
		s := openTest(t)
		convID, _ := surveyed(t, s, inbox.NetworkX, "ed", now.Add(-time.Hour), func(st *csat.Settings) { st.Trigger = csat.TriggerButton })
		if _, ok, _ := s.SurveyOf(ctx, convID); ok {
			t.Fatal("a button-only client scheduled a survey on resolve")
		}
		if err := s.RequestSurvey(ctx, convID, now); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SendDueSurveys(ctx, now.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		if survey(t, s, convID).State != SurveyAsked {
			t.Fatal("button survey not asked")
		}
	})
}

func TestSurveyAnswers(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	cases := []struct {
		name    string
		text    string
		state   string
		score   int
		status  inbox.Status
		comment string
		optOut  bool
	}{
		{"a rating does not reopen", "5 thanks so much!", SurveyAnswered, 5, inbox.StatusResolved, "thanks so much", false},
		{"a help-seeking answer reopens", "2 but it is still not working", SurveyAnswered, 2, inbox.StatusOpen, "but it is still not working", false},
		{"no answer reopens as usual", "where is my refund", SurveyUnanswered, 0, inbox.StatusOpen, "", false},
		{"stop opts out", "STOP", SurveyAnswered, 0, inbox.StatusResolved, "STOP", true},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := openTest(t)
			name := string(rune('a' + i))
			convID, h := surveyed(t, s, inbox.NetworkFacebook, name, now, nil)
			if _, err := s.SendDueSurveys(ctx, now.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
			ans := IncomingConversation{RemoteID: "dm-" + name, Kind: inbox.KindPrivate, Customer: customer(name), Messages: []IncomingMessage{
				{RemoteID: "answer", Direction: inbox.Inbound, Author: customer(name), Text: c.text, SentAt: now.Add(2 * time.Minute)}}}
			if _, err := s.Ingest(ctx, h.ID, []IncomingConversation{ans}, nil); err != nil {
				t.Fatal(err)
			}
			v := survey(t, s, convID)
			if v.State != c.state || v.Score != c.score || (c.state == SurveyAnswered && v.Comment != c.comment) || v.OptedOut != c.optOut {
				t.Fatalf("survey %+v, want state %q score %d comment %q", v, c.state, c.score, c.comment)
			}
			d, err := s.Conversation(ctx, convID)
			if err != nil {
				t.Fatal(err)
			}
			if d.Summary.Status != c.status {
				t.Fatalf("status %q, want %q", d.Summary.Status, c.status)
			}
			_, opted, err := s.CustomerSurveys(ctx, d.Summary.CustomerID)
			if err != nil || opted != c.optOut {
				t.Fatalf("customer opted out = %v (err %v), want %v", opted, err, c.optOut)
			}
		})
	}
}
