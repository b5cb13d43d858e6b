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
#include <algorithm>
#include <string_view>
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

// UTF-16 length of UTF-8 text (JS string offsets are in UTF-16 code units). ASCII runs are
// counted four bytes at a time (most of the text is ASCII).
uint32_t Utf16Units(std::string_view s) {
  uint32_t n = 0;
  size_t i = 0;
  for (; i + 4 <= s.size(); i += 4) {
    uint32_t w;
    std::memcpy(&w, s.data() + i, 4);
    if ((w & 0x80808080u) == 0) {
      n += 4;
      continue;
    }
    for (size_t k = i; k < i + 4; ++k) {
      const auto c = static_cast<unsigned char>(s[k]);
      if ((c & 0xC0) != 0x80) ++n;  // a lead or ASCII byte starts a code point
      if (c >= 0xF0) ++n;           // outside the BMP: a surrogate pair
    }
  }
  for (; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) ++n;
    if (c >= 0xF0) ++n;
  }
  return n;
}

// Packed results (little-endian), decoded by web/lib/claim-results.mjs:
//   header   u32 status (0 ok, else 1 + ErrorCode; then the text is the message), u32 claims,
//            u32 findings, u32 lines, u32 codes, u32 text_bytes, u32 flags (bit 0: the input is
//            exhausted; bit 1: the text is ASCII, so its offsets are byte offsets too),
//            u32 consumed (bytes of the input read so far)                                 32 bytes
//   claims   u32 input_index, u32 id_off, u32 id_len (0xFFFFFFFF: no claim_id), u32 first_finding,
//            u32 finding_count, u16 errors, u16 warnings, u16 infos, u16 input_line (saturated) 28 bytes
//   findings u8 kind, u8 severity, u16 line_count, u32 line_first, u32 code_first, u32 code_count,
//            u32 date (YYYYMMDD), then (u32 off, u32 len) for message, action, source, rule, path  60 bytes
//   lines    u16[lines] (padded to 4 bytes)
//   codes    (u32 off, u32 len)[codes]
//   text     UTF-8; every off/len above counts UTF-16 code units of the decoded text
// The records are written as structs of exactly those layouts (wasm is little-endian), one
// push_back each; repeated short strings are written once (an open-addressing table).
struct ClaimRec {
  uint32_t input_index, id_off, id_len, first_finding, finding_count;
  uint16_t errors, warnings, infos, input_line;
};
struct FindingRec {
  uint8_t kind, severity;
  uint16_t line_count;
  uint32_t line_first, code_first, code_count, date;
  uint32_t str[10];  // (off, len) of message, action, source, rule, path
};
static_assert(sizeof(ClaimRec) == 28 && sizeof(FindingRec) == 60, "the packed layout of web/lib/claim-results.mjs");

class Packer {
 public:
  Packer() { slots_.assign(256, Slot{}); }

  void Add(const claims::ClaimResult& r, size_t input_line) {
    ClaimRec c;
    c.input_index = static_cast<uint32_t>(r.input_index);
    if (r.has_claim_id) {
      Ref(r.claim_id, &c.id_off);
    } else {
      c.id_off = 0;
      c.id_len = 0xFFFFFFFFu;
    }
    c.first_finding = static_cast<uint32_t>(findings_.size());
    c.finding_count = static_cast<uint32_t>(r.findings.size());
    c.errors = static_cast<uint16_t>(std::min(r.errors, 65535));
    c.warnings = static_cast<uint16_t>(std::min(r.warnings, 65535));
    c.infos = static_cast<uint16_t>(std::min(r.infos, 65535));
    c.input_line = static_cast<uint16_t>(std::min<size_t>(input_line, 65535));
    claims_.push_back(c);
    for (const auto& f : r.findings) {
      FindingRec& o = findings_.emplace_back();
      o.kind = static_cast<uint8_t>(f.kind);
      o.severity = static_cast<uint8_t>(f.severity);
      o.line_count = static_cast<uint16_t>(f.lines.size());
      o.line_first = static_cast<uint32_t>(lines_.size());
      o.code_first = static_cast<uint32_t>(codes_.size() / 2);
      o.code_count = static_cast<uint32_t>(f.codes.size());
      o.date = f.date;
      Ref(f.message, &o.str[0]);
      Ref(f.action, &o.str[2]);
      Ref(f.source, &o.str[4]);
      Ref(f.rule, &o.str[6]);
      Ref(f.path, &o.str[8]);
      lines_.insert(lines_.end(), f.lines.begin(), f.lines.end());
      for (const auto& code : f.codes) {
        codes_.resize(codes_.size() + 2);
        Ref(code, &codes_[codes_.size() - 2]);
      }
    }
  }

  // The whole buffer, copied once into a new Uint8Array.
  val Finish(bool done, size_t consumed) const {
    const uint32_t header[8] = {0, static_cast<uint32_t>(claims_.size()), static_cast<uint32_t>(findings_.size()),
                                static_cast<uint32_t>(lines_.size()), static_cast<uint32_t>(codes_.size() / 2),
                                static_cast<uint32_t>(text_.size()), (done ? 1u : 0u) | (units_ == text_.size() ? 2u : 0u),
                                static_cast<uint32_t>(consumed)};
    const size_t lines_bytes = (lines_.size() * 2 + 3) / 4 * 4;
    const size_t size = sizeof header + claims_.size() * sizeof(ClaimRec) + findings_.size() * sizeof(FindingRec) + lines_bytes +
                        codes_.size() * 4 + text_.size();
    std::unique_ptr<uint8_t[]> out(new uint8_t[size]);  // every byte is written below
    uint8_t* p = out.get();
    auto put = [&p](const void* src, size_t n) {
      if (n) std::memcpy(p, src, n);
      p += n;
    };
    put(header, sizeof header);
    put(claims_.data(), claims_.size() * sizeof(ClaimRec));
    put(findings_.data(), findings_.size() * sizeof(FindingRec));
    put(lines_.data(), lines_.size() * 2);
    const uint8_t zeros[4] = {0, 0, 0, 0};
    put(zeros, lines_bytes - lines_.size() * 2);  // padding
    put(codes_.data(), codes_.size() * 4);
    put(text_.data(), text_.size());
    return val::global("Uint8Array").new_(emscripten::typed_memory_view(size, out.get()));
  }

 private:
  struct Slot {
    uint32_t hash = 0, byte_off = 0, byte_len = 0, off = 0, len = 0;  // byte_len 0: empty
  };
  static constexpr size_t kMaxInterned = 4096;  // the table stays at most half full: <= 8192 slots

  // The length and up to 12 bytes (first, middle, last four): O(1) per string; strings that
  // differ elsewhere share a hash and are told apart by the comparison.
  static uint32_t Hash(std::string_view s) {
    uint32_t h = static_cast<uint32_t>(s.size()) * 0x9E3779B1u;
    auto mix = [&h](uint32_t w) { h = (h ^ w) * 0x85EBCA77u; h ^= h >> 13; };
    if (s.size() >= 4) {
      uint32_t w;
      std::memcpy(&w, s.data(), 4);
      mix(w);
      std::memcpy(&w, s.data() + s.size() / 2 - 2, 4);
      mix(w);
      std::memcpy(&w, s.data() + s.size() - 4, 4);
      mix(w);
    } else {
      for (unsigned char c : s) mix(c);
    }
    return h;
  }

  // a[0, n) == b[0, n), eight bytes at a time: the wasm libc's memcmp (Emscripten 3.1.6) goes
  // byte by byte, and these comparisons (a repeated message, action or source told apart
  // from the one interned: usually equal, so read to the end) were 8% of the page's file
  // check in wasm (issue 14, profiled with MEDCODE_WASM_PROFILING=ON).
  static bool SameBytes(const char* a, const char* b, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      uint64_t x, y;
      std::memcpy(&x, a + i, 8);
      std::memcpy(&y, b + i, 8);
      if (x != y) return false;
    }
    for (; i < n; ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }

  // Writes (off, len) of s into at[0], at[1]; an empty string is (0, 0).
  void Ref(const std::string& s, uint32_t* at) {
    if (s.empty()) {
      at[0] = at[1] = 0;
      return;
    }
    // Sources, rules, codes and most actions repeat; messages rarely do.
    Slot* slot = nullptr;
    uint32_t h = 0;
    if (s.size() < 120) {
      h = Hash(s);
      const size_t mask = slots_.size() - 1;
      for (size_t i = h & mask;; i = (i + 1) & mask) {
        Slot& e = slots_[i];
        if (e.byte_len == 0) {
          slot = &e;
          break;
        }
        if (e.hash == h && e.byte_len == s.size() && SameBytes(text_.data() + e.byte_off, s.data(), s.size())) {
          at[0] = e.off;
          at[1] = e.len;
          return;
        }
      }
    }
    const uint32_t off = units_, len = Utf16Units(s);
    if (slot && interned_ < kMaxInterned) {
      *slot = Slot{h, static_cast<uint32_t>(text_.size()), static_cast<uint32_t>(s.size()), off, len};
      if (++interned_ * 2 > slots_.size()) Grow();
    }
    text_ += s;
    units_ += len;
    at[0] = off;
    at[1] = len;
  }

  void Grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    const size_t mask = slots_.size() - 1;
    for (const Slot& e : old) {
      if (e.byte_len == 0) continue;
      size_t i = e.hash & mask;
      while (slots_[i].byte_len) i = (i + 1) & mask;
      slots_[i] = e;
    }
  }

  std::vector<ClaimRec> claims_;
  std::vector<FindingRec> findings_;
  std::vector<uint16_t> lines_;
  std::vector<uint32_t> codes_;  // (off, len) pairs
  std::string text_;
  std::vector<Slot> slots_;
  size_t interned_ = 0;
  uint32_t units_ = 0;
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
    return p.Finish(stream.done(), stream.consumed());
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
