package deadline

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// This file reads the iCalendar syntax (RFC 5545 §3.1): content lines,
// unfolded, and the BEGIN/END components they form. It is written here,
// rather than taken from a library, so that every error can name its line
// and one broken event can be reported without losing the rest of the file.

// icalLine is one unfolded content line: NAME;PARAM=V1,V2:VALUE.
type icalLine struct {
	num    int // the physical line it starts on, from 1
	name   string
	params map[string][]string
	value  string
}

func (l icalLine) param(name string) string {
	if vs := l.params[name]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// lineError is a problem on one line of the file.
type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

func errAt(line int, format string, args ...any) error {
	return &lineError{line, fmt.Sprintf(format, args...)}
}

// icalComponent is a BEGIN:NAME … END:NAME block. A line that is not a
// valid content line is kept as bad, so the component it sits in can be
// rejected alone.
type icalComponent struct {
	name     string
	line     int
	props    []icalLine
	children []*icalComponent
	bad      error
}

func (c *icalComponent) prop(name string) (icalLine, bool) {
	for _, p := range c.props {
		if p.name == name {
			return p, true
		}
	}
	return icalLine{}, false
}

func (c *icalComponent) all(name string) []icalLine {
	var out []icalLine
	for _, p := range c.props {
		if p.name == name {
			out = append(out, p)
		}
	}
	return out
}

// maxICalDepth bounds component nesting (VCALENDAR > VEVENT > VALARM is 3).
const maxICalDepth = 8

// parseICal splits data into calendars. Structural faults (no VCALENDAR,
// an END that closes nothing, a file cut off inside a component) are
// errors for the whole file: what follows them cannot be trusted.
func parseICal(data []byte) ([]*icalComponent, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // Outlook and Notepad write a BOM
	var (
		cals  []*icalComponent
		stack []*icalComponent
		count int
	)
	err := unfold(data, func(num int, raw string) error {
		l, perr := parseLine(num, raw)
		if perr != nil {
			if len(stack) < 2 {
				return perr // outside any event: the file itself is broken
			}
			if top := stack[len(stack)-1]; top.bad == nil {
				top.bad = perr
			}
			return nil
		}
		switch l.name {
		case "BEGIN":
			name := strings.ToUpper(strings.TrimSpace(l.value))
			if name == "" {
				return errAt(num, "BEGIN names no component")
			}
			if len(stack) == 0 && name != "VCALENDAR" {
				return errAt(num, "not an iCalendar file: expected BEGIN:VCALENDAR, got BEGIN:%s", clip(name, 40))
			}
			if len(stack) >= maxICalDepth {
				return errAt(num, "components nested more than %d deep", maxICalDepth)
			}
			if count++; count > 3*maxICalEvents {
				return errAt(num, "more than %d components: not a holiday calendar", 3*maxICalEvents)
			}
			c := &icalComponent{name: name, line: num}
			if len(stack) > 0 {
				parent := stack[len(stack)-1]
				parent.children = append(parent.children, c)
			} else {
				cals = append(cals, c)
			}
			stack = append(stack, c)
		case "END":
			name := strings.ToUpper(strings.TrimSpace(l.value))
			if len(stack) == 0 {
				return errAt(num, "END:%s without a BEGIN", clip(name, 40))
			}
			top := stack[len(stack)-1]
			if name != top.name {
				return errAt(num, "END:%s, but the open component is %s (begun on line %d)", clip(name, 40), top.name, top.line)
			}
			stack = stack[:len(stack)-1]
		default:
			if len(stack) == 0 {
				return errAt(num, "not an iCalendar file: expected BEGIN:VCALENDAR, got %q", clip(raw, 40))
			}
			top := stack[len(stack)-1]
			top.props = append(top.props, l)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(stack) > 0 {
		top := stack[len(stack)-1]
		return nil, fmt.Errorf("file ends inside %s begun on line %d (cut off?)", top.name, top.line)
	}
	if len(cals) == 0 {
		return nil, fmt.Errorf("not an iCalendar file: no BEGIN:VCALENDAR")
	}
	return cals, nil
}

// unfold calls fn with each logical line and the physical line it starts
// on. Lines end in CRLF (the standard) or a bare LF (many exporters); a
// line starting with a space or a tab continues the one before (§3.1).
func unfold(data []byte, fn func(num int, line string) error) error {
	var (
		cur      []byte
		curNum   int
		physical int
		have     bool
	)
	flush := func() error {
		if !have {
			return nil
		}
		have = false
		if len(bytes.TrimSpace(cur)) == 0 {
			return nil // blank lines are not content, but exporters leave them
		}
		return fn(curNum, string(cur))
	}
	for len(data) > 0 {
		physical++
		var line []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			line, data = data, nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if have && len(line) > 0 && (line[0] == ' ' || line[0] == '\t') {
			cur = append(cur, line[1:]...)
			continue
		}
		if err := flush(); err != nil {
			return err
		}
		cur, curNum, have = append(cur[:0], line...), physical, true
	}
	return flush()
}

// parseLine reads NAME *(";" param) ":" value (§3.1).
func parseLine(num int, s string) (icalLine, error) {
	l := icalLine{num: num}
	i := 0
	for i < len(s) && isNameByte(s[i]) {
		i++
	}
	if i == 0 {
		return l, errAt(num, "expected a property name, got %q", clip(s, 40))
	}
	l.name = strings.ToUpper(s[:i])
	for i < len(s) && s[i] == ';' {
		i++
		j := i
		for j < len(s) && isNameByte(s[j]) {
			j++
		}
		if j == i || j >= len(s) || s[j] != '=' {
			return l, errAt(num, "%s has a malformed parameter", l.name)
		}
		pname := strings.ToUpper(s[i:j])
		i = j + 1
		for {
			var v string
			if i < len(s) && s[i] == '"' {
				end := strings.IndexByte(s[i+1:], '"')
				if end < 0 {
					return l, errAt(num, "%s: parameter %s has an unclosed quote", l.name, pname)
				}
				v, i = s[i+1:i+1+end], i+end+2
			} else {
				j := i
				for j < len(s) && s[j] != ',' && s[j] != ';' && s[j] != ':' {
					j++
				}
				v, i = s[i:j], j
			}
			if l.params == nil {
				l.params = map[string][]string{}
			}
			l.params[pname] = append(l.params[pname], v)
			if i < len(s) && s[i] == ',' {
				i++
				continue
			}
			break
		}
	}
	if i >= len(s) || s[i] != ':' {
		return l, errAt(num, "%s has no ':' before its value", l.name)
	}
	l.value = s[i+1:]
	return l, nil
}

func isNameByte(b byte) bool {
	return b == '-' || b >= '0' && b <= '9' || b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z'
}

// icalText undoes TEXT escaping (§3.3.11) and makes the result safe to
// store and show: valid UTF-8, one line, no control characters, not longer
// than maxHolidayName runes.
func icalText(s string) string {
	var b strings.Builder
	esc := false
	n := 0
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if n >= maxHolidayName {
			break
		}
		if esc {
			esc = false
			switch r {
			case 'n', 'N':
				r = ' '
			}
		} else if r == '\\' {
			esc = true
			continue
		}
		if r < ' ' || r == 0x7f {
			r = ' '
		}
		b.WriteRune(r)
		n++
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// clip shortens s for an error message.
func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
