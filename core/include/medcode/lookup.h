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

// A code attribute (HCPCS coverage code, action code, BETOS, ...): its coded value and
// what the value means, where the code set defines it.
struct AttributeView {
  std::string key;      // "coverage"
  std::string label;    // "Medicare coverage"
  std::string value;    // "D"
  std::string meaning;  // "Special coverage instructions apply" ("" if not defined)
  std::string source;   // the input file it comes from
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
  // Dated systems (HCPCS): ISO dates, "" where the code set gives none.
  std::string added_date;        // added to the code system
  std::string action_date;       // effective date of the latest action on the code
  std::string termination_date;  // last date of service on which it may be reported
  bool terminated = false;       // terminated on the date of service (or before the code set takes effect)
  std::string date_of_service;   // the date the billable flag was decided for ("" = the code set's period)
  std::string status_note;       // e.g. "terminated: last date of service 2016-12-31" ("" if nothing to say)
  std::vector<AttributeView> attributes;
  // A file of several years (ICD-10-CM FY2026 and FY2027): the year in force on the date of
  // service (the newest without one); title, billable, children and status are that year's.
  std::string year;                       // "FY2027" ("" for a file of one year)
  std::string valid_from, valid_to;       // the code's first and last date of service in the file's years
  std::vector<std::string> replaced_by;   // deleted or a header in `year`: the codes in its place
  std::vector<std::string> use_instead;   // not yet valid in `year`: the codes to report then
};

// date_of_service (YYYY-MM-DD, optional): billable then means "may be reported on that
// date" (a dated code set checks its added and termination dates; a file of several years
// answers for the year in force on it, medcode/years.h).
Result<CodeDetail> Lookup(const CodeSet& cs, std::string_view code, std::string_view date_of_service = {});

// A modifier (HCPCS Level II: two characters) with its dates and codes.
struct ModifierView {
  std::string code;              // "KX"
  std::string title, short_title;
  std::string added_date, action_date, termination_date;  // ISO, "" if not given
  bool terminated = false;       // before the code set takes effect (or the date of service)
  std::string action, action_meaning;      // "N", "No maintenance for this code"
  std::string coverage, coverage_meaning;  // "C", "Carrier judgment"
  std::string source;
};

inline constexpr size_t kMaxModifierQueryBytes = 256;

// Every modifier of the code set (empty query), or those whose code is the query or whose
// description has every query word (the last word may be partial). The exact code first.
Result<std::vector<ModifierView>> ListModifiers(const CodeSet& cs, std::string_view query = {},
                                               std::string_view date_of_service = {});

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
  kTerminated,          // a code of a dated code set whose last date of service has passed
  kNotYetEffective,     // a code of a dated code set added after the date of service
};

const char* CodeStatusName(CodeStatus s);  // "valid", "header", "needs-seventh", ...

struct Validation {
  CodeStatus status = CodeStatus::kUnknown;
  std::string input;
  std::string code;                      // normalized dotted form of the input ("" if malformed)
  std::string message;                   // one sentence a coder understands
  std::vector<std::string> suggestions;  // dotted valid codes, most likely first
  std::string year;                      // a file of several years: the year checked ("FY2027")
};

// date_of_service (YYYY-MM-DD, optional) is used by dated code sets (HCPCS): a terminated
// code, or one not yet added on that date, is not valid.
Validation Validate(const CodeSet& cs, std::string_view code, std::string_view date_of_service = {});

// Builds the full code from a base (category/subcategory) and a 7th character,
// padding with placeholder X to six characters: ("T36.0", '1'... ) -> see README.
// Returns the dotted billable code, or an error naming why it is not valid.
Result<std::string> BuildSeventh(const CodeSet& cs, std::string_view base, char seventh);

// The billable code a coder reaches from a header by default (E11 -> E11.9): its children
// whose title is the header's plus "without complications", "uncomplicated" or
// "unspecified", followed down; nullopt when the titles name no default. A billable code
// is its own default.
std::optional<uint32_t> DefaultCode(const CodeSet& cs, uint32_t header);

}  // namespace medcode
