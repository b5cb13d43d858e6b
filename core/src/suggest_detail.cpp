// suggest_detail.cpp owns the one-axis details of a note that pick a sibling code: the side
// (I.B.13), the trimester (I.C.15.a.3) and the weeks of gestation (Z3A, I.C.15.a.7). See
// suggest_detail.h.
#include "suggest_detail.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <vector>

#include "ascii.h"
#include "obstetric.h"

namespace medcode::detail {
namespace {

bool IsWordByte(char c) { return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80; }

// Words of lower-case text: runs of letters and digits, with '/' inside ("r/o", "b/l").
std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    if (!IsWordByte(s[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size() && (IsWordByte(s[j]) || (s[j] == '/' && j + 1 < s.size() && IsWordByte(s[j + 1])))) ++j;
    out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

bool OneOf(std::string_view w, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

// A title without the words that name or leave open a side, and without plural endings:
// "Dry eye syndrome of unspecified lacrimal gland" and "... of bilateral lacrimal glands"
// read the same.
std::vector<std::string> SideFree(std::string_view title) {
  std::string lower = ascii::Lower(title);
  std::vector<std::string> out;
  for (std::string_view w : Words(lower)) {
    if (OneOf(w, {"unspecified", "right", "left", "bilateral", "side", "eye", "eyes", "ear", "ears", "extremity",
                  "extremities", "limb", "limbs", "leg", "legs", "arm", "arms"}))
      continue;
    std::string s(w);
    if (s.size() > 3 && s.back() == 's') s.pop_back();
    out.push_back(std::move(s));
  }
  return out;
}

char SideOfTitle(std::string_view title) {
  std::string lower = ascii::Lower(title);
  bool l = false, r = false, b = false, u = false;
  for (std::string_view w : Words(lower)) {
    l = l || w == "left";
    r = r || w == "right";
    b = b || w == "bilateral";
    u = u || w == "unspecified";
  }
  if (b || (l && r)) return 'B';
  if (l) return 'L';
  if (r) return 'R';
  return u ? 'U' : 0;
}

int Number(std::string_view w) {
  if (w.empty() || w.size() > 2) return -1;
  int n = 0;
  for (char c : w) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace

char DocumentedSide(std::string_view lower) {
  bool l = false, r = false, b = false;
  for (std::string_view w : Words(lower)) {
    if (OneOf(w, {"left", "lt", "l", "lft", "left-sided"})) l = true;
    if (OneOf(w, {"right", "rt", "r", "rght"})) r = true;
    if (OneOf(w, {"bilateral", "bilaterally", "bilat", "b/l", "both", "ou"})) b = true;
  }
  if (b) return 'B';
  if (l && r) return 0;
  if (l) return 'L';
  if (r) return 'R';
  return 0;
}

char ScopedSide(std::string_view lower, uint32_t begin, uint32_t end,
                const std::vector<std::pair<uint32_t, uint32_t>>& spans) {
  std::string_view chunk = lower.substr(begin, end - begin);
  int left = 0, right = 0;
  char scope = 0;
  for (std::string_view w : Words(chunk)) {
    if (OneOf(w, {"left", "lt", "l", "lft", "left-sided"})) {
      scope = 'L';
      continue;
    }
    if (OneOf(w, {"right", "rt", "r", "rght"})) {
      scope = 'R';
      continue;
    }
    const uint32_t at = begin + static_cast<uint32_t>(w.data() - chunk.data());
    const bool evidence = std::any_of(spans.begin(), spans.end(), [&](const auto& sp) { return at >= sp.first && at < sp.second; });
    if (!evidence) continue;
    left += scope == 'L';
    right += scope == 'R';
  }
  return left > right ? 'L' : right > left ? 'R' : 0;
}

std::optional<uint32_t> SideSibling(const CodeSet& cs, int year, uint32_t code, char side) {
  if (side == 0) return std::nullopt;
  std::string_view title = cs.TitleIn(code, year);
  char has = SideOfTitle(title);
  if (has == 0 || has == side) return std::nullopt;
  std::string_view u = cs.code(code);
  if (u.size() < 4) return std::nullopt;
  const std::vector<std::string> want = SideFree(title);
  auto [b, e] = cs.PrefixRange(u.substr(0, 3));
  for (uint32_t s = b; s < e; ++s) {
    uint32_t k = cs.sorted()[s];
    std::string_view ku = cs.code(k);
    if (k == code || ku.size() != u.size() || !cs.InYear(k, year) || !cs.BillableIn(k, year)) continue;
    if (u.size() == 7 && ku[6] != u[6]) continue;  // the same 7th character (encounter)
    std::string_view kt = cs.TitleIn(k, year);
    if (SideOfTitle(kt) != side) continue;
    std::vector<std::string> got = SideFree(kt);
    if (got == want) return k;
    // Hemiplegia, monoplegia and the like by dominance: not documented, the right side is
    // dominant and the left non-dominant (I.C.6.a).
    std::string_view dominance = side == 'R' ? "dominant" : side == 'L' ? "nondominant" : "";
    if (!dominance.empty() && std::find(want.begin(), want.end(), std::string(dominance)) == want.end()) {
      auto at = std::find(got.begin(), got.end(), std::string(dominance));
      if (at != got.end()) {
        got.erase(at);
        if (got == want) return k;
      }
    }
  }
  // Both sides where the category gives the bilateral condition a subcategory of its own
  // ("Unilateral primary osteoarthritis, right knee" M17.11, "Bilateral primary osteoarthritis
  // of knee" M17.0): the code that says the same but "bilateral" (I.B.13).
  if (side == 'B') {
    auto plain = [](std::string_view t) {
      std::vector<std::string> w;
      for (std::string& x : SideFree(t))
        if (x != "unilateral" && x != "of" && x != "the" && x != "and") w.push_back(std::move(x));
      std::sort(w.begin(), w.end());
      return w;
    };
    const std::vector<std::string> same = plain(title);
    for (uint32_t s = b; s < e; ++s) {
      uint32_t k = cs.sorted()[s];
      std::string_view ku = cs.code(k);
      if (k == code || !cs.InYear(k, year) || !cs.BillableIn(k, year)) continue;
      if (u.size() == 7 && (ku.size() != 7 || ku[6] != u[6])) continue;
      std::string_view kt = cs.TitleIn(k, year);
      if (SideOfTitle(kt) == 'B' && plain(kt) == same) return k;
    }
  }
  return std::nullopt;
}

namespace {

// The hand the patient favors, where the words say it ("R-handed", "left handed", "R hand
// dominant", "lefty"): 'L' or 'R'; 0 for none, or when the words name the dominance some other
// way ("dominant", "nondominant", "ambidextrous": `own` is set).
char HandWords(std::string_view lower, bool& own) {
  char handed = 0;
  own = false;
  const std::vector<std::string_view> ws = Words(lower);
  for (size_t i = 0; i < ws.size(); ++i) {
    const bool hand = ws[i] == "handed" || (ws[i] == "hand" && i + 1 < ws.size() && OneOf(ws[i + 1], {"dominant", "dominance"}));
    if (hand && i > 0 && OneOf(ws[i - 1], {"left", "lt", "l"})) handed = 'L';
    else if (hand && i > 0 && OneOf(ws[i - 1], {"right", "rt", "r"})) handed = 'R';
    else if (ws[i] == "lefty") handed = 'L';
    else if (hand || OneOf(ws[i], {"nondominant", "ambidextrous"}) ||
             (ws[i] == "dominant" && !(i > 0 && ws[i - 1] == "hand"))) {
      own = true;
      return 0;
    }
  }
  return handed;
}

}  // namespace

char Handedness(std::string_view lower) {
  bool own = false;
  return HandWords(lower, own);
}

std::optional<uint32_t> DominanceSibling(const CodeSet& cs, int year, uint32_t code, std::string_view lower, char note_handed) {
  // The hand the patient favors, where the words say it, else where the record says it
  // elsewhere ("Residual L hemiparesis from prior CVA; pt is left-handed"): the side it names
  // is dominant, the other non-dominant (I.C.6.a).
  bool own = false;
  char handed = HandWords(lower, own);
  if (own) return std::nullopt;  // the code's own words say it
  if (!handed) handed = note_handed;
  std::string title(cs.TitleIn(code, year));
  const char side = SideOfTitle(title);
  const bool dominant = handed ? side == handed : side == 'R';  // not documented: right dominant, left non-dominant
  std::string_view want = side == 'R' ? (dominant ? "right dominant" : "right nondominant")
                        : side == 'L' ? (dominant ? "left dominant" : "left nondominant") : "";
  std::string_view other = side == 'R' ? (dominant ? "right nondominant" : "right dominant")
                         : side == 'L' ? (dominant ? "left nondominant" : "left dominant") : "";
  if (want.empty()) return std::nullopt;
  // G81 writes "nondominant", I69 "non-dominant": the title is compared with both.
  const auto hyphenate = [](std::string t) {
    if (size_t at = t.find("nondominant"); at != std::string::npos) t.replace(at, 11, "non-dominant");
    return t;
  };
  std::string plain = title, hyphen = hyphenate(title);
  const std::string other_h = hyphenate(std::string(other));
  if (size_t at = plain.find(other); at != std::string::npos) {
    plain.replace(at, other.size(), want);
  } else if (size_t ah = hyphen.find(other_h); ah != std::string::npos) {
    plain.replace(ah, other_h.size(), want);  // the title itself writes "non-dominant"
  } else {
    return std::nullopt;
  }
  hyphen = hyphenate(plain);
  std::string_view u = cs.code(code);
  auto [b, e] = cs.PrefixRange(u.substr(0, 3));
  for (uint32_t s = b; s < e; ++s) {
    uint32_t k = cs.sorted()[s];
    std::string_view ku = cs.code(k);
    if (ku.size() != u.size() || !cs.InYear(k, year) || (u.size() == 7 && ku[6] != u[6])) continue;
    if (cs.TitleIn(k, year) == plain || cs.TitleIn(k, year) == hyphen) return k;
  }
  return std::nullopt;
}

HeartFailure DocumentedHeartFailure(std::string_view lower) {
  HeartFailure hf;
  bool systolic = false, diastolic = false, acute = false, chronic = false, combined = false;
  const std::vector<std::string_view> w = Words(lower);
  for (size_t i = 0; i < w.size(); ++i) {
    const std::string_view next = i + 1 < w.size() ? w[i + 1] : std::string_view();
    const std::string_view next2 = i + 2 < w.size() ? w[i + 2] : std::string_view();
    if (OneOf(w[i], {"systolic", "hfref"}) || (w[i] == "reduced" && OneOf(next, {"ejection", "ef"}))) systolic = true;
    if (OneOf(w[i], {"diastolic", "hfpef"}) || (w[i] == "preserved" && OneOf(next, {"ejection", "ef"}))) diastolic = true;
    if (w[i] == "combined") combined = true;
    if (w[i] == "acute") {
      acute = true;
      // "acute on chronic", "acute and chronic", "acute-on-chronic"
      if (OneOf(next, {"on", "and", "&"}) && next2 == "chronic") chronic = true;
    }
    if (w[i] == "chronic") chronic = true;
    if (w[i] == "a/c") acute = chronic = true;
  }
  if ((systolic && diastolic) || combined) {
    hf.type = 4;
  } else if (systolic) {
    hf.type = 2;
  } else if (diastolic) {
    hf.type = 3;
  }
  hf.acuity = acute && chronic ? 3 : acute ? 1 : chronic ? 2 : 0;
  return hf;
}

std::optional<uint32_t> IdentifiedInfluenzaSibling(const CodeSet& cs, int year, uint32_t code, std::string_view lower) {
  const std::string_view u = cs.code(code);
  if (u.substr(0, 3) != "J11") return std::nullopt;
  const std::vector<std::string_view> w = Words(lower);
  bool identified = false;
  for (size_t i = 0; i < w.size() && !identified; ++i) {
    // "influenza A", "flu B", "influenza type A": a virus type named after the word.
    if (OneOf(w[i], {"influenza", "flu"})) {
      size_t j = i + 1;
      if (j < w.size() && w[j] == "type") ++j;
      identified = j < w.size() && OneOf(w[j], {"a", "b"});
    }
    identified = identified || OneOf(w[i], {"h1n1", "h3n2"});
  }
  if (!identified) return std::nullopt;
  std::string want = "J10";
  want += u.substr(3);
  auto k = cs.Find(want);
  if (!k || !cs.InYear(*k, year) || !cs.BillableIn(*k, year)) return std::nullopt;
  return k;
}

std::optional<uint32_t> HeartFailureSibling(const CodeSet& cs, int year, uint32_t code, std::string_view lower) {
  const std::string_view u = cs.code(code);
  if (u.substr(0, 3) != "I50") return std::nullopt;
  // I50.1 (left ventricular), I50.9 and the typed codes I50.2x-I50.4x; not I50.8x (right
  // heart, high output, end stage: other axes).
  const bool typed = u.size() == 5 && u[3] >= '2' && u[3] <= '4';
  if (!(u == "I501" || u == "I509" || typed)) return std::nullopt;
  const HeartFailure hf = DocumentedHeartFailure(lower);
  const int type = hf.type ? hf.type : typed ? u[3] - '0' : 0;
  if (type == 0) return std::nullopt;
  std::string want = "I50";
  want += static_cast<char>('0' + type);
  want += static_cast<char>('0' + hf.acuity);
  auto k = cs.Find(want);
  if (!k || *k == code || !cs.InYear(*k, year) || !cs.BillableIn(*k, year)) return std::nullopt;
  return k;
}

std::optional<uint32_t> AbsentSibling(const CodeSet& cs, int year, uint32_t code, const std::vector<std::string>& absent) {
  auto negation = [](std::string_view w) { return w == "without" || w == "not" || w == "no"; };
  auto absent_word = [&](std::string_view w) {
    if (w.size() < 3 || OneOf(w, {"and", "the", "with", "without", "not", "for", "unspecified", "other"})) return false;
    return std::find(absent.begin(), absent.end(), w) != absent.end();
  };
  const std::string title = ascii::Lower(cs.TitleIn(code, year));
  const std::vector<std::string_view> words = Words(title);
  bool said = false;
  for (std::string_view w : words) {
    if (negation(w)) return std::nullopt;  // the title already says what is absent
    said = said || absent_word(w);
  }
  if (!said) return std::nullopt;
  std::string_view u = cs.code(code);
  if (u.size() < 4) return std::nullopt;
  auto side_of = [](std::string_view t) {  // left, right, bilateral or none ("unspecified" is none here)
    char c = SideOfTitle(t);
    return c == 'U' ? 0 : c;
  };
  const char side = side_of(title);
  std::optional<uint32_t> best;
  size_t best_shared = 0;
  auto [b, e] = cs.PrefixRange(u.substr(0, 3));
  for (uint32_t s = b; s < e; ++s) {
    uint32_t k = cs.sorted()[s];
    std::string_view ku = cs.code(k);
    if (k == code || ku.size() != u.size() || !cs.InYear(k, year) || !cs.BillableIn(k, year)) continue;
    if (u.size() == 7 && ku[6] != u[6]) continue;
    if (ku.substr(0, 4) != u.substr(0, 4)) continue;  // the same subcategory
    const std::string kt = ascii::Lower(cs.TitleIn(k, year));
    if (side_of(kt) != side) continue;
    const std::vector<std::string_view> kw = Words(kt);
    // An absent word after the sibling's negation ("without loss of consciousness").
    bool negates = false, after = false;
    for (size_t i = 0; i < kw.size(); ++i) {
      std::string_view w = kw[i];
      // "without", "no", "not having achieved", "not in"; not "not elsewhere classified"
      if (w == "without" || w == "no" || (w == "not" && i + 1 < kw.size() && (kw[i + 1] == "having" || kw[i + 1] == "in")))
        after = true;
      if (after && absent_word(w)) negates = true;
    }
    if (!negates) continue;
    size_t shared = 0;
    for (std::string_view w : kw) shared += std::find(words.begin(), words.end(), w) != words.end() ? 1 : 0;
    if (!best || shared > best_shared) {
      best = k;
      best_shared = shared;
    }
  }
  return best;
}

Gestation GestationWeeks(std::string_view lower) {
  std::vector<std::string_view> w = Words(lower);
  auto at = [&](std::string_view first, std::string_view last, int n) {
    return Gestation{n, static_cast<uint32_t>(first.data() - lower.data()),
                     static_cast<uint32_t>(last.data() + last.size() - lower.data())};
  };
  for (size_t i = 0; i < w.size(); ++i) {
    std::string_view t = w[i];
    // "28w2d", "30w1d", "28w"
    size_t k = 0;
    while (k < t.size() && std::isdigit(static_cast<unsigned char>(t[k]))) ++k;
    if (k > 0 && k <= 2 && k < t.size() && t[k] == 'w' &&
        (k + 1 == t.size() || std::isdigit(static_cast<unsigned char>(t[k + 1])))) {
      return at(t, t, Number(t.substr(0, k)));
    }
    int n = Number(t);
    if (n < 0) continue;
    // "22 wks", "9 weeks", "32 0/7 wks", "24-week"
    size_t next = i + 1;
    if (next < w.size() && w[next].size() == 3 && w[next][1] == '/' && w[next][2] == '7') ++next;
    if (next >= w.size() || !OneOf(w[next], {"wks", "wk", "weeks", "week"})) continue;
    // A duration or a plan, not an age: "x 2 wks", "in 3 weeks", "for 6 weeks", "q2 weeks".
    if (i > 0 && OneOf(w[i - 1], {"x", "in", "for", "q", "every", "last", "past", "over", "within", "after", "ago"}))
      continue;
    if (next + 1 < w.size() && OneOf(w[next + 1], {"ago", "later"})) continue;
    // An earlier pregnancy's age ("prior preterm delivery at 32 wks; now 20 wks").
    bool earlier = false;
    for (size_t b = i >= 4 ? i - 4 : 0; b < i; ++b) earlier = earlier || OneOf(w[b], {"prior", "previous", "last"});
    if (earlier) continue;
    return at(t, w[next], n);
  }
  return {};
}

int DocumentedTrimester(std::string_view lower, int weeks) {
  std::vector<std::string_view> w = Words(lower);
  for (size_t i = 0; i + 1 < w.size(); ++i) {
    if (w[i + 1] != "trimester") continue;
    if (OneOf(w[i], {"1st", "first"})) return 1;
    if (OneOf(w[i], {"2nd", "second"})) return 2;
    if (OneOf(w[i], {"3rd", "third"})) return 3;
  }
  if (weeks < 0) return 0;
  return TrimesterOfWeeks(weeks);
}

std::optional<uint32_t> TrimesterSibling(const CodeSet& cs, int year, uint32_t code, int trimester) {
  if (trimester < 1 || trimester > 3) return std::nullopt;
  std::string want(cs.TitleIn(code, year));
  size_t at = want.find("unspecified trimester");
  if (at == std::string::npos) return std::nullopt;
  static constexpr std::string_view kNames[] = {"first trimester", "second trimester", "third trimester"};
  want.replace(at, std::string_view("unspecified trimester").size(), kNames[trimester - 1]);
  std::string_view u = cs.code(code);
  auto [b, e] = cs.PrefixRange(u.substr(0, 3));
  for (uint32_t s = b; s < e; ++s) {
    uint32_t k = cs.sorted()[s];
    if (cs.code(k).size() == u.size() && cs.InYear(k, year) && cs.TitleIn(k, year) == want) return k;
  }
  return std::nullopt;
}

// "BW 1620 g", "birth weight 1600 grams", "1600g": a number of grams (three or four digits)
// followed by its unit.
BirthWeight BirthWeightGrams(std::string_view lower) {
  std::vector<std::string_view> w = Words(lower);
  for (size_t i = 0; i < w.size(); ++i) {
    std::string_view t = w[i];
    size_t k = 0;
    while (k < t.size() && std::isdigit(static_cast<unsigned char>(t[k]))) ++k;
    if (k < 3 || k > 4) continue;
    std::string_view unit = t.substr(k);
    size_t last = i;
    if (unit.empty() && i + 1 < w.size()) unit = w[last = i + 1];
    if (!OneOf(unit, {"g", "gm", "gms", "gram", "grams"})) continue;
    int grams = 0;
    for (char c : t.substr(0, k)) grams = grams * 10 + (c - '0');
    return BirthWeight{grams, static_cast<uint32_t>(t.data() - lower.data()),
                       static_cast<uint32_t>(w[last].data() + w[last].size() - lower.data())};
  }
  return {};
}

std::optional<uint32_t> LowBirthWeightCode(const CodeSet& cs, int year, int grams) {
  if (grams <= 0 || grams >= 2500) return std::nullopt;
  // P07.01-P07.03 (under 1000 g, by 250 g from 500), P07.14-P07.18 (1000-2499 g: by 250 g
  // to 1999, then 2000-2499).
  std::string code = grams < 500    ? "P07.01"
                     : grams < 750  ? "P07.02"
                     : grams < 1000 ? "P07.03"
                     : grams < 2000 ? "P07.1" + std::to_string(4 + (grams - 1000) / 250)
                                    : "P07.18";
  auto k = cs.Find(code);
  if (!k || !cs.InYear(*k, year) || !cs.BillableIn(*k, year)) return std::nullopt;
  return k;
}

std::optional<uint32_t> PretermWeeksCode(const CodeSet& cs, int year, int weeks) {
  if (weeks < 0 || weeks >= 37) return std::nullopt;
  // P07.21 (under 23 completed weeks), P07.22-P07.26 (23-27), P07.31-P07.39 (28-36).
  std::string code = weeks < 23   ? "P07.21"
                     : weeks < 28 ? "P07.2" + std::to_string(weeks - 21)
                                  : "P07.3" + std::to_string(weeks - 27);
  auto k = cs.Find(code);
  if (!k || !cs.InYear(*k, year) || !cs.BillableIn(*k, year)) return std::nullopt;
  return k;
}

std::optional<uint32_t> WeeksOfGestationCode(const CodeSet& cs, int year, int weeks) {
  if (weeks < 0) return std::nullopt;
  // Two digits: 8 and 9 weeks are Z3A.08 and Z3A.09.
  std::string code = weeks < 8    ? "Z3A01"
                     : weeks > 42 ? "Z3A49"
                                  : "Z3A" + std::string(weeks < 10 ? "0" : "") + std::to_string(weeks);
  auto k = cs.Find(code);
  if (!k || !cs.InYear(*k, year) || !cs.BillableIn(*k, year)) return std::nullopt;
  return k;
}

// A duration written as "x 3 days", "x3d", "for 2 wks", "x 3 mo": the first one, in days; -1
// when none.
int DurationDays(std::string_view lower) {
  for (size_t i = 0; i < lower.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(lower[i])) || (i > 0 && std::isalnum(static_cast<unsigned char>(lower[i - 1])) && lower[i - 1] != 'x'))
      continue;
    // "x 3", "x3", "for 3"
    size_t k = i;
    while (k > 0 && lower[k - 1] == ' ') --k;
    const bool lead = (k >= 1 && lower[k - 1] == 'x' && (k < 2 || !std::isalnum(static_cast<unsigned char>(lower[k - 2])))) ||
                      (k >= 3 && lower.substr(k - 3, 3) == "for" && (k < 4 || lower[k - 4] == ' '));
    size_t e = i;
    while (e < lower.size() && std::isdigit(static_cast<unsigned char>(lower[e]))) ++e;
    if (!lead) {
      i = e;
      continue;
    }
    const int n = std::atoi(std::string(lower.substr(i, e - i)).c_str());
    size_t u = e;
    while (u < lower.size() && lower[u] == ' ') ++u;
    size_t ue = u;
    while (ue < lower.size() && std::isalpha(static_cast<unsigned char>(lower[ue]))) ++ue;
    const std::string_view unit = lower.substr(u, ue - u);
    if (unit == "d" || unit == "day" || unit == "days") return n;
    if (unit == "w" || unit == "wk" || unit == "wks" || unit == "week" || unit == "weeks") return n * 7;
    if (unit == "mo" || unit == "mos" || unit == "month" || unit == "months") return n * 30;
    if (unit == "y" || unit == "yr" || unit == "yrs" || unit == "year" || unit == "years") return n * 365;
    i = e;
  }
  return -1;
}

std::optional<uint32_t> CoughDurationSibling(const CodeSet& cs, int year, uint32_t code, std::string_view lower) {
  if (cs.code(code) != "R059") return std::nullopt;
  const int days = DurationDays(lower);
  if (days < 0) return std::nullopt;
  const char* want = days < 21 ? "R05.1" : days <= 56 ? "R05.2" : "R05.3";
  auto k = cs.Find(want);
  if (!k || !cs.InYear(*k, year) || !cs.BillableIn(*k, year)) return std::nullopt;
  return k;
}

std::optional<uint32_t> ConsciousnessSibling(const CodeSet& cs, int year, uint32_t code, std::string_view lower) {
  const std::string title(cs.TitleIn(code, year));
  std::string open;
  for (const char* o : {"with loss of consciousness of unspecified duration", "with loss of consciousness status unknown",
                        "without loss of consciousness"})
    if (title.find(o) != std::string::npos) open = o;
  if (open.empty()) return std::nullopt;
  const std::vector<std::string_view> w = Words(lower);
  std::string want;
  for (size_t i = 0; i < w.size() && want.empty(); ++i) {
    size_t after = 0;  // the first word after the LOC phrase
    if (w[i] == "loc") after = i + 1;
    else if (w[i] == "loss" && i + 2 < w.size() && w[i + 1] == "of" && w[i + 2] == "consciousness") after = i + 3;
    if (after == 0) continue;
    if (i > 0 && OneOf(w[i - 1], {"no", "denies", "denied", "without", "w/o", "nor", "negative"})) {
      want = "without loss of consciousness";
      break;
    }
    // "LOC ~10 min", "LOC x 2 hrs", "LOC for 30 seconds", "LOC of 5min".
    for (size_t j = after; j < w.size() && j < after + 3 && want.empty(); ++j) {
      size_t k = 0;
      while (k < w[j].size() && std::isdigit(static_cast<unsigned char>(w[j][k]))) ++k;
      if (k == 0 || k > 4) continue;
      const int n = std::atoi(std::string(w[j].substr(0, k)).c_str());
      std::string_view unit = w[j].substr(k);
      if (unit.empty() && j + 1 < w.size()) unit = w[j + 1];
      int minutes = -1;
      if (OneOf(unit, {"s", "sec", "secs", "second", "seconds"})) minutes = 0;
      else if (OneOf(unit, {"min", "mins", "minute", "minutes"})) minutes = n;
      else if (OneOf(unit, {"h", "hr", "hrs", "hour", "hours"})) minutes = n * 60;
      if (minutes < 0) break;
      // The Tabular's bands (S06 5th/6th character); over 24 hours the return to the
      // pre-existing conscious level decides, which a duration does not say.
      want = minutes <= 30    ? "with loss of consciousness of 30 minutes or less"
             : minutes < 60   ? "with loss of consciousness of 31 minutes to 59 minutes"
             : minutes < 360  ? "with loss of consciousness of 1 hour to 5 hours 59 minutes"
             : minutes <= 1440 ? "with loss of consciousness of 6 hours to 24 hours"
                               : "";
      if (want.empty()) return std::nullopt;
    }
  }
  if (want.empty() || want == open) return std::nullopt;
  std::string target = title;
  target.replace(target.find(open), open.size(), want);
  std::string_view u = cs.code(code);
  auto [b, e] = cs.PrefixRange(u.substr(0, 3));
  for (uint32_t s = b; s < e; ++s) {
    const uint32_t k = cs.sorted()[s];
    if (k != code && cs.code(k).size() == u.size() && cs.InYear(k, year) && cs.BillableIn(k, year) && cs.TitleIn(k, year) == target)
      return k;
  }
  return std::nullopt;
}

}  // namespace medcode::detail
