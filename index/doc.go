// Package index finds the clauses and targets of a plan that answer a
// question. It wraps bleve and jieba, and is the only planbot package that
// imports them, so that the choice of search engine and Chinese segmenter,
// their dictionaries and their cgo, stay behind one small API: Build an
// Index over a plan, Search it with the user's words, ask it for the Terms
// of a text.
//
// Chinese has no spaces, so a general-purpose analyzer would index single
// characters or whole sentences; jieba cuts text into words, and a lexicon
// of the plan's own names (departments, places, metrics) keeps those whole.
// Text is folded before it is cut (full-width to half-width, upper to lower
// case, traditional to simplified) because questions arrive typed in every
// form while the plan is written in one.
package index
