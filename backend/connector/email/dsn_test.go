package email

import (
	"strings"
	"testing"
	"time"
)

// report builds a delivery status notification (RFC 3464) the way mail
// servers write them: a human part, the status fields, then the original.
func report(status, originalType, original string) []byte {
	return crlf("From: MAILER-DAEMON@mail.shop.test (Mail Delivery System)\n" +
		"To: support@shop.test\nSubject: Undelivered Mail Returned to Sender\n" +
		"Message-ID: <20261206.ABC@mail.shop.test>\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status;\n\tboundary=\"B1\"\n\n" +
		"This is a MIME-encapsulated message.\n\n--B1\nContent-Description: Notification\n" +
		"Content-Type: text/plain; charset=us-ascii\n\nI'm sorry to have to inform you that your message could not\nbe delivered.\n\n" +
		"--B1\nContent-Description: Delivery report\nContent-Type: message/delivery-status\n\n" + status +
		"\n--B1\nContent-Description: Undelivered Message Headers\nContent-Type: " + originalType + "\n\n" + original +
		"\n--B1--\n")
}

const (
	perMessage = "Reporting-MTA: dns; mail.shop.test\nX-Postfix-Queue-ID: 4F2A1\nArrival-Date: Sun,  6 Dec 2026 21:00:00 +0000 (UTC)\n\n"
	ourHeaders = "From: Shop Support <support@shop.test>\nTo: Ann <gone@elsewhere.test>\nSubject: Re: Parcel\n" +
		"Message-ID: <careinbox.k1@shop.test>\nDate: Sun, 6 Dec 2026 21:00:00 +0000\n"
)

func TestParseBounce(t *testing.T) {
	tests := []struct {
		name        string
		raw         []byte
		ours        bool
		failed      bool
		wantInWords []string
	}{
		{"postfix, headers only", report(perMessage+"Final-Recipient: rfc822; gone@elsewhere.test\nOriginal-Recipient: rfc822;gone@elsewhere.test\n"+
			"Action: failed\nStatus: 5.0.0\nDiagnostic-Code: X-Postfix; this test mail system delivers locally only\n",
			"text/rfc822-headers", ourHeaders), true, true,
			[]string{"gone@elsewhere.test", "this test mail system delivers locally only", "Retry sends it to the same address again"}},
		{"remote 550, whole original attached", report(perMessage+"Final-Recipient: rfc822; gone@elsewhere.test\nAction: failed\nStatus: 5.1.1\n"+
			"Remote-MTA: dns; mx.elsewhere.test\nDiagnostic-Code: smtp; 550 5.1.1 <gone@elsewhere.test>:\n Recipient address rejected: User unknown\n",
			"message/rfc822", ourHeaders+"Content-Type: text/plain\n\nYour parcel ships today.\n"), true, true,
			[]string{"550 5.1.1 <gone@elsewhere.test>: Recipient address rejected: User unknown"}},
		{"no diagnostic: the status code in words", report(perMessage+"Final-Recipient: rfc822; full@elsewhere.test\nAction: failed\nStatus: 5.2.2\n",
			"text/rfc822-headers", ourHeaders), true, true, []string{"full@elsewhere.test", "the mailbox is full, 5.2.2"}},
		{"the second recipient failed", report(perMessage+"Final-Recipient: rfc822; cc@elsewhere.test\nAction: delivered\nStatus: 2.0.0\n\n"+
			"Final-Recipient: rfc822; gone@elsewhere.test\nAction: failed\nStatus: 5.1.1\n",
			"text/rfc822-headers", ourHeaders), true, true, []string{"gone@elsewhere.test", "no such mailbox"}},
		{"only delayed: ours, not failed", report(perMessage+"Final-Recipient: rfc822; slow@elsewhere.test\nAction: delayed\nStatus: 4.4.1\n",
			"text/rfc822-headers", ourHeaders), true, false, nil},
		{"a report on mail sent from elsewhere", report(perMessage+"Final-Recipient: rfc822; gone@elsewhere.test\nAction: failed\nStatus: 5.1.1\n",
			"text/rfc822-headers", strings.Replace(ourHeaders, "careinbox.k1@shop.test", "thunderbird.77@shop.test", 1)), false, false, nil},
		{"a report without the original's Message-ID", report(perMessage+"Final-Recipient: rfc822; gone@elsewhere.test\nAction: failed\nStatus: 5.1.1\n",
			"text/rfc822-headers", "Subject: Re: Parcel\n"), false, false, nil},
		{"a person's mail", crlf("From: Ann <ann@customer.test>\nMessage-ID: <a@customer.test>\nSubject: Undelivered Mail Returned to Sender\n" +
			"Content-Type: text/plain\n\nAction: failed\nMessage-ID: <careinbox.k1@shop.test>\n"), false, false, nil},
		{"multipart/report of another type", []byte(strings.Replace(string(report(perMessage+"Action: failed\n", "text/rfc822-headers", ourHeaders)),
			"report-type=delivery-status", "report-type=disposition-notification", 1)), false, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := ourBounce(tt.raw)
			if (b != nil) != tt.ours {
				t.Fatalf("ours = %v, want %v (%+v)", b != nil, tt.ours, b)
			}
			if b == nil {
				return
			}
			if b.Original != "careinbox.k1@shop.test" || b.Failed != tt.failed {
				t.Errorf("bounce %+v; want the original careinbox.k1@shop.test, failed %v", b, tt.failed)
			}
			for _, w := range tt.wantInWords {
				if !strings.Contains(b.Reason, w) {
					t.Errorf("reason %q does not say %q", b.Reason, w)
				}
			}
		})
	}
}

// A report's words are the remote server's: bounded, one line, no control
// characters, whatever it sent.
func TestBounceReasonBounded(t *testing.T) {
	long := strings.Repeat("x\u202e ", 400)
	b := ourBounce(report(perMessage+"Final-Recipient: rfc822; gone@elsewhere.test\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 "+long+"\n",
		"text/rfc822-headers", ourHeaders))
	if b == nil || !b.Failed {
		t.Fatalf("bounce %+v", b)
	}
	if len(b.Reason) > 500 || strings.ContainsAny(b.Reason, "\r\n") {
		t.Errorf("reason of %d bytes: %q", len(b.Reason), b.Reason)
	}
}

// The sync page carries a failed report as Undelivered and leaves it out
// of the conversations; a delayed one is left out too, and a report on
// mail sent from elsewhere is a message like any other.
func TestGroupTakesBouncesOut(t *testing.T) {
	c := &Connector{fromAddress: supportAddr, username: supportAddr, now: time.Now}
	at := time.Date(2026, 12, 6, 21, 0, 0, 0, time.UTC)
	var msgs []fetched
	for i, raw := range [][]byte{
		report(perMessage+"Final-Recipient: rfc822; gone@elsewhere.test\nAction: failed\nStatus: 5.1.1\n", "text/rfc822-headers", ourHeaders),
		report(perMessage+"Final-Recipient: rfc822; slow@elsewhere.test\nAction: delayed\nStatus: 4.4.1\n", "text/rfc822-headers", ourHeaders),
		report(perMessage+"Final-Recipient: rfc822; gone@elsewhere.test\nAction: failed\nStatus: 5.1.1\n", "text/rfc822-headers",
			strings.Replace(ourHeaders, "careinbox.k1@shop.test", "thunderbird.77@shop.test", 1)),
	} {
		p, err := parseMessage(raw)
		if err != nil {
			t.Fatal(err)
		}
		if !p.report {
			t.Fatalf("report %d not seen as multipart/report: fetchMessages would not read it as one", i)
		}
		p.MessageID = p.MessageID + string(rune('a'+i))
		msgs = append(msgs, fetched{Internal: at, Parsed: p, Bounce: ourBounce(raw)})
	}
	convs, undelivered := c.group(msgs)
	if len(undelivered) != 1 || undelivered[0].RemoteID != "careinbox.k1@shop.test" || !strings.Contains(undelivered[0].Reason, "no such mailbox") {
		t.Errorf("undelivered %+v", undelivered)
	}
	if len(convs) != 1 || len(convs[0].Messages) != 1 {
		t.Fatalf("conversations %+v; want the one report on mail from elsewhere", convs)
	}
}
