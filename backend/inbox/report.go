package inbox

import "time"

// ReportChange is one conversation as the store lists it to the report memo
// (store.ReportChanges, backend/report/memo.go): its report version and what
// tells which reports it belongs to, without reading its messages.
type ReportChange struct {
	ID, Version, HandleID int64
	Kind                  Kind
	Status                Status
	// FirstAt and LastAt are its first and last message's sent time (zero:
	// no message); FirstInboundAt its customer's first; LastStatusAt its
	// newest status change (zero: none recorded).
	FirstAt, LastAt, FirstInboundAt, LastStatusAt time.Time
	// Deleted: the conversation was deleted (only ID and Version are set).
	Deleted bool
}
