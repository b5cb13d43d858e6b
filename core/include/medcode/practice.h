// Practice for students: coding cases (a scenario and its answer key), the grading of a
// student's answer, the verification of a key against the code sets, and coverage counts.
//
// Case files: JSON {"format": "medcode-practice-cases", "version": 1, "cases": [...]}, described
// by codesets/practice/cases.schema.json; the shipped bank is codesets/practice/cases.json.
// ParseCases reads and checks a file without a code set (types, required fields, ids, dates,
// code shapes); VerifyCase checks a case's key against the code sets (codes exist and are
// billable on the date of service, 7th characters, Excludes1, Alphabetic Index paths).
//
// Grading (Grade), deterministic; an answer is a list of entered codes in reporting order.
//
//   Key items: the ICD-10-CM key codes key[0..n-1] and the HCPCS lines h[0..m-1]; N = n + m.
//   Weights:   key[0] (the first-listed / principal slot) weighs 1.0 when N == 1, else 0.5;
//              every other key item weighs 0.5 / (N - 1).
//   Credit:    each key item earns its weight times the credit of the entered code matched
//              to it (1 correct, a partial fraction below, 0 otherwise).
//   Score:     (sum of earned weights) * min(1, N / E), E = the number of entered codes
//              (every entry counts, headers and invalid ones too); 0 for an empty answer.
//              Rounded to 4 decimals. So over-coding costs: each code beyond N lowers it.
//
//   The first-listed slot takes one code: the first ICD-10-CM code entered. It must be
//   key[0] or one of key[0].accept. The other ICD-10-CM codes are matched to key[1..] as a
//   set, in any order. A key[j] (j >= 1) entered first earns its own weight but not the
//   first-listed slot (verdict partial, "sequencing"); key[0] entered later earns nothing.
//   HCPCS lines are a set: code, modifiers (as a set) and units must all match; a line with
//   the key's code but other modifiers or units is wrong and says what differs.
//
//   Partial credit (always with its reason, against one key code not otherwise matched):
//     0.5   wrong 7th character (same first six characters, a valid 7th character)
//     0.5   missing placeholder X (Validate says missing-placeholder and suggests the key code)
//     0.5   laterality: a sibling differing only by side (right / left / bilateral / unspecified)
//     0.25  right category (first three characters), wrong subcategory or code
//   No credit, named: a header (more characters needed, or a 7th character missing), a
//   distractor of the case (ruled out by the scenario), an invalid code (unknown, deleted,
//   undefined 7th character), a code entered twice, a code in the same section as a key
//   code nothing else matched (wrong, naming that key code), a code beyond the key (extra).
//   Key items not earned are listed as missing, with the "code first" / "use additional
//   code" note of another key code that calls for them, when there is one.
//
// Answer syntax: ICD-10-CM codes dotted or not, any case ("E11.9", "e119"). HCPCS lines are
// CODE[-MOD[-MOD...]][xUNITS] ("J1100x2", "E0114-NU", "E0114-NU-RRx3"), at most 4 modifiers,
// units 1 when not written. An undotted letter-and-four-digits entry without modifiers or
// units ("J1100") is an HCPCS line when the case has HCPCS lines and the ICD-10-CM code set
// does not know it or the HCPCS code set does; otherwise it is an ICD-10-CM code (write
// J11.00 to mean the ICD-10-CM code in an HCPCS case).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "medcode/codeset.h"
#include "medcode/error.h"

namespace medcode::practice {

inline constexpr std::string_view kFormatName = "medcode-practice-cases";
inline constexpr int kFormatVersion = 1;
inline constexpr size_t kMaxCaseFileBytes = 4u << 20;  // 4 MB
inline constexpr size_t kMaxAnswerCodes = 64;          // codes in one answer
inline constexpr size_t kMaxAnswerCodeBytes = 64;      // characters of one entered code

// One ICD-10-CM code of the key.
struct KeyCode {
  std::string code;                 // dotted, billable ("J18.9")
  std::vector<std::string> accept;  // other codes equally correct (dotted)
  std::string index_path;           // "Pneumonia"; "eindex:Fall, from, stairs"; "" if none
  std::string why;
};

// One HCPCS Level II line of the key.
struct HcpcsLine {
  std::string code;                    // "J1100"
  std::vector<std::string> modifiers;  // ["NU"], as written in the file
  int units = 1;                       // 1..9999
  std::string why;
};

struct Case {
  std::string id;              // "resp-003"
  std::string title;
  std::string setting;         // "outpatient" | "inpatient"
  int level = 1;               // 1 one code, 2 several with sequencing, 3 a convention
  std::string date_of_service; // YYYY-MM-DD
  std::string scenario;
  std::vector<KeyCode> key;    // reporting order; key[0] is first-listed / principal
  std::vector<HcpcsLine> hcpcs;
  std::string rationale;
  std::vector<std::string> guidelines;  // "I.C.10.a"
  std::vector<std::string> topics;
  std::vector<std::string> distractors; // dotted ICD-10-CM codes
};

struct CaseBank {
  std::vector<Case> cases;  // in file order
  const Case* Find(std::string_view id) const;  // nullptr if absent
};

// A problem found in a case file (or in a key, by VerifyCase).
struct CaseIssue {
  std::string case_id;  // "" for the file itself (header, JSON syntax)
  std::string field;    // "key[1].code", "dateOfService", "format"
  std::string message;
  std::string Text() const;  // "case resp-003, key[1].code: ..." / "format: ..."
};

// Reads and checks a case file. Never throws or aborts on bad input. On any problem the
// result is an error whose message names every issue (the first 20) with its case id and
// field; `issues`, when given, receives all of them. Errors: kInputTooLong (over 4 MB),
// kInvalidUtf8, kCorrupt (JSON syntax, with line and column, or content), kBadMagic (not
// "medcode-practice-cases"), kUnsupportedVersion.
Result<CaseBank> ParseCases(std::string_view text, std::vector<CaseIssue>* issues = nullptr);

// The code sets grading and verification use; either may be null (HCPCS lines are then
// compared as written; ICD-10-CM codes are then only compared as text).
struct CodeSets {
  const CodeSet* icd = nullptr;
  const CodeSet* hcpcs = nullptr;
};

// Checks a case's key against the code sets: every key and accept code exists, is billable
// and valid (7th character, placeholder X) in the ICD-10-CM set, whose period contains the
// date of service; HCPCS lines' codes are valid on the date and their modifiers exist;
// no Excludes1 note of one key code names another (unless the topics include "excludes1");
// every indexPath is a path of the Alphabetic Index ("eindex:" = the External Cause Index);
// distractors exist and are not on the key. Returns the problems (empty when it verifies).
std::vector<CaseIssue> VerifyCase(const Case& c, const CodeSets& sets);

// The Alphabetic Index node a case's indexPath names ("eindex:" = the External Cause Index).
// As index::FindPath reads a path, and also as printed: with nonessential modifiers
// ("Infection, urinary (tract)"), a NEC or NOS left out ("Gastroenteritis, viral"), or the
// part before the comma of a subterm whose title has one. kNotFound says where the tree ends.
Result<uint32_t> ResolveIndexPath(const CodeSet& icd, std::string_view path);

enum class Verdict { kCorrect, kPartial, kWrong, kExtra, kHeader, kInvalid };
const char* VerdictName(Verdict v);  // "correct", "partial", "wrong", "extra", "header", "invalid"

// One entered code, graded.
struct GradedItem {
  std::string entered;         // as typed
  std::string code;            // normalized: "E11.9"; an HCPCS line as "E0114-NU x1"
  std::string system;          // "ICD-10-CM" | "HCPCS"
  Verdict verdict = Verdict::kWrong;
  double credit = 0;           // the weight this entry earned (score before the over-coding factor)
  std::string title;           // the entered code's title ("" if it has none)
  std::string reason;          // why: the rule that decided, naming the codes
  int slot = -1;               // the key item it was graded against: 0..n-1 ICD key, n.. HCPCS; -1 none
  std::string expected;        // that key item's code ("" if none)
  std::string expected_title;
  std::string index_path;      // the case's indexPath for the expected code
  std::string note;            // the instructional note that decides ("" if none), with where it is written
};

// A key item the answer did not earn in full.
struct MissingItem {
  int slot = 0;
  std::string code;            // dotted ICD-10-CM code, or an HCPCS line "E0114-NU x1"
  std::string title;
  std::string why;             // the case's why
  std::string index_path;
  std::string reason;          // "not entered", plus the partner note that calls for it
};

struct KeyView {               // the key in reporting order, for showing after grading
  std::string code, title, why, index_path, system;
  std::vector<std::string> accept;
};

struct GradeResult {
  std::string case_id;
  double score = 0;            // 0..1 (see above)
  double earned = 0;           // sum of the credits, before the over-coding factor
  double overcoding_factor = 1;  // min(1, N / E)
  int key_items = 0;           // N
  int entered = 0;             // E
  std::vector<GradedItem> items;      // in the order entered
  std::vector<MissingItem> missing;   // in key order
  std::vector<KeyView> key;           // ICD-10-CM codes, then HCPCS lines
  std::string rationale;
  std::vector<std::string> guidelines;
};

// Grades an answer (codes in reporting order, as typed). Errors: kInputTooLong (more than
// kMaxAnswerCodes codes, or one longer than kMaxAnswerCodeBytes), kInvalidUtf8.
Result<GradeResult> Grade(const Case& c, const CodeSets& sets, const std::vector<std::string>& answer);

// An HCPCS line as typed: CODE[-MOD...][xUNITS]. False if the text is not one.
struct HcpcsEntry {
  std::string code;
  std::vector<std::string> modifiers;  // upper case, as typed
  int units = 1;
  bool explicit_parts = false;         // modifiers or units were written
};
bool ParseHcpcsEntry(std::string_view text, HcpcsEntry& out);
std::string HcpcsLineText(std::string_view code, const std::vector<std::string>& modifiers, int units);

// The ICD-10-CM chapter number ("4") of a case's first key code, or "HCPCS" when the case
// has HCPCS lines; "?" when the code set does not know the code.
std::string CaseChapter(const Case& c, const CodeSets& sets);

// Coverage of a bank: cases per chapter, level, setting and guideline section cited.
struct CoverageStats {
  size_t cases = 0;
  std::map<std::string, size_t> by_chapter;   // "4", "19", "HCPCS"
  std::map<int, size_t> by_level;
  std::map<std::string, size_t> by_setting;
  std::map<std::string, size_t> by_guideline; // section as cited -> cases citing it
  std::map<std::string, size_t> by_topic;
};
CoverageStats Coverage(const CaseBank& bank, const CodeSets& sets);
// Orders chapter keys numerically ("2" < "10"), "HCPCS" and "?" last; guideline sections
// part by part ("I.C.2" < "I.C.10").
bool ChapterLess(const std::string& a, const std::string& b);
bool SectionLess(const std::string& a, const std::string& b);

// Hints for a case, in three steps, each giving away more than the one before (the page
// charges for each step in practice mode and offers none in exam mode):
//   1 "main term":     the main term of each key code's index path and the book it is in
//                      (Alphabetic Index, or External Cause Index for "eindex:" paths);
//   2 "index path":    each key code's whole index path;
//   3 "tabular entry": the category of each key code in the Tabular List (code and title),
//                      where the code is verified and completed.
// One line per key item and step, in key order; a key code without an index path gets its
// chapter in step 1 and "no index path" in step 2. HCPCS lines: the section letter, then the
// units and number of modifiers, then the code's description. Never the key code itself.
struct HintStep {
  int step = 1;                    // 1..3
  std::string name;                // "main term" | "index path" | "tabular entry"
  std::vector<std::string> lines;  // one per key item
};
std::vector<HintStep> Hints(const Case& c, const CodeSets& sets);

// JSON shapes shared by the CLI (--json) and the JS API (camelCase).
// A case in a list: id, title, chapter, setting, level, topics.
nlohmann::json SummaryJson(const Case& c, const CodeSets& sets);
// A case to work on: the above plus dateOfService, scenario, guidelines, hcpcsLines (the
// number of HCPCS lines expected); never the key, the rationale or the distractors.
nlohmann::json ExerciseJson(const Case& c, const CodeSets& sets);
// A grade: caseId, score, earned, overcodingFactor, keyItems, entered, items, missing, key,
// rationale, guidelines.
nlohmann::json ToJson(const GradeResult& g);
nlohmann::json ToJson(const CoverageStats& s);
nlohmann::json ToJson(const CaseIssue& i);
// Hints: [{ step, name, lines }].
nlohmann::json ToJson(const std::vector<HintStep>& hints);

}  // namespace medcode::practice
