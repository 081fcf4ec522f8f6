package inbox

// Humour is how far a client lets agents joke: never, with care, or welcome.
type Humour string

const (
	HumourNever   Humour = "never"
	HumourCare    Humour = "care"
	HumourWelcome Humour = "welcome"
)

// Valid reports whether h is one of the known levels.
func (h Humour) Valid() bool {
	return h == HumourNever || h == HumourCare || h == HumourWelcome
}

// Voice is how a client wants to sound and sign its replies.
type Voice struct {
	// Tone is the free-text description (the issue-5 tone notes).
	Tone       string
	Humour     Humour
	HumourRule string
	Examples   []VoiceExample
	Avoid      []VoiceWord
	Prefer     []VoiceWord
	// Signoff is appended to replies when AppendSignoff is set, and is the
	// {signoff} variable of saved replies; it may itself use {agent}.
	Signoff       string
	AppendSignoff bool
}

// VoiceExample is a right and a wrong way to say the same thing.
type VoiceExample struct {
	Right string
	Wrong string
	Note  string
}

// VoiceWord is a word or phrase; Alternative is what to say instead of an
// avoided one (may be empty).
type VoiceWord struct {
	Phrase      string
	Alternative string
}
