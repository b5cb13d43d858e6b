// suggest_external_cause.cpp owns the external cause of an injury (chapter 20, V00-Y38): a
// line whose injury code is found and whose words state how it happened ("dog bite L
// forearm", "lac R index finger, cut w/ kitchen knife", "restrained driver, car vs car") is
// coded with the cause too, after the injury (I.C.20: an external cause code may be used
// with any code in the range A00.0-T88.9, Z00-Z99 that is a health condition due to an
// external cause; I.C.20.a.1-2: as many as needed to explain each cause, for the length of
// the treatment, with the injury's 7th character). The injury's search reads the words once
// ("dog bite" is S51.852A, its cause's words used up), so the cause is searched again in the
// external-cause part of the classification over every word of the line's findings.
// See suggest_coder.h.
#include <algorithm>

#include "ascii.h"
#include "medcode/lookup.h"
#include "suggest_coder.h"

namespace medcode::coding {
namespace {

// The causes of injury searched (I.C.20): transport accidents and other accidental causes
// (V00-X58); an intentional self-harm (X71-X83) or an assault (X92-Y09) only where the line
// says so, the intent of a cause otherwise being accidental (I.C.20.f). Not the place,
// activity and status codes (Y92, Y93, Y99), nor the complications of care (Y62-Y84).
std::vector<std::string> CausePrefixes(std::string_view line) {
  std::vector<std::string> k = {"V", "W", "X0", "X1", "X2", "X3", "X4", "X50", "X51", "X52", "X53", "X54", "X55",
                                "X56", "X57", "X58"};
  if (HasAny(line, {"assault", "assaulted", "attacked", "altercation", "fight", "punched by", "hit by", "kicked by",
                    "stabbed", "shot by", "gsw", "abuse", "abused"}))
    for (const char* p : {"X9", "Y0"}) k.emplace_back(p);
  if (HasAny(line, {"self-harm", "self harm", "self-inflicted", "self inflicted", "suicide", "suicidal", "intentional",
                    "intentionally"}))
    for (const char* p : {"X7", "X8"}) k.emplace_back(p);
  return k;
}

}  // namespace

bool NoteCoder::InjuryCode(uint32_t code) const {
  const std::string_view u = Undotted(code);
  // S00-T34 (injuries, burns, frostbite) and T66-T78 (effects of other external causes);
  // not poisonings and toxic effects (T36-T65: the Table's code says the intent) nor
  // complications of care (T80-T88).
  return u[0] == 'S' || (u[0] == 'T' && (u.substr(0, 3) <= "T34" || (u.substr(0, 3) >= "T66" && u.substr(0, 3) <= "T78")));
}

void NoteCoder::ApplyExternalCause() {
  std::vector<uint32_t> lines;
  for (const Candidate& c : cands_) {
    if (c.dropped) continue;
    const std::string_view u = Undotted(c.code);
    if (u[0] >= 'V' && u[0] <= 'Y') {
      lines.push_back(c.line);  // the line has its cause already
    }
  }
  std::vector<uint32_t> done = lines;
  const size_t n = cands_.size();
  for (size_t i = 0; i < n; ++i) {
    if (cands_[i].dropped || !InjuryCode(cands_[i].code)) continue;
    const uint32_t line = cands_[i].line;
    if (std::find(done.begin(), done.end(), line) != done.end()) continue;
    done.push_back(line);
    // The line's findings, in order: each chunk that states a present condition (not its
    // plan, nor what is denied, ruled out, uncertain or a relative's); "car vs car" is a
    // collision, not a differential.
    // Then all of them as one ("restrained driver, car vs car on hwy": the driver and the
    // other vehicle in two pieces).
    std::vector<note::Chunk> pieces;
    for (const note::Chunk& ch : layout_.chunks) {
      if (ch.line != line || ch.plan) continue;
      if (ch.assertion != Assertion::kPresent && !(ch.assertion == Assertion::kUncertain && ch.trigger == "vs")) continue;
      if (!pieces.empty() && pieces.back().item != ch.item) continue;
      pieces.push_back(ch);
    }
    if (pieces.size() > 1) {
      note::Chunk all = pieces.front();
      all.end = pieces.back().end;
      all.assertion = Assertion::kPresent;
      pieces.push_back(all);
    }
    for (const note::Chunk& ch : pieces) {
      std::vector<Tok> toks = Tokens(text_, ch.begin, ch.end);
      ReadSlashForms(toks);
      std::optional<Candidate> cause;
      const std::vector<std::string> prefixes = CausePrefixes(LineLower(ch));
      // The cause says nothing the line does not ("fall from roof" is not "Fall from
      // skateboard", "playing soccer" not "Struck by soccer ball").
      within_ = &prefixes;
      said_only_ = true;
      const bool found = FindOne(ch, toks, "", true, cause, "V", "Y09");
      within_ = nullptr;
      said_only_ = false;
      if (!found || !cause) continue;
      // An unspecified cause ("fell": W19, Unspecified fall) says no more than the injury.
      const std::string title = ascii::Lower(Title(cause->code));
      if (title.find("unspecified") != std::string::npos || title.find("other specified") != std::string::npos) continue;
      // The cause's encounter is the injury's (I.C.20.a.2: the 7th character of each
      // encounter at which the injury is treated).
      const std::string_view iu = Undotted(cands_[i].code), cu = Undotted(cause->code);
      if (iu.size() == 7 && cu.size() == 7 && iu[6] != cu[6] && (iu[6] == 'A' || iu[6] == 'D' || iu[6] == 'S')) {
        std::string base = Dotted(cause->code);
        base.pop_back();
        while (!base.empty() && base.back() == 'X') base.pop_back();
        if (auto built = BuildSeventh(cs_, base, iu[6]))
          if (auto k = cs_.Find(*built)) cause->code = *k;
      }
      cause->group = 3;
      cause->rules.push_back({"external-cause", "I.C.20.a",
                              "the injury's cause as documented: " + Dotted(cause->code) + " after " +
                                  Dotted(cands_[i].code)});
      cands_.push_back(std::move(*cause));
      break;
    }
  }
}

}  // namespace medcode::coding
