package report

import (
	"math"
	"sync"
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
	if len(s) >= countMin {
		countQuantiles(s, out, qs)
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

// Long lists are counted instead: whole seconds are a monotone function of a
// duration, so the k-th smallest duration in whole seconds is the k-th
// smallest of the whole seconds, and those under countSpan (18 h, where
// nearly all response times are) are counted into one slot per second. Only
// a quantile that falls outside the counted range is selected the slow way.
const (
	countMin  = 4096
	countSpan = 1 << 16
)

var countPool = sync.Pool{New: func() any { return new([countSpan]uint32) }}

func countQuantiles(s []time.Duration, out []int64, qs []float64) {
	counts := countPool.Get().(*[countSpan]uint32)
	defer countPool.Put(counts)
	clear(counts[:])
	under, over := 0, 0
	for _, d := range s {
		switch sec := int64(d / time.Second); {
		case sec < 0:
			under++
		case sec >= countSpan:
			over++
		default:
			counts[sec]++
		}
	}
	for i, q := range qs {
		k := max(int(math.Ceil(q*float64(len(s))))-1, 0)
		if k < under || k >= len(s)-over {
			selectNth(s, k)
			out[i] = int64(s[k] / time.Second)
			continue
		}
		n := under
		for sec := range counts {
			if n += int(counts[sec]); n > k {
				out[i] = int64(sec)
				break
			}
		}
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
