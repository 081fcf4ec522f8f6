package deadline

import "time"

// PausesOf lists the periods in which a clock started at start stood still
// (pending or snoozed), as the state machine counts them, so a report
// measures business time with the very pauses the deadlines were computed with.
func PausesOf(in Input, start time.Time) []Pause { return pausesFrom(in, start) }
