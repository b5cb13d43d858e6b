// ISRC, the ICD-10-CM import state (format.h kTagImportState), kept in a file of its own
// beside the code set it belongs to (icd10cm-2027.mcs: icd10cm-2027.import.mcs), not in
// the code set: the page never uses it and would download it on every first visit. It
// holds what the importer read that the code set's sections do not carry in a form it can
// use again. The Alphabetic Index and Tables as read (every term and code target as written,
// before any target is checked against the code set's years) and the curated lexicon (the
// file holds its stems only). With them and the file, a newer year's order file is
// compiled onto the file exactly as the manifest path compiles all the inputs
// (icd10cm_onto.h). Everything else the merge needs is in the file's own sections.
//
// The file: the MCS container (format.h: magic, version, header and payload CRC-32), a
// META section (JSON: "system" "ICD-10-CM import state", "format", "belongs_to": {"file",
// "bytes", "sha256"} of the code set, "provenance") and ISRC, both required. A code-set reader refuses it, saying what it is. The site never lists it.
//
// ISRC's encoding: "MCIS" u8 version(1), then varints (LEB128) and strings (varint length +
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

// Errors name `file` (the file it came from) and say what is wrong.
Result<Icd10cmImportState> DecodeImportState(std::string_view bytes, const std::string& file);

// "icd10cm-2027.mcs" -> "icd10cm-2027.import.mcs" (any folder kept; a name not ending in
// ".mcs" gets ".import.mcs" added).
std::string ImportStateFileName(const std::string& codeset_file);

// The import state file of the code set `codeset` (its bytes as written), named in it as
// `codeset_name`.
std::string WriteImportStateFile(const Icd10cmImportState& state, std::string_view codeset, const std::string& codeset_name);

// The import state in the file `bytes` (named `name` in errors), refused unless it belongs
// to the code set `codeset` (named `codeset_name`): same sha256 as the file it names.
Result<Icd10cmImportState> ReadImportStateFile(std::string_view bytes, const std::string& name, std::string_view codeset,
                                               const std::string& codeset_name);

}  // namespace medcode::import
