// Grading a student's answer to a practice case (the rules are in medcode/practice.h): reads
// each entered code (ICD-10-CM or an HCPCS line CODE[-MOD...][xUNITS]), matches the first
// ICD-10-CM code to the first-listed slot and the rest to the key as a set, gives partial
// credit with its reason (7th character, placeholder X, laterality, category), names
// headers, distractors, invalid and extra codes, lists the key items not earned with the
// instructional note that calls for them, and computes the score. Deterministic: the same
// case, code sets and answer always give the same result.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "medcode/lookup.h"
#include "medcode/practice.h"
#include "medcode/text.h"

namespace medcode::practice {
namespace {

constexpr const char* kIcd = "ICD-10-CM";
constexpr const char* kHcpcs = "HCPCS";

std::string Upper(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '\t') continue;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

bool IsFiveHcpcs(std::string_view s) {
  if (s.size() != 5 || !(s[0] >= 'A' && s[0] <= 'Z')) return false;
  for (size_t i = 1; i < 5; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

// Does a note's code range (dotted first..last) cover a code (undotted)?
bool Covers(const NoteRef& r, const std::string& undotted) {
  std::string f = NormalizeCode(r.first), l = NormalizeCode(r.last.empty() ? r.first : r.last);
  if (f.empty() || l.empty()) return false;
  return undotted.substr(0, f.size()) >= f && undotted.substr(0, l.size()) <= l;
}

std::string KindLabel(const std::string& kind) {
  if (kind == "codeFirst") return "Code first";
  if (kind == "useAdditionalCode") return "Use additional code";
  if (kind == "codeAlso") return "Code also";
  if (kind == "excludes1") return "Excludes1";
  if (kind == "excludes2") return "Excludes2";
  return kind;
}

std::string NoteText(const NoteView& n) { return KindLabel(n.kind) + " (at " + n.from + "): " + n.text; }

// The words of a title without the side words, to tell laterality siblings apart.
std::string SideFree(std::string_view title, std::set<std::string>* sides) {
  static const std::set<std::string> kSides = {"right", "left", "bilateral", "unspecified", "unsp"};
  std::string out, word;
  auto flush = [&] {
    if (word.empty()) return;
    if (kSides.count(word)) {
      if (sides) sides->insert(word);
    } else {
      out += word + ' ';
    }
    word.clear();
  };
  for (char c : title) {
    if (std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80)) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      flush();
    }
  }
  flush();
  return out;
}

enum class Match { kNone, kCategory, kLaterality, kSeventh, kPlaceholder };

struct Entry {
  std::string raw;
  bool hcpcs = false;
  std::string code;       // ICD: dotted; HCPCS: the code
  std::string undotted;   // ICD only
  std::optional<Validation> v;  // ICD with a code set; HCPCS with a code set
  HcpcsEntry line;
  bool duplicate = false;
  bool distractor = false;
  int assigned = -1;      // key item
};

class Grader {
 public:
  Grader(const Case& c, const CodeSets& sets) : c_(c), sets_(sets) {
    n_ = static_cast<int>(c.key.size());
    m_ = static_cast<int>(c.hcpcs.size());
    total_ = n_ + m_;
  }

  Result<GradeResult> Run(const std::vector<std::string>& answer);

 private:
  // One Run: the entries read from the answer, what each earned, which key items are done.
  struct RunState {
    std::vector<Entry> es;
    std::vector<GradedItem> items;
    std::vector<double> earned;
    std::vector<bool> done;
    int first = -1;           // the first ICD-10-CM entry
    bool first_open = false;  // it did not match key[0]: it may still earn a set item
  };
  void Award(RunState& s, size_t i, int slot, double fraction, Verdict v, std::string reason);
  void GradeKeyCodes(RunState& s);
  void GradeHcpcs(RunState& s);
  void GradeOthers(RunState& s);
  void Missing(RunState& s, GradeResult& res);

 private:
  const Case& c_;
  const CodeSets& sets_;
  int n_ = 0, m_ = 0, total_ = 0;
  std::map<std::string, std::optional<CodeDetail>> details_;

  double Weight(int slot) const {
    if (total_ <= 1) return 1.0;
    return slot == 0 ? 0.5 : 0.5 / (total_ - 1);
  }

  const CodeDetail* Detail(const std::string& code) {
    if (!sets_.icd) return nullptr;
    auto it = details_.find(code);
    if (it == details_.end()) {
      auto d = Lookup(*sets_.icd, code);
      it = details_.emplace(code, d ? std::optional<CodeDetail>(std::move(*d)) : std::nullopt).first;
    }
    return it->second ? &*it->second : nullptr;
  }

  std::string IcdTitle(const std::string& code) {
    if (!sets_.icd) return "";
    auto i = sets_.icd->Find(code);
    return i ? std::string(sets_.icd->title(*i)) : "";
  }
  std::string HcpcsTitle(const std::string& code) {
    if (!sets_.hcpcs) return "";
    auto i = sets_.hcpcs->Find(code);
    return i ? std::string(sets_.hcpcs->title(*i)) : "";
  }
  std::string Named(const std::string& code) {
    std::string t = IcdTitle(code);
    return t.empty() ? code : code + " (" + t + ")";
  }

  bool Exact(const Entry& e, int slot) const {
    if (e.hcpcs || slot >= n_) return false;
    const KeyCode& k = c_.key[slot];
    if (e.code == k.code) return true;
    return std::find(k.accept.begin(), k.accept.end(), e.code) != k.accept.end();
  }

  std::string Seventh(const std::string& code, char ch) {
    if (const CodeDetail* d = Detail(code); d && d->seventh) {
      for (const auto& s : d->seventh->chars) {
        if (s.ch == ch) return std::string(1, ch) + " (" + s.meaning + ")";
      }
    }
    return std::string(1, ch);
  }

  // How an entered ICD-10-CM code relates to one key code (not an exact match).
  Match Relate(const Entry& e, const std::string& key_code, std::string* reason) {
    if (e.hcpcs || e.undotted.empty()) return Match::kNone;
    const std::string k = NormalizeCode(key_code);
    const bool valid = !e.v || e.v->status == CodeStatus::kValid;
    if (e.v && e.v->status == CodeStatus::kMissingPlaceholder &&
        std::find(e.v->suggestions.begin(), e.v->suggestions.end(), key_code) != e.v->suggestions.end()) {
      *reason = "missing placeholder X: " + e.code + " needs X to fill the empty positions before the 7th character (" +
                key_code + "); partial credit";
      return Match::kPlaceholder;
    }
    if (!valid) return Match::kNone;
    if (e.undotted.size() == 7 && k.size() == 7 && e.undotted.compare(0, 6, k, 0, 6) == 0 && e.undotted[6] != k[6]) {
      *reason = "wrong 7th character: " + e.code + " has " + Seventh(key_code, e.undotted[6]) +
                "; the documentation calls for " + Seventh(key_code, k[6]) + ": " + key_code + "; partial credit";
      return Match::kSeventh;
    }
    if (e.undotted.size() == k.size() && e.undotted.compare(0, 3, k, 0, 3) == 0) {
      size_t diff = 0;
      for (size_t i = 0; i < k.size(); ++i) diff += e.undotted[i] != k[i];
      std::set<std::string> se, sk;
      std::string te = IcdTitle(e.code), tk = IcdTitle(key_code);
      if (diff == 1 && !te.empty() && !tk.empty() && SideFree(te, &se) == SideFree(tk, &sk) && se != sk) {
        // The side words one title has and the other lacks.
        auto side = [](const std::set<std::string>& a, const std::set<std::string>& b) {
          std::string out;
          for (const auto& w : a) {
            if (!b.count(w)) out += (out.empty() ? "" : "/") + w;
          }
          return out.empty() ? std::string("no") : out;
        };
        *reason = "laterality: " + e.code + " is the " + side(se, sk) + " side; the documentation gives the " + side(sk, se) +
                  " side: " + key_code + "; partial credit";
        return Match::kLaterality;
      }
    }
    if (e.undotted.compare(0, 3, k, 0, 3) == 0) {
      bool same_sub = e.undotted.size() >= 4 && k.size() >= 4 && e.undotted[3] == k[3];
      *reason = std::string(same_sub ? "right subcategory, wrong code" : "right category, wrong subcategory") + ": " +
                e.code + " against " + key_code + "; partial credit";
      return Match::kCategory;
    }
    return Match::kNone;
  }

  static double MatchCredit(Match m) {
    switch (m) {
      case Match::kPlaceholder:
      case Match::kSeventh:
      case Match::kLaterality: return 0.5;
      case Match::kCategory: return 0.25;
      case Match::kNone: return 0;
    }
    return 0;
  }

  // The best relation of an entry to a key item (its code or an accepted code).
  Match RelateSlot(const Entry& e, int slot, std::string* reason) {
    Match best = Relate(e, c_.key[slot].code, reason);
    for (const auto& a : c_.key[slot].accept) {
      std::string r;
      Match m = Relate(e, a, &r);
      if (MatchCredit(m) > MatchCredit(best)) {
        best = m;
        *reason = r;
      }
    }
    return best;
  }

  void SetExpected(GradedItem& it, int slot) {
    it.slot = slot;
    if (slot < 0) return;
    if (slot < n_) {
      const KeyCode& k = c_.key[slot];
      it.expected = k.code;
      it.expected_title = IcdTitle(k.code);
      it.index_path = k.index_path;
    } else {
      const HcpcsLine& h = c_.hcpcs[slot - n_];
      it.expected = HcpcsLineText(h.code, h.modifiers, h.units);
      it.expected_title = HcpcsTitle(h.code);
    }
  }

  // A "code first" / "use additional code" / "code also" note of another key code that
  // names this key code (or one of this code's notes that names another key code).
  std::string PartnerNote(int slot, bool calls_for_it) {
    const std::string me = NormalizeCode(c_.key[slot].code);
    for (int j = 0; j < n_; ++j) {
      if (j == slot) continue;
      const std::string& holder = calls_for_it ? c_.key[j].code : c_.key[slot].code;
      const std::string target = calls_for_it ? me : NormalizeCode(c_.key[j].code);
      const CodeDetail* d = Detail(holder);
      if (!d) continue;
      for (const auto& note : d->notes) {
        if (note.kind != "codeFirst" && note.kind != "useAdditionalCode" && note.kind != "codeAlso") continue;
        for (const auto& r : note.refs) {
          if (Covers(r, target)) return holder + ": " + NoteText(note);
        }
      }
    }
    return "";
  }

  // "E08-E13 Diabetes mellitus": the section of a code ("" if none).
  std::string SectionOf(const std::string& code) {
    if (const CodeDetail* d = Detail(code)) {
      for (const auto& h : d->hierarchy) {
        if (h.level == "section") return h.title.find(h.code) != std::string::npos ? h.title : h.code + " " + h.title;
      }
    }
    return "";
  }

  // The first ICD-10-CM key code (after the first-listed one) that nothing earned or was
  // graded against and that shares an entry's section; -1 if none.
  int SameSection(const Entry& e, const std::vector<double>& earned, const std::vector<GradedItem>& items) {
    if (e.hcpcs) return -1;
    const std::string mine = SectionOf(e.code);
    if (mine.empty()) return -1;
    for (int j = 1; j < n_; ++j) {
      if (earned[j] > 0) continue;
      bool taken = false;
      for (const auto& it : items) taken = taken || it.slot == j;
      if (!taken && SectionOf(c_.key[j].code) == mine) return j;
    }
    return -1;
  }

  // An Excludes1 note between an entered code and a key code (either way).
  std::string Excludes1With(const Entry& e) {
    if (e.hcpcs || e.undotted.empty()) return "";
    for (int j = 0; j < n_; ++j) {
      const std::string k = NormalizeCode(c_.key[j].code);
      if (const CodeDetail* d = Detail(c_.key[j].code)) {
        for (const auto& note : d->notes) {
          if (note.kind != "excludes1") continue;
          for (const auto& r : note.refs) {
            if (Covers(r, e.undotted) && e.undotted != k) return c_.key[j].code + ": " + NoteText(note);
          }
        }
      }
      if (const CodeDetail* d = Detail(e.code)) {
        for (const auto& note : d->notes) {
          if (note.kind != "excludes1") continue;
          for (const auto& r : note.refs) {
            if (Covers(r, k) && e.undotted != k) return e.code + ": " + NoteText(note);
          }
        }
      }
    }
    return "";
  }

  Entry Read(const std::string& raw) {
    Entry e;
    e.raw = raw;
    std::string s = Upper(raw);
    HcpcsEntry h;
    bool as_hcpcs = false;
    if (ParseHcpcsEntry(s, h)) {
      if (h.explicit_parts) {
        as_hcpcs = true;
      } else if (m_ > 0) {
        bool icd_knows = sets_.icd && sets_.icd->Find(s);
        bool hcpcs_knows = sets_.hcpcs && sets_.hcpcs->Find(s);
        as_hcpcs = !icd_knows || hcpcs_knows;
      }
    }
    if (as_hcpcs) {
      e.hcpcs = true;
      e.line = h;
      e.code = h.code;
      if (sets_.hcpcs) e.v = Validate(*sets_.hcpcs, h.code, c_.date_of_service);
      return e;
    }
    if (sets_.icd) {
      e.v = Validate(*sets_.icd, s);
      e.code = e.v->code;
    } else {
      std::string n = NormalizeCode(s);
      e.code = n.empty() ? "" : DotCode(n);
    }
    e.undotted = NormalizeCode(e.code);
    if (e.code.empty()) e.code = s;
    return e;
  }
};

Result<GradeResult> Grader::Run(const std::vector<std::string>& answer) {
  if (answer.size() > kMaxAnswerCodes) {
    return MakeError(ErrorCode::kInputTooLong,
                     "an answer may have at most " + std::to_string(kMaxAnswerCodes) + " codes, not " + std::to_string(answer.size()));
  }
  for (const auto& a : answer) {
    if (a.size() > kMaxAnswerCodeBytes) {
      return MakeError(ErrorCode::kInputTooLong, "an entered code is over " + std::to_string(kMaxAnswerCodeBytes) + " characters");
    }
    if (text::FindInvalidUtf8(a) >= 0) return MakeError(ErrorCode::kInvalidUtf8, "an entered code is not valid UTF-8");
  }
  GradeResult res;
  res.case_id = c_.id;
  res.key_items = total_;
  res.rationale = c_.rationale;
  res.guidelines = c_.guidelines;
  for (const auto& k : c_.key) res.key.push_back({k.code, IcdTitle(k.code), k.why, k.index_path, kIcd, k.accept});
  for (const auto& h : c_.hcpcs) {
    res.key.push_back({HcpcsLineText(h.code, h.modifiers, h.units), HcpcsTitle(h.code), h.why, "", kHcpcs, {}});
  }

  RunState s;
  auto& es = s.es;
  std::set<std::string> seen;
  for (const auto& a : answer) {
    std::string trimmed = Upper(a);
    if (trimmed.empty()) continue;  // blank entries are not codes
    Entry e = Read(a);
    std::string id = "I:" + e.code;
    if (e.hcpcs) {
      auto mods = e.line.modifiers;
      std::sort(mods.begin(), mods.end());
      id = "H:" + HcpcsLineText(e.code, mods, e.line.units);
    }
    e.duplicate = !seen.insert(id).second;
    e.distractor = !e.hcpcs && std::find(c_.distractors.begin(), c_.distractors.end(), e.code) != c_.distractors.end();
    es.push_back(std::move(e));
  }
  res.entered = static_cast<int>(es.size());
  auto& items = s.items;
  items.resize(es.size());
  s.earned.assign(total_, 0.0);
  s.done.assign(total_, false);
  for (size_t i = 0; i < es.size(); ++i) {
    items[i].entered = es[i].raw;
    items[i].system = es[i].hcpcs ? kHcpcs : kIcd;
    items[i].code = es[i].hcpcs ? HcpcsLineText(es[i].line.code, es[i].line.modifiers, es[i].line.units) : es[i].code;
    items[i].title = es[i].hcpcs ? HcpcsTitle(es[i].code) : IcdTitle(es[i].code);
  }
  GradeKeyCodes(s);
  GradeHcpcs(s);
  GradeOthers(s);
  Missing(s, res);
  const auto& earned = s.earned;
  res.items = std::move(items);
  double sum = 0;
  for (double x : earned) sum += x;
  res.earned = std::round(sum * 10000.0) / 10000.0;
  res.overcoding_factor = res.entered > total_ ? static_cast<double>(total_) / res.entered : 1.0;
  res.score = res.entered == 0 ? 0.0 : std::round(sum * res.overcoding_factor * 10000.0) / 10000.0;
  res.score = std::clamp(res.score, 0.0, 1.0);
  return res;
}

// One key item earned (or named) by entry i.
void Grader::Award(RunState& s, size_t i, int slot, double fraction, Verdict v, std::string reason) {
  auto& es = s.es;
  auto& items = s.items;
  auto& earned = s.earned;
  auto& done = s.done;
  es[i].assigned = slot;
  GradedItem& it = items[i];
  it.verdict = v;
  it.credit = Weight(slot) * fraction;
  it.reason = std::move(reason);
  SetExpected(it, slot);
  earned[slot] = it.credit;
  done[slot] = true;
}

// 1-3: the first-listed slot, exact matches of the other key codes (a set), partial credit.
void Grader::GradeKeyCodes(RunState& s) {
  auto& es = s.es;
  auto& items = s.items;
  auto& done = s.done;
  auto award = [&](size_t i, int slot, double fraction, Verdict v, std::string reason) {
    Award(s, i, slot, fraction, v, std::move(reason));
  };
  // 1. The first-listed slot: the first ICD-10-CM code entered.
  int& first = s.first;
  for (size_t i = 0; i < es.size(); ++i) {
    if (!es[i].hcpcs) {
      first = static_cast<int>(i);
      break;
    }
  }
  bool& first_open = s.first_open;  // the first code did not match key[0]: it may still earn a set item
  if (first >= 0 && n_ > 0) {
    Entry& f = es[first];
    std::string why;
    if (Exact(f, 0)) {
      award(first, 0, 1.0, Verdict::kCorrect,
            "correct first-listed code" + std::string(f.code != c_.key[0].code ? " (accepted for " + c_.key[0].code + ")" : "") +
                ": " + c_.key[0].why);
    } else if (!f.distractor) {
      int other = -1;
      for (int j = 1; j < n_; ++j) {
        if (Exact(f, j)) other = j;
      }
      if (other > 0) {
        award(first, other, 1.0, Verdict::kPartial,
              "sequencing: " + f.code + " is on the key but not first-listed; " + Named(c_.key[0].code) +
                  " comes first: " + c_.key[0].why);
      } else if (Match m = RelateSlot(f, 0, &why); m != Match::kNone) {
        award(first, 0, MatchCredit(m), Verdict::kPartial, why);
      } else {
        first_open = true;
      }
    }
  }
  // 2. Exact matches of the other ICD-10-CM codes, as a set.
  for (size_t i = 0; i < es.size(); ++i) {
    Entry& e = es[i];
    if (e.hcpcs || e.duplicate || e.assigned >= 0 || static_cast<int>(i) == first) continue;
    for (int j = 1; j < n_; ++j) {
      if (!done[j] && Exact(e, j)) {
        award(i, j, 1.0, Verdict::kCorrect, "correct: " + c_.key[j].why);
        break;
      }
    }
    if (e.assigned < 0 && n_ > 0 && Exact(e, 0)) {
      e.assigned = -2;  // key[0] entered, but not first
      items[i].verdict = Verdict::kWrong;
      items[i].reason = "sequencing: " + e.code + " is the first-listed code of this case and must be entered first; "
                        "entered later it earns nothing";
      SetExpected(items[i], 0);
    }
  }
  // 3. Partial credit for the key items still open, in key order: the best unassigned entry.
  for (int j = 1; j < n_; ++j) {
    if (done[j]) continue;
    int best = -1;
    double best_credit = 0;
    std::string best_reason;
    for (size_t i = 0; i < es.size(); ++i) {
      const Entry& e = es[i];
      if (e.hcpcs || e.duplicate || e.distractor || e.assigned != -1) continue;
      if (static_cast<int>(i) == first && !first_open) continue;
      std::string why;
      double cr = MatchCredit(RelateSlot(e, j, &why));
      if (cr > best_credit) {
        best = static_cast<int>(i);
        best_credit = cr;
        best_reason = why;
      }
    }
    if (best >= 0) {
      if (best == first) best_reason += "; and it is not the first-listed code: " + Named(c_.key[0].code) + " is";
      award(best, j, best_credit, Verdict::kPartial, best_reason);
    }
  }
}

// 4: HCPCS lines, as a set: code, modifiers (as a set) and units must all match.
void Grader::GradeHcpcs(RunState& s) {
  auto& es = s.es;
  auto& done = s.done;
  auto award = [&](size_t i, int slot, double fraction, Verdict v, std::string reason) {
    Award(s, i, slot, fraction, v, std::move(reason));
  };
  // 4. HCPCS lines, as a set: code, modifiers (as a set) and units must all match.
  auto mods_equal = [](std::vector<std::string> a, std::vector<std::string> b) {
    for (auto& x : a) x = Upper(x);
    for (auto& x : b) x = Upper(x);
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return a == b;
  };
  for (int h = 0; h < m_; ++h) {
    const HcpcsLine& k = c_.hcpcs[h];
    for (size_t i = 0; i < es.size(); ++i) {
      Entry& e = es[i];
      if (!e.hcpcs || e.duplicate || e.assigned != -1 || e.code != k.code) continue;
      if (mods_equal(e.line.modifiers, k.modifiers) && e.line.units == k.units) {
        award(i, n_ + h, 1.0, Verdict::kCorrect, "correct HCPCS line: " + k.why);
        break;
      }
    }
  }
  // A line with a key line's code but other modifiers or units: wrong, saying what differs
  // (the entry with the same modifiers first, so a units error is named as such).
  for (int h = 0; h < m_; ++h) {
    if (done[n_ + h]) continue;
    const HcpcsLine& k = c_.hcpcs[h];
    int pick = -1;
    for (size_t i = 0; i < es.size(); ++i) {
      const Entry& e = es[i];
      if (!e.hcpcs || e.duplicate || e.assigned != -1 || e.code != k.code) continue;
      if (pick < 0 || (mods_equal(e.line.modifiers, k.modifiers) && !mods_equal(es[pick].line.modifiers, k.modifiers))) {
        pick = static_cast<int>(i);
      }
    }
    if (pick >= 0) {
      const size_t i = static_cast<size_t>(pick);
      Entry& e = es[i];
      std::string why;
      std::vector<std::string> missing, extra;
      for (const auto& x : k.modifiers) {
        if (std::find(e.line.modifiers.begin(), e.line.modifiers.end(), Upper(x)) == e.line.modifiers.end()) missing.push_back(x);
      }
      for (const auto& x : e.line.modifiers) {
        bool in = false;
        for (const auto& y : k.modifiers) in = in || Upper(y) == x;
        if (!in) extra.push_back(x);
      }
      for (const auto& x : missing) why += (why.empty() ? "" : "; ") + std::string("modifier ") + x + " missing";
      for (const auto& x : extra) why += (why.empty() ? "" : "; ") + std::string("modifier ") + x + " not supported";
      if (e.line.units != k.units) {
        why += (why.empty() ? "" : "; ") + std::string("units ") + std::to_string(e.line.units) + ", the documentation supports " +
               std::to_string(k.units);
      }
      award(i, n_ + h, 0.0, Verdict::kWrong,
            "the HCPCS line is wrong (code, modifiers and units must all match): " + why + "; expected " +
                HcpcsLineText(k.code, k.modifiers, k.units) + ": " + k.why);
    }
  }
}

// 5: every entry not earning a key item: headers, invalid codes, distractors, extras.
void Grader::GradeOthers(RunState& s) {
  auto& es = s.es;
  auto& items = s.items;
  auto& earned = s.earned;
  const int first = s.first;
  // 5. Everything else: headers, invalid codes, distractors, the first slot missed, extras.
  for (size_t i = 0; i < es.size(); ++i) {
    Entry& e = es[i];
    GradedItem& it = items[i];
    if (e.assigned >= 0 || e.assigned == -2) continue;
    if (e.duplicate) {
      it.verdict = Verdict::kExtra;
      it.reason = e.code + " is entered twice; a code is reported once";
      continue;
    }
    if (e.hcpcs) {
      if (e.v && e.v->status != CodeStatus::kValid) {
        it.verdict = Verdict::kInvalid;
        it.reason = e.v->message;
      } else {
        it.verdict = Verdict::kExtra;
        it.reason = e.code + (it.title.empty() ? "" : " (" + it.title + ")") +
                    " is not on the key: the documentation does not support this line";
      }
      continue;
    }
    const bool is_first = static_cast<int>(i) == first;
    const CodeStatus st = e.v ? e.v->status : CodeStatus::kValid;
    // The key code a header or a broken code stands for, if one.
    int near = -1;
    for (int j = 0; j < n_ && near < 0; ++j) {
      const std::string k = NormalizeCode(c_.key[j].code);
      if (!e.undotted.empty() && k.starts_with(e.undotted)) near = j;
      if (st == CodeStatus::kInvalidSeventh && e.undotted.size() == 7 && k.size() == 7 && k.compare(0, 6, e.undotted, 0, 6) == 0) {
        near = j;
      }
    }
    if (st == CodeStatus::kHeader || st == CodeStatus::kNeedsSeventh) {
      it.verdict = Verdict::kHeader;
      it.reason = e.code + (it.title.empty() ? "" : " (" + it.title + ")") + " is a header, not a reportable code: " +
                  e.v->message + "; no credit";
      if (near >= 0) {
        it.reason += "; the key code below it is " + Named(c_.key[near].code);
        SetExpected(it, near);
      }
      if (is_first && n_ > 0 && near != 0) it.reason += "; the first-listed code is " + Named(c_.key[0].code);
      continue;
    }
    if (st != CodeStatus::kValid) {
      it.verdict = Verdict::kInvalid;
      it.reason = e.v->message + "; no credit";
      if (near >= 0) {
        it.reason += "; the key has " + Named(c_.key[near].code);
        SetExpected(it, near);
      }
      continue;
    }
    if (e.distractor) {
      it.verdict = Verdict::kWrong;
      it.reason = e.code + (it.title.empty() ? "" : " (" + it.title + ")") +
                  " is ruled out by the scenario: the documentation negates or does not support it (a distractor of this case)";
      // The key code it was likely taken for: the one sharing its category, else key[0] when it is first.
      for (int j = 0; j < n_; ++j) {
        if (NormalizeCode(c_.key[j].code).compare(0, 3, e.undotted, 0, 3) == 0) {
          SetExpected(it, j);
          break;
        }
      }
      if (it.slot < 0 && is_first && n_ > 0) SetExpected(it, 0);
      if (it.slot >= 0 && it.slot < n_) it.reason += "; the key has " + Named(c_.key[it.slot].code) + ": " + c_.key[it.slot].why;
      it.note = Excludes1With(e);
      continue;
    }
    if (is_first && n_ > 0) {
      it.verdict = Verdict::kWrong;
      it.reason = e.code + (it.title.empty() ? "" : " (" + it.title + ")") + " is not the first-listed code: " +
                  Named(c_.key[0].code) + " is: " + c_.key[0].why;
      SetExpected(it, 0);
      it.note = Excludes1With(e);
      continue;
    }
    // A code of the same section as a key code still open was likely meant for it: wrong, and named.
    if (int j = SameSection(e, earned, items); j >= 0) {
      it.verdict = Verdict::kWrong;
      it.reason = e.code + (it.title.empty() ? "" : " (" + it.title + ")") + " is not the key code of its section (" +
                  SectionOf(c_.key[j].code) + "): the documentation calls for " + Named(c_.key[j].code) + ": " + c_.key[j].why;
      SetExpected(it, j);
      it.note = Excludes1With(e);
      continue;
    }
    it.verdict = Verdict::kExtra;
    it.reason = e.code + (it.title.empty() ? "" : " (" + it.title + ")") +
                " is not on the key: the documentation does not call for it (over-coding lowers the score)";
    it.note = Excludes1With(e);
    if (!it.note.empty()) it.reason += "; an Excludes1 note forbids it with a key code";
  }
}

// The partner notes of earned key codes, and the key items not earned.
void Grader::Missing(RunState& s, GradeResult& res) {
  auto& es = s.es;
  auto& items = s.items;
  auto& earned = s.earned;
  auto& done = s.done;
  // Notes that decide, on the items earning a key code: the key code's own partner notes.
  for (size_t i = 0; i < es.size(); ++i) {
    GradedItem& it = items[i];
    if (it.note.empty() && it.slot >= 0 && it.slot < n_ && it.credit > 0) it.note = PartnerNote(it.slot, false);
  }
  // Key items not earned.
  for (int j = 0; j < total_; ++j) {
    if (earned[j] > 0) continue;
    MissingItem mi;
    mi.slot = j;
    if (j < n_) {
      const KeyCode& k = c_.key[j];
      mi.code = k.code;
      mi.title = IcdTitle(k.code);
      mi.why = k.why;
      mi.index_path = k.index_path;
      mi.reason = "not entered";
      for (size_t i = 0; i < es.size(); ++i) {
        if (es[i].assigned == -2 && j == 0) mi.reason = "entered, but not first: the first-listed code must be entered first";
        if (items[i].slot == j && es[i].assigned != -2 && items[i].credit == 0) mi.reason = "not earned: see " + items[i].entered;
      }
      if (std::string p = PartnerNote(j, true); !p.empty()) mi.reason += "; called for by " + p;
    } else {
      const HcpcsLine& h = c_.hcpcs[j - n_];
      mi.code = HcpcsLineText(h.code, h.modifiers, h.units);
      mi.title = HcpcsTitle(h.code);
      mi.why = h.why;
      mi.reason = done[j] ? "entered with other modifiers or units" : "not entered";
    }
    res.missing.push_back(std::move(mi));
  }
}

}  // namespace

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kCorrect: return "correct";
    case Verdict::kPartial: return "partial";
    case Verdict::kWrong: return "wrong";
    case Verdict::kExtra: return "extra";
    case Verdict::kHeader: return "header";
    case Verdict::kInvalid: return "invalid";
  }
  return "wrong";
}

bool ParseHcpcsEntry(std::string_view text, HcpcsEntry& out) {
  std::string s = Upper(text);
  if (s.size() < 5 || !IsFiveHcpcs(std::string_view(s).substr(0, 5))) return false;
  HcpcsEntry h;
  h.code = s.substr(0, 5);
  std::string rest = s.substr(5);
  // Units: a trailing X and digits, right after the code or a complete modifier.
  size_t x = rest.rfind('X');
  if (x != std::string::npos && x + 1 < rest.size() && (x == 0 || rest[x - 1] != '-') &&
      std::all_of(rest.begin() + static_cast<long>(x) + 1, rest.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    std::string digits = rest.substr(x + 1);
    if (digits.size() > 4) return false;
    int u = std::stoi(digits);
    if (u < 1) return false;
    h.units = u;
    h.explicit_parts = true;
    rest = rest.substr(0, x);
  }
  while (!rest.empty()) {
    if (rest[0] != '-' || rest.size() < 3) return false;
    std::string mod = rest.substr(1, 2);
    if (!std::all_of(mod.begin(), mod.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'A' && c <= 'Z'); })) {
      return false;
    }
    h.modifiers.push_back(mod);
    h.explicit_parts = true;
    rest = rest.substr(3);
  }
  if (h.modifiers.size() > 4) return false;
  out = h;
  return true;
}

std::string HcpcsLineText(std::string_view code, const std::vector<std::string>& modifiers, int units) {
  std::string s(code);
  for (const auto& m : modifiers) s += "-" + m;
  if (units != 1) s += "x" + std::to_string(units);
  return s;
}

Result<GradeResult> Grade(const Case& c, const CodeSets& sets, const std::vector<std::string>& answer) {
  Grader g(c, sets);
  return g.Run(answer);
}

}  // namespace medcode::practice
