//go:build race

package email

// raceEnabled: the race detector allocates beside the code it checks, so
// allocation bounds do not hold under it (TestPathologicalMailBounded).
const raceEnabled = true
