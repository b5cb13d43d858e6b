// Thin embind layer over the core. It only converts data:
//  - the code-set bytes are copied once into wasm memory and read in place;
//  - search results cross as ONE packed Uint8Array (copied out, never a view into
//    wasm memory), decoded by web/lib/medcode.mjs;
//  - small things (lookup, validate, info) cross as JSON strings;
//  - no C++ exception crosses: every call returns a status the JS side turns into
//    a typed MedcodeError.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "medcode/codeset.h"
#include "medcode/lookup.h"
#include "medcode/search.h"

using namespace medcode;
using emscripten::val;
using json = nlohmann::json;

namespace {

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string ErrorJson(const Error& e) {
  return Dump({{"ok", false}, {"code", ErrorCodeName(e.code)}, {"message", e.message}});
}

template <class T>
void Put(std::string& out, T v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

class WasmCodeSet {
 public:
  // Copies the bytes into wasm memory and validates them. Returns {"ok":true, ...info}
  // or {"ok":false,"code","message"}.
  std::string open(val bytes) {
    cs_.reset();
    searcher_.reset();
    size_t n = bytes["length"].as<size_t>();
    // operator new[] returns memory aligned for any scalar (8 bytes on wasm32).
    buf_.reset(new (std::nothrow) uint8_t[n ? n : 1]);
    if (!buf_) return ErrorJson({ErrorCode::kInternal, "out of memory loading a " + std::to_string(n) + "-byte code set"});
    size_ = n;
    val view(emscripten::typed_memory_view(n, buf_.get()));
    view.call<void>("set", bytes);
    auto cs = CodeSet::Open({buf_.get(), n});
    if (!cs) {
      buf_.reset();
      return ErrorJson(cs.error());
    }
    cs_.emplace(std::move(*cs));
    searcher_ = std::make_unique<Searcher>(*cs_);
    return info();
  }

  std::string info() const {
    if (!cs_) return ErrorJson({ErrorCode::kInvalidArgument, "no code set is loaded"});
    auto meta = json::parse(cs_->meta().json, nullptr, false);
    json j = {{"ok", true}, {"system", cs_->meta().system}, {"year", cs_->meta().year},
              {"label", cs_->meta().label}, {"effectiveFrom", cs_->meta().effective_from},
              {"effectiveTo", cs_->meta().effective_to}, {"codes", cs_->size()}, {"bytes", size_},
              {"formatMinor", cs_->format_minor()}};
    j["inputs"] = json::array();
    for (const auto& in : cs_->meta().inputs) {
      j["inputs"].push_back({{"role", in.role}, {"name", in.name}, {"path", in.path}, {"year", in.year},
                             {"sha256", in.sha256}, {"kind", in.kind}});
    }
    return Dump(j);
  }

  // Packed result, little-endian:
  //   u32 status (0 = ok, else 1 + ErrorCode), u32 total, u32 hit_count, u32 word_count,
  //   hit_count x { u32 index, u32 score, u8 kind, u8 doc_kind, u8 billable, u8 code_len,
  //                 char code[8] (dotted), u32 title_off, u32 title_len,
  //                 u32 why_off, u32 why_len, u32 matched_words (bit i = word i) }   (40 bytes)
  //   word_count x { u8 use, u8 pad[3], u32 text_off, u32 text_len, u32 used_off, u32 used_len } (20 bytes)
  //   blob (UTF-8): titles, explanations and words; on error the message is the whole blob.
  val search(const std::string& query, int limit) {
    std::string out, blob;
    if (!cs_) return Packed(1 + static_cast<uint32_t>(ErrorCode::kInvalidArgument), "no code set is loaded");
    if (limit < 1 || limit > static_cast<int>(kMaxLimit)) {
      return Packed(1 + static_cast<uint32_t>(ErrorCode::kInvalidArgument),
                    "limit must be between 1 and " + std::to_string(kMaxLimit));
    }
    auto r = searcher_->Search(query, {static_cast<uint32_t>(limit)});
    if (!r) return Packed(1 + static_cast<uint32_t>(r.error().code), r.error().message);
    auto add = [&](std::string_view s) {
      Put<uint32_t>(out, static_cast<uint32_t>(blob.size()));
      Put<uint32_t>(out, static_cast<uint32_t>(s.size()));
      blob.append(s);
    };
    Put<uint32_t>(out, 0);
    Put<uint32_t>(out, r->total);
    Put<uint32_t>(out, static_cast<uint32_t>(r->hits.size()));
    Put<uint32_t>(out, static_cast<uint32_t>(r->words.size()));
    for (const auto& h : r->hits) {
      std::string dotted = cs_->Dotted(h.code);
      Put<uint32_t>(out, h.code);
      Put<uint32_t>(out, h.score);
      Put<uint8_t>(out, static_cast<uint8_t>(h.kind));
      Put<uint8_t>(out, h.doc < cs_->docs().size() ? cs_->docs()[h.doc].kind : 0);
      Put<uint8_t>(out, cs_->billable(h.code) ? 1 : 0);
      Put<uint8_t>(out, static_cast<uint8_t>(dotted.size()));
      char code[8] = {};
      std::memcpy(code, dotted.data(), std::min<size_t>(8, dotted.size()));
      out.append(code, 8);
      add(cs_->title(h.code));
      add(h.doc < cs_->docs().size() ? cs_->str(cs_->docs()[h.doc].text) : std::string_view());
      Put<uint32_t>(out, h.matched);
    }
    for (const auto& w : r->words) {
      Put<uint8_t>(out, static_cast<uint8_t>(w.use));
      out.append(3, '\0');
      add(w.text);
      add(w.used);
    }
    out += blob;
    return Copy(out);
  }

  std::string lookup(const std::string& code) const {
    if (!cs_) return ErrorJson({ErrorCode::kInvalidArgument, "no code set is loaded"});
    auto d = Lookup(*cs_, code);
    if (!d) return ErrorJson(d.error());
    json j = {{"ok", true}, {"code", d->code}, {"title", d->title}, {"shortTitle", d->short_title},
              {"billable", d->billable}, {"newThisYear", d->new_this_year}, {"revisedThisYear", d->revised_this_year},
              {"system", cs_->meta().system}, {"year", cs_->meta().year}, {"label", cs_->meta().label}};
    if (!d->deleted_note.empty()) j["deletedNote"] = d->deleted_note;
    j["hierarchy"] = json::array();
    for (const auto& h : d->hierarchy) j["hierarchy"].push_back({{"level", h.level}, {"code", h.code}, {"title", h.title}});
    j["notes"] = json::array();
    for (const auto& n : d->notes) {
      json refs = json::array();
      for (const auto& r : n.refs) refs.push_back({{"first", r.first}, {"last", r.last}});
      j["notes"].push_back({{"kind", n.kind}, {"text", n.text}, {"from", n.from}, {"fromLevel", n.from_level},
                            {"inherited", n.inherited}, {"source", n.source}, {"sourceYear", n.source_year},
                            {"refs", refs}});
    }
    if (d->seventh) {
      json chars = json::array();
      for (const auto& c : d->seventh->chars) chars.push_back({{"char", std::string(1, c.ch)}, {"meaning", c.meaning}});
      j["seventh"] = {{"declaredAt", d->seventh->declared_at}, {"source", d->seventh->source},
                      {"sourceYear", d->seventh->source_year}, {"chars", chars}};
    } else {
      j["seventh"] = nullptr;
    }
    j["children"] = json::array();
    for (const auto& c : d->children) {
      j["children"].push_back({{"code", c.code}, {"title", c.title}, {"billable", c.billable}});
    }
    return Dump(j);
  }

  std::string validate(const std::string& code) const {
    if (!cs_) return ErrorJson({ErrorCode::kInvalidArgument, "no code set is loaded"});
    Validation v = Validate(*cs_, code);
    return Dump({{"ok", true}, {"status", CodeStatusName(v.status)}, {"input", v.input}, {"code", v.code},
                 {"message", v.message}, {"suggestions", v.suggestions}, {"label", cs_->meta().label}});
  }

  std::string buildSeventh(const std::string& base, const std::string& ch) const {
    if (!cs_) return ErrorJson({ErrorCode::kInvalidArgument, "no code set is loaded"});
    if (ch.size() != 1) return ErrorJson({ErrorCode::kInvalidArgument, "the 7th character must be one letter or digit"});
    auto r = BuildSeventh(*cs_, base, ch[0]);
    if (!r) return ErrorJson(r.error());
    return Dump({{"ok", true}, {"code", *r}});
  }

  void close() {
    searcher_.reset();
    cs_.reset();
    buf_.reset();
    size_ = 0;
  }

 private:
  static val Copy(const std::string& s) {
    // new Uint8Array(view) copies: the result never aliases wasm memory.
    return val::global("Uint8Array").new_(emscripten::typed_memory_view(s.size(), reinterpret_cast<const uint8_t*>(s.data())));
  }
  static val Packed(uint32_t status, const std::string& message) {
    std::string out;
    Put<uint32_t>(out, status);
    Put<uint32_t>(out, 0);
    Put<uint32_t>(out, 0);
    Put<uint32_t>(out, 0);
    out += message;
    return Copy(out);
  }

  std::unique_ptr<uint8_t[]> buf_;
  size_t size_ = 0;
  std::optional<CodeSet> cs_;
  std::unique_ptr<Searcher> searcher_;
};

std::string ErrorCodeNames() {
  json j = json::array();
  for (int c = 0; c <= static_cast<int>(ErrorCode::kInternal); ++c) j.push_back(ErrorCodeName(static_cast<ErrorCode>(c)));
  return Dump(j);
}

}  // namespace

EMSCRIPTEN_BINDINGS(medcode) {
  emscripten::class_<WasmCodeSet>("WasmCodeSet")
      .constructor<>()
      .function("open", &WasmCodeSet::open)
      .function("info", &WasmCodeSet::info)
      .function("search", &WasmCodeSet::search)
      .function("lookup", &WasmCodeSet::lookup)
      .function("validate", &WasmCodeSet::validate)
      .function("buildSeventh", &WasmCodeSet::buildSeventh)
      .function("close", &WasmCodeSet::close);
  emscripten::function("errorCodeNames", &ErrorCodeNames);
}
