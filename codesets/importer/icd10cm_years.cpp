// Several ICD-10-CM years in one code set: merges an older year's order file into the
// model of the newest year. Each code gets the years it exists in and is billable in; a
// code the newest year deleted is kept where the older year's tabular order put it; a
// title that changed keeps its older wording for that year. New and retitled codes of the
// newest year are flagged from this comparison of the official order files themselves.
#include "icd10cm_years.h"

#include <unordered_map>

#include "medcode/date.h"
#include "util.h"

namespace medcode::import {

Result<std::vector<YearSpan>> ReadYears(const nlohmann::json& entry) {
  std::vector<YearSpan> out;
  if (!entry.contains("years")) return out;
  if (!entry["years"].is_array()) return MakeError(ErrorCode::kInvalidArgument, "manifest 'years' must be an array");
  for (const auto& y : entry["years"]) {
    YearSpan s;
    s.year = JsonInt(y, "year");
    s.from = ParseIsoDate(JsonStr(y, "effective_from"));
    s.to = ParseIsoDate(JsonStr(y, "effective_to"));
    if (!s.year || !s.from || s.to < s.from || (!out.empty() && (s.year <= out.back().year || s.from <= out.back().to))) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "manifest 'years' needs year, effective_from and effective_to, oldest first, without overlap");
    }
    out.push_back(s);
  }
  if (out.size() > format::kMaxYears) return MakeError(ErrorCode::kInvalidArgument, "too many years in one code set");
  return out;
}

void StartNewestYear(Model& m) {
  const auto newest = static_cast<uint8_t>(m.years.size() - 1);
  for (Code& c : m.codes) {
    c.first_year = c.last_year = newest;
    c.billable_years = c.billable ? static_cast<uint8_t>(1u << newest) : 0;
  }
}

Result<bool> MergeOlderYear(Model& m, std::vector<Code> older, uint8_t year, Report& rep) {
  const std::string label = "FY" + std::to_string(m.years[year].year);
  std::unordered_map<std::string, uint32_t> index;
  for (uint32_t i = 0; i < m.codes.size(); ++i) index.emplace(m.codes[i].code, i);
  // Codes of the older year that the model lacks, by the code they follow in the older
  // year's order ("" = before every code).
  std::unordered_map<std::string, std::vector<Code>> after;
  std::string anchor;
  int64_t kept = 0, gone = 0, retitled = 0, to_header = 0, to_billable = 0;
  for (Code& oc : older) {
    auto it = index.find(oc.code);
    if (it == index.end()) {
      oc.first_year = oc.last_year = year;
      oc.billable_years = oc.billable ? static_cast<uint8_t>(1u << year) : 0;
      oc.billable = false;  // the newest year does not have it
      after[anchor].push_back(std::move(oc));
      ++gone;
      continue;
    }
    Code& c = m.codes[it->second];
    anchor = c.code;
    ++kept;
    if (c.first_year != year + 1) {
      return MakeError(ErrorCode::kCorrupt, "code " + c.code + " is in " + label +
                                                " and a later year but not in every year between");
    }
    c.first_year = year;
    if (oc.billable) c.billable_years = static_cast<uint8_t>(c.billable_years | (1u << year));
    const bool billable_next = (c.billable_years >> (year + 1)) & 1;
    if (oc.billable && !billable_next) ++to_header;
    if (!oc.billable && billable_next) ++to_billable;
    // The title the next year gives it: the newest title or an older year's recorded one.
    std::string next_title = c.title, next_short = c.short_title;
    for (const auto& t : c.year_titles) {
      if (t.year == year + 1) next_title = t.title, next_short = t.short_title;
    }
    if (oc.title != next_title || oc.short_title != next_short) {
      c.year_titles.insert(c.year_titles.begin(), {year, oc.title, oc.short_title});
      ++retitled;
    } else {
      for (const auto& t : c.year_titles) {
        if (t.year == year + 1) c.year_titles.insert(c.year_titles.begin(), {year, t.title, t.short_title});
      }
    }
  }
  std::vector<Code> merged;
  merged.reserve(m.codes.size() + static_cast<size_t>(gone));
  auto put_after = [&](const std::string& key) {
    auto it = after.find(key);
    if (it == after.end()) return;
    for (Code& c : it->second) merged.push_back(std::move(c));
  };
  put_after("");
  for (Code& c : m.codes) {
    std::string key = c.code;
    merged.push_back(std::move(c));
    put_after(key);
  }
  m.codes = std::move(merged);
  int64_t added = 0;
  const auto newest = static_cast<uint8_t>(m.years.size() - 1);
  if (year + 1 == newest) {
    for (Code& c : m.codes) {
      if (c.first_year == newest) {
        c.flags |= format::kNewThisYear;
        ++added;
      }
      for (const auto& t : c.year_titles) {
        if (t.year == year && c.last_year == newest) c.flags |= format::kRevisedThisYear;
      }
    }
  }
  const std::string next = "FY" + std::to_string(m.years[year + 1].year);
  rep.counts[label + " codes also in " + next] = kept;
  rep.counts[label + " codes not in " + next + " (kept, valid through " + label + ")"] = gone;
  rep.counts[label + " codes retitled in " + next] = retitled;
  rep.counts[label + " billable codes that are headers in " + next] = to_header;
  rep.counts[label + " headers that are billable in " + next] = to_billable;
  if (year + 1 == newest) rep.counts[next + " codes new since " + label] = added;
  return true;
}

}  // namespace medcode::import
