package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Query is a search over the plan. Text and Must are the user's words as
// typed: they go through the index's analyzer and become term queries, never
// bleve query-string syntax, so + - : ^ ~ * ? / " mean nothing.
type Query struct {
	// Text ranks documents: one matching any of its terms, in any field, is
	// a hit, scored by how many match and where.
	Text string
	// Kind restricts hits to KindClause or KindTarget; "" allows both.
	Kind string
	// Must are words every hit has to contain (each word's terms all, each
	// in any field); they count towards the score too.
	Must []string
	// Refs restricts hits to these clauses and their targets.
	Refs []string
	// Size is the most hits returned; 0 means 10.
	Size int
}

// Hit is one document found: a clause, or a target of a clause.
type Hit struct {
	Kind   string  // KindClause or KindTarget
	Ref    string  // the clause's ref
	Target int     // index into the clause's Targets for a target, -1 for a clause
	Score  float64 // higher is better; comparable only within one search
}

// maxSize bounds Query.Size: the plan has a few hundred documents, and a
// caller asking for more is asking for all of them.
const maxSize = 10000

// Search runs q and returns hits best first, ties in document order so that
// the same question always gets the same answer. A query whose words
// analyze to nothing (empty, punctuation only) finds nothing, without error.
func (ix *Index) Search(ctx context.Context, q Query) ([]Hit, error) {
	switch q.Kind {
	case "", KindClause, KindTarget:
	default:
		return nil, fmt.Errorf("index: search: unknown kind %q", q.Kind)
	}
	if err := ix.Wait(); err != nil {
		return nil, fmt.Errorf("index: search: %w", err)
	}
	size := q.Size
	switch {
	case size <= 0:
		size = 10
	case size > maxSize:
		size = maxSize
	}

	var must []query.Query
	for _, w := range q.Must {
		terms := ix.Terms(w)
		if len(terms) == 0 {
			continue
		}
		conj := make([]query.Query, 0, len(terms))
		for _, t := range terms {
			conj = append(conj, anyField(t))
		}
		must = append(must, bleve.NewConjunctionQuery(conj...))
	}
	var should query.Query
	if terms := ix.Terms(q.Text); len(terms) > 0 {
		disj := make([]query.Query, 0, len(terms)*len(fieldBoosts))
		for _, t := range terms {
			disj = append(disj, fieldQueries(t)...)
		}
		should = bleve.NewDisjunctionQuery(disj...)
	}
	if len(must) == 0 && should == nil {
		return nil, nil
	}

	bq := bleve.NewBooleanQuery()
	if len(must) > 0 {
		bq.AddMust(must...)
	}
	if should != nil {
		bq.AddShould(should)
		if len(must) == 0 {
			bq.SetMinShould(1)
		}
	}
	var filters []query.Query
	if q.Kind != "" {
		filters = append(filters, keywordQuery("kind", q.Kind))
	}
	if len(q.Refs) > 0 {
		refs := make([]query.Query, 0, len(q.Refs))
		for _, r := range q.Refs {
			refs = append(refs, keywordQuery("ref", r))
		}
		filters = append(filters, bleve.NewDisjunctionQuery(refs...))
	}
	if len(filters) > 0 {
		bq.AddFilter(bleve.NewConjunctionQuery(filters...))
	}

	req := bleve.NewSearchRequestOptions(bq, size, 0, false)
	req.SortBy([]string{"-_score", "_id"})
	idx, err := ix.bleveIndex()
	if err != nil {
		return nil, fmt.Errorf("index: search: %w", err)
	}
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: search: %w", err)
	}
	hits := make([]Hit, 0, len(res.Hits))
	for _, h := range res.Hits {
		kind, ref, target, ok := parseDocID(h.ID)
		if !ok {
			return nil, fmt.Errorf("index: search: unexpected document %q", h.ID)
		}
		hits = append(hits, Hit{Kind: kind, Ref: ref, Target: target, Score: h.Score})
	}
	return hits, nil
}

// fieldQueries looks for one analyzed term in every text field, each with
// its boost.
func fieldQueries(term string) []query.Query {
	qs := make([]query.Query, 0, len(fieldBoosts))
	for _, fb := range fieldBoosts {
		tq := bleve.NewTermQuery(term)
		tq.SetField(fb.field)
		tq.SetBoost(fb.boost)
		qs = append(qs, tq)
	}
	return qs
}

// anyField matches documents with term in any text field.
func anyField(term string) query.Query {
	return bleve.NewDisjunctionQuery(fieldQueries(term)...)
}

func keywordQuery(field, value string) query.Query {
	tq := bleve.NewTermQuery(value)
	tq.SetField(field)
	return tq
}
