// Package bottest is an in-memory Telegram Bot API server for tests. It
// speaks the Bot API over HTTP the way Telegram does — getMe, long-polled
// getUpdates with offsets, sendMessage, sendPhoto and sendDocument (files
// uploaded as multipart, or sent again by file_id) and the other methods
// planbot calls, with Telegram's checks on HTML, message and caption
// length, callback data, photos and inline results — and records every
// call with the files uploaded, so that tests can run the real bot and
// assert what it sent. It fakes Telegram, never planbot.
package bottest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // photos Telegram takes
	_ "image/png"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"path"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
)

// BotID and BotUsername are who the fake's bot is.
const (
	BotID       = 7000000001
	BotUsername = "planbot_test_bot"
)

// WaitTimeout bounds every Wait: a test that waits longer has failed.
const WaitTimeout = 15 * time.Second

// Fault is an error answer to inject into the next call of a method.
type Fault struct {
	Status      int    // HTTP status and error_code: 429, 500, 502 …
	RetryAfter  int    // parameters.retry_after, for 429
	Description string // defaults to the status text
	Drop        bool   // close the connection without answering
}

// Call is one request the bot made.
type Call struct {
	Method string
	Params map[string]string // form fields as sent; objects are JSON text
	Files  map[string]File   // files uploaded, by form field (photo, document)
	Status int               // the HTTP status answered
	Result json.RawMessage   // the result answered, when Status is 200
	At     time.Time         // when the request arrived
}

// File is a file uploaded in a multipart request.
type File struct {
	Name        string // the file name the request gave
	ContentType string // the part's Content-Type
	Data        []byte
}

// Str is a parameter as sent.
func (c Call) Str(name string) string { return c.Params[name] }

// Int is a numeric parameter, 0 if absent.
func (c Call) Int(name string) int64 {
	n, _ := strconv.ParseInt(c.Params[name], 10, 64)
	return n
}

// JSON decodes an object parameter (reply_markup, reply_parameters, …).
func (c Call) JSON(name string, v any) error {
	s, ok := c.Params[name]
	if !ok {
		return fmt.Errorf("%s has no parameter %s", c.Method, name)
	}
	return json.Unmarshal([]byte(s), v)
}

// ReplyTo is the message_id of reply_parameters, 0 if none.
func (c Call) ReplyTo() int64 {
	var rp struct {
		MessageID int64 `json:"message_id"`
	}
	if c.JSON("reply_parameters", &rp) != nil {
		return 0
	}
	return rp.MessageID
}

// Button is an inline keyboard button as sent.
type Button struct {
	Text              string `json:"text"`
	CallbackData      string `json:"callback_data"`
	SwitchInlineQuery string `json:"switch_inline_query"`
	CopyText          *struct {
		Text string `json:"text"`
	} `json:"copy_text"`
}

// Buttons is the inline keyboard of reply_markup, row by row flattened.
func (c Call) Buttons() []Button {
	var kb struct {
		InlineKeyboard [][]Button `json:"inline_keyboard"`
	}
	_ = c.JSON("reply_markup", &kb)
	var out []Button
	for _, row := range kb.InlineKeyboard {
		out = append(out, row...)
	}
	return out
}

// Server is the fake Bot API. Its methods are safe for concurrent use.
type Server struct {
	URL   string // pass to the bot as its API URL
	Token string // the token the server accepts
	BotID int64  // the bot's user ID, as getMe gives it

	srv     *httptest.Server
	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every change
	updates []update
	all     []update // every update pushed, for Requeue
	nextID  int64    // last update_id given
	nextMsg int64    // last message_id given
	offset  int64    // highest offset confirmed by getUpdates
	calls   []Call
	faults  map[string][]Fault
	holds   map[string]*hold
	msgs    map[[2]int64]Message
	files   map[string]File // by the file_id the server gave them
	conns   int             // connections opened to the server
}

// hold keeps the next call of a method waiting: arrived is closed when it
// comes, and it is answered once release is closed.
type hold struct {
	arrived, release chan struct{}
}

type update struct {
	id  int64
	raw json.RawMessage
}

// New starts a fake Bot API server for the bot BotID, closed when the
// test ends.
func New(tb testing.TB) *Server { return NewAs(tb, BotID) }

// NewAs starts a fake Bot API server for another bot, whose user ID (and
// its token's first part) is botID: a bot with a token of its own, whose
// updates are numbered apart from BotID's.
func NewAs(tb testing.TB, botID int64) *Server {
	s := &Server{
		BotID:   botID,
		Token:   strconv.FormatInt(botID, 10) + ":AAtest-token_" + strconv.FormatInt(time.Now().UnixNano()%1e6, 10),
		changed: make(chan struct{}),
		faults:  map[string][]Fault{},
		holds:   map[string]*hold{},
		msgs:    map[[2]int64]Message{},
		files:   map[string]File{},
	}
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			s.mu.Lock()
			s.conns++
			s.mu.Unlock()
		}
	}
	s.srv.Start()
	s.URL = s.srv.URL
	tb.Cleanup(s.srv.Close)
	return s
}

// Conns is how many connections the bot has opened to the server: one per
// request means none was kept open for the next.
func (s *Server) Conns() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

// Close stops the server: requests fail as on a network outage.
func (s *Server) Close() { s.srv.Close() }

func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// Hold makes the next call of method wait before it is answered, as a slow
// network would: arrived is closed when the call has come, and the call is
// answered as usual once release is called.
func (s *Server) Hold(method string) (arrived <-chan struct{}, release func()) {
	h := &hold{arrived: make(chan struct{}), release: make(chan struct{})}
	s.mu.Lock()
	s.holds[method] = h
	s.mu.Unlock()
	var once sync.Once
	return h.arrived, func() { once.Do(func() { close(h.release) }) }
}

// Fail makes the next calls of method answer f, once per Fault given.
func (s *Server) Fail(method string, f ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[method] = append(s.faults[method], f...)
}

// Push queues updates for getUpdates and returns the update_id of the last.
// Each is a JSON object without update_id, as the builders return; it is
// numbered in order.
func (s *Server) Push(ups ...map[string]any) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range ups {
		s.nextID++
		u["update_id"] = s.nextID
		raw, err := json.Marshal(u)
		if err != nil {
			panic(err) // the builders only make marshalable maps
		}
		s.updates = append(s.updates, update{s.nextID, raw})
		s.all = append(s.all, update{s.nextID, raw})
	}
	s.notify()
	return s.nextID
}

// Renumber makes id the update_id of the next update pushed or numbered,
// and those after it follow on from there, as Telegram numbers a bot's
// updates anew from a random ID after a week without any: the updates of
// the old numbering are gone by then (Telegram keeps them a day), and
// Requeue does not deliver them again. An offset from the old numbering
// beyond the new IDs confirms none of them.
func (s *Server) Renumber(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID = id - 1
	s.offset = 0
	s.updates, s.all = nil, nil
}

// Requeue delivers every update pushed again, as Telegram does when the bot
// stopped before a getUpdates confirmed them.
func (s *Server) Requeue() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.updates = append([]update(nil), s.all...)
	s.offset = 0
	s.notify()
}

// Update numbers an update for sending to a webhook, without queueing it.
func (s *Server) Update(u map[string]any) []byte {
	s.mu.Lock()
	s.nextID++
	u["update_id"] = s.nextID
	s.mu.Unlock()
	raw, _ := json.Marshal(u)
	return raw
}

// Calls returns the calls made so far of the given methods (all if none).
func (s *Server) Calls(methods ...string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return filter(s.calls, methods)
}

func filter(calls []Call, methods []string) []Call {
	var out []Call
	for _, c := range calls {
		if len(methods) == 0 || contains(methods, c.Method) {
			out = append(out, c)
		}
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// Wait blocks until ok holds for the calls made so far, and returns them.
// It fails the test after WaitTimeout.
func (s *Server) Wait(tb testing.TB, what string, ok func(calls []Call) bool) []Call {
	tb.Helper()
	deadline := time.NewTimer(WaitTimeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		calls, ch := append([]Call(nil), s.calls...), s.changed
		s.mu.Unlock()
		if ok(calls) {
			return calls
		}
		select {
		case <-ch:
		case <-deadline.C:
			tb.Fatalf("bottest: timed out waiting for %s; calls: %s", what, Summary(calls))
			return nil
		}
	}
}

// WaitCalls waits until n successful calls of method were made and returns them.
func (s *Server) WaitCalls(tb testing.TB, method string, n int) []Call {
	tb.Helper()
	var got []Call
	s.Wait(tb, fmt.Sprintf("%d %s", n, method), func(calls []Call) bool {
		got = got[:0]
		for _, c := range filter(calls, []string{method}) {
			if c.Status == http.StatusOK {
				got = append(got, c)
			}
		}
		return len(got) >= n
	})
	return got
}

// WaitHandled waits until the bot has confirmed every update pushed so far:
// its next getUpdates asks for an offset past them, which a polling bot does
// only once it has finished answering them.
func (s *Server) WaitHandled(tb testing.TB) []Call {
	tb.Helper()
	return s.WaitHandledSince(tb, 0)
}

// WaitHandledSince is WaitHandled for a bot that made the calls from the
// from-th on (len of Calls() when it started): a bot started again after
// one that stopped, whose confirmations are not the new one's.
func (s *Server) WaitHandledSince(tb testing.TB, from int) []Call {
	tb.Helper()
	s.mu.Lock()
	want := s.nextID + 1
	s.mu.Unlock()
	return s.Wait(tb, "getUpdates with offset "+strconv.FormatInt(want, 10), func(calls []Call) bool {
		for _, c := range calls[min(from, len(calls)):] {
			if c.Method == "getUpdates" && c.Int("offset") >= want {
				return true
			}
		}
		return false
	})
}

// Confirmed is the highest offset a getUpdates has confirmed: every update
// below it is gone from the queue, never to be delivered again.
func (s *Server) Confirmed() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.offset
}

// Last is the update_id of the last update pushed or numbered.
func (s *Server) Last() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nextID
}

// Changed is closed at the server's next change: a call, an update pushed.
func (s *Server) Changed() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.changed
}

// Summary lists calls briefly, for failure messages.
func Summary(calls []Call) string {
	var b strings.Builder
	for _, c := range calls {
		fmt.Fprintf(&b, "\n  %s %d", c.Method, c.Status)
		for _, k := range []string{"chat_id", "offset", "text", "caption", "callback_data", "results"} {
			if v, ok := c.Params[k]; ok {
				if len(v) > 120 {
					v = v[:120] + "…"
				}
				fmt.Fprintf(&b, " %s=%q", k, v)
			}
		}
	}
	return b.String()
}

// Sent is the message a successful sendMessage or editMessageText created,
// as Telegram would put it in a later update (a callback query's message).
func (s *Server) Sent(c Call) Message {
	var m struct {
		ID   int64 `json:"message_id"`
		Chat struct {
			ID int64 `json:"id"`
		} `json:"chat"`
	}
	_ = json.Unmarshal(c.Result, &m)
	s.mu.Lock()
	defer s.mu.Unlock()
	out := Message{}
	for k, v := range s.msgs[[2]int64{m.Chat.ID, m.ID}] {
		if k != "markup" {
			out[k] = v
		}
	}
	return out
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 || token != s.Token {
		s.record(Call{Method: method, Status: http.StatusUnauthorized})
		writeError(w, http.StatusUnauthorized, "Unauthorized", 0)
		return
	}
	params, files, err := readParams(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, "Bad Request: "+err.Error(), 0)
		return
	}
	s.mu.Lock()
	h := s.holds[method]
	delete(s.holds, method)
	s.mu.Unlock()
	if h != nil {
		close(h.arrived)
		select {
		case <-h.release:
		case <-r.Context().Done():
			return
		}
	}
	s.mu.Lock()
	var fault *Fault
	if fs := s.faults[method]; len(fs) > 0 {
		fault, s.faults[method] = &fs[0], fs[1:]
	}
	s.mu.Unlock()
	if fault != nil {
		s.record(Call{Method: method, Params: params, Files: files, Status: fault.Status})
		if fault.Drop {
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					conn.Close()
					return
				}
			}
		}
		desc := fault.Description
		if desc == "" {
			desc = http.StatusText(fault.Status)
		}
		writeError(w, fault.Status, desc, fault.RetryAfter)
		return
	}
	if method == "getUpdates" {
		s.getUpdates(w, r, params)
		return
	}
	result, status, desc := s.answer(method, params, files)
	s.record(Call{Method: method, Params: params, Files: files, Status: status, Result: result})
	if status != http.StatusOK {
		writeError(w, status, desc, 0)
		return
	}
	writeResult(w, result)
}

func (s *Server) record(c Call) {
	if c.At.IsZero() {
		c.At = time.Now()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
	s.notify()
}

func writeError(w http.ResponseWriter, status int, desc string, retryAfter int) {
	body := map[string]any{"ok": false, "error_code": status, "description": desc}
	if retryAfter > 0 {
		body["parameters"] = map[string]any{"retry_after": retryAfter}
		desc += fmt.Sprintf(": retry after %d", retryAfter)
		body["description"] = desc
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func writeResult(w http.ResponseWriter, result json.RawMessage) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": result})
}

// readParams reads a request as Telegram does: multipart (with files) or
// urlencoded form, JSON body, or query string.
func readParams(r *http.Request) (map[string]string, map[string]File, error) {
	params := map[string]string{}
	var files map[string]File
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		var m map[string]json.RawMessage
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, nil, err
		}
		if len(body) > 0 {
			if err := json.Unmarshal(body, &m); err != nil {
				return nil, nil, err
			}
		}
		for k, v := range m {
			var s string
			if json.Unmarshal(v, &s) == nil {
				params[k] = s
			} else {
				params[k] = string(v)
			}
		}
	case "multipart/form-data":
		// The library sends parameterless calls (getMe) as a multipart body
		// with no parts and no closing boundary; Telegram accepts it.
		if err := r.ParseMultipartForm(32 << 20); err != nil && !errors.Is(err, io.EOF) && !strings.HasSuffix(err.Error(), "EOF") {
			return nil, nil, err
		}
		if r.MultipartForm == nil {
			return params, nil, nil
		}
		for k, v := range r.MultipartForm.Value {
			params[k] = v[0]
		}
		for k, v := range r.MultipartForm.File {
			f, err := v[0].Open()
			if err != nil {
				return nil, nil, err
			}
			data, err := io.ReadAll(f)
			f.Close()
			if err != nil {
				return nil, nil, err
			}
			if files == nil {
				files = map[string]File{}
			}
			files[k] = File{Name: v[0].Filename, ContentType: v[0].Header.Get("Content-Type"), Data: data}
		}
	default:
		if err := r.ParseForm(); err != nil {
			return nil, nil, err
		}
		for k, v := range r.Form {
			params[k] = v[0]
		}
	}
	return params, files, nil
}

func (s *Server) getUpdates(w http.ResponseWriter, r *http.Request, params map[string]string) {
	offset, _ := strconv.ParseInt(params["offset"], 10, 64)
	limit, _ := strconv.Atoi(params["limit"])
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout, _ := strconv.Atoi(params["timeout"])
	c := Call{Method: "getUpdates", Params: params, Status: http.StatusOK, At: time.Now()}
	s.mu.Lock()
	if offset > s.nextID+1 {
		// An offset past every update given is of an earlier numbering
		// (see Renumber): it confirms nothing, and updates are given from
		// the first that is not confirmed, as with no offset.
		offset = 0
	}
	// As Telegram does, an offset confirms every update before it.
	if offset > s.offset {
		s.offset = offset
		kept := s.updates[:0]
		for _, u := range s.updates {
			if u.id >= offset {
				kept = append(kept, u)
			}
		}
		s.updates = kept
	}
	s.calls = append(s.calls, c)
	s.notify()
	s.mu.Unlock()

	wait := time.NewTimer(time.Duration(timeout) * time.Second)
	defer wait.Stop()
	for {
		s.mu.Lock()
		var out []json.RawMessage
		for _, u := range s.updates {
			if u.id >= offset && len(out) < limit {
				out = append(out, u.raw)
			}
		}
		ch := s.changed
		s.mu.Unlock()
		if len(out) > 0 || timeout == 0 {
			raw, _ := json.Marshal(append([]json.RawMessage{}, out...))
			writeResult(w, raw)
			return
		}
		select {
		case <-ch:
		case <-wait.C:
			writeResult(w, json.RawMessage("[]"))
			return
		case <-r.Context().Done():
			return
		}
	}
}

// answer is a successful method's result, or Telegram's error for a request
// Telegram would refuse.
func (s *Server) answer(method string, p map[string]string, files map[string]File) (json.RawMessage, int, string) {
	switch method {
	case "getMe":
		return mustJSON(map[string]any{"id": s.BotID, "is_bot": true, "first_name": "planbot", "username": BotUsername,
			"can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": true}), 200, ""
	case "setMyCommands", "deleteWebhook", "setWebhook", "sendChatAction":
		return json.RawMessage("true"), 200, ""
	case "answerCallbackQuery":
		if p["callback_query_id"] == "" {
			return nil, 400, "Bad Request: query id is empty"
		}
		if utf16Len(p["text"]) > 200 {
			return nil, 400, "Bad Request: MESSAGE_TOO_LONG"
		}
		return json.RawMessage("true"), 200, ""
	case "answerInlineQuery":
		return s.answerInline(p)
	case "sendMessage", "editMessageText":
		return s.message(method, p)
	case "sendPhoto":
		return s.media(p, files, "photo")
	case "sendDocument":
		return s.media(p, files, "document")
	}
	return nil, 404, "Not Found: method not found"
}

// InlineResult is one result of an answerInlineQuery call, as Telegram reads
// an article that posts a text.
type InlineResult struct {
	Type    string `json:"type"`
	ID      string `json:"id"`
	Title   string `json:"title"`
	Content struct {
		Text      string `json:"message_text"`
		ParseMode string `json:"parse_mode"`
	} `json:"input_message_content"`
}

func (s *Server) answerInline(p map[string]string) (json.RawMessage, int, string) {
	var results []InlineResult
	if err := json.Unmarshal([]byte(p["results"]), &results); err != nil {
		return nil, 400, "Bad Request: can't parse results JSON object"
	}
	if len(results) > 50 {
		return nil, 400, "Bad Request: RESULTS_TOO_MUCH"
	}
	ids := map[string]bool{}
	for _, r := range results {
		if r.ID == "" || len(r.ID) > 64 || ids[r.ID] {
			return nil, 400, "Bad Request: RESULT_ID_INVALID"
		}
		ids[r.ID] = true
		if r.Title == "" {
			return nil, 400, "Bad Request: RESULT_TITLE_EMPTY"
		}
		if _, status, desc := checkText(r.Content.Text, r.Content.ParseMode); status != 200 {
			return nil, status, desc
		}
	}
	return json.RawMessage("true"), 200, ""
}

func (s *Server) message(method string, p map[string]string) (json.RawMessage, int, string) {
	chat, err := strconv.ParseInt(p["chat_id"], 10, 64)
	if err != nil {
		return nil, 400, "Bad Request: chat not found"
	}
	visible, status, desc := checkText(p["text"], p["parse_mode"])
	if status != 200 {
		return nil, status, desc
	}
	if kb, ok := p["reply_markup"]; ok {
		var m struct {
			InlineKeyboard [][]Button `json:"inline_keyboard"`
		}
		if err := json.Unmarshal([]byte(kb), &m); err != nil {
			return nil, 400, "Bad Request: can't parse reply keyboard markup JSON object"
		}
		for _, row := range m.InlineKeyboard {
			for _, b := range row {
				if len(b.CallbackData) > 64 || b.Text == "" {
					return nil, 400, "Bad Request: BUTTON_DATA_INVALID"
				}
				if b.CopyText != nil && b.CopyText.Text == "" {
					// What Telegram answers to go-telegram/bot's own
					// buttons, which always carry an empty copy_text.
					return nil, 400, "Bad Request: BUTTON_COPY_TEXT_INVALID"
				}
			}
		}
	}
	m := Message{
		"date": time.Now().Unix(), "text": visible, "markup": p["reply_markup"],
		"from": map[string]any{"id": s.BotID, "is_bot": true, "first_name": "planbot", "username": BotUsername},
		"chat": map[string]any{"id": chat, "type": chatType(chat)},
	}
	var rp struct {
		MessageID int64 `json:"message_id"`
	}
	replyTo := int64(0)
	if method == "sendMessage" && json.Unmarshal([]byte(p["reply_parameters"]), &rp) == nil {
		replyTo = rp.MessageID
	}
	// Only what numbers and files the message is done under the lock, so
	// that replies sent at once are not answered one at a time; a message
	// filed is never changed, and is read without it.
	s.mu.Lock()
	var id int64
	if method == "editMessageText" {
		id, _ = strconv.ParseInt(p["message_id"], 10, 64)
		old, ok := s.msgs[[2]int64{chat, id}]
		if !ok {
			s.mu.Unlock()
			return nil, 400, "Bad Request: message to edit not found"
		}
		if old["text"] == visible && old["markup"] == p["reply_markup"] {
			s.mu.Unlock()
			return nil, 400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"
		}
	} else {
		s.nextMsg++
		id = s.nextMsg
	}
	m["message_id"] = id
	if method == "editMessageText" {
		old := s.msgs[[2]int64{chat, id}]
		if r, ok := old["reply_to_message"]; ok {
			m["reply_to_message"] = r
		}
	} else if q, ok := s.msgs[[2]int64{chat, replyTo}]; ok && replyTo != 0 {
		inner := Message{}
		for k, v := range q {
			if k != "reply_to_message" { // Telegram nests one level only
				inner[k] = v
			}
		}
		m["reply_to_message"] = inner
	}
	s.msgs[[2]int64{chat, id}] = m
	s.mu.Unlock()
	out := Message{}
	for k, v := range m {
		if k != "markup" {
			out[k] = v
		}
	}
	return mustJSON(out), 200, ""
}

func chatType(id int64) string {
	if id < 0 {
		return "supergroup"
	}
	return "private"
}

// checkText applies Telegram's checks to a message text.
func checkText(text, parseMode string) (string, int, string) {
	visible := text
	if parseMode == "HTML" {
		var err error
		if visible, err = PlainText(text); err != nil {
			return "", 400, "Bad Request: can't parse entities: " + err.Error()
		}
	} else if parseMode != "" {
		return "", 400, "Bad Request: unsupported parse_mode"
	}
	switch n := utf16Len(strings.TrimSpace(visible)); {
	case n == 0:
		return "", 400, "Bad Request: message text is empty"
	case n > 4096:
		return "", 400, "Bad Request: message is too long"
	}
	return visible, 200, ""
}

func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

func mustJSON(v any) json.RawMessage {
	raw, err := json.Marshal(v)
	if err != nil {
		panic(err) // only called with marshalable values
	}
	return raw
}

// File is the file a successful sendPhoto or sendDocument sent in field
// (photo, document): the one uploaded, or the one its file_id names.
func (s *Server) File(c Call, field string) (File, bool) {
	if f, ok := c.Files[field]; ok {
		return f, true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.files[c.Params[field]]
	return f, ok
}

// FileID is the file_id Telegram gave the file a successful sendPhoto or
// sendDocument sent: the largest size's, for a photo.
func FileID(c Call) string {
	var m struct {
		Photo []struct {
			FileID string `json:"file_id"`
		} `json:"photo"`
		Document struct {
			FileID string `json:"file_id"`
		} `json:"document"`
	}
	_ = json.Unmarshal(c.Result, &m)
	if n := len(m.Photo); n > 0 {
		return m.Photo[n-1].FileID
	}
	return m.Document.FileID
}

// Limits Telegram puts on files sent by bots.
const (
	maxCaption    = 1024     // UTF-16 units
	maxPhotoBytes = 10 << 20 // a photo uploaded
	maxPhotoSides = 10000    // its width and height together
	maxPhotoRatio = 20       // its longer side to its shorter
)

// media is sendPhoto (field "photo") or sendDocument ("document"): the
// file uploaded as a multipart part, or a file_id of one uploaded before.
func (s *Server) media(p map[string]string, files map[string]File, field string) (json.RawMessage, int, string) {
	chat, err := strconv.ParseInt(p["chat_id"], 10, 64)
	if err != nil {
		return nil, 400, "Bad Request: chat not found"
	}
	visible := p["caption"]
	if p["parse_mode"] != "" {
		var err error
		if visible, err = PlainText(p["caption"]); err != nil || p["parse_mode"] != "HTML" {
			return nil, 400, "Bad Request: can't parse entities in the caption"
		}
	}
	if utf16Len(visible) > maxCaption {
		return nil, 400, "Bad Request: message caption is too long"
	}
	f, uploaded := files[field]
	s.mu.Lock()
	if !uploaded {
		var ok bool
		if f, ok = s.files[p[field]]; !ok {
			s.mu.Unlock()
			if p[field] == "" {
				return nil, 400, "Bad Request: there is no " + field + " in the request"
			}
			return nil, 400, "Bad Request: wrong file identifier/HTTP URL specified"
		}
	}
	s.mu.Unlock()
	m := Message{
		"date": time.Now().Unix(),
		"from": map[string]any{"id": s.BotID, "is_bot": true, "first_name": "planbot", "username": BotUsername},
		"chat": map[string]any{"id": chat, "type": chatType(chat)},
	}
	if visible != "" {
		m["caption"] = visible
	}
	var id string
	if field == "photo" {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(f.Data))
		switch {
		case err != nil:
			return nil, 400, "Bad Request: IMAGE_PROCESS_FAILED"
		case len(f.Data) > maxPhotoBytes:
			return nil, 400, "Bad Request: PHOTO_SAVE_FILE_INVALID"
		case cfg.Width+cfg.Height > maxPhotoSides || max(cfg.Width, cfg.Height) > maxPhotoRatio*min(cfg.Width, cfg.Height):
			return nil, 400, "Bad Request: PHOTO_INVALID_DIMENSIONS"
		}
		id = s.keep(f, p[field], "photo")
		m["photo"] = []map[string]any{{"file_id": id, "file_unique_id": "u" + id, "width": cfg.Width, "height": cfg.Height, "file_size": len(f.Data)}}
	} else {
		id = s.keep(f, p[field], "doc")
		mt := mime.TypeByExtension(strings.ToLower(path.Ext(f.Name)))
		if mt == "" {
			mt = "application/octet-stream"
		}
		m["document"] = map[string]any{"file_id": id, "file_unique_id": "u" + id, "file_name": f.Name, "mime_type": mt, "file_size": len(f.Data)}
	}
	var rp struct {
		MessageID int64 `json:"message_id"`
	}
	replyTo := int64(0)
	if json.Unmarshal([]byte(p["reply_parameters"]), &rp) == nil {
		replyTo = rp.MessageID
	}
	s.mu.Lock()
	s.nextMsg++
	m["message_id"] = s.nextMsg
	if q, ok := s.msgs[[2]int64{chat, replyTo}]; ok && replyTo != 0 {
		inner := Message{}
		for k, v := range q {
			if k != "reply_to_message" && k != "markup" {
				inner[k] = v
			}
		}
		m["reply_to_message"] = inner
	}
	s.msgs[[2]int64{chat, s.nextMsg}] = m
	s.mu.Unlock()
	return mustJSON(m), 200, ""
}

// keep files an uploaded file under a new file_id, and returns it; a file
// sent by its file_id keeps that one, as Telegram's do.
func (s *Server) keep(f File, sentID, prefix string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.files[sentID]; ok {
		return sentID
	}
	id := fmt.Sprintf("%s-%d", prefix, len(s.files)+1)
	s.files[id] = f
	return id
}
