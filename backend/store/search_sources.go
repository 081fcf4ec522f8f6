package store

import "strings"

// searchSource is one full-text index a search reads: its FTS5 table, the
// joins and conditions its filters need, and the query for what a hit shows.
type searchSource struct {
	kind HitKind
	fts  string
	// vocab is the fts5vocab (row) table over fts: the word being typed is
	// expanded through it (expandedText).
	vocab string
	// filters returns the joins (each starting with " JOIN") and conditions
	// (each starting with " AND") for q's filters: only what they need, so an
	// unfiltered search reads the index alone.
	filters func(q SearchQuery) (joins, where string, args []any)
	// details selects (index first: CROSS JOIN keeps it the outer loop) id, conversation id, author, time, snippet, direction,
	// status, network, handle, client and customer; the caller adds the MATCH
	// and the ids.
	details string
}

// scope is how a source reaches the columns the filters test.
type scope struct {
	conv, handle, at string // expressions for the conversation id, handle id and time
	joinH, joinC     string // joins that bring in handles h and conversations c
}

// filterSQL builds the filter conditions over a source's scope. base are the
// joins every filtered query of the source needs (none when unfiltered).
func (sc scope) filterSQL(q SearchQuery, base string) (string, string, []any) {
	var joins []string
	var where []string
	var args []any
	needH := q.ClientID != 0 || q.Network != ""
	needC := len(q.Statuses) > 0
	if q.HandleID != 0 {
		where = append(where, sc.handle+" = ?")
		args = append(args, q.HandleID)
	}
	if q.ClientID != 0 {
		where = append(where, "h.client_id = ?")
		args = append(args, q.ClientID)
	}
	if q.Network != "" {
		where = append(where, "h.network = ?")
		args = append(args, q.Network)
	}
	if needC {
		where = append(where, "c.status IN ("+placeholders(len(q.Statuses))+")")
		for _, st := range q.Statuses {
			args = append(args, st)
		}
	}
	if t := strings.TrimSpace(q.Tag); t != "" {
		where = append(where, sc.conv+` IN (SELECT ct.conversation_id FROM conversation_tags ct
			JOIN tags t ON t.id = ct.tag_id WHERE t.name = ?)`)
		args = append(args, t)
	}
	if !q.From.IsZero() {
		where = append(where, sc.at+" >= ?")
		args = append(args, ms(q.From))
	}
	if !q.To.IsZero() {
		where = append(where, sc.at+" < ?")
		args = append(args, ms(q.To))
	}
	if len(where) == 0 {
		return "", "", nil
	}
	joins = append(joins, base)
	if needC && sc.joinC != "" {
		joins = append(joins, sc.joinC)
	}
	if needH {
		joins = append(joins, sc.joinH)
	}
	return strings.Join(joins, ""), " AND " + strings.Join(where, " AND "), args
}

var messageSource = searchSource{
	kind:  HitMessage,
	fts:   "messages_fts",
	vocab: "messages_fts_vocab",
	filters: func(q SearchQuery) (string, string, []any) {
		return scope{conv: "m.conversation_id", handle: "m.handle_id", at: "m.sent_at",
			joinH: " JOIN handles h ON h.id = m.handle_id",
			joinC: " JOIN conversations c ON c.id = m.conversation_id"}.
			filterSQL(q, " JOIN messages m ON m.id = messages_fts.rowid")
	},
	details: `SELECT m.id, m.conversation_id, m.author_name, m.sent_at,
		snippet(messages_fts, 0, ?, ?, '…', 16), m.direction, c.status, h.network, h.display_name, cl.name,
		COALESCE(p.display_name, p.username, '')
		FROM messages_fts CROSS JOIN messages m ON m.id = messages_fts.rowid
		JOIN conversations c ON c.id = m.conversation_id
		JOIN handles h ON h.id = m.handle_id
		JOIN clients cl ON cl.id = h.client_id
		LEFT JOIN participants p ON p.id = c.customer_id`,
}

// A subject hit is the conversation: its author is the customer, its time
// the conversation's last message.
var subjectSource = searchSource{
	kind:  HitSubject,
	fts:   "conversations_fts",
	vocab: "conversations_fts_vocab",
	filters: func(q SearchQuery) (string, string, []any) {
		return scope{conv: "c.id", handle: "c.handle_id", at: "c.last_message_at",
			joinH: " JOIN handles h ON h.id = c.handle_id"}.
			filterSQL(q, " JOIN conversations c ON c.id = conversations_fts.rowid")
	},
	details: `SELECT c.id, c.id, COALESCE(p.display_name, p.username, ''), c.last_message_at,
		snippet(conversations_fts, 0, ?, ?, '…', 16), 'in', c.status, h.network, h.display_name, cl.name,
		COALESCE(p.display_name, p.username, '')
		FROM conversations_fts CROSS JOIN conversations c ON c.id = conversations_fts.rowid
		JOIN handles h ON h.id = c.handle_id
		JOIN clients cl ON cl.id = h.client_id
		LEFT JOIN participants p ON p.id = c.customer_id`,
}

// A note hit is the team's own: no direction, its time when it was written.
var noteSource = searchSource{
	kind:  HitNote,
	fts:   "notes_fts",
	vocab: "notes_fts_vocab",
	filters: func(q SearchQuery) (string, string, []any) {
		return scope{conv: "n.conversation_id", handle: "c.handle_id", at: "n.created_at",
			joinH: " JOIN handles h ON h.id = c.handle_id"}.
			filterSQL(q, " JOIN notes n ON n.id = notes_fts.rowid JOIN conversations c ON c.id = n.conversation_id")
	},
	details: `SELECT n.id, n.conversation_id, n.author, n.created_at,
		snippet(notes_fts, 0, ?, ?, '…', 16), '', c.status, h.network, h.display_name, cl.name,
		COALESCE(p.display_name, p.username, '')
		FROM notes_fts CROSS JOIN notes n ON n.id = notes_fts.rowid
		JOIN conversations c ON c.id = n.conversation_id
		JOIN handles h ON h.id = c.handle_id
		JOIN clients cl ON cl.id = h.client_id
		LEFT JOIN participants p ON p.id = c.customer_id`,
}
