// Package data holds the texts planbot ships: the official text of each plan
// it knows and the synonyms staff use for the plan's terms. They are embedded
// so that a copied planbot binary needs no files beside it.
package data

import _ "embed"

//go:embed guizhou-new-urbanization-2023-2025.txt
var guizhouUrbanization string

//go:embed synonyms.txt
var synonyms string

// GuizhouUrbanization returns the official text of
// 《贵州省新型城镇化实施方案（2023—2025年）》 (黔发改城镇〔2023〕571号);
// SOURCE.md says where it comes from.
func GuizhouUrbanization() string { return guizhouUrbanization }

// Synonyms returns the default synonyms file: what staff say instead of the
// plan's own words. Its format is documented at its top.
func Synonyms() string { return synonyms }
