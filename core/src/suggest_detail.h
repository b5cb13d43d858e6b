// Details a note documents that choose between codes differing in one axis only (private to
// the core; used by suggest.cpp): the side (I.B.13 laterality), the trimester (I.C.15.a.3)
// and the completed weeks of gestation (category Z3A, I.C.15.a.7). Each reader looks at
// lower-case note text; each chooser returns the code of the same category whose title says
// the same thing with the documented detail, or nothing when the file has none.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "medcode/codeset.h"

namespace medcode::detail {

// 'L', 'R', 'B' (bilateral, "both", "OU") or 0: no side, or left and right both named.
char DocumentedSide(std::string_view lower);

// A chunk naming both sides ("L MCA stroke w/ R hemiparesis"): the side whose scope (from a
// side word to the next one) holds most of the words of the evidence spans; 0 when none does.
char ScopedSide(std::string_view lower, uint32_t begin, uint32_t end,
                const std::vector<std::pair<uint32_t, uint32_t>>& spans);

// The code of the same category and length (and 7th character) whose title is `code`'s with
// the documented side in place of "unspecified" (or of the other side), in force in `year`.
std::optional<uint32_t> SideSibling(const CodeSet& cs, int year, uint32_t code, char side);

// A code that names the dominant or non-dominant side when the text does not say which:
// the sibling the hand the patient favors gives ("R-handed": the right side dominant), else
// the default (I.C.6.a: right dominant, left non-dominant).
// `note_handed`: the hand the record names elsewhere ('L', 'R', or 0), used when `lower` does
// not name one.
std::optional<uint32_t> DominanceSibling(const CodeSet& cs, int year, uint32_t code, std::string_view lower,
                                         char note_handed = 0);

// The hand the patient favors as the text names it ("R-handed", "left hand dominant",
// "lefty"): 'L', 'R', or 0.
char Handedness(std::string_view lower);

// A detail the text says is absent ("w/o LOC", "not in remission") that the code's title says
// is present ("with loss of consciousness", "in remission"): the code of the same category,
// length and 7th character whose title says it is absent ("without loss of consciousness",
// "not having achieved remission") and shares most words with the code's title.
// `absent`: the lower-case words the text negates (as written and as read: "loc", "loss",
// "of", "consciousness").
std::optional<uint32_t> AbsentSibling(const CodeSet& cs, int year, uint32_t code, const std::vector<std::string>& absent);

// Heart failure's type and acuity (category I50; I.A.9: the code says what the text says):
// the type the words document ("systolic", "HFrEF", "reduced ejection fraction": I50.2-;
// "diastolic", "HFpEF", "preserved ejection fraction": I50.3-; both: I50.4-) and the acuity
// ("acute on chronic", "acute and chronic": 3; "acute": 1; "chronic": 2; none: 0). Type 0
// and acuity -1 when not documented.
struct HeartFailure {
  int type = 0;     // 2 systolic, 3 diastolic, 4 combined
  int acuity = -1;  // 0 unspecified, 1 acute, 2 chronic, 3 acute on chronic
};
HeartFailure DocumentedHeartFailure(std::string_view lower);
// The I50 code the documented type and acuity lead to from `code` (an I50 code), or nothing
// when that is `code` itself or the text documents no type (I50.9 stays the default).
std::optional<uint32_t> HeartFailureSibling(const CodeSet& cs, int year, uint32_t code, std::string_view lower);

// Influenza whose virus type is named ("influenza A", "flu B", "H1N1", "H3N2"): the J10 code
// (the Index's "Influenza, due to, identified influenza virus NEC") of the J11 code found
// (unidentified virus), with the same manifestation (J11.00 -> J10.00); nothing otherwise.
std::optional<uint32_t> IdentifiedInfluenzaSibling(const CodeSet& cs, int year, uint32_t code, std::string_view lower);

// A cough's duration written with it ("x 3 days", "for 2 wks", "x 3 mo"): R05.9 becomes
// acute (under 3 weeks, R05.1), subacute (3 to 8 weeks, R05.2) or chronic (over 8 weeks,
// R05.3), the clinical definitions the Tabular's titles name; nothing without a duration.
std::optional<uint32_t> CoughDurationSibling(const CodeSet& cs, int year, uint32_t code, std::string_view lower);

// Loss of consciousness documented beside an intracranial injury whose code leaves it open
// ("... with loss of consciousness of unspecified duration", "... status unknown") or says
// it is absent (a duration documented: "concussion w/ LOC ~5 min"): its
// duration in the Tabular's bands ("LOC ~10 min": "of 30 minutes or less"; "LOC x 2 hrs": "of 1
// hour to 5 hours 59 minutes") or its absence ("no LOC", "denies LOC": "without loss of
// consciousness"), the code of the same category and length whose title says so (I.B.2);
// nothing otherwise (over 24 hours the return to consciousness decides).
std::optional<uint32_t> ConsciousnessSibling(const CodeSet& cs, int year, uint32_t code, std::string_view lower);

// Completed weeks of gestation written in the text ("28w2d", "22 wks", "at 9 weeks",
// "32 0/7 wks"): the first one, with its byte offsets; weeks -1 when none. A duration
// ("x 2 wks", "in 3 weeks") is not a gestational age.
struct Gestation {
  int weeks = -1;
  uint32_t begin = 0, end = 0;
};
Gestation GestationWeeks(std::string_view lower);

// 1, 2 or 3: a trimester named ("3rd trimester") or the weeks' trimester (I.C.15.a.3:
// first < 14 weeks, second 14 to < 28, third 28 and over); 0 when neither is documented.
int DocumentedTrimester(std::string_view lower, int weeks);

// The sibling of an "unspecified trimester" code for the trimester, if the file has it.
std::optional<uint32_t> TrimesterSibling(const CodeSet& cs, int year, uint32_t code, int trimester);

// Z3A.01 (under 8 weeks), Z3A.08-Z3A.42, Z3A.49 (over 42 weeks).
std::optional<uint32_t> WeeksOfGestationCode(const CodeSet& cs, int year, int weeks);

// A newborn's birth weight written in grams ("BW 1620 g", "1600 grams"): the first one, with
// its byte offsets; grams 0 when none.
struct BirthWeight {
  int grams = 0;
  uint32_t begin = 0, end = 0;
};
BirthWeight BirthWeightGrams(std::string_view lower);

// The P07 code of a low birth weight (under 2500 g: P07.0-, P07.1-) and of a preterm newborn's
// completed weeks (under 37: P07.2-, P07.3-), if the file has it (I.C.16.d).
std::optional<uint32_t> LowBirthWeightCode(const CodeSet& cs, int year, int grams);
std::optional<uint32_t> PretermWeeksCode(const CodeSet& cs, int year, int weeks);

}  // namespace medcode::detail
