// Reading a clinical note's layout and assertions (private to the core; used by suggest.cpp).
//
// Segment: lines -> section headings ("Assessment/Plan:", "PMH:", "FH:") -> items (list
// entries "1.", sentences, ';', a plan after " - ") -> chunks (comma-separated pieces;
// a piece that starts with a qualifier such as "with", "left", "initial", "stage" stays
// with the piece before it).
// Assert: NegEx/ConText-style triggers over an item: negation ("denies", "no", "negative
// for"), ruled out ("ruled out"), uncertainty ("probable", "r/o", "suspected", "consistent
// with"), history ("h/o", "history of") and family ("family history", "mother"); a
// pre-trigger governs the chunks after it up to a terminator ("but", "however"), a
// post-trigger ("... ruled out", "... unlikely") the chunks before it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace medcode::note {

// The words after a " - " that go on with the condition before it: its adverse reaction (the
// first kDashReactions of them, I.C.19.e.5(a)) or its cause (I.A.15). Such a dash states a
// link, no plan (Read's item split; the coder's linked cause, suggest_sibling.cpp).
inline constexpr std::string_view kDashLinks[] = {"adverse reaction to", "adverse effect of", "due to", "d/t",
                                                  "2/2",                 "secondary to",      "caused by", "induced by"};
inline constexpr size_t kDashReactions = 2;

enum class Section : uint8_t {
  kNone = 0,        // no heading seen yet
  kChiefComplaint,
  kHpi,
  kPmh,
  kPsh,
  kFamily,
  kSocial,
  kRos,
  kMeds,
  kAllergies,
  kExam,
  kResults,         // labs, imaging, vitals
  kAssessment,      // assessment, plan, impression, diagnoses, problem list
  kOther,           // a heading that says nothing codable (disposition, instructions)
};
const char* SectionName(Section s);  // "", "chief-complaint", "hpi", "pmh", ...

enum class Assertion : uint8_t { kPresent = 0, kNegated, kRuledOut, kUncertain, kHistory, kFamily };
const char* AssertionName(Assertion a);

struct Chunk {
  uint32_t begin = 0, end = 0;  // byte offsets into the text, trimmed
  uint32_t item = 0;            // index of its item (chunks of one item share context)
  Section section = Section::kNone;
  Assertion assertion = Assertion::kPresent;
  std::string trigger;          // the trigger phrase (from the fixed lists), "" if none
  uint32_t line = 0;            // line number (0-based)
  bool plan = false;            // after " - " in its item: what is done, not what is found
  bool listed = false;          // its line is a numbered list ("1. ... 2. ..."): items apart
};

struct Layout {
  std::vector<Chunk> chunks;
  bool has_assessment = false;  // an Assessment/Plan/Diagnoses heading was seen
};

// Splits and classifies; never fails (the caller has validated UTF-8 and size).
Layout Read(std::string_view text);


}  // namespace medcode::note
