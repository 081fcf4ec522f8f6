package report

import (
	"math"
	"time"
)

// quantiles are the nearest-rank qs-quantiles of ds (qs ascending), in whole
// seconds: the value at index ⌈q·n⌉−1 of ds sorted, as at reads it. They are
// found by selection on a copy (expected linear time) rather than by sorting
// it: a year's response times number hundreds of thousands, and a summary
// needs only its median and 90th percentile.
func quantiles(ds []time.Duration, qs ...float64) []int64 {
	out := make([]int64, len(qs))
	selectQuantiles(append([]time.Duration(nil), ds...), out, qs...)
	return out
}

// selectQuantiles is quantiles in place: it reorders s, and writes the
// qs-quantiles into out (len(qs) of them; zeros for an empty s). Figures own
// their lists of durations, so they need no copy.
func selectQuantiles(s []time.Duration, out []int64, qs ...float64) {
	if len(s) == 0 {
		clear(out)
		return
	}
	lo := 0
	for i, q := range qs {
		k := max(int(math.Ceil(q*float64(len(s))))-1, 0)
		if k < lo { // qs not ascending: start over on the whole list
			lo = 0
		}
		selectNth(s[lo:], k-lo)
		out[i] = int64(s[k] / time.Second)
		lo = k
	}
}

// selectNth reorders s so that s[k] is the value sorted order puts there,
// with nothing greater before it and nothing smaller after it (Hoare's
// selection, median-of-three pivots).
func selectNth(s []time.Duration, k int) {
	lo, hi := 0, len(s)-1
	for hi > lo {
		if hi-lo < 16 {
			for i := lo + 1; i <= hi; i++ { // insertion sort of the rest
				for j := i; j > lo && s[j] < s[j-1]; j-- {
					s[j], s[j-1] = s[j-1], s[j]
				}
			}
			return
		}
		mid := lo + (hi-lo)/2
		if s[mid] < s[lo] {
			s[mid], s[lo] = s[lo], s[mid]
		}
		if s[hi] < s[lo] {
			s[hi], s[lo] = s[lo], s[hi]
		}
		if s[hi] < s[mid] {
			s[hi], s[mid] = s[mid], s[hi]
		}
		pivot := s[mid]
		i, j := lo, hi
		for i <= j {
			for s[i] < pivot {
				i++
			}
			for s[j] > pivot {
				j--
			}
			if i <= j {
				s[i], s[j] = s[j], s[i]
				i++
				j--
			}
		}
		// Now s[lo..j] ≤ pivot ≤ s[i..hi], and s[j+1..i-1] == pivot.
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return
		}
	}
}
