#pragma once
// The JSON of each answer (lookup, validate, modifiers, info, a CPT load report, an error),
// built once here and shared by the CLI (--json) and the JS API (wasm/bindings.cpp), as
// index.h does for the Alphabetic Index. Keys are camelCase; a value the code set does not
// have is null (dates, action, coverage) rather than "".
//
// Example (lookup, then validate; `cs` is an open CodeSet):
//   auto d = medcode::Lookup(cs, "E11.9");
//   if (!d) throw std::runtime_error(d.error().message);
//   nlohmann::json j = medcode::ToJson(cs, *d);  // {"billable":true,"code":"E11.9","hierarchy":[...],...}
//   std::string text = medcode::DumpJson(j);      // one line; DumpJson(j, 2) indents (the CLI's --json)
//   if (j["code"] != "E11.9" || text.find("\"shortTitle\"") == std::string::npos) throw std::logic_error(text);
//   nlohmann::json v = medcode::ToJson(cs, medcode::Validate(cs, "E11"));  // {"status":"header",...}
//   if (v["status"] != "header") throw std::logic_error(v.dump());
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "medcode/codeset.h"
#include "medcode/cpt.h"
#include "medcode/error.h"
#include "medcode/lookup.h"
#include "medcode/years.h"

namespace medcode {

// lookup: code, titles, flags, the code set (system, year, label, provenance), hierarchy,
// notes with their sources, seventh (or null), children, dates and attributes.
nlohmann::json ToJson(const CodeSet& cs, const CodeDetail& d);

// validate: status, input, code, message, suggestions, the code set's label.
nlohmann::json ToJson(const CodeSet& cs, const Validation& v);

// One modifier (HCPCS Level II).
nlohmann::json ToJson(const ModifierView& m);

// modifiers: {"modifiers": [...], "total": every modifier of the code set}.
nlohmann::json ModifiersJson(const CodeSet& cs, const std::vector<ModifierView>& list);

// info: system, year, label, effective dates, codes, bytes, format, provenance, the number
// of modifiers and terminated codes (when there are any), and every input with its sha256.
nlohmann::json InfoJson(const CodeSet& cs);

// changes: {"system", "from": "FY2026", "to": "FY2027", "effective": "2026-10-01",
// "counts": {kind: n}, "changes": [{"kind", "code", "billable", "title", "previousTitle"?,
// "replacedBy"?}]} for year index y of a file holding several years.
nlohmann::json ChangesJson(const CodeSet& cs, int y, const std::vector<CodeChange>& changes);

// What reading a CPT descriptor file gave: lines, codes, skipped lines and why, sha256, ...
nlohmann::json ToJson(const CptLoadReport& r);

// {"ok": false, "code": "NOT_FOUND", "message": ...}: an error as the JS API receives it.
nlohmann::json ToJson(const Error& e);

// The text of a JSON value; invalid UTF-8 is replaced, never thrown on. indent < 0: one line.
std::string DumpJson(const nlohmann::json& j, int indent = -1);

}  // namespace medcode
