#include "medcode/answers_json.h"

#include <algorithm>

#include "medcode/years.h"

namespace medcode {

using json = nlohmann::json;

namespace {

json OrNull(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

}  // namespace

json ToJson(const CodeSet& cs, const CodeDetail& d) {
  const auto& meta = cs.meta();
  json j = {{"code", d.code}, {"title", d.title}, {"shortTitle", d.short_title},
            {"billable", d.billable}, {"newThisYear", d.new_this_year}, {"revisedThisYear", d.revised_this_year},
            {"system", meta.system}, {"year", meta.year}, {"label", meta.label}};
  if (!d.deleted_note.empty()) j["deletedNote"] = d.deleted_note;
  j["hierarchy"] = json::array();
  for (const auto& h : d.hierarchy) j["hierarchy"].push_back({{"level", h.level}, {"code", h.code}, {"title", h.title}});
  j["notes"] = json::array();
  for (const auto& n : d.notes) {
    json refs = json::array();
    for (const auto& r : n.refs) refs.push_back({{"first", r.first}, {"last", r.last}});
    j["notes"].push_back({{"kind", n.kind}, {"text", n.text}, {"from", n.from}, {"fromLevel", n.from_level},
                          {"inherited", n.inherited}, {"source", n.source}, {"sourceYear", n.source_year},
                          {"refs", refs}});
  }
  if (d.seventh) {
    json chars = json::array();
    for (const auto& c : d.seventh->chars) chars.push_back({{"char", std::string(1, c.ch)}, {"meaning", c.meaning}});
    j["seventh"] = {{"declaredAt", d.seventh->declared_at}, {"source", d.seventh->source},
                    {"sourceYear", d.seventh->source_year}, {"chars", chars}};
  } else {
    j["seventh"] = nullptr;
  }
  j["children"] = json::array();
  for (const auto& c : d.children) j["children"].push_back({{"code", c.code}, {"title", c.title}, {"billable", c.billable}});
  // Dated and flat systems (HCPCS, CPT).
  j["terminated"] = d.terminated;
  j["addedDate"] = OrNull(d.added_date);
  j["actionDate"] = OrNull(d.action_date);
  j["terminationDate"] = OrNull(d.termination_date);
  if (!d.date_of_service.empty()) j["dateOfService"] = d.date_of_service;
  if (!d.status_note.empty()) j["statusNote"] = d.status_note;
  if (!d.year.empty()) {
    j["codeYear"] = d.year;
    j["validFrom"] = d.valid_from;
    j["validTo"] = OrNull(d.valid_to);
    j["replacedBy"] = d.replaced_by;
    j["useInstead"] = d.use_instead;
  }
  j["attributes"] = json::array();
  for (const auto& a : d.attributes) {
    json x = {{"key", a.key}, {"label", a.label}, {"value", a.value}, {"meaning", a.meaning}, {"source", a.source}};
    for (const auto& def : meta.attributes) {
      if (def.key == a.key && !def.note.empty() && !a.meaning.empty()) x["meaningSource"] = def.note;
    }
    j["attributes"].push_back(std::move(x));
  }
  if (!meta.provenance.empty()) j["provenance"] = meta.provenance;
  return j;
}

json ToJson(const CodeSet& cs, const Validation& v) {
  json j = {{"status", CodeStatusName(v.status)}, {"input", v.input}, {"code", v.code},
            {"message", v.message}, {"suggestions", v.suggestions}, {"label", cs.meta().label}};
  if (!v.year.empty()) j["codeYear"] = v.year;
  return j;
}

json ToJson(const ModifierView& m) {
  return {{"code", m.code}, {"title", m.title}, {"shortTitle", m.short_title}, {"addedDate", OrNull(m.added_date)},
          {"actionDate", OrNull(m.action_date)}, {"terminationDate", OrNull(m.termination_date)},
          {"terminated", m.terminated}, {"action", OrNull(m.action)}, {"actionMeaning", OrNull(m.action_meaning)},
          {"coverage", OrNull(m.coverage)}, {"coverageMeaning", OrNull(m.coverage_meaning)}, {"source", m.source}};
}

json ModifiersJson(const CodeSet& cs, const std::vector<ModifierView>& list) {
  json arr = json::array();
  for (const auto& m : list) arr.push_back(ToJson(m));
  return {{"modifiers", std::move(arr)}, {"total", cs.modifiers().size()}};
}

json ChangesJson(const CodeSet& cs, int y, const std::vector<CodeChange>& changes) {
  const YearChoice to = ChooseYearAt(cs, y >= 0 && y <= cs.newest_year() && !cs.years().empty() ? cs.years()[y].from : 0);
  const YearChoice from = ChooseYearAt(cs, y > 0 && !cs.years().empty() ? cs.years()[y - 1].from : 0);
  json j = {{"system", cs.meta().system}, {"from", from.label}, {"to", to.label}, {"effective", to.from}};
  json counts = json::object();
  for (ChangeKind k : {ChangeKind::kAdded, ChangeKind::kDeleted, ChangeKind::kRetitled, ChangeKind::kBecameHeader,
                       ChangeKind::kBecameBillable}) {
    counts[ChangeKindName(k)] = std::count_if(changes.begin(), changes.end(), [&](const CodeChange& c) { return c.kind == k; });
  }
  j["counts"] = std::move(counts);
  j["changes"] = json::array();
  for (const CodeChange& c : changes) {
    json x = {{"kind", ChangeKindName(c.kind)}, {"code", cs.Dotted(c.code)}, {"billable", c.billable}, {"title", c.title}};
    if (c.kind == ChangeKind::kRetitled) x["previousTitle"] = c.previous_title;
    if (c.kind == ChangeKind::kDeleted || c.kind == ChangeKind::kBecameHeader) {
      json r = json::array();
      for (uint32_t k : c.replaced_by) r.push_back(cs.Dotted(k));
      x["replacedBy"] = std::move(r);
    }
    j["changes"].push_back(std::move(x));
  }
  return j;
}

json InfoJson(const CodeSet& cs) {
  const auto& meta = cs.meta();
  json j = {{"system", meta.system}, {"year", meta.year}, {"label", meta.label},
            {"effectiveFrom", meta.effective_from}, {"effectiveTo", meta.effective_to}, {"codes", cs.size()},
            {"bytes", cs.byte_size()}, {"formatMinor", cs.format_minor()}};
  if (!cs.years().empty()) {
    j["years"] = json::array();
    for (int y = 0; y <= cs.newest_year(); ++y) {
      const YearChoice c = ChooseYearAt(cs, cs.years()[y].from);
      j["years"].push_back({{"year", c.year}, {"label", c.label}, {"effectiveFrom", c.from}, {"effectiveTo", c.to}});
    }
  }
  if (!meta.provenance.empty()) j["provenance"] = meta.provenance;
  if (!cs.modifiers().empty()) j["modifiers"] = cs.modifiers().size();
  uint32_t terminated = 0;
  for (uint32_t i = 0; i < cs.size(); ++i) terminated += cs.terminated(i) ? 1 : 0;
  if (terminated) j["terminated"] = terminated;
  j["inputs"] = json::array();
  for (const auto& in : meta.inputs) {
    j["inputs"].push_back({{"role", in.role}, {"name", in.name}, {"path", in.path}, {"year", in.year},
                           {"sha256", in.sha256}, {"kind", in.kind}});
  }
  return j;
}

json ToJson(const CptLoadReport& r) {
  json issues = json::array();
  for (const auto& is : r.issues) issues.push_back({{"line", is.line}, {"reason", is.reason}});
  return {{"lines", r.lines}, {"codes", r.codes}, {"skipped", r.skipped}, {"header", r.header},
          {"separators", r.separators}, {"extraColumns", r.extra_columns}, {"issues", issues},
          {"year", r.year}, {"yearFrom", r.year_from}, {"sha256", r.sha256}, {"loaded", r.loaded},
          {"provenance", r.provenance}};
}

json ToJson(const Error& e) { return {{"ok", false}, {"code", ErrorCodeName(e.code)}, {"message", e.message}}; }

std::string DumpJson(const json& j, int indent) { return j.dump(indent, ' ', false, json::error_handler_t::replace); }

}  // namespace medcode
