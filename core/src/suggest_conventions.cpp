// suggest_conventions.cpp owns the ICD-10-CM conventions and guidelines the note coder
// applies once every chunk has its candidates: the diabetes type and "with" combinations
// (I.C.4.a), hypertension with heart and kidney disease (I.C.9.a), sequelae of stroke
// (I.C.9.d), Excludes1 (I.A.12.a), signs and symptoms explained by a diagnosis (I.B.5),
// specificity (I.A.9), trimester and weeks of gestation (I.C.15.a), and the reporting order
// ("code first", "use additional code": I.A.13). See suggest_coder.h.
#include <algorithm>
#include <tuple>

#include "medcode/index.h"
#include "medcode/lookup.h"
#include "medcode/text.h"
#include "ascii.h"
#include "search_internal.h"
#include "suggest_coder.h"
#include "suggest_detail.h"

namespace medcode::coding {

// The type of diabetes a note documents once holds for its other diabetes codes: E11 is
// the default only when the type is not documented (I.C.4.a.2), so "DKA" beside "type 1
// diabetes" is E10.10. Then a diabetes code without complications says less than a code of
// the same category with one.
void NoteCoder::DiabetesType() {
  // The note's words say the type (anywhere: "DKA - type 1 diabetes" puts the type in the plan).
  bool type1 = HasAny(lower_, {"type 1 diabetes", "type 1 dm", "type i diabetes", "type 1 diabetic", "dm1", "dm 1",
                               "t1dm", "iddm", "dmi", "dm type 1", "diabetes type 1", "diabetes mellitus type 1"});
  bool type2 = HasAny(lower_, {"type 2", "type ii", "dm2", "dm 2", "t2dm", "dmii", "dm ii", "niddm"});
  // A type 1 code found where the words say type 2 only ("DM2 ... (A1c 10.2)" read as a title
  // with "1") is a misreading, not the type documented.
  for (const Candidate& c : cands_)
    if (!c.dropped && Undotted(c.code).substr(0, 3) == "E10" && !type2) type1 = true;
  // The documented type decides the category of a complication's code read on another line
  // ("T2DM" in the history, "moderate NPDR with macular edema" in the assessment): type 1
  // E10 over the default E11, and either over "other specified" E13, which the note does not
  // say (I.C.4.a.2, I.C.4.a: E13 is for a type the record specifies otherwise).
  // No type documented and nothing of another kind said (secondary, drug- or
  // chemical-induced, due to a named condition, "other specified"): the default type 2
  // (I.C.4.a.2: "If the type of diabetes mellitus is not documented in the medical record the
  // default is E11.-").
  const bool other_kind = HasAny(lower_, {"secondary", "induced", "due to", "d/t", "other specified", "steroid",
                                          "drug", "chemical", "pancreatectomy", "pancreatitis", "cystic fibrosis",
                                          "mody", "gestational", "gdm", "lada"});
  if (!type1 && !type2 && !other_kind) type2 = true;
  if (type1 != type2) {
    const std::string to = type1 ? "E10" : "E11";
    for (Candidate& c : cands_) {
      if (c.dropped) continue;
      std::string_view u = Undotted(c.code);
      if (u.substr(0, 3) != "E13" && (u.substr(0, 3) != "E11" || !type1) && (u.substr(0, 3) != "E10" || type1)) continue;
      auto k = cs_.Find(to + std::string(u.substr(3)));
      if (!k || !Billable(*k) || Title(*k).substr(Title(*k).find("mellitus")) != Title(c.code).substr(Title(c.code).find("mellitus")))
        continue;
      c.rules.push_back({"diabetes-type", "I.C.4.a.2",
                         std::string(type1 ? "type 1" : "type 2") + " diabetes is documented: " + Dotted(*k) + ", not " +
                             Dotted(c.code)});
      c.code = *k;
    }
  }
  for (Candidate& a : cands_) {
    if (a.dropped) continue;
    std::string_view au = Undotted(a.code);
    if (au.size() < 3 || au[0] != 'E' || au.substr(0, 3) < "E08" || au.substr(0, 3) > "E13") continue;
    if (ascii::Lower(Title(a.code)).find("without complications") == std::string::npos) continue;
    for (const Candidate& b : cands_) {
      if (&a == &b || b.dropped || Undotted(b.code).substr(0, 3) != au.substr(0, 3) || b.code == a.code) continue;
      Drop(a, "less-specific", Dotted(b.code) + " says more than " + Dotted(a.code) + " (I.A.9)");
      break;
    }
  }
}

// Diabetes "with": a complication named anywhere in the note joins a diabetes code without
// complications into the combination code the index lists under "with" (I.A.15, I.C.4.a).
void NoteCoder::ApplyDiabetes() {
  DiabetesType();
  for (size_t d = 0; d < cands_.size(); ++d) {
    if (cands_[d].dropped) continue;
    std::string_view du = Undotted(cands_[d].code);
    if (du.size() < 3 || du[0] != 'E' || du.substr(0, 3) < "E08" || du.substr(0, 3) > "E13") continue;
    std::string dtitle = ascii::Lower(Title(cands_[d].code));
    // A diabetes code that already names a complication ("DM2 w/ diabetic polyneuropathy")
    // beside a complication another item of the record documents ("HTN w/ CKD 3a"): the
    // complication's combination code is added beside it, not in place of it (I.A.15: the
    // Index's "with" presumes the link across the record; I.C.4.a: as many codes from E08-E13
    // as needed to identify all the associated conditions).
    const bool adding = dtitle.find("without complications") == std::string::npos;
    std::string cat(du.substr(0, 3));
    bool replaced = false;
    size_t n = cands_.size();
    for (size_t x = 0; x < n; ++x) {
      if (x == d || cands_[x].dropped || cands_[x].group >= 2) continue;
      if (adding && cands_[x].item == cands_[d].item) continue;
      std::string_view xu = Undotted(cands_[x].code);
      if (xu[0] == 'E' && xu.substr(0, 3) >= "E08" && xu.substr(0, 3) <= "E13") continue;
      if (xu[0] == 'Z' || xu[0] == 'R' || (xu[0] >= 'S' && xu[0] <= 'Y')) continue;
      // Hypertension (I10-I1A) is no complication the Index lists under "Diabetes, with": its
      // own presumption with CKD (I.C.9.a.2) gives I12.-, which the diabetes combination for
      // the CKD does not include ("Type 2 DM, HTN, CKD stage 3b": E11.22, I12.9, N18.32).
      if (xu.substr(0, 2) == "I1") continue;
      // A manifestation whose "code first" note names another condition of the record, not
      // the diabetes ("Anemia of CKD" D63.1 beside N18.4): the complication of that condition,
      // which is joined with the diabetes itself (I.A.13, I.C.4.a).
      // A note that names the diabetes too ("code first any associated diabetic chronic
      // kidney disease", N18.-) is the diabetes's complication.
      bool of_other = false, names_diabetes = false;
      if (const CodeDetail* xd = Detail(cands_[x].code))
        for (const NoteView& nv : xd->notes)
          if (nv.kind == "codeFirst")
            for (const NoteRef& ref : nv.refs) {
              names_diabetes = names_diabetes || InRange(du, ref) || InRange(cat + "22", ref);
              for (size_t y = 0; y < n && !of_other; ++y) {
                const std::string_view yu = Undotted(cands_[y].code);
                of_other = y != x && y != d && !cands_[y].dropped && !(yu.substr(0, 3) >= "E08" && yu.substr(0, 3) <= "E13") &&
                           InRange(yu, ref);
              }
            }
      if (of_other && !names_diabetes) continue;
      // Search "<category> diabetes with <the complication>": in the note's words, then as
      // the complication's category names it, then its own title.
      std::string words;
      for (const TextSpan& s : cands_[x].evidence) {
        words += ' ';
        words.append(text_.substr(s.begin, s.end - s.begin));
      }
      std::string cat_title;
      if (auto k = cs_.Find(xu.substr(0, 3))) cat_title = std::string(Title(*k));
      // The first phrasing whose best hit in the category matched a word of the
      // complication (not only "diabetes with").
      std::optional<SearchResult> found;
      std::optional<SearchHit> best;
      for (const std::string& phrase : {words, " " + cat_title, " " + std::string(Title(cands_[x].code))}) {
        SearchOptions so;
        so.limit = 5;
        so.date = options_.date;
        auto r = searcher_.Search(cat + " diabetes with" + phrase, so);
        if (!r) continue;
        for (const SearchHit& h : r->hits) {
          if (h.kind != MatchKind::kWords || Undotted(h.code).substr(0, 3) != cat) continue;
          bool complication = false;
          for (size_t w = 0; w < r->words.size() && w < 32; ++w) {
            if (!(h.matched & (1u << w))) continue;
            const std::string& t = r->words[w].text;
            // A side is not a complication ("cellulitis of left lower leg" is not "... retinopathy, left eye").
            // ("Diabetic foot ulcer R heel": "r", read as right, is no "... retinopathy, right eye").
            const bool side = t == "left" || t == "right" || t == "bilateral" || t == "unspecified" || t == "other" ||
                              detail::DocumentedSide(t) != 0;
            // Nor is a course or kind word alone: COPD's "chronic ... disease" is not "chronic
            // kidney disease" (the Index's "with" lists the complication by its own word).
            const bool generic = t == "chronic" || t == "acute" || t == "disease" || t == "diseases" ||
                                 t == "disorder" || t == "disorders" || t == "complication" || t == "complications";
            if (t != "diabetes" && t != "with" && !side && !generic && !text::IsLinkWord(t) && ascii::Lower(cat) != t)
              complication = true;
          }
          if (complication) best = h;
          break;  // only the best hit of a phrasing counts
        }
        if (best) {
          found.emplace(std::move(*r));
          break;
        }
      }
      if (!found) continue;
      {
        const SearchResult& rr = *found;
        const SearchHit& h = *best;
        Candidate combo = cands_[d];
        combo.rules.clear();
        combo.why.clear();
        combo.why.push_back(medcode::Explain(cs_, rr, h));
        // I.A.15 presumes the link for a condition the Index lists under "Diabetes, with" by
        // name ("with, chronic kidney disease", "with, osteomyelitis"). A catch-all ("with,
        // kidney complications NEC", "ophthalmic complication NEC") or a title read only by
        // site words ("myopia" as "... retinopathy ..., unspecified eye") needs the provider's
        // link: "diabetic", "due to", "2/2", "related" on the condition's line.
        {
          const std::string& why = combo.why.back();
          const std::string path = why.substr(0, why.find(" (words:"));
          const size_t with = path.rfind(", with, ");
          const bool named = path.rfind("index:", 0) == 0 && with != std::string::npos &&
                             path.find(" NEC", with) == std::string::npos;
          if (!named) {
            if (!HasAny(LineLowerAt(cands_[x].evidence.front().begin), {"diabetic", "due", "d/t", "2/2", "secondary", "related", "associated", "induced", "complication",
                               "complications", "from"}))
              continue;
          }
        }
        combo.code = Finalize(h.code, "", combo);
        if (combo.code == cands_[d].code) continue;
        if (adding && std::any_of(cands_.begin(), cands_.end(), [&](const Candidate& o) {
              return !o.dropped && Undotted(o.code).substr(0, 4) == Undotted(combo.code).substr(0, 4);
            }))
          continue;  // the record codes this complication's subcategory already
        for (const TextSpan& s : cands_[x].evidence) combo.evidence.push_back(s);
        combo.rules.push_back({"combination-with", "I.A.15",
                               "\"with\": diabetes and " + Dotted(cands_[x].code) + " are presumed linked: combination code " +
                                   Dotted(combo.code) + " (I.C.4.a)"});
        // Keep the complication's own code only where the combination asks for it.
        bool asked = false;
        if (const CodeDetail* detail = Detail(combo.code)) {
          for (const NoteView& nv : detail->notes)
            if (nv.kind == "useAdditionalCode")
              for (const NoteRef& ref : nv.refs) asked = asked || InRange(xu, ref);
        }
        // Added beside a coded complication: only the combination whose own note asks for
        // this condition's code ("use additional code to identify stage of chronic kidney
        // disease"), the Tabular's tie between the two.
        if (adding && !asked) continue;
        if (asked) {
          cands_[x].rules.push_back({"use-additional", "I.A.13",
                                     "use additional code: " + Dotted(combo.code) + " asks for " + Dotted(cands_[x].code)});
        } else {
          Drop(cands_[x], "combined", "included in the combination code " + Dotted(combo.code) + " (I.B.9)");
        }
        cands_.push_back(std::move(combo));
        replaced = !adding;
      }
    }
    if (replaced) cands_[d].dropped = true;
  }
}

// Chronic kidney disease requiring chronic dialysis is end stage renal disease (N18.6's
// inclusion term; I.C.14.a.1): a CKD stage code (N18.1-N18.5, N18.9) of an item that also
// gives the dialysis status Z99.2 ("CKD 5 on HD MWF via L arm AVF") is N18.6, Z99.2 beside it.
void NoteCoder::ApplyDialysisStage() {
  const auto esrd = cs_.Find("N18.6");
  if (!esrd) return;
  for (Candidate& c : cands_) {
    const std::string_view u = Undotted(c.code);
    if (c.dropped || !u.starts_with("N18") || c.code == *esrd) continue;
    if (std::none_of(cands_.begin(), cands_.end(), [&](const Candidate& z) {
          return !z.dropped && z.item == c.item && Undotted(z.code) == "Z992";
        }))
      continue;
    c.rules.push_back({"dialysis-esrd", "I.C.14.a.1",
                       "chronic kidney disease requiring chronic dialysis: N18.6 (its inclusion term), not " + Dotted(c.code)});
    c.code = *esrd;
  }
}

// Hypertension with CKD and no N18 code: the stage the story, the exam or the results document
// ("PMH: CKD stage 3a", "Results: eGFR 38 - CKD stage 3b" beside "HTN/CKD"), which I12 and I13
// (and E11.22) ask for ("use additional code to identify the stage of chronic kidney disease",
// I.C.9.a.2). With `unspecified_too` (the last pass), no stage documented anywhere: N18.9, the
// code the note lists for CKD of unspecified stage beside I12.9, I13.0 and I13.10 ("HTN, CKD").
void NoteCoder::StageBesideHypertension(bool unspecified_too) {
  for (const Candidate& c : cands_)
    if (!c.dropped && Undotted(c.code).substr(0, 3) == "N18") return;
  const Candidate* htn = nullptr;
  for (const Candidate& c : cands_)
    if (!c.dropped && !htn && (Undotted(c.code).substr(0, 3) == "I12" || Undotted(c.code).substr(0, 3) == "I13")) htn = &c;
  if (!htn) return;
  const int group = htn->group;
  const uint32_t position = htn->position + 1;
  std::vector<Candidate> story;
  if (layout_.has_assessment)
    story = StoryCodes(
        [](const note::Chunk& ch) { return ch.section != Section::kAssessment && ch.section != Section::kFamily; },
        [](std::string_view u) { return u.substr(0, 3) == "N18" && u != "N189"; }, true, true);
  if (story.empty()) {
    const std::string_view hu = Undotted(htn->code);
    if (!unspecified_too || !(hu == "I129" || hu == "I130" || hu == "I1310")) return;
    // A stage written anywhere but a relative's history ("CKD 4", "CKD stage 3a", "CKD IV")
    // that no code read: none added (the stage is documented; N18.9 would say it is not).
    for (const note::Chunk& ch : layout_.chunks) {
      if (ch.section == Section::kFamily || ch.assertion == Assertion::kFamily) continue;
      const std::string_view low = ChunkLower(ch);
      for (std::string_view w : {"ckd", "stage", "crd", "kidney disease", "renal disease", "renal failure"})
        for (size_t at = low.find(w); at != std::string_view::npos; at = low.find(w, at + 1)) {
          size_t b = at + w.size();
          while (b < low.size() && (low[b] == ' ' || low[b] == '-' || low[b] == ',')) ++b;
          size_t e = b;
          while (e < low.size() && IsWordByte(low[e])) ++e;
          const std::string_view stage = low.substr(b, e - b);
          for (std::string_view st : {"1", "2", "3", "3a", "3b", "4", "5", "i", "ii", "iii", "iiia", "iiib", "iv", "v", "stage"})
            if (stage == st) return;
        }
    }
    auto n189 = cs_.Find("N18.9");
    if (!n189) return;
    Candidate c = *htn;
    c.code = *n189;
    c.doc = format::kNone;
    c.why = {"chronic kidney disease of no documented stage"};
    c.alternatives.clear();
    // Its evidence: the kidney words of the hypertensive CKD's ("HTN, CKD": "CKD").
    bool narrowed = false;
    for (const TextSpan& sp : htn->evidence)
      for (std::string_view w : {"ckd", "chronic kidney disease", "chronic renal", "kidney", "renal"}) {
        const size_t at = std::string_view(lower_).substr(sp.begin, sp.end - sp.begin).find(w);
        if (narrowed || at == std::string_view::npos) continue;
        c.evidence = {{static_cast<uint32_t>(sp.begin + at), static_cast<uint32_t>(sp.begin + at + w.size())}};
        narrowed = true;
      }
    c.rules = {{"unstaged-ckd", "I.C.9.a.2",
                Dotted(htn->code) + " asks for the stage of the chronic kidney disease: none documented, N18.9"}};
    c.position = position;
    cands_.push_back(std::move(c));
    return;
  }
  Candidate& c = story.front();
  c.group = group;
  c.position = position;
  c.rules.push_back({"use-additional", "I.C.9.a.2", "the stage of the hypertensive chronic kidney disease, documented in the note"});
  cands_.push_back(std::move(c));
}

// Hypertension with heart failure and/or chronic kidney disease (I.C.9.a.1-3): the
// combination category, with the heart failure and CKD stage codes it asks for.
// A high blood pressure reading where the note says hypertension is not diagnosed ("BP high
// today 162/98, no prior dx of HTN"; outpatient, "? HTN"): the reading, R03.0 (the Index:
// Elevated, blood pressure, reading, no diagnosis of hypertension; IV.H), not I10. Only for a
// code read from words that do not name hypertension themselves.
void NoteCoder::ApplyUndiagnosedHypertension() {
  const auto names_htn = [](std::string_view l) {
    return HasAny(l, {"htn", "hypertension", "hypertensive", "hbp", "high blood pressure"});
  };
  bool denied = false;
  for (const note::Chunk& ch : layout_.chunks)
    denied = denied || ((ch.assertion == Assertion::kNegated || ch.assertion == Assertion::kRuledOut ||
                         (ch.assertion == Assertion::kUncertain && options_.setting != CareSetting::kInpatient)) &&
                        names_htn(ChunkLower(ch)));
  if (!denied) return;
  for (Candidate& c : cands_) {
    if (c.dropped || Undotted(c.code) != "I10" || c.evidence.empty()) continue;
    if (std::any_of(c.evidence.begin(), c.evidence.end(),
                    [&](const TextSpan& sp) { return names_htn(std::string_view(lower_).substr(sp.begin, sp.end - sp.begin)); }))
      continue;
    auto k = cs_.Find("R03.0");
    if (!k || !Billable(*k)) return;
    c.rules.push_back({"elevated-reading", "IV.H",
                       "a high reading where hypertension is not diagnosed: R03.0, not " + Dotted(c.code)});
    c.code = *k;
  }
}

void NoteCoder::ApplyHypertension() {
  ApplyUndiagnosedHypertension();
  Candidate* htn = nullptr;
  bool hf = false, ckd = false, ckd5 = false;
  // The heart conditions I11's inclusion note and I.C.9.a.1 presume hypertensive (I51.4-I51.7,
  // I51.89, I51.9: "HTN w/ LVH" is hypertensive heart disease, I11.9); the combination
  // includes them.
  std::vector<size_t> heart;
  for (Candidate& c : cands_) {
    if (c.dropped) continue;
    std::string_view u = Undotted(c.code);
    if (u == "I10" || u.substr(0, 3) == "I11" || u.substr(0, 3) == "I12" || u.substr(0, 3) == "I13") {
      if (!htn) htn = &c;
      // A hypertension code read whole with its heart failure ("hypertensive heart dz w/ HF":
      // I11.0) documents the heart failure too.
      if (u == "I110" || u == "I130" || u == "I132") hf = true;
      // ... or read from words that name it beside the heart ("hypertensive heart dz w/ acute HF":
      // the Index's "Failure, heart, with hypertension" sends to I11.9's term).
      for (const TextSpan& sp : c.evidence)
        hf = hf || HasAny(std::string_view(lower_).substr(sp.begin, sp.end - sp.begin),
                          {"hf", "chf", "heart failure", "hfref", "hfpef", "hfmref"});
    }
    if (u == "I514" || u == "I515" || u == "I516" || u == "I517" || u == "I5189" || u == "I519")
      heart.push_back(static_cast<size_t>(&c - cands_.data()));
    if (u.substr(0, 3) == "I50") hf = true;
    if (u.substr(0, 3) == "N18") {
      ckd = true;
      if (u == "N185" || u == "N186") ckd5 = true;
    }
    // Diabetes with diabetic CKD (E11.22) documents the CKD too, where its words name it:
    // hypertension beside it is presumed linked to it as to an N18 code (I.C.9.a.2; "DM2 with
    // diabetic CKD" and "HTN" on their own lines: E11.22, I12.9 and the stage).
    if (u[0] == 'E' && u.substr(0, 3) >= "E08" && u.substr(0, 3) <= "E13" && u.substr(3) == "22")
      for (const TextSpan& sp : c.evidence)
        ckd = ckd || HasAny(lower_.substr(sp.begin, sp.end - sp.begin), {"ckd", "chronic kidney", "chronic renal"});
  }
  if (!htn || (!hf && !ckd && heart.empty())) return;
  std::string_view u = Undotted(htn->code);
  const char* want = nullptr;
  const char* section = nullptr;
  if (hf && ckd) {
    want = ckd5 ? "I13.2" : "I13.0";
    section = "I.C.9.a.3";
  } else if (hf) {
    want = u.substr(0, 3) == "I13" || u == "I110" ? nullptr : "I11.0";
    section = "I.C.9.a.1";
  } else if (!heart.empty() && ckd) {
    want = ckd5 ? "I13.11" : "I13.10";
    if (u.substr(0, 3) == "I13") want = nullptr;
    section = "I.C.9.a.3";
  } else if (!heart.empty()) {
    want = u.substr(0, 3) == "I11" || u.substr(0, 3) == "I13" ? nullptr : "I11.9";
    section = "I.C.9.a.1";
  } else {
    want = ckd5 ? "I12.0" : "I12.9";
    if ((u.substr(0, 3) == "I13" || u.substr(0, 3) == "I12") && !(u == "I129" && ckd5)) want = nullptr;
    section = "I.C.9.a.2";
  }
  const bool heart_disease = hf || !heart.empty();
  const std::string linked =
      "hypertension with " +
      std::string(heart_disease && ckd ? (hf ? "heart failure and chronic kidney disease" : "heart disease and chronic kidney disease")
                  : hf                 ? "heart failure"
                  : heart_disease      ? "heart disease"
                                       : "chronic kidney disease") +
      " is presumed linked: ";
  // The heart condition is included in the hypertensive heart disease code (I11's inclusion
  // note: "any condition in I50.-, I51.4-I51.9 due to hypertension"; only the heart failure's
  // type is asked for).
  // ... and so is the hypertension another item names again ("CKD 3a - due to DM and HTN",
  // then "HTN - controlled"): one combination code for the hypertension (I.C.9.a.2).
  auto fold_heart = [&](uint32_t combined) {
    for (size_t i : heart)
      Drop(cands_[i], "combined", "included in the combination code " + Dotted(combined) + " (" + section + ")");
    for (Candidate& o : cands_)
      if (&o != htn && !o.dropped && Undotted(o.code) == "I10")
        Drop(o, "combined", "included in the combination code " + Dotted(combined) + " (" + section + ")");
  };
  // Already the combination, found whole ("HTN, CKD stage 3b": the Index's "Hypertension,
  // kidney, with stage 1 through stage 4"): the same presumption, cited.
  auto k = want ? cs_.Find(want) : std::optional<uint32_t>(htn->code);
  if (!k) return;
  if (*k == htn->code) {
    htn->rules.push_back({"hypertension-combination", section, linked + Dotted(htn->code)});
    fold_heart(htn->code);
    return;
  }
  htn->rules.push_back({"hypertension-combination", section, linked + Dotted(htn->code) + " becomes " + want});
  htn->code = *k;
  fold_heart(htn->code);
  // The stage the note documents is the additional N18 code the combination asks for
  // (I.C.9.a.2-3): "kidney dz" read apart (N18.9) says less than "ESRD" (N18.6) (I.A.9).
  if (ckd) {
    const bool staged = std::any_of(cands_.begin(), cands_.end(), [&](const Candidate& o) {
      return !o.dropped && Undotted(o.code).substr(0, 3) == "N18" && Undotted(o.code) != "N189";
    });
    for (Candidate& o : cands_)
      if (staged && !o.dropped && Undotted(o.code) == "N189")
        Drop(o, "less-specific", "the stage documented says more than N18.9 (I.A.9, I.C.9.a.2)");
  }
}

// A cerebral infarction of a named artery whose mechanism the text does not give: the
// Index's "due to embolism" (I63.1-, I63.4-) or "due to thrombosis" (I63.0-, I63.3-) reading
// is the "unspecified occlusion or stenosis" code of the same artery and side (I63.2-,
// I63.5-; I.A.9: the code says what the text says). And status post tPA is Z92.82 only when
// it was given in a different facility (its title), not here.
void NoteCoder::ApplyStroke() {
  for (Candidate& c : cands_) {
    if (c.dropped) continue;
    const std::string_view u = Undotted(c.code);
    if (u == "Z9282") {
      bool elsewhere = false;
      for (const note::Chunk& ch : layout_.chunks)
        if (ch.line == c.line && HasAny(ChunkLower(ch), {"osh", "outside", "different facility", "another facility", "other facility",
                                                         "transfer", "transferred", "referring", "prior to arrival",
                                                         "prior to admission", "prior to transfer", "before transfer"}))
          elsewhere = true;
      if (!elsewhere)
        Drop(c, "not-elsewhere", "tPA given in this facility: Z92.82 is for tPA given in a different facility");
      continue;
    }
    if (u.substr(0, 3) != "I63" || u.size() < 5 || u[3] > '5') continue;
    // A code naming an artery the text does not name ("acute CVA with rt hemiparesis" read as
    // an embolism of the right middle cerebral artery): the unspecified infarction (I63.9).
    bool artery = false;
    for (const note::Chunk& ch : layout_.chunks)
      if (ch.item == c.item && HasAny(ChunkLower(ch), {"artery", "arteries", "arterial", "mca", "aca", "pca", "ica", "carotid",
                                                       "vertebral", "basilar", "cerebellar", "pica", "aica", "vessel"}))
        artery = true;
    if (!artery) {
      if (auto k = cs_.Find("I63.9"); k && Billable(*k)) {
        c.rules.push_back({"stroke-artery", "I.A.9", "no artery documented: I63.9, not " + Dotted(c.code)});
        c.code = *k;
      }
      continue;
    }
    if (u[3] == '2' || u[3] == '5') continue;
    bool mechanism = false;
    for (const note::Chunk& ch : layout_.chunks)
      if (ch.item == c.item && HasAny(ChunkLower(ch), {"embolism", "embolic", "emboli", "embolus", "cardioembolic", "thrombosis",
                                                       "thrombotic", "thrombus", "thrombi", "clot"}))
        mechanism = true;
    if (mechanism) continue;
    std::string sibling(u);
    sibling[3] = (u[3] == '0' || u[3] == '1') ? '2' : '5';
    auto k = cs_.Find(sibling);
    if (!k || !Billable(*k) || ascii::Lower(Title(*k)).find("unspecified occlusion") == std::string::npos) continue;
    c.rules.push_back({"stroke-mechanism", "I.A.9",
                       "the artery is documented, not the mechanism: " + Dotted(*k) + ", not " + Dotted(c.code)});
    c.code = *k;
  }
  // An infarction of no artery (I63.9, or I63.30/.40/.50 "... of unspecified cerebral artery")
  // where the note names the artery, often on another line ("CTA: R MCA occlusion,
  // thrombotic"; "MRI: acute infarct L MCA territory"): the code of that artery and of the
  // mechanism the note says (embolism, thrombosis, else unspecified occlusion or stenosis:
  // Index "Infarct, cerebral, due to ..."; I.A.9: the unspecified code only when the record
  // lacks the detail).
  bool embolic = false, thrombotic = false;
  for (const note::Chunk& ch : layout_.chunks) {
    if (ch.assertion != Assertion::kPresent) continue;
    embolic = embolic || HasAny(ChunkLower(ch), {"embolism", "embolic", "emboli", "embolus", "cardioembolic"});
    thrombotic = thrombotic || HasAny(ChunkLower(ch), {"thrombosis", "thrombotic", "thrombus", "thrombi"});
  }
  for (Candidate& c : cands_) {
    const std::string_view u = Undotted(c.code);
    if (c.dropped || !(u == "I639" || u == "I6330" || u == "I6340" || u == "I6350")) continue;
    std::string mechanism = u == "I6330" ? "thrombosis" : u == "I6340" ? "embolism" : "unspecified occlusion or stenosis";
    if (u == "I639" && embolic != thrombotic) mechanism = embolic ? "embolism" : "thrombosis";
    const auto k = DetailOfText(c, "cerebral infarction due to " + mechanism + " of ", true);
    if (!k) continue;
    c.rules.push_back({"stroke-artery-of-note", "I.A.9", "the artery the note names: " + Dotted(*k) + ", not " + Dotted(c.code)});
    c.code = *k;
    c.alternatives.clear();
    // The occlusion of that artery (I65-I66) is the infarction's cause, which its code says:
    // I66's Excludes1 "occlusion and stenosis of cerebral artery causing cerebral infarction
    // (I63.3-I63.5)", I65's "(I63.0-I63.2)" (I.A.12.a).
    const std::string infarct = ascii::Lower(Title(c.code));
    // Another code of the same artery's infarction that says less ("infarct L MCA": I63.512,
    // unspecified occlusion, beside "embolic" I63.412): the one infarction, its mechanism
    // documented (I.A.9).
    const std::string artery_of = infarct.substr(infarct.find(" of "));
    for (Candidate& o : cands_)
      if (&o != &c && !o.dropped && o.code != c.code && Undotted(o.code).substr(0, 3) == "I63" &&
          ascii::Lower(Title(o.code)).ends_with(artery_of) && ascii::Lower(Title(o.code)).find("unspecified") != std::string::npos)
        Drop(o, "less-specific", "the infarction of the same artery is " + Dotted(c.code) + ", its mechanism documented (I.A.9)");
    for (Candidate& o : cands_) {
      const std::string_view ou = Undotted(o.code).substr(0, 3);
      if (o.dropped || (ou != "I65" && ou != "I66")) continue;
      std::string artery = ascii::Lower(Title(o.code));
      if (!artery.starts_with("occlusion and stenosis of ")) continue;
      artery = artery.substr(26);
      for (std::string_view tail : {" arteries", " artery"})
        if (artery.ends_with(tail)) artery.resize(artery.size() - tail.size());
      if (infarct.find(" of " + artery + " arter") != std::string::npos)
        Drop(o, "excludes1", "the occlusion causing the infarction " + Dotted(c.code) + " is included in it (I.A.12.a)");
    }
  }
}

// Peripheral arterial disease documented with the stage of its ischemia ("PAD bilat LE with
// intermittent claudication", "R leg PAD now w/ rest pain"): the disease of the leg arteries
// whose claudication, rest pain or gangrene the text states is atherosclerosis of the native
// arteries of the extremities, I70.21- / I70.22- / I70.26- by side (the Index: Atherosclerosis,
// extremities, with intermittent claudication / rest pain / gangrene; I.A.9: the code that says
// what the text says), not I73.9. The words the combination reads (the side, the limb, the
// stage) are no condition of their own: a code found only in them is dropped.
void NoteCoder::ApplyPeripheralAtherosclerosis() {
  for (Candidate& c : cands_) {
    if (c.dropped || Undotted(c.code) != "I739" || c.evidence.empty()) continue;
    // Arterial, in the text's own words (not "PVD", which may be venous).
    bool arterial = false;
    for (const TextSpan& sp : c.evidence)
      arterial = arterial || HasAny(std::string_view(lower_).substr(sp.begin, sp.end - sp.begin),
                                    {"pad", "peripheral arterial", "peripheral artery"});
    if (!arterial) continue;
    // The stage and the side the items of its evidence state (present, not said absent).
    // The side is the one the chunks that state the stage give ("s/p L BKA for PAD. R leg PAD
    // now w/ rest pain": the right leg).
    char stage = 0, side = 0;
    bool right = false, left = false;
    std::vector<TextSpan> read = c.evidence;
    for (const note::Chunk& ch : layout_.chunks) {
      if (ch.assertion != Assertion::kPresent) continue;
      if (!std::any_of(c.evidence.begin(), c.evidence.end(),
                       [&](const TextSpan& sp) { return sp.begin >= ch.begin && sp.end <= ch.end; }))
        continue;
      const std::string_view chunk = ChunkLower(ch);
      if (!HasAny(chunk, {"claudication", "rest pain", "gangrene", "gangrenous"})) continue;
      const std::vector<Tok> toks = Tokens(text_, ch.begin, ch.end);
      for (size_t k = 0; k < toks.size(); ++k) {
        if (toks[k].absent) continue;
        const std::string w = ascii::Lower(text_.substr(toks[k].begin, toks[k].end - toks[k].begin));
        const std::string next =
            k + 1 < toks.size() ? ascii::Lower(text_.substr(toks[k + 1].begin, toks[k + 1].end - toks[k + 1].begin)) : "";
        char s = 0;
        bool word = true;
        if (w == "gangrene" || w == "gangrenous") {
          s = '6';
        } else if (w == "rest" && (next == "pain" || next == "pains")) {
          s = '2';
          read.push_back({toks[k + 1].begin, toks[k + 1].end});
        } else if (w == "claudication") {
          s = '1';
        } else if (w == "intermittent") {
        } else if (const char sd = detail::DocumentedSide(w)) {  // 'B' both, 'R', 'L'
          right = right || sd != 'L';
          left = left || sd != 'R';
        } else if (w != "le" && w != "les" && w != "leg" && w != "legs" && w != "lower" && w != "extremity" &&
                   w != "extremities" && w != "calf" && w != "calves" && w != "limb" && w != "limbs") {
          word = false;
        }
        if (s && (!stage || s > stage)) stage = s;  // the furthest stage stated (gangrene > rest pain > claudication)
        if (word) read.push_back({toks[k].begin, toks[k].end});
      }
    }
    if (!stage) continue;
    side = right && left ? '3' : right ? '1' : left ? '2' : '9';
    const std::string code = std::string("I702") + stage + side;
    auto k = cs_.Find(code);
    if (!k || !Billable(*k)) continue;
    c.rules.push_back({"peripheral-atherosclerosis", "I.A.9",
                       "peripheral arterial disease with its ischemia stated (Index: Atherosclerosis, extremities, "
                       "with ...): " + Dotted(*k) + ", not " + Dotted(c.code)});
    c.code = *k;
    for (Candidate& o : cands_) {
      if (&o == &c || o.dropped || o.evidence.empty()) continue;
      const bool inside = std::all_of(o.evidence.begin(), o.evidence.end(), [&](const TextSpan& e) {
        for (uint32_t p = e.begin; p < e.end; ++p) {
          if (!IsWordByte(text_[p])) continue;
          if (!std::any_of(read.begin(), read.end(), [&](const TextSpan& r) { return p >= r.begin && p < r.end; }))
            return false;
        }
        return true;
      });
      if (inside)
        Drop(o, "read-by-combination", "its words are the limb, side and stage of " + Dotted(*k) + " (I.A.9)");
    }
  }
}

// A polyp whose pathology names what it is ("sigmoid polyp, path tubular adenoma", "colon
// polyp - bx adenocarcinoma"): the neoplasm the histology names at the polyp's site (the
// Index: Adenoma, see also Neoplasm, benign, by site; the Neoplasm Table by site), not the
// polyp's own code (K63.5) beside a neoplasm of unspecified site (D36.9, D12.6): the histology's code
// at the site the polyp's words give, found by the same search the text "sigmoid tubular
// adenoma" asks. On one line; only where the search reads every site word.
void NoteCoder::ApplyPolypPathology() {
  for (Candidate& n : cands_) {
    if (n.dropped || n.evidence.empty()) continue;
    const std::string_view nu = Undotted(n.code);
    const bool neoplasm = nu[0] == 'C' || (nu[0] == 'D' && nu.substr(0, 3) <= "D49");
    if (!neoplasm || ascii::Lower(Title(n.code)).find("unspecified") == std::string::npos) continue;
    for (Candidate& p : cands_) {
      if (&p == &n || p.dropped || p.evidence.empty() || p.line != n.line) continue;
      const std::string_view pu = Undotted(p.code);
      if (pu[0] == 'C' || pu[0] == 'D') continue;
      std::string site, histology;
      bool polyp = false;
      for (const TextSpan& sp : p.evidence)
        for (const Tok& t : Tokens(text_, sp.begin, sp.end)) {
          const std::string w = ascii::Lower(text_.substr(t.begin, t.end - t.begin));
          if (w.rfind("polyp", 0) == 0) {
            polyp = true;
          } else if (t.content) {
            site.append(w).push_back(' ');
          }
        }
      if (!polyp || site.empty()) continue;
      for (const TextSpan& sp : n.evidence) histology.append(lower_.substr(sp.begin, sp.end - sp.begin)).push_back(' ');
      SearchOptions so;
      so.limit = 5;
      so.date = options_.date;
      const auto& r = searcher_.Search(site + histology, so);
      if (!r || r->hits.empty() || r->hits.front().kind != MatchKind::kWords) continue;
      const SearchHit& h = r->hits.front();
      const std::string_view hu = Undotted(h.code);
      // The same behavior (benign, malignant) at a site: another code, not of "unspecified site".
      if (hu[0] != nu[0] || h.code == n.code || ascii::Lower(Title(h.code)).find("unspecified site") != std::string::npos)
        continue;
      // The hit reads every site word the polyp's evidence says.
      std::vector<std::string> read;
      for (size_t w = 0; w < r->words.size() && w < 32; ++w)
        if (h.matched & (1u << w))
          for (std::string f : SplitSpaces(r->words[w].text)) read.push_back(std::move(f));
      const auto site_words = text::Tokenize(site);
      if (!site_words || !std::all_of(site_words->begin(), site_words->end(), [&](const std::string& f) {
            return std::find(read.begin(), read.end(), f) != read.end();
          }))
        continue;
      Candidate scratch;
      const uint32_t k = Finalize(h.code, "", scratch);
      if (!Billable(k)) continue;
      n.rules.push_back({"polyp-pathology", "I.C.2",
                         "the pathology names the polyp: " + Dotted(k) + " at its site, not " + Dotted(n.code) +
                             " and " + Dotted(p.code)});
      n.code = k;
      n.position = std::min(n.position, p.position);
      for (const TextSpan& sp : p.evidence) n.evidence.push_back(sp);
      Drop(p, "polyp-pathology", "the pathology names the polyp: " + Dotted(k));
      break;
    }
  }
}

// Sequelae of cerebrovascular disease (I.C.9.d.1): a deficit documented as the late effect of
// an old stroke ("dysphagia as late effect of old cerebral infarction", "hemiplegia due to
// old CVA") is the I69 code of the stroke's kind; the old stroke itself is not current.
void NoteCoder::ApplySequela() {
  std::vector<Candidate> added;  // appended after the loop: cands_ must not grow under its references
  for (Candidate& stroke : cands_) {
    if (stroke.dropped) continue;
    std::string_view su = Undotted(stroke.code);
    // The history of a cerebral infarction (Z86.73, "without residual deficits") with a deficit
    // beside it is an old stroke with a residual deficit (I.C.9.d.1, I.C.9.d.3).
    const bool history = su == "Z8673";
    if (!history && (su[0] != 'I' || su.substr(0, 3) < "I60" || su.substr(0, 3) > "I67")) continue;
    // The sequela words in the stroke's item.
    bool old = history;
    for (const note::Chunk& ch : layout_.chunks)
      if (ch.item == stroke.item &&
          HasAny(ChunkLower(ch), {"old", "late effect", "late effects", "residual", "residuals", "sequela", "sequelae",
                                  "prior", "previous", "remote", "following",
                                  "post-stroke", "poststroke", "post stroke", "post-cva", "post cva"}))
        old = true;
    if (!old) continue;
    std::string sub = history ? "I69.3" : su.substr(0, 3) == "I60" ? "I69.0" : su.substr(0, 3) == "I61" ? "I69.1"
                    : su.substr(0, 3) == "I62" ? "I69.2" : su.substr(0, 3) == "I63" ? "I69.3" : "I69.8";
    bool replaced = false;
    // The stroke's own reading may have used its deficit's words ("R hemiparesis from old CVA"
    // read by the Index's "Hemiplegia, embolic" I63.4-): it is the deficit too.
    std::string stroke_words;
    for (const TextSpan& sp : stroke.evidence) stroke_words += ascii::Lower(text_.substr(sp.begin, sp.end - sp.begin)) + " ";
    const bool own_deficit = !history && HasAny(stroke_words, {"hemiparesis", "hemiplegia", "hemiplegic", "monoplegia",
                                                               "aphasia", "dysarthria", "dysphagia", "ataxia"});
    // Deficits coded on their own first; the stroke's own reading last.
    std::vector<Candidate*> order;
    for (Candidate& d : cands_)
      if (&d != &stroke) order.push_back(&d);
    order.push_back(&stroke);
    for (Candidate* dp : order) {
      Candidate& d = *dp;
      const bool self = &d == &stroke;
      if ((self && !own_deficit) || d.dropped || d.item != stroke.item || d.group >= 2) continue;
      std::string_view du = Undotted(d.code);
      if (!self && (du[0] == 'Z' || (du[0] == 'I' && du.substr(0, 3) >= "I60" && du.substr(0, 3) <= "I69"))) continue;
      std::string words;
      for (const TextSpan& sp : d.evidence) {
        words += ' ';
        words.append(text_.substr(sp.begin, sp.end - sp.begin));
      }
      SearchOptions so;
      so.limit = 3;
      so.date = options_.date;
      auto r = searcher_.Search(sub + words, so);
      if (!r) continue;
      for (const SearchHit& h : r->hits) {
        if (h.kind != MatchKind::kWords || Dotted(h.code).substr(0, sub.size()) != sub) continue;
        bool deficit = false;  // a word of the deficit found it, not only the code
        for (size_t w = 0; w < r->words.size() && w < 32; ++w)
          if ((h.matched & (1u << w)) && r->words[w].use != WordUse::kCodeFilter) deficit = true;
        if (!deficit) break;
        Candidate seq = d;
        seq.rules.clear();
        seq.why.clear();
        seq.why.push_back(medcode::Explain(cs_, *r, h));
        seq.code = Finalize(h.code, "", seq);
        // The side's dominance as documented, else its default (I.C.6.a: left non-dominant).
        std::string deficit_lower = ascii::Lower(words);
        for (const note::Chunk& ch : layout_.chunks)
          if (ch.item == d.item) deficit_lower += " " + std::string(ChunkLower(ch));
        // The deficit's code already says the side and dominance ("affecting right dominant
        // side", G81.91): the sequela's sibling that says the same (I.B.13, I.C.6.a).
        auto side_of = [](std::string t) {
          t = ascii::Lower(t);
          std::erase(t, '-');
          const size_t at = t.find("affecting ");
          return at == std::string::npos ? std::string() : t.substr(at);
        };
        std::string want = side_of(std::string(Title(d.code)));
        if (want.empty() || want.find("unspecified") != std::string::npos) {
          // The side the words give, with the dominance they say or its default (I.C.6.a:
          // right dominant, left non-dominant; a left-handed patient's left is dominant).
          char side = detail::DocumentedSide(ascii::Lower(words));
          if (side == 0) side = detail::DocumentedSide(deficit_lower);
          const bool left_handed = HasAny(deficit_lower, {"left handed", "left-handed", "l handed", "l-handed", "lefty"});
          const bool right_handed = HasAny(deficit_lower, {"right handed", "right-handed", "r handed", "r-handed"});
          if (side == 'R') want = std::string("affecting right ") + (left_handed ? "nondominant" : "dominant") + " side";
          if (side == 'L') want = std::string("affecting left ") + (left_handed && !right_handed ? "dominant" : "nondominant") + " side";
        }
        if (const std::string have = side_of(std::string(Title(seq.code)));
            !want.empty() && have.find("unspecified") != std::string::npos && want.find("unspecified") == std::string::npos) {
          const std::string_view su2 = Undotted(seq.code);
          auto [b, e] = cs_.PrefixRange(su2.substr(0, su2.size() - 1));
          for (uint32_t s2 = b; s2 < e; ++s2) {
            const uint32_t k = cs_.sorted()[s2];
            if (cs_.code(k).size() == su2.size() && Billable(k) && side_of(std::string(Title(k))) == want) {
              seq.code = k;
              break;
            }
          }
        }
        if (auto k = detail::DominanceSibling(cs_, year_, seq.code, deficit_lower, handed_)) {
          seq.rules.push_back({"dominance-default", "I.C.6.a",
                               "dominance by the hand the patient favors, else right dominant, left non-dominant: " + Dotted(*k)});
          seq.code = *k;
        }
        for (const TextSpan& sp : stroke.evidence) seq.evidence.push_back(sp);
        seq.position = std::min(d.position, stroke.position);
        seq.rules.push_back({"sequela-cerebrovascular", "I.C.9.d.1",
                             "a deficit as the late effect of an old stroke: " + Dotted(seq.code)});
        // Keep the deficit's own code only where the I69 code asks for it ("use additional
        // code to identify the type of dysphagia").
        bool asked = false;
        if (const CodeDetail* detail = Detail(seq.code))
          for (const NoteView& nv : detail->notes)
            if (nv.kind == "useAdditionalCode")
              for (const NoteRef& ref : nv.refs) asked = asked || InRange(du, ref);
        if (self) {
          // the stroke's own reading: dropped below as the sequela's
        } else if (asked) {
          d.rules.push_back({"use-additional", "I.A.13", "use additional code: " + Dotted(seq.code) + " asks for " + Dotted(d.code)});
          d.position = seq.position + 1;
        } else {
          Drop(d, "combined", "included in the sequela code " + Dotted(seq.code) + " (I.C.9.d.1)");
        }
        added.push_back(std::move(seq));
        replaced = true;
        break;
      }
    }
    if (replaced) {
      Drop(stroke, "sequela", "an old stroke with a residual deficit is coded by its sequela (I.C.9.d.1)");
      continue;
    }
    // An old cerebral infarction with no deficit coded beside it, and none said to remain
    // ("old CVA, no residual deficits"), is its history: Z86.73 (I.C.9.d.3), not a current I63.
    if (history || su.substr(0, 3) != "I63") continue;
    bool past = false, residual = false;
    for (const note::Chunk& ch : layout_.chunks) {
      if (ch.item != stroke.item) continue;
      past = past || HasAny(ChunkLower(ch), {"old", "remote", "prior", "previous", "past"});
      residual = residual || (ch.assertion != Assertion::kNegated &&
                              HasAny(ChunkLower(ch), {"late effect", "late effects", "residual", "residuals", "sequela",
                                                      "sequelae"}));
    }
    auto z = cs_.Find("Z8673");
    if (!past || residual || !z) continue;
    stroke.rules.push_back({"history-stroke", "I.C.9.d.3",
                            "an old cerebral infarction without a residual deficit is its history: Z86.73, not " +
                                Dotted(stroke.code)});
    stroke.code = *z;
  }
  for (Candidate& c : added) cands_.push_back(std::move(c));
  // A transient ischemic attack documented as past ("TIA 2021, no residual deficits", "remote
  // TIA") is its history, Z86.73 "... TIA and cerebral infarction without residual deficits"
  // (I.C.9.d.3), not a current G45; a deficit said not to remain says the event is over.
  for (Candidate& tia : cands_) {
    if (tia.dropped || Undotted(tia.code).substr(0, 3) != "G45" || tia.group >= 2) continue;
    bool past = false;
    for (const note::Chunk& ch : layout_.chunks)
      if (ch.item == tia.item)
        past = past || HasAny(ChunkLower(ch), {"old", "remote", "prior", "previous", "past", "no residual",
                                               "without residual", "w/o residual"});
    auto z = cs_.Find("Z8673");
    if (!past || !z || !Billable(*z)) continue;
    tia.rules.push_back({"history-stroke", "I.C.9.d.3", "a past TIA is its history: Z86.73, not " + Dotted(tia.code)});
    tia.code = *z;
    tia.group = 2;
  }
}

// A condition whose code names its drug ("Agranulocytosis secondary to cancer chemotherapy"
// D70.1, "Anemia due to antineoplastic chemotherapy" D64.81) and whose note asks for the drug's
// adverse-effect code ("use additional code for adverse effect, if applicable, to identify drug
// (T45.1X5)"): that code after it, where the record codes the drug no other way (I.A.13;
// I.C.19.e.5(a): the nature of the adverse effect, then T36-T50 with 5).
void NoteCoder::ApplyDrugOfCode() {
  const size_t n = cands_.size();
  for (size_t i = 0; i < n; ++i) {
    if (cands_[i].dropped) continue;
    const std::string title = ascii::Lower(Title(cands_[i].code));
    if (title.find("chemotherapy") == std::string::npos) continue;
    const CodeDetail* detail = Detail(cands_[i].code);
    if (!detail) continue;
    for (const NoteView& note : detail->notes) {
      if (note.kind != "useAdditionalCode" || note.text.find("adverse effect") == std::string::npos || note.refs.size() != 1)
        continue;
      std::string want = note.refs[0].first;
      want.erase(std::remove(want.begin(), want.end(), '.'), want.end());
      if (want.size() != 6 || want[0] != 'T' || want.substr(0, 3) < "T36" || want.substr(0, 3) > "T50" || want[5] != '5')
        continue;
      // The drug coded already, with whatever intent (a poisoning is no adverse effect).
      const bool coded = std::any_of(cands_.begin(), cands_.end(), [&](const Candidate& c) {
        return !c.dropped && Undotted(c.code).substr(0, 5) == want.substr(0, 5);
      });
      if (coded) break;
      auto built = BuildSeventh(cs_, note.refs[0].first, 'A');
      if (!built) break;
      std::optional<Candidate> c =
          MadeByRule(*built, nullptr, cands_[i].group, cands_[i].position + 1, "the drug the condition's code names",
                     {"adverse-effect", "I.C.19.e.5(a)",
                      Dotted(cands_[i].code) + " names its drug and asks for its adverse effect: " + *built});
      if (!c) break;
      c->section = cands_[i].section;
      c->item = cands_[i].item;
      c->line = cands_[i].line;
      c->evidence = cands_[i].evidence;
      cands_.push_back(std::move(*c));
      break;
    }
  }
}

// A condition caused by a drug taken as prescribed (an adverse-effect code in its item) is
// the condition's drug-induced code where its category has one ("Hypotension due to drugs",
// "Drug-induced myopathy"; "... secondary to cancer chemotherapy" for an antineoplastic)
// rather than its unspecified or other code (I.C.19.e.5(a), I.A.9).
void NoteCoder::ApplyDrugInduced() {
  for (const Candidate& ae : cands_) {
    std::string_view au = Undotted(ae.code);
    if (ae.dropped || au.size() < 6 || au[0] != 'T' || au[5] != '5' || au.substr(0, 3) < "T36" || au.substr(0, 3) > "T50")
      continue;
    const bool chemo = au.substr(0, 4) == "T451";  // antineoplastic and immunosuppressive drugs
    for (Candidate& c : cands_) {
      std::string_view u = Undotted(c.code);
      if (c.dropped || c.item != ae.item || &c == &ae || u[0] == 'T' || u[0] == 'Z') continue;
      // A sign the Index lists with a drug as its cause ("Rash, drug (internal use)" L27.0):
      // that code (the Index's main term of the sign's reading, then "drug").
      if (u[0] == 'R') {
        if (c.doc == format::kNone || c.doc >= cs_.docs().size() || !cs_.has_index()) continue;
        const std::string_view path = cs_.str(cs_.docs()[c.doc].text);
        std::string main(path.substr(0, path.find(',')));
        main = main.substr(0, main.find(" ("));
        std::string rest;
        auto node = FindIndexPath(main + ", drug", format::kNone, &rest);
        if (!node || !rest.empty()) continue;
        for (const index::RefView& r : index::View(cs_, *node).refs) {
          if (r.kind != format::IndexRefKind::kCode || !r.code || !r.code->billable || r.code->index == c.code) continue;
          if (Undotted(r.code->index)[0] == 'T') break;
          c.rules.push_back({"drug-induced", "I.C.19.e.5(a)",
                             "caused by a drug (" + Dotted(ae.code) + "), the Index's " + main + ", drug: " +
                                 Dotted(r.code->index) + ", not " + Dotted(c.code)});
          c.code = r.code->index;
          break;
        }
        continue;
      }
      const std::string title = ascii::Lower(Title(c.code));
      if (title.find("unspecified") == std::string::npos && title.rfind("other ", 0) != 0) continue;
      if (title.find("drug") != std::string::npos || title.find("chemotherapy") != std::string::npos) continue;
      std::optional<uint32_t> pick;
      int best = 0;
      auto [b, e] = cs_.PrefixRange(u.substr(0, 3));
      for (uint32_t s = b; s < e; ++s) {
        const uint32_t k = cs_.sorted()[s];
        if (k == c.code || !Billable(k) || Undotted(k).size() != u.size()) continue;
        const std::string t = ascii::Lower(Title(k));
        int score = 0;
        if (chemo && t.find("chemotherapy") != std::string::npos) score = 3;
        else if (t.find("drug-induced") != std::string::npos || t.find("drug induced") != std::string::npos ||
                 t.find("due to drug") != std::string::npos)
          score = 2;
        if (score > best) {
          best = score;
          pick = k;
        }
      }
      if (!pick) continue;
      c.rules.push_back({"drug-induced", "I.C.19.e.5(a)",
                         "caused by a drug (" + Dotted(ae.code) + "): " + Dotted(*pick) + ", not " + Dotted(c.code)});
      c.code = *pick;
    }
  }
}

// A code "without" a detail whose sibling "with" it asks for additional codes of signs and
// symptoms (chapter 18) the note has ("Benign prostatic hyperplasia without lower urinary
// tract symptoms" beside nocturia): the sibling, and the symptom stays as the sibling's "use additional code" asks (I.A.13, I.A.9).
void NoteCoder::ApplySymptomSibling() {
  for (Candidate& a : cands_) {
    if (a.dropped || Undotted(a.code)[0] == 'R') continue;
    const std::string title(Title(a.code));
    const size_t at = title.find(" without ");
    if (at == std::string::npos) continue;
    const std::string want = title.substr(0, at) + " with " + title.substr(at + 9);
    auto k = Sibling(a.code, " without ", " with ");
    if (!k || Title(*k) != want || !Billable(*k)) continue;
    const CodeDetail* detail = Detail(*k);
    if (!detail) continue;
    Candidate* symptom = nullptr;
    std::optional<uint32_t> named;  // the code the note names for an unspecified symptom of its category
    for (Candidate& c : cands_) {
      if (c.dropped || &c == &a || Undotted(c.code)[0] != 'R' || (c.item != a.item && c.section != a.section)) continue;
      for (const NoteView& nv : detail->notes)
        if (nv.kind == "useAdditionalCode")
          for (const NoteRef& ref : nv.refs) {
            if (InRange(Undotted(c.code), ref)) {
              symptom = &c;
              named.reset();
              continue;
            }
            // "urinary retention (R33.8)" beside "Retention of urine, unspecified" R33.9: the
            // note's own code for the symptom associated with the condition (I.A.13).
            if (symptom || ref.first != ref.last) continue;
            const std::optional<uint32_t> r = cs_.Find(ref.first);
            if (r && Billable(*r) && Undotted(*r).substr(0, 3) == Undotted(c.code).substr(0, 3) &&
                ascii::Lower(Title(c.code)).find("unspecified") != std::string::npos) {
              symptom = &c;
              named = r;
            }
          }
    }
    if (!symptom) continue;
    a.rules.push_back({"with-symptom", "I.A.13",
                       Dotted(symptom->code) + " is documented: " + Dotted(*k) + " (its \"use additional code\" asks for it), not " +
                           Dotted(a.code)});
    a.code = *k;
    if (named) {
      symptom->rules.push_back({"with-symptom", "I.A.13",
                                "the code " + Dotted(a.code) + "'s \"use additional code\" names for it: " + Dotted(*named) +
                                    ", not " + Dotted(symptom->code)});
      symptom->code = *named;
    }
  }
}

// One abbreviation read two ways ("HD": Huntington's disease, or dependence on renal
// dialysis) gives two codes on the same words: the reading a code's note asks for ("use
// additional code" of end stage renal disease) is the one meant; the other is dropped.
void NoteCoder::ApplyOneReading() {
  for (Candidate& asked : cands_) {
    if (asked.dropped) continue;
    const bool by_note = std::any_of(asked.rules.begin(), asked.rules.end(), [](const RuleApplied& r) {
      return r.id == "use-additional" || r.id == "code-first" || r.id == "dependence-status";
    });
    if (!by_note) continue;
    for (Candidate& other : cands_) {
      if (&other == &asked || other.dropped || other.item != asked.item || other.code == asked.code) continue;
      if (other.evidence.size() != 1 || asked.evidence.size() != 1) continue;
      if (other.evidence[0].begin != asked.evidence[0].begin || other.evidence[0].end != asked.evidence[0].end) continue;
      Drop(other, "other-reading",
           "the same words read as " + Dotted(asked.code) + ", which a note of the record asks for (I.A.13)");
    }
  }
}

// Whether an Excludes2 note of the code, written at a closer level than the Excludes1 note
// (`level`), names the other code: "not included here, but the patient may have both"
// (I.A.12.b). A wide Excludes1 ("Section Z00-Z13 Excludes1 examinations related to pregnancy
// and reproduction (Z30-Z36)") yields to a closer level that says both are coded ("Z01.4
// Excludes2 routine examination for contraceptive maintenance (Z30.4-)": the gynecological
// examination and the IUD insertion); a chapter's Excludes2 of whole chapters does not
// undo a category's Excludes1 (E79 Excludes1 gout).
bool NoteCoder::Excludes2Names(uint32_t code, uint32_t other, std::string_view level) {
  auto rank = [](std::string_view l) {
    return l == "code" ? 0 : l == "subcategory" ? 1 : l == "category" ? 2 : l == "section" ? 3 : 4;
  };
  const CodeDetail* detail = Detail(code);
  if (!detail) return false;
  for (const NoteView& nv : detail->notes)
    if (nv.kind == "excludes2" && rank(nv.from_level) < rank(level))
      for (const NoteRef& ref : nv.refs)
        if (InRange(Undotted(other), ref)) return true;
  return false;
}

void NoteCoder::ApplyExcludes1() {
  for (size_t a = 0; a < cands_.size(); ++a) {
    if (cands_[a].dropped) continue;
    const CodeDetail* detail = Detail(cands_[a].code);
    if (!detail) continue;
    for (const NoteView& nv : detail->notes) {
      if (nv.kind != "excludes1") continue;
      for (size_t b = 0; b < cands_.size(); ++b) {
        if (b == a || cands_[b].dropped || cands_[a].dropped) continue;
        bool hit = false;
        for (const NoteRef& ref : nv.refs) hit = hit || InRange(Undotted(cands_[b].code), ref);
        if (!hit || Excludes2Names(cands_[a].code, cands_[b].code, nv.from_level) ||
            Excludes2Names(cands_[b].code, cands_[a].code, nv.from_level))
          continue;
        // Keep the code with more evidence (the more specific reading); ties keep the first,
        // unless the text names the other as its cause ("hyponatremia d/t SIADH": the cause's
        // code is the one the Excludes1 note sends the condition to).
        bool cause_named = false, a_cause = false;
        if (cands_[b].weight == cands_[a].weight && cands_[a].line == cands_[b].line) {
          const Candidate& early = cands_[a].position < cands_[b].position ? cands_[a] : cands_[b];
          const Candidate& late = &early == &cands_[a] ? cands_[b] : cands_[a];
          if (!early.evidence.empty() && !late.evidence.empty() && early.evidence.back().end <= late.position) {
            const std::string between = ascii::Lower(text_.substr(early.evidence.back().end, late.position - early.evidence.back().end));
            // Only within one clause: "SIADH 2/2 lung ca; hyponatremia" names the cancer as
            // SIADH's cause, not hyponatremia as anything's.
            cause_named = between.find_first_of(";.\n") == std::string::npos &&
                          HasAny(between, {"d/t", "due to", "2/2", "secondary to", "caused by"});
          }
          if (cause_named && &late == &cands_[a]) cause_named = false, a_cause = true;  // a is the cause: a stays
        }
        // With equal evidence, the code the line names first stays: the condition, then what
        // the line says of it ("PCOS w/ oligomenorrhea": N91 Excludes1 ovarian dysfunction
        // E28.-; "Glanzmann thrombasthenia, easy bruising").
        const bool a_first = a_cause || cands_[a].position <= cands_[b].position;
        // A sign or symptom (chapter 18) against a diagnosis ("vomiting + diarrhea -
        // gastroenteritis": K52.9 Excludes1 diarrhea NOS R19.7) is the one not coded: chapter
        // 18's codes are for conditions no definitive diagnosis explains (I.C.18.b, I.B.4-5).
        // A latent infection or carrier state (Z22: "latent TB" Excludes1 the positive
        // interferon-gamma test R76.12) is a diagnosis too.
        auto diagnosis = [&](uint32_t code) {
          const char k = Undotted(code)[0];
          return (k != 'R' && k != 'Z' && !(k >= 'V' && k <= 'Y')) || Undotted(code).substr(0, 3) == "Z22";
        };
        const bool a_symptom = Undotted(cands_[a].code)[0] == 'R' && diagnosis(cands_[b].code);
        const bool b_symptom = Undotted(cands_[b].code)[0] == 'R' && diagnosis(cands_[a].code);
        // On one line, a note that names the other code for this condition "with" what the
        // line also documents ("atony of uterus with hemorrhage (postpartum) (O72.1)" under
        // O62.2: "PPH d/t uterine atony") sends the pair to that code; one that names it for
        // the condition "without" it or NOS ("uterine atony without hemorrhage (O62.2)" under
        // O72.1) keeps this one (I.A.12.a: the Excludes1 note says where the condition goes).
        int note_sends = 0;  // +1: b is the code the note gives the pair; -1: a is
        if (cands_[a].line == cands_[b].line) {
          const std::vector<std::string> words = TitleWords(ascii::Lower(nv.text));
          auto has = [&](std::string_view w) { return std::find(words.begin(), words.end(), w) != words.end(); };
          if (has("without") || has("nos"))
            note_sends = -1;
          else if (has("with"))
            note_sends = 1;
        }
        Candidate& loser = a_symptom ? cands_[a]
                           : b_symptom          ? cands_[b]
                           : note_sends != 0    ? (note_sends > 0 ? cands_[a] : cands_[b])
                               : ((cands_[b].weight > cands_[a].weight || cause_named ||
                                   (cands_[b].weight == cands_[a].weight && !a_first))
                                      ? cands_[a]
                                      : cands_[b]);
        Candidate& winner = &loser == &cands_[a] ? cands_[b] : cands_[a];
        Drop(loser, "excludes1",
             "Excludes1 between " + Dotted(cands_[a].code) + " and " + Dotted(cands_[b].code) + ": " +
                 Dotted(winner.code) + " is kept (I.A.12.a)");
      }
    }
  }
}

// Signs and symptoms that a diagnosis of this encounter explains are not coded (I.B.5):
// outside the assessment when the assessment has a diagnosis; in an item that also has one.
void NoteCoder::ApplySymptoms() {
  bool assessed_dx = false;
  for (const Candidate& c : cands_)
    if (!c.dropped && c.section == Section::kAssessment && Undotted(c.code)[0] != 'R' && Undotted(c.code)[0] != 'Z')
      assessed_dx = true;
  // Pain coded in chapter 13 as a symptom (joint pain M25.5-, dorsalgia M54.-, myalgia and limb
  // pain M79.-): the categories whose titles name pain by its site, not a disease of it.
  auto pain_symptom = [&](uint32_t code) {
    const std::string_view u = Undotted(code);
    if (u.substr(0, 3) != "M25" && u.substr(0, 3) != "M54" && u.substr(0, 3) != "M79") return false;
    const std::string t = ascii::Lower(Title(code));
    return t.find("pain") != std::string::npos || t.find("algia") != std::string::npos;
  };
  for (Candidate& c : cands_) {
    if (c.dropped) continue;
    // Pain coded in chapter 13 ("neck pain" M54.2, "knee pain" M25.56-) beside a diagnosis of
    // its line at the same site is that diagnosis's own symptom ("cervical strain ...; neck
    // pain", "knee pain, primary OA of the knee", "lumbar DDD w/ discogenic LBP": I.B.4-5,
    // signs and symptoms routinely associated with a disease process are not coded). The site
    // is read from the pain's words and its title ("Pain in left knee": knee; "Low back pain":
    // low, back); a pain of no site ("Myalgia, unspecified site") is explained by any
    // diagnosis of its item, as a chapter 18 symptom is ("influenza, body aches").
    if (Undotted(c.code)[0] == 'M') {
      const std::string t = ascii::Lower(Title(c.code));
      if (t.find("pain") == std::string::npos && t.find("algia") == std::string::npos) continue;
      std::vector<std::string> site;
      auto add_site = [&](const std::string& text) {
        for (const std::string& w : TitleWords(text))
          if (w.size() >= 3 && !HasAny(w, {"pain", "left", "right", "acute", "chronic", "unspecified", "other", "site",
                                           "sites", "and", "the", "multiple", "bilateral", "unilateral"}) &&
              w.find("algia") == std::string::npos)
            site.push_back(w);
      };
      if (pain_symptom(c.code)) add_site(t);
      const bool no_site = site.empty();  // the title names no site
      for (const TextSpan& sp : c.evidence) add_site(ascii::Lower(text_.substr(sp.begin, sp.end - sp.begin)));
      for (const Candidate& d : cands_) {
        if (&d == &c || d.dropped) continue;
        const char k = Undotted(d.code)[0];
        // An injury explains the pain of its site (as before); another diagnosis (not a
        // symptom, a status or an external cause) explains a chapter 13 pain symptom of its site.
        const bool injury = k == 'S';
        if (!injury && (!pain_symptom(c.code) || k == 'R' || k == 'Z' || (k >= 'V' && k <= 'Y') || pain_symptom(d.code)))
          continue;
        if (d.item != c.item && (d.line != c.line || Listed(c.item))) continue;
        std::vector<std::string> words = TitleWords(ascii::Lower(Title(d.code)));
        // An injury's site is also its category's ("Sprain of ligaments of cervical spine"
        // is S13, "... at neck level": the Tabular groups injuries by body region).
        if (injury)
          if (const auto cat = cs_.Find(Undotted(d.code).substr(0, 3)))
            for (std::string& w : TitleWords(ascii::Lower(Title(*cat)))) words.push_back(std::move(w));
        const bool same_site = std::any_of(site.begin(), site.end(), [&](const std::string& w) {
          return std::find(words.begin(), words.end(), w) != words.end();
        });
        if (!same_site && !(no_site && pain_symptom(c.code) && !injury && d.item == c.item)) continue;
        // Both sides named, and not the same one: another site ("R knee pain; L knee OA").
        auto side = [&](const std::vector<std::string>& w) {
          const bool l = std::find(w.begin(), w.end(), "left") != w.end();
          const bool r = std::find(w.begin(), w.end(), "right") != w.end();
          return l == r ? 0 : (l ? 1 : 2);
        };
        const int cs = side(TitleWords(t)), ds = side(words);
        if (cs && ds && cs != ds) continue;
        Drop(c, "symptom-explained", "pain explained by " + Dotted(d.code) + " of its site (I.B.4-5)");
        break;
      }
      continue;
    }
    // Hematemesis, melena or gastrointestinal hemorrhage (K92.0-K92.2) beside a code of the
    // record whose title has the bleeding ("Acute duodenal ulcer with hemorrhage"): the
    // combination code says it (I.B.9; the Index: Melena, with ulcer - code by site under
    // Ulcer, with hemorrhage; Hematemesis, with ulcer, the same).
    if (const std::string_view ku = Undotted(c.code); ku == "K920" || ku == "K921" || ku == "K922") {
      for (const Candidate& d : cands_) {
        if (&d == &c || d.dropped || Undotted(d.code).substr(0, 3) == "K92") continue;
        const std::string dt = ascii::Lower(Title(d.code));
        if (dt.find("with hemorrhage") == std::string::npos && dt.find("with bleeding") == std::string::npos) continue;
        Drop(c, "symptom-explained", "the bleeding is part of " + Dotted(d.code) + ", a combination code (I.B.9)");
        break;
      }
      continue;
    }
    if (Undotted(c.code)[0] != 'R') continue;
    bool explained = assessed_dx && c.section != Section::kAssessment && layout_.has_assessment;
    const std::string_view system = search_detail::SymptomSystem(Undotted(c.code));
    bool by_system = explained;  // a diagnosis of the symptom's body system explains it
    for (const Candidate& d : cands_) {
      // Another item of its line explains it, unless the line is a numbered list ("1. Headache
      // 2. Hypertension": each entry its own problem).
      if (&d == &c || d.dropped || (d.item != c.item && (d.line != c.line || Listed(c.item)))) continue;
      std::string_view du = Undotted(d.code);
      char k = du[0];
      // An adverse effect names the cause, not the condition; a poisoning's signs are its
      // manifestations, coded beside it (I.C.19.e.5(b): "use additional code(s) for all
      // manifestations of poisonings").
      bool drug_cause = k == 'T' && ((du.size() >= 6 && du[5] == '5') || (du.substr(0, 3) >= "T36" && du.substr(0, 3) <= "T50"));
      // ... but a suicide attempt is the intent a self-harm poisoning names (6th character 2),
      // no suicidal ideation beside it.
      if (drug_cause && du.size() >= 6 && du[5] == '2' && Undotted(c.code).substr(0, 5) == "R4585") drug_cause = false;
      // A stroke's neurologic deficits vary with its site (aphasia, dysarthria, dysphagia,
      // facial weakness, ataxia, cognitive deficits: the deficits I69 names): not routinely
      // part of it, coded when present (I.B.6).
      if (k != 'R' && k != 'Z' && !(k >= 'V' && k <= 'Y') && !drug_cause) {
        explained = true;
        by_system = by_system || (!system.empty() && search_detail::OfSystem(du, system));
      }
    }
    // A stroke's neurologic deficits vary with its site (aphasia, dysarthria, dysphagia, facial
    // weakness, ataxia, cognitive deficits: the deficits I69 names): not routinely part of it,
    // coded when present (I.B.6).
    const std::string_view cu = Undotted(c.code);
    if (cu.substr(0, 3) == "R47" || cu.substr(0, 3) == "R13" || cu.substr(0, 5) == "R2981" || cu.substr(0, 3) == "R27" ||
        cu.substr(0, 5) == "R4184" || cu.substr(0, 3) == "R48")
      for (const Candidate& d : cands_)
        if (!d.dropped && d.line == c.line && Undotted(d.code).substr(0, 3) >= "I60" && Undotted(d.code).substr(0, 3) <= "I63")
          explained = false;
    // Suicidal or homicidal ideation is a risk the encounter addresses, not a sign routinely
    // part of a mental disorder (I.B.5): coded beside the depression; a suicide attempt (its
    // self-harm code, T14.91) names it already (above).
    std::string line_words;
    if (cu.substr(0, 5) == "R4585")
      for (const note::Chunk& ch : layout_.chunks)
        if (ch.line == c.line) line_words += std::string(ChunkLower(ch)) + " ";
    if (cu.substr(0, 5) == "R4585" && !HasAny(line_words, {"attempt", "attempted", "od", "overdose", "overdosed"}) &&
        std::none_of(cands_.begin(), cands_.end(), [&](const Candidate& d) {
          const std::string_view du = Undotted(d.code);
          return !d.dropped && d.item == c.item && du[0] == 'T' &&
                 ((du.size() >= 6 && du[5] == '2') || du.substr(0, 5) == "T1491");
        }))
      explained = false;
    // A sign the diagnosis's own note asks to add ("use additional code to identify the type
    // of dysphagia") is not explained away (I.A.13); nor is a sign its item says a drug taken
    // as prescribed caused: it is the nature of the adverse effect (I.C.19.e.5(a)).
    for (const Candidate& d : cands_) {
      if (&d == &c || d.dropped || d.item != c.item) continue;
      std::string_view du = Undotted(d.code);
      if (du[0] == 'T' && du.size() >= 6 && du[5] == '5') explained = false;
      if (const CodeDetail* detail = Detail(d.code))
        for (const NoteView& nv : detail->notes)
          if (nv.kind == "useAdditionalCode")
            for (const NoteRef& ref : nv.refs)
              if (InRange(Undotted(c.code), ref)) explained = false;
    }
    // A code that asks for its cause to be coded first ("code first underlying infection":
    // severe sepsis R65.2-) is reported with that cause, not explained away by it (I.A.13,
    // I.C.1.d.4). A note "code first, if applicable, ..." (dysphagia R13.1-: "if applicable,
    // dysphagia following cerebrovascular disease") names only a sequencing for when that
    // condition is present: a disease of the symptom's own body system explains it (I.B.5:
    // dysphagia beside an esophageal stricture), another does not (dysphagia beside an
    // aspiration pneumonia or a hemiparesis).
    if (explained)
      if (const CodeDetail* own = Detail(c.code))
        for (const NoteView& nv : own->notes)
          if (nv.kind == "codeFirst" && (!ascii::Lower(nv.text).starts_with("if applicable") || !by_system))
            explained = false;
    if (explained) Drop(c, "symptom-explained", "a sign or symptom explained by a diagnosis of this encounter (I.B.5)");
  }
  // Observation for a suspected condition (Z03, Z04) is not coded when its item has an
  // illness, injury, sign or symptom: that is coded instead (I.C.21.c.6).
  for (Candidate& z : cands_) {
    const std::string_view zu = Undotted(z.code);
    if (z.dropped || (zu.substr(0, 3) != "Z03" && zu.substr(0, 3) != "Z04")) continue;
    for (const Candidate& d : cands_) {
      const char k = Undotted(d.code)[0];
      if (&d == &z || d.dropped || (d.item != z.item && d.line != z.line) || k == 'Z' || (k >= 'V' && k <= 'Y')) continue;
      Drop(z, "observation-with-condition",
           "observation is not coded beside the condition found, " + Dotted(d.code) + " (I.C.21.c.6)");
      break;
    }
  }
}

// Severe sepsis (R65.2-) is coded after its systemic infection; when the documentation names
// no organism (no code of the sepsis itself was found), that is A41.9, sequenced first
// (I.C.1.d.4.a, I.C.1.d.1.a: "Sepsis, unspecified organism").
void NoteCoder::ApplySepsis() {
  const Candidate* severe = nullptr;
  bool infection = false;
  for (const Candidate& c : cands_) {
    if (c.dropped) continue;
    const std::string_view u = Undotted(c.code);
    if (u.substr(0, 4) == "R652") {
      if (!severe) severe = &c;
      continue;
    }
    const std::string t = ascii::Lower(Title(c.code));
    if (u.substr(0, 3) == "A40" || u.substr(0, 3) == "A41" || t.find("sepsis") != std::string::npos ||
        t.find("septicemia") != std::string::npos)
      infection = true;
  }
  if (!severe || infection) return;
  auto a419 = cs_.Find("A419");
  if (!a419 || !Billable(*a419)) return;
  // The organism its item documents for the infection ("severe sepsis d/t LLL pneumonia, Strep
  // pneumoniae": J13 Pneumonia due to Streptococcus pneumoniae): the sepsis due to the same
  // organism (A40.3), not A41.9 (I.C.1.d.1.a: A41.9 only when no organism is documented).
  std::optional<uint32_t> organism;
  for (const Candidate& d : cands_) {
    if (organism || d.dropped || d.item != severe->item) continue;
    const std::string t = ascii::Lower(Title(d.code));
    const size_t due = t.find(" due to ");
    if (due == std::string::npos) continue;
    const std::string bug = t.substr(due + 8);
    SearchOptions so;
    so.limit = 5;
    so.date = options_.date;
    auto r = searcher_.Search("sepsis due to " + bug, so);
    if (!r) continue;
    for (const SearchHit& h : r->hits) {
      const std::string_view hu = Undotted(h.code);
      if ((hu.substr(0, 3) == "A40" || hu.substr(0, 3) == "A41") && Billable(h.code) &&
          ascii::Lower(Title(h.code)) == "sepsis due to " + bug) {
        organism = h.code;
        break;
      }
    }
  }
  Candidate s = *severe;
  s.code = organism ? *organism : *a419;
  s.doc = format::kNone;
  s.why = {organism ? "severe sepsis due to the organism its item documents: " + std::string(Title(*organism))
                    : "severe sepsis documented with no organism: sepsis, unspecified organism"};
  s.rules = {{"sepsis-organism", "I.C.1.d.4.a",
              "severe sepsis: the systemic infection first (A41.9 when no organism is documented), then " +
                  Dotted(severe->code)}};
  s.alternatives.clear();
  s.position = severe->position > 0 ? severe->position - 1 : 0;
  const uint32_t item = severe->item;  // (severe points into cands_)
  cands_.push_back(std::move(s));
  // No code names the organism: the line's cause may ("septic shock 2/2 E. coli pyelonephritis":
  // the Index's "Sepsis, Escherichia coli", I.C.1.d.1.a), where no infectious agent's code
  // (B95-B97) of the item does (ApplyUnspecifiedOrganism reads that one).
  const bool agent = std::any_of(cands_.begin(), cands_.end(), [&](const Candidate& d) {
    const std::string_view u = Undotted(d.code).substr(0, 3);
    return !d.dropped && d.item == item && (u == "B95" || u == "B96" || u == "B97");
  });
  if (!organism && !agent) ReadLinkedCause(cands_.size() - 1);
}

// Two codes of one category from one item: the unspecified one says less (the specific
// code is reported: I.A.9 and the tabular's "unspecified" codes are for missing detail).
void NoteCoder::ApplySpecificity() {
  // Two codes of one category from one item, each naming one axis of a sibling that names
  // both: a's kind "without" a detail and b, the category's "other" kind, "with" it ("saddle PE
  // ... acute cor pulmonale": I26.92 "Saddle embolus of pulmonary artery without acute cor
  // pulmonale" and I26.09 "Other pulmonary embolism with acute cor pulmonale") are the one
  // sibling of a's kind with the detail, I26.02 (I.B.9: one code names both; I.A.9).
  for (Candidate& a : cands_) {
    if (a.dropped) continue;
    const std::string ta = ascii::Lower(Title(a.code));
    const size_t at = ta.find(" without ");
    if (at == std::string::npos) continue;
    const std::string wanted_detail = ta.substr(at + 9);
    for (Candidate& b : cands_) {
      if (&a == &b || b.dropped || (b.item != a.item && b.line != a.line) ||
          Undotted(b.code).substr(0, 3) != Undotted(a.code).substr(0, 3))
        continue;
      const std::string tb = ascii::Lower(Title(b.code));
      const size_t bt = tb.find(" with ");
      if (tb.rfind("other ", 0) != 0 || bt == std::string::npos || tb.substr(bt + 6) != wanted_detail) continue;
      const std::string want = ta.substr(0, at) + " with " + wanted_detail;
      const std::string_view au = Undotted(a.code);
      std::optional<uint32_t> both;
      auto [lo, hi] = cs_.PrefixRange(au.substr(0, 3));
      for (uint32_t s = lo; s < hi && !both; ++s) {
        const uint32_t k = cs_.sorted()[s];
        if (Undotted(k).size() == au.size() && Billable(k) && ascii::Lower(Title(k)) == want) both = k;
      }
      if (!both) continue;
      a.rules.push_back({"combination", "I.B.9",
                         "one code names both " + Dotted(a.code) + " and " + Dotted(b.code) + ": " + Dotted(*both)});
      a.code = *both;
      a.weight += b.weight;
      for (const TextSpan& sp : b.evidence) a.evidence.push_back(sp);
      Drop(b, "combined", "included in the combination code " + Dotted(*both) + " (I.B.9)");
      break;
    }
  }
  // Two codes of one item whose titles differ only by "with" and "without" ("examination with
  // abnormal findings" and "... without abnormal findings") cannot both be true: the one with
  // more of the text stays (I.A.12.a in spirit: one excludes the other).
  auto opposite = [](std::string a, std::string b) {
    if (a.size() > b.size()) std::swap(a, b);
    size_t at = b.find("without");
    return at != std::string::npos && b.substr(0, at) + "with" + b.substr(at + 7) == a;
  };
  for (Candidate& a : cands_) {
    if (a.dropped) continue;
    for (Candidate& b : cands_) {
      if (&a == &b || b.dropped || a.dropped || b.item != a.item || b.code == a.code) continue;
      if (Undotted(a.code).substr(0, 3) != Undotted(b.code).substr(0, 3)) continue;
      if (!opposite(std::string(Title(a.code)), std::string(Title(b.code)))) continue;
      Candidate& loser = b.weight < a.weight || (b.weight == a.weight && b.position > a.position) ? b : a;
      const Candidate& winner = &loser == &a ? b : a;
      Drop(loser, "excludes1", Dotted(winner.code) + " and " + Dotted(loser.code) + " say opposite things; " +
                                   Dotted(winner.code) + " has more of the text (I.A.12.a)");
    }
  }
  // An encounter's "other" code beside a code of its own parent's kind ("Encounter for other
  // general counseling and advice on contraception" Z30.09 beside "... initial prescription of
  // contraceptive pills" Z30.011, both under Z30.0 "general counseling and advice on
  // contraception"): the counseling is the prescribing encounter's; "other" is for a purpose no
  // other code of the parent names (I.A.9.a).
  for (Candidate& a : cands_) {
    if (a.dropped || ascii::Lower(Title(a.code)).rfind("encounter for other ", 0) != 0) continue;
    const uint32_t parent = cs_.rec(a.code).parent;
    if (parent == format::kNone) continue;
    const std::string_view pu = Undotted(parent);
    for (const Candidate& b : cands_) {
      if (&a == &b || b.dropped || b.code == a.code || Undotted(b.code).substr(0, pu.size()) != pu) continue;
      Drop(a, "other-beside-specific", Dotted(b.code) + " names the encounter's purpose under " + Dotted(parent) +
                                           ": not the \"other\" code " + Dotted(a.code) + " (I.A.9.a)");
      break;
    }
  }
  // Every word of a's title but "unspecified" is in b's: the same condition, b says more
  // ("Chronic kidney disease, unspecified" and "... stage 3a" in two items of a note).
  const auto words = TitleWords;
  auto same_condition = [&](const std::string& ta, const std::string& tb) {
    const std::vector<std::string> wb = words(tb);
    for (const std::string& w : words(ta))
      if (w != "unspecified" && std::find(wb.begin(), wb.end(), w) == wb.end()) return false;
    return true;
  };
  for (Candidate& a : cands_) {
    if (a.dropped) continue;
    std::string ta = ascii::Lower(Title(a.code));
    if (ta.find("unspecified") == std::string::npos) continue;
    for (const Candidate& b : cands_) {
      if (&a == &b || b.dropped) continue;
      if (b.item != a.item && !same_condition(ta, ascii::Lower(Title(b.code)))) continue;
      if (Undotted(b.code).substr(0, 3) != Undotted(a.code).substr(0, 3)) continue;
      // An "unspecified trimester" is no lack of detail here: the trimester rule decides it
      // later ("normal first pregnancy, unspecified trimester" says more than "normal
      // pregnancy, unspecified, ...").
      std::string tb = ascii::Lower(Title(b.code));
      if (size_t at = tb.find("unspecified trimester"); at != std::string::npos) tb.erase(at, 21);
      // b may leave another axis unspecified ("Unspecified lump in the right breast, upper
      // outer quadrant" beside "Unspecified lump in unspecified breast"): it says more when
      // it leaves fewer of them so.
      auto unspecified = [](const std::string& t) {
        size_t n = 0;
        for (size_t at = t.find("unspecified"); at != std::string::npos; at = t.find("unspecified", at + 1)) ++n;
        return n;
      };
      if (unspecified(tb) >= unspecified(ta)) continue;
      Drop(a, "less-specific", Dotted(b.code) + " says more than " + Dotted(a.code) + " (I.A.9)");
      break;
    }
  }
}

namespace {

// The code ranges a note's text names ("Conditions in F01-F09, F20-F52 and F54-F99"): a
// code is a capital letter, a digit, then letters, digits and dots; "A-B" is a range.
std::vector<NoteRef> CodeRanges(std::string_view t) {
  std::vector<NoteRef> out;
  auto code_at = [&](size_t i) {
    size_t e = i;
    if (e + 2 < t.size() && std::isupper(static_cast<unsigned char>(t[e])) && std::isdigit(static_cast<unsigned char>(t[e + 1]))) {
      e += 2;
      while (e < t.size() && (std::isalnum(static_cast<unsigned char>(t[e])) || t[e] == '.')) ++e;
    }
    return e;
  };
  for (size_t i = 0; i < t.size();) {
    const bool start = i == 0 || !std::isalnum(static_cast<unsigned char>(t[i - 1]));
    const size_t e = start ? code_at(i) : i;
    if (e < i + 3) {
      ++i;
      continue;
    }
    NoteRef r{std::string(t.substr(i, e - i)), std::string(t.substr(i, e - i))};
    i = e;
    if (i < t.size() && t[i] == '-') {
      const size_t e2 = code_at(i + 1);
      if (e2 >= i + 4) {
        r.last = std::string(t.substr(i + 1, e2 - i - 1));
        i = e2;
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

// A primary malignancy excised or eradicated, with no treatment directed to it and no
// evidence of it now, is its history (I.C.2.d: Z85): "prostate ca s/p prostatectomy, no
// current tx" is Z85.46, "primary resected, no recurrence" Z85.038, "chemo completed 2023,
// NED" too; so is a lymphoma (C81-C88: no remission codes, a history Z85.7-) whose treatment
// is completed with no evidence of it ("surveillance after completed chemo for Hodgkin
// lymphoma, NED"), but not one said to be in remission. A cancer still treated ("on tamoxifen",
// "cycle 3", "XRT") stays current (I.C.2.m).
void NoteCoder::ApplyNeoplasmHistory() {
  for (Candidate& c : cands_) {
    const std::string_view u = Undotted(c.code);
    const bool lymphoma = u.substr(0, 3) >= "C81" && u.substr(0, 3) <= "C88";
    if (c.dropped || u[0] != 'C' || (u.substr(0, 3) > "C76" && !lymphoma) || c.group >= 2) continue;
    std::string item = ItemLower(c.item);
    if (lymphoma && HasAny(item, {"remission"})) continue;
    // Excised, or eradicated: its treatment documented as completed ("treatment completed,
    // NED"). A treatment the text says is over ("chemo completed 2023", "s/p XRT", "after
    // chemo") is the eradication, not a treatment directed at the site now (BlankPastTreatment
    // takes it out of the text).
    auto removed_in = [](std::string& text) {
      return BlankPastTreatment(text) ||
             HasAny(text, {"s/p", "resected", "resection", "excised", "excision", "removed", "eradicated",
                           "treatment completed", "completed treatment", "tx completed", "completed tx"}) ||
             text.find("ectomy") != std::string::npos;
    };
    bool removed = removed_in(item);
    // A line with a secondary malignancy ("liver mets from colon ca; primary resected, no
    // recurrence at colon site") tells the primary's course in its other items: the secondary
    // is coded, the primary excised is its history (I.C.2.d). So may an excision's line ("s/p
    // thyroidectomy for papillary ca; RAI completed, no residual dz"): the line says whether it
    // is gone and whether anything treats it now.
    const bool secondary = std::any_of(cands_.begin(), cands_.end(), [&](const Candidate& s) {
      const std::string_view su = Undotted(s.code).substr(0, 3);
      return !s.dropped && s.line == c.line && su >= "C77" && su <= "C79";
    });
    // So does a line whose dash tells the one cancer's course ("Annual f/u prostate ca -
    // completed tx 2019, no evidence of recurrence"): no other cancer of the line takes the words.
    const bool alone = std::none_of(cands_.begin(), cands_.end(), [&](const Candidate& o) {
      return &o != &c && !o.dropped && o.line == c.line && o.item != c.item && Undotted(o.code)[0] == 'C';
    });
    if (secondary || removed || alone) {
      for (const note::Chunk& ch : layout_.chunks)
        if (ch.line == c.line && ch.item != c.item) item.append(ChunkLower(ch)).push_back(' ');
      removed = removed_in(item) || removed;
    }
    const bool gone = HasAny(item, {"no current tx", "no current treatment", "no further tx", "no further treatment",
                                    "no recurrence", "no evidence of disease", "ned", "no evidence of recurrence",
                                    "no residual", "not on treatment", "off treatment", "no active"});
    // "Surveillance after completed treatment": the follow-up of a condition "fully treated
    // [that] no longer exists" (I.C.21.c.8).
    const bool surveillance = HasAny(item, {"surveillance"}) &&
                              HasAny(item, {"completed treatment", "treatment completed", "completed tx", "tx completed"});
    const bool treated = HasAny(item, {"chemo", "chemotherapy", "xrt", "radiation", "cycle", "tamoxifen", "anastrozole",
                                       "letrozole", "adjuvant", "immunotherapy"});
    if (!removed || !(gone || surveillance) || treated) continue;
    const auto* h = HistoryOf(c.code);
    if (!h || Undotted(h->first).substr(0, 3) != "Z85") continue;
    c.rules.push_back({"neoplasm-history", "I.C.2.d",
                       "excised, no treatment and no evidence of it now: its history " + Dotted(h->first) + ", not " +
                           Dotted(c.code)});
    c.code = h->first;
  }
}

// A visit for the examination that follows a condition's completed treatment ("h/o colon ca,
// NED; here for surveillance colonoscopy", "Hx melanoma, skin check, no recurrence"): the
// follow-up code first, the history code after it (I.C.21.c.8: Z08 after completed treatment
// of a malignant neoplasm, Z09 after that of another condition; "the follow-up code is
// sequenced first, followed by the history code"). Only where the words name an examination
// done at this visit (not a course: "on surveillance", "surveillance only") and nothing
// current is coded: a condition found, or recurred, is coded in place of the follow-up code.
void NoteCoder::ApplyFollowUpExam() {
  if (FollowUpOfFirstProblem()) return;
  if (!HasAny(lower_, {
      "surveillance colonoscopy", "surveillance endoscopy", "surveillance egd", "surveillance ct", "surveillance imaging",
      "surveillance scan", "surveillance mammogram", "surveillance cystoscopy", "surveillance visit", "surveillance exam",
      "here for surveillance", "surveillance after completed", "surveillance following completed", "skin check", "skin exam", "skin examination", "follow-up exam", "follow up exam",
      "f/u exam", "annual f/u", "annual follow-up", "annual follow up", "yearly f/u", "yearly follow-up"}))
    return;
  const Candidate* history = nullptr;
  for (const Candidate& c : cands_) {
    if (c.dropped) continue;
    const std::string_view cat = Undotted(c.code).substr(0, 3);
    if (cat == "Z08" || cat == "Z09") return;
    if (cat == "Z85" || cat == "Z86" || cat == "Z87") {
      if (!history || (cat == "Z85" && Undotted(history->code).substr(0, 3) != "Z85")) history = &c;
      continue;
    }
    // Other histories, statuses and family histories (Z77-Z99) and the unspecified
    // examination the exam's words read (Z04.9) say nothing current.
    if (cat[0] == 'Z' && ((cat >= "Z77" && cat <= "Z99") || cat == "Z04")) continue;
    return;
  }
  if (!history) return;
  const char* code = FollowUpFirst(*history);
  if (!code) return;
  for (Candidate& o : cands_)
    if (!o.dropped && Undotted(o.code).substr(0, 3) == "Z04")
      Drop(o, "combined", std::string("the examination is the follow-up ") + code + " (I.C.21.c.8)");
}

// The follow-up code of a history (Z08 after a malignant neoplasm's, Z09 after another's),
// first-listed, resting on the history's evidence (I.C.21.c.8); the code, nullptr if the code
// set lacks it.
const char* NoteCoder::FollowUpFirst(const Candidate& history) {
  const bool malignant = Undotted(history.code).substr(0, 3) == "Z85";
  const char* code = malignant ? "Z08" : "Z09";
  std::optional<Candidate> c =
      MadeByRule(code, nullptr, 0, 0, "an examination after completed treatment",
                 {"follow-up-exam", "I.C.21.c.8",
                  std::string("an examination after the treatment of ") + (malignant ? "a malignant neoplasm" : "a condition") +
                      " is completed: " + code + " first, then the history code"});
  if (!c) return nullptr;
  c->evidence = history.evidence;
  c->item = history.item;
  c->line = history.line;
  c->section = history.section;
  cands_.insert(cands_.begin(), std::move(*c));
  return code;
}

// An outpatient visit whose assessment's first problem is a condition it documents as gone
// ("Pneumonia - resolved, no residual", "F/u after treatment of pneumonia - resolved", "L
// breast ca, treatment completed, NED"), read as its history code: the visit is the
// examination after its completed treatment, the follow-up code first-listed and the history
// code after it (I.C.21.c.8: "the follow-up code is sequenced first, followed by the history
// code"; IV.G: the reason for the encounter first); the conditions the visit also manages
// follow (IV.J). Not where the first problem is current, nor at an examination the note codes
// with its own Z code (Z00-Z04).
bool NoteCoder::FollowUpOfFirstProblem() {
  // A pregnant patient's past obstetric history is the current pregnancy's care (I.C.15.b.2).
  if (options_.setting != CareSetting::kOutpatient || !layout_.has_assessment || CurrentPregnancy()) return false;
  uint32_t first_item = UINT32_MAX;
  for (const note::Chunk& ch : layout_.chunks)
    if (ch.section == Section::kAssessment && !ch.plan) first_item = std::min(first_item, ch.item);
  if (first_item == UINT32_MAX) return false;
  const Candidate* history = nullptr;
  for (const Candidate& c : cands_) {
    if (c.dropped) continue;
    const std::string_view cat = Undotted(c.code).substr(0, 3);
    if (cat == "Z08" || cat == "Z09" || (cat >= "Z00" && cat <= "Z04")) return false;
    // Its evidence in the first problem (the past history's reading of it merged in).
    bool in_first = false;
    for (const note::Chunk& ch : layout_.chunks)
      for (const TextSpan& sp : c.evidence)
        in_first = in_first || (ch.item == first_item && ch.section == Section::kAssessment && ch.begin <= sp.begin &&
                                sp.begin < ch.end);
    if (!in_first) continue;
    if (cat != "Z85" && cat != "Z86" && cat != "Z87") return false;
    if (!history) history = &c;
  }
  return history && FollowUpFirst(*history);
}

// A congenital malformation documented as corrected ("VSD repaired in infancy, no
// residual") is its personal history (I.C.17: "if the congenital malformation or deformity has
// been corrected, a personal history code should be used"): Z87.7- by the body system of the
// Q code's block. A defect with a residual, or a chromosomal condition (Q90-Q99), stays.
void NoteCoder::ApplyCorrectedCongenital() {
  struct Block {
    std::string_view first, last, history;
  };
  static constexpr Block kBlocks[] = {
      {"Q00", "Q07", "Z87728"}, {"Q10", "Q15", "Z87720"}, {"Q16", "Q17", "Z87721"}, {"Q18", "Q18", "Z87790"},
      {"Q20", "Q28", "Z8774"},  {"Q30", "Q34", "Z8775"},  {"Q35", "Q37", "Z87730"}, {"Q39", "Q39", "Z87731"},
      {"Q38", "Q45", "Z87738"}, {"Q54", "Q54", "Z87710"}, {"Q50", "Q64", "Z87718"}, {"Q790", "Q790", "Z87760"},
      {"Q793", "Q793", "Z87761"}, {"Q794", "Q794", "Z87762"}, {"Q795", "Q795", "Z87763"}, {"Q65", "Q79", "Z87768"},
      {"Q80", "Q89", "Z87798"}};
  for (Candidate& c : cands_) {
    const std::string_view u = Undotted(c.code);
    if (c.dropped || u[0] != 'Q' || u.substr(0, 3) >= "Q90") continue;
    const std::string item = ItemLower(c.item);
    if (!HasAny(item, {"repaired", "corrected", "s/p repair", "status post repair", "surgically repaired"})) continue;
    if (HasAny(item, {"residual defect", "with residual", "residual shunt", "recurrent", "re-repair"})) continue;
    std::optional<uint32_t> z;
    for (const Block& b : kBlocks)
      if (!z && u.substr(0, b.first.size()) >= b.first && u.substr(0, b.last.size()) <= b.last) z = cs_.Find(b.history);
    if (!z || !Billable(*z)) continue;
    c.rules.push_back({"corrected-congenital", "I.C.17",
                       "a congenital malformation documented as corrected: its personal history " + Dotted(*z) +
                           ", not " + Dotted(c.code)});
    c.code = *z;
    c.group = std::max(c.group, 2);
  }
}

// The chapter 15 code of a pregnant patient's condition (I.C.15.a.1: chapter 15 codes have
// sequencing priority; a condition in pregnancy is presumed to complicate it unless the
// provider documents it as incidental): first the Index's reading of the condition's words
// "in pregnancy" where it reads every word of the condition ("UTI": O23.4-, "GBS carrier":
// O99.82-); else the O98/O99 code whose inclusion term names the condition's range
// ("Conditions in J00-J99": O99.51-), its "other" child where the range is its parent's.
std::optional<uint32_t> NoteCoder::PregnancyCodeOf(const Candidate& c, bool by_range) {
  std::vector<std::string> words;  // the condition's content words, as the text has them
  std::string query;
  for (const TextSpan& sp : c.evidence)
    for (const Tok& t : Tokens(text_, sp.begin, sp.end)) {
      if (!t.content) continue;
      // "Acute" is no kind the pregnancy's Index entries tell apart ("acute pyelonephritis":
      // Pregnancy, complicated by, pyelonephritis O23.0-): the search need not read it.
      if (ascii::Lower(text_.substr(t.begin, t.end - t.begin)) == "acute") continue;
      for (const std::string& f : t.folded) words.push_back(f);
      query.append(text_.substr(t.begin, t.end - t.begin));
      query += ' ';
    }
  if (words.empty()) return std::nullopt;
  auto obstetric = [&](std::string_view u) {
    const std::string_view cat = u.substr(0, 3);
    return u[0] == 'O' && cat >= "O09" && (cat < "O80" || cat > "O82");
  };
  SearchOptions so;
  so.limit = 8;
  so.date = options_.date;
  if (const auto& r = searcher_.Search(query + "in pregnancy", so); r) {
    for (const SearchHit& h : r->hits) {
      if (h.kind != MatchKind::kWords || h.doc == format::kNone || !obstetric(Undotted(h.code))) continue;
      std::vector<std::string> read;
      for (size_t w = 0; w < r->words.size() && w < 32; ++w)
        if (h.matched & (1u << w))
          for (std::string f : SplitSpaces(r->words[w].text)) read.push_back(std::move(f));
      if (!std::all_of(words.begin(), words.end(), [&](const std::string& f) {
            return std::find(read.begin(), read.end(), f) != read.end();
          }))
        continue;
      Candidate scratch;
      const uint32_t k = Finalize(h.code, "", scratch);
      if (Billable(k)) return k;
    }
  }
  if (!by_range) return std::nullopt;
  if (!cache_.pregnancy_ranges_read) {
    cache_.pregnancy_ranges_read = true;
    if (auto first = cs_.Find("O98"))
      for (uint32_t i = *first; i < cs_.size() && (Undotted(i).substr(0, 3) == "O98" || Undotted(i).substr(0, 3) == "O99");
           ++i)
        if (const CodeDetail* d = Detail(i))
          for (const NoteView& nv : d->notes)
            if (nv.kind == "inclusionTerm" && !nv.inherited && nv.text.rfind("Conditions in", 0) == 0)
              for (const NoteRef& ref : CodeRanges(nv.text)) cache_.pregnancy_ranges.emplace_back(ref, i);
  }
  const std::string_view u = Undotted(c.code);
  std::optional<uint32_t> best;
  for (const auto& [ref, k] : cache_.pregnancy_ranges)
    if (InRange(u, ref) && (!best || Undotted(k).size() > Undotted(*best).size())) best = k;
  if (!best) return std::nullopt;
  // Down to a billable code: the child whose own range holds the condition, else the
  // "other" child (the "other specified" one first: "Other specified diseases and conditions
  // ..." O99.89, not "Other infection carrier state" O99.83), then the default (unspecified
  // trimester, for the trimester rule).
  uint32_t k = *best;
  for (int depth = 0; depth < 4 && !Billable(k); ++depth) {
    const std::string_view ku = Undotted(k);
    std::optional<uint32_t> next;
    for (uint32_t i = k + 1; i < cs_.size() && Undotted(i).substr(0, ku.size()) == ku; ++i) {
      if (Undotted(i).size() != ku.size() + 1) continue;
      const std::string t = ascii::Lower(Title(i));
      if (t.rfind("other ", 0) == 0 && (!next || (t.rfind("other specified", 0) == 0 &&
                                                   ascii::Lower(Title(*next)).rfind("other specified", 0) != 0)))
        next = i;
    }
    if (!next) next = DefaultChild(k);
    if (!next || *next == k) break;
    k = *next;
  }
  return Billable(k) ? std::optional<uint32_t>(k) : std::nullopt;
}

void NoteCoder::ApplyPregnancyChapter() {
  // The record says the patient is pregnant in so many words (not a gestational age alone:
  // "f/u in 1 week"; not "IVF" beside fluids).
  if (!pregnancy_ ||
      !(HasAny(lower_, {"pregnancy", "pregnant", "iup", "gravid", "gravida", "prenatal", "antepartum", "antenatal",
                        "primigravida", "multigravida", "ob visit"}) ||
        GravidaPara(lower_)) ||
      HasAny(lower_, {"incidental", "incidentally"}))
    return;
  // A delivery or the puerperium has its own chapter 15 codes (not the pregnancy's).
  if (HasAny(lower_, {"delivered", "delivery", "svd", "nsvd", "postpartum", "puerperium", "c-section", "cesarean",
                      "ltcs", "ppd"}))
    return;
  std::vector<Candidate> added;  // appended after the loop
  for (Candidate& c : cands_) {
    if (c.dropped || c.group >= 2 || c.evidence.empty()) continue;
    const std::string_view u = Undotted(c.code);
    // Diseases (chapters 1-14), not neoplasms (O9A.1- has its own conventions); a carrier
    // state (Z22: "GBS carrier", O99.82-) by the Index's reading only.
    const bool carrier = u.substr(0, 3) == "Z22";
    if (!carrier && (u[0] < 'A' || u[0] > 'N' || u[0] == 'C' || (u[0] == 'D' && u.substr(0, 3) < "D50"))) continue;
    auto k = PregnancyCodeOf(c, !carrier);
    if (!k) continue;
    Candidate o = c;
    o.code = *k;
    o.rules.clear();
    o.rules.push_back({"pregnancy-chapter", "I.C.15.a.1",
                       "a condition in pregnancy is coded from chapter 15 first: " + Dotted(*k) + " for " + Dotted(c.code)});
    // The condition's own code stays where the chapter 15 code asks for it ("use additional
    // code to identify specific condition", the E11 of O24.11-).
    bool asked = false;  // (a carrier state is named by its chapter 15 code: "Streptococcus B carrier state ...")
    if (const CodeDetail* d = carrier ? nullptr : Detail(*k))
      for (const NoteView& nv : d->notes) {
        if (nv.kind != "useAdditionalCode") continue;
        for (const NoteRef& ref : nv.refs) asked = asked || InRange(u, ref);
        const std::string t = ascii::Lower(nv.text);
        asked = asked || t.find("specific condition") != std::string::npos ||
                t.find("specific infectious") != std::string::npos;
      }
    if (asked) {
      c.rules.push_back({"use-additional", "I.A.13", Dotted(*k) + " asks for " + Dotted(c.code)});
      c.position += 1;  // after its chapter 15 code (I.C.15.a.1)
    } else {
      Drop(c, "pregnancy-chapter", "a condition in pregnancy: " + Dotted(*k) + " (I.C.15.a.1)");
    }
    added.push_back(std::move(o));
  }
  // A pregnancy with a complication is no supervision of a normal pregnancy (Z34 is not used
  // with chapter 15 codes, I.C.15.b.1).
  if (!added.empty())
    for (Candidate& z : cands_)
      if (!z.dropped && Undotted(z.code).substr(0, 3) == "Z34")
        Drop(z, "pregnancy-complicated", "a complication of the pregnancy is coded (" + Dotted(added.front().code) +
                                             "): not a normal pregnancy's supervision (I.C.15.b.1)");
  for (Candidate& o : added) cands_.push_back(std::move(o));
}

// A pregnant patient's history of a complication of an earlier pregnancy (pre-term labor,
// gestational diabetes, another obstetric complication) is the supervision of this
// high-risk pregnancy, O09.21- / O09.29- (I.C.15.b.2: O09 for the prenatal period), not the
// personal history code of a patient not pregnant (Z87.51, Z87.59, Z86.32). The pregnancy is
// documented by its weeks or gravida/para; the trimester is set later (ApplyPregnancy).
void NoteCoder::ApplyObstetricHistory() {
  if (!pregnancy_ || HasAny(lower_, {"not pregnant", "postpartum", "delivered"})) return;
  if (detail::GestationWeeks(lower_).weeks < 0 && !GravidaPara(lower_)) return;
  for (Candidate& c : cands_) {
    const std::string_view u = Undotted(c.code);
    if (c.dropped || (u != "Z8751" && u != "Z8759" && u != "Z8632")) continue;
    auto k = cs_.Find(u == "Z8751" ? "O09219" : "O09299");
    if (!k || !Billable(*k)) continue;
    c.rules.push_back({"high-risk-pregnancy", "I.C.15.b.2",
                       "a pregnant patient's obstetric history: supervision of the high-risk pregnancy " + Dotted(*k) +
                           ", not " + Dotted(c.code)});
    c.code = *k;
    c.group = 0;
    // A high-risk pregnancy is no normal pregnancy's supervision (Z34 is not used with
    // chapter 15 codes, I.C.15.b.1).
    for (Candidate& z : cands_)
      if (!z.dropped && Undotted(z.code).substr(0, 3) == "Z34")
        Drop(z, "pregnancy-complicated",
             "the supervision of a high-risk pregnancy is coded (" + Dotted(*k) + "): not Z34 (I.C.15.b.1)");
  }
}

// A pregnancy's trimester and weeks (I.C.15.a.3, I.C.15.a.7): an "unspecified trimester"
// code becomes the documented trimester's (named, or from the weeks), and the weeks of
// gestation the note gives are reported with Z3A (the chapter's "use additional code").
void NoteCoder::ApplyPregnancy() {
  // A malpresentation the record says is not in labor ("frank breech at 38w0d, not in labor",
  // a cesarean before labor): no obstructed labor (O64) but the maternal care for it (O32:
  // "as a reason for ... cesarean delivery before onset of labor"; O32 Excludes1
  // malpresentation with obstructed labor).
  const bool no_labor = HasAny(lower_, {"not in labor", "no labor", "before labor", "prior to labor", "before onset of labor",
                                        "prior to onset of labor", "without labor"});
  for (Candidate& c : cands_) {
    if (c.dropped) continue;
    const std::string_view u = Undotted(c.code);
    if (no_labor && u.substr(0, 3) == "O64") {
      const std::string t = ascii::Lower(Title(c.code));
      const size_t due = t.find("due to ");
      if (due == std::string::npos) continue;
      std::string what = t.substr(due + 7);
      what = what.substr(0, what.find(','));
      SearchOptions so;
      so.limit = 5;
      so.date = options_.date;
      const auto& r = searcher_.Search("maternal care for " + what, so);
      if (!r) continue;
      for (const SearchHit& h : r->hits) {
        if (h.kind != MatchKind::kWords || Undotted(h.code).substr(0, 3) != "O32") continue;
        Candidate scratch;
        const uint32_t k = Finalize(h.code, "", scratch);
        if (!Billable(k) || Undotted(k).size() != u.size()) break;
        // the same 7th character (the fetus) as the obstructed labor's
        std::string want(Undotted(k));
        want.back() = u.back();
        const auto same = cs_.Find(want);
        if (!same || !Billable(*same)) break;
        c.rules.push_back({"not-in-labor", "I.C.15",
                           "not in labor: the maternal care for the malpresentation " + Dotted(*same) + ", not obstructed labor " +
                               Dotted(c.code)});
        c.code = *same;
        break;
      }
    }
  }
  // A delivery with a complication: not an uncomplicated delivery (O80 is used with no other
  // chapter 15 code but Z3A and Z37, I.C.15.b.4); and the mother's record reports the
  // outcome of delivery (Z37), not the liveborn infant's own code (Z38, the newborn's record
  // only, I.C.16.a.1).
  const Candidate* complication = nullptr;
  bool mother = false;
  uint32_t last_o = 0;  // the outcome is reported after the delivery's codes
  for (const Candidate& c : cands_) {
    if (c.dropped || Undotted(c.code)[0] != 'O') continue;
    mother = true;
    last_o = std::max(last_o, c.position);
    if (Undotted(c.code) != "O80" && !complication) complication = &c;
  }
  for (Candidate& c : cands_) {
    if (c.dropped) continue;
    const std::string_view u = Undotted(c.code);
    if (u == "O80" && complication) {
      Drop(c, "delivery-complicated",
           "a complication of the delivery is coded (" + Dotted(complication->code) + "): not O80 (I.C.15.b.4)");
    } else if (mother && u.substr(0, 3) == "Z38" && u.size() >= 4 && u[3] >= '0' && u[3] <= '5') {
      if (auto k = cs_.Find(u[3] <= '2' ? "Z370" : "Z372")) {
        c.rules.push_back({"outcome-of-delivery", "I.C.15.b.5",
                           "the mother's record reports the outcome of delivery: " + Dotted(*k) + ", not " + Dotted(c.code)});
        c.code = *k;
        c.position = std::max(c.position, last_o + 1);
      }
    }
  }
  Candidate* first = nullptr;
  for (Candidate& c : cands_) {
    if (c.dropped) continue;
    std::string_view u = Undotted(c.code);
    if (u[0] == 'O' || u.substr(0, 3) == "Z34") {
      if (!first || c.position < first->position) first = &c;
    }
  }
  if (!first) return;
  // The pregnancy is this record's reason (supervision Z34, a complication O): not an
  // incidental pregnant state (Z33.1 is for a pregnancy the provider says is incidental,
  // I.C.15.a.1).
  for (Candidate& c : cands_)
    if (!c.dropped && Undotted(c.code) == "Z331")
      Drop(c, "pregnancy-not-incidental",
           "the pregnancy is the reason of the record (" + Dotted(first->code) + "): not incidental (I.C.15.a.1)");
  const detail::Gestation g = detail::GestationWeeks(lower_);
  const int trimester = detail::DocumentedTrimester(lower_, g.weeks);
  for (Candidate& c : cands_) {
    if (c.dropped) continue;
    std::string_view u = Undotted(c.code);
    if (u[0] != 'O' && u.substr(0, 3) != "Z34") continue;
    if (auto k = detail::TrimesterSibling(cs_, year_, c.code, trimester)) {
      c.rules.push_back({"trimester", "I.C.15.a.3",
                         "trimester documented: " + Dotted(*k) + ", not the unspecified trimester " + Dotted(c.code)});
      c.code = *k;
    }
  }
  // No weeks of gestation with a pregnancy of abortive outcome (O00-O08): the Z3A category
  // excludes it (its Excludes1 note; I.C.15.a.7 is for the pregnancy going on).
  for (Candidate& c : cands_) {
    if (c.dropped) continue;
    std::string_view u = Undotted(c.code);
    if (u[0] != 'O' || u.substr(0, 3) > "O08") continue;
    for (Candidate& z : cands_)
      if (!z.dropped && Undotted(z.code).substr(0, 3) == "Z3A")
        Drop(z, "excludes1", "no weeks of gestation with a pregnancy of abortive outcome " + Dotted(c.code));
    return;
  }
  auto weeks = detail::WeeksOfGestationCode(cs_, year_, g.weeks);
  if (!weeks) return;
  bool have = false;
  for (Candidate& c : cands_) {
    if (c.dropped || Undotted(c.code).substr(0, 3) != "Z3A") continue;
    if (c.code == *weeks) {
      have = true;
    } else {
      Drop(c, "less-specific", "the weeks of gestation documented are " + Dotted(*weeks) + " (I.C.15.a.7)");
    }
  }
  if (have) return;
  Candidate z;
  z.code = *weeks;
  z.evidence.push_back({g.begin, g.end});
  z.section = first->section;
  z.item = first->item;
  z.line = first->line;
  z.position = std::max(first->position, g.begin) + 1;  // after the code it goes with and what that asks for
  z.group = first->group;
  z.why.push_back("weeks of gestation documented");
  z.rules.push_back({"weeks-of-gestation", "I.C.15.a.7",
                     "use additional code from Z3A for the weeks of gestation with " + Dotted(first->code)});
  cands_.push_back(std::move(z));
}

// A substance "use disorder" of a documented severity is what the Tabular's inclusion terms
// say: mild is abuse (F1x.1-), moderate or severe dependence (F1x.2-), "in early/sustained
// remission" their remission codes (F1x.11, F1x.21), not a "use, with disorder" reading
// (F1x.99); and one code per substance (I.C.5.b.2): dependence over abuse over use, a
// complicated dependence over an uncomplicated one.
void NoteCoder::ApplySubstanceUse() {
  for (Candidate& c : cands_) {
    if (c.dropped) continue;
    const std::string_view u = Undotted(c.code);
    if (u.size() < 5 || u[0] != 'F' || u[1] != '1' || u[2] == '7' || u[2] == '9' ||
        (u[3] != '1' && u[3] != '2' && u[3] != '9'))
      continue;
    const std::string item = ItemLower(c.item);
    // ... or its abbreviation: AUD, OUD, CUD, SUD (alcohol, opioid, cannabis, substance use disorder).
    if (!HasAny(item, {"use disorder", "use d/o", "use do", "aud", "oud", "cud", "sud"})) continue;
    const char level = HasAny(item, {"mild"}) ? '1' : HasAny(item, {"moderate", "severe"}) ? '2' : 0;
    if (!level) continue;
    const bool remission = HasAny(item, {"in remission", "early remission", "sustained remission"}) &&
                           !HasAny(item, {"not in remission"});
    std::string want = std::string(u.substr(0, 3)) + "." + level;
    if (remission) {
      want += '1';
    } else if (u[3] == '9') {
      want += '0';  // "use, with disorder" read from "use disorder": uncomplicated
    } else if (u[3] == level) {
      continue;
    } else {
      want += u.substr(4);
    }
    auto k = cs_.Find(want);
    if (!k || !Billable(*k) || *k == c.code) continue;
    c.rules.push_back({"substance-use-disorder", "I.C.5.b.1",
                       std::string("a ") + (level == '1' ? "mild" : "moderate or severe") + " use disorder" +
                           (remission ? " in remission" : "") + ": " + Dotted(*k) + ", not " + Dotted(c.code)});
    c.code = *k;
  }
  // Nicotine read as "other psychoactive substance" (the Index's "Dependence, tobacco" sends to
  // "Dependence, drug, nicotine" F17.200): nicotine's own F17 code, one per substance
  // (I.C.5.b.2) where the line has one.
  for (Candidate& c : cands_) {
    if (c.dropped || Undotted(c.code).substr(0, 3) != "F19") continue;
    std::string words;
    for (const TextSpan& sp : c.evidence) words += ascii::Lower(text_.substr(sp.begin, sp.end - sp.begin)) + " ";
    if (!HasAny(words, {"nicotine", "tobacco", "cigarette", "cigarettes", "cig", "cigs", "smoker", "smoking", "vape", "vaping"}))
      continue;
    const Candidate* f17 = nullptr;
    for (const Candidate& d : cands_)
      if (!d.dropped && Undotted(d.code).substr(0, 3) == "F17" && (d.item == c.item || d.line == c.line)) f17 = &d;
    if (f17) {
      Drop(c, "one-per-substance", "nicotine is coded by " + Dotted(f17->code) + " (I.C.5.b.2)");
      continue;
    }
    // The product its line names: cigarettes (packs a day), chewing tobacco, else unspecified.
    std::string item;
    for (const note::Chunk& ch : layout_.chunks)
      if (ch.line == c.line) item += std::string(ChunkLower(ch)) + " ";
    const char* code = HasAny(item, {"cigarette", "cigarettes", "cig", "cigs", "ppd", "pack", "packs", "pk"}) ? "F17.210"
                       : HasAny(item, {"chewing tobacco", "chew", "dip", "snuff"})                             ? "F17.220"
                                                                                                              : "F17.200";
    if (auto k = cs_.Find(code); k && Billable(*k)) {
      c.rules.push_back({"nicotine-dependence", "I.C.5.b.2",
                         std::string("nicotine dependence: ") + code + ", not " + Dotted(c.code)});
      c.code = *k;
    }
  }
  auto rank = [](std::string_view u) { return u[3] == '2' ? 3 : u[3] == '1' ? 2 : 1; };
  for (Candidate& a : cands_) {
    const std::string_view ua = Undotted(a.code);
    if (a.dropped || ua.size() < 4 || ua[0] != 'F' || ua[1] != '1' || (ua[3] != '1' && ua[3] != '2' && ua[3] != '9')) continue;
    for (Candidate& b : cands_) {
      const std::string_view ub = Undotted(b.code);
      if (&a == &b || b.dropped || ub.size() < 4 || ub.substr(0, 3) != ua.substr(0, 3) || a.code == b.code) continue;
      if (ub[3] != '1' && ub[3] != '2' && ub[3] != '9') continue;
      const bool lower = rank(ua) < rank(ub);
      const bool uncomplicated = rank(ua) == rank(ub) && ua.size() == 5 && ua[4] == '0' && !(ub.size() == 5 && ub[4] == '0');
      if (!lower && !uncomplicated) continue;
      // A reading on fewer words of the text ("alcohol" left over beside "acute alcohol
      // intoxication w/ alcohol abuse") is the one that goes.
      if (b.weight < a.weight) {
        // An uncomplicated code beside the same level's complicated one ("Opioid withdrawal;
        // heroin use disorder, severe": F11.20 and F11.23): the complication is the
        // dependence's, the one code that says both (I.C.5.b.2; I.A.15).
        if (uncomplicated) {
          a.rules.push_back({"one-per-substance", "I.C.5.b.2",
                             "one code per substance, with its complication: " + Dotted(b.code) + ", not " + Dotted(a.code)});
          a.code = b.code;
          for (const TextSpan& sp : b.evidence) a.evidence.push_back(sp);
          std::sort(a.evidence.begin(), a.evidence.end(), [](const TextSpan& x, const TextSpan& y) { return x.begin < y.begin; });
          Drop(b, "combined", "included in " + Dotted(a.code) + ", one code per substance (I.C.5.b.2)");
          break;
        }
        Drop(b, "one-per-substance", "one code per substance: " + Dotted(a.code) + " rests on more of the text (I.C.5.b.2)");
        continue;
      }
      Drop(a, "one-per-substance", "one code per substance: " + Dotted(b.code) + " says more (I.C.5.b.2)");
      break;
    }
  }
}

// A newborn's record with the recorded birth weight and gestational age (I.C.16.d): codes
// from P07 are based on them, two codes when both are available, the birth weight's (under
// 2500 g: P07.0-, P07.1-) before the gestational age's (under 37 completed weeks: P07.2-,
// P07.3-); an unspecified P07 code found by the words ("preemie": P07.30) becomes the
// documented one. Not on a mother's record (a chapter 15 code), nor where nothing says the
// record is a newborn's.
void NoteCoder::ApplyNewbornMaturity() {
  if (!newborn_) return;
  const Candidate* birth = nullptr;
  for (const Candidate& c : cands_) {
    if (c.dropped) continue;
    const std::string_view u = Undotted(c.code);
    if (u[0] == 'O') return;  // the mother's record
    if (u.substr(0, 3) == "Z38" && (!birth || c.position < birth->position)) birth = &c;
  }
  if (!birth && !HasAny(lower_, {"newborn", "neonate", "neonatal", "nicu", "liveborn", "born here", "born in",
                                 "preemie", "bw", "birth weight", "preterm infant", "premature infant"}))
    return;
  const detail::BirthWeight bw = detail::BirthWeightGrams(lower_);
  const detail::Gestation g = detail::GestationWeeks(lower_);
  const auto weight = detail::LowBirthWeightCode(cs_, year_, bw.grams);
  const auto weeks = detail::PretermWeeksCode(cs_, year_, g.weeks);
  if (!weight && !weeks) return;
  // The codes found for the same axes yield to the documented ones.
  for (Candidate& c : cands_) {
    if (c.dropped) continue;
    const std::string_view u = Undotted(c.code);
    if (u.substr(0, 3) != "P07" || u.size() < 4) continue;
    const bool weight_axis = u[3] == '0' || u[3] == '1';
    if ((weight_axis && weight && c.code != *weight) || (!weight_axis && weeks && c.code != *weeks))
      Drop(c, "less-specific", "the birth weight and gestational age documented choose the P07 codes (I.C.16.d)");
  }
  // Without the birth's code, at the first of the two spans, the weight first.
  uint32_t after = birth ? birth->position : std::min(weight ? bw.begin : g.begin, weeks ? g.begin : bw.begin);
  const Section section = birth ? birth->section : Section::kNone;
  const uint32_t item = birth ? birth->item : 0, line = birth ? birth->line : 0;
  for (const auto& [code, span, what] :
       {std::tuple{weight, TextSpan{bw.begin, bw.end}, "birth weight"}, std::tuple{weeks, TextSpan{g.begin, g.end}, "gestational age"}}) {
    if (!code) continue;
    bool have = false;
    for (Candidate& c : cands_)
      if (!c.dropped && c.code == *code) have = true;
    if (have) continue;
    Candidate p;
    p.code = *code;
    p.evidence.push_back(span);
    p.section = section;
    p.item = item;
    p.line = line;
    p.position = ++after;
    p.why.push_back(std::string(what) + " documented");
    p.rules.push_back({"newborn-maturity", "I.C.16.d",
                       std::string("the recorded ") + what + " of the newborn: " + Dotted(*code) +
                           " (the birth weight's code before the gestational age's)"});
    cands_.push_back(std::move(p));
  }
}

// Dementia due to Alzheimer's disease read as an unspecified or vascular dementia ("Alzheimer's
// dementia with agitation" found "Dementia, with, agitation" F03.911): F02 "Dementia in other
// diseases classified elsewhere" with the same severity and disturbance, after G30, which its
// "code first" note asks for (I.A.13; the Index: Disease, Alzheimer's G30.9 [F02.8-]). The
// onset documented picks G30.0 (early) or G30.1 (late).
void NoteCoder::ApplyDementiaEtiology() {
  const std::initializer_list<std::string_view> alzheimer = {"alzheimer", "alzheimer's", "alzheimers", "alzheimer’s"};
  // The onset of the item's Alzheimer's disease, else the one another present line of the
  // note documents for it ("HPI: Alzheimer's dementia, late onset" beside "A/P: Alzheimer's
  // dementia, mild"): the record's documentation, one patient's one disease (I.B.1).
  auto onset_of = [&](uint32_t item_no) -> const char* {
    auto read = [](std::string_view item) -> const char* {
      return HasAny(item, {"late onset", "late-onset"}) ? "G30.1" : HasAny(item, {"early onset", "early-onset"}) ? "G30.0" : nullptr;
    };
    if (const char* own = read(ItemLower(item_no))) return own;
    for (const note::Chunk& ch : layout_.chunks) {
      if (ch.item == item_no || ch.assertion != Assertion::kPresent || !HasAny(ChunkLower(ch), alzheimer)) continue;
      if (const char* other = read(ItemLower(ch.item))) return other;
    }
    return nullptr;
  };
  // Alzheimer's disease read without its documented onset ("Alzheimer's, late onset"): G30.1
  // or G30.0, not the unspecified G30.9 (I.A.9).
  for (Candidate& c : cands_) {
    if (c.dropped || Undotted(c.code) != "G309") continue;
    const char* onset = onset_of(c.item);
    if (!onset) continue;
    if (auto k = cs_.Find(onset); k && Billable(*k)) {
      c.rules.push_back({"alzheimer-onset", "I.A.9", "onset documented: " + Dotted(*k) + ", not " + Dotted(c.code)});
      c.code = *k;
    }
  }
  std::vector<Candidate> added;
  for (Candidate& c : cands_) {
    if (c.dropped) continue;
    const std::string_view u = Undotted(c.code);
    const bool vascular = u.substr(0, 3) == "F01", unspecified = u.substr(0, 3) == "F03";
    if ((!vascular && !unspecified) || u.size() < 4) continue;
    const std::string item = ItemLower(c.item);
    if (!HasAny(item, alzheimer)) continue;
    if (vascular && HasAny(item, {"vascular", "multi-infarct", "multiinfarct"})) continue;  // both: a coder's call
    std::string f02 = "F02";
    const char severity = u[3];
    f02 += (severity == '9' || severity == '5') ? '8' : severity;
    f02 += u.substr(4);
    auto k = cs_.Find(f02.substr(0, 3) + "." + f02.substr(3));
    if (!k || !Billable(*k)) continue;
    c.rules.push_back({"dementia-in-other-disease", "I.A.13",
                       "dementia due to Alzheimer's disease: " + Dotted(*k) + ", not " + Dotted(c.code) +
                           ", after its etiology G30"});
    c.code = *k;
    bool etiology = false;
    for (const Candidate& g : cands_)
      if (!g.dropped && Undotted(g.code).substr(0, 3) == "G30") etiology = true;
    for (const Candidate& g : added) etiology = etiology || Undotted(g.code).substr(0, 3) == "G30";
    if (etiology) continue;
    const char* onset = onset_of(c.item);
    const char* g30 = onset ? onset : "G30.9";
    auto g = cs_.Find(g30);
    if (!g || !Billable(*g)) continue;
    Candidate e = c;
    e.code = *g;
    e.rules.clear();
    e.why.clear();
    e.why.push_back("index: Disease, Alzheimer's -> " + Dotted(*g) + " [F02.8-]");
    e.rules.push_back({"dementia-etiology", "I.A.13", Dotted(c.code) + " asks to code first the underlying disease: " + Dotted(*g)});
    e.position = c.position > 0 ? c.position - 1 : 0;
    added.push_back(std::move(e));
  }
  for (Candidate& e : added) cands_.push_back(std::move(e));
}

// Alzheimer's disease with its dementia: the Index gives the manifestation in brackets
// ("Disease, Alzheimer's G30.9 [F02.80]"), reported after G30 (I.A.13), with the severity and
// the behaviour the item documents (F02.8-, F02.A- .. F02.C-: I.C.5.d). The detail is read as
// the Index reads it for a dementia of no named cause ("Dementia, moderate, with agitation"
// F03.B11 -> F02.B11), from the item's words that are not negated.
void NoteCoder::DementiaOfAlzheimer() {
  std::vector<Candidate> added;
  for (const Candidate& g : cands_) {
    if (g.dropped || Undotted(g.code).substr(0, 3) != "G30") continue;
    // The dementia's words: the item's chunks from the one that names Alzheimer's up to the
    // first that names another condition (a note's line may list several), negated ones aside.
    auto other_in = [&](const note::Chunk& ch) {
      for (const Candidate& c : cands_) {
        const std::string_view cat = Undotted(c.code).substr(0, 3);
        if (c.dropped || cat == "G30" || cat == "F01" || cat == "F02" || cat == "F03" || cat[0] == 'R') continue;
        for (const TextSpan& sp : c.evidence)
          if (sp.begin >= ch.begin && sp.begin < ch.end) return true;
      }
      return false;
    };
    std::string query = "F03 dementia ";
    uint32_t from = 0, to = 0;
    for (const note::Chunk& ch : layout_.chunks) {
      if (ch.item != g.item) continue;
      if (to == 0) {
        if (g.position < ch.begin || g.position >= ch.end) continue;
        from = ch.begin;
      } else if (other_in(ch)) {
        break;
      }
      to = ch.end;
      if (ch.assertion != Assertion::kPresent) continue;
      for (const Tok& t : Tokens(text_, ch.begin, ch.end))
        if (!t.absent && !t.number) query.append(text_.substr(t.begin, t.end - t.begin)).push_back(' ');
    }
    SearchOptions so;
    so.limit = 10;
    so.date = options_.date;
    // The severity (4th character A, B, C; 8 unspecified) the item's F02 codes or the F03 code
    // that best reads its words say, and the behaviour (the rest; 0 none) that F03 code says
    // (read without the words said absent: "without behavioral disturbance").
    char severity = '8';
    std::string behaviour = "0";
    auto read = [&](std::string_view u, bool behaves) {  // undotted F02/F03 code
      if (u.size() < 5) return;
      if (u[3] >= 'A' && u[3] <= 'C') severity = u[3];
      if (behaves) behaviour = std::string(u.substr(4));
    };
    if (const auto& r = searcher_.Search(query, so); r)
      for (const SearchHit& h : r->hits)
        if (Undotted(h.code).substr(0, 3) == "F03" && Billable(h.code)) {
          read(Undotted(h.code), true);  // the first: the best reading of the words
          break;
        }
    std::vector<Candidate*> have;
    for (Candidate& c : cands_)
      if (!c.dropped && c.item == g.item && Undotted(c.code).substr(0, 3) == "F02" && c.position >= from && c.position < to)
        have.push_back(&c);
    for (Candidate& c : added)
      if (c.item == g.item) have.push_back(&c);
    for (const Candidate* c : have) read(Undotted(c->code), false);
    auto k = cs_.Find(std::string("F02.") + severity + behaviour);
    if (!k || !Billable(*k)) continue;
    const std::string rule = "Alzheimer's disease " + Dotted(g.code) + " [F02.-]: its dementia " + Dotted(*k) +
                             ", after the etiology (I.A.13)";
    // F02 codes read without the detail the item documents ("w/ agitation"): made specific.
    for (Candidate* c : have)
      if (c->code != *k) {
        c->rules.push_back({"dementia-detail", "I.A.13", rule + ", not " + Dotted(c->code)});
        c->code = *k;
      }
    if (!have.empty()) continue;
    Candidate m = g;
    m.code = *k;
    m.rules.clear();
    m.alternatives.clear();
    m.why.clear();
    m.doc = format::kNone;
    m.why.push_back("index: Disease, Alzheimer's -> " + Dotted(g.code) + " [F02.80]");
    m.rules.push_back({"dementia-of-alzheimer", "I.A.13", rule});
    m.position = g.position + 1;
    added.push_back(std::move(m));
  }
  for (Candidate& e : added) cands_.push_back(std::move(e));
}

// Aftercare of an injury is the injury's code with its 7th character D, not an aftercare
// Z code (I.C.21.c.7): "suture removal, healed forearm laceration" is S51.812D alone.
void NoteCoder::ApplyInjuryAftercare() {
  for (Candidate& z : cands_) {
    if (z.dropped) continue;
    std::string_view zu = Undotted(z.code);
    if (zu.substr(0, 3) != "Z47" && zu.substr(0, 3) != "Z48" && zu.substr(0, 4) != "Z518") continue;  // aftercare
    for (const Candidate& inj : cands_) {
      std::string_view iu = Undotted(inj.code);
      if (inj.dropped || inj.item != z.item || iu.size() != 7 || (iu[0] != 'S' && iu[0] != 'T')) continue;
      Drop(z, "injury-aftercare", "aftercare of an injury is the injury code " + Dotted(inj.code) + " (I.C.21.c.7)");
      break;
    }
  }
  // Aftercare of a joint replacement: Z47.1 (the Index: Aftercare, following surgery, joint
  // replacement), whose "use additional code" is the joint's Z96.6- (I.C.21.c.7), in place of
  // aftercare NOS (Z51.89).
  auto z471 = cs_.Find("Z471");
  if (!z471 || !Billable(*z471)) return;
  for (const Candidate& joint : cands_) {
    if (joint.dropped || Undotted(joint.code).substr(0, 4) != "Z966") continue;
    // The item of any of its evidence ("s/p L total knee arthroplasty" in the HPI, "Aftercare
    // following L TKA" in the assessment: one joint).
    bool aftercare = HasAny(ItemLower(joint.item), {"aftercare", "after care"});
    Section where = joint.section;
    uint32_t at = joint.position;
    for (const TextSpan& e : joint.evidence)
      for (const note::Chunk& ch : layout_.chunks)
        if (!aftercare && ch.begin <= e.begin && e.end <= ch.end && HasAny(ItemLower(ch.item), {"aftercare", "after care"})) {
          aftercare = true;
          where = ch.section;
          at = e.begin;
        }
    if (!aftercare) continue;
    if (std::any_of(cands_.begin(), cands_.end(), [&](const Candidate& c) { return !c.dropped && c.code == *z471; })) return;
    Candidate* nos = nullptr;
    for (Candidate& c : cands_)
      if (!c.dropped && c.item == joint.item && Undotted(c.code) == "Z5189") nos = &c;
    const std::string rule = "aftercare following joint replacement: Z47.1 with the joint " + Dotted(joint.code) + " (I.C.21.c.7)";
    if (nos) {
      nos->rules.push_back({"joint-aftercare", "I.C.21.c.7", rule + ", not " + Dotted(nos->code)});
      nos->code = *z471;
      nos->position = std::min(nos->position, joint.position);
    } else {
      Candidate c = joint;
      c.code = *z471;
      c.rules.clear();
      c.alternatives.clear();
      c.why.clear();
      c.rules.push_back({"joint-aftercare", "I.C.21.c.7", rule});
      c.position = at > 0 ? at - 1 : 0;
      // The aftercare is the encounter's reason, a diagnosis of its section (the assessment's
      // first), not a status after the conditions as the joint's Z96.6- is (I.C.21.c.7).
      c.group = where == Section::kAssessment || where == Section::kNone ? 0 : 1;
      if (layout_.has_assessment && where != Section::kAssessment) c.group = 1;
      cands_.push_back(std::move(c));
    }
    return;
  }
}

// An injury read without a body region (T14.8-, T14.90-: "inversion injury", "wound cleaned")
// beside an injury the item codes by its site is that injury read again without its site:
// each injury has one code (I.C.19.b), and the unspecified region is not coded when the
// record names the region (I.B.18). A wound the item codes as an ulcer (L89, L97, L98.4) is
// that ulcer. T14.91 (suicide attempt) is no injury reading and stays.
void NoteCoder::ApplyUnsitedInjury() {
  for (Candidate& t : cands_) {
    const std::string_view tu = Undotted(t.code);
    if (t.dropped || (tu.substr(0, 4) != "T148" && tu.substr(0, 5) != "T1490")) continue;
    for (const Candidate& s : cands_) {
      const std::string_view su = Undotted(s.code);
      if (s.dropped || &s == &t || s.item != t.item) continue;
      const bool sited = su[0] == 'S' || (su[0] == 'T' && su.substr(0, 3) < "T35" && su.substr(0, 3) != "T14");
      const bool ulcer = su.substr(0, 3) == "L89" || su.substr(0, 3) == "L97" || su.substr(0, 4) == "L984";
      if (!sited && !ulcer) continue;
      Drop(t, "unsited-injury",
           "the item codes the injury by its site: " + Dotted(s.code) + ", not " + Dotted(t.code) + " (I.C.19.b, I.B.18)");
      break;
    }
  }
}

// A communicable disease of a person the patient was in contact with, named first in its
// chunk ("Coworker COVID+", "Partner dx w/ gonorrhea, pt asymptomatic"): the patient's contact
// with and (suspected) exposure to it, Z20.- (I.C.21.c.1), not the disease; so too a chunk that
// opens with the exposure ("Exposed to coworker w/ COVID, pt asymptomatic"). The Z20 code must
// read a word of the disease (the Index: "Exposure (to), gonorrhea" Z20.2); else nothing changes.
void NoteCoder::ApplyContactExposure() {
  static constexpr std::string_view kContactWords[] = {"coworker", "co-worker", "partner", "roommate", "classmate",
                                                       "household", "contact", "spouse", "husband", "wife",
                                                       "exposed", "exposure"};
  for (Candidate& c : cands_) {
    const std::string_view u = Undotted(c.code);
    if (c.dropped || u[0] == 'Z' || u[0] == 'S' || u[0] == 'T' || (u[0] >= 'V' && u[0] <= 'Y')) continue;
    const note::Chunk* at = nullptr;
    for (const note::Chunk& ch : layout_.chunks)
      if (ch.item == c.item && c.position >= ch.begin && c.position < ch.end) at = &ch;
    if (!at) continue;
    const std::vector<Tok> toks = Tokens(text_, at->begin, at->end);
    if (toks.empty() || toks[0].begin >= c.position) continue;
    const std::string first = ascii::Lower(text_.substr(toks[0].begin, toks[0].end - toks[0].begin));
    if (std::find(std::begin(kContactWords), std::end(kContactWords), first) == std::end(kContactWords)) continue;
    std::string query = "Z20 exposure ";
    for (const TextSpan& sp : c.evidence) query.append(text_.substr(sp.begin, sp.end - sp.begin)).push_back(' ');
    SearchOptions so;
    so.limit = 5;
    so.date = options_.date;
    const auto& r = searcher_.Search(query, so);
    if (!r) continue;
    for (const SearchHit& h : r->hits) {
      if (Undotted(h.code).substr(0, 3) != "Z20" || !Billable(h.code)) continue;
      bool disease_word = false;
      for (size_t w = 0; w < r->words.size() && w < 32; ++w)
        if ((h.matched & (1u << w)) && r->words[w].use != WordUse::kCodeFilter && r->words[w].text != "z20" &&
            r->words[w].text != "exposure")
          disease_word = true;
      if (!disease_word) break;
      c.rules.push_back({"contact-exposure", "I.C.21.c.1",
                         "the disease of a contact (\"" + first + "\"): exposure " + Dotted(h.code) + ", not " + Dotted(c.code)});
      c.code = h.code;
      break;
    }
  }
}

// Two codes the assessment lists as problems of their own (different items of the assessment):
// the provider's order of the problems stands against a "use additional code" note, which
// asks for the other code beside this one (I.A.13 orders the two codes of one condition,
// etiology then manifestation); the condition chiefly responsible for the encounter or the
// admission is listed first (IV.G, II).
bool NoteCoder::ListedApart(const Candidate& a, const Candidate& b) const {
  return a.section == Section::kAssessment && b.section == Section::kAssessment && a.item != b.item;
}

void NoteCoder::Order() {
  std::vector<Candidate> kept;
  for (Candidate& c : cands_) {
    if (c.dropped) continue;
    auto same = std::find_if(kept.begin(), kept.end(), [&](const Candidate& k) { return k.code == c.code; });
    if (same != kept.end()) {
      for (const TextSpan& sp : c.evidence) same->evidence.push_back(sp);
      continue;
    }
    kept.push_back(std::move(c));
  }
  std::stable_sort(kept.begin(), kept.end(), [](const Candidate& a, const Candidate& b) {
    if (a.group != b.group) return a.group < b.group;
    return a.position < b.position;
  });
  // Pairs the notes order: "code first" X before this; this before its "use additional";
  // a combination before the codes it asks for.
  for (int pass = 0; pass < 3; ++pass) {
    for (size_t i = 0; i < kept.size(); ++i) {
      const CodeDetail* detail = Detail(kept[i].code);
      if (!detail) continue;
      for (const NoteView& nv : detail->notes) {
        bool code_first = nv.kind == "codeFirst";
        bool use_add = nv.kind == "useAdditionalCode";
        if (!code_first && !use_add) continue;
        for (size_t j = 0; j < kept.size(); ++j) {
          if (j == i) continue;
          bool in = false;
          for (const NoteRef& ref : nv.refs) in = in || InRange(Undotted(kept[j].code), ref);
          if (!in) continue;
          if (code_first && j > i) {
            Candidate moved = std::move(kept[j]);
            kept.erase(kept.begin() + static_cast<long>(j));
            moved.rules.push_back({"code-first", "I.A.13", "sequenced before " + Dotted(kept[i].code) + " (its \"code first\" note)"});
            kept.insert(kept.begin() + static_cast<long>(i), std::move(moved));
            ++i;
          } else if (use_add && j < i && kept[j].group >= kept[i].group &&
                     (kept[j].group > kept[i].group || kept[j].item == kept[i].item || !ListedApart(kept[i], kept[j]))) {
            Candidate moved = std::move(kept[i]);
            kept.erase(kept.begin() + static_cast<long>(i));
            kept.insert(kept.begin() + static_cast<long>(j), std::move(moved));
          }
        }
      }
    }
  }
  cands_ = std::move(kept);
}

}  // namespace medcode::coding
