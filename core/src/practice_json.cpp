// The JSON shapes of practice (medcode/practice.h): a case in a list, a case to work on
// (never its key), a grade, coverage counts and a case-file issue. Shared by the CLI's
// --json output and the JS API, so both give the same fields (camelCase).
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "medcode/practice.h"

namespace medcode::practice {

using json = nlohmann::json;

json SummaryJson(const Case& c, const CodeSets& sets) {
  return {{"id", c.id},          {"title", c.title}, {"chapter", CaseChapter(c, sets)},
          {"setting", c.setting}, {"level", c.level}, {"topics", c.topics}};
}

json ExerciseJson(const Case& c, const CodeSets& sets) {
  json j = SummaryJson(c, sets);
  j["dateOfService"] = c.date_of_service;
  j["scenario"] = c.scenario;
  j["guidelines"] = c.guidelines;
  j["hcpcsLines"] = c.hcpcs.size();
  return j;
}

json ToJson(const GradeResult& g) {
  json items = json::array();
  for (const auto& it : g.items) {
    json x = {{"entered", it.entered}, {"code", it.code},     {"system", it.system}, {"verdict", VerdictName(it.verdict)},
              {"credit", it.credit},   {"title", it.title},   {"reason", it.reason}};
    if (it.slot >= 0) {
      x["expected"] = {{"slot", it.slot}, {"code", it.expected}, {"title", it.expected_title}, {"indexPath", it.index_path}};
    }
    if (!it.note.empty()) x["note"] = it.note;
    items.push_back(std::move(x));
  }
  json missing = json::array();
  for (const auto& m : g.missing) {
    missing.push_back({{"slot", m.slot}, {"code", m.code}, {"title", m.title}, {"why", m.why}, {"indexPath", m.index_path},
                       {"reason", m.reason}});
  }
  json key = json::array();
  for (const auto& k : g.key) {
    json x = {{"code", k.code}, {"system", k.system}, {"title", k.title}, {"why", k.why}};
    if (k.system != "HCPCS") x["indexPath"] = k.index_path;
    if (!k.accept.empty()) x["accept"] = k.accept;
    key.push_back(std::move(x));
  }
  return {{"caseId", g.case_id}, {"score", g.score},       {"earned", g.earned},   {"overcodingFactor", g.overcoding_factor},
          {"keyItems", g.key_items}, {"entered", g.entered}, {"items", items},     {"missing", missing},
          {"key", key},          {"rationale", g.rationale}, {"guidelines", g.guidelines}};
}

json ToJson(const CoverageStats& s) {
  std::vector<std::pair<std::string, size_t>> ch(s.by_chapter.begin(), s.by_chapter.end());
  std::sort(ch.begin(), ch.end(), [](const auto& a, const auto& b) { return ChapterLess(a.first, b.first); });
  std::vector<std::pair<std::string, size_t>> gl(s.by_guideline.begin(), s.by_guideline.end());
  std::sort(gl.begin(), gl.end(), [](const auto& a, const auto& b) { return SectionLess(a.first, b.first); });
  json j;
  j["cases"] = s.cases;
  j["byChapter"] = json::array();
  for (const auto& [k, n] : ch) j["byChapter"].push_back({{"chapter", k}, {"cases", n}});
  j["byLevel"] = json::array();
  for (const auto& [k, n] : s.by_level) j["byLevel"].push_back({{"level", k}, {"cases", n}});
  j["bySetting"] = json::array();
  for (const auto& [k, n] : s.by_setting) j["bySetting"].push_back({{"setting", k}, {"cases", n}});
  j["byGuideline"] = json::array();
  for (const auto& [k, n] : gl) j["byGuideline"].push_back({{"section", k}, {"cases", n}});
  j["byTopic"] = json::array();
  for (const auto& [k, n] : s.by_topic) j["byTopic"].push_back({{"topic", k}, {"cases", n}});
  return j;
}

json ToJson(const CaseIssue& i) { return {{"caseId", i.case_id}, {"field", i.field}, {"message", i.message}}; }

json ToJson(const std::vector<HintStep>& hints) {
  json j = json::array();
  for (const auto& h : hints) j.push_back({{"step", h.step}, {"name", h.name}, {"lines", h.lines}});
  return j;
}

}  // namespace medcode::practice
