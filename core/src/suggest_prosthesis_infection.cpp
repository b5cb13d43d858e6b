// suggest_prosthesis_infection.cpp owns an infection of an artificial joint ("Infection of R
// prosthetic hip joint (MSSA)", "periprosthetic joint infection R TKA"): the complication code
// of that joint's prosthesis (T84.5-, Index "Complication, joint prosthesis, infection"; "Infection,
// due to or resulting from, device, implant or graft, joint prosthesis"), not the presence of the
// artificial joint (Z96.6-, which the complication code says) beside an infection of unspecified
// site; the organism as the cause of the complication (B95-B96: T84.5's "use additional code to
// identify infection"); and a mechanical complication of a joint prosthesis read with the
// joint its item names. I.C.19.g: complications of care. See suggest_coder.h.
#include <algorithm>

#include "suggest_coder.h"

namespace medcode::coding {

void NoteCoder::ApplyProsthesisInfection() {
  // A mechanical complication of a joint prosthesis (T84.0-: "Aseptic loosening of prosthetic
  // joint" T84.03-) beside the presence of the artificial joint its item names ("aseptic
  // loosening R total knee arthroplasty": Z96.651) is the complication of that joint's
  // prosthesis (T84.032A, right knee, not a joint the text does not name), and the presence is
  // not coded beside it: the complication code says it (I.C.19.g).
  for (Candidate& z : cands_) {
    if (z.dropped || Undotted(z.code).substr(0, 4) != "Z966") continue;
    std::string joint = ascii::Lower(Title(z.code));
    if (!joint.starts_with("presence of ") || !joint.ends_with(" joint")) continue;
    joint = joint.substr(12, joint.size() - 12 - 6);
    if (const size_t a = joint.find("artificial "); a != std::string::npos) joint.erase(a, 11);
    if (joint.find("unspecified") != std::string::npos || joint.find("other") != std::string::npos) continue;
    const std::string named = "internal " + joint + " prosthetic joint";
    for (Candidate& t : cands_) {
      const std::string_view tu = Undotted(t.code);
      if (t.dropped || t.item != z.item || tu.substr(0, 4) != "T840" || tu.size() < 6) continue;
      if (ascii::Lower(Title(t.code)).find(named) == std::string::npos) {
        const auto [b, e] = cs_.PrefixRange(tu.substr(0, 5));
        std::optional<uint32_t> same_joint;
        for (uint32_t s = b; s < e && !same_joint; ++s) {
          const uint32_t k = cs_.sorted()[s];
          const std::string_view ku = Undotted(k);
          if (ku.size() == tu.size() && ku.back() == tu.back() && Billable(k) &&
              ascii::Lower(Title(k)).find(named) != std::string::npos)
            same_joint = k;
        }
        if (!same_joint) continue;
        t.rules.push_back({"prosthesis-complication", "I.C.19.g",
                           "the joint the item names (" + Dotted(z.code) + "): " + Dotted(*same_joint) + ", not " +
                               Dotted(t.code)});
        t.code = *same_joint;
        t.alternatives.clear();
      }
      Drop(z, "combined", "the complication of the artificial joint " + Dotted(t.code) + " says its presence (I.C.19.g)");
      break;
    }
  }
  for (Candidate& z : cands_) {
    const std::string_view zu = Undotted(z.code);
    if (z.dropped || zu.substr(0, 4) != "Z966") continue;
    // The item that says the joint is infected: the presence's own ("periprosthetic joint
    // infection R TKA"), or one that names an infected prosthesis ("Infection of R prosthetic
    // hip joint" beside "PMH: s/p R THA").
    // (A present chunk's words: "no signs of infection" says the joint is not infected.)
    auto infected = [&](uint32_t item) {
      for (const note::Chunk& ch : layout_.chunks)
        if (ch.item == item && ch.assertion == Assertion::kPresent &&
            HasAny(ChunkLower(ch), {"infection", "infected", "infxn", "pji"}))
          return true;
      return false;
    };
    std::optional<uint32_t> at;
    if (infected(z.item)) at = z.item;
    for (const note::Chunk& ch : layout_.chunks)
      if (!at && ch.assertion == Assertion::kPresent && infected(ch.item) &&
          HasAny(ItemLower(ch.item), {"prosthetic", "prosthesis", "periprosthetic", "arthroplasty"}))
        at = ch.item;
    if (!at) continue;
    // "Presence of right artificial hip joint": the T84.5- code of the right hip's prosthesis.
    std::string joint = ascii::Lower(Title(z.code));
    if (!joint.starts_with("presence of ") || !joint.ends_with(" joint")) continue;
    joint = joint.substr(12, joint.size() - 12 - 6);
    if (const size_t a = joint.find("artificial "); a != std::string::npos) joint.erase(a, 11);
    if (joint.find("unspecified") != std::string::npos || joint.find("other") != std::string::npos) continue;
    std::optional<uint32_t> t;
    for (char d = '1'; d <= '9' && !t; ++d) {
      auto k = cs_.Find(std::string("T84.5") + d);
      if (k && ascii::Lower(Title(*k)) == "infection and inflammatory reaction due to internal " + joint + " prosthesis")
        t = cs_.Find(std::string("T84.5") + d + "XA");
    }
    if (!t || !Billable(*t)) continue;
    const uint32_t was = z.code;
    z.rules.push_back({"prosthesis-infection", "I.C.19.g",
                       "an infection of the artificial joint: " + Dotted(*t) + ", not its presence " + Dotted(was)});
    z.code = *t;
    z.group = std::min(z.group, 0);
    z.alternatives.clear();
    // The infection of unspecified site of the item is the complication; its organism (A49.-
    // "<organism> infection, unspecified site") is the complication's cause (B95-B96).
    for (Candidate& i : cands_) {
      if (i.dropped || &i == &z || i.item != *at) continue;
      const std::string title = ascii::Lower(Title(i.code));
      if (Undotted(i.code) == "B999") {
        Drop(i, "combined", "the infection is the complication " + Dotted(z.code) + " (I.B.9)");
        continue;
      }
      const size_t site = title.find(" infection, unspecified site");
      if (Undotted(i.code).substr(0, 3) != "A49" || site == std::string::npos) continue;
      const std::string organism = title.substr(0, site);
      SearchOptions so;
      so.limit = 5;
      so.date = options_.date;
      const auto& r = searcher_.Search(organism + " as the cause of diseases classified elsewhere", so);
      if (!r) continue;
      for (const SearchHit& h : r->hits) {
        const std::string_view hu = Undotted(h.code).substr(0, 3);
        if ((hu == "B95" || hu == "B96") && Billable(h.code) && ascii::Lower(Title(h.code)).starts_with(organism)) {
          i.rules.push_back({"prosthesis-infection", "I.C.19.g",
                             "the organism of the complication " + Dotted(z.code) + ": " + Dotted(h.code) + ", not " + Dotted(i.code)});
          i.code = h.code;
          i.alternatives.clear();
          break;
        }
      }
    }
  }
}

}  // namespace medcode::coding
