package app

import (
	"context"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"testing"

	"careinbox/backend/inbox"
	"careinbox/backend/store"
	"careinbox/backend/voice"
)

func clientOf(t *testing.T, s *store.Store, conversationID int64) int64 {
	t.Helper()
	d, err := s.Conversation(context.Background(), conversationID)
	if err != nil {
		t.Fatal(err)
	}
	return d.Summary.ClientID
}

func TestVoiceAPIRoundTripAndCheckWords(t *testing.T) {
	a, s := newTestApp(t)
	id := publicConversation(t, s)
	client := clientOf(t, s, id)
	in := VoiceDTO{Tone: "Warm.", Humour: "never", HumourRule: "No jokes about money.",
		Examples: []VoiceExampleDTO{{Right: "I'm sorry — let me check.", Wrong: "lol not our problem"}},
		Avoid:    []VoiceWordDTO{{Phrase: "LOL", Alternative: ""}, {Phrase: "per our policy", Alternative: "we usually"}},
		Prefer:   []VoiceWordDTO{{Phrase: "happy to help"}}, Signoff: "— {agent}", AppendSignoff: true}
	if err := a.Voice.SaveVoice(client, in); err != nil {
		t.Fatal(err)
	}
	got, err := a.Voice.Voice(client)
	if err != nil || got.Tone != "Warm." || got.Humour != "never" || len(got.Examples) != 1 || len(got.Avoid) != 2 || got.Signoff != "— {agent}" || !got.AppendSignoff {
		t.Fatalf("Voice = %+v, %v", got, err)
	}
	if err := a.Voice.SaveVoice(client, VoiceDTO{Humour: "sometimes"}); err == nil {
		t.Fatal("an unknown humour level was saved")
	}
	hits, err := a.Voice.CheckWords(client, "LOL, per  our policy we can't. A lollipop?")
	if err != nil || len(hits) != 2 || hits[0].Found != "LOL" || hits[1].Alternative != "we usually" {
		t.Fatalf("CheckWords = %+v, %v", hits, err)
	}
	cctx, err := a.Compose.Context(id)
	if err != nil || cctx.Tone != "Warm." || len(cctx.Voice.Examples) != 1 || cctx.Signoff != "— Sam" || !cctx.AppendSignoff {
		t.Fatalf("Context = %+v, %v", cctx, err)
	}
}

func TestSendReplySignsOnceWithinTheLimit(t *testing.T) {
	a, s := newTestApp(t)
	id := publicConversation(t, s) // on X
	client := clientOf(t, s, id)
	a.Inbox.signer.limits[inbox.NetworkX] = 280
	if err := a.Voice.SetAgentName("Sam Kim"); err != nil {
		t.Fatal(err)
	}
	send := func(text string) string {
		t.Helper()
		m, err := a.Inbox.SendReply(id, text, "public")
		if err != nil {
			t.Fatal(err)
		}
		return m.Text
	}
	// Without the option nothing is added.
	if err := a.Voice.SaveVoice(client, VoiceDTO{Signoff: "^SK"}); err != nil {
		t.Fatal(err)
	}
	if got := send("Sorted!"); got != "Sorted!" {
		t.Fatalf("unsigned reply = %q", got)
	}
	if err := a.Voice.SaveVoice(client, VoiceDTO{Signoff: "^SK", AppendSignoff: true}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, text, want string }{
		{"appended", "Sorted!", "Sorted! ^SK"},
		{"not twice", "Sorted! ^SK", "Sorted! ^SK"},
		{"not past the limit", strings.Repeat("a", 278), strings.Repeat("a", 278)},
		{"a saved reply's {signoff}, expanded, is not doubled", voice.Expand("Thanks {customer_name}! {signoff}", voice.Vars{CustomerName: "Zoë", Signoff: "^SK"}), "Thanks Zoë! ^SK"},
	} {
		if got := send(tc.text); got != tc.want {
			t.Errorf("%s: sent %q, want %q", tc.name, got, tc.want)
		}
	}
	// A sign-off with {agent} uses the workspace's agent name.
	if err := a.Voice.SaveVoice(client, VoiceDTO{Signoff: "— {agent}", AppendSignoff: true}); err != nil {
		t.Fatal(err)
	}
	if got := send("Sorted!"); got != "Sorted! — Sam Kim" {
		t.Fatalf("signed with the agent = %q", got)
	}
	d, _ := a.Inbox.GetConversation(id)
	last := d.Messages[len(d.Messages)-1]
	if last.AuthorName != "Sam Kim" {
		t.Fatalf("reply author = %q, want the agent name", last.AuthorName)
	}
}

// The name a reply or a note is signed with is the workspace's agent name,
// never the operating system's login.
func TestAgentNameIsNeverTheOSLogin(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	t.Setenv("USER", "os-login-zz")
	t.Setenv("LOGNAME", "os-login-zz")
	t.Setenv("USERNAME", "os-login-zz")
	a := New(Config{Store: s, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	id := publicConversation(t, s)
	logins := map[string]bool{"os-login-zz": true}
	if u, err := user.Current(); err == nil {
		logins[u.Username], logins[u.Name] = true, true
	}
	delete(logins, "")
	m, err := a.Inbox.SendReply(id, "Hello", "public")
	if err != nil {
		t.Fatal(err)
	}
	n, err := a.Inbox.AddNote(id, "called the customer")
	if err != nil {
		t.Fatal(err)
	}
	cctx, err := a.Compose.Context(id)
	if err != nil {
		t.Fatal(err)
	}
	// With no agent name set a reply is from the handle (its display name,
	// what the customer sees it as); an internal note carries no name.
	for what, tc := range map[string]struct{ got, want string }{
		"reply": {m.AuthorName, "@AskBakery"}, "note": {n.Author, ""}, "composer": {cctx.Agent, "@AskBakery"},
	} {
		if logins[tc.got] {
			t.Errorf("%s signed with the OS login %q", what, tc.got)
		}
		if tc.got != tc.want {
			t.Errorf("%s signed %q with no agent name set, want %q", what, tc.got, tc.want)
		}
	}
}

// No production Go file reads the login name; a test above proves the
// behaviour, this one keeps a new call from creeping back in.
func TestNoCodeReadsTheOSLogin(t *testing.T) {
	for _, root := range []string{".", "../backend", ".."} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if root == ".." && path != ".." {
					return fs.SkipDir // only main.go at the root
				}
				return nil
			}
			if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, bad := range []string{"user.Current(", `Getenv("USER")`, `Getenv("LOGNAME")`, `Getenv("USERNAME")`, `LookupEnv("USER")`} {
				if strings.Contains(string(b), bad) {
					t.Errorf("%s calls %s: replies must be signed with the workspace's agent name", path, bad)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestGuideStarterEditAndReset(t *testing.T) {
	a, _ := newTestApp(t)
	g, err := a.Voice.Guide()
	if err != nil || g.Custom || g.Markdown != voice.StarterGuide {
		t.Fatalf("Guide before editing = custom %v, %v; want the starter guide", g.Custom, err)
	}
	g, err = a.Voice.SaveGuide("# Ours\n\n<script>alert(1)</script>")
	if err != nil || !g.Custom || g.Markdown != "# Ours\n\n<script>alert(1)</script>" {
		t.Fatalf("SaveGuide = %+v, %v", g, err)
	}
	// Saving the starter text unchanged is not a custom guide.
	if g, err = a.Voice.SaveGuide(voice.StarterGuide + "\n"); err != nil || g.Custom {
		t.Fatalf("SaveGuide(starter) = custom %v, %v", g.Custom, err)
	}
	if _, err = a.Voice.SaveGuide("# Ours again"); err != nil {
		t.Fatal(err)
	}
	if g, err = a.Voice.ResetGuide(); err != nil || g.Custom || g.Markdown != voice.StarterGuide {
		t.Fatalf("ResetGuide = custom %v, %v", g.Custom, err)
	}
}
