// In-memory model of one code set, filled by an importer (codesets/) or built at run
// time (a user's CPT descriptor file), and serialized by WriteCodeSet into the MCS
// format (core/include/medcode/format.h). Private to the core and its importer.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "container.h"
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
  // Dated code systems (HCPCS): YYYYMMDD, 0 = not given (format::CodeDates). A code whose
  // terminated date is before the code set's effective_from is written as terminated.
  uint32_t added = 0, effective = 0, terminated = 0;
  struct Attribute {
    uint16_t key;           // index into Model::attribute_defs
    std::string value;      // as in the source file
    uint8_t source = 0;     // index into inputs
  };
  std::vector<Attribute> attributes;
  // Several years in one file (Model::years non-empty): indices into Model::years, the
  // years the code is billable in (bit y), and its titles in older years where they differ.
  uint8_t first_year = 0, last_year = 0, billable_years = 0;
  struct YearTitle {
    uint8_t year;
    std::string title, short_title;
  };
  std::vector<YearTitle> year_titles;
};

// One year of a file that holds several (format::YearRec); dates are YYYYMMDD.
struct YearSpan {
  int year = 0;
  uint32_t from = 0, to = 0;
};

// A kind of code attribute (format::AttrRec): its key, how lookup labels it, and what
// its coded values mean ("C" -> "Carrier judgment").
struct AttributeDef {
  std::string key, label;
  std::map<std::string, std::string> values;
  std::string note;  // where the meanings come from, if not from the inputs
};

// A modifier (format::ModifierRec): two characters, kept beside the codes.
struct Modifier {
  std::string code, title, short_title;
  uint32_t added = 0, effective = 0, terminated = 0;  // YYYYMMDD, 0 = not given
  char action = 0, coverage = 0;
  uint8_t source = 0;
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

// The Alphabetic Index and Tables as trees (format.h IBOK/INOD/IREF), for browsing.
struct IndexRefIn {
  format::IndexRefKind kind;
  std::string text;        // as written ("S52.5-", "Neoplasm, malignant, by site", a cell's code)
  std::string code;        // the FY code it leads to, undotted; empty if none (or a see to a term)
  int book = -1;           // a see/see also target: index into Model::index_books ...
  int node = -1;           //   ... and a node of that book (-1: the book itself)
  uint8_t column = format::kNoColumn;  // a cell's column; a see target's column
  uint8_t flags = 0;       // format::kRefPartial (the writer sets the dash flags)
};

struct IndexNodeIn {
  std::string title;       // as printed, modifiers in place
  uint16_t nemod_begin = 0, nemod_end = 0;  // the nonessential modifiers inside title
  uint8_t level = 0;       // 0 = main term
  std::vector<IndexRefIn> refs;
};

struct IndexBookIn {
  std::string key, name;   // manifest role ("index", "neoplasm", ...), display name
  uint8_t source = 0;      // index into inputs
  bool table = false;
  std::vector<std::string> columns;  // table column heads, the row heading first
  std::vector<std::pair<std::string, uint32_t>> letters;  // heading, index of its first node
  std::vector<IndexNodeIn> nodes;    // document order
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
  std::vector<YearSpan> years;       // oldest first; empty: the file holds one year
  std::vector<LexiconEntry> lexicon;
  // A lexicon reading with a word no document has: refused (the project's own files: a typo
  // would match nothing, silently), or, for a lexicon applied to a file a user loads (whose
  // quarter may lack a drug the lexicon names), left out and counted in the report.
  bool lexicon_skips_unknown = false;
  std::vector<IndexBookIn> index_books;  // Alphabetic Index and Tables, for browsing (may be empty)
  // Flat systems (HCPCS, CPT): no hierarchy, every code at level 0; codes shown as stored.
  bool flat = false;
  int dot_after = 3;                 // ICD-10-CM: "E11.9"; 0 = no dot
  std::string provenance;            // one line for META (e.g. a user-supplied file, its sha256, when loaded)
  std::vector<AttributeDef> attribute_defs;
  std::vector<Modifier> modifiers;
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

// The container's writer (container.h), as the importer and the tests know it.
using container::AssembleFile;
using container::RawSection;

// Serializes: computes hierarchy, 7th-character inheritance and the search index.
Result<std::string> WriteCodeSet(const Model& m, Report& report);

// The same, with the Alphabetic Index and Tables in a file of their own when split_index is
// set (format.h "Index file": fetched when the Index is first opened, CodeSet::AttachIndex).
struct CodeSetFiles {
  std::string codeset;
  std::string index;  // "" unless split_index and the model has Index books
};
Result<CodeSetFiles> WriteCodeSetFiles(const Model& m, Report& report, bool split_index);

}  // namespace medcode::import
