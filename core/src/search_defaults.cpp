// Search, the book's defaults: how much lower a code ranks when the query does not ask for
// what sets it apart from the code a coder reaches by default. Each code has classes (a
// bitmask); each class costs a score (Searcher::ScoreOf) taken from every document of the
// code, unless the query names the class ("assault", "open", "nondisplaced",
// "elsewhere"). A query matching the code's other words ("fall from ladder") still ranks
// it first, because each word it matches weighs far more (1000 x its share of the query).
//   - Poisoning by a drug with the intent not documented is accidental (Official
//     Guidelines I.C.19.e.5(b)): assault, intentional self-harm and undetermined intent
//     rank below accidental in T36-T65; so does underdosing (I.C.19.e.5(c): taking less
//     than prescribed must be documented), unless the query says so ("missed doses"), and
//     the adverse effect of a drug properly taken (I.C.19.e.5(a)) unless the query names an
//     effect's cause ("rash from amoxicillin", "due to", "reaction", "side effect", "lasix
//     making me dizzy", "rash after amoxicillin") or the
//     drug as prescribed ("correctly administered", "therapeutic dose"): a drug
//     swallowed by a child is its accidental poisoning.
//   - A fracture not documented as open or closed is closed, one not documented as
//     displaced or nondisplaced is displaced (I.C.19.c.1): open-fracture 7th characters
//     and nondisplaced codes rank below.
//   - A malignant neoplasm not documented as secondary (metastatic) is primary: the
//     Neoplasm Table's Secondary column (C77-C79, C7B) ranks below the Primary one.
//   - Codes never first-listed (I.A.13): manifestations "in diseases classified
//     elsewhere" and organisms "as the cause of diseases classified elsewhere" (B95-B97)
//     rank below the disease's own code.
//   - External causes (chapter 20, V00-Y99) say how an injury happened, never what it is
//     (I.C.20): the diagnosis the words describe ranks above them.
//   - HCPCS quality-data codes (G8xxx, G9xxx and M1xxx that Part B does not price
//     separately: MIPS reporting, not a service) rank below services, and a terminated
//     code ranks last.
#include <algorithm>
#include <bit>
#include <string_view>

#include "ascii.h"
#include "search_internal.h"

namespace medcode::search_detail {
namespace {

uint8_t IcdClasses(std::string_view code, std::string_view title) {
  if (code.empty()) return 0;
  // Titles are mixed case ("Nondisplaced fracture ..."); the words looked for are lower case.
  // One pass over the title, each word compared only where its first letter stands (a
  // searcher asks once per code it scores: Searcher::ClassesOf).
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  const auto at = [&](size_t i, std::string_view what) {
    if (title.size() - i < what.size()) return false;
    for (size_t k = 1; k < what.size(); ++k) {
      if (lower(title[i + k]) != what[k]) return false;
    }
    return true;
  };
  uint8_t m = 0;
  const char ch = code[0];
  if (ch >= 'V' && ch <= 'Y') m |= kPenExternalCause;
  // A malignant neoplasm not documented as secondary is coded in the Neoplasm Table's
  // Primary column (the Index's "Carcinoma - see Neoplasm, by site, malignant" leads there;
  // only "metastatic to", "secondary" lead to the Secondary column): C77-C79 and C7B rank
  // below the primary site's code unless the query says secondary or metastatic.
  if (ch == 'C' && code.size() >= 3 && (code.substr(1, 2) == "77" || code.substr(1, 2) == "78" || code.substr(1, 2) == "79" ||
                                        code.substr(1, 2) == "7B")) {
    m |= kPenOtherDetail;
  }
  // T36-T65: poisonings, toxic effects (the 6th character is the intent).
  const bool poisoning = ch == 'T' && code.size() >= 3 && code.substr(1, 2) >= "36" && code.substr(1, 2) <= "65";
  for (size_t i = 0; i < title.size(); ++i) {
    switch (lower(title[i])) {
      // T36-T65 assault, intentional self-harm, undetermined intent.
      case 'a':
        if (poisoning && at(i, "assault")) m |= kPenIntent;
        if (poisoning && at(i, "adverse effect")) m |= kPenAdverse;
        break;
      case 'i': if (poisoning && at(i, "intentional self-harm")) m |= kPenIntent; break;
      case 'u': if (poisoning && (at(i, "undetermined") || at(i, "underdosing"))) m |= kPenIntent; break;
      // I.A.13: a manifestation code ("... in diseases classified elsewhere") and an organism
      // code that only adds the cause (B95-B97 "... as the cause of diseases classified
      // elsewhere") are never first-listed: the disease's own code ranks above them.
      case 'd': if (at(i, "diseases classified elsewhere")) m |= kPenElsewhere; break;
      case 'n': if (at(i, "nondisplaced")) m |= kPenOtherDetail; break;
      // I.C.6.a: a side affected but not said dominant or not is the left nondominant, the
      // right dominant (hemiplegia, monoplegia and their sequelae).
      case 'l': if (at(i, "left dominant side")) m |= kPenOtherDetail; break;
      case 'r': if (at(i, "right nondominant side")) m |= kPenOtherDetail; break;
      case 'o': if (at(i, "open fracture")) m |= kPenOpen; break;
      default: break;
    }
  }
  return m;
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

uint8_t DefaultClassesOf(const CodeSet& cs, uint32_t i, bool icd) {
  if (icd) return IcdClasses(cs.code(i), cs.title(i));
  uint8_t classes = 0;
  if (IsQualityCode(cs, i)) classes |= kPenQuality;
  if (cs.terminated(i)) classes |= kPenTerminated;
  return classes;
}

bool SaysBilateral(std::string_view title) {
  for (size_t at = title.find("ilateral"); at != std::string_view::npos; at = title.find("ilateral", at + 1)) {
    if (at > 0 && (title[at - 1] == 'b' || title[at - 1] == 'B') && (at == 1 || title[at - 2] == ' ' || title[at - 2] == '(')) return true;
  }
  return false;
}

std::string_view SymptomSystem(std::string_view code) {
  if (code.size() < 3 || code[0] != 'R' || !ascii::AllDigits(code.substr(1, 2))) return {};
  const int block = (code[1] - '0') * 10 + (code[2] - '0');
  if (block <= 9) return "I J";
  if (block <= 19) return "K";
  // R20, disturbances of skin sensation (numbness, tingling, pins and needles), are also
  // the nerve's: routinely part of a mononeuropathy or polyneuropathy (G56-G63: "numb
  // fingers carpal tunnel" leads with G56.0-, then R20.0).
  if (block == 20) return "L B0 G";
  if (block <= 23) return "L B0";  // B00-B09: viral infections characterized by skin lesions
  if (block <= 24) return {};
  if (block <= 29) return "G M";
  if (block <= 39) return "N";
  return {};
}

bool OfSystem(std::string_view code, std::string_view system) {
  for (size_t i = 0; i < system.size();) {
    const size_t j = std::min(system.find(' ', i), system.size());
    if (code.starts_with(system.substr(i, j - i))) return true;
    i = j + 1;
  }
  return false;
}

std::array<uint16_t, 256> PenaltyTable() {
  std::array<uint16_t, 256> t{};
  for (uint32_t m = 0; m < t.size(); ++m) {
    uint16_t p = 0;
    p += kNotDefaultPenalty * static_cast<uint16_t>(std::popcount(m & (kPenIntent | kPenOpen | kPenOtherDetail | kPenElsewhere | kPenAdverse)));
    if (m & (kPenExternalCause | kPenQuality)) p += kExternalCausePenalty;
    if (m & kPenTerminated) p += kTerminatedPenalty;
    t[m] = p;
  }
  return t;
}

uint8_t WaivedClasses(const std::vector<std::string>& stems) {
  uint8_t w = 0;
  for (const auto& st : stems) {
    if (st == "assault" || st == "self" || st == "harm" || st == "intent" || st == "intention" || st.starts_with("undetermin") ||
        st.starts_with("underdos") || st == "miss" || st == "skip") {
      w |= kPenIntent;
    }
    if (st == "from" || st == "due" || st == "caus" || st == "induc" || st.starts_with("reaction") || st == "side" ||
        st == "effect" || st.starts_with("advers") || st.starts_with("allerg") || st == "correctli" || st == "properli" ||
        st.starts_with("prescrib") || st.starts_with("therapeut") || st == "make" || st == "mak" || st == "made" ||
        st == "after") {
      w |= kPenAdverse;
    }
    if (st == "open") w |= kPenOpen;
    if (st.starts_with("nondisplac") || st.starts_with("domin") || st.starts_with("nondomin") || st.starts_with("ambidext") ||
        st.starts_with("secondar") || st.starts_with("metasta") || st == "met") {
      w |= kPenOtherDetail;
    }
    if (st.starts_with("elsewher")) w |= kPenElsewhere;
  }
  return w;
}

}  // namespace medcode::search_detail
