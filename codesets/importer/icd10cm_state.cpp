// ISRC: the ICD-10-CM import state (icd10cm_state.h), written and read back, and the file
// of its own that holds it beside its code set.
#include "icd10cm_state.h"

#include "container.h"
#include "util.h"

namespace medcode::import {
namespace {

constexpr std::string_view kMagic = "MCIS";
constexpr uint8_t kVersion = 1;

struct Out {
  std::string s;
  void U(uint64_t v) {
    while (v >= 0x80) {
      s += static_cast<char>((v & 0x7F) | 0x80);
      v >>= 7;
    }
    s += static_cast<char>(v);
  }
  void S(std::string_view t) {
    U(t.size());
    s.append(t);
  }
  // Column number -> text pairs (a table's heads, a row's cells).
  template <class Pairs>
  void Columns(const Pairs& pairs) {
    U(pairs.size());
    for (const auto& [col, text] : pairs) {
      U(static_cast<uint64_t>(col));
      S(text);
    }
  }
};

struct In {
  std::string_view s;
  size_t at = 0;
  bool bad = false;
  uint64_t U() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at >= s.size()) break;
      uint8_t b = static_cast<uint8_t>(s[at++]);
      v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    bad = true;
    return 0;
  }
  // A count that cannot exceed what is left (each item takes at least one byte).
  size_t N() {
    uint64_t n = U();
    if (n > s.size() - at) bad = true;
    return bad ? 0 : static_cast<size_t>(n);
  }
  std::string S() {
    uint64_t n = U();
    if (bad || n > s.size() - at) {
      bad = true;
      return {};
    }
    std::string t(s.substr(at, n));
    at += n;
    return t;
  }
};

// Node flags: which strings equal another or are built from others (not written), which
// are not empty (only those written). The most frequent first: one varint byte for most terms.
constexpr uint64_t kPrintedIsTitle = 1, kCodeIsElement = 2, kCodeIsSubcat = 4;
constexpr uint64_t kPrintedIsTitleAndModifier = 8;  // printed = title + " " + nemod, the modifier's place after the blank
constexpr uint64_t kHasCodeElement = 16, kHasNemod = 32, kHasSee = 64, kHasSubcat = 128, kHasSeeAlso = 256,
                   kHasSeecat = 512, kHasManif = 1024, kHasCells = 2048, kHasRange = 4096;

}  // namespace

std::string EncodeImportState(const Icd10cmImportState& state) {
  Out o;
  o.s.append(kMagic);
  o.s += static_cast<char>(kVersion);
  o.U(state.books.size());
  for (const BookRead& br : state.books) {
    const IndexBook& b = br.book;
    o.S(br.role);
    o.Columns(b.heads);
    o.U(b.letters.size());
    for (const auto& [heading, first] : b.letters) {
      o.S(heading);
      o.U(static_cast<uint64_t>(first));
    }
    o.U(b.nodes.size());
    for (const IndexNode& n : b.nodes) {
      const bool from_parts = !n.nemod.empty() && n.printed == n.title + " " + n.nemod &&
                              n.nemod_begin == n.title.size() + 1 && n.nemod_end == n.printed.size();
      uint64_t flags = (n.printed == n.title ? kPrintedIsTitle : from_parts ? kPrintedIsTitleAndModifier : 0) |
                       (n.code == n.code_el ? kCodeIsElement : n.code == n.subcat ? kCodeIsSubcat : 0);
      const std::pair<uint64_t, const std::string*> optional[] = {
          {kHasCodeElement, &n.code_el}, {kHasNemod, &n.nemod}, {kHasSee, &n.see}, {kHasSubcat, &n.subcat},
          {kHasSeeAlso, &n.see_also}, {kHasSeecat, &n.seecat}, {kHasManif, &n.manif}};
      for (const auto& [bit, text] : optional) flags |= text->empty() ? 0 : bit;
      if (!n.cells.empty()) flags |= kHasCells;
      if (!from_parts && (n.nemod_begin || n.nemod_end)) flags |= kHasRange;
      o.U(flags);
      o.U(static_cast<uint64_t>(n.level));
      o.S(n.title);
      for (const auto& [bit, text] : optional) {
        if (flags & bit) o.S(*text);
      }
      if (!(flags & (kPrintedIsTitle | kPrintedIsTitleAndModifier))) o.S(n.printed);
      if (flags & kHasRange) {
        o.U(n.nemod_begin);
        o.U(n.nemod_end);
      }
      if (!(flags & (kCodeIsElement | kCodeIsSubcat))) o.S(n.code);
      if (flags & kHasCells) o.Columns(n.cells);
    }
  }
  o.U(state.lexicon.size());
  for (const LexiconEntry& e : state.lexicon) {
    o.S(e.source);
    o.U(e.raw ? 1 : 0);
    o.U(e.alternatives.size());
    for (const auto& a : e.alternatives) o.S(a);
  }
  o.U(state.notes.size());
  for (const PendingNote& p : state.notes) {
    o.S(p.code);
    o.U(p.notes_json ? 1 : 0);
    o.U(static_cast<uint64_t>(p.note.kind));
    o.U(p.note.source);
    o.S(p.note.text);
  }
  o.U(state.sevenths.size());
  for (const PendingSeventh& p : state.sevenths) {
    o.U(p.before);
    o.S(p.def.owner);
    o.U(p.def.source);
    o.U(p.def.exts.size());
    for (const auto& [ch, meaning] : p.def.exts) {
      o.U(static_cast<uint8_t>(ch));
      o.S(meaning);
    }
  }
  o.U(state.categories.size());
  for (const auto& [category, section] : state.categories) {
    o.S(category);
    o.U(section);
  }
  return o.s;
}

Result<Icd10cmImportState> DecodeImportState(std::string_view bytes, const std::string& file) {
  auto damaged = [&](const std::string& what) {
    return MakeError(ErrorCode::kCorrupt, file + ": its ICD-10-CM import state (ISRC) is damaged: " + what);
  };
  if (!bytes.starts_with(kMagic) || bytes.size() < kMagic.size() + 1) return damaged("it does not start with MCIS");
  if (static_cast<uint8_t>(bytes[kMagic.size()]) != kVersion) {
    return MakeError(ErrorCode::kUnsupportedVersion, file + ": its ICD-10-CM import state is of version " +
                                                         std::to_string(static_cast<uint8_t>(bytes[kMagic.size()])) +
                                                         ", this importer reads version 1");
  }
  In in{bytes, kMagic.size() + 1};
  Icd10cmImportState st;
  const size_t nbooks = in.N();
  for (size_t k = 0; k < nbooks && !in.bad; ++k) {
    BookRead br;
    br.role = in.S();
    IndexBook& b = br.book;
    for (size_t i = 0, n = in.N(); i < n && !in.bad; ++i) {
      int col = static_cast<int>(in.U());
      b.heads[col] = in.S();
    }
    for (size_t i = 0, n = in.N(); i < n && !in.bad; ++i) {
      std::string heading = in.S();
      b.letters.push_back({std::move(heading), static_cast<int>(in.U())});
    }
    const size_t nodes = in.N();
    std::vector<int> open;  // the nodes above the next one, by level
    for (size_t i = 0; i < nodes && !in.bad; ++i) {
      IndexNode n;
      const uint64_t flags = in.U();
      n.level = static_cast<int>(in.U());
      if (n.level > static_cast<int>(open.size())) return damaged("a term nested below a level that is not there");
      open.resize(static_cast<size_t>(n.level));
      n.parent = open.empty() ? -1 : open.back();
      n.title = in.S();
      const std::pair<uint64_t, std::string*> optional[] = {
          {kHasCodeElement, &n.code_el}, {kHasNemod, &n.nemod}, {kHasSee, &n.see}, {kHasSubcat, &n.subcat},
          {kHasSeeAlso, &n.see_also}, {kHasSeecat, &n.seecat}, {kHasManif, &n.manif}};
      for (const auto& [bit, text] : optional) {
        if (flags & bit) *text = in.S();
      }
      if (flags & kPrintedIsTitle) {
        n.printed = n.title;
      } else if (flags & kPrintedIsTitleAndModifier) {
        n.printed = n.title + " " + n.nemod;
        if (n.printed.size() > 0xFFFF) return damaged("a term longer than a title can be");
        n.nemod_begin = static_cast<uint16_t>(n.title.size() + 1);
        n.nemod_end = static_cast<uint16_t>(n.printed.size());
      } else {
        n.printed = in.S();
      }
      if (flags & kHasRange) {
        n.nemod_begin = static_cast<uint16_t>(in.U());
        n.nemod_end = static_cast<uint16_t>(in.U());
      }
      n.code = flags & kCodeIsElement ? n.code_el : flags & kCodeIsSubcat ? n.subcat : in.S();
      for (size_t c = 0, nc = flags & kHasCells ? in.N() : 0; c < nc && !in.bad; ++c) {
        int col = static_cast<int>(in.U());
        n.cells.push_back({col, in.S()});
      }
      const int id = static_cast<int>(b.nodes.size());
      if (n.parent >= 0) b.nodes[n.parent].children.push_back(id);
      b.nodes.push_back(std::move(n));
      open.push_back(id);
    }
    for (const auto& [heading, first] : b.letters) {
      if (first < 0 || static_cast<size_t>(first) > b.nodes.size()) return damaged("a letter heading past the book's terms");
    }
    st.books.push_back(std::move(br));
  }
  for (size_t i = 0, n = in.N(); i < n && !in.bad; ++i) {
    LexiconEntry e;
    e.source = in.S();
    e.raw = in.U() != 0;
    for (size_t a = 0, na = in.N(); a < na && !in.bad; ++a) e.alternatives.push_back(in.S());
    st.lexicon.push_back(std::move(e));
  }
  for (size_t i = 0, n = in.N(); i < n && !in.bad; ++i) {
    PendingNote p;
    p.code = in.S();
    p.notes_json = in.U() != 0;
    const uint64_t kind = in.U(), source = in.U();
    if (kind < 1 || kind > format::kMaxNoteKind || source > 255) return damaged("a note of an unknown kind or input");
    p.note = {static_cast<format::NoteKind>(kind), static_cast<uint8_t>(source), in.S(), {}};
    p.note.refs = ExtractRefs(p.note.text);
    st.notes.push_back(std::move(p));
  }
  for (size_t i = 0, n = in.N(); i < n && !in.bad; ++i) {
    PendingSeventh p;
    p.before = static_cast<uint32_t>(in.U());
    p.def.owner = in.S();
    const uint64_t source = in.U();
    if (source > 255) return damaged("a 7th-character definition of an unknown input");
    p.def.source = static_cast<uint8_t>(source);
    for (size_t x = 0, nx = in.N(); x < nx && !in.bad; ++x) {
      const char ch = static_cast<char>(in.U());
      p.def.exts.emplace_back(ch, in.S());
    }
    st.sevenths.push_back(std::move(p));
  }
  for (size_t i = 0, n = in.N(); i < n && !in.bad; ++i) {
    std::string category = in.S();
    st.categories.emplace_back(std::move(category), static_cast<uint32_t>(in.U()));
  }
  if (in.bad) return damaged("it ends inside a record");
  if (in.at != bytes.size()) return damaged("bytes after its last record");
  return st;
}

std::string ImportStateFileName(const std::string& codeset_file) {
  constexpr std::string_view kExt = ".mcs";
  std::string_view stem = codeset_file;
  if (stem.ends_with(kExt)) stem.remove_suffix(kExt.size());
  return std::string(stem) + ".import.mcs";
}

namespace {
constexpr const char* kStateSystem = "ICD-10-CM import state";
}  // namespace

std::string WriteImportStateFile(const Icd10cmImportState& state, std::string_view codeset, const std::string& codeset_name) {
  const std::string sha = Sha256Hex(codeset);
  nlohmann::json meta;
  meta["system"] = kStateSystem;
  meta["format"] = std::to_string(format::kFormatMajor) + "." + std::to_string(format::kFormatMinor);
  meta["belongs_to"] = {{"file", codeset_name}, {"bytes", codeset.size()}, {"sha256", sha}};
  meta["provenance"] = "the ICD-10-CM import state of " + codeset_name + " (sha256 " + sha +
                       "), written with it by coder-import: for coder-import --load of a later year onto it";
  return container::AssembleFile({{format::kTagMeta, 1, format::kSectionRequired, meta.dump()},
                                  {format::kTagImportState, 1, format::kSectionRequired, EncodeImportState(state)}});
}

Result<Icd10cmImportState> ReadImportStateFile(std::string_view bytes, const std::string& name, std::string_view codeset,
                                               const std::string& codeset_name) {
  std::vector<uint64_t> aligned((bytes.size() + 7) / 8);
  if (!bytes.empty()) std::memcpy(aligned.data(), bytes.data(), bytes.size());
  const std::span<const uint8_t> span(reinterpret_cast<const uint8_t*>(aligned.data()), bytes.size());
  std::string_view meta_text, isrc;
  std::string unknown;  // a required section this reader does not know
  auto walked = container::Open(span, "import-state", [&](const container::Section& s) -> std::optional<Error> {
    const std::string_view data(reinterpret_cast<const char*>(s.data.data()), s.data.size());
    if (s.tag == format::kTagMeta) meta_text = data;
    else if (s.tag == format::kTagImportState) isrc = data;
    else if (s.required() && unknown.empty()) unknown = container::TagName(s.tag);
    return std::nullopt;
  });
  if (!walked) return MakeError(walked.error().code, name + ": " + walked.error().message);
  auto meta = nlohmann::json::parse(meta_text, nullptr, false);
  if (meta.is_discarded() || !meta.is_object() || container::MetaString(meta, "system") != kStateSystem) {
    return MakeError(ErrorCode::kInvalidArgument, name + ": not an ICD-10-CM import state file (its META does not say "
                                                      "\"" + std::string(kStateSystem) + "\")");
  }
  if (!unknown.empty()) {
    return MakeError(ErrorCode::kUnsupportedVersion, name + ": needs a section this importer does not know (" + unknown +
                                                         "): written by a newer coder-import");
  }
  if (isrc.empty()) return MakeError(ErrorCode::kCorrupt, name + ": an import state file without its ISRC section");
  const auto it = meta.find("belongs_to");
  const std::string owner = it != meta.end() && it->is_object() ? container::MetaString(*it, "file") : std::string();
  const std::string want = it != meta.end() && it->is_object() ? container::MetaString(*it, "sha256") : std::string();
  const std::string got = Sha256Hex(codeset);
  if (want != got) {
    return MakeError(ErrorCode::kInvalidArgument,
                     name + ": the import state of " + (owner.empty() ? std::string("another file") : owner) + " (sha256 " +
                         (want.empty() ? std::string("not given") : want) + "), not of " + codeset_name + " (sha256 " + got +
                         "): give the .import.mcs written with " + codeset_name + " (--base-state), or rebuild both");
  }
  return DecodeImportState(isrc, name);
}

}  // namespace medcode::import
