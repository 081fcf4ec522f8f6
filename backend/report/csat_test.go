package report

import "testing"

func TestCSAT(t *testing.T) {
	cases := []struct {
		name        string
		in          []CSATAnswer
		score, rate float64
	}{
		{"nothing asked", nil, -1, -1},
		{"asked, none answered", []CSATAnswer{{}, {}}, -1, 0},
		{"fixture", []CSATAnswer{{true, 5}, {true, 4}, {true, 2}, {true, 0}, {false, 0}}, 100 * 2.0 / 3, 80},
		{"thumbs", []CSATAnswer{{true, 5}, {true, 1}}, 50, 100},
	}
	for _, c := range cases {
		f := CSAT(c.in)
		if f.Score != c.score || f.ResponseRate != c.rate {
			t.Errorf("%s: score %.2f rate %.2f, want %.2f %.2f", c.name, f.Score, f.ResponseRate, c.score, c.rate)
		}
	}
}
