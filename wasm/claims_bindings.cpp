// The claim pre-check part of the embind layer (data conversion only):
//  - the claim-edits file is copied once into wasm memory and read in place;
//  - claims come in as UTF-8 text (JSON, NDJSON or CSV) and go through the core's parser;
//  - results leave as ONE packed Uint8Array (copied out of wasm memory), decoded by
//    web/lib/claims.mjs; small things (info) as JSON strings;
//  - no C++ exception crosses: every call returns a status.
//
// The ICD-10-CM code set stays where WasmCodeSet (bindings.cpp) keeps it: the JS side passes
// its address (WasmCodeSet.codeSetAddress()) with every call, so a closed code set is never
// used (the JS side checks that its handle is still open first).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "medcode/answers_json.h"
#include "medcode/claims.h"
#include "medcode/codeset.h"
#include "medcode/edits.h"

using namespace medcode;
using emscripten::val;
using json = nlohmann::json;

namespace {

std::string ErrorJson(ErrorCode code, const std::string& message) { return DumpJson(ToJson(Error{code, message})); }

template <class T>
void Put(std::string& out, T v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

// UTF-16 length of UTF-8 text (JS string offsets are in UTF-16 code units).
uint32_t Utf16Units(std::string_view s) {
  uint32_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;  // a lead or ASCII byte starts a code point
    if (c >= 0xF0) ++n;           // outside the BMP: a surrogate pair
  }
  return n;
}

// Packed results (little-endian), decoded by web/lib/claims.mjs:
//   header   u32 status (0 ok, else 1 + ErrorCode; then the text is the message), u32 claims,
//            u32 findings, u32 lines, u32 codes, u32 text_bytes, u32 done (1 = input exhausted),
//            u32 consumed (bytes of the input read so far)                                 32 bytes
//   claims   u32 input_index, u32 id_off, u32 id_len (0xFFFFFFFF: no claim_id), u32 first_finding,
//            u32 finding_count, u16 errors, u16 warnings, u16 infos, u16 input_line (saturated) 28 bytes
//   findings u8 kind, u8 severity, u16 line_count, u32 line_first, u32 code_first, u32 code_count,
//            u32 date (YYYYMMDD), then (u32 off, u32 len) for message, action, source, rule, path  60 bytes
//   lines    u16[lines] (padded to 4 bytes)
//   codes    (u32 off, u32 len)[codes]
//   text     UTF-8; every off/len above counts UTF-16 code units of the decoded text
class Packer {
 public:
  void Add(const claims::ClaimResult& r, size_t input_line) {
    Put<uint32_t>(claims_, static_cast<uint32_t>(r.input_index));
    if (r.has_claim_id) {
      Ref(claims_, r.claim_id);
    } else {
      Put<uint32_t>(claims_, 0);
      Put<uint32_t>(claims_, 0xFFFFFFFFu);
    }
    Put<uint32_t>(claims_, nfindings_);
    Put<uint32_t>(claims_, static_cast<uint32_t>(r.findings.size()));
    Put<uint16_t>(claims_, static_cast<uint16_t>(std::min(r.errors, 65535)));
    Put<uint16_t>(claims_, static_cast<uint16_t>(std::min(r.warnings, 65535)));
    Put<uint16_t>(claims_, static_cast<uint16_t>(std::min(r.infos, 65535)));
    Put<uint16_t>(claims_, static_cast<uint16_t>(std::min<size_t>(input_line, 65535)));
    ++nclaims_;
    for (const auto& f : r.findings) {
      Put<uint8_t>(findings_, static_cast<uint8_t>(f.kind));
      Put<uint8_t>(findings_, static_cast<uint8_t>(f.severity));
      Put<uint16_t>(findings_, static_cast<uint16_t>(f.lines.size()));
      Put<uint32_t>(findings_, nlines_);
      Put<uint32_t>(findings_, ncodes_);
      Put<uint32_t>(findings_, static_cast<uint32_t>(f.codes.size()));
      Put<uint32_t>(findings_, f.date);
      Ref(findings_, f.message);
      Ref(findings_, f.action);
      Ref(findings_, f.source);
      Ref(findings_, f.rule);
      Ref(findings_, f.path);
      for (uint16_t l : f.lines) Put<uint16_t>(lines_, l);
      nlines_ += static_cast<uint32_t>(f.lines.size());
      for (const auto& c : f.codes) Ref(codes_, c);
      ncodes_ += static_cast<uint32_t>(f.codes.size());
      ++nfindings_;
    }
  }

  std::string Finish(bool done, size_t consumed) {
    std::string out;
    out.reserve(32 + claims_.size() + findings_.size() + lines_.size() + 4 + codes_.size() + text_.size());
    Put<uint32_t>(out, 0);
    Put<uint32_t>(out, nclaims_);
    Put<uint32_t>(out, nfindings_);
    Put<uint32_t>(out, nlines_);
    Put<uint32_t>(out, ncodes_);
    Put<uint32_t>(out, static_cast<uint32_t>(text_.size()));
    Put<uint32_t>(out, done ? 1 : 0);
    Put<uint32_t>(out, static_cast<uint32_t>(consumed));
    out += claims_;
    out += findings_;
    out += lines_;
    while (out.size() % 4) out.push_back('\0');
    out += codes_;
    out += text_;
    return out;
  }

 private:
  // Interns repeated strings (sources, rules, actions) so the text stays small.
  void Ref(std::string& dst, const std::string& s) {
    if (s.empty()) {
      Put<uint32_t>(dst, 0);
      Put<uint32_t>(dst, 0);
      return;
    }
    uint32_t off, len;
    const bool small = s.size() < 120;  // sources, rules, codes and most actions repeat; messages rarely do
    auto it = small ? seen_.find(s) : seen_.end();
    if (it != seen_.end()) {
      off = it->second.first;
      len = it->second.second;
    } else {
      off = units_;
      len = Utf16Units(s);
      units_ += len;
      text_ += s;
      if (small && seen_.size() < 4096) seen_.emplace(s, std::make_pair(off, len));
    }
    Put<uint32_t>(dst, off);
    Put<uint32_t>(dst, len);
  }

  std::string claims_, findings_, lines_, codes_, text_;
  std::unordered_map<std::string, std::pair<uint32_t, uint32_t>> seen_;
  uint32_t nclaims_ = 0, nfindings_ = 0, nlines_ = 0, ncodes_ = 0, units_ = 0;
};

val Copy(const std::string& s) {
  return val::global("Uint8Array").new_(emscripten::typed_memory_view(s.size(), reinterpret_cast<const uint8_t*>(s.data())));
}

val Failure(ErrorCode code, const std::string& message) {
  std::string out;
  Put<uint32_t>(out, 1 + static_cast<uint32_t>(code));
  for (int i = 0; i < 7; ++i) Put<uint32_t>(out, 0);
  out += message;
  return Copy(out);
}

claims::InputFormat FormatOf(int f) {
  return f == 2 ? claims::InputFormat::kCsv : f == 1 ? claims::InputFormat::kNdjson : claims::InputFormat::kJson;
}

constexpr size_t kMaxInputBytes = size_t(512) << 20;

class WasmClaims {
 public:
  // Copies the claim-edits bytes into wasm memory and validates them: {"ok":true, ...info} or an error.
  std::string open(val bytes) {
    close();
    size_t n = bytes["length"].as<size_t>();
    buf_.reset(new (std::nothrow) uint8_t[n ? n : 1]);
    if (!buf_) return ErrorJson(ErrorCode::kInternal, "out of memory loading a " + std::to_string(n) + "-byte claim-edits file");
    val view(emscripten::typed_memory_view(n, buf_.get()));
    view.call<void>("set", bytes);
    size_ = n;
    auto es = EditSet::Open({buf_.get(), n});
    if (!es) {
      buf_.reset();
      size_ = 0;
      return ErrorJson(es.error().code, es.error().message);
    }
    edits_.emplace(std::move(*es));
    return info();
  }

  std::string info() const {
    if (!edits_) return ErrorJson(ErrorCode::kInvalidArgument, "no claim-edits file is loaded");
    const auto& m = edits_->meta();
    json j = {{"ok", true}, {"system", m.system}, {"year", m.year}, {"label", m.label}, {"effectiveFrom", m.effective_from},
              {"effectiveTo", m.effective_to}, {"bytes", size_}};
    j["datasets"] = json::array();
    for (const auto& d : edits_->datasets()) {
      j["datasets"].push_back({{"kind", DatasetKindName(d.kind)}, {"setting", SettingName(d.setting)}, {"label", d.label},
                               {"version", d.version}, {"effectiveFrom", FormatDate(d.from)}, {"effectiveTo", FormatDate(d.to)},
                               {"source", d.source}, {"note", d.note}});
    }
    j["inputs"] = json::array();
    for (const auto& in : m.inputs) {
      j["inputs"].push_back({{"role", in.role}, {"name", in.name}, {"path", in.path}, {"year", in.year}, {"sha256", in.sha256}, {"kind", in.kind}});
    }
    size_t tables = 0;
    for (const auto& s : edits_->section_sizes()) tables += s.bytes;
    j["tableBytes"] = tables;
    j["checkerBytes"] = checker_ ? checker_->extra_bytes() : 0;
    return DumpJson(j);
  }

  // Checks every claim of a small text (a form, a paste) in one call. The text comes as
  // UTF-8 bytes (a Uint8Array: TextEncoder is much faster than a per-character conversion).
  val check(uintptr_t codeset, val bytes, int format, const std::string& today) {
    if (auto err = Ready(codeset, today)) return *err;
    std::string text;
    if (!CopyIn(bytes, text)) return Failure(ErrorCode::kInputTooLong, "the claims text is larger than 512 MiB");
    claims::ClaimStream stream(text, FormatOf(format));
    return Run(stream, SIZE_MAX);
  }

  // Large inputs: begin() keeps the text; next() checks up to max claims at a time.
  std::string begin(val bytes, int format) {
    stream_.reset();
    if (!CopyIn(bytes, text_)) return ErrorJson(ErrorCode::kInputTooLong, "the claims text is larger than 512 MiB");
    stream_ = std::make_unique<claims::ClaimStream>(text_, FormatOf(format));
    return DumpJson({{"ok", true}, {"bytes", text_.size()}});
  }

  val next(uintptr_t codeset, int max_claims, const std::string& today) {
    if (!stream_) return Failure(ErrorCode::kInvalidArgument, "no batch was begun (call begin first)");
    if (auto err = Ready(codeset, today)) return *err;
    if (max_claims < 1) return Failure(ErrorCode::kInvalidArgument, "max_claims must be 1 or more");
    val out = Run(*stream_, static_cast<size_t>(max_claims));
    if (stream_->done()) {
      stream_.reset();
      std::string().swap(text_);
    }
    return out;
  }

  void close() {
    stream_.reset();
    std::string().swap(text_);
    checker_.reset();
    edits_.reset();
    buf_.reset();
    size_ = 0;
    attached_ = 0;
  }

 private:
  static bool CopyIn(const val& bytes, std::string& out) {
    size_t n = bytes["length"].as<size_t>();
    if (n > kMaxInputBytes) return false;
    out.resize(n);
    if (n) {
      val view(emscripten::typed_memory_view(n, reinterpret_cast<uint8_t*>(out.data())));
      view.call<void>("set", bytes);
    }
    return true;
  }

  std::optional<val> Ready(uintptr_t codeset, const std::string& today) {
    if (!edits_) return Failure(ErrorCode::kInvalidArgument, "no claim-edits file is loaded");
    if (!codeset) return Failure(ErrorCode::kInvalidArgument, "no ICD-10-CM code set is loaded");
    uint32_t t = today.empty() ? 0 : ParseIsoDate(today);
    if (!today.empty() && !t) return Failure(ErrorCode::kInvalidArgument, "today must be a date (YYYY-MM-DD)");
    if (!checker_ || attached_ != codeset || today_ != t) {
      const auto* cs = reinterpret_cast<const CodeSet*>(codeset);
      checker_.reset();
      checker_ = std::make_unique<claims::Checker>(*cs, *edits_, claims::Options{t});
      attached_ = codeset;
      today_ = t;
    }
    return std::nullopt;
  }

  val Run(claims::ClaimStream& stream, size_t max) {
    Packer p;
    std::vector<claims::Claim> batch;
    claims::ClaimResult r;
    size_t left = max;
    while (left > 0) {
      batch.clear();
      size_t got = stream.Next(batch, std::min<size_t>(left, 256));
      if (got == 0) break;
      for (const auto& c : batch) {
        checker_->Check(c, r);
        p.Add(r, c.input_line);
      }
      left -= std::min(left, got);
    }
    return Copy(p.Finish(stream.done(), stream.consumed()));
  }

  std::unique_ptr<uint8_t[]> buf_;
  size_t size_ = 0;
  std::optional<EditSet> edits_;
  std::unique_ptr<claims::Checker> checker_;
  uintptr_t attached_ = 0;
  uint32_t today_ = 0;
  std::string text_;
  std::unique_ptr<claims::ClaimStream> stream_;
};

std::string KindNames() {
  json j = json::array();
  for (int k = 0; k < claims::kKindCount; ++k) j.push_back(claims::KindName(static_cast<claims::Kind>(k)));
  return DumpJson(j);
}

}  // namespace

EMSCRIPTEN_BINDINGS(medcode_claims) {
  emscripten::class_<WasmClaims>("WasmClaims")
      .constructor<>()
      .function("open", &WasmClaims::open)
      .function("info", &WasmClaims::info)
      .function("check", &WasmClaims::check)
      .function("begin", &WasmClaims::begin)
      .function("next", &WasmClaims::next)
      .function("close", &WasmClaims::close);
  emscripten::function("claimKindNames", &KindNames);
}
