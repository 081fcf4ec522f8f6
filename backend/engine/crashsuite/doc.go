// Package crashsuite holds the crash suite for sending connectors (issue 10,
// deliver 4): a child process runs the real engine over a SQLite file and is
// killed with SIGKILL at each step of a reply (before the request reaches the
// network's double, after the double accepted it, after the answer but before
// the local commit); the test restarts on the same file and checks that the
// customer got the reply at most once and that an uncertain one is shown as
// "check before retrying". Everything is in the tests; this file only names
// the package.
package crashsuite
