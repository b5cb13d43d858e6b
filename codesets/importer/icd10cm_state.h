// ISRC, the ICD-10-CM import state kept in the code-set file (format.h kTagImportState):
// what the importer read that the file's other sections do not carry in a form it can use
// again. The Alphabetic Index and Tables as read (every term and code target as written,
// before any target is checked against the code set's years) and the curated lexicon (the
// file holds its stems only). With them and the file, a newer year's order file is
// compiled onto the file exactly as the manifest path compiles all the inputs
// (icd10cm_onto.h). Everything else the merge needs is in the file's own sections.
//
// Encoding: "MCIS" u8 version(1), then varints (LEB128) and strings (varint length +
// bytes); a book: role, heads, letters, nodes (level, title, nemod, code, see, manif,
// cells, printed with the modifier's place, the elements as written).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "icd10cm_steps.h"

namespace medcode::import {

// What the notes JSON or the tabular XML gave for a code absent from every year of the
// file, and the listed categories the file does not have: kept, so that a newer year that
// has the code gets what the manifest path would give it.
struct PendingNote {
  std::string code;      // undotted
  bool notes_json;       // from the notes JSON (else the tabular XML)
  Note note;             // refs: ExtractRefs(text), as read
};
struct PendingSeventh {
  uint32_t before;       // how many kept definitions come before it in the tabular XML
  SeventhDefIn def;
};

struct Icd10cmImportState {
  std::vector<BookRead> books;
  std::vector<LexiconEntry> lexicon;
  std::vector<PendingNote> notes;      // in the order read
  std::vector<PendingSeventh> sevenths;
  std::vector<std::pair<std::string, uint32_t>> categories;  // category -> section index, by category
};

std::string EncodeImportState(const Icd10cmImportState& state);

// Errors name `file` (the code set it came from) and say what is wrong.
Result<Icd10cmImportState> DecodeImportState(std::string_view bytes, const std::string& file);

}  // namespace medcode::import
