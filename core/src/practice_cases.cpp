// The practice case file reader: parses a "medcode-practice-cases" version 1 file (the
// format of codesets/practice/cases.schema.json) into Cases and checks it without a code
// set: size, UTF-8, JSON syntax (with line and column), the header, every field's type and
// presence, unknown fields, id shape and uniqueness, dates, settings, levels, code shapes,
// HCPCS lines. Every problem is reported with its case id and field; bad input never
// throws or aborts (JSON is parsed without exceptions, types are checked before use).
#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "medcode/practice.h"
#include "medcode/text.h"

namespace medcode::practice {
namespace {

using json = nlohmann::json;

// Records the byte position of a JSON syntax error (nlohmann's SAX interface; nothing is thrown).
struct SyntaxProbe : json::json_sax_t {
  size_t position = 0;
  std::string token;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t pos, const std::string& last_token, const nlohmann::detail::exception&) override {
    position = pos;
    token = last_token;
    return false;
  }
};

std::string TypeName(const json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number_integer() || v.is_number_unsigned()) return "an integer";
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  if (v.is_array()) return "an array";
  return "an object";
}

bool IsIdShape(const std::string& s) {
  // area prefix (lower-case letters, digits after the first), a hyphen, three digits
  size_t dash = s.rfind('-');
  if (dash == std::string::npos || dash == 0 || s.size() - dash - 1 != 3) return false;
  if (!std::islower(static_cast<unsigned char>(s[0]))) return false;
  for (size_t i = 0; i < dash; ++i) {
    char c = s[i];
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)))) return false;
  }
  for (size_t i = dash + 1; i < s.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

// A dotted ICD-10-CM code as written in a key: "J18.9", "S52.001A", "B20" (upper case).
bool IsDottedIcdShape(const std::string& s) {
  if (s.size() < 3 || s.size() > 8) return false;
  auto up_alnum = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'A' && c <= 'Z'); };
  const auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  // A letter, a digit, a letter or digit; or two letters and a digit (QA1, FY2027).
  if (!(s[0] >= 'A' && s[0] <= 'Z') || !(digit(s[1]) ? up_alnum(s[2]) : (s[1] >= 'A' && s[1] <= 'Z' && digit(s[2])))) return false;
  if (s.size() == 3) return true;
  if (s[3] != '.' || s.size() < 5) return false;
  for (size_t i = 4; i < s.size(); ++i) {
    if (!up_alnum(s[i])) return false;
  }
  return true;
}

bool IsHcpcsShape(const std::string& s) {
  if (s.size() != 5 || !(s[0] >= 'A' && s[0] <= 'Z')) return false;
  for (size_t i = 1; i < 5; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

bool IsModifierShape(const std::string& s) {
  return s.size() == 2 && std::all_of(s.begin(), s.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'A' && c <= 'Z');
         });
}

// Guideline sections as numbered in the Official Guidelines: "I.C.10.a", "I.B.9", "II",
// "IV.G", "I.C.19.e.5(a)".
bool IsSectionShape(const std::string& s) {
  static const char* kRoman[] = {"IV", "III", "II", "I"};
  size_t i = 0;
  for (const char* r : kRoman) {
    std::string_view rv(r);
    if (s.compare(0, rv.size(), rv) == 0) {
      i = rv.size();
      break;
    }
  }
  if (i == 0) return false;
  while (i < s.size()) {
    if (s[i] == '.') {
      ++i;
      size_t start = i;
      while (i < s.size() && std::isalnum(static_cast<unsigned char>(s[i]))) ++i;
      if (i == start) return false;
    } else if (s[i] == '(') {
      size_t close = s.find(')', i);
      if (close == std::string::npos || close == i + 1) return false;
      for (size_t k = i + 1; k < close; ++k) {
        if (!std::isalnum(static_cast<unsigned char>(s[k]))) return false;
      }
      i = close + 1;
    } else {
      return false;
    }
  }
  return true;
}

bool IsTopicShape(const std::string& s) {
  if (s.empty() || s.size() > 60) return false;
  for (char c : s) {
    if (std::isupper(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

class Reader {
 public:
  std::vector<CaseIssue> issues;

  void Add(const std::string& id, std::string field, std::string message) {
    issues.push_back({id, std::move(field), std::move(message)});
  }

  // A required (or optional) string member.
  bool Str(const json& o, const char* name, const std::string& id, const std::string& prefix, std::string& out,
           bool required = true, bool nonempty = true) {
    auto it = o.find(name);
    if (it == o.end()) {
      if (required) Add(id, prefix + name, "missing (a string is required)");
      return false;
    }
    if (!it->is_string()) {
      Add(id, prefix + name, "must be a string, not " + TypeName(*it));
      return false;
    }
    out = it->get<std::string>();
    if (nonempty && out.find_first_not_of(" \t\r\n") == std::string::npos) {
      Add(id, prefix + name, "must not be empty");
      return false;
    }
    return true;
  }

  // An array of strings; check(s) tells whether one element is acceptable (with the message to give).
  template <class Check>
  bool StrArray(const json& o, const char* name, const std::string& id, const std::string& prefix,
                std::vector<std::string>& out, bool required, Check check, const char* what) {
    auto it = o.find(name);
    if (it == o.end()) {
      if (required) Add(id, prefix + name, "missing (an array is required)");
      return !required;
    }
    if (!it->is_array()) {
      Add(id, prefix + name, "must be an array, not " + TypeName(*it));
      return false;
    }
    bool ok = true;
    std::set<std::string> seen;
    for (size_t k = 0; k < it->size(); ++k) {
      const json& e = (*it)[k];
      std::string f = prefix + name + "[" + std::to_string(k) + "]";
      if (!e.is_string()) {
        Add(id, f, "must be a string, not " + TypeName(e));
        ok = false;
        continue;
      }
      std::string s = e.get<std::string>();
      if (!check(s)) {
        Add(id, f, "\"" + s + "\" is not " + what);
        ok = false;
        continue;
      }
      if (!seen.insert(s).second) {
        Add(id, f, "\"" + s + "\" is listed twice");
        ok = false;
        continue;
      }
      out.push_back(std::move(s));
    }
    return ok;
  }

  void Unknown(const json& o, const std::set<std::string>& known, const std::string& id, const std::string& prefix) {
    for (auto it = o.begin(); it != o.end(); ++it) {
      if (!known.count(it.key())) Add(id, prefix + it.key(), "unknown field (a typing error?)");
    }
  }

  // The field prefix of list element i ("key[3]."), or nullopt after saying it is no object.
  // Its fields other than `known` are reported as unknown.
  std::optional<std::string> Element(const json& e, const char* list, size_t i, const std::string& id,
                                     const std::set<std::string>& known) {
    std::string at = std::string(list) + "[" + std::to_string(i) + "]";
    if (!e.is_object()) {
      Add(id, at, "must be an object, not " + TypeName(e));
      return std::nullopt;
    }
    Unknown(e, known, id, at + ".");
    return at + ".";
  }

  // The required "code" field, which must have the shape `what` says.
  void ShapedCode(const json& o, const std::string& id, const std::string& p, std::string& out,
                  bool (*shape)(const std::string&), const char* what) {
    if (Str(o, "code", id, p, out) && !shape(out)) Add(id, p + "code", "\"" + out + "\" is not " + what);
  }

  // key[i] (an object: Element checked it), fields prefixed p.
  void ReadKey(const json& k, const std::string& id, const std::string& p, Case& c) {
    KeyCode kc;
    ShapedCode(k, id, p, kc.code, IsDottedIcdShape, "a dotted upper-case ICD-10-CM code (like \"J18.9\")");
    StrArray(k, "accept", id, p, kc.accept, false, IsDottedIcdShape, "a dotted upper-case ICD-10-CM code");
    if (Str(k, "indexPath", id, p, kc.index_path, true, false)) {
      if (kc.index_path.size() > 1024) Add(id, p + "indexPath", "is over 1,024 characters");
      if (kc.index_path.starts_with("eindex:") && kc.index_path.size() == 7) Add(id, p + "indexPath", "\"eindex:\" needs a path after it");
    }
    Str(k, "why", id, p, kc.why);
    c.key.push_back(std::move(kc));
  }

  // hcpcs[i] (an object: Element checked it), fields prefixed p.
  void ReadHcpcs(const json& h, const std::string& id, const std::string& p, Case& c) {
    HcpcsLine line;
    ShapedCode(h, id, p, line.code, IsHcpcsShape, "an HCPCS Level II code (a letter and four digits, like \"J1100\")");
    StrArray(h, "modifiers", id, p, line.modifiers, false, IsModifierShape, "a two-character upper-case modifier");
    if (line.modifiers.size() > 4) Add(id, p + "modifiers", "at most 4 modifiers");
    auto u = h.find("units");
    if (u == h.end()) {
      line.units = 1;
    } else if (!u->is_number_integer() && !u->is_number_unsigned()) {
      Add(id, p + "units", "must be an integer, not " + TypeName(*u));
    } else if (u->get<int64_t>() < 1 || u->get<int64_t>() > 9999) {
      Add(id, p + "units", "must be from 1 to 9999");
    } else {
      line.units = static_cast<int>(u->get<int64_t>());
    }
    Str(h, "why", id, p, line.why);
    c.hcpcs.push_back(std::move(line));
  }

  void ReadCase(const json& o, size_t i, std::map<std::string, size_t>& ids, CaseBank& bank) {
    std::string where = "cases[" + std::to_string(i) + "]";
    if (!o.is_object()) {
      Add("", where, "must be an object, not " + TypeName(o));
      return;
    }
    Case c;
    // The id names the case in every later message; without one, its position does.
    std::string id = where;
    auto idit = o.find("id");
    if (idit == o.end()) {
      Add(where, "id", "missing (a string is required)");
    } else if (!idit->is_string()) {
      Add(where, "id", "must be a string, not " + TypeName(*idit));
    } else {
      c.id = idit->get<std::string>();
      if (!IsIdShape(c.id)) {
        Add(where, "id", "\"" + c.id + "\" is not an id: an area prefix, a hyphen and three digits (like \"resp-003\")");
      } else {
        id = c.id;
        auto [at, fresh] = ids.emplace(c.id, i);
        if (!fresh) Add(id, "id", "duplicate id: cases[" + std::to_string(at->second) + "] has it too (this is cases[" + std::to_string(i) + "])");
      }
    }
    Unknown(o, {"id", "title", "setting", "level", "dateOfService", "scenario", "key", "hcpcs", "rationale",
                "guidelines", "topics", "distractors"},
            id, "");
    Str(o, "title", id, "", c.title);
    if (Str(o, "setting", id, "", c.setting) && c.setting != "outpatient" && c.setting != "inpatient") {
      Add(id, "setting", "\"" + c.setting + "\" must be \"outpatient\" or \"inpatient\"");
    }
    auto lv = o.find("level");
    if (lv == o.end()) {
      Add(id, "level", "missing (1, 2 or 3 is required)");
    } else if (!lv->is_number_integer() && !lv->is_number_unsigned()) {
      Add(id, "level", "must be the integer 1, 2 or 3, not " + TypeName(*lv));
    } else if (lv->get<int64_t>() < 1 || lv->get<int64_t>() > 3) {
      Add(id, "level", "must be 1, 2 or 3");
    } else {
      c.level = static_cast<int>(lv->get<int64_t>());
    }
    if (Str(o, "dateOfService", id, "", c.date_of_service)) {
      if (c.date_of_service.size() != 10 || c.date_of_service[4] != '-' || c.date_of_service[7] != '-' ||
          ParseDate(c.date_of_service) == 0) {
        Add(id, "dateOfService", "\"" + c.date_of_service + "\" is not a valid date YYYY-MM-DD");
      }
    }
    Str(o, "scenario", id, "", c.scenario);
    auto key = o.find("key");
    if (key == o.end()) {
      Add(id, "key", "missing (an array of at least one ICD-10-CM code is required)");
    } else if (!key->is_array()) {
      Add(id, "key", "must be an array, not " + TypeName(*key));
    } else if (key->empty()) {
      Add(id, "key", "must have at least one code");
    } else {
      for (size_t k = 0; k < key->size(); ++k) {
        if (auto p = Element((*key)[k], "key", k, id, {"code", "accept", "indexPath", "why"})) ReadKey((*key)[k], id, *p, c);
      }
    }
    auto hc = o.find("hcpcs");
    if (hc != o.end()) {
      if (!hc->is_array()) {
        Add(id, "hcpcs", "must be an array, not " + TypeName(*hc));
      } else {
        for (size_t k = 0; k < hc->size(); ++k) {
          if (auto p = Element((*hc)[k], "hcpcs", k, id, {"code", "modifiers", "units", "why"})) ReadHcpcs((*hc)[k], id, *p, c);
        }
      }
    }
    Str(o, "rationale", id, "", c.rationale);
    StrArray(o, "guidelines", id, "", c.guidelines, true, IsSectionShape,
             "a guideline section as numbered in the Official Guidelines (like \"I.C.10.a\")");
    StrArray(o, "topics", id, "", c.topics, true, IsTopicShape, "a lower-case tag");
    StrArray(o, "distractors", id, "", c.distractors, false, IsDottedIcdShape, "a dotted upper-case ICD-10-CM code");

    // Across fields: one code once on the key; a distractor is not an answer.
    std::set<std::string> codes;
    for (size_t k = 0; k < c.key.size(); ++k) {
      std::vector<std::string> all = {c.key[k].code};
      all.insert(all.end(), c.key[k].accept.begin(), c.key[k].accept.end());
      for (const auto& x : all) {
        if (x.empty()) continue;
        if (!codes.insert(x).second) Add(id, "key[" + std::to_string(k) + "]", x + " is on the key twice");
      }
    }
    for (size_t k = 0; k < c.distractors.size(); ++k) {
      if (codes.count(c.distractors[k])) {
        Add(id, "distractors[" + std::to_string(k) + "]", c.distractors[k] + " is also on the key");
      }
    }
    // One code may be on several lines (J0696 given and J0696-JW discarded), not with the same modifiers.
    for (size_t a = 0; a < c.hcpcs.size(); ++a) {
      for (size_t b = 0; b < a; ++b) {
        auto ma = c.hcpcs[a].modifiers, mb = c.hcpcs[b].modifiers;
        std::sort(ma.begin(), ma.end());
        std::sort(mb.begin(), mb.end());
        if (!c.hcpcs[a].code.empty() && c.hcpcs[a].code == c.hcpcs[b].code && ma == mb) {
          Add(id, "hcpcs[" + std::to_string(a) + "]",
              c.hcpcs[a].code + " is on the key twice with the same modifiers (one line, with its units)");
        }
      }
    }
    bank.cases.push_back(std::move(c));
  }
};

}  // namespace

std::string CaseIssue::Text() const {
  std::string s;
  if (!case_id.empty()) s = "case " + case_id + ", ";
  s += field.empty() ? "file" : field;
  s += ": " + message;
  return s;
}

const Case* CaseBank::Find(std::string_view id) const {
  for (const Case& c : cases) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

Result<CaseBank> ParseCases(std::string_view text, std::vector<CaseIssue>* issues_out) {
  auto fail = [&](ErrorCode code, std::string field, std::string message) -> Result<CaseBank> {
    CaseIssue is{"", std::move(field), std::move(message)};
    if (issues_out) issues_out->push_back(is);
    return MakeError(code, is.Text());
  };
  if (text.size() > kMaxCaseFileBytes) {
    return fail(ErrorCode::kInputTooLong, "",
                "the case file is " + std::to_string(text.size()) + " bytes; at most " +
                    std::to_string(kMaxCaseFileBytes >> 20) + " MB is accepted");
  }
  if (long bad = text::FindInvalidUtf8(text); bad >= 0) {
    return fail(ErrorCode::kInvalidUtf8, "", "not valid UTF-8 at byte " + std::to_string(bad));
  }
  json doc = json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_discarded()) {
    SyntaxProbe probe;
    json::sax_parse(text.begin(), text.end(), &probe);
    size_t pos = std::min(probe.position > 0 ? probe.position - 1 : 0, text.size());
    size_t line = 1, col = 1;
    for (size_t i = 0; i < pos; ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    return fail(ErrorCode::kCorrupt, "",
                "not valid JSON: syntax error at line " + std::to_string(line) + ", column " + std::to_string(col) +
                    (probe.token.empty() ? "" : " (near '" + probe.token.substr(0, 40) + "')"));
  }
  if (!doc.is_object()) return fail(ErrorCode::kBadMagic, "format", "the file must be a JSON object with \"format\": \"medcode-practice-cases\"");
  auto fmt = doc.find("format");
  if (fmt == doc.end() || !fmt->is_string() || fmt->get<std::string>() != kFormatName) {
    return fail(ErrorCode::kBadMagic, "format", "must be \"medcode-practice-cases\" (this is not a practice case file)");
  }
  auto ver = doc.find("version");
  if (ver == doc.end() || !ver->is_number_integer()) {
    return fail(ErrorCode::kUnsupportedVersion, "version", "missing or not an integer (this reader knows version 1)");
  }
  if (ver->get<int64_t>() != kFormatVersion) {
    return fail(ErrorCode::kUnsupportedVersion, "version",
                "version " + std::to_string(ver->get<int64_t>()) + " is not supported (this reader knows version 1)");
  }
  Reader r;
  CaseBank bank;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (it.key() != "format" && it.key() != "version" && it.key() != "cases") r.Add("", it.key(), "unknown field (a typing error?)");
  }
  auto cases = doc.find("cases");
  if (cases == doc.end()) {
    r.Add("", "cases", "missing (an array of cases is required)");
  } else if (!cases->is_array()) {
    r.Add("", "cases", "must be an array, not " + TypeName(*cases));
  } else {
    std::map<std::string, size_t> ids;
    for (size_t i = 0; i < cases->size(); ++i) r.ReadCase((*cases)[i], i, ids, bank);
  }
  if (!r.issues.empty()) {
    if (issues_out) issues_out->insert(issues_out->end(), r.issues.begin(), r.issues.end());
    std::string msg = std::to_string(r.issues.size()) + (r.issues.size() == 1 ? " problem" : " problems") + " in the case file: ";
    for (size_t i = 0; i < r.issues.size() && i < 20; ++i) msg += (i ? "; " : "") + r.issues[i].Text();
    if (r.issues.size() > 20) msg += "; ...";
    return MakeError(ErrorCode::kCorrupt, msg);
  }
  return bank;
}

}  // namespace medcode::practice
