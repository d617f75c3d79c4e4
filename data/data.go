// Package data holds the texts planbot ships: the official text of each plan
// it knows and the synonyms staff use for the plan's terms. They are embedded
// so that a copied planbot binary needs no files beside it.
package data

import _ "embed"

//go:generate go run ./internal/genreadings -o readings.txt

//go:embed guizhou-new-urbanization-2023-2025.txt
var guizhouUrbanization string

//go:embed synonyms.txt
var synonyms string

//go:embed cues.txt
var cues string

//go:embed names.txt
var names string

//go:embed readings.txt
var readings string

// GuizhouUrbanization returns the official text of
// 《贵州省新型城镇化实施方案（2023—2025年）》 (黔发改城镇〔2023〕571号);
// SOURCE.md says where it comes from.
func GuizhouUrbanization() string { return guizhouUrbanization }

// Synonyms returns the default synonyms file: what staff say instead of the
// plan's own words. Its format is documented at its top.
func Synonyms() string { return synonyms }

// Cues returns the default cue words: how a question says what it asks
// for. Its format is documented at its top.
func Cues() string { return cues }

// Names returns how the official format names departments, from which
// planbot derives the everyday names staff use. Its format is documented at
// its top.
func Names() string { return names }

// Readings returns the Mandarin readings of the common characters, by
// syllable, generated from the Unicode Character Database: how planbot
// tells a homophone typed for a place's character. Its format is documented
// at its top.
func Readings() string { return readings }
