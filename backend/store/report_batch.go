package store

import "fmt"

// Report versions stamped per statement (migration 0020). The set-wise
// writers move report_clock on once per transaction and set its batch flag
// while their statements run, so the per-row triggers of 0005 skip; the statements stamp the conversations they write themselves
// (report_version = the clock, report_first_at … from the messages), and
// SaveDeadlines stamps its conversations in one statement. Versions need
// only be above every clock value committed before (what a report memo can
// have seen), which one move of the clock per transaction gives.
const (
	qReportBatchBegin = `UPDATE report_clock SET n = n + 1, batch = 1`
	qReportBatchEnd   = `UPDATE report_clock SET batch = 0`
	// qReportStamp stamps conversations (?1: JSON array of ids).
	qReportStamp = `UPDATE conversations SET report_version = (SELECT n FROM report_clock)
		WHERE id IN (SELECT value FROM json_each(?1))`
)

// inReportBatch runs fn with the per-row report triggers off, after moving
// the clock on: fn's statements must stamp every conversation they change
// the way the triggers would have (this file's header). The flag is down
// again when inReportBatch returns without error; on an error the caller
// rolls the transaction back, and the flag with it.
func inReportBatch(q *pageTx, fn func() error) error {
	if _, err := q.exec(qReportBatchBegin); err != nil {
		return fmt.Errorf("start report batch: %w", err)
	}
	if err := fn(); err != nil {
		return err
	}
	if _, err := q.exec(qReportBatchEnd); err != nil {
		return fmt.Errorf("end report batch: %w", err)
	}
	return nil
}
