// In-memory model of one code set, filled by an importer (codesets/) or built at run
// time (a user's CPT descriptor file), and serialized by WriteCodeSet into the MCS
// format (core/include/medcode/format.h).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "medcode/error.h"
#include "medcode/format.h"

namespace medcode::import {

struct RefRange {
  std::string first, last;  // undotted
  bool operator==(const RefRange&) const = default;
};

struct Note {
  format::NoteKind kind;
  uint8_t source;           // index into inputs
  std::string text;
  std::vector<RefRange> refs;
};

// A search document: text that leads to a code (see format::DocKind).
struct Doc {
  format::DocKind kind;
  std::string text;      // essential words (and how the doc is shown)
  std::string optional;  // nonessential modifiers: may match, never required
  std::string alternates;  // words of the text that are alternatives ("atrial or auricular": auricular)
  uint8_t flags = 0;     // format::kDocMainTerm
  uint8_t source = 0;    // index into inputs
};

struct Code {
  std::string code;         // undotted upper case
  bool billable = false;
  std::string title;        // long
  std::string short_title;
  uint8_t flags = 0;        // kNewThisYear, kRevisedThisYear (billable/needs-seventh are derived)
  std::vector<Note> notes;
  std::vector<Doc> docs;     // search documents besides the long title (inclusion terms, index paths, ...)
  int own_seventh = -1;     // index into sevenths
  std::string category;     // first three characters
};

struct SeventhDefIn {
  std::string owner;        // undotted code
  uint8_t source;
  std::vector<std::pair<char, std::string>> exts;
};

struct Chapter {
  uint32_t number;
  std::string title, first, last;
  std::vector<Note> notes;
};

struct Section {
  std::string first, last, title;
  uint32_t chapter;         // index into chapters
  std::vector<Note> notes;
};

// One line of the curated clinical lexicon (codesets/lexicon/*.tsv).
struct LexiconEntry {
  std::string source;                     // "htn", "heart attack", "w/o" (raw)
  std::vector<std::string> alternatives;  // "hypertension"; several for an ambiguous abbreviation
  bool raw = false;                       // replaced in the query text before tokenization
};

struct DeletedCode {
  std::string code, title;
  uint8_t source;
};

struct InputFile {
  std::string role, name, path, sha256, kind;
  int year = 0;
};

struct Model {
  std::string system, label, effective_from, effective_to;
  int year = 0;
  std::vector<InputFile> inputs;
  std::vector<Code> codes;         // tabular order
  std::vector<Chapter> chapters;
  std::vector<Section> sections;
  std::map<std::string, uint32_t> category_section;  // category -> section index
  std::vector<SeventhDefIn> sevenths;
  std::vector<DeletedCode> deleted;
  std::vector<LexiconEntry> lexicon;
};

// Counts and messages of an import, printed and written as JSON next to the output.
struct Report {
  std::map<std::string, int64_t> counts;
  std::vector<std::string> skipped;  // "what: why" (kept short: at most a few per reason in the text report)
  std::map<std::string, int64_t> skipped_by_reason;
  void Skip(const std::string& reason, const std::string& what) {
    if (++skipped_by_reason[reason] <= 5) skipped.push_back(reason + ": " + what);
  }
  nlohmann::json ToJson() const;
  std::string ToText() const;
};

// Extracts the code ranges named in a note ("(A05.-)", "(P36.0-P36.1)", "(O03.37, O03.87)").
std::vector<RefRange> ExtractRefs(std::string_view note);

// One section of a file being assembled.
struct RawSection {
  uint32_t tag;
  uint16_t version;
  uint16_t flags;
  std::string data;
};

// Lays out header, section table and 8-byte aligned sections, and seals both CRCs.
// (major/minor are parameters so tests can write files of other versions.)
std::string AssembleFile(const std::vector<RawSection>& sections, uint16_t major = format::kFormatMajor,
                         uint16_t minor = format::kFormatMinor);

// Serializes: computes hierarchy, 7th-character inheritance and the search index.
Result<std::string> WriteCodeSet(const Model& m, Report& report);

}  // namespace medcode::import
