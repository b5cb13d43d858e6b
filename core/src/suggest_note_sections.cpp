// suggest_note_sections.cpp owns what a note's sections add beside its assessment: the
// story (chief complaint, history of present illness, lines under no heading) of a note with
// an assessment is not coded for its conditions (the assessment concludes it), but a status
// it documents is. See suggest_coder.h.
#include <algorithm>
#include <functional>
#include <set>
#include <string>

#include "medcode/text.h"
#include "suggest_coder.h"
#include "suggest_detail.h"

namespace medcode::coding {

using note::Assertion;

// A status the story documents ("s/p CABG", "w/ ICD", "on insulin pump", "on HD"): its
// status code (Z93-Z99), reported beside the assessment's conditions (I.C.21.c.3: status
// codes indicate that a patient has a device or the sequela of a procedure and may affect
// care; IV.J). Conditions the story names are left to the assessment.
void NoteCoder::StatusBesideAssessment(const note::Chunk& told, std::vector<Tok> toks) {
  // "Hx: CAD s/p CABG 2018; ... w/ ICD": a past procedure is a present status (the graft, the
  // device are in place); read without the history trigger, as a present chunk.
  note::Chunk ch = told;
  if (ch.assertion == Assertion::kHistory) {
    // "Hx BCC L cheek excised 2021": a past malignancy's history code, read where the
    // assessment treats a neoplasm (StoryHistoryBesideNeoplasm).
    story_history_.push_back(static_cast<uint32_t>(&told - layout_.chunks.data()));
    toks = WithoutTrigger(ch, std::move(toks));
    ch.assertion = Assertion::kPresent;
  }
  if (ch.assertion != Assertion::kPresent) return;
  // A line that says a status is not (yet) in place or only planned ("not yet on dialysis;
  // AV fistula maturing") documents none.
  if (HasAny(LineLower(ch), {"not", "no", "never", "planned", "planning", "plan", "candidate", "pending"})) return;
  // Nor a procedure its sentence schedules, or one done at this stay ("scheduled for elective L
  // TKA", "Elective R THA, uneventful"): no status before the device is in place, and the
  // encounter's own procedure is no status of it (I.C.21.c.3).
  if (HasAny(ItemLower(ch.item), {"scheduled", "elective", "upcoming", "awaiting"})) return;
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

// A drug the story says the patient is on ("CAD ... on daily aspirin 81 mg", "type 2 DM on
// metformin", "taking metformin and glargine"): its long-term (current) drug therapy code
// (Z79), beside the assessment's conditions (I.C.21.c.3: Z79 for a patient who receives a
// drug on a long-term basis), as from a medication list. Not for a drug given briefly (IV,
// drip, burst, "sliding-scale insulin while inpatient" says no "on"), held, stopped or only
// planned.
void NoteCoder::LongTermDrugFromStory(const note::Chunk& ch, const std::vector<Tok>& toks) {
  if (ch.assertion != Assertion::kPresent || ch.plan) return;
  for (size_t i = 0; i + 1 < toks.size(); ++i) {
    const std::string w = ascii::Lower(std::string_view(text_).substr(toks[i].begin, toks[i].end - toks[i].begin));
    if (w != "on" && w != "taking" && w != "takes") continue;
    // "previously on metformin", "was on warfarin": a past drug.
    if (i > 0 && HasAny(ascii::Lower(std::string_view(text_).substr(toks[i - 1].begin, toks[i - 1].end - toks[i - 1].begin)),
                        {"previously", "formerly", "was", "were", "prior", "longer", "once"}))
      continue;
    // The drug is read from the (up to three) words after "on" ("on daily aspirin 81 mg"),
    // and the words from "on" to just after them say no brief course ("on amoxicillin x 10
    // days"), no stop and no plan.
    std::vector<Tok> drug(toks.begin() + static_cast<long>(i) + 1, toks.begin() + static_cast<long>(std::min(i + 4, toks.size())));
    std::optional<Candidate> c;
    if (!FindOne(ch, drug, "Z79", true, c, "Z79", "Z79", 3) || Undotted(c->code) == "Z79899" || c->evidence.empty())
      continue;
    const uint32_t e = std::min<uint32_t>(static_cast<uint32_t>(lower_.size()), c->evidence.back().end + 12);
    if (!LongTermDrugText(std::string_view(lower_).substr(toks[i].begin, e - toks[i].begin))) continue;
    c->group = 2;
    c->rules.push_back({"long-term-drug", "I.C.21.c.3", "a drug the history says the patient is on: long-term (current) drug therapy"});
    cands_.push_back(std::move(*c));
  }
  // The drugs a condition's parentheses name ("DM2 (insulin glargine + metformin)"): its
  // treatment, each drug's code; not a parenthesis that says they were stopped, are past or
  // are none ("(previously on metformin)", "(no medications)").
  for (size_t i = 0; i < toks.size(); ++i) {
    size_t open = toks[i].begin;
    while (open > ch.begin && text_[open - 1] == ' ') --open;
    if (open == ch.begin || text_[open - 1] != '(') continue;
    const size_t close = text_.find(')', toks[i].begin);
    if (close == std::string::npos || close > ch.end) continue;
    const std::string_view inside = std::string_view(lower_).substr(open, close - open);
    if (!LongTermDrugText(inside) || HasAny(inside, {"previously", "prior", "past", "no", "not", "none", "history", "hx"}))
      continue;
    std::vector<Tok> drugs;
    for (size_t k = i; k < toks.size() && toks[k].end <= close; ++k) drugs.push_back(toks[k]);
    for (int round = 0; round < 3; ++round) {
      if (std::none_of(drugs.begin(), drugs.end(), [](const Tok& t) { return t.content && !t.used; })) break;
      std::optional<Candidate> c;
      if (!FindOne(ch, drugs, "Z79", true, c, "Z79", "Z79", 3)) break;
      std::erase_if(drugs, [](const Tok& t) { return t.used; });
      if (Undotted(c->code) == "Z79899") continue;
      c->group = 2;
      c->rules.push_back({"long-term-drug", "I.C.21.c.3", "a drug the history names for a condition: long-term (current) drug therapy"});
      cands_.push_back(std::move(*c));
    }
  }
}

}  // namespace medcode::coding

namespace medcode::coding {

// The title of `detailed` names everything the title of `vague` (an "unspecified" code) says
// of its condition: the words of its first comma-separated part (the condition, "unspecified"
// aside, up to a "without" clause, a default absence) and of its other parts that are not
// themselves unspecified ("right ear", "initial encounter for closed fracture"). Linking words
// aside. Not a history, status or encounter code (Z), an external cause, nor a symptom for a
// disease or a disease for a symptom ("fever" is no kind of "sandfly fever").
bool NoteCoder::SameConditionMoreDetail(uint32_t vague, uint32_t detailed) const {
  const std::string_view du = Undotted(detailed), vu = Undotted(vague);
  if (du[0] == 'Z' || du[0] >= 'V' || ((du[0] == 'R') != (vu[0] == 'R'))) return false;
  const std::string vt = ascii::Lower(Title(vague));
  const std::vector<std::string> have = TitleWords(ascii::Lower(Title(detailed)));
  std::vector<std::string> need;
  size_t start = 0;
  for (int part = 0; start <= vt.size(); ++part) {
    size_t comma = vt.find(", ", start);
    if (comma == std::string::npos) comma = vt.size();
    std::string seg = vt.substr(start, comma - start);
    start = comma + 2;
    if (part > 0 && seg.find("unspecified") != std::string::npos) continue;
    if (const size_t w = seg.find("without "); w != std::string::npos) seg.resize(w);
    for (std::string& w : TitleWords(seg))
      if (w != "unspecified" && w != "of" && w != "the" && w != "and" && w != "in" && w != "with" && w != "to" &&
          w != "for" && w != "a" && w != "or" && w != "nos")
        need.push_back(std::move(w));
  }
  if (need.empty()) return false;
  for (const std::string& w : need)
    if (std::find(have.begin(), have.end(), w) == have.end()) return false;
  return true;
}

// A condition the assessment names without a detail the story documents ("GDM A2" in the
// assessment, "GDM A2 (on insulin)" in the history; "CHF" in the assessment, "chronic
// systolic HF" in the history): the code the story's words give in the same category, in
// place of the assessment's unspecified code. The code reflects the documentation of the
// whole record (I.A.9, I.B.1: code to the highest degree of specificity documented); the
// story is read only for it, not for conditions of its own. The note's own exam and results
// lines are its story too ("MRI: complex tear of medial meniscus, L knee" beside "Acute
// complex medial meniscus tear" S83.239A: S83.232A), a result's reading after " - " with them.
void NoteCoder::DetailFromStory() {
  if (!layout_.has_assessment) return;
  std::vector<size_t> vague;
  for (size_t i = 0; i < cands_.size(); ++i) {
    const Candidate& c = cands_[i];
    if (c.dropped || c.section != note::Section::kAssessment || c.group >= 2) continue;
    if (ascii::Lower(Title(c.code)).find("unspecified") == std::string::npos) continue;
    // A specific code of the category beside it already says more (the specificity rule
    // drops this one).
    bool specific_beside = false;
    for (const Candidate& o : cands_)
      specific_beside = specific_beside || (!o.dropped && o.code != c.code && o.group < 2 &&
                                            Undotted(o.code).substr(0, 3) == Undotted(c.code).substr(0, 3));
    if (!specific_beside) vague.push_back(i);
  }
  if (vague.empty()) return;
  // An assessment that refers to the story for its detail ("Colon cancer as above" beside
  // "Oncologic hx: adenocarcinoma of the sigmoid colon, stage IV") says the condition the
  // story's past-history lines name is current: those lines are read too.
  const bool above = std::any_of(vague.begin(), vague.end(), [&](size_t i) {
    return HasAny(ItemLower(cands_[i].item), {"as above", "per above", "see above", "noted above", "as noted"});
  });
  const std::vector<Candidate> story = StoryCodes([&](const note::Chunk& ch) { return StoryOfAssessment(ch); },
                                                 [](std::string_view) { return true; }, false, true, above);
  // How many parts of a code's title are unspecified; an unspecified part or site leaves the
  // kind within it unspecified too ("Fracture of unspecified part of neck of femur" says less
  // than "Unspecified intracapsular fracture of femur").
  auto unspecified_parts = [&](uint32_t code) {
    const std::string t = ascii::Lower(Title(code));
    size_t n = 0;
    for (size_t at = t.find("unspecified"); at != std::string::npos; at = t.find("unspecified", at + 1))
      n += t.compare(at, 17, "unspecified part ") == 0 || t.compare(at, 17, "unspecified site ") == 0 ? 2 : 1;
    return n;
  };
  for (size_t i : vague) {
    Candidate& a = cands_[i];
    const uint32_t before = a.code;
    const std::string_view au = Undotted(a.code);
    // The side the assessment's code names (I.B.13), for a story's code read where its line
    // gave the side in another piece ("XR R wrist - nondisplaced fx through the waist of the
    // scaphoid": S62.026A, unspecified wrist).
    const char aside = detail::DocumentedSide(ascii::Lower(Title(a.code)));
    for (const Candidate& s : story) {
      uint32_t scode = s.code;
      if (aside != 0 && ascii::Lower(Title(scode)).find("unspecified") != std::string::npos)
        if (auto k = detail::SideSibling(cs_, year_, scode, aside)) scode = *k;
      const std::string_view su = Undotted(scode);
      // A code under the same parent: the detail the assessment's code left unspecified
      // (O24.419 -> O24.414, I50.9 -> I50.22), not another condition of the category (dry
      // vs exudative macular degeneration, neuropathy vs nephropathy).
      if (scode == a.code || !Billable(scode)) continue;
      // An assessment's code whose kind is "<kind> or unspecified" ("Chronic or unspecified
      // gastric ulcer with hemorrhage" K25.4) and a story's code of its category of another
      // kind ("acute ulcer in gastric antrum" K25.3): the story's kind with the assessment's
      // detail ("Acute gastric ulcer with hemorrhage" K25.0).
      if (su.substr(0, 3) == au.substr(0, 3)) {
        const std::string_view at0 = Title(a.code), st0 = Title(scode);
        const size_t orp = at0.find(" or unspecified ");
        const std::string_view kind = st0.substr(0, st0.find(' '));
        if (orp != std::string_view::npos && at0.find(' ') == orp && kind != at0.substr(0, orp) &&
            ascii::Lower(st0).find("unspecified") == std::string::npos)
          if (auto k = Sibling(a.code, at0.substr(0, orp + 16), std::string(kind) + " "); k && Billable(*k)) {
            a.rules.push_back({"detail-from-story", "I.B.1",
                               "the history documents the kind the assessment leaves unspecified: " + Dotted(*k) +
                                   ", not " + Dotted(a.code)});
            a.code = *k;
            for (const TextSpan& sp : s.evidence) a.evidence.push_back(sp);
            break;
          }
      }
      // A story's code that leaves as much unspecified says no more ("Unspecified dementia,
      // mild" says the severity "Unspecified dementia, unspecified severity" leaves open).
      if (unspecified_parts(scode) >= unspecified_parts(a.code)) continue;
      // Or the same condition named with its kind in another category ("dementia" in the
      // assessment, "vascular dementia, severe, w/ agitation" in the history: F03.90 ->
      // F01.C11; "HCV" and "chronic hep C": B19.20 -> B18.2): every word the assessment's
      // code says of the condition is in the story's code's title (SameConditionMoreDetail).
      // Or a code of the same subcategory naming the part an "unspecified part" code leaves
      // open, its side and encounter the same ("Fracture of unspecified part of neck of left
      // femur" S72.002A, "subcapital" S72.012A).
      const std::string at = ascii::Lower(Title(a.code));
      const bool part = (at.find("unspecified part ") != std::string::npos || at.find("unspecified site ") != std::string::npos) &&
                        su.size() == au.size() && su.substr(0, 4) == au.substr(0, 4) && su.back() == au.back() &&
                        (su.size() < 6 || su[5] == au[5]);
      if ((su.size() < au.size() || su.substr(0, au.size() - 1) != au.substr(0, au.size() - 1)) &&
          !SameConditionMoreDetail(a.code, scode) && !part)
        continue;
      a.rules.push_back({"detail-from-story", "I.B.1",
                         "the history documents more than the assessment: " + Dotted(scode) + ", not " + Dotted(a.code)});
      a.code = scode;
      for (const TextSpan& sp : s.evidence) a.evidence.push_back(sp);
      break;
    }
    if (a.code == before && ascii::Lower(Title(a.code)).find("unspecified") != std::string::npos)
      SiblingWordsFromStory(a);
  }
}

// The lines that tell the story an assessment concludes: the complaint, the history, the
// past history, the exam and the results, and an operative note's procedure line ("Procedure:
// RIGHT open carpal tunnel release": the side the surgeon operated on is the diagnosis's).
bool NoteCoder::StoryOfAssessment(const note::Chunk& ch) const {
  if (ch.section == Section::kOther) {
    const std::string_view line = LineLower(ch);
    return line.starts_with("procedure") && line.size() > 9 && (line[9] == ':' || line.substr(9, 2) == "s:");
  }
  return ch.section == Section::kHpi || ch.section == Section::kNone || ch.section == Section::kChiefComplaint ||
         ch.section == Section::kPmh || ch.section == Section::kExam || ch.section == Section::kResults;
}

// An assessment's unspecified code whose story gives no code of its own with the detail, but
// documents in the words of one sibling's title what that sibling says beside it: the sibling
// (I.B.1, I.A.9: the detail the whole record documents). "Dx: infected cesarean wound" O86.00
// with "HPI: ... purulent drainage; fascia intact - superficial incisional": O86.01 "...,
// superficial incisional site". Every word of the sibling's own (its title's words the
// unspecified code's title lacks, "site" aside) on one present line of the story, no word of it
// negated, and no other sibling's; a one-word detail only on a line that names the condition
// in the assessment's words (all of them but one). A side ("Procedure: RIGHT open carpal
// tunnel release" beside "Pre-op dx: carpal tunnel syndrome") likewise on a line that names the
// condition, every such line the same side (I.B.13).
void NoteCoder::SiblingWordsFromStory(Candidate& a) {
  const auto& rec = cs_.rec(a.code);
  if (rec.parent == format::kNone) return;
  // The stems of the condition's words in the assessment.
  std::set<std::string> named;
  for (const TextSpan& sp : a.evidence)
    for (const Tok& t : Tokens(text_, sp.begin, sp.end))
      if (t.content && !t.folded.empty() && !t.number && detail::DocumentedSide(t.folded[0]) == 0)
        named.insert(text::Stem(t.folded[0]));
  if (named.empty()) return;
  struct Line {
    const note::Chunk* ch;
    std::set<std::string> said;  // stems of its words not negated
  };
  std::vector<Line> lines;
  for (const note::Chunk& ch : layout_.chunks) {
    if (ch.assertion != Assertion::kPresent || !StoryOfAssessment(ch)) continue;
    Line l{&ch, {}};
    for (const Tok& t : Tokens(text_, ch.begin, ch.end))
      if (!t.folded.empty() && !t.absent) l.said.insert(text::Stem(t.folded[0]));
    lines.push_back(std::move(l));
  }
  auto names_condition = [&](const Line& l) {
    size_t missing = 0;
    for (const std::string& st : named) missing += l.said.count(st) == 0;
    return missing == 0 || (missing == 1 && named.size() > 1);
  };
  // The side.
  char side = 0;
  bool two = false;
  for (const Line& l : lines) {
    if (!names_condition(l)) continue;
    const char s = detail::DocumentedSide(ChunkLower(*l.ch));
    if (s == 0) continue;
    two = two || (side != 0 && s != side);
    side = s;
  }
  if (side != 0 && !two)
    if (auto k = detail::SideSibling(cs_, year_, a.code, side)) {
      for (const Line& l : lines)
        if (names_condition(l) && detail::DocumentedSide(ChunkLower(*l.ch)) == side) a.evidence.push_back({l.ch->begin, l.ch->end});
      a.rules.push_back({"side-from-story", "I.B.13", "another line of the note documents the side: " + Dotted(*k) + ", not " + Dotted(a.code)});
      a.code = *k;
      return;
    }
  // A sibling's own words.
  const std::vector<std::string> mine = TitleWords(ascii::Lower(Title(a.code)));
  std::optional<uint32_t> found;
  const note::Chunk* at = nullptr;
  for (uint32_t k = rec.parent + 1; k < cs_.rec(rec.parent).subtree_end; ++k) {
    if (k == a.code || !Billable(k) || Undotted(k).size() != Undotted(a.code).size()) continue;
    std::vector<std::string> own;
    bool other = false;
    for (const std::string& w : TitleWords(ascii::Lower(Title(k)))) {
      if (std::find(mine.begin(), mine.end(), w) != mine.end()) continue;
      if (w == "other" || w == "unspecified" || w == "specified" || w == "nos") other = true;
      if (w == "of" || w == "the" || w == "and" || w == "in" || w == "with" || w == "to" || w == "for" || w == "a" ||
          w == "or" || w == "site" || w == "sites")
        continue;
      own.push_back(text::Stem(w));
    }
    if (other || own.empty()) continue;
    for (const Line& l : lines) {
      if (!std::all_of(own.begin(), own.end(), [&](const std::string& st) { return l.said.count(st) > 0; })) continue;
      if (own.size() < 2 && !names_condition(l)) continue;
      if (found && *found != k) return;  // two siblings' words: the story does not decide
      found = k;
      at = l.ch;
    }
  }
  if (!found) return;
  a.rules.push_back({"detail-from-story", "I.B.1",
                     "another line of the note documents the detail in the title's words: " + Dotted(*found) + ", not " +
                         Dotted(a.code)});
  a.code = *found;
  a.evidence.push_back({at->begin, at->end});
}

// A seizure disorder or migraine the assessment codes "not intractable" by default, whose story
// says on a line about the seizures or headaches that they are intractable in the words of the
// Tabular's inclusion terms under G40 and G43 ("Has failed levetiracetam, lamotrigine and
// lacosamide - pharmacoresistant"; "chronic migraine, refractory"): the intractable code
// (I.A.9, I.B.1). Not where the assessment's own item says it is not.
void NoteCoder::IntractableFromStory() {
  if (!layout_.has_assessment) return;
  for (Candidate& c : cands_) {
    if (c.dropped || c.section != Section::kAssessment || c.group >= 2 ||
        ascii::Lower(Title(c.code)).find("not intractable") == std::string::npos)
      continue;
    if (HasAny(ItemLower(c.item), {"not intractable", "non-intractable", "nonintractable", "well controlled", "controlled"}))
      continue;
    for (const note::Chunk& ch : layout_.chunks) {
      if (ch.assertion != Assertion::kPresent || ch.section == Section::kAssessment || !StoryOfAssessment(ch)) continue;
      if (!HasAny(ChunkLower(ch), {"intractable", "refractory", "pharmacoresistant", "pharmacologically resistant",
                                   "treatment resistant", "treatment-resistant", "drug-resistant", "drug resistant"}))
        continue;
      if (!HasAny(LineLower(ch), {"seizure", "seizures", "sz", "epilepsy", "epileptic", "migraine", "migraines", "headache",
                                  "headaches", "ha"}))
        continue;
      if (auto k = Sibling(c.code, "not intractable", "intractable")) {
        c.rules.push_back({"intractable", "I.A.9", "the story says it is intractable: " + Dotted(*k) + ", not " + Dotted(c.code)});
        c.code = *k;
        c.evidence.push_back({ch.begin, ch.end});
      }
      break;
    }
  }
}

}  // namespace medcode::coding

namespace medcode::coding {

// A leukemia or myeloma coded "not having achieved remission" (C90-C95, fifth character 0)
// whose note says, as present, that it relapsed, on its own line or on a line that names it in
// the same words ("A/P: AML - salvage" beside "HPI: w/ AML. CR1 2025. Marrow: 22% blasts -
// relapse"): the relapse code of its subcategory (I.C.2.n: the codes say whether the leukemia
// has achieved remission; I.A.9). Not where the relapse is a risk or watched for.
void NoteCoder::ApplyLeukemiaRelapse() {
  for (Candidate& c : cands_) {
    const std::string_view u = Undotted(c.code);
    if (c.dropped || u[0] != 'C' || u.size() != 5 || u.back() != '0' || c.evidence.empty() ||
        Title(c.code).find("not having achieved remission") == std::string_view::npos)
      continue;
    const auto k = cs_.Find(std::string(Dotted(c.code)).substr(0, 5) + "2");
    if (!k || !Billable(*k) || Title(*k).find("in relapse") == std::string_view::npos) continue;
    const std::string name = lower_.substr(c.evidence.front().begin, c.evidence.front().end - c.evidence.front().begin);
    const uint32_t before = c.code;
    for (const note::Chunk& o : layout_.chunks) {
      if (o.assertion != Assertion::kPresent) continue;
      const std::string_view ol = ChunkLower(o);
      if (!HasAny(ol, {"relapse", "relapsed"}) ||
          HasAny(ol, {"risk", "prevent", "prevention", "monitor", "monitoring", "surveillance", "watch", "for", "if", "until"}))
        continue;
      if (o.line != c.line && !HasAny(LineLower(o), {std::string_view(name)})) continue;
      c.rules.push_back({"leukemia-relapse", "I.C.2.n", "relapse documented: " + Dotted(*k) + ", not " + Dotted(c.code)});
      c.code = *k;
      c.evidence.push_back({o.begin, o.end});
      break;
    }
    if (c.code != before) continue;
    // Likewise a remission the note documents as present on another line ("Dx: CLL (B-cell),
    // treated 2021-22" beside "Today: exam and labs c/w complete remission"): the "in
    // remission" code (fifth character 1). On a line that names the leukemia, or that names
    // no other neoplasm; not a remission aimed at, induced or only partial.
    const auto r = cs_.Find(std::string(Dotted(c.code)).substr(0, 5) + "1");
    if (!r || !Billable(*r) || Title(*r).find("in remission") == std::string_view::npos) continue;
    for (const note::Chunk& o : layout_.chunks) {
      if (o.assertion != Assertion::kPresent || o.line == c.line) continue;
      const std::string_view ol = ChunkLower(o);
      if (!HasAny(ol, {"complete remission", "in remission", "c/w remission", "remains in remission"}) ||
          HasAny(ol, {"not", "no", "partial", "induction", "goal", "achieve", "aim", "if", "until", "prior", "previous"}))
        continue;
      if (!HasAny(LineLower(o), {std::string_view(name)}) &&
          HasAny(LineLower(o), {"ca", "cancer", "carcinoma", "lymphoma", "myeloma", "tumor", "malignancy", "melanoma",
                                "neoplasm", "sarcoma", "leukemia"}))
        continue;
      c.rules.push_back({"leukemia-remission", "I.C.2.n", "remission documented: " + Dotted(*r) + ", not " + Dotted(c.code)});
      c.code = *r;
      c.evidence.push_back({o.begin, o.end});
      break;
    }
  }
}

// Gestational diabetes is coded by its control (I.C.15.g): the O24.4- code says insulin
// (O24.4x4) or oral hypoglycemic drugs (O24.4x5), and Z79.4, Z79.84 and Z79.85 are not
// assigned with it, whatever else the note says (a prior cesarean, a delivery planned). A
// drug the note names makes the control of an O24.4- code that left it unspecified or said
// diet only ("treated with both diet and insulin, only the code for insulin-controlled");
// insulin wins over an oral drug.
void NoteCoder::ApplyGestationalControl() {
  // Each O24.4- code the note's lines give ("A2 GDM" in the complaint, "GDM, failed diet" in
  // the history): one control for all ("treated with both diet and insulin, only the code for
  // insulin-controlled is required").
  std::vector<Candidate*> gdms;
  for (Candidate& c : cands_)
    if (!c.dropped && Undotted(c.code).substr(0, 4) == "O244") gdms.push_back(&c);
  if (gdms.empty()) return;
  const Candidate* insulin = nullptr;
  const Candidate* oral = nullptr;
  for (const Candidate& z : cands_) {
    if (z.dropped) continue;
    const std::string_view u = Undotted(z.code);
    if (u == "Z794" && !insulin) insulin = &z;
    if (u == "Z7984" && !oral) oral = &z;
  }
  const Candidate* drug = insulin ? insulin : oral;
  // One line's code that says insulin ("A2GDM, on insulin"; O24.4x4) is the control of another
  // line's diet-controlled or unspecified one, with no drug code in the note.
  const Candidate* insulin_gdm = nullptr;
  for (const Candidate* g : gdms)
    if (!insulin_gdm && Undotted(g->code).size() == 6 && Undotted(g->code)[5] == '4') insulin_gdm = g;
  for (Candidate* gdm : gdms) {
    if (!drug && insulin_gdm && gdm != insulin_gdm && (Undotted(gdm->code)[5] == '0' || Undotted(gdm->code)[5] == '9')) {
      gdm->rules.push_back({"gestational-diabetes", "I.C.15.g",
                            "the note says insulin for it: " + Dotted(insulin_gdm->code) + ", not " + Dotted(gdm->code)});
      gdm->code = insulin_gdm->code;
      continue;
    }
    const std::string u(Undotted(gdm->code));
    // "A2 GDM" (medication-controlled) is read as insulin first; an oral drug named, and no
    // insulin in the note or in the diabetes' own words, makes it the oral drug's control.
    bool says_insulin = false;
    for (const TextSpan& sp : gdm->evidence)
      says_insulin = says_insulin || lower_.substr(sp.begin, sp.end - sp.begin).find("insulin") != std::string::npos;
    const bool unsaid = u.size() == 6 && (u[5] == '9' || u[5] == '0' || (u[5] == '4' && !insulin && !says_insulin));
    if (drug && unsaid) {
      const std::string want = u.substr(0, 3) + "." + u.substr(3, 2) + (insulin ? "4" : "5");
      if (auto k = cs_.Find(want)) {
        gdm->rules.push_back({"gestational-diabetes", "I.C.15.g",
                              std::string("the note names its treatment (") + (insulin ? "insulin" : "an oral hypoglycemic drug") +
                                  "): " + Dotted(gdm->code) + " becomes " + want});
        gdm->code = *k;
        for (const TextSpan& sp : drug->evidence) gdm->evidence.push_back(sp);
      }
    }
  }
  for (Candidate& z : cands_) {
    const std::string_view zu = Undotted(z.code);
    if (!z.dropped && (zu == "Z794" || zu == "Z7984" || zu == "Z7985"))
      Drop(z, "gestational-diabetes", "gestational diabetes is coded by its control (O24.4-): no " + Dotted(z.code) + " (I.C.15.g)");
  }
}

}  // namespace medcode::coding

namespace medcode::coding {

// A general or routine examination at which the note documents a condition it addresses
// (a new diagnosis, a chronic condition managed): the examination "with abnormal findings",
// the findings coded beside it (I.C.21.c.13); so too where the note says in words that the
// examination found something abnormal ("WCC - abnormal finding: pediatric obesity"); not
// where the note says the findings were normal.
void NoteCoder::ApplyExamFindings() {
  // "Otherwise normal exam" says the examination found something besides.
  std::string said(lower_);
  for (size_t at = said.find("otherwise normal"); at != std::string::npos; at = said.find("otherwise normal", at))
    said.replace(at, 16, 16, ' ');
  if (HasAny(said, {"no abnormal findings", "without abnormal findings", "normal exam", "exam normal",
                    "no abnormal finding", "w/o abnormal findings"}))
    return;
  // The note says the examination found something abnormal ("WCC - abnormal finding: ..."),
  // in the words of the code's title.
  bool finding = HasAny(lower_, {"abnormal finding", "abnormal findings", "with abnormal"});
  for (const Candidate& c : cands_) {
    const char l = Undotted(c.code)[0];
    finding = finding || (!c.dropped && c.group < 2 && l != 'Z' && l >= 'A' && l <= 'T');
  }
  if (!finding) return;
  for (Candidate& c : cands_) {
    if (c.dropped || Undotted(c.code).substr(0, 3) != "Z00") continue;
    auto k = Sibling(c.code, "without abnormal findings", "with abnormal findings");
    if (!k || !Billable(*k)) continue;
    c.rules.push_back({"exam-with-findings", "I.C.21.c.13",
                       "the examination found a condition the note codes: " + Dotted(*k) + ", not " + Dotted(c.code)});
    c.code = *k;
  }
}

}  // namespace medcode::coding

namespace medcode::coding {

std::string NoteCoder::ChapterOf(uint32_t code) {
  const CodeDetail* d = Detail(code);
  if (!d) return "";
  for (const HierarchyItem& hi : d->hierarchy)
    if (hi.level == "chapter") return hi.title;
  return "";
}

// A family history the note lists (FH section, past history) beside an assessment: reported
// only where it has an impact on current care (IV.J, III.A: "history codes (categories
// Z80-Z87) may be used as secondary codes if the historical condition or family history has
// an impact on current care or influences treatment"). The assessment shows that impact when
// it names the family history itself (coded from the assessment's own line) or treats a
// condition of the family member's condition's chapter (a mother's depression beside the
// patient's depression, a father's lung cancer beside the patient's lung cancer); a family
// member's asthma at an ear-infection visit has none.
// The chunk of a candidate's first evidence; assessed says whether any of its evidence (the
// same code merged from several chunks) lies in the assessment.
const note::Chunk* NoteCoder::EvidenceChunk(const Candidate& c, bool& assessed) const {
  const note::Chunk* at = nullptr;
  for (const note::Chunk& ch : layout_.chunks)
    for (const TextSpan& sp : c.evidence)
      if (ch.begin <= sp.begin && sp.begin < ch.end) {
        assessed = assessed || ch.section == Section::kAssessment;
        if (!at) at = &ch;
      }
  return at;
}

void NoteCoder::ApplyFamilyRelevance() {
  if (!layout_.has_assessment) return;
  std::set<std::string> treated;  // the chapters of the assessment's conditions
  for (const Candidate& c : cands_)
    if (!c.dropped && c.section == Section::kAssessment && c.group < 2 && Undotted(c.code)[0] != 'Z')
      treated.insert(ChapterOf(c.code));
  for (Candidate& f : cands_) {
    const std::string_view u = Undotted(f.code).substr(0, 3);
    if (f.dropped || f.section == Section::kAssessment || u < "Z80" || u > "Z84" || f.evidence.empty()) continue;
    // Its chunk; the assessment naming it too (the same code merged into this one) keeps it.
    bool assessed = false;
    const note::Chunk* at = EvidenceChunk(f, assessed);
    if (assessed || !at) continue;
    std::vector<Tok> toks = Tokens(text_, at->begin, at->end);
    ReadSlashForms(toks);
    std::optional<Candidate> cond = FamilyCondition(*at, toks);
    if (cond && treated.count(ChapterOf(cond->code))) continue;
    Drop(f, "family-history-no-impact",
         "a family history the assessment neither names nor bears on: not reported (IV.J, III.A)");
  }
}

// Sepsis with an acute organ dysfunction the record links to it ("Sepsis d/t pneumonia w/
// acute metabolic encephalopathy", "AKI 2/2 sepsis"): severe sepsis, R65.20 (R65.21 with
// septic shock), beside the organ dysfunction (I.C.1.d.1.a: severe sepsis is sepsis with
// associated acute organ dysfunction; I.A.15 "with"; the organ dysfunctions are those R65.2's
// "use additional code" names). ApplySepsis then puts the systemic infection first.
void NoteCoder::ApplySevereSepsis() {
  auto r6520 = cs_.Find("R65.20");
  if (!r6520) return;
  for (const Candidate& c : cands_)
    if (!c.dropped && Undotted(c.code).substr(0, 4) == "R652") return;
  const CodeDetail* detail = Detail(*r6520);
  if (!detail) return;
  auto sepsis_words = [](std::string_view lower) { return HasAny(lower, {"sepsis", "septic", "urosepsis"}); };
  for (const Candidate& d : cands_) {
    if (d.dropped || d.group >= 2) continue;
    bool dysfunction = false;
    for (const NoteView& nv : detail->notes)
      if (nv.kind == "useAdditionalCode")
        for (const NoteRef& ref : nv.refs) dysfunction = dysfunction || InRange(Undotted(d.code), ref);
    if (!dysfunction) continue;
    // The chunk of its item that names the sepsis (present, not denied).
    const note::Chunk* at = nullptr;
    for (const note::Chunk& ch : layout_.chunks)
      if (!at && ch.item == d.item && ch.assertion == Assertion::kPresent && sepsis_words(ChunkLower(ch))) at = &ch;
    if (!at) continue;
    bool shock = false;
    for (const note::Chunk& ch : layout_.chunks)
      shock = shock || (ch.assertion == Assertion::kPresent && HasAny(ChunkLower(ch), {"septic shock"}));
    // After the systemic infection (I.C.1.d.4): at its place, appended after it.
    uint32_t position = at->begin;
    for (const Candidate& c : cands_) {
      const std::string_view cu = Undotted(c.code).substr(0, 3);
      if (!c.dropped && (cu == "A40" || cu == "A41") && c.item == d.item) position = std::max(position, c.position);
    }
    std::optional<Candidate> severe =
        MadeByRule(shock ? "R65.21" : "R65.20", at, 0, position, "sepsis with an acute organ dysfunction the record links to it",
                   {"severe-sepsis", "I.C.1.d.1.a",
                    "sepsis with associated acute organ dysfunction (" + Dotted(d.code) + "): severe sepsis"});
    if (severe) cands_.push_back(std::move(*severe));
    return;
  }
}

// A pathological fracture of an item or line that also codes a neoplasm ("pathologic fx L
// femoral shaft d/t bone mets from L breast ca"; "Pathologic fx L femur through metastatic
// lesion - prostate ca w/ bone mets"): the Index's Fracture, pathological, due to,
// neoplastic disease M84.5-, "Pathological fracture in neoplastic disease", not the fracture
// NEC M84.4- (the site, the side and the encounter the same).
void NoteCoder::ApplyNeoplasticFracture() {
  for (Candidate& c : cands_) {
    if (c.dropped || !Undotted(c.code).starts_with("M844")) continue;
    const bool neoplasm = std::any_of(cands_.begin(), cands_.end(), [&](const Candidate& d) {
      const std::string_view u = Undotted(d.code);
      return !d.dropped && (d.item == c.item || d.line == c.line) && d.group < 2 &&
             (u[0] == 'C' || (u[0] == 'D' && u.substr(0, 3) <= "D49"));
    });
    if (!neoplasm) continue;
    if (auto k = Sibling(c.code, "Pathological fracture,", "Pathological fracture in neoplastic disease,")) {
      c.rules.push_back({"neoplastic-fracture", "I.A.15",
                         "a pathological fracture beside the neoplasm of its item: in neoplastic disease, " + Dotted(*k) +
                             ", not " + Dotted(c.code)});
      c.code = *k;
    }
  }
}

// A fracture of a patient with osteoporosis that the record calls a fragility, osteoporotic or
// pathological fracture, or links to the osteoporosis in its item ("R femoral neck fx from a
// fall from standing in pt w/ known osteoporosis - fragility fx"): M80 (osteoporosis with
// current pathological fracture), not the traumatic fracture code and the osteoporosis beside
// it (I.C.13.d.1: "a code from category M80, not a traumatic fracture code, should be used
// for any patient with known osteoporosis who suffers a fracture, even if the patient had a
// minor fall or trauma"; M81 Excludes1 M80). The site is M80's for the bone the fracture's
// title names, the side and the encounter (7th character) the fracture's.
void NoteCoder::ApplyFragilityFracture() {
  // M80's sites by the bone words of the chapter 19 titles.
  static constexpr std::pair<std::string_view, char> kSites[] = {
      {"clavicle", '1'}, {"scapula", '1'},  {"humerus", '2'},  {"radius", '3'},     {"ulna", '3'},
      {"carpal", '4'},   {"metacarpal", '4'}, {"finger", '4'},  {"thumb", '4'},     {"femur", '5'},
      {"tibia", '6'},    {"fibula", '6'},   {"patella", '6'},   {"malleolus", '7'}, {"calcaneus", '7'},
      {"talus", '7'},    {"metatarsal", '7'}, {"toe", '7'},     {"vertebra", '8'}};
  Candidate* osteoporosis = nullptr;
  for (Candidate& c : cands_)
    if (!c.dropped && Undotted(c.code).substr(0, 3) == "M81" && !osteoporosis) osteoporosis = &c;
  // The record names another kind than age-related (M81.8, M80.8-: drug-induced, disuse, ...).
  auto other_kind = [&](const Candidate& f) {
    return (osteoporosis && Undotted(osteoporosis->code).substr(0, 4) == "M818") ||
           HasAny(ItemLower(f.item), {"other", "drug", "induced", "steroid", "steroids", "glucocorticoid", "disuse",
                                      "postoophorectomy", "postsurgical", "idiopathic", "localized", "secondary"});
  };
  for (Candidate& f : cands_) {
    const std::string_view u = Undotted(f.code);
    // "Other osteoporosis with current pathological fracture" (M80.8-) where the record names
    // no other kind (drug-induced, disuse, ...): osteoporosis NOS is age-related (the Index:
    // Osteoporosis M81.0, with current pathological fracture M80.0-).
    if (!f.dropped && u.substr(0, 4) == "M808" && !other_kind(f)) {
      const auto k = cs_.Find("M800" + std::string(u.substr(4)));
      if (k && Billable(*k)) {
        f.rules.push_back({"osteoporosis-age-related", "I.C.13.d.1",
                           "osteoporosis of no other kind is age-related: " + Dotted(*k) + ", not " + Dotted(f.code)});
        f.code = *k;
      }
      continue;
    }
    if (f.dropped || u[0] != 'S' || u.size() != 7) continue;
    const std::string title = ascii::Lower(Title(f.code));
    if (title.find("fracture") == std::string::npos) continue;
    const std::string item = ItemLower(f.item);
    const bool linked = HasAny(item, {"fragility", "osteoporotic", "osteoporosis", "pathologic", "pathological",
                                      "insufficiency"});
    if (!linked || (!osteoporosis && !HasAny(item, {"osteoporotic", "osteoporosis"})) ||
        HasAny(item, {"mvc", "mva", "motor vehicle", "high energy", "high-energy", "gunshot"}))
      continue;
    char site = 0;
    for (const std::string& w : TitleWords(title))
      for (const auto& [bone, digit] : kSites)
        if (!site && (w == bone || w == std::string(bone) + "s" || (bone == "vertebra" && w == "vertebrae"))) site = digit;
    if (!site) continue;
    const char seventh = u[6] == 'S' ? 'S' : u[6] <= 'C' ? 'A' : u[6] <= 'F' ? 'D' : u[6] <= 'J' ? 'G' : u[6] <= 'N' ? 'K' : 'P';
    const char kind = other_kind(f) ? '8' : '0';
    const char side = detail::DocumentedSide(title);
    std::string code = std::string("M80") + kind + site;
    code += site == '8' ? 'X' : side == 'L' ? '2' : side == 'R' ? '1' : '9';
    code += seventh;
    const auto k = cs_.Find(code);
    if (!k || !Billable(*k)) continue;
    f.rules.push_back({"osteoporotic-fracture", "I.C.13.d.1",
                       "a fracture of known osteoporosis the record calls fragility or pathological: " + Dotted(*k) +
                           ", not the traumatic " + Dotted(f.code)});
    f.code = *k;
    if (osteoporosis)
      Drop(*osteoporosis, "combined", "included in " + Dotted(*k) + ", osteoporosis with current pathological fracture (I.C.13.d.1)");
  }
}

// An artificial opening its line says the encounter manages ("colostomy in place - here to plan
// colostomy takedown", "G-tube replacement today"): the encounter for attention to it (Z43.-, the same
// opening), not its status (Z93 Excludes1: "artificial openings requiring attention or
// management (Z43.-)"; I.C.21.c.3: a status code is not used when the encounter is for the
// device). It is the encounter's reason, listed first (I.C.21.c.7).
void NoteCoder::ApplyAttentionToOpening() {
  for (Candidate& c : cands_) {
    const std::string_view u = Undotted(c.code);
    if (c.dropped || u.substr(0, 3) != "Z93" || u.size() < 4) continue;
    bool assessed = false;
    const note::Chunk* at = EvidenceChunk(c, assessed);
    if (!at || !HasAny(LineLower(*at), {"takedown", "take down", "reversal", "reverse", "closure", "replacement", "replaced",
                                    "replace", "change", "changed", "exchange", "revision", "removal", "removed",
                                    "reinsertion", "reinserted", "attention to", "stoma care"}))
      continue;
    const auto k = cs_.Find("Z43" + std::string(u.substr(3, 1)));
    if (!k || !Billable(*k)) continue;
    // The same opening: a word of the status's title in the attention code's title.
    const std::vector<std::string> opening = TitleWords(ascii::Lower(Title(*k)));
    bool same = false;
    for (const std::string& w : TitleWords(ascii::Lower(Title(c.code))))
      same = same || (w.size() > 4 && w != "status" && w != "other" && w != "artificial" && w != "opening" &&
                      w != "openings" && std::find(opening.begin(), opening.end(), w) != opening.end());
    if (!same && u.size() > 4) continue;
    c.rules.push_back({"attention-to-opening", "I.C.21.c.3",
                       "the encounter manages the opening: " + Dotted(*k) + ", not the status " + Dotted(c.code)});
    c.code = *k;
    c.group = 0;
    for (const Candidate& o : cands_)
      if (!o.dropped && o.item == c.item) c.position = std::min(c.position, o.position);
  }
}

// Coronary atherosclerosis and angina in one record: the combination code of the angina's
// kind (I25.11-), not the two codes (I.C.9.b: "a causal relationship can be assumed in a
// patient with both atherosclerosis and angina pectoris"; "it is not necessary to use an
// additional code for angina pectoris"). The kind is the angina code's (I20.-), or the one the
// atherosclerosis's own words read ("CAD native vessel w/ stable angina": I20.89 -> I25.118;
// "Unstable angina due to coronary artery disease" read as I25.10: I25.110).
void NoteCoder::ApplyAnginaOfCad() {
  // I20.- to the native-artery combination (I25.11-) of the same kind.
  static constexpr std::pair<std::string_view, std::string_view> kKinds[] = {
      {"I200", "I25110"}, {"I201", "I25111"}, {"I202", "I25112"}, {"I208", "I25118"},
      {"I2081", "I25118"}, {"I2089", "I25118"}, {"I209", "I25119"}};
  auto kind_of = [](std::string_view angina) -> std::string_view {
    for (const auto& [a, cad] : kKinds)
      if (angina == a) return cad;
    return {};
  };
  auto denied = [](std::string_view l) {
    return HasAny(l, {"without angina", "w/o angina", "no angina", "denies angina", "not angina"});
  };
  for (Candidate& c : cands_) {
    const std::string_view u = Undotted(c.code);
    // "CAD w/o angina" read with angina: I25.10, coronary atherosclerosis without angina.
    if (!c.dropped && u.substr(0, 5) == "I2511") {
      bool assessed = false;
      const note::Chunk* at = EvidenceChunk(c, assessed);
      const auto k = cs_.Find("I2510");
      if (at && denied(ChunkLower(*at)) && k && Billable(*k)) {
        c.rules.push_back({"angina-of-cad", "I.C.9.b", "the record denies angina: " + Dotted(*k) + ", not " + Dotted(c.code)});
        c.code = *k;
        continue;
      }
      if (u != "I25119") continue;
    }
    if (c.dropped || (u != "I2510" && u != "I25119")) continue;
    std::string_view want;
    Candidate* angina = nullptr;
    for (Candidate& a : cands_)
      if (!a.dropped && !kind_of(Undotted(a.code)).empty() && (!angina || a.item == c.item)) angina = &a;
    if (angina) {
      want = kind_of(Undotted(angina->code));
    } else {
      // I25.119 says angina of no kind; I25.10 read on words that name angina too ("Unstable
      // angina due to coronary artery disease"), unless they deny it ("CAD w/o angina").
      bool assessed = false;
      const note::Chunk* at = EvidenceChunk(c, assessed);
      if (!at) continue;
      const std::string_view l = ChunkLower(*at);
      if (u == "I2510" && (!HasAny(l, {"angina"}) || denied(l))) continue;
      std::vector<Tok> toks = Tokens(text_, at->begin, at->end);
      ReadSlashForms(toks);
      // The angina is read in the sentence of the atherosclerosis's words: another sentence of
      // the chunk ("... w/ stable angina. s/p CABG x3 (2019).") is not its angina.
      if (!c.evidence.empty()) {
        uint32_t ev_end = 0;
        for (const TextSpan& sp : c.evidence) ev_end = std::max(ev_end, sp.end);
        for (uint32_t e = ev_end; e < at->end; ++e)
          if ((text_[e] == '.' && (e + 1 == text_.size() || text_[e + 1] == ' ' || text_[e + 1] == '\n')) || text_[e] == ';') {
            for (Tok& t : toks)
              if (t.begin > e) t.used = true;
            break;
          }
      }
      std::optional<Candidate> read;
      std::vector<Tok> again = toks;
      if (FindOne(*at, toks, "", true, read, "I20", "I20") && read) want = kind_of(Undotted(read->code));
      // Or the combination's own title ("with unstable angina pectoris").
      else if (FindOne(*at, again, "", true, read, "I2511", "I2511") && read && Billable(read->code))
        want = Undotted(read->code);
    }
    if (want.empty() || want == u) continue;
    const auto k = cs_.Find(want);
    if (!k || !Billable(*k)) continue;
    c.rules.push_back({"angina-of-cad", "I.C.9.b",
                       "atherosclerosis with angina" + (angina ? " (" + Dotted(angina->code) + ")" : std::string()) + ": " +
                           Dotted(*k) + ", not " + Dotted(c.code)});
    c.code = *k;
    if (angina) Drop(*angina, "combined", "included in the combination code " + Dotted(*k) + " (I.C.9.b)");
  }
}

// A chapter 15 code whose own title names the past ("Maternal care for low transverse scar
// from previous cesarean delivery", "Supervision of high risk pregnancy with history of ..."):
// a past obstetric event as the current pregnancy's care (I.C.15.a.1; the Index: Delivery,
// cesarean, previous, cesarean delivery O34.21-).
bool NoteCoder::PastObstetric(uint32_t code) {
  return Undotted(code)[0] == 'O' && HasAny(ascii::Lower(Title(code)), {"previous", "history"});
}

// The record documents a current pregnancy (its age, gravida and para, its care), not only an
// obstetric word ("s/p c-section" in a past surgical history, "GDM with last pregnancy; not
// pregnant now").
bool NoteCoder::CurrentPregnancy() const {
  if (!current_pregnancy_)
    current_pregnancy_ = pregnancy_ && (detail::GestationWeeks(lower_).weeks >= 0 || GravidaPara(lower_) ||
                                        HasAny(lower_, {"iup", "prenatal", "antepartum", "antenatal", "trimester", "edd"}));
  return *current_pregnancy_;
}

// A past malignancy the story documents ("Hx BCC L cheek excised 2021") has an impact on
// current care where the assessment treats a neoplasm (a new skin cancer beside a past one:
// III.A, IV.J, "history codes ... may be used as secondary codes if the historical condition
// ... has an impact on current care"): its history code (Z85, I.C.2.d). Beside an assessment
// of other conditions it is not reported (and not read).
void NoteCoder::StoryHistoryBesideNeoplasm() {
  if (story_history_.empty()) return;
  bool neoplasm = false;
  for (const Candidate& c : cands_) {
    const std::string_view u = Undotted(c.code).substr(0, 3);
    neoplasm = neoplasm || (!c.dropped && c.section == Section::kAssessment && c.group < 2 && u >= "C00" && u <= "D49");
  }
  if (!neoplasm) return;
  for (uint32_t ci : story_history_) {
    const note::Chunk& ch = layout_.chunks[ci];
    std::vector<Tok> toks = Tokens(text_, ch.begin, ch.end);
    ReadSlashForms(toks);
    const size_t before = cands_.size();
    if (!CodeHistory(ch, toks)) continue;
    std::vector<Candidate> found(std::make_move_iterator(cands_.begin() + static_cast<long>(before)),
                                 std::make_move_iterator(cands_.end()));
    cands_.resize(before);
    for (Candidate& c : found)
      if (Undotted(c.code).substr(0, 3) == "Z85") {
        c.rules.push_back({"story-history", "I.C.2.d", "a past malignancy the history documents, beside an assessed neoplasm"});
        cands_.push_back(std::move(c));
      }
  }
}

}  // namespace medcode::coding

namespace medcode::coding {

// An immunization the assessment or plan gives ("DTaP, IPV, MMR and varicella vaccines given
// today", "Vaccines: Hep A #2, influenza given"): Z23, reported beside the visit's other codes
// (I.C.21.c.2: Z23 may be a secondary code when the inoculation is given as a routine part of
// preventive care). The diseases the vaccines are named for are not the patient's conditions.
// Not for one declined, deferred, due later or only up to date (nothing given at this visit).
// The story, or a line of its own under no heading the coder knows, the exam or the results
// ("Vaccines: influenza given today", "Vaccines: MMR, varicella, Hep A, PCV #4 given") says it
// too, when it says the vaccine is given or administered (not "received", which may be long
// ago).
bool NoteCoder::ImmunizationGiven(const note::Chunk& ch) {
  const bool story = ch.section == Section::kNone || ch.section == Section::kHpi || ch.section == Section::kOther ||
                     ch.section == Section::kExam || ch.section == Section::kResults;
  if ((ch.section != Section::kAssessment && !story) || ch.assertion != Assertion::kPresent) return false;
  const std::string item = ItemLower(ch.item);
  // A vaccine named by its product or abbreviation ("PCV20 today", "Tdap given") is one too;
  // not a name that is also a disease's ("varicella", "HPV", "hep B": the words above say it).
  auto names_vaccine = [](std::string_view l) {
    return HasAny(l, {"vaccine", "vaccines", "vaccination", "vaccinations", "immunization", "immunizations", "vaccinated",
                      "immunized", "pcv13", "pcv15", "pcv20", "pcv21", "ppsv23", "prevnar", "pneumovax", "tdap", "dtap",
                      "mmr", "mmrv", "ipv", "menacwy", "menb", "shingrix", "flu shot", "gardasil"});
  };
  if (!names_vaccine(item)) return false;
  // The vaccines are the item's chunks from the first that names one ("WCC 4 y/o, normal exam,
  // vaccines given": the visit is coded; "Vaccines: MMR, varicella, Hep A given": the list is
  // not).
  uint32_t list_begin = UINT32_MAX;
  for (const note::Chunk& o : layout_.chunks)
    if (o.item == ch.item && names_vaccine(ChunkLower(o))) list_begin = std::min(list_begin, o.begin);
  if (ch.begin < list_begin) return false;
  // In the story, "today" gives only when it follows the vaccines ("vaccines today (MMR,
  // varicella, hep A)": the list is the immunization, I.C.21.c.2, not the diseases prevented).
  if ((story ? !HasAny(item, {"given", "administered", "vaccine today", "vaccines today", "vaccination today",
                              "vaccinations today", "immunization today", "immunizations today"})
             : !HasAny(item, {"given", "administered", "received", "today"})) ||
      HasAny(item, {"declined", "refused", "deferred", "due", "utd", "up to date", "not", "no", "next"}))
    return false;
  std::optional<Candidate> c = MadeByRule("Z23", &ch, 1, ch.begin, "an immunization given at the visit",
                                         {"immunization", "I.C.21.c.2", "a vaccine given at this visit: Z23 beside the visit's codes"});
  if (!c) return false;
  cands_.push_back(std::move(*c));
  return true;
}

}  // namespace medcode::coding

namespace medcode::coding {

namespace {

// "c3d1", "C1D8": a chemotherapy cycle and day.
bool CycleDay(std::string_view lower) {
  for (size_t i = 0; i + 3 < lower.size(); ++i) {
    if (lower[i] != 'c' || (i > 0 && IsWordByte(lower[i - 1]))) continue;
    size_t j = i + 1;
    while (j < lower.size() && std::isdigit(static_cast<unsigned char>(lower[j]))) ++j;
    if (j == i + 1 || j >= lower.size() || lower[j] != 'd') continue;
    size_t k = j + 1;
    while (k < lower.size() && std::isdigit(static_cast<unsigned char>(lower[k]))) ++k;
    if (k > j + 1 && (k == lower.size() || !IsWordByte(lower[k]))) return true;
  }
  return false;
}

}  // namespace

// An encounter chiefly for antineoplastic therapy ("here for cycle 3 of adjuvant AC
// chemotherapy", "Here for C3D1 FOLFOX", "admitted for consolidation chemo"): Z51.11 (or Z51.0
// for radiation therapy, Z51.12 for immunotherapy) first-listed, the malignancy beside it
// (I.C.2.e.2). Only where the note codes a malignancy and does not hold or delay the therapy
// (the visit then manages what held it: a neutropenia, I.C.2.l).
void NoteCoder::ApplyTreatmentEncounter() {
  bool malignancy = false;
  for (const Candidate& c : cands_) {
    const std::string_view u = Undotted(c.code);
    malignancy = malignancy || (!c.dropped && u[0] == 'C');
  }
  if (!malignancy || HasAny(lower_, {"held", "hold", "holding", "delay", "delayed", "deferred", "postponed"})) return;
  for (const note::Chunk& ch : layout_.chunks) {
    if (ch.assertion != Assertion::kPresent) continue;
    const std::string_view l = ChunkLower(ch);
    // The encounter is for it ("here for cycle 3"), or gives it today ("BCG maintenance dose #2
    // today", "cycle 4 infusion today").
    if (!HasAny(l, {"here for", "presents for", "admitted for", "admit for", "in for", "returns for", "today for",
                    "scheduled for", "proceed with"}) &&
        !(HasAny(l, {"today"}) && HasAny(l, {"dose", "infusion", "instillation", "cycle", "given", "administered"})))
      continue;
    const char* code = nullptr;
    if (HasAny(l, {"chemo", "chemotherapy", "cycle"}) || CycleDay(l)) code = "Z51.11";
    // Intravesical BCG is immunotherapy of bladder cancer.
    else if (HasAny(l, {"immunotherapy", "bcg"})) code = "Z51.12";
    else if (HasAny(l, {"radiation", "radiotherapy", "xrt", "fraction"})) code = "Z51.0";
    if (!code) continue;
    std::optional<Candidate> c =
        MadeByRule(code, &ch, 0, 0, "an encounter for antineoplastic therapy",
                   {"treatment-encounter", "I.C.2.e.2", std::string("the encounter is chiefly for the therapy: ") + code +
                                                            " first, the malignancy beside it"});
    if (!c) return;
    cands_.insert(cands_.begin(), std::move(*c));  // before a malignancy at the same place
    return;
  }
}

}  // namespace medcode::coding

namespace medcode::coding {

// A delivery this record documents, with its liveborn infant ("NSVD of liveborn female,
// Apgars 8/9", "c-section, liveborn male 3.6 kg", "live term singleton"): the outcome of
// delivery on the mother's record (I.C.15.b.5), Z37.0 (Z37.2 for twins), after the delivery's
// codes, its evidence the first O code's; not where the record already has an outcome, nor for
// triplets or a stillbirth (whose outcome the words must say).
void NoteCoder::ApplyOutcomeOfDelivery() {
  const Candidate* first_o = nullptr;
  uint32_t last_o = 0;
  for (const Candidate& c : cands_) {
    if (c.dropped) continue;
    const std::string_view u = Undotted(c.code);
    if (u.substr(0, 3) == "Z37") return;
    if (u[0] == 'O') {
      if (!first_o || c.position < first_o->position) first_o = &c;
      last_o = std::max(last_o, c.position);
    }
  }
  if (!first_o ||
      !HasAny(lower_, {"delivered", "delivery", "nsvd", "svd", "c-section", "c/s", "cesarean", "ltcs", "vaginal birth"}) ||
      !HasAny(lower_, {"liveborn", "live born", "live-born", "live birth", "live term", "live infant", "apgar", "apgars"}) ||
      HasAny(lower_, {"triplets", "stillborn", "stillbirth", "iufd", "demise"}))
    return;
  const bool twins = HasAny(lower_, {"twin", "twins", "di/di", "mo/di", "mo/mo"});
  std::optional<Candidate> c =
      MadeByRule(twins ? "Z37.2" : "Z37.0", nullptr, first_o->group, last_o + 1, "a delivery with a liveborn infant",
                 {"outcome-of-delivery", "I.C.15.b.5", std::string("the mother's record reports the outcome of delivery: ") +
                                                          (twins ? "Z37.2" : "Z37.0")});
  if (!c) return;
  c->evidence = first_o->evidence;
  c->section = first_o->section;
  c->item = first_o->item;
  c->line = first_o->line;
  cands_.push_back(std::move(*c));
}

}  // namespace medcode::coding

namespace medcode::coding {

std::optional<Candidate> NoteCoder::MadeByRule(std::string_view code, const note::Chunk* ch, int group, uint32_t position,
                                               std::string_view why, RuleApplied rule) {
  auto k = cs_.Find(code);
  if (!k || !Billable(*k)) return std::nullopt;
  Candidate c;
  c.code = *k;
  if (ch) {
    c.section = ch->section;
    c.item = ch->item;
    c.line = ch->line;
    c.evidence.push_back({ch->begin, ch->end});
  }
  c.position = position;
  c.weight = 1;
  c.group = group;
  c.why.push_back(std::string(why) + ": " + std::string(Title(*k)));
  c.rules.push_back(std::move(rule));
  return c;
}

}  // namespace medcode::coding

namespace medcode::coding {

// A condition coded with its organism on one line or item ("Strep pneumoniae": J13 Pneumonia
// due to Streptococcus pneumoniae) and without it on another ("LLL pneumonia": J18.9
// Pneumonia, unspecified organism): the record documents the organism, the unspecified
// organism's code is not reported (I.B.18: unspecified codes are for when the record is
// insufficient; I.A.9).
void NoteCoder::ApplyUnspecifiedOrganism() {
  for (Candidate& c : cands_) {
    if (c.dropped) continue;
    const std::string title = ascii::Lower(Title(c.code));
    const size_t at = title.find(", unspecified organism");
    if (at == std::string::npos || at == 0) continue;
    const std::string head = title.substr(0, at) + " due to ";
    for (const Candidate& d : cands_) {
      if (d.dropped || &d == &c || ascii::Lower(Title(d.code)).rfind(head, 0) != 0) continue;
      Drop(c, "organism-documented",
           "the record documents the organism: " + Dotted(d.code) + ", not " + Dotted(c.code) + " (I.B.18)");
      break;
    }
    if (c.dropped) continue;
    const uint32_t before = c.code;
    OrganismOfItem(c, head);
    if (c.code == before) OrganismOfText(c, head, Undotted(c.code).substr(0, 3) == "A41");
  }
}

// The organism another code of the item names ("Sepsis d/t pneumococcal pneumonia": A40.3
// Sepsis due to Streptococcus pneumoniae; "pneumonia, Pseudomonas on culture": B96.5) is the
// cause of the item's infection of unspecified organism too: the infection's code "due to" it
// where the classification has one (J18.9 -> J13; I.B.18, I.A.9; with the sepsis, I.C.1.d.4).
// An infectious-agent code (B95-B97) the combination code now says is not reported beside it
// (I.B.9).
void NoteCoder::OrganismOfItem(Candidate& c, const std::string& head) {
  for (Candidate& d : cands_) {
    if (d.dropped || &d == &c || d.item != c.item) continue;
    const std::string dt = ascii::Lower(Title(d.code));
    const std::string_view du = Undotted(d.code).substr(0, 3);
    const bool agent = du == "B95" || du == "B96" || du == "B97";
    std::string organism;
    if (agent) {
      organism = dt.substr(0, dt.find(" as the cause"));
      if (organism.rfind("unspecified ", 0) == 0) organism = organism.substr(12);
    } else if (const size_t due = dt.find(" due to "); due != std::string::npos && dt.find("unspecified organism") == std::string::npos) {
      organism = dt.substr(due + 8);
    }
    if (organism.empty() || organism.find("other") != std::string::npos) continue;
    SearchOptions so;
    so.limit = 5;
    so.date = options_.date;
    const auto& r = searcher_.Search(head + organism, so);
    if (!r) return;
    const std::string first_word = organism.substr(0, organism.find(' '));
    for (const SearchHit& h : r->hits) {
      const std::string ht = ascii::Lower(Title(h.code));
      if (h.kind != MatchKind::kWords || h.code == c.code || !Billable(h.code) || ht.rfind(head, 0) != 0 ||
          ht.find(first_word) == std::string::npos)
        continue;
      c.rules.push_back({"organism-of-item", "I.B.18",
                         "the organism " + Dotted(d.code) + " names is the cause: " + Dotted(h.code) + ", not " + Dotted(c.code)});
      c.code = h.code;
      if (agent) Drop(d, "combined", "the organism is part of " + Dotted(c.code) + ", a combination code (I.B.9)");
      return;
    }
  }
}

}  // namespace medcode::coding

namespace medcode::coding {

// Pre-existing type 1 or type 2 diabetes in pregnancy (O24.0-, O24.1-) is followed by the
// diabetes code of its type (I.C.15.g: "O24 first, followed by the appropriate diabetes
// code(s) (E08-E13)"): E10.9 / E11.9 where the record codes no diabetes of that type.
void NoteCoder::ApplyPregnancyDiabetesType() {
  std::vector<Candidate> added;
  for (const Candidate& o : cands_) {
    const std::string_view u = Undotted(o.code);
    if (o.dropped || (u.substr(0, 4) != "O240" && u.substr(0, 4) != "O241")) continue;
    const std::string_view type = u[3] == '0' ? "E10" : "E11";
    const bool coded = std::any_of(cands_.begin(), cands_.end(), [&](const Candidate& e) {
      return !e.dropped && Undotted(e.code).substr(0, 3) == type;
    }) || std::any_of(added.begin(), added.end(), [&](const Candidate& e) { return Undotted(e.code).substr(0, 3) == type; });
    if (coded) continue;
    std::optional<Candidate> e =
        MadeByRule(u[3] == '0' ? "E10.9" : "E11.9", nullptr, o.group, o.position + 1, "the diabetes of pre-existing diabetes in pregnancy",
                   {"pregnancy-diabetes-type", "I.C.15.g", "O24 first, then the diabetes code of its type: after " + Dotted(o.code)});
    if (!e) continue;
    e->section = o.section;
    e->item = o.item;
    e->line = o.line;
    e->evidence = o.evidence;
    added.push_back(std::move(*e));
  }
  for (Candidate& e : added) cands_.push_back(std::move(e));
}

}  // namespace medcode::coding

namespace medcode::coding {

// Fever the record lists beside an infection it codes ("1. Acute otitis media, left 2. Fever -
// ibuprofen prn"): a sign routinely associated with the infection, not coded apart (I.B.5),
// even as its own problem of a numbered assessment. An infection: chapter 1 (A00-B99), or a
// title naming one.
void NoteCoder::ApplyFeverOfInfection() {
  const Candidate* infection = nullptr;
  for (const Candidate& c : cands_) {
    const std::string_view u = Undotted(c.code);
    if (c.dropped || c.group >= 2 || infection) continue;
    const std::string t = ascii::Lower(Title(c.code));
    if ((u[0] == 'A' || u[0] == 'B') ||
        HasAny(t, {"infection", "infectious", "otitis media", "pneumonia", "bronchiolitis", "bronchitis", "sinusitis",
                   "pharyngitis", "tonsillitis", "cellulitis", "abscess", "pyelonephritis", "cystitis", "meningitis",
                   "influenza", "sepsis", "mastoiditis", "osteomyelitis", "endocarditis", "appendicitis",
                   "cholecystitis", "diverticulitis", "nasopharyngitis", "laryngitis", "croup", "gastroenteritis"}))
      infection = &c;
  }
  if (!infection) return;
  for (Candidate& f : cands_)
    if (!f.dropped && Undotted(f.code) == "R509")
      Drop(f, "symptom-explained",
           "fever is routinely associated with the infection " + Dotted(infection->code) + ": not coded apart (I.B.5)");
}

}  // namespace medcode::coding

namespace medcode::coding {

// An outpatient assessment that leaves a diagnosis uncertain ("probable RLL pneumonia", "r/o
// prostate cancer") is not coded for it: the signs and symptoms of the visit are, to the
// highest degree of certainty (IV.H; IV.D: signs and symptoms when no diagnosis is
// established). The chief complaint says them (the history of present illness when the note
// has none): its chapter 18 sign and symptom codes (R00-R69) that the record does not code
// already, in its category, beside the assessment's codes. Runs after the symptom rule (the
// story of an assessed note is otherwise explained by the assessment, I.B.5).
void NoteCoder::SymptomsOfUncertainAssessment() {
  if (!layout_.has_assessment || options_.setting != CareSetting::kOutpatient) return;
  bool uncertain = false, complaint = false;
  for (const note::Chunk& ch : layout_.chunks) {
    uncertain = uncertain || (ch.section == Section::kAssessment && ch.assertion == Assertion::kUncertain);
    complaint = complaint || ch.section == Section::kChiefComplaint;
  }
  if (!uncertain) return;
  const Section story = complaint ? Section::kChiefComplaint : Section::kHpi;
  for (Candidate& c : StoryCodes([&](const note::Chunk& ch) { return ch.section == story; },
                                 [](std::string_view u) { return u[0] == 'R' && u.substr(0, 3) < "R70"; })) {
    c.group = 0;
    c.rules.push_back({"uncertain-outpatient-symptom", "IV.H",
                       "the assessment's diagnosis is uncertain in the outpatient setting: the visit's symptom is coded"});
    cands_.push_back(std::move(c));
  }
}

}  // namespace medcode::coding

namespace medcode::coding {

// Care "immediately after delivery" (Z39.0) is the admission of a mother who delivered before
// it (I.C.15.o.4); a visit of the outpatient setting weeks after ("6 wk postpartum visit after
// uncomplicated SVD") is the routine postpartum follow-up Z39.2, unless the text says
// "immediately".
void NoteCoder::ApplyPostpartumVisit() {
  const auto follow_up = cs_.Find("Z39.2");
  if (follow_up && options_.setting == CareSetting::kOutpatient && !HasAny(lower_, {"immediately"}))
    for (Candidate& c : cands_) {
      if (c.dropped || Undotted(c.code) != "Z390") continue;
      c.rules.push_back({"postpartum-visit", "I.C.15.o.4",
                         "an outpatient visit after the delivery: routine postpartum follow-up Z39.2, not Z39.0 (an "
                         "admission immediately after delivery)"});
      c.code = *follow_up;
    }
  // An encounter for postpartum care (Z39: after a delivery of another record, "6 wk
  // postpartum check s/p SVD") is no delivery: not the delivery's code O80 (I.C.15.n.1: the
  // admission for the delivery), nor its outcome (I.C.15.b.5: Z37 "not to be used on
  // subsequent records"), nor weeks of gestation, not assigned for postpartum conditions
  // (I.C.21.c.11: "category Z3A is not applicable"; weeks after the delivery are no weeks of
  // gestation).
  const Candidate* visit = nullptr;
  for (const Candidate& c : cands_)
    if (!visit && !c.dropped && Undotted(c.code).substr(0, 3) == "Z39") visit = &c;
  if (!visit) return;
  const std::string why = "an encounter for postpartum care (" + Dotted(visit->code) + "): the delivery is past";
  for (Candidate& c : cands_) {
    const std::string_view u = Undotted(c.code);
    if (c.dropped) continue;
    if (u == "O80") Drop(c, "postpartum-not-delivery", why + ", no O80 (I.C.15.n.1)");
    else if (u.substr(0, 3) == "Z37") Drop(c, "postpartum-not-delivery", why + ", no outcome of delivery (I.C.15.b.5)");
    else if (u.substr(0, 3) == "Z3A") Drop(c, "postpartum-not-delivery", why + ", no weeks of gestation (I.C.21.c.11)");
  }
}

// A readmission for a condition of the puerperium after the delivery ("OB readmission: POD 7
// s/p C-section at 38 wks, liveborn; infected cesarean wound"): every obstetric code of the
// record is of the puerperium (O85-O92), and the note says it is a readmission. No outcome of
// delivery (Z37 is "not to be used on subsequent records", I.C.15.b.5) and no weeks of
// gestation (Z3A is "not assigned for postpartum conditions", I.C.21.c.11).
void NoteCoder::ApplyPostpartumReadmission() {
  bool puerperal = false;
  for (const Candidate& c : cands_) {
    const std::string_view u = Undotted(c.code);
    if (c.dropped || u[0] != 'O') continue;
    if (u.substr(0, 3) < "O85" || u.substr(0, 3) > "O92") return;
    puerperal = true;
  }
  if (!puerperal || !HasAny(lower_, {"readmission", "readmitted", "readmit", "re-admission", "re-admitted"})) return;
  for (Candidate& c : cands_)
    if (!c.dropped && (Undotted(c.code).starts_with("Z3A") || Undotted(c.code).starts_with("Z37")))
      Drop(c, "postpartum-readmission",
           "a readmission for a condition of the puerperium: no " + Dotted(c.code) + " (I.C.15.b.5, I.C.21.c.11)");
}

// A delivery during this encounter (the record reports its outcome, Z37): an obstetric code
// with an "in childbirth" option takes it in place of its "in pregnancy" code and trimester
// (I.C.15.a.3: "whenever delivery occurs during the current admission, and there is an 'in
// childbirth' option for the obstetric complication being coded, the 'in childbirth' code
// should be assigned"). The option is the code of the same category whose title says
// "childbirth" where this one says "pregnancy", without the trimester.
void NoteCoder::ApplyChildbirth() {
  if (std::none_of(cands_.begin(), cands_.end(),
                   [&](const Candidate& c) { return !c.dropped && Undotted(c.code).substr(0, 3) == "Z37"; }))
    return;
  // The title without its trimester (", third trimester", ", unspecified trimester").
  auto without_trimester = [](std::string t) {
    const size_t at = t.find(" trimester");
    if (at == std::string::npos) return t;
    const size_t comma = t.rfind(',', at);
    if (comma != std::string::npos) t.erase(comma, at + 10 - comma);
    return t;
  };
  // A title that names no pregnancy takes the option that adds "complicating childbirth" to it
  // ("Severe pre-eclampsia, third trimester": "Severe pre-eclampsia complicating childbirth").
  auto without_childbirth = [](std::string t) {
    for (std::string_view w : {", complicating childbirth", " complicating childbirth"})
      if (const size_t at = t.find(w); at != std::string::npos) return t.erase(at, w.size());
    return t;
  };
  for (Candidate& c : cands_) {
    if (c.dropped || Undotted(c.code)[0] != 'O') continue;
    const std::string own = without_trimester(ascii::Lower(Title(c.code)));
    if (own.find("childbirth") != std::string::npos) continue;
    std::string want = own;
    const size_t at = want.find("pregnancy");
    if (at != std::string::npos) want.replace(at, 9, "childbirth");
    auto [b, e] = cs_.PrefixRange(Undotted(c.code).substr(0, 3));
    for (uint32_t s = b; s < e; ++s) {
      const uint32_t k = cs_.sorted()[s];
      if (k == c.code || !Billable(k)) continue;
      const std::string tk = ascii::Lower(Title(k));
      if (!((at != std::string::npos && tk == want) || (tk != own && without_childbirth(tk) == own))) continue;
      c.rules.push_back({"in-childbirth", "I.C.15.a.3",
                         "delivered during this encounter: the \"in childbirth\" code " + Dotted(k) + ", not " + Dotted(c.code)});
      c.code = k;
      break;
    }
  }
}

}  // namespace medcode::coding

namespace medcode::coding {

// The past medical history of a note with an assessment: what has a status or history code
// (Z77-Z99, I.C.21.c.3-4), as before, and the conditions it lists that persist: a condition
// the Index gives no personal-history code for (hypertension, diabetes, hyperlipidemia,
// hypothyroidism, atrial fibrillation, dementia) does not go away, and a coexisting chronic
// condition that affects care is coded beside the encounter's reason (IV.J: "code all
// documented conditions that coexist at the time of the encounter/visit and require or
// affect patient care, treatment or management"; III for inpatient "other diagnoses"). A
// condition that has a history code (a cancer, an MI, a pneumonia) may be past: the history
// is left to its own words. Not signs or symptoms (the assessment explains them), injuries
// or external causes (a past injury is history).
void NoteCoder::PastHistoryBesideAssessment(const note::Chunk& ch, std::vector<Tok> toks) {
  // An assessment that lists several problems is the provider's list of what the encounter
  // addresses: a chronic condition the past history names and the list leaves out does not
  // affect this encounter's care (IV.J). One that names only the encounter's reason ("Imp:
  // TIA") leaves the coexisting conditions to the history.
  std::set<uint32_t> problems;
  // A problem is an item that states a condition, present or past ("h/o C. diff - avoid
  // abx"): not one that only qualifies the problem before it as uncertain or ruled out
  // ("chest pressure, ACS ruled out; possibly GERD").
  for (const note::Chunk& a : layout_.chunks)
    if (a.section == Section::kAssessment && !a.plan &&
        (a.assertion == Assertion::kPresent || a.assertion == Assertion::kHistory))
      problems.insert(a.item);
  const bool listed = problems.size() > 1;
  // A drug the past history says the patient is on ("AF on warfarin", "DM2 on metformin"): its
  // long-term drug therapy code, as from the story (I.C.21.c.3).
  LongTermDrugFromStory(ch, toks);
  bool first = true;
  for (int round = 0; round < 4; ++round) {
    if (std::none_of(toks.begin(), toks.end(), [](const Tok& t) { return t.content && !t.used; })) break;
    std::optional<Candidate> c;
    if (!FindOne(ch, toks, "", first, c)) break;
    const bool was_first = first;
    first = false;
    const std::string_view u = Undotted(c->code);
    if (u[0] == 'Z') {
      // The first reading only, as before ("Immunizations up to date" is no Z23).
      // Not a drug the past history says was taken and is over ("completed 5 yr tamoxifen
      // 2017", "off warfarin since 2025"): no long-term (current) use (I.C.21.c.3), as in the
      // story and the plan (LongTermDrugTold).
      if (was_first && u.substr(0, 3) == "Z79" && !LongTermDrugTold(ch)) continue;
      if (was_first && u.substr(0, 3) >= "Z77") {
        c->group = 2;
        cands_.push_back(std::move(*c));
      }
      continue;
    }
    // A current tobacco dependence ("active smoker 1 ppd") coexists and affects care whether
    // or not the assessment lists it (TobaccoBesideAssessment; IV.J); its history code
    // (Z87.891) is for a former smoker only.
    if (u.substr(0, 4) == "F172") {
      if (CurrentTobacco(ch)) {
        c->group = 1;
        c->rules.push_back({"tobacco-dependence", "IV.J",
                            "a current tobacco dependence the past history documents, beside the assessment"});
        cands_.push_back(std::move(*c));
      }
      continue;
    }
    // Not a pregnant patient's: her chronic conditions are coded from chapter 15 as the
    // assessment manages them in pregnancy (I.C.15.a.1), and an obstetric condition the past
    // history lists is a past pregnancy's.
    // Nor a neoplasm (the past history's cancer is most often excised and gone: its history,
    // I.C.2.d), nor what its item says is over ("eczema as an infant, resolved").
    if (listed || u[0] < 'A' || u[0] > 'Q' || u[0] == 'O' || pregnancy_ || HistoryOf(c->code)) continue;
    if (u[0] == 'C' || (u[0] == 'D' && u.substr(0, 3) <= "D49") ||
        HasAny(ItemLower(ch.item), {"resolved", "as a child", "as an infant", "in childhood", "remote", "outgrew"}))
      continue;
    c->group = 1;
    c->rules.push_back({"past-history-current", "IV.J",
                        "a chronic condition the past history lists (no history code: it persists), beside the assessment"});
    cands_.push_back(std::move(*c));
  }
}

// A condition the past history lists that the assessment (or another section) codes in the
// same category is the assessment's: its code, detail and place in the order stand, the past
// history's reading of it is not reported (I.B.1, IV.J).
void NoteCoder::ApplyPastHistoryAssessed() {
  for (Candidate& p : cands_) {
    const bool tobacco = !p.rules.empty() && p.rules.back().id == "tobacco-dependence";
    if (p.dropped || (p.section != Section::kPmh && !tobacco) || p.group != 1) continue;
    // Hypertension is one condition whatever its category (I10-I1A: the combinations with
    // heart and kidney disease are made later, I.C.9.a).
    auto family = [&](uint32_t code) {
      const std::string_view u = Undotted(code).substr(0, 3);
      return u >= "I10" && u <= "I1A" ? std::string_view("I1") : u;
    };
    for (Candidate& o : cands_) {
      if (o.dropped || &o == &p || o.section == Section::kPmh) continue;
      if (family(o.code) != family(p.code)) continue;
      // The assessment's nicotine dependence of no named product ("nicotine dependence",
      // F17.20-) takes the product the history names ("smokes 1 ppd cigarettes": F17.21-; I.B.1).
      const std::string_view ou = Undotted(o.code), pu = Undotted(p.code);
      if (tobacco && ou.substr(0, 4) == "F172" && ou.size() == 6 && ou[4] == '0' && pu.size() == 6 && pu[4] != '0') {
        const auto k = cs_.Find(std::string("F172") + pu[4] + ou[5]);
        if (k && Billable(*k)) {
          o.rules.push_back({"detail-from-story", "I.B.1",
                             "the history names the tobacco product: " + Dotted(*k) + ", not " + Dotted(o.code)});
          o.code = *k;
        }
      }
      Drop(p, "past-history-assessed", "the assessment codes this condition: " + Dotted(o.code));
      break;
    }
  }
}

}  // namespace medcode::coding

namespace medcode::coding {

// An acute stroke the assessment codes (I60-I63) and the neurologic deficits the story
// documents ("Deficits at discharge: L hemiparesis, dysarthria"): each deficit coded beside
// it. A stroke's deficits vary with its site and are not routinely part of it (the deficits
// I69 names: hemiplegia, aphasia, dysarthria, dysphagia, facial weakness, ataxia, cognitive
// deficits), coded when present (I.B.4-6; the symptom rule keeps them on the stroke's line).
void NoteCoder::StrokeDeficitsFromStory() {
  if (!layout_.has_assessment) return;
  // The stroke: its deficits are reported after it.
  const Candidate* stroke = nullptr;
  for (const Candidate& c : cands_) {
    const std::string_view u = Undotted(c.code).substr(0, 3);
    if (!c.dropped && c.section == Section::kAssessment && u >= "I60" && u <= "I63" && !stroke) stroke = &c;
  }
  if (!stroke) return;
  const int group = stroke->group;
  const uint32_t position = stroke->position + 1;
  auto deficit = [](std::string_view u) {
    return u.substr(0, 3) == "G81" || u.substr(0, 3) == "G83" || u.substr(0, 3) == "R47" || u.substr(0, 3) == "R13" ||
           u.substr(0, 5) == "R2981" || u.substr(0, 3) == "R27" || u.substr(0, 5) == "R4184" || u.substr(0, 3) == "R48";
  };
  for (Candidate& c : StoryCodes(
           [](const note::Chunk& ch) {
             return ch.section == Section::kHpi || ch.section == Section::kNone || ch.section == Section::kChiefComplaint;
           },
           deficit)) {
    c.group = group;
    c.position = position;
    c.rules.push_back({"stroke-deficit", "I.B.6", "a neurologic deficit of the assessed stroke, documented in the history"});
    cands_.push_back(std::move(c));
  }
}

}  // namespace medcode::coding

namespace medcode::coding {

// What the story's chunks (present, not a plan) that take_chunk accepts read, up to three codes
// a chunk, where take_code accepts the (undotted) code and, with new_categories, the record
// codes nothing of its category yet (nor an earlier code of these).
std::vector<Candidate> NoteCoder::StoryCodes(const std::function<bool(const note::Chunk&)>& take_chunk,
                                             const std::function<bool(std::string_view)>& take_code,
                                             bool new_categories, bool result_readings, bool history_too) {
  std::vector<Candidate> out;
  auto coded = [&](std::string_view category) {
    auto in = [&](const Candidate& o) { return !o.dropped && Undotted(o.code).substr(0, 3) == category; };
    return std::any_of(cands_.begin(), cands_.end(), in) || std::any_of(out.begin(), out.end(), in);
  };
  for (const note::Chunk& ch : layout_.chunks) {
    // A past obstetric event of a pregnant patient ("prior low transverse c-section") is read
    // too: its code is the current pregnancy's (PastObstetric).
    const bool past = ch.assertion == Assertion::kHistory && CurrentPregnancy();
    // "Imaging: XR R wrist - fx of the scaphoid waist": a result's " - " gives its reading.
    const bool plan = ch.plan && !(result_readings && ch.section == Section::kResults);
    const bool history = history_too && ch.assertion == Assertion::kHistory && ch.section != Section::kPmh;
    if ((ch.assertion != Assertion::kPresent && !past && !history) || plan || !take_chunk(ch)) continue;
    std::vector<Tok> toks = Tokens(text_, ch.begin, ch.end);
    if (history) toks = WithoutTrigger(ch, std::move(toks));
    ReadSlashForms(toks);
    bool first = true;
    for (int round = 0; round < 3; ++round) {
      if (std::none_of(toks.begin(), toks.end(), [](const Tok& t) { return t.content && !t.used; })) break;
      std::optional<Candidate> c;
      if (!(past ? FindOne(ch, toks, "", first, c, "O", "O") : FindOne(ch, toks, "", first, c))) break;
      first = false;
      const std::string_view u = Undotted(c->code);
      if (past && !PastObstetric(c->code)) continue;
      if (take_code(u) && !(new_categories && coded(u.substr(0, 3)))) out.push_back(std::move(*c));
    }
  }
  return out;
}

}  // namespace medcode::coding

namespace medcode::coding {

// The chunk's item says a current tobacco use: not a former one ("former smoker", "ex-smoker",
// "quit 2019"), though a smoker who wants to quit still smokes; not none ("never smoker",
// "nonsmoker", "no tobacco"); not an exposure to another's smoke (Z77.22).
bool NoteCoder::CurrentTobacco(const note::Chunk& ch) const {
  if (ch.assertion != Assertion::kPresent) return false;
  const std::string item = ItemLower(ch.item);
  if (HasAny(item, {"secondhand", "second-hand", "exposure", "exposed", "passive", "never", "nonsmoker", "non-smoker",
                    "non", "no", "denies", "denied", "none"}))
    return false;
  return !HasAny(item, {"former", "formerly", "ex", "quit", "previously", "stopped", "remote"}) ||
         HasAny(item, {"ready to quit", "wants to quit", "want to quit", "interested in quitting", "trying to quit",
                       "plans to quit", "thinking about quitting", "considering quitting"});
}

// A current tobacco dependence the story or the social history documents ("Smokes 1/2 ppd
// cigarettes", "vapes nicotine daily") beside an assessment that does not list it: coded, read
// as the Index reads it (Smoker - see Dependence, drug, nicotine: F17.2-). A coexisting
// condition that affects care is coded (IV.J: "code all documented conditions that coexist at
// the time of the encounter/visit and require or affect patient care"); the Tabular asks for it
// beside the conditions it bears on ("use additional code to identify ... tobacco dependence
// (F17.-)" at chapters 9 and 10, and at the cancers of the mouth, larynx, lung and bladder).
void NoteCoder::TobaccoBesideAssessment(const note::Chunk& ch, std::vector<Tok> toks) {
  if (ch.plan || !HasAny(ChunkLower(ch), {"smokes", "smoker", "smoking", "smoke", "cigarettes", "cigarette", "cigs",
                                          "ppd", "vapes", "vaping", "vape", "tobacco", "nicotine", "cigar", "cigars"}))
    return;
  if (!CurrentTobacco(ch)) return;
  std::optional<Candidate> c;
  if (!FindOne(ch, toks, "", true, c) || Undotted(c->code).substr(0, 4) != "F172") return;
  c->group = 1;
  c->rules.push_back({"tobacco-dependence", "IV.J", "a current tobacco dependence the history documents, beside the assessment"});
  cands_.push_back(std::move(*c));
}

// A BMI the vitals, the exam, the results or the story of an assessed note document ("BMI
// 31.2", "Growth: BMI 91st %ile"): its Z68 code, reported beside the diagnosis it supports
// (I.B.14: the BMI may be taken from the documentation of clinicians other than the provider;
// ApplyBodyMassIndexDiagnosis keeps it only with an associated reportable diagnosis).
void NoteCoder::BodyMassIndexAside(const note::Chunk& ch) {
  if (ch.assertion != Assertion::kPresent || !HasAny(ChunkLower(ch), {"bmi"})) return;
  std::vector<Tok> toks = Tokens(text_, ch.begin, ch.end);
  if (std::optional<Candidate> bmi = BodyMassIndex(ch, toks)) {
    bmi->group = 2;
    cands_.push_back(std::move(*bmi));
  }
}

// A BMI code is reported only beside a diagnosis it documents (I.B.14: "BMI codes should only
// be assigned when there is an associated, reportable diagnosis (such as obesity)"): obesity
// and overweight (E66), malnutrition (E40-E46), underweight (R63.6), cachexia (R64), obesity
// complicating pregnancy (O99.21-).
void NoteCoder::ApplyBodyMassIndexDiagnosis() {
  bool associated = false;
  for (const Candidate& c : cands_) {
    const std::string_view u = Undotted(c.code);
    associated = associated || (!c.dropped && (u.substr(0, 3) == "E66" || (u.substr(0, 3) >= "E40" && u.substr(0, 3) <= "E46") ||
                                               u.substr(0, 4) == "R636" || u.substr(0, 3) == "R64" || u.substr(0, 5) == "O9921"));
  }
  // "Do not assign BMI codes during pregnancy" (I.C.21.c.3, Z68).
  if (associated && !CurrentPregnancy()) return;
  for (Candidate& c : cands_)
    if (!c.dropped && Undotted(c.code).substr(0, 3) == "Z68")
      Drop(c, "bmi-without-diagnosis",
           "a BMI in pregnancy, or with no diagnosis it documents (obesity, underweight, malnutrition): not reported "
           "(I.B.14, I.C.21.c.3)");
}

}  // namespace medcode::coding
