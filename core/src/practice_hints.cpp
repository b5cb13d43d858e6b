// Hints for a practice case (medcode/practice.h): the main term, the index path, the tabular
// entry, one line per key item and step. Never the key code itself.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "medcode/lookup.h"
#include "medcode/practice.h"

namespace medcode::practice {

namespace {

constexpr std::string_view kExternal = "eindex:";

struct PathParts {
  std::string book;  // "Alphabetic Index" | "External Cause Index"
  std::string path;  // without the "eindex:" prefix
  std::string main;  // the part before the first comma
};

PathParts SplitPath(std::string_view p) {
  PathParts out;
  out.book = p.starts_with(kExternal) ? "External Cause Index" : "Alphabetic Index";
  if (p.starts_with(kExternal)) p.remove_prefix(kExternal.size());
  while (!p.empty() && p.front() == ' ') p.remove_prefix(1);
  out.path = std::string(p);
  out.main = std::string(p.substr(0, p.find(',')));
  return out;
}

// The hierarchy item of a level ("chapter", "category") of a code, or null.
const HierarchyItem* Level(const CodeDetail& d, std::string_view level) {
  for (const auto& h : d.hierarchy) {
    if (h.level == level) return &h;
  }
  return nullptr;
}

std::string Plural(int n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

}  // namespace

std::vector<HintStep> Hints(const Case& c, const CodeSets& sets) {
  std::vector<HintStep> steps = {{1, "main term", {}}, {2, "index path", {}}, {3, "tabular entry", {}}};
  for (size_t i = 0; i < c.key.size(); ++i) {
    const KeyCode& k = c.key[i];
    const std::string which = c.key.size() + c.hcpcs.size() == 1 ? "" : "Code " + std::to_string(i + 1) + ": ";
    std::optional<CodeDetail> d;
    if (sets.icd) {
      auto r = Lookup(*sets.icd, k.code);
      if (r) d = std::move(*r);
    }
    if (k.index_path.empty()) {
      const HierarchyItem* ch = d ? Level(*d, "chapter") : nullptr;
      steps[0].lines.push_back(which + "no index entry is given for this code; start in the Tabular List" +
                               (ch ? ", chapter " + ch->code + " (" + ch->title + ")" : std::string()));
      steps[1].lines.push_back(which + "no index path: read the chapter's categories and their notes");
    } else {
      PathParts p = SplitPath(k.index_path);
      steps[0].lines.push_back(which + "look up the main term \u201c" + p.main + "\u201d in the " + p.book);
      steps[1].lines.push_back(which + p.book + ": " + p.path);
    }
    const HierarchyItem* cat = d ? Level(*d, "category") : nullptr;
    if (cat) {
      steps[2].lines.push_back(which + "verify in the Tabular List at category " + cat->code + " (" + cat->title +
                               "): read its notes and complete the code to its last character");
    } else {
      steps[2].lines.push_back(which + "verify the code in the Tabular List (category " + k.code.substr(0, 3) + ")");
    }
  }
  for (size_t j = 0; j < c.hcpcs.size(); ++j) {
    const HcpcsLine& h = c.hcpcs[j];
    const std::string which = "HCPCS line " + std::to_string(j + 1) + ": ";
    steps[0].lines.push_back(which + "HCPCS Level II, section " + h.code.substr(0, 1) + " (codes " + h.code.substr(0, 1) + "0000-" +
                             h.code.substr(0, 1) + "9999)");
    steps[1].lines.push_back(which + Plural(h.units, "unit", "units") + ", " +
                             Plural(static_cast<int>(h.modifiers.size()), "modifier", "modifiers"));
    std::string title;
    if (sets.hcpcs) {
      auto r = Lookup(*sets.hcpcs, h.code, c.date_of_service);
      if (r) title = r->title;
    }
    steps[2].lines.push_back(which + (title.empty() ? "the code starts with " + h.code.substr(0, 3)
                                                    : "the description reads \u201c" + title + "\u201d"));
  }
  return steps;
}

}  // namespace medcode::practice
