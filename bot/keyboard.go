package bot

// keyboard is an inline keyboard as the Bot API reads it. The library's
// models.InlineKeyboardButton always writes copy_text, empty, which Telegram
// refuses with "BUTTON_COPY_TEXT_INVALID" (go-telegram/bot v1.19.0); the
// library's ReplyMarkup takes any value, so planbot sends its own type with
// only the fields it uses.
type keyboard struct {
	InlineKeyboard [][]button `json:"inline_keyboard"`
}

// button is one inline keyboard button: a callback or an inline query.
type button struct {
	Text              string `json:"text"`
	CallbackData      string `json:"callback_data,omitempty"`
	SwitchInlineQuery string `json:"switch_inline_query,omitempty"`
}
