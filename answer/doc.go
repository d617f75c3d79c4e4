// Package answer understands a staff member's question about a plan and
// answers it from the plan, quoting it and saying where the quote stands.
//
// A question passes once through six stages, each in its own file:
//
//	1 fold.go        normalize once: width, case, 繁→简, numerals and years, spaces, quotes
//	2 slots.go       read the slots against the gazetteer: places, years, departments, refs, sets, words
//	3 cues.go        weigh what is asked (a value, who, which …) from cue words, slots and shape
//	4 candidates.go  score the candidates (rows of targets, passages); choose.go picks and gathers
//	5 choose.go      or decide "none" for a stated Reason (decideNone)
//	6 render.go      render the reply, one function for every kind
//
// The gazetteer (gazetteer.go, places.go, depts.go, store.go) is built once
// from the parsed plan: nothing of any one plan is typed into the code, and
// the word lists that no rule derives (cue words, department kinds,
// synonyms) are data files the caller passes in (data/cues.txt,
// data/names.txt, data/synonyms.txt).
//
// It is its own package because answering is neither the index (which only
// finds documents) nor the bot (which only carries replies): the same answers
// serve `planbot ask`, `planbot chat` and Telegram.
package answer
