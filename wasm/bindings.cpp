// Thin embind layer over the core. It only converts data:
//  - the code-set bytes are copied once into wasm memory and read in place;
//  - search results cross as ONE packed Uint8Array (copied out, never a view into
//    wasm memory), decoded by web/lib/medcode.mjs;
//  - small things (lookup, validate, info) cross as JSON strings;
//  - no C++ exception crosses: every call returns a status the JS side turns into
//    a typed MedcodeError.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "medcode/answers_json.h"
#include "medcode/codeset.h"
#include "medcode/index.h"
#include "medcode/cpt.h"
#include "medcode/lookup.h"
#include "medcode/multisearch.h"
#include "medcode/search.h"
#include "medcode/suggest.h"
#include "medcode/years.h"

using namespace medcode;
using emscripten::val;
using json = nlohmann::json;

namespace {

std::string ErrorJson(const Error& e) { return DumpJson(ToJson(e)); }

// An answer of the core (answers_json.h) as the JS side receives it: {"ok": true, ...}.
std::string Ok(json j) {
  j["ok"] = true;
  return DumpJson(j);
}

template <class T>
void Put(std::string& out, T v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

constexpr const char* kNoSearch = "this code set was opened without its search index (for the claim checker)";

class WasmCodeSet {
 public:
  // Copies the bytes into wasm memory and validates them. Returns {"ok":true, ...info}
  // or {"ok":false,"code","message"}.
  std::string open(val bytes) { return openParts(bytes, true, true); }

  // open, reading the search index (SRCH, LEXI, LALT) and the Index only if `search` is set:
  // without them (the claim checker's code set) the code set takes far less memory, and
  // search and suggest answer with an error.
  // payload_crc: false when the bytes were inflated by a gzip reader that checked the gzip
  // member's CRC-32 of the same bytes (CodeSet::OpenOptions::payload_crc).
  std::string openParts(val bytes, bool search, bool payload_crc) {
    cs_.reset();
    suggester_.reset();
    searcher_.reset();
    size_t n = bytes["length"].as<size_t>();
    // operator new[] returns memory aligned for any scalar (8 bytes on wasm32).
    buf_.reset(new (std::nothrow) uint8_t[n ? n : 1]);
    if (!buf_) return ErrorJson({ErrorCode::kInternal, "out of memory loading a " + std::to_string(n) + "-byte code set"});
    size_ = n;
    val view(emscripten::typed_memory_view(n, buf_.get()));
    view.call<void>("set", bytes);
    CodeSet::OpenOptions options;
    options.search = options.index = search;
    options.payload_crc = payload_crc;
    if (auto e = Adopt(options)) return ErrorJson(*e);
    return info();
  }

  // Adds the Alphabetic Index and Tables from their own file (CodeSet::AttachIndex): the
  // bytes are copied into wasm memory, read, and freed. {"ok":true,"books":N} or an error.
  std::string attachIndex(val bytes) {
    if (!cs_) return ErrorJson({ErrorCode::kInvalidArgument, "no code set is loaded"});
    size_t n = bytes["length"].as<size_t>();
    std::unique_ptr<uint8_t[]> buf(new (std::nothrow) uint8_t[n ? n : 1]);
    if (!buf) return ErrorJson({ErrorCode::kInternal, "out of memory loading a " + std::to_string(n) + "-byte Index file"});
    val view(emscripten::typed_memory_view(n, buf.get()));
    view.call<void>("set", bytes);
    if (auto e = cs_->AttachIndex({buf.get(), n})) return ErrorJson(*e);
    return DumpJson({{"ok", true}, {"books", cs_->index_books().size()}});
  }

  bool hasIndex() const { return cs_ && cs_->has_index(); }

  // Builds a CPT code set from the user's descriptor file (bytes of a TSV/CSV text file, see
  // medcode/cpt.h) in wasm memory and opens it. Returns the info (as open) plus "report":
  // lines, codes, skipped lines with their numbers and reasons, sha256, provenance.
  std::string openCpt(val bytes, const std::string& name, int year, const std::string& loaded) {
    cs_.reset();
    suggester_.reset();
    searcher_.reset();
    buf_.reset();
    size_t n = bytes["length"].as<size_t>();
    if (n > kMaxCptFileBytes) {
      return ErrorJson({ErrorCode::kInputTooLong, "the file is " + std::to_string(n) + " bytes; a CPT descriptor file may be at most " +
                                                      std::to_string(kMaxCptFileBytes >> 20) + " MB"});
    }
    std::string text(n, '\0');
    if (n) {
      val view(emscripten::typed_memory_view(n, reinterpret_cast<uint8_t*>(text.data())));
      view.call<void>("set", bytes);
    }
    CptOptions opt;
    opt.name = name;
    opt.year = year;
    opt.loaded = loaded;
    auto built = BuildCptCodeSet(text, opt);
    text.clear();
    text.shrink_to_fit();
    if (!built) return ErrorJson(built.error());
    size_ = built->bytes.size();
    buf_.reset(new (std::nothrow) uint8_t[size_ ? size_ : 1]);
    if (!buf_) return ErrorJson({ErrorCode::kInternal, "out of memory building the CPT code set"});
    std::memcpy(buf_.get(), built->bytes.data(), size_);
    if (auto e = Adopt()) return ErrorJson(*e);
    json j = InfoJson(*cs_);
    j["report"] = ToJson(built->report);
    return Ok(std::move(j));
  }

  std::string info() const {
    if (!cs_) return ErrorJson({ErrorCode::kInvalidArgument, "no code set is loaded"});
    return Ok(InfoJson(*cs_));
  }

  // Packed result, little-endian:
  //   u32 status (0 = ok, else 1 + ErrorCode), u32 total, u32 hit_count, u32 word_count,
  //   (an error ends here: the message is the rest)
  //   u32 partial, u32 leads, u32 flags (bit 0: every_word), u32 dym_count,
  //   dym_count x { u32 off, u32 len } (did you mean: dotted codes), u32 reason_off, u32 reason_len,
  //   hit_count x { u32 index, u32 score, u8 kind, u8 doc_kind, u8 billable, u8 code_len,
  //                 char code[8] (dotted), u32 title_off, u32 title_len,
  //                 u32 why_off, u32 why_len, u32 matched_words (bit i = word i) }   (40 bytes)
  //   word_count x { u8 use, u8 pad[3], u32 text_off, u32 text_len, u32 used_off, u32 used_len } (20 bytes)
  //   blob (UTF-8): titles, explanations and words; on error the message is the whole blob.
  // date: the date of service (YYYY-MM-DD; "" = none): a file of several years searches
  // the year in force on it (medcode/years.h).
  val search(const std::string& query, int limit, const std::string& date) {
    std::string out, blob;
    if (!cs_) return Packed(1 + static_cast<uint32_t>(ErrorCode::kInvalidArgument), "no code set is loaded");
    if (limit < 1 || limit > static_cast<int>(kMaxLimit)) {
      return Packed(1 + static_cast<uint32_t>(ErrorCode::kInvalidArgument),
                    "limit must be between 1 and " + std::to_string(kMaxLimit));
    }
    SearchOptions options;
    options.limit = static_cast<uint32_t>(limit);
    options.date = ParseDate(date);
    if (!date.empty() && !options.date) {
      return Packed(1 + static_cast<uint32_t>(ErrorCode::kInvalidArgument), "the date of service must be a date (YYYY-MM-DD)");
    }
    if (!searcher_) return Packed(1 + static_cast<uint32_t>(ErrorCode::kInvalidArgument), kNoSearch);
    auto r = SearchCodeSet(*cs_, *searcher_, query, options);
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
    Put<uint32_t>(out, r->partial);
    Put<uint32_t>(out, r->leads);
    Put<uint32_t>(out, r->every_word ? 1u : 0u);
    Put<uint32_t>(out, static_cast<uint32_t>(r->did_you_mean.size()));
    for (const auto& c : r->did_you_mean) add(c);
    add(r->did_you_mean_reason);
    for (const auto& h : r->hits) {
      std::string dotted = cs_->Dotted(h.code);
      Put<uint32_t>(out, h.code);
      Put<uint32_t>(out, h.score);
      Put<uint8_t>(out, static_cast<uint8_t>(h.kind));
      Put<uint8_t>(out, h.doc < cs_->docs().size() ? cs_->docs()[h.doc].kind : 0);
      // bit 0: billable; bit 1: terminated (a dated code set's code past its last date of service)
      const int y = r->year;
      const bool terminated = cs_->years().empty() ? cs_->terminated(h.code) : !cs_->InYear(h.code, y);
      Put<uint8_t>(out, static_cast<uint8_t>((cs_->BillableIn(h.code, y) ? 1 : 0) | (terminated ? 2 : 0)));
      Put<uint8_t>(out, static_cast<uint8_t>(dotted.size()));
      char code[8] = {};
      std::memcpy(code, dotted.data(), std::min<size_t>(8, dotted.size()));
      out.append(code, 8);
      add(cs_->TitleIn(h.code, y));
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

  // Codes a note (core/include/medcode/suggest.h). setting: "outpatient" or "inpatient".
  // JSON: {"ok":true, setting, codeSet, codes, notCoded, emptyReason}, spans in UTF-8 bytes.
  std::string suggest(const std::string& text, const std::string& setting, const std::string& date) {
    if (!cs_) return ErrorJson({ErrorCode::kInvalidArgument, "no code set is loaded"});
    if (cs_->meta().system != "ICD-10-CM")
      return ErrorJson({ErrorCode::kInvalidArgument, "coding a note needs an ICD-10-CM code set, not " + cs_->meta().system});
    SuggestOptions o;
    if (setting == "inpatient") o.setting = CareSetting::kInpatient;
    else if (setting != "outpatient" && !setting.empty())
      return ErrorJson({ErrorCode::kInvalidArgument, "setting must be outpatient or inpatient"});
    o.date = ParseDate(date);
    if (!date.empty() && !o.date) return ErrorJson({ErrorCode::kInvalidArgument, "the date of service must be a date (YYYY-MM-DD)"});
    if (!searcher_) return ErrorJson({ErrorCode::kInvalidArgument, kNoSearch});
    if (!suggester_) suggester_ = std::make_unique<Suggester>(*cs_, *searcher_);
    auto r = suggester_->Suggest(text, o);
    if (!r) return ErrorJson(r.error());
    json j = ToJson(*r);
    j["ok"] = true;
    return DumpJson(j);
  }

  std::string lookup(const std::string& code) const { return lookupOn(code, ""); }

  // lookup on a date of service (YYYY-MM-DD; "" = the code set's period).
  std::string lookupOn(const std::string& code, const std::string& date) const {
    if (!cs_) return ErrorJson({ErrorCode::kInvalidArgument, "no code set is loaded"});
    auto d = Lookup(*cs_, code, date);
    if (!d) return ErrorJson(d.error());
    return Ok(ToJson(*cs_, *d));
  }

  // The modifiers (HCPCS Level II): all (empty query), or matching words or a code.
  std::string modifiers(const std::string& query, const std::string& date) const {
    if (!cs_) return ErrorJson({ErrorCode::kInvalidArgument, "no code set is loaded"});
    auto list = ListModifiers(*cs_, query, date);
    if (!list) return ErrorJson(list.error());
    return Ok(ModifiersJson(*cs_, *list));
  }

  std::string validate(const std::string& code) const { return validateOn(code, ""); }

  std::string validateOn(const std::string& code, const std::string& date) const {
    if (!cs_) return ErrorJson({ErrorCode::kInvalidArgument, "no code set is loaded"});
    if (!date.empty() && !ParseDate(date)) {
      return ErrorJson({ErrorCode::kInvalidArgument, "the date of service must be a date (YYYY-MM-DD)"});
    }
    return Ok(ToJson(*cs_, Validate(*cs_, code, date)));
  }

  // What changed in a year of a file holding several (year 0: the newest). JSON as
  // `coder changes --json`.
  std::string changes(int year) const {
    if (!cs_) return ErrorJson({ErrorCode::kInvalidArgument, "no code set is loaded"});
    int y = cs_->newest_year();
    if (year) {
      y = -1;
      for (int k = 0; k <= cs_->newest_year(); ++k) if (cs_->YearNumber(k) == year) y = k;
      if (y < 0) return ErrorJson({ErrorCode::kNotFound, cs_->meta().label + " does not hold " + std::to_string(year)});
    }
    auto ch = Changes(*cs_, y);
    if (!ch) return ErrorJson(ch.error());
    return Ok(ChangesJson(*cs_, y, *ch));
  }

  std::string buildSeventh(const std::string& base, const std::string& ch) const {
    if (!cs_) return ErrorJson({ErrorCode::kInvalidArgument, "no code set is loaded"});
    if (ch.size() != 1) return ErrorJson({ErrorCode::kInvalidArgument, "the 7th character must be one letter or digit"});
    auto r = BuildSeventh(*cs_, base, ch[0]);
    if (!r) return ErrorJson(r.error());
    return DumpJson({{"ok", true}, {"code", *r}});
  }

  // ---- Alphabetic Index and Tables (medcode/index.h): JSON {"ok":true,...} or an error ----
  std::string indexBooks() const {
    if (!cs_) return ErrorJson({ErrorCode::kInvalidArgument, "no code set is loaded"});
    json books = json::array();
    for (const auto& b : index::Books(*cs_)) books.push_back(index::ToJson(*cs_, b));
    return DumpJson({{"ok", true}, {"books", books}});
  }

  std::string indexMainTerms(const std::string& book, const std::string& prefix, const std::string& letter, int offset,
                             int limit, bool deep) const {
    if (!cs_) return ErrorJson({ErrorCode::kInvalidArgument, "no code set is loaded"});
    auto b = index::FindBook(*cs_, book);
    if (!b) return ErrorJson(b.error());
    index::ListOptions o{prefix, letter, static_cast<uint32_t>(std::max(0, offset)), static_cast<uint32_t>(std::max(0, limit)),
                         deep};
    auto p = index::MainTerms(*cs_, *b, o);
    if (!p) return ErrorJson(p.error());
    json j = index::ToJson(*cs_, *p);
    j["book"] = cs_->str(cs_->index_books()[*b].key);
    return Ok(std::move(j));
  }

  std::string indexChildren(int node, const std::string& prefix, int offset, int limit, bool deep) const {
    if (!cs_) return ErrorJson({ErrorCode::kInvalidArgument, "no code set is loaded"});
    index::ListOptions o{prefix, "", static_cast<uint32_t>(std::max(0, offset)), static_cast<uint32_t>(std::max(0, limit)), deep};
    auto p = index::Children(*cs_, static_cast<uint32_t>(node), o);
    if (!p) return ErrorJson(p.error());
    json j = index::ToJson(*cs_, *p);
    j["parent"] = node;
    return Ok(std::move(j));
  }

  std::string indexNode(int node) const {
    if (!cs_) return ErrorJson({ErrorCode::kInvalidArgument, "no code set is loaded"});
    auto d = index::Node(*cs_, static_cast<uint32_t>(node));
    if (!d) return ErrorJson(d.error());
    json j = index::ToJson(*cs_, *d);
    return Ok(std::move(j));
  }

  std::string indexFollow(int node, bool see_also) const {
    if (!cs_) return ErrorJson({ErrorCode::kInvalidArgument, "no code set is loaded"});
    auto f = index::Follow(*cs_, static_cast<uint32_t>(node), see_also);
    if (!f) return ErrorJson(f.error());
    json j = index::ToJson(*cs_, *f);
    return Ok(std::move(j));
  }

  std::string indexFind(const std::string& path, const std::string& book) const {
    if (!cs_) return ErrorJson({ErrorCode::kInvalidArgument, "no code set is loaded"});
    uint32_t b = format::kNone;
    if (!book.empty()) {
      auto fb = index::FindBook(*cs_, book);
      if (!fb) return ErrorJson(fb.error());
      b = *fb;
    }
    std::string rest;
    auto n = index::FindPath(*cs_, path, b, &rest);
    if (!n) return ErrorJson(n.error());
    auto d = index::Node(*cs_, *n);
    if (!d) return ErrorJson(d.error());
    json j = index::ToJson(*cs_, *d);
    j["rest"] = rest;
    return Ok(std::move(j));
  }

  std::string indexWhere(const std::string& code, int limit) const {
    if (!cs_) return ErrorJson({ErrorCode::kInvalidArgument, "no code set is loaded"});
    auto u = index::WhereIsCode(*cs_, code, static_cast<uint32_t>(std::max(0, limit)));
    if (!u) return ErrorJson(u.error());
    json j = index::ToJson(*cs_, *u);
    return Ok(std::move(j));
  }

  // The loaded CodeSet's address, for the claim checker (claims_bindings.cpp); 0 if none.
  uintptr_t codeSetAddress() const { return cs_ ? reinterpret_cast<uintptr_t>(&*cs_) : 0; }

  void close() {
    suggester_.reset();
    searcher_.reset();
    cs_.reset();
    buf_.reset();
    size_ = 0;
  }

 private:
  // Opens the bytes in buf_ (size_ of them) as the code set, with its searcher; on an error
  // nothing stays loaded.
  std::optional<Error> Adopt(const CodeSet::OpenOptions& options = {}) {
    auto cs = CodeSet::Open({buf_.get(), size_}, options);
    if (!cs) {
      buf_.reset();
      return cs.error();
    }
    cs_.emplace(std::move(*cs));
    // A compact file is expanded into storage the CodeSet owns: its bytes are not needed
    // any more, and their memory serves the next allocations (HCPCS for practice, ...).
    if (!cs_->borrows_bytes()) {
      buf_.reset();
      size_ = 0;
    }
    if (options.search) searcher_ = std::make_unique<Searcher>(*cs_);
    return std::nullopt;
  }

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
  std::unique_ptr<Suggester> suggester_;  // made on first use; borrows searcher_
};

std::string ErrorCodeNames() {
  json j = json::array();
  for (int c = 0; c <= static_cast<int>(ErrorCode::kInternal); ++c) j.push_back(ErrorCodeName(static_cast<ErrorCode>(c)));
  return DumpJson(j);
}

}  // namespace

EMSCRIPTEN_BINDINGS(medcode) {
  emscripten::class_<WasmCodeSet>("WasmCodeSet")
      .constructor<>()
      .function("open", &WasmCodeSet::open)
      .function("openParts", &WasmCodeSet::openParts)
      .function("attachIndex", &WasmCodeSet::attachIndex)
      .function("hasIndex", &WasmCodeSet::hasIndex)
      .function("info", &WasmCodeSet::info)
      .function("search", &WasmCodeSet::search)
      .function("lookup", &WasmCodeSet::lookup)
      .function("suggest", &WasmCodeSet::suggest)
      .function("lookupOn", &WasmCodeSet::lookupOn)
      .function("validate", &WasmCodeSet::validate)
      .function("validateOn", &WasmCodeSet::validateOn)
      .function("modifiers", &WasmCodeSet::modifiers)
      .function("openCpt", &WasmCodeSet::openCpt)
      .function("buildSeventh", &WasmCodeSet::buildSeventh)
      .function("changes", &WasmCodeSet::changes)
      .function("codeSetAddress", &WasmCodeSet::codeSetAddress)
      .function("indexBooks", &WasmCodeSet::indexBooks)
      .function("indexMainTerms", &WasmCodeSet::indexMainTerms)
      .function("indexChildren", &WasmCodeSet::indexChildren)
      .function("indexNode", &WasmCodeSet::indexNode)
      .function("indexFollow", &WasmCodeSet::indexFollow)
      .function("indexFind", &WasmCodeSet::indexFind)
      .function("indexWhere", &WasmCodeSet::indexWhere)
      .function("close", &WasmCodeSet::close);
  emscripten::function("errorCodeNames", &ErrorCodeNames);
}
