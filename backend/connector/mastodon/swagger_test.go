package mastodon

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"

	"careinbox/backend/connector/connectortest"
)

// The double is checked against GoToSocial's Swagger 2.0 description of the
// Mastodon client API: every request must name an operation and only its
// declared parameters, and every JSON answer must use only declared
// properties of the declared types. A fake that drifts from the contract
// (or a connector that calls what the contract lacks) fails the test.
// The file is found by connectortest.Contract in ../shared/specs.
const swaggerFile = "mastodon-gotosocial/swagger.yaml"

// mastodonOnly lists parameters Mastodon documents that GoToSocial's
// swagger lacks. Keep it tiny and cite the source of each.
var mastodonOnly = map[string][]string{
	// docs.joinmastodon.org/methods/notifications: include_filtered,
	// Mastodon 4.3.0; GoToSocial ignores unknown query parameters.
	"GET /api/v1/notifications": {"include_filtered"},
}

type swSchema struct {
	Ref        string               `yaml:"$ref"`
	Type       string               `yaml:"type"`
	Properties map[string]*swSchema `yaml:"properties"`
	Items      *swSchema            `yaml:"items"`
	Required   []string             `yaml:"required"`
	Enum       []any                `yaml:"enum"`
}

type swParam struct {
	Name     string    `yaml:"name"`
	In       string    `yaml:"in"`
	Required bool      `yaml:"required"`
	Type     string    `yaml:"type"`
	Enum     []any     `yaml:"enum"`
	Items    *swSchema `yaml:"items"`
}

type swOp struct {
	Parameters []swParam                             `yaml:"parameters"`
	Responses  map[string]struct{ Schema *swSchema } `yaml:"responses"`
	Security   []map[string][]string                 `yaml:"security"`
}

type swSecurity struct {
	AuthorizationURL string            `yaml:"authorizationUrl"`
	TokenURL         string            `yaml:"tokenUrl"`
	Scopes           map[string]string `yaml:"scopes"`
}

type swagger struct {
	Paths       map[string]map[string]*swOp `yaml:"paths"`
	Definitions map[string]*swSchema        `yaml:"definitions"`
	Security    map[string]swSecurity       `yaml:"securityDefinitions"`
}

// swaggers caches the parsed swagger per path: it is large.
var swaggers sync.Map // path → func() (*swagger, error)

func loadSwagger(path string) (*swagger, error) {
	f, _ := swaggers.LoadOrStore(path, sync.OnceValues(func() (*swagger, error) {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		var s swagger
		return &s, yaml.Unmarshal(b, &s)
	}))
	return f.(func() (*swagger, error))()
}

// optionalSwagger is the swagger for a double, or nil when the file is
// absent (the double then runs without the contract check).
func optionalSwagger(t *testing.T) *swagger {
	t.Helper()
	path, ok := connectortest.Contract(t, swaggerFile)
	if !ok {
		return nil
	}
	s, err := loadSwagger(path)
	if err != nil {
		t.Fatalf("load swagger: %v", err)
	}
	return s
}

// mustSwagger is the swagger for tests of the contract check itself; they
// skip when the file is absent.
func mustSwagger(t *testing.T) *swagger {
	t.Helper()
	s, err := loadSwagger(connectortest.RequireContract(t, swaggerFile))
	if err != nil {
		t.Fatalf("load swagger: %v", err)
	}
	return s
}

// operation finds the swagger path template and operation for a request.
func (s *swagger) operation(method, path string) (string, *swOp, error) {
	var tmpls []string
	for tmpl, ops := range s.Paths {
		if ops[strings.ToLower(method)] != nil {
			tmpls = append(tmpls, tmpl)
		}
	}
	if tmpl, ok := matchTemplate(tmpls, path); ok {
		return tmpl, s.Paths[tmpl][strings.ToLower(method)], nil
	}
	return "", nil, fmt.Errorf("%s %s is not in the swagger", method, path)
}

// matchTemplate finds the path template ("/api/v1/statuses/{id}/context")
// that path fills in.
func matchTemplate(tmpls []string, path string) (string, bool) {
	segs := strings.Split(path, "/")
	tmpls = slices.Clone(tmpls)
	sort.Strings(tmpls) // literal segments sort before "{id}"; deterministic
	for _, tmpl := range tmpls {
		ts := strings.Split(tmpl, "/")
		if len(ts) != len(segs) {
			continue
		}
		match := true
		for i := range ts {
			if ts[i] != segs[i] && !(strings.HasPrefix(ts[i], "{") && segs[i] != "") {
				match = false
				break
			}
		}
		if match {
			return tmpl, true
		}
	}
	return "", false
}

// checkRequest validates a request's query or form parameters against the
// operation; granted are the token's scopes ("" for no token check).
func (s *swagger) checkRequest(r *http.Request, form url.Values, granted string) (string, error) {
	tmpl, op, err := s.operation(r.Method, r.URL.Path)
	if err != nil {
		return "", err
	}
	declared := map[string]swParam{}
	for _, p := range op.Parameters {
		declared[p.In+" "+p.Name] = p
	}
	extra := mastodonOnly[r.Method+" "+tmpl]
	check := func(in string, vals url.Values) error {
		for k, vs := range vals {
			p, ok := declared[in+" "+k]
			if !ok {
				if slices.Contains(extra, k) {
					continue
				}
				return fmt.Errorf("%s %s: %s parameter %q is not in the swagger", r.Method, tmpl, in, k)
			}
			enum := p.Enum
			if p.Items != nil {
				enum = p.Items.Enum
			}
			for _, v := range vs {
				if len(enum) > 0 && !slices.ContainsFunc(enum, func(e any) bool { return fmt.Sprint(e) == v }) {
					return fmt.Errorf("%s %s: %s=%q is not one of %v", r.Method, tmpl, k, v, enum)
				}
			}
		}
		for _, p := range op.Parameters {
			if p.Required && (p.In == "query" && !vals.Has(p.Name) && in == "query" || p.In == "formData" && in == "formData" && !vals.Has(p.Name)) {
				return fmt.Errorf("%s %s: required %s parameter %q missing", r.Method, tmpl, p.In, p.Name)
			}
		}
		return nil
	}
	if err := check("query", r.URL.Query()); err != nil {
		return tmpl, err
	}
	if form != nil {
		if err := check("formData", form); err != nil {
			return tmpl, err
		}
	}
	if granted != "" {
		for _, sec := range op.Security {
			for _, need := range sec["OAuth2 Bearer"] {
				if !scopeGranted(granted, need) {
					return tmpl, fmt.Errorf("%s %s needs scope %s; the token has %q", r.Method, tmpl, need, granted)
				}
			}
		}
	}
	return tmpl, nil
}

// scopeGranted: "read" covers "read:statuses"; "profile" is covered by read:accounts.
func scopeGranted(granted, need string) bool {
	for _, g := range strings.Fields(granted) {
		if g == need || strings.HasPrefix(need, g+":") || need == "profile" && g == "read:accounts" {
			return true
		}
	}
	return false
}

// checkResponse validates a 200 answer's JSON against the declared schema.
func (s *swagger) checkResponse(method, tmpl string, body []byte) error {
	op := s.Paths[tmpl][strings.ToLower(method)]
	if op == nil {
		return fmt.Errorf("%s %s: no such operation", method, tmpl)
	}
	r, ok := op.Responses["200"]
	if !ok || r.Schema == nil {
		return fmt.Errorf("%s %s: the swagger declares no 200 answer", method, tmpl)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("%s %s: answer is not JSON: %w", method, tmpl, err)
	}
	return s.validate(r.Schema, v, method+" "+tmpl)
}

func (s *swagger) validate(sc *swSchema, v any, at string) error {
	for sc.Ref != "" {
		name := strings.TrimPrefix(sc.Ref, "#/definitions/")
		d, ok := s.Definitions[name]
		if !ok {
			return fmt.Errorf("%s: unknown definition %s", at, name)
		}
		sc = d
	}
	if v == nil {
		return nil // Swagger 2.0 cannot say "nullable"; the API sends null for absent values
	}
	switch sc.Type {
	case "object", "":
		obj, ok := v.(map[string]any)
		if !ok {
			if sc.Type == "" {
				return nil
			}
			return fmt.Errorf("%s: want an object, got %T", at, v)
		}
		for _, req := range sc.Required {
			if _, ok := obj[req]; !ok {
				return fmt.Errorf("%s: required property %q missing", at, req)
			}
		}
		if sc.Properties == nil {
			return nil
		}
		for k, pv := range obj {
			ps, ok := sc.Properties[k]
			if !ok {
				return fmt.Errorf("%s: property %q is not in the swagger", at, k)
			}
			if err := s.validate(ps, pv, at+"."+k); err != nil {
				return err
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s: want an array, got %T", at, v)
		}
		for i, e := range arr {
			if sc.Items != nil {
				if err := s.validate(sc.Items, e, fmt.Sprintf("%s[%d]", at, i)); err != nil {
					return err
				}
			}
		}
	case "string":
		if _, ok := v.(string); !ok {
			return fmt.Errorf("%s: want a string, got %T", at, v)
		}
	case "integer", "number":
		if _, ok := v.(float64); !ok {
			return fmt.Errorf("%s: want a number, got %T", at, v)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s: want a boolean, got %T", at, v)
		}
	}
	if len(sc.Enum) > 0 && !slices.ContainsFunc(sc.Enum, func(e any) bool { return fmt.Sprint(e) == fmt.Sprint(v) }) {
		return fmt.Errorf("%s: %v is not one of %v", at, v, sc.Enum)
	}
	return nil
}

func TestSwaggerValidatorCatchesDrift(t *testing.T) {
	s := mustSwagger(t)
	bad := []struct {
		method, target string
	}{
		{"GET", "/api/v1/notifications?exclude_visibility=direct"}, // invented parameter
		{"GET", "/api/v1/notifications?types[]=quote"},             // not in the enum
		{"GET", "/api/v1/mentions"},                                // invented endpoint
		{"DELETE", "/api/v1/notifications"},                        // wrong method
	}
	for _, b := range bad {
		r, _ := http.NewRequest(b.method, "http://x"+b.target, nil)
		if _, err := s.checkRequest(r, nil, ""); err == nil {
			t.Errorf("%s %s passed the swagger check", b.method, b.target)
		}
	}
	if err := s.checkResponse("GET", "/api/v1/notifications", []byte(`[{"id":"1","type":"mention","visibility_x":1}]`)); err == nil {
		t.Error("an undeclared notification property passed")
	}
	if err := s.checkResponse("GET", "/api/v1/notifications", []byte(`[{"id":1}]`)); err == nil {
		t.Error("a numeric id passed where the swagger says string")
	}
	r, _ := http.NewRequest("GET", "http://x/api/v1/notifications?types[]=mention&include_filtered=true&min_id=5&limit=40", nil)
	if _, err := s.checkRequest(r, nil, Scopes); err != nil {
		t.Errorf("the connector's own request failed: %v", err)
	}
	if _, err := s.checkRequest(r, nil, "read:accounts"); err == nil {
		t.Error("a token without read:notifications passed")
	}
}
