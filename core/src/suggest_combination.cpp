// suggest_combination.cpp owns combination codes for two conditions a chunk links ("anemia in
// CKD", "compression fx d/t osteoporosis", "hemiparesis due to old infarct"): when one code of
// the classification names both, it is reported instead of the two (I.B.9, I.A.15), keeping
// the one its own notes ask for ("code first underlying chronic kidney disease"). Diabetes and
// hypertension have their own conventions (suggest_conventions.cpp). See suggest_coder.h.
#include <algorithm>
#include <bit>

#include "medcode/lookup.h"
#include "medcode/text.h"
#include "suggest_coder.h"
#include "suggest_detail.h"

namespace medcode::coding {
namespace {

// Words that link a condition to its cause or to the condition it occurs in ("anemia of CKD",
// "BCC of nasal tip": "of" names what the first condition belongs to).
constexpr std::string_view kLinkWords[] = {"in", "of", "due", "to", "d/t", "2/2", "from", "secondary", "following", "after",
                                           "caused", "by", "associated", "related"};

// 1: only cause words between ("in", "due to", "d/t"); 2: only "with" ("w/"), which joins
// two conditions only where the index lists the second under the first's "with" (I.A.15);
// 0: anything else.
int LinkOnly(std::string_view between) {
  int link = 0;
  for (const std::string& w : SplitSpaces(std::string(between))) {
    if (w == "with" || w == "w/" || w == "w") {
      if (link == 1) return 0;
      link = 2;
    } else if (std::find(std::begin(kLinkWords), std::end(kLinkWords), w) != std::end(kLinkWords) && link != 2) {
      link = 1;
    } else {
      return 0;
    }
  }
  return link;
}

// Codes with conventions of their own, or that never combine: diabetes, hypertension, Z
// codes, external causes, injuries and poisonings named by rules.
bool Combines(std::string_view u) {
  if (u[0] == 'Z' || u[0] == 'T' || (u[0] >= 'V' && u[0] <= 'Y')) return false;
  const std::string_view cat = u.substr(0, 3);
  if (cat >= "E08" && cat <= "E13") return false;
  if (cat >= "I10" && cat <= "I16") return false;
  return true;
}

}  // namespace

void NoteCoder::ApplyCombinations() {
  const size_t n = cands_.size();
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) {
      if (i == j || cands_[i].dropped || cands_[j].dropped) continue;
      Candidate& a = cands_[i];
      Candidate& b = cands_[j];
      if (a.item != b.item || a.group > 1 || b.group > 1 || a.evidence.empty() || b.evidence.empty()) continue;
      if (!Combines(Undotted(a.code)) || !Combines(Undotted(b.code))) continue;
      const uint32_t a_end = a.evidence.back().end, b_begin = b.evidence.front().begin;
      if (a_end > b_begin || b_begin - a_end > 24) continue;  // a, then b, a few words apart
      // Only link words between them ("in", "due to", "d/t", "from", "with").
      std::string between = lower_.substr(a_end, b_begin - a_end);
      for (char& ch : between)
        if (!IsWordByte(ch) && ch != '/') ch = ' ';
      // Adjacent words ("SLE with lupus nephritis" read as "SLE ... lupus" and "nephritis") are
      // read as "with": only an Index "with" or the first's own category joins them.
      const int link = between.find_first_not_of(' ') == std::string::npos ? 2 : LinkOnly(between);
      if (link == 0) continue;
      const uint32_t begin = a.evidence.front().begin, end = b.evidence.back().end;
      SearchOptions so;
      so.limit = 8;
      so.date = options_.date;
      auto r = searcher_.Search(std::string(text_.substr(begin, end - begin)), so);
      if (!r) continue;
      // The best document that reads words of both conditions.
      auto words_of = [&](const Candidate& c) {
        std::vector<std::string> w;
        for (const TextSpan& sp : c.evidence)
          for (const Tok& t : Tokens(text_, sp.begin, sp.end))
            if (t.content)
              for (const std::string& f : t.folded) w.push_back(f);
        return w;
      };
      const std::vector<std::string> wa = words_of(a), wb = words_of(b);
      auto unspecified_organism = [&](const Candidate& c) {
        return ascii::Lower(Title(c.code)).find("unspecified organism") != std::string::npos;
      };
      std::optional<Candidate> combo;
      for (const SearchHit& h : r->hits) {
        if (h.kind != MatchKind::kWords || h.doc == format::kNone) continue;
        const std::string_view hu = Undotted(h.code);
        if (!Combines(hu) || hu[0] == 'R' || hu[0] == 'O' || hu[0] == 'P') continue;
        // A third code, or a code of the first condition's own category that says more than
        // its unspecified one ("SLE with lupus nephritis": M32.14, not M32.9 and N05.9).
        // (not an "other" or "NEC" code, which says only that the words are not its siblings').
        const bool own = hu.substr(0, 3) == Undotted(a.code).substr(0, 3) && h.code != a.code &&
                         ascii::Lower(Title(a.code)).find("unspecified") != std::string::npos &&
                         ascii::Lower(Title(h.code)).rfind("other", 0) != 0 &&
                         cs_.str(cs_.docs()[h.doc].text).find("NEC") == std::string_view::npos;
        if (!own && (hu.substr(0, 3) == Undotted(a.code).substr(0, 3) || hu.substr(0, 3) == Undotted(b.code).substr(0, 3)))
          continue;
        bool in_a = false, in_b = false;
        for (size_t w = 0; w < r->words.size() && w < 32; ++w) {
          if (!(h.matched & (1u << w))) continue;
          for (const std::string& f : SplitSpaces(r->words[w].text)) {
            // A side word names no condition ("L MCA stroke with R hemiparesis" has no code
            // naming both: I63 says nothing of hemiplegia).
            if (detail::DocumentedSide(f) != 0) continue;
            in_a = in_a || std::find(wa.begin(), wa.end(), f) != wa.end();
            in_b = in_b || std::find(wb.begin(), wb.end(), f) != wb.end();
          }
        }
        if (!in_a || !in_b) continue;
        // Both conditions of unspecified organism ("Sepsis d/t pneumonia": A41.9, J18.9): no
        // code that names an organism ("Sepsis due to Streptococcus pneumoniae" read on
        // "pneumonia") adds a cause the record does not document (I.B.18).
        if (unspecified_organism(a) && unspecified_organism(b) &&
            ascii::Lower(Title(h.code)).find("unspecified organism") == std::string::npos)
          continue;
        // An Index path of another chapter than both conditions rests on its main term, said
        // in the text: "lung ... with mets to brain" is no "Abscess, lung, amebic, with, brain
        // abscess" (I.B.9 combines what the Index lists under the condition documented).
        if (hu[0] != Undotted(a.code)[0] && hu[0] != Undotted(b.code)[0]) {
          const format::DocRec& doc = cs_.docs()[h.doc];
          if ((doc.kind == static_cast<uint8_t>(format::DocKind::kIndexPath) ||
               doc.kind == static_cast<uint8_t>(format::DocKind::kIndexSee)) &&
              !MainTermMatched(*r, h, cs_.str(doc.text)))
            continue;
        }
        if (link == 2) {
          const format::DocRec& doc = cs_.docs()[h.doc];
          const std::string_view path = cs_.str(doc.text);
          // The Index lists the second under the first's "with"; or the code of the first
          // condition's category reads words of both ("Lupus, nephritis": "with" presumes the
          // link, I.A.15).
          if (!own && (doc.kind != static_cast<uint8_t>(format::DocKind::kIndexPath) ||
                       path.find(", with, ") == std::string_view::npos))
            continue;
        }
        // The code the words lead to: its default, encounter, side and dominance.
        Candidate c;
        c.section = a.section;
        c.item = a.item;
        c.line = a.line;
        c.doc = h.doc;
        c.why.push_back(medcode::Explain(cs_, *r, h));
        const std::string_view span_lower = std::string_view(lower_).substr(begin, end - begin);
        c.code = Finalize(h.code, span_lower, c);
        if (auto k = detail::SideSibling(cs_, year_, c.code, detail::DocumentedSide(span_lower))) c.code = *k;
        if (auto k = detail::DominanceSibling(cs_, year_, c.code, span_lower, handed_)) c.code = *k;
        if (!Billable(c.code)) break;
        combo = std::move(c);
        break;
      }
      if (!combo) continue;
      // The Index's combination of a symptom with a condition, read as its category's
      // unspecified code ("Spens' syndrome (syncope with heart block)" I45.9), beside a
      // specific code of that condition the record documents ("syncope due to complete heart
      // block": I44.2): the specific code is the combination, and the symptom it includes is
      // not coded (I.B.5, I.B.9; I.A.9: no unspecified code for a documented kind).
      if (ascii::Lower(Title(combo->code)).find("unspecified") != std::string::npos) {
        Candidate* symptom = Undotted(a.code)[0] == 'R' ? &a : Undotted(b.code)[0] == 'R' ? &b : nullptr;
        Candidate* condition = symptom == &a ? &b : &a;
        if (symptom && Undotted(condition->code)[0] == Undotted(combo->code)[0] &&
            ascii::Lower(Title(condition->code)).find("unspecified") == std::string::npos) {
          Drop(*symptom, "symptom-explained",
               "the Index's combination of it with " + Dotted(condition->code) + " (" + Dotted(combo->code) +
                   "): included in the condition's own, more specific code (I.B.5, I.B.9)");
          continue;
        }
      }
      combo->evidence = a.evidence;
      for (const TextSpan& sp : b.evidence) combo->evidence.push_back(sp);
      combo->position = std::min(a.position, b.position);
      combo->group = std::min(a.group, b.group);
      combo->weight = a.weight + b.weight;
      combo->rules.push_back({"combination", "I.B.9",
                              "one code names both " + Dotted(a.code) + " and " + Dotted(b.code) + ": " + Dotted(combo->code)});
      const CodeDetail* detail = Detail(combo->code);
      for (Candidate* part : {&a, &b}) {
        bool asked = false;
        if (detail)
          for (const NoteView& nv : detail->notes)
            if (nv.kind == "useAdditionalCode" || nv.kind == "codeFirst")
              for (const NoteRef& ref : nv.refs) asked = asked || InRange(Undotted(part->code), ref);
        if (asked) {
          part->rules.push_back({"use-additional", "I.A.13", Dotted(combo->code) + " asks for " + Dotted(part->code)});
        } else {
          Drop(*part, "combined", "included in the combination code " + Dotted(combo->code) + " (I.B.9)");
        }
      }
      cands_.push_back(std::move(*combo));
    }
  }
}

// Chronic obstructive pulmonary disease with an acute lower respiratory infection anywhere in
// the note (pneumonia, influenza with pneumonia, acute bronchitis or bronchiolitis: J09-J22) is
// J44.0, whose "code also" note keeps the infection's code (I.A.15: "with"; the Index:
// Disease, lung, obstructive, chronic, with, lower respiratory infection). An exacerbation
// (J44.1) is reported beside it; the unspecified J44.9 is not.
// COPD with a lower respiratory infection read in one Index path that names the infection
// ("Bronchitis, acute or subacute, with, chronic obstructive pulmonary disease" J44.0): J44.0's
// "code also to identify the infection" (I.A.17) is the code of the path's own term before its
// "with" ("Bronchitis, acute or subacute" J20.9), after J44.0.
void NoteCoder::CodeInfectionOfCopd() {
  for (const Candidate& c : cands_) {
    if (c.dropped || c.group >= 2 || Undotted(c.code) != "J440" || c.doc == format::kNone) continue;
    const format::DocRec& doc = cs_.docs()[c.doc];
    if (doc.kind != static_cast<uint8_t>(format::DocKind::kIndexPath)) continue;
    const std::string_view path = cs_.str(doc.text);
    const size_t with = path.find(", with,");
    if (with == std::string_view::npos) continue;
    SearchOptions so;
    so.limit = 3;
    so.date = options_.date;
    const auto& r = searcher_.Search(path.substr(0, with), so);
    if (!r || r->hits.empty() || r->hits[0].kind != MatchKind::kWords) continue;
    const std::string_view hu = Undotted(r->hits[0].code);
    if (hu[0] != 'J' || hu.substr(0, 3) < "J09" || hu.substr(0, 3) > "J22") continue;
    Candidate add = c;
    add.rules.clear();
    add.why.clear();
    add.alternatives.clear();
    add.doc = r->hits[0].doc;
    Explain(*r, r->hits[0], add);
    add.code = Finalize(r->hits[0].code, "", add);
    if (!Billable(add.code)) continue;
    add.position = c.position + 1;
    add.rules.push_back({"code-also", "I.A.17", "J44.0 \"code also to identify the infection\": " + Dotted(add.code)});
    // An exacerbation said beside it is J44.1 too (J44.1 excludes J44.0 only as Excludes2:
    // both may be reported, I.A.12.b).
    std::optional<Candidate> exacerbation;
    if (HasAny(ItemLower(c.item), {"exacerbation", "exac", "exacerbated", "aecopd"}))
      if (auto j441 = cs_.Find("J441"); j441 && Billable(*j441)) {
        exacerbation = c;
        exacerbation->code = *j441;
        exacerbation->rules = {{"excludes2-both", "I.A.12.b", "COPD with an exacerbation beside its infection: J44.1"}};
        exacerbation->alternatives.clear();
        exacerbation->position = c.position;
      }
    cands_.push_back(std::move(add));
    if (exacerbation) cands_.push_back(std::move(*exacerbation));
    return;
  }
}

void NoteCoder::ApplyCopdInfection() {
  const Candidate* infection = nullptr;
  for (const Candidate& c : cands_) {
    const std::string_view u = Undotted(c.code);
    if (!c.dropped && c.group < 2 && u[0] == 'J' && u.substr(0, 3) >= "J09" && u.substr(0, 3) <= "J22" &&
        (!infection || c.position < infection->position))
      infection = &c;
  }
  if (!infection) {
    CodeInfectionOfCopd();
    return;
  }
  auto j440 = cs_.Find("J440");
  if (!j440 || !Billable(*j440)) return;
  std::optional<Candidate> add;
  for (Candidate& c : cands_) {
    const std::string_view u = Undotted(c.code);
    if (c.dropped || c.group >= 2 || u.substr(0, 3) != "J44") continue;
    if (c.code == *j440) return;
    if (u != "J449" && u != "J441") continue;
    const std::string rule = "COPD with a lower respiratory infection (" + Dotted(infection->code) + "): J44.0 (I.A.15)";
    if (u == "J449") {
      c.rules.push_back({"combination-with", "I.A.15", rule + ", not " + Dotted(c.code)});
      c.code = *j440;
      return;
    }
    if (!add) {
      add = c;
      add->code = *j440;
      add->rules.clear();
      add->rules.push_back({"combination-with", "I.A.15", rule + " beside the exacerbation " + Dotted(c.code)});
    }
  }
  if (add) cands_.push_back(std::move(*add));
}

// An organism named beside an infection of its item ("UTI d/t E. coli", "cystitis, E. coli on
// culture") is the infection's cause, not a carrier state: its B95-B97 code after the
// infection (the infection's "use additional code to identify the infectious agent", I.A.13),
// not Z22 (which is for a carrier, a patient without the disease). "Carrier" or "colonized"
// in the chunk keeps Z22.
void NoteCoder::ApplyOrganism() {
  for (Candidate& z : cands_) {
    if (z.dropped || Undotted(z.code).substr(0, 3) != "Z22" || z.evidence.empty()) continue;
    const Candidate* infection = nullptr;
    for (const Candidate& c : cands_) {
      const std::string_view u = Undotted(c.code);
      if (&c == &z || c.dropped || c.item != z.item || u[0] < 'A' || u[0] > 'N' || u[0] == 'C' ||
          u.substr(0, 3) == "B95" || u.substr(0, 3) == "B96" || u.substr(0, 3) == "B97")
        continue;
      infection = &c;
      break;
    }
    if (!infection) continue;
    bool carrier = false;
    for (const note::Chunk& ch : layout_.chunks)
      if (ch.item == z.item && HasAny(ChunkLower(ch), {"carrier", "colonized", "colonization", "colonised"})) carrier = true;
    if (carrier) continue;
    std::string words;
    std::vector<std::string> folded;
    for (const TextSpan& sp : z.evidence) {
      words.append(text_.substr(sp.begin, sp.end - sp.begin));
      words += ' ';
      for (const Tok& t : Tokens(text_, sp.begin, sp.end))
        for (const std::string& f : t.folded) folded.push_back(f);
    }
    SearchOptions so;
    so.limit = 3;
    so.date = options_.date;
    const auto& r = searcher_.Search(words + "as the cause of diseases classified elsewhere", so);
    if (!r) continue;
    for (const SearchHit& h : r->hits) {
      const std::string_view hu = Undotted(h.code);
      if (h.kind != MatchKind::kWords || (hu.substr(0, 3) != "B95" && hu.substr(0, 3) != "B96" && hu.substr(0, 3) != "B97"))
        continue;
      bool organism = false;  // a word of the organism found it, not only the framing words
      for (size_t w = 0; w < r->words.size() && w < 32; ++w)
        if (h.matched & (1u << w))
          for (const std::string& f : SplitSpaces(r->words[w].text))
            organism = organism || std::find(folded.begin(), folded.end(), f) != folded.end();
      if (!organism) break;
      Candidate scratch;
      const uint32_t k = Finalize(h.code, "", scratch);
      if (!Billable(k)) break;
      z.rules.push_back({"infectious-agent", "I.A.13",
                         "the organism of " + Dotted(infection->code) + ": " + Dotted(k) + ", not a carrier state " +
                             Dotted(z.code)});
      z.code = k;
      z.position = std::max(z.position, infection->position + 1);
      break;
    }
  }
}

}  // namespace medcode::coding
