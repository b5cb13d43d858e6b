// suggest_json.cpp owns the JSON shape of a note-coding answer (suggest.h), shared by the
// CLI (coder suggest --json) and the wasm binding, so both say the same thing.
#include "medcode/suggest.h"

namespace medcode {

nlohmann::json ToJson(const SuggestResult& r) {
  using nlohmann::json;
  json codes = json::array();
  for (const CodeSuggestion& c : r.codes) {
    json ev = json::array();
    for (const TextSpan& s : c.evidence) ev.push_back({s.begin, s.end});
    json rules = json::array();
    for (const RuleApplied& ru : c.rules) rules.push_back({{"id", ru.id}, {"section", ru.section}, {"text", ru.text}});
    json alts = json::array();
    for (const Alternative& a : c.alternatives) alts.push_back({{"code", a.code}, {"title", a.title}, {"decides", a.decides}});
    codes.push_back({{"code", c.code},
                     {"title", c.title},
                     {"billable", c.billable},
                     {"year", c.year},
                     {"evidence", ev},
                     {"section", c.section},
                     {"why", c.why},
                     {"rules", rules},
                     {"alternatives", alts}});
  }
  json not_coded = json::array();
  for (const NotCoded& n : r.not_coded) {
    not_coded.push_back({{"span", {n.span.begin, n.span.end}},
                         {"reason", n.reason},
                         {"trigger", n.trigger},
                         {"code", n.code},
                         {"explanation", n.explanation}});
  }
  return {{"setting", CareSettingName(r.setting)},
          {"codeSet", r.codeset_label},
          {"codes", codes},
          {"notCoded", not_coded},
          {"emptyReason", r.empty_reason}};
}

}  // namespace medcode
