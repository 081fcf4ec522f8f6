package voice

import _ "embed"

// StarterGuide is the best-practices guide a new workspace shows until the
// business edits it, and what "reset" brings back.
//
//go:embed starter_guide.md
var StarterGuide string
