// The practice part of the embind layer (data conversion only): a case file comes in as
// UTF-8 bytes and goes through the core's reader (medcode/practice.h); every answer leaves
// as a JSON string built by the core's practice JSON (the same as `coder practice --json`);
// no C++ exception crosses: every reply is {"ok": true, ...} or {"ok": false, "code",
// "message"} (a case file's problems also as "issues": [{ caseId, field, message }]).
//
// The code sets stay where WasmCodeSet (bindings.cpp) keeps them: the JS side passes their
// addresses (WasmCodeSet.codeSetAddress(), 0 for none) with every call, after checking that
// their handles are still open (web/lib/practice.mjs).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "medcode/answers_json.h"
#include "medcode/practice.h"

using namespace medcode;
using namespace medcode::practice;
using emscripten::val;
using json = nlohmann::json;

namespace {

std::string Fail(ErrorCode code, const std::string& message) { return DumpJson(ToJson(Error{code, message})); }

std::string Ok(json j) {
  j["ok"] = true;
  return DumpJson(j);
}

CodeSets SetsOf(uintptr_t icd, uintptr_t hcpcs) {
  return {reinterpret_cast<const CodeSet*>(icd), reinterpret_cast<const CodeSet*>(hcpcs)};
}

class WasmPractice {
 public:
  // Reads a case file (UTF-8 bytes): {"ok":true,"cases":N} or the reader's error with its issues.
  std::string open(val bytes) {
    bank_.reset();
    size_t n = bytes["length"].as<size_t>();
    if (n > kMaxCaseFileBytes) {
      return Fail(ErrorCode::kInputTooLong, "the case file is " + std::to_string(n) + " bytes; a case file may be at most " +
                                                std::to_string(kMaxCaseFileBytes >> 20) + " MB");
    }
    std::string text(n, '\0');
    if (n) {
      val view(emscripten::typed_memory_view(n, reinterpret_cast<uint8_t*>(text.data())));
      view.call<void>("set", bytes);
    }
    std::vector<CaseIssue> issues;
    auto r = ParseCases(text, &issues);
    if (!r) {
      json j = ToJson(r.error());
      j["issues"] = json::array();
      for (const auto& i : issues) j["issues"].push_back(ToJson(i));
      return DumpJson(j);
    }
    bank_.emplace(std::move(*r));
    return Ok({{"cases", bank_->cases.size()}});
  }

  std::string list(uintptr_t icd, uintptr_t hcpcs) const {
    if (!bank_) return NoBank();
    const CodeSets sets = SetsOf(icd, hcpcs);
    json a = json::array();
    for (const Case& c : bank_->cases) a.push_back(SummaryJson(c, sets));
    return Ok({{"cases", std::move(a)}});
  }

  std::string show(uintptr_t icd, uintptr_t hcpcs, const std::string& id) const {
    const Case* c = nullptr;
    if (auto e = Find(id, c)) return *e;
    return Ok(ExerciseJson(*c, SetsOf(icd, hcpcs)));
  }

  std::string hints(uintptr_t icd, uintptr_t hcpcs, const std::string& id) const {
    const Case* c = nullptr;
    if (auto e = Find(id, c)) return *e;
    return Ok({{"caseId", c->id}, {"steps", ToJson(Hints(*c, SetsOf(icd, hcpcs)))}});
  }

  // The answer is a JSON array of strings (the codes as typed, in reporting order).
  std::string grade(uintptr_t icd, uintptr_t hcpcs, const std::string& id, const std::string& answer_json) const {
    const Case* c = nullptr;
    if (auto e = Find(id, c)) return *e;
    json a = json::parse(answer_json, nullptr, false);
    if (a.is_discarded() || !a.is_array()) return Fail(ErrorCode::kInvalidArgument, "the answer must be a list of codes");
    std::vector<std::string> codes;
    for (const auto& x : a) {
      if (!x.is_string()) return Fail(ErrorCode::kInvalidArgument, "every code of the answer must be a string");
      codes.push_back(x.get<std::string>());
    }
    auto g = Grade(*c, SetsOf(icd, hcpcs), codes);
    if (!g) return Fail(g.error().code, g.error().message);
    return Ok(ToJson(*g));
  }

  std::string stats(uintptr_t icd, uintptr_t hcpcs) const {
    if (!bank_) return NoBank();
    return Ok(ToJson(Coverage(*bank_, SetsOf(icd, hcpcs))));
  }

  // Every case's key against the code sets: {"cases","verified","issues":[...]}.
  std::string verify(uintptr_t icd, uintptr_t hcpcs) const {
    if (!bank_) return NoBank();
    const CodeSets sets = SetsOf(icd, hcpcs);
    json issues = json::array();
    size_t ok = 0;
    for (const Case& c : bank_->cases) {
      auto found = VerifyCase(c, sets);
      if (found.empty()) ++ok;
      for (const auto& i : found) issues.push_back(ToJson(i));
    }
    return Ok({{"cases", bank_->cases.size()}, {"verified", ok}, {"issues", std::move(issues)}});
  }

  void close() { bank_.reset(); }

 private:
  static std::string NoBank() { return Fail(ErrorCode::kInvalidArgument, "no case file is loaded"); }

  std::optional<std::string> Find(const std::string& id, const Case*& out) const {
    if (!bank_) return NoBank();
    out = bank_->Find(id);
    if (!out) return Fail(ErrorCode::kNotFound, "no case \"" + id + "\" in this case file");
    return std::nullopt;
  }

  std::optional<CaseBank> bank_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(medcode_practice) {
  emscripten::class_<WasmPractice>("WasmPractice")
      .constructor<>()
      .function("open", &WasmPractice::open)
      .function("list", &WasmPractice::list)
      .function("show", &WasmPractice::show)
      .function("hints", &WasmPractice::hints)
      .function("grade", &WasmPractice::grade)
      .function("stats", &WasmPractice::stats)
      .function("verify", &WasmPractice::verify)
      .function("close", &WasmPractice::close);
}
