package archive

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"unicode/utf8"
)

// EachElement decodes a JSON array from r one element at a time, token by
// token, so an array of any length never has to fit in memory.
func EachElement(r io.Reader, fn func(json.RawMessage) error) error {
	dec := json.NewDecoder(r)
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("read the array: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("expected an array, found %v", tok)
	}
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fmt.Errorf("read an element: %w", err)
		}
		if err := fn(raw); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("read the array's end: %w", err)
	}
	return nil
}

// SkipValue walks one JSON value from r token by token without keeping it
// (a syntax check that holds nothing).
func SkipValue(dec *json.Decoder) error {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if d, ok := tok.(json.Delim); ok {
			if d == '[' || d == '{' {
				depth++
			} else {
				depth--
			}
		}
		if depth == 0 {
			return nil
		}
	}
}

// CheckJSON reads r to its end as one JSON value, holding nothing.
func CheckJSON(r io.Reader) error {
	dec := json.NewDecoder(r)
	if err := SkipValue(dec); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("data after the JSON value")
	}
	return nil
}

// Demojibake undoes Meta's export encoding: its JSON writes each UTF-8
// byte of a string as its own \u00XX escape, so "é" arrives as "Ã©". A
// string whose runes are all at most U+00FF is turned back into those
// bytes and read as UTF-8 when that is valid; anything else is kept.
func Demojibake(s string) string {
	high := false
	for _, r := range s {
		if r > 0xFF {
			return s
		}
		if r >= 0x80 {
			high = true
		}
	}
	if !high {
		return s
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		b = append(b, byte(r))
	}
	if !utf8.Valid(b) {
		return s
	}
	return string(b)
}

// OpenIn opens name in fsys, wrapping a missing or broken entry as Corrupt.
func OpenIn(fsys fs.FS, name string) (fs.File, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, &Corrupt{Where: name, Err: err}
	}
	return f, nil
}

// Glob lists the files of fsys whose path match accepts, in path order
// (macOS zips' __MACOSX/ shadows left out).
func Glob(fsys fs.FS, match func(name string) bool) ([]string, error) {
	var out []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && match(p) && !strings.HasPrefix(p, "__MACOSX/") {
			out = append(out, p)
		}
		return nil
	})
	return out, err
}
