// Code detail (hierarchy, notes with inheritance, 7th characters) and code validation.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "medcode/codeset.h"

namespace medcode {

struct HierarchyItem {
  std::string level;  // "chapter", "section", "category", "subcategory", "code"
  std::string code;   // dotted code, "4" for a chapter, "E08-E13" for a section
  std::string title;
};

struct NoteRef {      // a code range named in a note, dotted ("A05" .. "A05")
  std::string first;
  std::string last;
};

struct NoteView {
  std::string kind;        // "includes", "inclusionTerm", "excludes1", "excludes2", "codeFirst",
                           // "useAdditionalCode", "codeAlso", "notes", "sevenChrNote"
  std::string text;
  std::string from;        // where the note is written: "E11", "Section E08-E13", "Chapter 4"
  std::string from_level;  // "category", "subcategory", "code", "section", "chapter"
  bool inherited = false;  // written at an ancestor and applying here by the tabular rules
  std::string source;      // "icd10cm_instructional_notes.json (FY2026, derived)"
  int source_year = 0;
  std::vector<NoteRef> refs;
};

struct SeventhChar {
  char ch;
  std::string meaning;
};

struct SeventhInfo {
  std::string declared_at;  // dotted code of the sevenChrDef owner
  std::string source;
  int source_year = 0;
  std::vector<SeventhChar> chars;  // in file order
};

struct ChildItem {
  std::string code;
  std::string title;
  bool billable;
};

struct CodeDetail {
  uint32_t index = 0;
  std::string code;         // dotted
  std::string title;
  std::string short_title;
  bool billable = false;
  bool new_this_year = false;
  bool revised_this_year = false;
  std::string deleted_note; // e.g. "billable until FY2025; a header since FY2026 (codes addenda)"
  std::vector<HierarchyItem> hierarchy;  // chapter first, the code itself last
  std::vector<NoteView> notes;           // own first, then nearest ancestor outwards
  std::optional<SeventhInfo> seventh;    // the 7th-character definition in force
  std::vector<ChildItem> children;       // direct children in tabular order
};

Result<CodeDetail> Lookup(const CodeSet& cs, std::string_view code);

const char* NoteKindName(uint8_t kind);

enum class CodeStatus {
  kValid,               // billable code
  kHeader,              // exists but is a header: more characters are needed
  kNeedsSeventh,        // exists (or its base does) and requires a 7th character
  kMissingPlaceholder,  // a 7th character was given without the placeholder X
  kInvalidSeventh,      // the 7th character is not one defined for the code
  kDeleted,             // in the addenda's deletions and not in this year's code set
  kUnknown,             // not a code of this code set
  kMalformed,           // not shaped like an ICD-10-CM code at all
};

const char* CodeStatusName(CodeStatus s);  // "valid", "header", "needs-seventh", ...

struct Validation {
  CodeStatus status = CodeStatus::kUnknown;
  std::string input;
  std::string code;                      // normalized dotted form of the input ("" if malformed)
  std::string message;                   // one sentence a coder understands
  std::vector<std::string> suggestions;  // dotted valid codes, most likely first
};

Validation Validate(const CodeSet& cs, std::string_view code);

// Builds the full code from a base (category/subcategory) and a 7th character,
// padding with placeholder X to six characters: ("T36.0", '1'... ) -> see README.
// Returns the dotted billable code, or an error naming why it is not valid.
Result<std::string> BuildSeventh(const CodeSet& cs, std::string_view base, char seventh);

}  // namespace medcode
