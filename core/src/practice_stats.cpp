// Coverage of a practice case bank (medcode/practice.h): the ICD-10-CM chapter of a case
// (of its first key code, or "HCPCS" for a case with HCPCS lines), and counts of cases per
// chapter, level, setting, guideline section cited and topic, with the orders used to show
// them (chapters numerically, guideline sections part by part).
#include <cctype>
#include <cstdlib>
#include <string>
#include <vector>

#include "medcode/lookup.h"
#include "medcode/practice.h"
#include "ascii.h"

namespace medcode::practice {
using ascii::AllDigits;
namespace {

// "I.C.19.e.5(a)" -> {"I", "C", "19", "e", "5", "a"}
std::vector<std::string> SectionParts(const std::string& s) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : s) {
    if (c == '.' || c == '(' || c == ')') {
      if (!cur.empty()) parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) parts.push_back(cur);
  return parts;
}


int RomanValue(const std::string& s) {
  if (s == "I") return 1;
  if (s == "II") return 2;
  if (s == "III") return 3;
  if (s == "IV") return 4;
  return 9;
}

}  // namespace

bool ChapterLess(const std::string& a, const std::string& b) {
  bool da = AllDigits(a), db = AllDigits(b);
  if (da && db) return std::atoi(a.c_str()) < std::atoi(b.c_str());
  if (da != db) return da;
  return a < b;
}

bool SectionLess(const std::string& a, const std::string& b) {
  auto pa = SectionParts(a), pb = SectionParts(b);
  for (size_t i = 0; i < pa.size() && i < pb.size(); ++i) {
    if (pa[i] == pb[i]) continue;
    if (i == 0) return RomanValue(pa[i]) < RomanValue(pb[i]);
    bool da = AllDigits(pa[i]), db = AllDigits(pb[i]);
    if (da && db) return std::atoi(pa[i].c_str()) < std::atoi(pb[i].c_str());
    if (da != db) return !da;  // letters (I.C.1.a) before numbers at the same depth are rare; keep a stable order
    return pa[i] < pb[i];
  }
  if (pa.size() != pb.size()) return pa.size() < pb.size();
  return a < b;
}

std::string CaseChapter(const Case& c, const CodeSets& sets) {
  if (!c.hcpcs.empty()) return "HCPCS";
  if (c.key.empty() || !sets.icd) return "?";
  auto d = Lookup(*sets.icd, c.key[0].code);
  if (!d || d->hierarchy.empty() || d->hierarchy[0].level != "chapter") return "?";
  return d->hierarchy[0].code;
}

CoverageStats Coverage(const CaseBank& bank, const CodeSets& sets) {
  CoverageStats s;
  s.cases = bank.cases.size();
  for (const Case& c : bank.cases) {
    ++s.by_chapter[CaseChapter(c, sets)];
    ++s.by_level[c.level];
    ++s.by_setting[c.setting];
    for (const auto& g : c.guidelines) {
      // "I.C.19.e.5(a)" and "I.C.19.e.5.a" are the same section.
      std::string norm;
      for (char ch : g) {
        if (ch == '(') norm += '.';
        else if (ch != ')') norm += ch;
      }
      ++s.by_guideline[norm];
    }
    for (const auto& t : c.topics) ++s.by_topic[t];
  }
  return s;
}

}  // namespace medcode::practice
