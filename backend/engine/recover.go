package engine

import (
	"fmt"
	"runtime/debug"

	"careinbox/backend/connector"
)

// panicMessage is what the user reads on a handle whose connector panicked.
const panicMessage = "An internal error stopped this handle's sync; it will try again later. The log has the details."

// callSafely runs fn, turning a panic into a Temporary error on that handle
// (the stack goes to the log): connectors parse strangers' data, and one bad
// update must cost one handle a retry, never the whole app.
func (e *Engine) callSafely(handleID int64, what string, fn func() error) (err error) {
	return e.callSafelyAs(handleID, what, panicMessage, fn)
}

// callSafelyAs is callSafely with the words the user reads after a panic.
func (e *Engine) callSafelyAs(handleID int64, what, message string, fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			e.cfg.Logger.Error("panic in a handle's job", "handle", handleID, "in", what, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = connector.Errorf(connector.Temporary, fmt.Errorf("panic in %s: %v", what, r), "%s", message)
		}
	}()
	return fn()
}
