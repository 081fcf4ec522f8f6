package insights

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func keys(toks []token) []string {
	out := []string{}
	for _, t := range toks {
		out = append(out, t.key)
	}
	return out
}

func surfaces(toks []token) []string {
	out := []string{}
	for _, t := range toks {
		out = append(out, t.surface)
	}
	return out
}

func TestTokens(t *testing.T) {
	cases := []struct {
		name, text string
		surfaces   []string // kept words as written
		keys       []string // their folded forms (nil: not checked)
	}{
		{name: "stop words and short words go", text: "Is the app down? I can't log in!",
			surfaces: []string{"app", "log"}},
		{name: "stems fold", text: "Refunds, refunded, refund, REFUNDING",
			surfaces: []string{"refunds", "refunded", "refund", "refunding"}, keys: []string{"refund", "refund", "refund", "refund"}},
		{name: "links, mentions and e-mail addresses dropped whole",
			text:     "@brightside see https://example.com/refund?x=1 or www.example.org/help, mail jane.doe@example.com (@support) ＠north",
			surfaces: []string{"see", "mail"}},
		{name: "links without a scheme dropped, a missing space is not a link",
			text:     "track at bit.ly/3xYz or shop.example.com. Late again.Really annoyed",
			surfaces: []string{"track", "late", "annoyed"}},
		{name: "numbers and codes dropped", text: "Order #12345 ref CI-00412 2026 a1234 5g iphone15 covid19",
			surfaces: []string{"order", "ref", "iphone15", "covid19"}},
		{name: "emoji split words and are not words", text: "parcel🙏late 😤😤 broken🎉",
			surfaces: []string{"parcel", "late", "broken"}},
		{name: "bidi marks around and inside words", text: "\u200fشكرا\u200f \u202bالطلب\u202c \u2067delivery\u2069 late",
			surfaces: []string{"شكرا", "الطلب", "delivery", "late"}},
		{name: "french: stop words and stems", text: "Ma commande n'est toujours pas arrivée, les commandes sont perdues",
			surfaces: []string{"commande", "arrivée", "commandes", "perdues"}, keys: []string{"command", "arriv", "command", "perdu"}},
		{name: "spanish", text: "Hola, mi pedido no ha llegado y los pedidos de mis amigos tampoco",
			surfaces: []string{"pedido", "llegado", "pedidos", "amigos", "tampoco"}, keys: []string{"ped", "lleg", "ped", "amig", "tampoc"}},
		{name: "russian", text: "Здравствуйте, мой заказ не пришёл, где мои заказы?",
			surfaces: []string{"заказ", "пришёл", "заказы"}, keys: []string{"заказ", "пришёл", "заказ"}},
		{name: "no stop words at all: english", text: "Checkout broken",
			surfaces: []string{"checkout", "broken"}, keys: []string{"checkout", "broken"}},
		{name: "diacritics and marks kept in words", text: "cafe\u0301 naïve",
			surfaces: []string{"cafe\u0301", "naïve"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			toks, capped := newFolder().tokens(c.text, maxWords)
			if capped {
				t.Error("capped")
			}
			if got := surfaces(toks); !slices.Equal(got, c.surfaces) {
				t.Errorf("surfaces = %q, want %q", got, c.surfaces)
			}
			if c.keys != nil {
				if got := keys(toks); !slices.Equal(got, c.keys) {
					t.Errorf("keys = %q, want %q", got, c.keys)
				}
			}
		})
	}
}

func TestDetect(t *testing.T) {
	cases := []struct{ text, want string }{
		{"the parcel is late and I am not happy", "english"},
		{"Je voudrais un remboursement pour la commande", "french"},
		{"Quiero un reembolso para el pedido que no llegó", "spanish"},
		{"Где мой заказ и когда он будет", "russian"},
		{"Checkout broken", "english"},
		{"", "english"},
	}
	for _, c := range cases {
		ws, _ := words(c.text, maxWords)
		if got := languages[newFolder().detect(ws)].name; got != c.want {
			t.Errorf("detect(%q) = %s, want %s", c.text, got, c.want)
		}
	}
}

// Phrases are two kept words next to each other: a stop word, punctuation,
// a link or an emoji between them breaks it; a hyphen or apostrophe does not.
func TestPhrases(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"payment error again: payment error", []string{"payment error", "payment error"}},
		{"payment and error", nil},
		{"payment. error", nil},
		{"payment 🙏 error", nil},
		{"payment https://x.io error", nil},
		{"next-day delivery", []string{"day delivery", "next day"}},
	}
	for _, c := range cases {
		p := newPeriod(newFolder())
		p.add(1, c.text)
		var got []string
		for _, st := range p.phrases {
			for s, n := range st.surfaces {
				for range n {
					got = append(got, s)
				}
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("phrases of %q = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestWordCap(t *testing.T) {
	toks, capped := newFolder().tokens(strings.Repeat("parcel ", maxWords+10), maxWords)
	if !capped || len(toks) != maxWords {
		t.Errorf("tokens = %d, capped %v; want %d, capped", len(toks), capped, maxWords)
	}
}

func TestQuery(t *testing.T) {
	cases := []struct {
		surfaces map[string]int
		want     string
	}{
		{map[string]int{"refunds": 2, "refunded": 1, "refund": 1}, "refund"},
		{map[string]int{"delivery": 2, "deliveries": 1}, "deliver"},
		{map[string]int{"late delivery": 2, "late deliveries": 1}, "late deliver"},
		{map[string]int{"ran": 1, "run": 3}, "run"}, // prefix "r" too short: the display form
	}
	for _, c := range cases {
		if got := query(c.surfaces, mostCommon(c.surfaces)); got != c.want {
			t.Errorf("query(%v) = %q, want %q", c.surfaces, got, c.want)
		}
	}
}

// The rising score: scaled by volume, smoothed, weighted by support.
func TestRising(t *testing.T) {
	st := func(n int) *stat { return &stat{n: n, surfaces: map[string]int{"w": n}} }
	cur := map[string]*stat{"new": st(3), "steady": st(20), "doubled": st(40), "rare": st(2), "fell": st(5)}
	old := map[string]*stat{"steady": st(20), "doubled": st(20), "fell": st(15)}
	got := rising(cur, old, 100, 100, 10)
	var order []string
	for _, tm := range got {
		order = append(order, tm.Key)
	}
	if want := []string{"doubled", "new"}; !slices.Equal(order, want) {
		t.Fatalf("rising = %v, want %v", order, want)
	}
	if got[0].Previous != 20 || got[0].Conversations != 40 || got[1].Previous != 0 {
		t.Errorf("counts = %+v", got)
	}
	// The previous period twice as busy: the same 20 conversations are a rise.
	got = rising(cur, old, 100, 200, 10)
	if len(got) != 3 || got[0].Key != "doubled" || got[2].Key != "steady" && got[1].Key != "steady" {
		t.Errorf("scaled rising = %+v", got)
	}
	if got := rising(cur, old, 100, 100, 1); len(got) != 1 {
		t.Errorf("limit: %d terms", len(got))
	}
}

// Whatever the text, tokens are lowercased words of three to forty word
// characters, in order, within the cap, each with a key.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{"Refunds refunded refund", "@a b@c.d https://x.y/z bit.ly/q", "\u200fشكرا\u200f 🙏🏽 naïve",
		"Где мой заказ", "next-day delivery. late", "\xff\xfe invalid", strings.Repeat("ab ", 50)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		toks, _ := newFolder().tokens(text, 50)
		if len(toks) > 50 {
			t.Fatalf("%d tokens over the cap", len(toks))
		}
		for i, tk := range toks {
			n := utf8.RuneCountInString(tk.surface)
			if n < minRunes || n > maxRunes || tk.key == "" || strings.ToLower(tk.surface) != tk.surface {
				t.Fatalf("token %+v", tk)
			}
			for _, r := range tk.surface {
				if !isWordRune(r) {
					t.Fatalf("token %q has %q", tk.surface, r)
				}
			}
			if i > 0 && toks[i-1].pos >= tk.pos {
				t.Fatalf("tokens out of order: %+v", toks)
			}
		}
	})
}
