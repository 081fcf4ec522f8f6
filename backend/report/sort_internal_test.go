package report

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// The radix sort agrees with slices.Sort, negatives and long lists included.
func TestSortDurations(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 10, 1023, 5000, 100_000} {
		for _, spread := range []int64{1, 1000, int64(time.Hour), 1 << 62} {
			s := make([]time.Duration, n)
			for i := range s {
				s[i] = time.Duration(rnd.Int64N(spread) - spread/3)
			}
			want := slices.Clone(s)
			slices.Sort(want)
			sortDurations(s)
			if !slices.Equal(s, want) {
				t.Fatalf("n %d spread %d: not sorted like slices.Sort", n, spread)
			}
		}
	}
}

func BenchmarkSortDurations(b *testing.B) {
	rnd := rand.New(rand.NewPCG(3, 4))
	src := make([]time.Duration, 400_000)
	for i := range src {
		src[i] = time.Duration(rnd.Int64N(int64(48 * time.Hour)))
	}
	s := make([]time.Duration, len(src))
	b.Run("radix", func(b *testing.B) {
		for b.Loop() {
			copy(s, src)
			sortDurations(s)
		}
	})
	b.Run("pdq", func(b *testing.B) {
		for b.Loop() {
			copy(s, src)
			slices.Sort(s)
		}
	})
}
