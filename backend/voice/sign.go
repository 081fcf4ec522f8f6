package voice

import (
	"regexp"
	"strings"

	"github.com/rivo/uniseg"
)

// Vars are the saved-reply variables of one conversation.
type Vars struct {
	CustomerName string // {customer_name}
	Handle       string // {handle}
	Agent        string // {agent}: the workspace's agent name, never the OS login
	Signoff      string // {signoff}: the client's sign-off, already expanded
}

var variable = regexp.MustCompile(`\{(customer_name|handle|agent|signoff)\}`)

// Expand fills the variables of a saved reply. Unknown {words} stay as they
// are, so a typo is seen instead of vanishing (the composer does the same).
func Expand(template string, v Vars) string {
	return variable.ReplaceAllStringFunc(template, func(m string) string {
		switch m {
		case "{customer_name}":
			return v.CustomerName
		case "{handle}":
			return v.Handle
		case "{agent}":
			return v.Agent
		default:
			return v.Signoff
		}
	})
}

// Signoff is a client's sign-off with {agent} filled in. A sign-off that
// names the agent while no agent name is set is no sign-off at all, rather
// than a dangling "— ".
func Signoff(template, agent string) string {
	template = strings.TrimSpace(template)
	if strings.Contains(template, "{agent}") && strings.TrimSpace(agent) == "" {
		return ""
	}
	return strings.TrimSpace(strings.ReplaceAll(template, "{agent}", agent))
}

// Why a sign-off was not added.
const (
	SkipNone    = ""
	SkipPresent = "present" // the reply already ends with or contains it
	SkipTooLong = "too-long"
	SkipEmpty   = "empty" // no reply text or no sign-off
)

// Signed is a reply after Sign.
type Signed struct {
	Text     string
	Appended bool
	Skipped  string // one of the Skip… reasons when not appended
}

// Separator is what goes between a reply and its sign-off: a space on
// networks of short posts ("Sorted! ^SK"), a new line elsewhere.
func Separator(limit int) string {
	if limit > 0 && limit <= 500 {
		return " "
	}
	return "\n"
}

// Sign appends signoff to text once: not when the text already carries it
// (a saved reply with {signoff}, or one typed by hand), and not when it
// would take the reply past limit. limit is the network's length in
// user-perceived characters (0: none) and extra what the network adds to
// the text before counting (Bluesky's "@handle ").
func Sign(text, signoff string, limit, extra int) Signed {
	text, signoff = strings.TrimSpace(text), strings.TrimSpace(signoff)
	if text == "" || signoff == "" {
		return Signed{Text: text, Skipped: SkipEmpty}
	}
	if Contains(text, signoff) {
		return Signed{Text: text, Skipped: SkipPresent}
	}
	out := text + Separator(limit) + signoff
	if limit > 0 && uniseg.GraphemeClusterCount(out)+extra > limit {
		return Signed{Text: text, Skipped: SkipTooLong}
	}
	return Signed{Text: out, Appended: true}
}
