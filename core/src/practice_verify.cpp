// Key verification of a practice case against the code sets (medcode/practice.h,
// VerifyCase): the date of service in each code set's period, key and accepted codes
// valid and billable (7th character, placeholder X), HCPCS lines valid on the date with
// existing modifiers, no Excludes1 note between two key codes (unless the case is about
// Excludes1), Alphabetic Index paths that exist, distractors that are codes. Instructors
// and the bank's test run it; it reports and never changes a case. ResolveIndexPath reads
// a case's indexPath as index::FindPath does, or as the index prints it (nonessential
// modifiers, NEC, the part of a title before its comma).
#include <cctype>
#include <string>
#include <vector>

#include "medcode/index.h"
#include "medcode/lookup.h"
#include "medcode/practice.h"
#include "medcode/date.h"

namespace medcode::practice {
namespace {

bool CoversCode(const NoteRef& r, const std::string& undotted) {
  std::string f = NormalizeCode(r.first), l = NormalizeCode(r.last.empty() ? r.first : r.last);
  if (f.empty() || l.empty()) return false;
  return undotted.substr(0, f.size()) >= f && undotted.substr(0, l.size()) <= l;
}

bool InPeriod(const std::string& date, const CodeSetMeta& m) {
  uint32_t d = ParseDate(date), from = ParseDate(m.effective_from), to = ParseDate(m.effective_to);
  return d && (!from || d >= from) && (!to || d <= to);
}

// Lower case, parenthesized nonessential modifiers and a trailing NEC / NOS left out,
// blanks collapsed: "Infection, urinary (tract)" and "viral NEC" compare as printed terms do.
std::string Loose(std::string_view s) {
  std::string out;
  int depth = 0;
  for (char c : s) {
    if (c == '(') ++depth;
    else if (c == ')') depth = depth > 0 ? depth - 1 : 0;
    else if (depth == 0) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  std::string collapsed;
  for (char c : out) {
    if (c == ' ' && (collapsed.empty() || collapsed.back() == ' ' || collapsed.back() == ',')) continue;
    if (c == ',' && !collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
    collapsed += c;
  }
  while (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
  for (const char* tail : {" nec", " nos"}) {
    if (collapsed.size() > 4 && collapsed.ends_with(tail)) collapsed.resize(collapsed.size() - 4);
  }
  return collapsed;
}

std::vector<std::string> Segments(std::string_view path) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  for (char c : path) {
    if (c == '(') ++depth;
    if (c == ')') depth = depth > 0 ? depth - 1 : 0;
    if (c == ',' && depth == 0) {
      out.push_back(Loose(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(Loose(cur));
  std::erase_if(out, [](const std::string& x) { return x.empty(); });
  return out;
}

}  // namespace

Result<uint32_t> ResolveIndexPath(const CodeSet& cs, std::string_view path_in) {
  std::string path(path_in);
  uint32_t book = format::kNone;
  if (path.starts_with("eindex:")) {
    path = path.substr(7);
    auto b = index::FindBook(cs, "eindex");
    if (!b) return MakeError(ErrorCode::kNotFound, "the code set has no External Cause Index");
    book = *b;
  }
  while (!path.empty() && path.front() == ' ') path.erase(0, 1);
  std::string rest;
  auto node = index::FindPath(cs, path, book, &rest);
  if (node && rest.empty()) return *node;
  // Written with the nonessential modifiers, a NEC, or part of a title that has a comma.
  std::string rest2;
  std::string bare;
  {
    int depth = 0;
    for (char c : path) {
      if (c == '(') ++depth;
      else if (c == ')') depth = depth > 0 ? depth - 1 : 0;
      else if (depth == 0 && !(c == ' ' && (bare.empty() || bare.back() == ' '))) bare += c;
    }
    for (size_t i; (i = bare.find(" ,")) != std::string::npos;) bare.erase(i, 1);
    while (!bare.empty() && bare.back() == ' ') bare.pop_back();
  }
  auto node2 = index::FindPath(cs, bare, book, &rest2);
  if (node2 && (!node || rest2.size() < rest.size())) {
    node = node2;
    rest = rest2;
  }
  if (!node) return node;
  std::vector<std::string> segs = Segments(rest);
  uint32_t at = *node;
  size_t k = 0;
  while (k < segs.size()) {
    index::ListOptions opt;
    opt.limit = index::kMaxPage;
    auto kids = index::Children(cs, at, opt);
    if (!kids) return kids.error();
    bool moved = false;
    for (const auto& child : kids->items) {
      const std::string t = Loose(child.title);
      // The child's whole title may span several segments ("reading, no diagnosis of hypertension").
      std::string joined;
      for (size_t n = k; n < segs.size() && !moved; ++n) {
        joined += (n == k ? "" : ",") + segs[n];
        if (t == joined) {
          at = child.id;
          k = n + 1;
          moved = true;
        }
      }
      if (!moved && t.substr(0, t.find(',')) == segs[k]) {
        at = child.id;
        k += 1;
        moved = true;
      }
      if (moved) break;
    }
    if (!moved) {
      std::string found;
      if (auto d = index::Node(cs, at)) {
        for (const auto& n : d->path) found += (found.empty() ? "" : ", ") + n.title;
      }
      return MakeError(ErrorCode::kNotFound, "the tree ends at \"" + found + "\" before \"" + segs[k] + "\"");
    }
  }
  return at;
}

std::vector<CaseIssue> VerifyCase(const Case& c, const CodeSets& sets) {
  std::vector<CaseIssue> out;
  auto add = [&](std::string field, std::string message) { out.push_back({c.id, std::move(field), std::move(message)}); };
  if (!sets.icd) {
    add("key", "no ICD-10-CM code set to verify against");
    return out;
  }
  // The date of service must fall in each code set's period ("... which the HCPCS lines need").
  auto period = [&](const CodeSet& cs, const std::string& why) {
    if (InPeriod(c.date_of_service, cs.meta())) return;
    add("dateOfService", c.date_of_service + " is outside " + cs.meta().label + " (" + cs.meta().effective_from + " to " +
                             cs.meta().effective_to + ")" + why);
  };
  const CodeSet& icd = *sets.icd;
  period(icd, "");
  auto check_code = [&](const std::string& field, const std::string& code) {
    Validation v = Validate(icd, code);
    if (v.status != CodeStatus::kValid) {
      std::string msg = code + ": " + CodeStatusName(v.status) + ": " + v.message;
      if (!v.suggestions.empty() && v.status != CodeStatus::kHeader && v.message.find(v.suggestions[0]) == std::string::npos) {
        msg += " (did you mean " + v.suggestions[0] + "?)";
      }
      add(field, msg);
    } else if (v.code != code) {
      add(field, code + " is written differently from the code set's " + v.code);
    }
  };
  for (size_t k = 0; k < c.key.size(); ++k) {
    const KeyCode& kc = c.key[k];
    const std::string p = "key[" + std::to_string(k) + "]";
    check_code(p + ".code", kc.code);
    for (size_t a = 0; a < kc.accept.size(); ++a) check_code(p + ".accept[" + std::to_string(a) + "]", kc.accept[a]);
    if (!kc.index_path.empty()) {
      auto node = ResolveIndexPath(icd, kc.index_path);
      if (!node) {
        add(p + ".indexPath", "\"" + kc.index_path + "\" is not a path of the " +
                                  (kc.index_path.starts_with("eindex:") ? "External Cause Index" : "Alphabetic Index") + ": " +
                                  node.error().message);
      }
    }
  }
  // Excludes1 between key codes.
  bool about_excludes1 = false;
  for (const auto& t : c.topics) about_excludes1 = about_excludes1 || t == "excludes1";
  if (!about_excludes1) {
    for (size_t a = 0; a < c.key.size(); ++a) {
      auto d = Lookup(icd, c.key[a].code);
      if (!d) continue;
      for (size_t b = 0; b < c.key.size(); ++b) {
        if (a == b) continue;
        const std::string other = NormalizeCode(c.key[b].code);
        bool found = false;
        for (const auto& n : d->notes) {
          if (n.kind != "excludes1" || found) continue;
          for (const auto& r : n.refs) {
            if (CoversCode(r, other) && other != NormalizeCode(c.key[a].code)) {
              add("key[" + std::to_string(b) + "].code", c.key[b].code + " is excluded by an Excludes1 note of " + c.key[a].code +
                                                             " (at " + n.from + "): " + n.text +
                                                             " (add the topic \"excludes1\" if the case is about an exception)");
              found = true;
              break;
            }
          }
        }
      }
    }
  }
  for (size_t k = 0; k < c.distractors.size(); ++k) {
    Validation v = Validate(icd, c.distractors[k]);
    if (v.status == CodeStatus::kUnknown || v.status == CodeStatus::kMalformed || v.status == CodeStatus::kDeleted) {
      add("distractors[" + std::to_string(k) + "]", c.distractors[k] + ": " + v.message);
    }
  }
  if (!c.hcpcs.empty()) {
    if (!sets.hcpcs) {
      add("hcpcs", "no HCPCS code set to verify the HCPCS lines against");
      return out;
    }
    const CodeSet& hc = *sets.hcpcs;
    period(hc, ", which the HCPCS lines need");
    for (size_t h = 0; h < c.hcpcs.size(); ++h) {
      const HcpcsLine& line = c.hcpcs[h];
      const std::string p = "hcpcs[" + std::to_string(h) + "]";
      Validation v = Validate(hc, line.code, c.date_of_service);
      if (v.status != CodeStatus::kValid) add(p + ".code", line.code + ": " + CodeStatusName(v.status) + ": " + v.message);
      for (size_t m = 0; m < line.modifiers.size(); ++m) {
        const auto* mod = hc.FindModifier(line.modifiers[m]);
        if (!mod) {
          add(p + ".modifiers[" + std::to_string(m) + "]", line.modifiers[m] + " is not a modifier of " + hc.meta().label);
        } else if (mod->terminated && ParseDate(c.date_of_service) > mod->terminated) {
          add(p + ".modifiers[" + std::to_string(m) + "]", line.modifiers[m] + " was terminated on " + FormatDate(mod->terminated));
        }
      }
    }
  }
  return out;
}

}  // namespace medcode::practice
