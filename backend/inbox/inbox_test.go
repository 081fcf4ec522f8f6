package inbox

import "testing"

func TestExcerpt(t *testing.T) {
	tests := []struct {
		name, in string
		n        int
		want     string
	}{
		{"short", "hello", 10, "hello"},
		{"exact", "hello", 5, "hello"},
		{"cut", "hello world", 8, "hello w…"},
		{"collapses whitespace", "a\n\n  b\tc ", 10, "a b c"},
		{"runes not bytes", "héllo wörld", 7, "héllo …"},
		{"zero", "x", 0, ""},
		{"leading space", "   x", 3, "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Excerpt(tt.in, tt.n); got != tt.want {
				t.Errorf("Excerpt(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
			}
		})
	}
}

func TestFilterValidate(t *testing.T) {
	if err := (ConversationFilter{Network: "myspace"}).Validate(); err == nil {
		t.Error("unknown network accepted")
	}
	if err := (ConversationFilter{Statuses: []Status{"done"}}).Validate(); err == nil {
		t.Error("unknown status accepted")
	}
	if err := (ConversationFilter{Network: NetworkX, Statuses: []Status{StatusOpen}}).Validate(); err != nil {
		t.Errorf("valid filter rejected: %v", err)
	}
}
