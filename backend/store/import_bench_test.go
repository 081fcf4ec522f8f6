package store

import (
	"context"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"careinbox/backend/inbox"
)

// BenchmarkIngestImport writes the batches an mbox import writes (the
// writer's half of TestBenchImport in backend/archive/formats, without the
// parsing): 2 000 mails of ~1.8 KB a batch, two of three starting a
// thread and the third a reply in it, from 5 000 customers in turn, as
// e-mail history through IngestImport. It reports the writer's time per
// message.
func BenchmarkIngestImport(b *testing.B) {
	ctx := context.Background()
	s, h := benchHandle(b, inbox.Handle{Network: inbox.NetworkEmail, RemoteAccountID: "help@bench.example", DisplayName: "help@"})
	rec, err := s.StartImport(ctx, h.ID, "mbox", "/bench.mbox", "bench", time.Now())
	if err != nil {
		b.Fatal(err)
	}
	words := strings.Fields(`order delivery refund bread croissant parcel arrived late broken replacement
		thanks please help invoice account password login shipping tracking number weekend store opening hours
		question answer sourdough rye flour gluten free cake birthday discount voucher payment card bank`)
	text := func(n int) string {
		var sb strings.Builder
		for k := 0; sb.Len() < 1800; k++ {
			sb.WriteString(words[(n*7+k*13)%len(words)])
			sb.WriteByte(' ')
		}
		return sb.String()
	}
	const perBatch = 2000
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	batch := func(i int) []IncomingConversation {
		var out []IncomingConversation
		index := map[string]int{}
		for k := 0; k < perBatch; k++ {
			n := i*perBatch + k
			cust := inbox.Participant{Network: inbox.NetworkEmail, RemoteID: fmt.Sprintf("c%d@customer.example", n%5000), DisplayName: fmt.Sprintf("Customer %d", n%5000)}
			root := fmt.Sprintf("m%d@bench.example", n)
			m := IncomingMessage{RemoteID: root, Direction: inbox.Inbound, Author: cust, AuthorName: cust.DisplayName,
				Text: text(n), SentAt: base.Add(time.Duration(n) * time.Minute), Read: true}
			if n%3 == 2 {
				root = fmt.Sprintf("m%d@bench.example", n-2)
				m.ReplyToRemoteID, m.Extra = root, map[string]any{"references": []string{root}}
			}
			if j, ok := index[root]; ok {
				out[j].Messages = append(out[j].Messages, m)
				continue
			}
			index[root] = len(out)
			out = append(out, IncomingConversation{RemoteID: root, Kind: inbox.KindEmail, Subject: fmt.Sprintf("Order %d", n),
				Customer: cust, History: true, Messages: []IncomingMessage{m}})
		}
		return out
	}
	batches := make([][]IncomingConversation, b.N)
	for i := range batches {
		batches[i] = batch(i)
	}
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.IngestImport(ctx, rec.ID, h.ID, batches[i], int64(i+1)*perBatch, "{}"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*perBatch), "ns/msg")
	// CPU time is what a loaded machine's wall time does not show.
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N*perBatch), "cpu-ns/msg")
}

// cpuTime is the process's user and system time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
