// The year in force on a date of service, the codes that replaced a deleted one, and the
// changes between two years of a code-set file that holds several (format.h YEAR, TTLY).
#include "medcode/years.h"

#include <algorithm>

#include "medcode/date.h"
#include "enum_names.h"

namespace medcode {
namespace {

std::string YearLabel(const CodeSet& cs, int year) {
  return (cs.meta().system == "ICD-10-CM" ? "FY" : "") + std::to_string(year);
}

// The code's nearest ancestor (or itself) present in year y, by its text: placeholder X
// positions are not codes of their own. kNone if none.
uint32_t NearestIn(const CodeSet& cs, uint32_t code, int y, bool billable) {
  std::string s(cs.code(code));
  while (s.size() >= 3) {
    if (auto k = cs.Find(s); k && cs.InYear(*k, y) && (!billable || cs.BillableIn(*k, y))) return *k;
    s.pop_back();
    while (s.size() > 3 && s.back() == 'X') s.pop_back();
  }
  return format::kNone;
}

}  // namespace

int ChooseYearIndexAt(const CodeSet& cs, uint32_t date) {
  const auto years = cs.years();
  if (years.empty()) return 0;
  const int y = cs.YearAt(date);
  if (y >= 0) return y;
  return date < years.front().from ? 0 : static_cast<int>(years.size()) - 1;  // the nearest year
}

YearChoice ChooseYearAt(const CodeSet& cs, uint32_t date) {
  YearChoice c;
  c.date = date;
  const auto years = cs.years();
  if (years.empty()) {
    c.index = 0;
    c.year = cs.meta().year;
    c.label = YearLabel(cs, c.year);
    c.from = cs.meta().effective_from;
    c.to = cs.meta().effective_to;
    const uint32_t from = ParseIsoDate(c.from), to = ParseIsoDate(c.to);
    if (date && ((from && date < from) || (to && date > to))) {
      c.outside = true;
      c.note = FormatDate(date) + " is outside " + cs.meta().label + " (" + c.from + " to " + c.to + ")";
    }
    return c;
  }
  const int y = ChooseYearIndexAt(cs, date);
  c.outside = cs.YearAt(date) < 0;
  c.index = y;
  c.year = static_cast<int>(years[y].year);
  c.label = YearLabel(cs, c.year);
  c.from = FormatDate(years[y].from);
  c.to = FormatDate(years[y].to);
  if (c.outside) {
    c.note = FormatDate(date) + " is " + (y == 0 ? "before " : "after ") + c.label + ", the " +
             (y == 0 ? "oldest" : "newest") + " year of " + cs.meta().label + " (" + c.from + " to " + c.to +
             "); checked against " + c.label;
  }
  return c;
}

Result<YearChoice> ChooseYear(const CodeSet& cs, std::string_view date_of_service) {
  if (date_of_service.empty()) return ChooseYearAt(cs, 0);
  const uint32_t d = ParseDate(date_of_service);
  if (!d) return MakeError(ErrorCode::kInvalidArgument, "the date of service must be a date (YYYY-MM-DD)");
  return ChooseYearAt(cs, d);
}

std::vector<uint32_t> Replacements(const CodeSet& cs, uint32_t code, int y) {
  const format::CodeYears* cy = cs.code_years(code);
  if (!cy || y < 0 || y > cs.newest_year() || (cs.InYear(code, y) && cs.BillableIn(code, y))) return {};
  // Codes new after the last year before y in which the code was billable (or existed).
  int before = std::min<int>(cy->last, y - 1);
  for (int k = before; k >= cy->first; --k) {
    if (cs.BillableIn(code, k)) {
      before = k;
      break;
    }
  }
  const uint32_t anc = NearestIn(cs, code, y, false);
  if (anc == format::kNone || before < 0) return {};
  const std::string_view text = cs.code(code);
  const size_t base = cs.code(anc).size();
  std::vector<std::pair<int, uint32_t>> scored;
  for (uint32_t k = anc; k < cs.rec(anc).subtree_end; ++k) {
    const format::CodeYears* ky = cs.code_years(k);
    if (k == code || !cs.BillableIn(k, y) || ky->first <= before) continue;
    const std::string_view cand = cs.code(k);
    int score = 0;
    for (size_t i = base; i < std::min(cand.size(), text.size()); ++i) score += cand[i] == text[i] ? 1 : 0;
    scored.push_back({score, k});
  }
  int best = 0;
  for (const auto& s : scored) best = std::max(best, s.first);
  std::vector<uint32_t> out;
  for (const auto& s : scored) {
    if (s.first == best && out.size() < 8) out.push_back(s.second);
  }
  return out;
}

std::vector<uint32_t> EarlierEquivalents(const CodeSet& cs, uint32_t code, int y, size_t max) {
  if (uint32_t b = NearestIn(cs, code, y, true); b != format::kNone) return {b};
  std::vector<uint32_t> out;
  const uint32_t anc = NearestIn(cs, code, y, false);
  if (anc == format::kNone) return out;
  for (uint32_t k = anc + 1; k < cs.rec(anc).subtree_end && out.size() < max; ++k) {
    if (cs.BillableIn(k, y)) out.push_back(k);
  }
  return out;
}

const char* ChangeKindName(ChangeKind k) {
  static constexpr const char* kNames[] = {"added", "deleted", "retitled", "became-header", "became-billable"};
  return EnumName(k, kNames);
}

Result<std::vector<CodeChange>> Changes(const CodeSet& cs, int y) {
  if (cs.years().size() < 2 || y < 1 || y > cs.newest_year()) {
    return MakeError(ErrorCode::kInvalidArgument, cs.meta().label + " does not hold that year and the year before it");
  }
  std::vector<CodeChange> out;
  for (uint32_t i = 0; i < cs.size(); ++i) {
    const bool now = cs.InYear(i, y), before = cs.InYear(i, y - 1);
    if (!now && !before) continue;
    if (now && !before) {
      out.push_back({ChangeKind::kAdded, i, cs.BillableIn(i, y), std::string(cs.TitleIn(i, y)), "", {}});
    } else if (!now) {
      out.push_back({ChangeKind::kDeleted, i, cs.BillableIn(i, y - 1), std::string(cs.TitleIn(i, y - 1)), "",
                     Replacements(cs, i, y)});
    } else {
      const bool b0 = cs.BillableIn(i, y - 1), b1 = cs.BillableIn(i, y);
      if (b0 && !b1) {
        out.push_back({ChangeKind::kBecameHeader, i, false, std::string(cs.TitleIn(i, y)), "", Replacements(cs, i, y)});
      } else if (!b0 && b1) {
        out.push_back({ChangeKind::kBecameBillable, i, true, std::string(cs.TitleIn(i, y)), "", {}});
      }
      if (cs.TitleIn(i, y) != cs.TitleIn(i, y - 1)) {
        out.push_back({ChangeKind::kRetitled, i, b1, std::string(cs.TitleIn(i, y)), std::string(cs.TitleIn(i, y - 1)), {}});
      }
    }
  }
  return out;
}

}  // namespace medcode
