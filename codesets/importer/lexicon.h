// The curated lexicons (codesets/lexicon/*.tsv): abbreviations and lay words people type,
// read as the words of a code system's titles. One parser for every code system that has one
// (ICD-10-CM: clinical-en.tsv; HCPCS Level II: hcpcs-en.tsv).
#pragma once

#include <string>
#include <vector>

#include "model.h"

namespace medcode::import {

// Parses a lexicon TSV: source <TAB> alternatives separated by | <TAB> kind [<TAB> note].
// Errors name the file and the line.
Result<std::vector<LexiconEntry>> ParseLexicon(const std::string& text, const std::string& name);

}  // namespace medcode::import
