package telegram

// The Bot API types this connector reads (core.telegram.org/bots/api);
// fields it does not use are left out.

type user struct {
	ID                      int64  `json:"id"`
	IsBot                   bool   `json:"is_bot"`
	FirstName               string `json:"first_name"`
	LastName                string `json:"last_name,omitempty"`
	Username                string `json:"username,omitempty"`
	CanReadAllGroupMessages bool   `json:"can_read_all_group_messages,omitempty"`
	CanConnectToBusiness    bool   `json:"can_connect_to_business,omitempty"`
}

func (u user) name() string {
	if u.LastName != "" {
		return u.FirstName + " " + u.LastName
	}
	return u.FirstName
}

type chat struct {
	ID       int64  `json:"id"`
	Type     string `json:"type"` // private, group, supergroup, channel
	Title    string `json:"title,omitempty"`
	Username string `json:"username,omitempty"`
	IsForum  bool   `json:"is_forum,omitempty"`
}

type entity struct {
	Type   string `json:"type"`
	Offset int    `json:"offset"` // in UTF-16 code units
	Length int    `json:"length"`
	User   *user  `json:"user,omitempty"`
}

type message struct {
	MessageID            int64     `json:"message_id"`
	MessageThreadID      int64     `json:"message_thread_id,omitempty"`
	From                 *user     `json:"from,omitempty"`
	Chat                 chat      `json:"chat"`
	Date                 int64     `json:"date"`
	EditDate             int64     `json:"edit_date,omitempty"`
	BusinessConnectionID string    `json:"business_connection_id,omitempty"`
	ReplyToMessage       *message  `json:"reply_to_message,omitempty"`
	Text                 string    `json:"text,omitempty"`
	Entities             []entity  `json:"entities,omitempty"`
	Caption              string    `json:"caption,omitempty"`
	CaptionEntities      []entity  `json:"caption_entities,omitempty"`
	Photo                []any     `json:"photo,omitempty"`
	Document             *struct{} `json:"document,omitempty"`
	Sticker              *struct {
		Emoji string `json:"emoji,omitempty"`
	} `json:"sticker,omitempty"`
	Voice    *struct{} `json:"voice,omitempty"`
	Video    *struct{} `json:"video,omitempty"`
	Location *struct{} `json:"location,omitempty"`
	Contact  *struct{} `json:"contact,omitempty"`
}

type businessConnection struct {
	ID        string `json:"id"`
	User      user   `json:"user"`
	UserChat  int64  `json:"user_chat_id"`
	Date      int64  `json:"date"`
	IsEnabled bool   `json:"is_enabled"`
}

type update struct {
	UpdateID              int64               `json:"update_id"`
	Message               *message            `json:"message,omitempty"`
	EditedMessage         *message            `json:"edited_message,omitempty"`
	BusinessMessage       *message            `json:"business_message,omitempty"`
	EditedBusinessMessage *message            `json:"edited_business_message,omitempty"`
	BusinessConnection    *businessConnection `json:"business_connection,omitempty"`
}
