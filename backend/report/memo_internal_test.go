package report

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// quantiles agrees with the nearest rank of the sorted list (at), for
// short and long lists, duplicates, negatives and quantiles out of order.
func TestQuantiles(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	qs := [][]float64{{0.5, 0.9}, {0, 0.1, 0.5, 0.99, 1}, {0.9, 0.5}, {0.5}}
	for _, n := range []int{0, 1, 2, 3, 10, 17, 1000, 100_001} {
		for _, spread := range []int64{1, 3, 1000, int64(48 * time.Hour), 1 << 62} {
			s := make([]time.Duration, n)
			for i := range s {
				s[i] = time.Duration(rnd.Int64N(spread) - spread/3)
			}
			want := slices.Clone(s)
			slices.Sort(want)
			orig := slices.Clone(s)
			for _, q := range qs {
				got := quantiles(s, q...)
				for i, x := range q {
					if w := at(want, x); got[i] != w {
						t.Fatalf("n %d spread %d q %v: %d, want %d", n, spread, x, got[i], w)
					}
				}
			}
			if !slices.Equal(s, orig) {
				t.Fatalf("n %d: quantiles reordered its input", n)
			}
		}
	}
}

func BenchmarkQuantiles(b *testing.B) {
	rnd := rand.New(rand.NewPCG(3, 4))
	src := make([]time.Duration, 400_000)
	for i := range src {
		src[i] = time.Duration(rnd.Int64N(int64(48 * time.Hour)))
	}
	b.Run("select", func(b *testing.B) {
		for b.Loop() {
			quantiles(src, 0.5, 0.9)
		}
	})
	b.Run("sort", func(b *testing.B) {
		for b.Loop() {
			s := slices.Clone(src)
			slices.Sort(s)
			_, _ = at(s, 0.5), at(s, 0.9)
		}
	})
}

// notLoaded finds the ids data lacks, whether data is in id order or not.
func TestNotLoaded(t *testing.T) {
	convs := func(ids ...int64) []conv {
		var out []conv
		for _, id := range ids {
			d := &convData{}
			d.in.ConversationID = id
			out = append(out, conv{d})
		}
		return out
	}
	cases := []struct {
		name string
		ids  []int64
		data []conv
		want []int64
	}{
		{"none loaded", []int64{1, 2}, nil, []int64{1, 2}},
		{"sorted", []int64{1, 2, 5, 7, 9}, convs(2, 3, 7), []int64{1, 5, 9}},
		{"unsorted", []int64{1, 2, 5, 7, 9}, convs(7, 3, 2), []int64{1, 5, 9}},
		{"all loaded", []int64{3}, convs(1, 3), nil},
	}
	for _, c := range cases {
		if got := notLoaded(c.ids, c.data); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// The idle release leaves a memo used since its timer was set alone, and
// empties one that was not.
func TestMemoIdleReleaseKeepsAMemoInUse(t *testing.T) {
	m := newMemo(10)
	calls := 0
	m.idle, m.released = time.Hour, func() { calls++ }
	m.index[1] = &indexEntry{id: 1, version: 3}
	m.entries[1] = &memoEntry{version: 3}
	m.clock = 3
	m.use()
	defer m.timer.Stop()
	m.releaseIdle()
	if len(m.index) != 1 || len(m.entries) != 1 || m.clock != 3 || calls != 0 {
		t.Fatalf("a memo just used was released: %d entries, clock %d, %d calls", len(m.entries), m.clock, calls)
	}
	m.lastUse = time.Now().Add(-2 * time.Hour)
	m.releaseIdle()
	if len(m.index) != 0 || len(m.entries) != 0 || m.clock != 0 || calls != 1 {
		t.Fatalf("an idle memo was kept: %d entries, clock %d, %d calls", len(m.entries), m.clock, calls)
	}
	m.releaseIdle() // nothing left: released is not called again
	if calls != 1 {
		t.Fatalf("releasing an empty memo called released again")
	}
}
