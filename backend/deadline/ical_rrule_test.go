package deadline

import (
	"reflect"
	"testing"
	"time"

	"github.com/teambition/rrule-go"
)

// TestRuleExpandMatchesRRuleGo checks the day-by-day expansion against
// rrule-go (a port of python-dateutil) on the rule shapes holiday feeds and
// time zones use, from several starts, with and without skipping ahead.
func TestRuleExpandMatchesRRuleGo(t *testing.T) {
	rules := []string{
		"FREQ=YEARLY",
		"FREQ=YEARLY;BYMONTH=11;BYDAY=4TH",
		"FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO",
		"FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU",
		"FREQ=YEARLY;BYDAY=20MO",
		"FREQ=YEARLY;BYDAY=-1FR",
		"FREQ=YEARLY;BYYEARDAY=1,100,-1",
		"FREQ=YEARLY;BYWEEKNO=1,20,-1;BYDAY=MO,FR",
		"FREQ=YEARLY;BYWEEKNO=1;WKST=SU;BYDAY=SU,SA",
		"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
		"FREQ=YEARLY;INTERVAL=2;BYMONTH=1,7",
		"FREQ=YEARLY;BYDAY=MO;BYSETPOS=1,-1",
		"FREQ=YEARLY;COUNT=3",
		"FREQ=MONTHLY",
		"FREQ=MONTHLY;BYMONTHDAY=-1",
		"FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
		"FREQ=MONTHLY;BYDAY=1MO,-1FR",
		"FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15,31",
		"FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13",
		"FREQ=MONTHLY;COUNT=7;BYDAY=2WE",
		"FREQ=WEEKLY",
		"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,SU;WKST=SU",
		"FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,SA",
		"FREQ=WEEKLY;COUNT=10;BYMONTH=12",
		"FREQ=DAILY;INTERVAL=10",
		"FREQ=DAILY;BYMONTH=12;BYMONTHDAY=24,25,26",
		"FREQ=DAILY;BYDAY=SA,SU;BYMONTH=8",
	}
	starts := []time.Time{civil(2019, 3, 3), civil(2024, 1, 31), civil(2025, 2, 28), civil(2025, 12, 29), civil(2026, 7, 15)}
	last := civil(2030, 12, 31)
	for _, s := range rules {
		for _, start := range starts {
			for _, lo := range []time.Time{start, civil(2027, 6, 1)} {
				opt, err := rrule.StrToROption(s)
				if err != nil {
					t.Fatal(err)
				}
				opt.Dtstart, opt.Until = start, last
				ref, err := rrule.NewRRule(*opt)
				if err != nil {
					t.Fatal(err)
				}
				want := []time.Time{}
				for _, d := range ref.All() {
					if !d.Before(lo) {
						want = append(want, d)
					}
				}
				r, err := parseRule(s)
				if err != nil {
					t.Fatal(err)
				}
				got := []time.Time{}
				budget := maxRuleExpansion
				if err := r.expand(start, last, lo, &budget, func(d time.Time) { got = append(got, d) }); err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s from %s (days from %s):\n got %v\nwant %v", s, start.Format("2006-01-02"),
						lo.Format("2006-01-02"), fmtDays(got), fmtDays(want))
				}
			}
		}
	}
}

// TestRuleWeek53 is checked by hand: rrule-go (like python-dateutil,
// whose code it ports) also counts 1–2 January 2022 as week 53, though
// 2021 has only 52 ISO weeks.
func TestRuleWeek53(t *testing.T) {
	r, err := parseRule("FREQ=YEARLY;BYWEEKNO=53")
	if err != nil {
		t.Fatal(err)
	}
	var got []time.Time
	budget := maxRuleExpansion
	if err := r.expand(civil(2019, 3, 3), civil(2030, 12, 31), civil(2019, 3, 3), &budget, func(d time.Time) { got = append(got, d) }); err != nil {
		t.Fatal(err)
	}
	want := []string{"2020-12-28", "2020-12-29", "2020-12-30", "2020-12-31", "2021-01-01", "2021-01-02", "2021-01-03",
		"2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02", "2027-01-03"}
	if d := fmtDays(got); !reflect.DeepEqual(d, want) {
		t.Errorf("week 53 = %v\nwant      %v", d, want)
	}
}

func fmtDays(ds []time.Time) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Format("2006-01-02")
	}
	return out
}

func TestParseRuleRejects(t *testing.T) {
	for _, s := range []string{
		"", "BYMONTH=1", "FREQ=HOURLY", "FREQ=SECONDLY;COUNT=1", "FREQ=YEARLY;INTERVAL=0", "FREQ=YEARLY;INTERVAL=100000",
		"FREQ=YEARLY;COUNT=0", "FREQ=YEARLY;BYMONTHDAY=32", "FREQ=YEARLY;BYMONTHDAY=0", "FREQ=YEARLY;BYDAY=0MO",
		"FREQ=YEARLY;BYDAY=54MO", "FREQ=YEARLY;BYDAY=XX", "FREQ=YEARLY;WKST=XX", "FREQ=YEARLY;RSCALE=HEBREW",
		"FREQ=YEARLY;BYEASTER=0", "FREQ=YEARLY;BYMONTH", "FREQ=YEARLY;BYSETPOS=0",
	} {
		if _, err := parseRule(s); err == nil {
			t.Errorf("%q was accepted", s)
		}
	}
	for _, s := range []string{"FREQ=YEARLY;X-NAME=1", "freq=yearly;bymonth=1", "FREQ=YEARLY;RSCALE=GREGORIAN;SKIP=OMIT", "FREQ=DAILY;BYHOUR=9;BYMINUTE=0"} {
		if _, err := parseRule(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
}
