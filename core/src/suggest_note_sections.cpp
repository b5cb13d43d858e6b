// suggest_note_sections.cpp owns what a note's sections add beside its assessment: the
// story (chief complaint, history of present illness, lines under no heading) of a note with
// an assessment is not coded for its conditions (the assessment concludes it), but a status
// it documents is. See suggest_coder.h.
#include <algorithm>

#include "suggest_coder.h"

namespace medcode::coding {

using note::Assertion;

// A status the story documents ("s/p CABG", "w/ ICD", "on insulin pump", "on HD"): its
// status code (Z93-Z99), reported beside the assessment's conditions (I.C.21.c.3: status
// codes indicate that a patient has a device or the sequela of a procedure and may affect
// care; IV.J). Conditions the story names are left to the assessment.
void NoteCoder::StatusBesideAssessment(const note::Chunk& ch, std::vector<Tok> toks) {
  if (ch.assertion != Assertion::kPresent) return;
  // A line that says a status is not (yet) in place or only planned ("not yet on dialysis;
  // AV fistula maturing") documents none.
  if (HasAny(LineLower(ch), {"not", "no", "never", "planned", "planning", "plan", "candidate", "pending"})) return;
  for (int round = 0; round < 4; ++round) {
    if (std::none_of(toks.begin(), toks.end(), [](const Tok& t) { return t.content && !t.used; })) break;
    std::optional<Candidate> c;
    if (!FindOne(ch, toks, "", true, c)) break;
    const std::string_view u = Undotted(c->code).substr(0, 3);
    if (u < "Z93" || u > "Z99") continue;
    c->group = 2;
    c->rules.push_back({"status", "I.C.21.c.3", "a status the history documents, beside the assessment: status code"});
    cands_.push_back(std::move(*c));
  }
}

}  // namespace medcode::coding
