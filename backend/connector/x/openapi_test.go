package x

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"careinbox/backend/connector/connectortest"
)

// The double is held to X's official OpenAPI 3 contract (xdevplatform/xdk,
// July 2026): every request must match an operation (path, method, declared
// query parameters only, body schema, OAuth 2.0 user-token scopes) and every
// answer the operation's response schema, without undeclared properties.
// Found like mastodon's swagger: ../shared/specs beside the clone (see
// connectortest.Contract for what happens when it is missing).
const specFile = "x/openapi.json"

type contract struct {
	doc    *openapi3.T
	router routers.Router
}

// contracts caches the parsed contract per path: parsing takes a while.
var contracts sync.Map // path → func() (*contract, error)

func loadContract(path string) (*contract, error) {
	f, _ := contracts.LoadOrStore(path, sync.OnceValues(func() (*contract, error) { return parseContract(path) }))
	return f.(func() (*contract, error))()
}

func parseContract(path string) (*contract, error) {
	doc, err := openapi3.NewLoader().LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	// One schema the x endpoints never use (CreateCommunityNotesInfo) has a
	// look-ahead pattern Go's regexp cannot compile; patterns are still
	// checked when values are validated.
	r, err := legacy.NewRouter(doc, openapi3.DisableSchemaPatternValidation())
	if err != nil {
		return nil, fmt.Errorf("router: %w", err)
	}
	return &contract{doc: doc, router: r}, nil
}

// optionalContract is the contract for a double, or nil when the spec is
// absent (the double then runs without the check).
func optionalContract(t *testing.T) *contract {
	t.Helper()
	path, ok := connectortest.Contract(t, specFile)
	if !ok {
		return nil
	}
	c, err := loadContract(path)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// mustContract is the contract for tests of the contract check itself;
// they skip when the spec is absent.
func mustContract(t *testing.T) *contract {
	t.Helper()
	c, err := loadContract(connectortest.RequireContract(t, specFile))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkRequest validates r (whose body is body) against the contract.
// granted is the token's scope list; the Bearer token itself is checked by
// the double, which answers 401 for a revoked one as X does.
func (ct *contract) checkRequest(r *http.Request, body []byte, granted string) (*openapi3filter.RequestValidationInput, error) {
	// The router matches the spec's server (https://api.x.com).
	req := r.Clone(context.Background())
	req.URL.Scheme, req.URL.Host, req.Host = "https", "api.x.com", "api.x.com"
	req.Body = io.NopCloser(bytes.NewReader(body))
	route, params, err := ct.router.FindRoute(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s is not in the contract: %w", r.Method, r.URL.Path, err)
	}
	declared := map[string]bool{}
	for _, ps := range []openapi3.Parameters{route.PathItem.Parameters, route.Operation.Parameters} {
		for _, p := range ps {
			if p.Value != nil && p.Value.In == "query" {
				declared[p.Value.Name] = true
			}
		}
	}
	for k := range req.URL.Query() {
		if !declared[k] {
			return nil, fmt.Errorf("%s %s: query parameter %q is not in the contract", r.Method, route.Path, k)
		}
	}
	in := &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: func(_ context.Context, ai *openapi3filter.AuthenticationInput) error {
			if ai.SecuritySchemeName != "OAuth2UserToken" {
				return fmt.Errorf("the connector uses OAuth 2.0 user tokens only, not %s", ai.SecuritySchemeName)
			}
			if !strings.HasPrefix(ai.RequestValidationInput.Request.Header.Get("Authorization"), "Bearer ") {
				return errors.New("no Bearer token")
			}
			for _, s := range ai.Scopes {
				if !contains(strings.Fields(granted), s) {
					return fmt.Errorf("the operation needs scope %s; the token has %q", s, granted)
				}
			}
			return nil
		}},
	}
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
		return nil, fmt.Errorf("%s %s: %w", r.Method, route.Path, err)
	}
	return in, nil
}

// checkResponse validates an answer to a request checked by checkRequest.
func (ct *contract) checkResponse(in *openapi3filter.RequestValidationInput, status int, h http.Header, body []byte) error {
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: status, Header: h, Body: io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		return fmt.Errorf("answer %d to %s %s: %w", status, in.Request.Method, in.Route.Path, err)
	}
	resp := in.Route.Operation.Responses.Status(status)
	if resp == nil {
		resp = in.Route.Operation.Responses.Default()
	}
	mt := resp.Value.Content.Get(strings.Split(h.Get("Content-Type"), ";")[0])
	if mt == nil || mt.Schema == nil {
		return nil
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return err
	}
	return undeclared(mt.Schema.Value, v, "answer")
}

// undeclared finds properties the contract does not name: kin-openapi
// accepts them (the schemas do not forbid additional properties), but a
// double that sends them would let the connector depend on fields X never
// sends — e.g. the old referenced_tweets instead of referenced_posts.
func undeclared(s *openapi3.Schema, v any, at string) error {
	if s == nil {
		return nil
	}
	for _, sub := range s.AllOf {
		if err := undeclared(sub.Value, v, at); err != nil {
			return err
		}
	}
	switch x := v.(type) {
	case map[string]any:
		if len(s.Properties) == 0 || len(s.OneOf) > 0 || len(s.AnyOf) > 0 {
			return nil
		}
		for k, pv := range x {
			p, ok := s.Properties[k]
			if !ok {
				return fmt.Errorf("%s: property %q is not in the contract", at, k)
			}
			if err := undeclared(p.Value, pv, at+"."+k); err != nil {
				return err
			}
		}
	case []any:
		if s.Items != nil {
			for i, e := range x {
				if err := undeclared(s.Items.Value, e, fmt.Sprintf("%s[%d]", at, i)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func TestContractCatchesDrift(t *testing.T) {
	ct := mustContract(t)
	req := func(method, target, body string) *http.Request {
		r, _ := http.NewRequest(method, "http://127.0.0.1"+target, strings.NewReader(body))
		r.Header.Set("Authorization", "Bearer t")
		if body != "" {
			r.Header.Set("Content-Type", "application/json")
		}
		return r
	}
	bad := []struct{ method, target, body string }{
		{"GET", "/2/users/1/mentions?tweet.fields=created_at", ""},                        // v1-era parameter name
		{"GET", "/2/users/1/mentions?since_id=abc", ""},                                   // not a snowflake
		{"GET", "/2/users/1/mentions?post.fields=author_id", ""},                          // an expansion, not a field
		{"GET", "/2/users/1/mentions?max_results=500", ""},                                // above the maximum
		{"GET", "/2/dm_events?pagination_token=short", ""},                                // below minLength 16
		{"GET", "/2/users/1/replies", ""},                                                 // invented endpoint
		{"POST", "/2/tweets", `{"text":"hi","in_reply_to_status_id":"1"}`},                // v1.1 field
		{"POST", "/2/tweets", `{"text":"hi","reply":{"in_reply_to_tweet_id":"x1"}}`},      // bad id
		{"POST", "/2/dm_conversations/with/2001/messages", `{"message":"hi"}`},            // wrong property
		{"POST", "/2/dm_conversations/with/2001/messages", `{"text":""}`},                 // empty text
		{"DELETE", "/2/dm_events", ""},                                                    // wrong method
		{"GET", "/2/users/me?user.fields=username", ""},                                   // fine, but scope missing below
		{"POST", "/2/tweets", `{"text":"hi","reply":{"in_reply_to_tweet_id":"1","x":1}}`}, // additionalProperties false
	}
	for i, b := range bad {
		granted := Scopes
		if i == 11 {
			granted = "tweet.read"
		}
		if _, err := ct.checkRequest(req(b.method, b.target, b.body), []byte(b.body), granted); err == nil {
			t.Errorf("%s %s %s passed the contract check", b.method, b.target, b.body)
		}
	}
	good := req("GET", "/2/users/1/mentions?since_id=5&max_results=100&post.fields=created_at,text&expansions=author_id,referenced_posts&user.fields=username,name", "")
	in, err := ct.checkRequest(good, nil, Scopes)
	if err != nil {
		t.Fatalf("a good request failed: %v", err)
	}
	h := http.Header{"Content-Type": {"application/json"}}
	badAnswers := []string{
		`{"data":[{"id":1,"text":"hi"}]}`,                                   // numeric id
		`{"data":[{"id":"1","text":"hi","created_at":"yesterday"}]}`,        // not a date-time
		`{"data":[{"id":"1","text":"hi","referenced_tweets":[]}]}`,          // renamed field
		`{"data":[{"id":"1","text":"hi"}],"meta":{"result_count":"one"}}`,   // wrong type
		`{"data":[{"id":"1","text":"hi"}],"includes":{"users":[{"id":5}]}}`, // wrong type in includes
	}
	for _, b := range badAnswers {
		if err := ct.checkResponse(in, 200, h, []byte(b)); err == nil {
			t.Errorf("answer %s passed the contract check", b)
		}
	}
	if err := ct.checkResponse(in, 200, h, []byte(`{"data":[{"id":"1","text":"hi","created_at":"2026-11-23T09:00:00Z"}],"meta":{"result_count":1}}`)); err != nil {
		t.Errorf("a good answer failed: %v", err)
	}
	if err := ct.checkResponse(in, 401, h, []byte(`{"title":"Unauthorized"}`)); err == nil {
		t.Error("an error answer without code and message passed")
	}
}
