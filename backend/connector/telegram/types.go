package telegram

import "encoding/json"

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
	MessageID       int64 `json:"message_id"`
	MessageThreadID int64 `json:"message_thread_id,omitempty"`
	From            *user `json:"from,omitempty"`
	// SenderChat is set when a chat, not a person, sent it (an anonymous
	// admin, a channel); From then holds a fake user.
	SenderChat           *chat     `json:"sender_chat,omitempty"`
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

	// service: the message is a service message (a pin, a member joining,
	// a timer change): nobody's words. Set by UnmarshalJSON.
	service bool
}

// serviceFields are the Message fields the Bot API reference marks
// "Service message: …". The API has no flag for them; a new content type
// we do not know still shows as "[unsupported message]", a new service
// type too until it is listed here.
var serviceFields = []string{
	"new_chat_members", "left_chat_member", "new_chat_title", "new_chat_photo", "delete_chat_photo",
	"group_chat_created", "supergroup_chat_created", "channel_chat_created", "message_auto_delete_timer_changed",
	"migrate_to_chat_id", "migrate_from_chat_id", "pinned_message", "successful_payment", "refunded_payment",
	"users_shared", "chat_shared", "gift", "unique_gift", "connected_website", "write_access_allowed",
	"passport_data", "proximity_alert_triggered", "boost_added", "chat_background_set", "checklist_tasks_done",
	"checklist_tasks_added", "direct_message_price_changed", "forum_topic_created", "forum_topic_edited",
	"forum_topic_closed", "forum_topic_reopened", "general_forum_topic_hidden", "general_forum_topic_unhidden",
	"giveaway_created", "giveaway_completed", "paid_message_price_changed", "suggested_post_approved",
	"suggested_post_approval_failed", "suggested_post_declined", "suggested_post_paid", "suggested_post_refunded",
	"video_chat_scheduled", "video_chat_started", "video_chat_ended", "video_chat_participants_invited",
	"web_app_data",
}

// UnmarshalJSON decodes a message and notes whether it is a service message.
func (m *message) UnmarshalJSON(b []byte) error {
	type plain message // no UnmarshalJSON: no recursion
	if err := json.Unmarshal(b, (*plain)(m)); err != nil {
		return err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		return err
	}
	for _, f := range serviceFields {
		if _, ok := fields[f]; ok {
			m.service = true
			break
		}
	}
	return nil
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
