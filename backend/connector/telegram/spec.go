package telegram

import (
	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// Spec describes, in plain words, how to connect this network: the
// add-handle form and the reply length limit.
func Spec() connector.Spec {
	return connector.Spec{
		Network: inbox.NetworkTelegram, Name: "Telegram bot", MaxLength: 4096,
		MaxPrivateLength: 4096, // sendMessage: 1–4096 characters, groups and private chats alike
		Needs:            "A bot token from @BotFather (/newbot). For Telegram Business, connect the bot to your business account in Telegram's settings.",
		DocsURL:          "https://core.telegram.org/bots/tutorial#obtain-your-bot-token",
		Fields: []connector.Field{
			{Key: "bot_token", Label: "Bot token", Secret: true, Placeholder: "123456:ABC-DEF…"},
		},
	}
}
