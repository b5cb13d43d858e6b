// Search, the book's defaults: how much lower a code ranks when the query does not ask for
// what sets it apart from the code a coder reaches by default. A penalty is a score
// (Searcher::ScoreOf) taken from every document of the code; a query that names the
// difference ("assault", "open", "fall from ladder") still ranks the code first, because
// each word it matches weighs far more (1000 x its share of the query).
//   - Poisoning by a drug with the intent not documented is accidental (Official
//     Guidelines I.C.19.e.5(b)): assault, intentional self-harm and undetermined intent
//     rank below accidental in T36-T65.
//   - A fracture not documented as open or closed is closed, one not documented as
//     displaced or nondisplaced is displaced (I.C.19.c.1): open-fracture 7th characters
//     and nondisplaced codes rank below.
//   - External causes (chapter 20, V00-Y99) say how an injury happened, never what it is
//     (I.C.20): the diagnosis the words describe ranks above them.
//   - HCPCS quality-data codes (G8xxx, G9xxx and M1xxx that Part B does not price
//     separately: MIPS reporting, not a service) rank below services, and a terminated
//     code ranks last.
#include <algorithm>
#include <string_view>

#include "search_internal.h"

namespace medcode::search_detail {
namespace {

bool Has(std::string_view title, std::string_view what) {
  // Titles are mixed case ("Poisoning by ..., assault"); the words compared are lower case.
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return std::search(title.begin(), title.end(), what.begin(), what.end(),
                     [&](char a, char b) { return lower(a) == b; }) != title.end();
}

uint8_t IcdPenalty(std::string_view code, std::string_view title) {
  if (code.empty()) return 0;
  uint8_t pen = 0;
  const char ch = code[0];
  if (ch >= 'V' && ch <= 'Y') pen += kExternalCausePenalty;
  // T36-T65: poisonings, toxic effects (the 6th character is the intent).
  if (ch == 'T' && code.size() >= 3 && code.substr(1, 2) >= "36" && code.substr(1, 2) <= "65" &&
      (Has(title, "assault") || Has(title, "intentional self-harm") || Has(title, "undetermined"))) {
    pen += kNotDefaultPenalty;
  }
  if (Has(title, "nondisplaced")) pen += kNotDefaultPenalty;
  if (Has(title, "open fracture")) pen += kNotDefaultPenalty;
  return pen;
}

bool IsQualityCode(const CodeSet& cs, uint32_t i) {
  const std::string_view code = cs.code(i);
  if (code.size() != 5 || !(code.starts_with("G8") || code.starts_with("G9") || code.starts_with("M1"))) return false;
  const auto& defs = cs.meta().attributes;
  for (const auto& a : cs.AttributesOf(i)) {
    if (a.key < defs.size() && defs[a.key].key == "pricing") return cs.str(a.value) == "00";
  }
  return false;
}

}  // namespace

std::vector<uint8_t> DefaultPenalties(const CodeSet& cs) {
  std::vector<uint8_t> pen(cs.size(), 0);
  const bool icd = cs.meta().system == "ICD-10-CM";
  for (uint32_t i = 0; i < cs.size(); ++i) {
    if (icd) {
      pen[i] = IcdPenalty(cs.code(i), cs.title(i));
    } else {
      if (IsQualityCode(cs, i)) pen[i] = kExternalCausePenalty;
      if (cs.terminated(i)) pen[i] = kTerminatedPenalty;
    }
  }
  return pen;
}

}  // namespace medcode::search_detail
