package connector

import "careinbox/backend/inbox"

// Field is one input of a network's add-handle form.
type Field struct {
	Key         string `json:"key"`
	Label       string `json:"label"`
	Secret      bool   `json:"secret"` // goes to the keychain only
	Optional    bool   `json:"optional"`
	Placeholder string `json:"placeholder"`
	Help        string `json:"help"`
}

// Spec tells the UI how to connect a network, in plain words.
type Spec struct {
	Network inbox.Network `json:"network"`
	Name    string        `json:"name"`
	// Needs says what the user must have (an app password, a bot token …).
	Needs   string  `json:"needs"`
	DocsURL string  `json:"docsUrl"`
	Fields  []Field `json:"fields"`
	// Limits that shape replies (characters; 0 = none): MaxLength for a
	// public reply, MaxPrivateLength for a private message (a DM), which
	// networks often allow longer (X: 280 against 10 000).
	MaxLength        int `json:"maxLength"`
	MaxPrivateLength int `json:"maxPrivateLength"`
}
