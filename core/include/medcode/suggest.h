// Coding from documentation: a note (one line or a whole note) in, the ICD-10-CM codes a
// coder would report out, in reporting order, each with the evidence (character spans
// of the text) and why (the index path or title that matched, lexicon readings, and every
// convention or guideline rule applied). What was not coded is listed with its reason
// (negated, ruled out, uncertain in the outpatient setting, history, a symptom explained
// by a diagnosis, an Excludes1 conflict).
//
//   Suggester s(icd10cm);                       // a loaded ICD-10-CM code set
//   auto r = s.Suggest("A/P: 1. CHF w/ afib\n2. DM2 with CKD stage 3", {});
//   // r->codes: I50.9, I48.91, E11.22, N18.30 (each with spans, why, rules)
//
// Deterministic, plain C++: the same answer natively and in wasm. The text is never copied
// into an error message; answers carry offsets into it, never its words, except the
// trigger words the rules recognised ("denies", "r/o"), which come from a fixed list.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "medcode/codeset.h"
#include "medcode/search.h"

namespace medcode {

inline constexpr size_t kMaxNoteBytes = 100000;

enum class CareSetting : uint8_t { kOutpatient = 0, kInpatient = 1 };
const char* CareSettingName(CareSetting s);  // "outpatient", "inpatient"

struct SuggestOptions {
  CareSetting setting = CareSetting::kOutpatient;
  // Date of service (YYYYMMDD; 0 = none: the newest year): a file of several years codes
  // with the year in force on it (medcode/years.h).
  uint32_t date = 0;
};

struct TextSpan {
  uint32_t begin = 0;  // byte offsets into the text (UTF-8)
  uint32_t end = 0;
};

// A guideline or convention rule applied to a suggestion.
struct RuleApplied {
  std::string id;       // stable: "combination-with", "hypertension-ckd", "use-additional", ...
  std::string section;  // Official Guidelines section: "I.A.15", "I.C.9.a.2", ...
  std::string text;     // what it did, in words (codes, never the note's words)
};

struct Alternative {
  std::string code;     // dotted
  std::string title;
  std::string decides;  // what documentation would choose it: "laterality", "encounter", ...
};

struct CodeSuggestion {
  std::string code;     // dotted
  uint32_t index = 0;   // into the code set
  std::string title;
  bool billable = false;
  int year = 0;         // code-set year
  std::vector<TextSpan> evidence;
  std::string section;  // the note section it came from: "assessment", "hpi", "", ...
  std::vector<std::string> why;       // index path / title matched, lexicon readings
  std::vector<RuleApplied> rules;
  std::vector<Alternative> alternatives;
};

struct NotCoded {
  TextSpan span;          // the words left uncoded
  std::string reason;     // "negated", "ruled-out", "uncertain", "history", "family-history-none",
                          // "symptom-explained", "excludes1", "no-code"
  std::string trigger;    // the rule's trigger word(s) from the fixed list ("denies", "r/o"), or ""
  std::string code;       // the code it would have been, if one was found (dotted), or ""
  std::string explanation;  // with the guideline section
};

struct SuggestResult {
  std::vector<CodeSuggestion> codes;  // reporting order: first-listed first
  std::vector<NotCoded> not_coded;
  CareSetting setting = CareSetting::kOutpatient;
  std::string empty_reason;           // when codes is empty: why ("the text has no words")
  std::string codeset_label;          // "ICD-10-CM FY2026"
};

// The answer as JSON (camelCase, the JS API's shape; spans as [begin, end) byte offsets):
// {setting, codeSet, codes: [{code, title, billable, year, evidence: [[b, e]], section, why: [],
//   rules: [{id, section, text}], alternatives: [{code, title, decides}]}],
//  notCoded: [{span: [b, e], reason, trigger, code, explanation}], emptyReason}
nlohmann::json ToJson(const SuggestResult& r);

namespace coding {
struct IndexCache;  // what the coder read from the Alphabetic Index, kept across calls
class MemoSearcher;  // the searches a call asked (KeepSearches: kept across calls)
}

class Suggester {
 public:
  explicit Suggester(const CodeSet& icd10cm);
  // Shares a Searcher over the same code set (its scratch memory) instead of making one.
  Suggester(const CodeSet& icd10cm, Searcher& searcher);
  // Errors: kInvalidUtf8 (with the byte offset), kInputTooLong (over kMaxNoteBytes).
  Result<SuggestResult> Suggest(std::string_view text, const SuggestOptions& options = {});
  // Keeps up to `max` search answers across Suggest calls (all are forgotten when a call
  // leaves more): the notes of a batch search many of the same phrases ("type 2 diabetes").
  // The answers are the same either way; 0 (the default): each call searches afresh.
  void KeepSearches(size_t max) { keep_searches_ = max; }

 private:
  const CodeSet& cs_;
  std::unique_ptr<Searcher> owned_;
  Searcher* searcher_;
  std::shared_ptr<coding::IndexCache> index_cache_;
  std::shared_ptr<coding::MemoSearcher> memo_;
  size_t keep_searches_ = 0;
};

}  // namespace medcode
