package bluesky

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/rivo/uniseg"

	"careinbox/backend/connector/connectortest"
)

// A small lexicon validator: the double checks every request's
// parameters or input and every answer against the lexicon of the NSID
// called (../shared/specs/bluesky/lexicons), so neither the fake nor the
// connector can use a field or parameter the protocol does not have.
const lexFiles = "bluesky/lexicons"

type lexDef struct {
	Type       string                    `json:"type"`
	Required   []string                  `json:"required"`
	Properties map[string]*lexDef        `json:"properties"`
	Items      *lexDef                   `json:"items"`
	Ref        string                    `json:"ref"`
	Refs       []string                  `json:"refs"`
	Closed     bool                      `json:"closed"`
	Parameters *lexDef                   `json:"parameters"`
	Input      *struct{ Schema *lexDef } `json:"input"`
	Output     *struct{ Schema *lexDef } `json:"output"`
	Record     *lexDef                   `json:"record"`
	MaxLength  int                       `json:"maxLength"`
	// MaxGraphemes counts user-perceived characters (Unicode grapheme
	// clusters), as the PDS does.
	MaxGraphemes int      `json:"maxGraphemes"`
	KnownValues  []string `json:"knownValues"`
	Format       string   `json:"format"`
	Key          string   `json:"key"` // record key type of a record
}

var (
	recordKeyRe = regexp.MustCompile(`^[A-Za-z0-9._:~-]{1,512}$`)
	tidRe       = regexp.MustCompile(`^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$`)
	// datetimeRe is the syntax of the atproto "datetime" format
	// (atproto.com/specs/lexicon#datetime): RFC 3339 with an upper-case T,
	// whole seconds and a time zone, "-00:00" excluded. It checks syntax
	// only, as the reference implementation's regex does: "2026-02-30"
	// passes (JavaScript's Date rolls it over to March).
	datetimeRe = regexp.MustCompile(`^[0-9]{4}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-6][0-9]:[0-6][0-9](\.[0-9]{1,20})?(Z|[+-][0-2][0-9]:[0-5][0-9])$`)
)

// checkFormat checks the string formats the connector depends on (record
// keys, TIDs and datetimes, from the atproto specs); other formats pass.
func checkFormat(format, s string) error {
	switch format {
	case "record-key":
		if !recordKeyRe.MatchString(s) || s == "." || s == ".." {
			return fmt.Errorf("%q is not a valid record key", s)
		}
	case "tid":
		if !tidRe.MatchString(s) {
			return fmt.Errorf("%q is not a valid TID", s)
		}
	case "datetime":
		if !datetimeRe.MatchString(s) || strings.HasSuffix(s, "-00:00") {
			return fmt.Errorf("%q is not a valid datetime", s)
		}
	}
	return nil
}

// checkRecordKey checks rkey against the key type of collection's record
// lexicon ("tid", "any", "nsid", "literal:…").
func (l *lexicons) checkRecordKey(collection, rkey string) error {
	m, err := l.main(collection)
	if err != nil {
		return err
	}
	if err := checkFormat("record-key", rkey); err != nil {
		return fmt.Errorf("%s: %w", collection, err)
	}
	switch {
	case m.Key == "tid":
		if err := checkFormat("tid", rkey); err != nil {
			return fmt.Errorf("%s records are keyed by TID: %w", collection, err)
		}
	case strings.HasPrefix(m.Key, "literal:"):
		if rkey != strings.TrimPrefix(m.Key, "literal:") {
			return fmt.Errorf("%s records are keyed %s, not %q", collection, m.Key, rkey)
		}
	}
	return nil
}

type lexicons struct {
	dir  string // the lexicons directory
	mu   sync.Mutex
	docs map[string]map[string]*lexDef // nsid → defs
}

func (l *lexicons) doc(nsid string) (map[string]*lexDef, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if d, ok := l.docs[nsid]; ok {
		return d, nil
	}
	b, err := os.ReadFile(filepath.Join(l.dir, filepath.FromSlash(strings.ReplaceAll(nsid, ".", "/"))+".json"))
	if err != nil {
		return nil, fmt.Errorf("no lexicon for %s: %w", nsid, err)
	}
	var d struct{ Defs map[string]*lexDef }
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, err
	}
	if l.docs == nil {
		l.docs = map[string]map[string]*lexDef{}
	}
	l.docs[nsid] = d.Defs
	return d.Defs, nil
}

// resolve turns "#x", "nsid#x" or "nsid" (seen from doc) into its def and
// full name.
func (l *lexicons) resolve(doc, ref string) (*lexDef, string, string, error) {
	nsid, name, _ := strings.Cut(ref, "#")
	if nsid == "" {
		nsid = doc
	}
	if name == "" {
		name = "main"
	}
	defs, err := l.doc(nsid)
	if err != nil {
		return nil, "", "", err
	}
	d, ok := defs[name]
	if !ok {
		return nil, "", "", fmt.Errorf("%s#%s is not defined", nsid, name)
	}
	full := nsid
	if name != "main" {
		full += "#" + name
	}
	return d, nsid, full, nil
}

func (l *lexicons) main(nsid string) (*lexDef, error) {
	d, _, _, err := l.resolve(nsid, nsid)
	return d, err
}

// checkParams validates query parameters of a query (GET).
func (l *lexicons) checkParams(nsid string, q url.Values) error {
	m, err := l.main(nsid)
	if err != nil {
		return err
	}
	if m.Type != "query" {
		return fmt.Errorf("%s is a %s, not a query", nsid, m.Type)
	}
	p := m.Parameters
	if p == nil {
		p = &lexDef{}
	}
	for k, vs := range q {
		d, ok := p.Properties[k]
		if !ok {
			return fmt.Errorf("%s: parameter %q is not in the lexicon", nsid, k)
		}
		if d.Type != "array" && len(vs) > 1 {
			return fmt.Errorf("%s: %q given %d times", nsid, k, len(vs))
		}
		if d.Type == "integer" {
			if _, err := strconv.Atoi(vs[0]); err != nil {
				return fmt.Errorf("%s: %q is not an integer", nsid, k)
			}
		}
		if d.Type == "string" {
			if err := checkFormat(d.Format, vs[0]); err != nil {
				return fmt.Errorf("%s: parameter %q: %w", nsid, k, err)
			}
		}
	}
	for _, r := range p.Required {
		if !q.Has(r) {
			return fmt.Errorf("%s: required parameter %q missing", nsid, r)
		}
	}
	return nil
}

// checkInput validates a procedure's JSON body.
func (l *lexicons) checkInput(nsid string, body []byte) error {
	m, err := l.main(nsid)
	if err != nil {
		return err
	}
	if m.Type != "procedure" {
		return fmt.Errorf("%s is a %s, not a procedure", nsid, m.Type)
	}
	if m.Input == nil || m.Input.Schema == nil {
		if len(body) > 0 {
			return fmt.Errorf("%s takes no input", nsid)
		}
		return nil
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("%s: input is not JSON: %w", nsid, err)
	}
	return l.validate(nsid, m.Input.Schema, v, nsid+" input")
}

func (l *lexicons) checkOutput(nsid string, body []byte) error {
	m, err := l.main(nsid)
	if err != nil {
		return err
	}
	if m.Output == nil || m.Output.Schema == nil {
		return nil
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("%s: output is not JSON: %w", nsid, err)
	}
	return l.validate(nsid, m.Output.Schema, v, nsid+" output")
}

func (l *lexicons) validate(doc string, d *lexDef, v any, at string) error {
	switch d.Type {
	case "ref":
		rd, rdoc, _, err := l.resolve(doc, d.Ref)
		if err != nil {
			return fmt.Errorf("%s: %w", at, err)
		}
		return l.validate(rdoc, rd, v, at)
	case "record":
		return l.validate(doc, d.Record, v, at)
	case "union":
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: union value is not an object", at)
		}
		t, _ := obj["$type"].(string)
		for _, r := range d.Refs {
			rd, rdoc, full, err := l.resolve(doc, r)
			if err != nil {
				return fmt.Errorf("%s: %w", at, err)
			}
			if full == t {
				return l.validate(rdoc, rd, v, at+"<"+t+">")
			}
		}
		if d.Closed || t == "" {
			return fmt.Errorf("%s: $type %q is not one of %v", at, t, d.Refs)
		}
		return nil
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: want an object, got %T", at, v)
		}
		for _, r := range d.Required {
			if _, ok := obj[r]; !ok {
				return fmt.Errorf("%s: required %q missing", at, r)
			}
		}
		for k, pv := range obj {
			if k == "$type" {
				continue
			}
			pd, ok := d.Properties[k]
			if !ok {
				return fmt.Errorf("%s: %q is not in the lexicon", at, k)
			}
			if err := l.validate(doc, pd, pv, at+"."+k); err != nil {
				return err
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s: want an array, got %T", at, v)
		}
		for i, e := range arr {
			if err := l.validate(doc, d.Items, e, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("%s: want a string, got %T", at, v)
		}
		if d.MaxLength > 0 && len(s) > d.MaxLength {
			return fmt.Errorf("%s: longer than %d bytes", at, d.MaxLength)
		}
		if d.MaxGraphemes > 0 && uniseg.GraphemeClusterCount(s) > d.MaxGraphemes {
			return fmt.Errorf("%s: longer than %d graphemes", at, d.MaxGraphemes)
		}
		if err := checkFormat(d.Format, s); err != nil {
			return fmt.Errorf("%s: %w", at, err)
		}
	case "integer":
		if _, ok := v.(float64); !ok {
			return fmt.Errorf("%s: want an integer, got %T", at, v)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s: want a boolean, got %T", at, v)
		}
	}
	return nil
}

func TestLexiconValidatorCatchesDrift(t *testing.T) {
	l := lexicons{dir: connectortest.RequireContract(t, lexFiles)}
	if err := l.checkParams("app.bsky.notification.listNotifications", url.Values{"since": {"x"}}); err == nil {
		t.Error("an invented parameter passed")
	}
	if err := l.checkParams("chat.bsky.convo.getInbox", nil); err == nil {
		t.Error("an invented NSID passed")
	}
	if err := l.checkInput("chat.bsky.convo.sendMessage", []byte(`{"convoId":"c","message":{}}`)); err == nil {
		t.Error("a message without text passed")
	}
	if err := l.checkOutput("app.bsky.notification.listNotifications", []byte(`{"notifications":[{"uri":"at://x"}]}`)); err == nil {
		t.Error("a notification without its required fields passed")
	}
	if err := l.checkInput("com.atproto.repo.createRecord", []byte(`{"repo":"did:plc:x","collection":"app.bsky.feed.post","rkey":"a/b","record":{}}`)); err == nil {
		t.Error("an invalid record key passed")
	}
	if err := l.checkParams("com.atproto.repo.getRecord", url.Values{"repo": {"did:plc:x"}, "collection": {"app.bsky.feed.post"}, "rkey": {".."}}); err == nil {
		t.Error("an invalid record key parameter passed")
	}
	if err := l.checkRecordKey("app.bsky.feed.post", "my-reply-1"); err == nil {
		t.Error("a non-TID key for a tid-keyed collection passed")
	}
	if err := l.checkRecordKey("app.bsky.feed.post", "3jzfcijpj2z2a"); err != nil {
		t.Errorf("a valid TID was refused: %v", err)
	}
	long := `{"convoId":"c","message":{"text":"` + strings.Repeat("é", 1001) + `"}}`
	if err := l.checkInput("chat.bsky.convo.sendMessage", []byte(long)); err == nil {
		t.Error("a chat message of 1001 graphemes (2002 bytes) passed")
	}
	post := `{"$type":"app.bsky.feed.post","text":"hi","createdAt":"2026-01-01T00:00:00Z","facets":[{"index":{"byteStart":0,"byteEnd":3},"features":[{"$type":"app.bsky.richtext.facet#mention"}]}]}`
	if err := l.validate("app.bsky.feed.post", mustMain(t, &l, "app.bsky.feed.post"), decode(t, post), "post"); err == nil {
		t.Error("a mention facet without a did passed")
	}
}

// optionalLexicons are the lexicons for a double, or nil when they are
// absent (the double then runs without the contract check).
func optionalLexicons(t *testing.T) *lexicons {
	t.Helper()
	dir, ok := connectortest.Contract(t, lexFiles)
	if !ok {
		return nil
	}
	return &lexicons{dir: dir}
}

func mustMain(t *testing.T, l *lexicons, nsid string) *lexDef {
	t.Helper()
	d, err := l.main(nsid)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func decode(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}
