package mastodon

import (
	"errors"
	"fmt"
	"io"
	"net/http"
)

// signInMaxBody caps each answer during sign-in. go-mastodon's
// RegisterApp decodes the whole body of its answer (success or error)
// with no limit; an app registration is a few hundred bytes.
const signInMaxBody = 1 << 20

// errTooLarge says an answer was over its cap.
var errTooLarge = errors.New("answer larger than we accept")

// capBodies returns a copy of hc whose answers' bodies end in errTooLarge
// after max bytes, for code that reads bodies itself (go-mastodon).
func capBodies(hc *http.Client, max int64) *http.Client {
	g := *hc
	rt := hc.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	g.Transport = capTransport{rt: rt, max: max}
	return &g
}

type capTransport struct {
	rt  http.RoundTripper
	max int64
}

func (t capTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.rt.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	resp.Body = &cappedBody{rc: resp.Body, left: t.max, max: t.max}
	return resp, nil
}

// cappedBody reads up to max bytes, then fails unless the body ends there.
type cappedBody struct {
	rc        io.ReadCloser
	left, max int64
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		var probe [1]byte
		n, err := b.rc.Read(probe[:])
		if n > 0 {
			return 0, fmt.Errorf("over %d bytes: %w", b.max, errTooLarge)
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *cappedBody) Close() error { return b.rc.Close() }
