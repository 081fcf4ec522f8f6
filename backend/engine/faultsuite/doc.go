// Package faultsuite holds the fault suite (issue 10, deliver 3): every
// HTTP connector behind a fault-injecting proxy, one fault class at a time,
// with a healthy handle of the same network beside the faulty one, both
// driven by the real engine over a real SQLite store. Everything is in the
// tests; this file only names the package.
package faultsuite
