package bottest

import (
	"strings"
	"time"
	"unicode/utf16"
)

// Message is a Bot API Message object as JSON.
type Message map[string]any

// Chat says where a message is posted.
type Chat struct {
	ID    int64
	Type  string // private, group, supergroup, channel
	Title string
}

// Private is the private chat with a user (whose chat ID is the user's ID).
func Private(user int64) Chat { return Chat{ID: user, Type: "private"} }

// Group is a supergroup, where the bot answers only when addressed.
func Group(id int64) Chat { return Chat{ID: id, Type: "supergroup", Title: "城镇化工作群"} }

func (c Chat) json() map[string]any {
	m := map[string]any{"id": c.ID, "type": c.Type}
	if c.Type == "private" {
		m["first_name"] = "张"
	} else {
		m["title"] = c.Title
	}
	return m
}

func user(id int64) map[string]any {
	return map[string]any{"id": id, "is_bot": false, "first_name": "张", "last_name": "三", "language_code": "zh-hans"}
}

// base is a message from a user, numbered and remembered so that replies to
// it carry it as reply_to_message the way Telegram's do.
func (s *Server) base(chat Chat, from int64) Message {
	s.mu.Lock()
	s.nextMsg++
	m := Message{"message_id": s.nextMsg, "date": time.Now().Unix(), "chat": chat.json()}
	if from != 0 {
		m["from"] = user(from)
	}
	s.msgs[[2]int64{chat.ID, s.nextMsg}] = m
	s.mu.Unlock()
	return m
}

// Text is a text message, with the bot_command and mention entities
// Telegram would add, their offsets in UTF-16 units.
func (s *Server) Text(chat Chat, from int64, text string) Message {
	m := s.base(chat, from)
	s.mu.Lock()
	defer s.mu.Unlock()
	m["text"] = text
	if es := entities(text); len(es) > 0 {
		m["entities"] = es
	}
	return m
}

func entities(text string) []map[string]any {
	var es []map[string]any
	u := utf16.Encode([]rune(text))
	word := func(i int) int {
		j := i + 1
		for j < len(u) && (u[j] == '_' || u[j] == '@' && u[i] == '/' || u[j] < 128 && (u[j] >= 'a' && u[j] <= 'z' || u[j] >= 'A' && u[j] <= 'Z' || u[j] >= '0' && u[j] <= '9')) {
			j++
		}
		return j
	}
	for i := 0; i < len(u); i++ {
		switch {
		case i == 0 && u[i] == '/':
			if j := word(i); j > 1 {
				es = append(es, map[string]any{"type": "bot_command", "offset": 0, "length": j})
				i = j - 1
			}
		case u[i] == '@' && (i == 0 || u[i-1] == ' ' || u[i-1] > 127):
			if j := word(i); j-i > 4 {
				es = append(es, map[string]any{"type": "mention", "offset": i, "length": j - i})
				i = j - 1
			}
		}
	}
	return es
}

// Sticker is a sticker message.
func (s *Server) Sticker(chat Chat, from int64) Message {
	m := s.base(chat, from)
	m["sticker"] = map[string]any{"file_id": "CAACAgIAAxk", "file_unique_id": "AgAD", "type": "regular",
		"width": 512, "height": 512, "is_animated": false, "is_video": false, "emoji": "👍"}
	return m
}

// Photo is a photo with a caption.
func (s *Server) Photo(chat Chat, from int64, caption string) Message {
	m := s.base(chat, from)
	m["photo"] = []map[string]any{{"file_id": "AgACAgIAAxk", "file_unique_id": "AQAD", "width": 90, "height": 67}}
	m["caption"] = caption
	return m
}

// Voice is a voice message.
func (s *Server) Voice(chat Chat, from int64) Message {
	m := s.base(chat, from)
	m["voice"] = map[string]any{"file_id": "AwACAgIAAxk", "file_unique_id": "AgAD", "duration": 3, "mime_type": "audio/ogg"}
	return m
}

// Location is a shared location.
func (s *Server) Location(chat Chat, from int64) Message {
	m := s.base(chat, from)
	m["location"] = map[string]any{"latitude": 26.647, "longitude": 106.63}
	return m
}

// Joined is a service message: members joined a group.
func (s *Server) Joined(chat Chat, from int64, members ...int64) Message {
	m := s.base(chat, from)
	var us []map[string]any
	for _, id := range members {
		us = append(us, user(id))
	}
	m["new_chat_members"] = us
	return m
}

// ReplyTo makes m a reply to r.
func (m Message) ReplyTo(r Message) Message {
	inner := Message{}
	for k, v := range r {
		if k != "reply_to_message" && k != "markup" {
			inner[k] = v
		}
	}
	m["reply_to_message"] = inner
	return m
}

// InTopic puts m in a forum topic.
func (m Message) InTopic(thread int) Message {
	m["message_thread_id"] = thread
	m["is_topic_message"] = true
	return m
}

// At dates m: when its sender sent it, as Telegram stamps it.
func (m Message) At(t time.Time) Message {
	m["date"] = t.Unix()
	return m
}

// ID is the message's message_id.
func (m Message) ID() int64 { n, _ := m["message_id"].(int64); return n }

// AsMessage is an update carrying a new message.
func AsMessage(m Message) map[string]any { return map[string]any{"message": map[string]any(m)} }

// AsEdited is an update carrying an edited message, edited now unless m
// has an edit_date.
func AsEdited(m Message) map[string]any {
	if _, ok := m["edit_date"]; !ok {
		m["edit_date"] = time.Now().Unix()
	}
	return map[string]any{"edited_message": map[string]any(m)}
}

// EditedAt sets when m was edited.
func (m Message) EditedAt(t time.Time) Message {
	m["edit_date"] = t.Unix()
	return m
}

// AsChannelPost is an update carrying a channel post.
func AsChannelPost(m Message) map[string]any {
	return map[string]any{"channel_post": map[string]any(m)}
}

// Callback is a tap on an inline button of msg.
func Callback(from int64, msg Message, data string) map[string]any {
	clean := map[string]any{}
	for k, v := range msg {
		if k != "markup" {
			clean[k] = v
		}
	}
	return map[string]any{"callback_query": map[string]any{
		"id": "cbq" + strings.ReplaceAll(time.Now().Format("150405.000000000"), ".", ""), "from": user(from),
		"message": clean, "chat_instance": "-42", "data": data,
	}}
}

// Inline is an inline query typed in any chat: "@bot 遵义 人口".
func Inline(from int64, query string) map[string]any {
	return map[string]any{"inline_query": map[string]any{
		"id": "iq" + strings.ReplaceAll(time.Now().Format("150405.000000000"), ".", ""), "from": user(from),
		"query": query, "offset": "", "chat_type": "supergroup",
	}}
}

// MyChatMember is the update Telegram sends when the bot is added to a group.
func MyChatMember(chat Chat, from int64) map[string]any {
	return map[string]any{"my_chat_member": map[string]any{
		"chat": chat.json(), "from": user(from), "date": time.Now().Unix(),
		"old_chat_member": map[string]any{"status": "left", "user": map[string]any{"id": BotID, "is_bot": true, "first_name": "planbot"}},
		"new_chat_member": map[string]any{"status": "member", "user": map[string]any{"id": BotID, "is_bot": true, "first_name": "planbot"}},
	}}
}
