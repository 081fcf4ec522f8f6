package app

import (
	"context"
	"regexp"
	"strings"
	"time"

	"github.com/rivo/uniseg"

	"careinbox/backend/inbox"
	"careinbox/backend/store"
	"careinbox/backend/voice"
)

// voiceStore is the part of the store behind a client's tone of voice, the
// agent name and the workspace guide.
type voiceStore interface {
	Voice(ctx context.Context, clientID int64) (inbox.Voice, error)
	SaveVoice(ctx context.Context, clientID int64, v inbox.Voice, now time.Time) error
	AgentName(ctx context.Context) (string, error)
	SetAgentName(ctx context.Context, name string, now time.Time) error
	// HandleName is a conversation's handle's display name: who a reply is
	// from when the workspace set no agent name.
	HandleName(ctx context.Context, conversationID int64) (string, error)
	Guide(ctx context.Context) (markdown string, custom bool, err error)
	SetGuide(ctx context.Context, markdown string, now time.Time) error
}

// VoiceAPI is bound to the front end: a client's tone of voice (examples,
// words to avoid and prefer, humour, sign-off), the name the user answers
// as, and the workspace's best-practices guide.
type VoiceAPI struct {
	ctx    func() context.Context
	store  voiceStore
	signer *signer
	now    func() time.Time
}

// VoiceExampleDTO is a right and a wrong way to say the same thing.
type VoiceExampleDTO struct {
	Right string `json:"right"`
	Wrong string `json:"wrong"`
	Note  string `json:"note"`
}

// VoiceWordDTO is a word or phrase to avoid (with what to say instead) or prefer.
type VoiceWordDTO struct {
	Phrase      string `json:"phrase"`
	Alternative string `json:"alternative"`
}

// VoiceDTO is a client's tone of voice. humour is "never", "care" or "welcome".
type VoiceDTO struct {
	Tone          string            `json:"tone"`
	Humour        string            `json:"humour"`
	HumourRule    string            `json:"humourRule"`
	Examples      []VoiceExampleDTO `json:"examples"`
	Avoid         []VoiceWordDTO    `json:"avoid"`
	Prefer        []VoiceWordDTO    `json:"prefer"`
	Signoff       string            `json:"signoff"`
	AppendSignoff bool              `json:"appendSignoff"`
}

// WordHitDTO is an avoided word or phrase found in a reply.
type WordHitDTO struct {
	Phrase      string `json:"phrase"`
	Alternative string `json:"alternative"`
	Found       string `json:"found"`
	Count       int    `json:"count"`
}

// GuideDTO is the workspace's best-practices guide in Markdown; custom is
// false while it is the starter guide the app ships.
type GuideDTO struct {
	Markdown string `json:"markdown"`
	Custom   bool   `json:"custom"`
}

// Voice reads a client's tone of voice.
func (a *VoiceAPI) Voice(clientID int64) (VoiceDTO, error) {
	v, err := a.store.Voice(a.ctx(), clientID)
	if err != nil {
		return VoiceDTO{}, toAPIError(err)
	}
	return voiceDTO(v), nil
}

// SaveVoice replaces a client's tone of voice.
func (a *VoiceAPI) SaveVoice(clientID int64, v VoiceDTO) error {
	if !inbox.Humour(v.Humour).Valid() && v.Humour != "" {
		return invalid("humour is never, with care or welcome")
	}
	in := inbox.Voice{Tone: v.Tone, Humour: inbox.Humour(v.Humour), HumourRule: v.HumourRule, Signoff: v.Signoff, AppendSignoff: v.AppendSignoff}
	for _, e := range v.Examples {
		in.Examples = append(in.Examples, inbox.VoiceExample(e))
	}
	for _, w := range v.Avoid {
		in.Avoid = append(in.Avoid, inbox.VoiceWord(w))
	}
	for _, w := range v.Prefer {
		in.Prefer = append(in.Prefer, inbox.VoiceWord(w))
	}
	return toAPIError(a.store.SaveVoice(a.ctx(), clientID, in, a.now()))
}

// CheckWords lists the client's avoided words and phrases found in text.
func (a *VoiceAPI) CheckWords(clientID int64, text string) ([]WordHitDTO, error) {
	v, err := a.store.Voice(a.ctx(), clientID)
	if err != nil {
		return nil, toAPIError(err)
	}
	return wordHits(voice.Avoided(text, v.Avoid)), nil
}

// AgentName is the name the user answers as ("" until set).
func (a *VoiceAPI) AgentName() (string, error) {
	n, err := a.store.AgentName(a.ctx())
	return n, toAPIError(err)
}

// SetAgentName sets the name the user answers as; blank removes it.
func (a *VoiceAPI) SetAgentName(name string) error {
	return toAPIError(a.store.SetAgentName(a.ctx(), name, a.now()))
}

// Guide returns the best-practices guide (the starter guide until edited).
func (a *VoiceAPI) Guide() (GuideDTO, error) {
	md, custom, err := a.store.Guide(a.ctx())
	if err != nil {
		return GuideDTO{}, toAPIError(err)
	}
	if !custom {
		md = voice.StarterGuide
	}
	return GuideDTO{Markdown: md, Custom: custom}, nil
}

// SaveGuide stores an edited guide; text equal to the starter guide (or
// blank) goes back to following the starter guide of future versions.
func (a *VoiceAPI) SaveGuide(markdown string) (GuideDTO, error) {
	if strings.TrimSpace(markdown) == strings.TrimSpace(voice.StarterGuide) {
		markdown = ""
	}
	if len(markdown) > store.MaxGuide {
		return GuideDTO{}, invalid("the guide is too long")
	}
	if err := a.store.SetGuide(a.ctx(), markdown, a.now()); err != nil {
		return GuideDTO{}, toAPIError(err)
	}
	return a.Guide()
}

// ResetGuide brings back the starter guide.
func (a *VoiceAPI) ResetGuide() (GuideDTO, error) {
	return a.SaveGuide("")
}

// StarterGuide is the guide the app ships, for a preview before resetting.
func (a *VoiceAPI) StarterGuide() string { return voice.StarterGuide }

func voiceDTO(v inbox.Voice) VoiceDTO {
	out := VoiceDTO{Tone: v.Tone, Humour: string(v.Humour), HumourRule: v.HumourRule, Signoff: v.Signoff, AppendSignoff: v.AppendSignoff,
		Examples: []VoiceExampleDTO{}, Avoid: []VoiceWordDTO{}, Prefer: []VoiceWordDTO{}}
	for _, e := range v.Examples {
		out.Examples = append(out.Examples, VoiceExampleDTO(e))
	}
	for _, w := range v.Avoid {
		out.Avoid = append(out.Avoid, VoiceWordDTO(w))
	}
	for _, w := range v.Prefer {
		out.Prefer = append(out.Prefer, VoiceWordDTO(w))
	}
	return out
}

func wordHits(hs []voice.Hit) []WordHitDTO {
	out := make([]WordHitDTO, 0, len(hs))
	for _, h := range hs {
		out = append(out, WordHitDTO(h))
	}
	return out
}

// signer knows who is answering and signs replies as each client wants.
type signer struct {
	store voiceStore
	// fallback is the composition root's name for a workspace that set
	// none (tests, headless use); never the operating system's login.
	fallback string
	// limits is each network's reply length (0 or absent: none), from the
	// connectors' specs.
	limits map[inbox.Network]int
	// privateLimits is the same for private messages (DMs), which networks
	// often allow longer than public posts (X: 10 000 against 280).
	privateLimits map[inbox.Network]int
}

// limitFor is the reply length allowed on a network's channel (0: none).
func (s *signer) limitFor(network inbox.Network, visibility string) int {
	if visibility == "private" {
		if n, ok := s.privateLimits[network]; ok {
			return n
		}
	}
	return s.limits[network]
}

// agent is the workspace's agent name, or the composition root's fallback
// ("" when neither: a note then shows no name). Replies use agentFor.
func (s *signer) agent(ctx context.Context) string {
	if n, err := s.store.AgentName(ctx); err == nil && n != "" {
		return n
	}
	return s.fallback
}

// agentFor is who a reply on a handle is from, and the sign-off's {agent}:
// the agent name the user set, else the handle's own display name (the
// business's name as the customer sees it) — never the OS login.
func (s *signer) agentFor(ctx context.Context, handleName string) string {
	if n := s.agent(ctx); n != "" {
		return n
	}
	return strings.TrimSpace(handleName)
}

// agentOf is agentFor for a conversation known by id.
func (s *signer) agentOf(ctx context.Context, conversationID int64) string {
	if n := s.agent(ctx); n != "" {
		return n
	}
	h, _ := s.store.HandleName(ctx, conversationID)
	return strings.TrimSpace(h)
}

// sign appends the client's sign-off to a reply when the client wants it,
// once and within the network's limit.
func (s *signer) sign(ctx context.Context, c inbox.ConversationSummary, text, visibility string) (string, error) {
	v, err := s.store.Voice(ctx, c.ClientID)
	if err != nil {
		return text, err
	}
	if !v.AppendSignoff {
		return text, nil
	}
	extra := 0
	if c.Network == inbox.NetworkBluesky && visibility == "public" {
		extra = mentionLength(text, c.CustomerUser)
	}
	return voice.Sign(text, voice.Signoff(v.Signoff, s.agentFor(ctx, c.HandleName)), s.limitFor(c.Network, visibility), extra).Text, nil
}

// mentionLength is what Bluesky's connector puts before a public reply that
// does not mention the customer standing alone ("@handle "), so a sign-off
// never takes the posted text past the limit (frontend lib/composer asPosted).
func mentionLength(text, user string) int {
	user = strings.TrimPrefix(user, "@")
	if user == "" {
		return 0
	}
	re := regexp.MustCompile(`(?i)(^|[^A-Za-z0-9@._-])@` + regexp.QuoteMeta(user) + `([^A-Za-z0-9._-]|[._-]+([^A-Za-z0-9]|$)|$)`)
	if re.MatchString(strings.TrimSpace(text)) {
		return 0
	}
	return uniseg.GraphemeClusterCount("@" + user + " ")
}
