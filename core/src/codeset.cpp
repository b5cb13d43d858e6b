#include "medcode/codeset.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>

#include "medcode/crc32.h"
#include "medcode/text.h"

namespace medcode {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kIo: return "IO";
    case ErrorCode::kTruncated: return "TRUNCATED";
    case ErrorCode::kBadMagic: return "BAD_MAGIC";
    case ErrorCode::kUnsupportedVersion: return "UNSUPPORTED_VERSION";
    case ErrorCode::kBadChecksum: return "BAD_CHECKSUM";
    case ErrorCode::kCorrupt: return "CORRUPT";
    case ErrorCode::kUnsupportedSection: return "UNSUPPORTED_SECTION";
    case ErrorCode::kInvalidUtf8: return "INVALID_UTF8";
    case ErrorCode::kInputTooLong: return "INPUT_TOO_LONG";
    case ErrorCode::kInvalidArgument: return "INVALID_ARGUMENT";
    case ErrorCode::kNotFound: return "NOT_FOUND";
    case ErrorCode::kInternal: return "INTERNAL";
  }
  return "UNKNOWN";
}

namespace {

using namespace format;

std::string TagName(uint32_t tag) {
  std::string s;
  for (int i = 0; i < 4; ++i) {
    char c = static_cast<char>((tag >> (8 * i)) & 0xFF);
    s += (c >= 0x20 && c < 0x7F) ? c : '?';
  }
  return s;
}

Error Corrupt(const std::string& what) { return MakeError(ErrorCode::kCorrupt, "corrupt code-set file: " + what); }

template <class T>
T Load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

// A counted array section: u32 count, (pad to the element's alignment), then count records.
template <class T>
std::optional<Error> CountedArray(std::span<const uint8_t> sec, const char* name, std::span<const T>& out) {
  if (sec.size() < 4) return Corrupt(std::string(name) + " section shorter than its count");
  uint32_t count = Load<uint32_t>(sec.data());
  size_t start = alignof(T) > 4 ? 8 : 4;
  if ((sec.size() - std::min(sec.size(), start)) / sizeof(T) < count || sec.size() < start) {
    return Corrupt(std::string(name) + " section holds fewer records than its count (" + std::to_string(count) + ")");
  }
  out = std::span<const T>(reinterpret_cast<const T*>(sec.data() + start), count);
  return std::nullopt;
}

bool StrOk(StrRef r, size_t pool) { return r.offset <= pool && r.length <= pool - r.offset; }

bool CodeTextOk(const char (&c)[8]) {
  size_t n = 0;
  while (n < 8 && c[n]) ++n;
  if (n < 3 || n > 7) return false;
  for (size_t i = n; i < 8; ++i) if (c[i]) return false;
  for (size_t i = 0; i < n; ++i) {
    char ch = c[i];
    if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))) return false;
  }
  return true;
}

std::string_view CodeView(const char (&c)[8]) { return {c, strnlen(c, 8)}; }

}  // namespace

std::string NormalizeCode(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  std::string out;
  int dots = 0;
  for (char c : text) {
    if (c == '.') {
      if (++dots > 1 || out.size() != 3) return {};  // "E11.9": the dot follows the category
      continue;
    }
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return {};
    out += c;
    if (out.size() > 7) return {};
  }
  if (out.size() < 3) return {};
  return out;
}

std::string DotCode(std::string_view c) {
  std::string s(c);
  if (s.size() > 3) s.insert(3, 1, '.');
  return s;
}

std::string_view CodeSet::code(uint32_t i) const { return CodeView(codes_[i].code); }
std::string CodeSet::Dotted(uint32_t i) const { return DotCode(code(i)); }

std::optional<uint32_t> CodeSet::Find(std::string_view text) const {
  std::string c = NormalizeCode(text);
  if (c.empty()) return std::nullopt;
  auto it = std::lower_bound(sorted_.begin(), sorted_.end(), c,
                             [&](uint32_t idx, const std::string& key) { return code(idx) < key; });
  if (it != sorted_.end() && code(*it) == c) return *it;
  return std::nullopt;
}

std::pair<uint32_t, uint32_t> CodeSet::PrefixRange(std::string_view prefix) const {
  auto lo = std::lower_bound(sorted_.begin(), sorted_.end(), prefix,
                             [&](uint32_t idx, std::string_view key) { return code(idx) < key; });
  auto hi = std::upper_bound(lo, sorted_.end(), prefix, [&](std::string_view key, uint32_t idx) {
    return key < code(idx).substr(0, key.size());
  });
  return {static_cast<uint32_t>(lo - sorted_.begin()), static_cast<uint32_t>(hi - sorted_.begin())};
}

const DeletedRec* CodeSet::FindDeleted(std::string_view c) const {
  auto it = std::lower_bound(deleted_.begin(), deleted_.end(), c,
                             [](const DeletedRec& r, std::string_view key) { return CodeView(r.code) < key; });
  if (it != deleted_.end() && CodeView(it->code) == c) return &*it;
  return nullptr;
}

std::string CodeSet::SourceLabel(uint8_t source) const {
  if (source >= meta_.inputs.size()) return "unknown source";
  const InputInfo& in = meta_.inputs[source];
  return in.name + " (FY" + std::to_string(in.year) + ", " + in.kind + ")";
}

Result<CodeSet> CodeSet::Open(std::span<const uint8_t> bytes) {
  if (reinterpret_cast<uintptr_t>(bytes.data()) % 8 != 0) {
    return MakeError(ErrorCode::kInvalidArgument, "code-set bytes must start at an 8-byte aligned address");
  }
  if (bytes.size() < 8 || std::memcmp(bytes.data(), kMagic, 8) != 0) {
    return MakeError(ErrorCode::kBadMagic, "not a code-set file (wrong magic number)");
  }
  if (bytes.size() < kHeaderSize) {
    return MakeError(ErrorCode::kTruncated, "code-set file truncated: " + std::to_string(bytes.size()) +
                                                " bytes, shorter than its 64-byte header");
  }
  FileHeader h = Load<FileHeader>(bytes.data());
  if (h.header_crc32 != HeaderCrc32(bytes.data())) {
    return MakeError(ErrorCode::kBadChecksum, "code-set file header checksum mismatch (header damaged)");
  }
  if (h.major != kFormatMajor) {
    return MakeError(ErrorCode::kUnsupportedVersion,
                     "code-set format version " + std::to_string(h.major) + "." + std::to_string(h.minor) +
                         " is not supported; this reader reads version " + std::to_string(kFormatMajor) + ".x");
  }
  if (h.header_size != kHeaderSize || h.section_table != kHeaderSize) {
    return Corrupt("unexpected header size");
  }
  if (h.file_size != bytes.size()) {
    if (h.file_size > bytes.size()) {
      return MakeError(ErrorCode::kTruncated, "code-set file truncated: " + std::to_string(bytes.size()) +
                                                  " of " + std::to_string(h.file_size) + " bytes present");
    }
    return Corrupt("file is " + std::to_string(bytes.size()) + " bytes but its header says " +
                   std::to_string(h.file_size));
  }
  if (h.section_count > kMaxSections) return Corrupt("too many sections");
  uint64_t table_end = uint64_t(kHeaderSize) + uint64_t(h.section_count) * kSectionEntrySize;
  if (table_end > bytes.size()) return Corrupt("section table runs past the end of the file");
  if (h.payload_crc32 != Crc32(bytes.data() + kHeaderSize, bytes.size() - kHeaderSize)) {
    return MakeError(ErrorCode::kBadChecksum, "code-set file checksum mismatch: the file is damaged or was modified");
  }

  CodeSet cs;
  cs.bytes_ = bytes;
  cs.minor_ = h.minor;
  struct Known {
    uint32_t tag;
    uint16_t max_version;
    std::span<const uint8_t> data;
    bool present = false;
  };
  Known known[] = {{kTagMeta, 1, {}}, {kTagStrings, 1, {}}, {kTagCodes, 1, {}}, {kTagSorted, 1, {}},
                   {kTagChapters, 1, {}}, {kTagSections, 1, {}}, {kTagNotes, 1, {}}, {kTagNoteRefs, 1, {}},
                   {kTagSeventhDefs, 1, {}}, {kTagSeventhExts, 1, {}}, {kTagDeleted, 1, {}}, {kTagSearch, 2, {}},
                   {kTagLexicon, 1, {}}, {kTagLexiconAlts, 1, {}}};
  for (uint32_t s = 0; s < h.section_count; ++s) {
    SectionEntry e = Load<SectionEntry>(bytes.data() + kHeaderSize + s * kSectionEntrySize);
    if (e.offset < table_end || e.offset > bytes.size() || e.size > bytes.size() - e.offset || e.offset % 8 != 0) {
      return Corrupt("section " + TagName(e.tag) + " lies outside the file or is misaligned");
    }
    Known* k = nullptr;
    for (auto& kk : known) if (kk.tag == e.tag) k = &kk;
    bool required = e.flags & kSectionRequired;
    if (!k) {
      if (required) {
        return MakeError(ErrorCode::kUnsupportedSection,
                         "code-set file needs section " + TagName(e.tag) +
                             ", which this reader does not know; use a newer version of the software");
      }
      continue;  // unknown optional section: skip
    }
    if (e.version > k->max_version || e.version == 0) {
      if (required) {
        return MakeError(ErrorCode::kUnsupportedVersion, "section " + TagName(e.tag) + " version " +
                                                             std::to_string(e.version) + " is not supported");
      }
      continue;
    }
    if (k->present) return Corrupt("section " + TagName(e.tag) + " appears twice");
    k->present = true;
    k->data = bytes.subspan(e.offset, e.size);
  }
  auto sec = [&](uint32_t tag) -> Known& {
    for (auto& kk : known) if (kk.tag == tag) return kk;
    return known[0];
  };
  for (uint32_t tag : {kTagMeta, kTagStrings, kTagCodes, kTagSorted}) {
    if (!sec(tag).present) return Corrupt("missing required section " + TagName(tag));
  }

  // META
  {
    auto& m = sec(kTagMeta).data;
    std::string_view js(reinterpret_cast<const char*>(m.data()), m.size());
    auto j = nlohmann::json::parse(js, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return Corrupt("META section is not valid JSON");
    cs.meta_.json = std::string(js);
    auto getS = [&](const nlohmann::json& o, const char* k) {
      auto it = o.find(k);
      return (it != o.end() && it->is_string()) ? it->get<std::string>() : std::string();
    };
    auto getI = [&](const nlohmann::json& o, const char* k) {
      auto it = o.find(k);
      return (it != o.end() && it->is_number_integer()) ? it->get<int>() : 0;
    };
    cs.meta_.system = getS(j, "system");
    cs.meta_.year = getI(j, "year");
    cs.meta_.label = getS(j, "label");
    cs.meta_.effective_from = getS(j, "effective_from");
    cs.meta_.effective_to = getS(j, "effective_to");
    if (cs.meta_.system.empty() || cs.meta_.year == 0) return Corrupt("META lacks system or year");
    auto in = j.find("inputs");
    if (in != j.end() && in->is_array()) {
      for (const auto& o : *in) {
        if (!o.is_object()) continue;
        cs.meta_.inputs.push_back(
            {getS(o, "role"), getS(o, "name"), getS(o, "path"), getI(o, "year"), getS(o, "sha256"), getS(o, "kind")});
      }
    }
  }
  cs.strings_ = sec(kTagStrings).data;
  const size_t pool = cs.strings_.size();
  if (auto e = CountedArray(sec(kTagCodes).data, "CODE", cs.codes_)) return *e;
  if (auto e = CountedArray(sec(kTagSorted).data, "SORT", cs.sorted_)) return *e;
  auto opt = [&](uint32_t tag, const char* name, auto& out) -> std::optional<Error> {
    if (!sec(tag).present) return std::nullopt;
    return CountedArray(sec(tag).data, name, out);
  };
  if (auto e = opt(kTagChapters, "CHAP", cs.chapters_)) return *e;
  if (auto e = opt(kTagSections, "SECT", cs.sections_)) return *e;
  if (auto e = opt(kTagNotes, "NOTE", cs.notes_)) return *e;
  if (auto e = opt(kTagNoteRefs, "NREF", cs.refs_)) return *e;
  if (auto e = opt(kTagSeventhDefs, "7DEF", cs.sdefs_)) return *e;
  if (auto e = opt(kTagSeventhExts, "7EXT", cs.sexts_)) return *e;
  if (auto e = opt(kTagDeleted, "DELC", cs.deleted_)) return *e;

  const uint32_t n = cs.size();
  if (cs.sorted_.size() != n) return Corrupt("SORT and CODE counts differ");
  for (uint32_t i = 0; i < n; ++i) {
    const CodeRec& r = cs.codes_[i];
    if (!CodeTextOk(r.code)) return Corrupt("code record " + std::to_string(i) + " has an invalid code");
    if (!StrOk(r.title, pool) || !StrOk(r.short_title, pool)) return Corrupt("code " + std::to_string(i) + " title out of range");
    if (r.parent != kNone && r.parent >= i) return Corrupt("code " + std::to_string(i) + " has an invalid parent");
    if (r.subtree_end <= i || r.subtree_end > n) return Corrupt("code " + std::to_string(i) + " has an invalid subtree");
    if (r.note_first > cs.notes_.size() || r.note_count > cs.notes_.size() - r.note_first) {
      return Corrupt("code " + std::to_string(i) + " notes out of range");
    }
    if (r.seventh != kNone && r.seventh >= cs.sdefs_.size()) return Corrupt("code " + std::to_string(i) + " 7th-character definition out of range");
    if (!cs.sections_.empty() && r.section >= cs.sections_.size()) return Corrupt("code section out of range");
    if (!cs.chapters_.empty() && r.chapter >= cs.chapters_.size()) return Corrupt("code chapter out of range");
  }
  for (size_t k = 0; k < n; ++k) {
    if (cs.sorted_[k] >= n) return Corrupt("SORT index out of range");
    if (k > 0 && !(cs.code(cs.sorted_[k - 1]) < cs.code(cs.sorted_[k]))) return Corrupt("SORT is not strictly ordered");
  }
  for (const auto& c : cs.chapters_) {
    if (!StrOk(c.title, pool) || c.note_first > cs.notes_.size() || c.note_count > cs.notes_.size() - c.note_first) {
      return Corrupt("chapter record out of range");
    }
  }
  for (const auto& s : cs.sections_) {
    if (!StrOk(s.title, pool) || s.chapter >= std::max<size_t>(1, cs.chapters_.size()) ||
        s.note_first > cs.notes_.size() || s.note_count > cs.notes_.size() - s.note_first) {
      return Corrupt("section record out of range");
    }
  }
  for (const auto& nr : cs.notes_) {
    if (nr.kind == 0 || nr.kind > kMaxNoteKind || !StrOk(nr.text, pool) || nr.ref_first > cs.refs_.size() ||
        nr.ref_count > cs.refs_.size() - nr.ref_first || nr.owner_kind > 2) {
      return Corrupt("note record out of range");
    }
    size_t owners = nr.owner_kind == 0 ? n : nr.owner_kind == 1 ? cs.sections_.size() : cs.chapters_.size();
    if (nr.owner >= owners) return Corrupt("note owner out of range");
  }
  for (const auto& d : cs.sdefs_) {
    if (d.owner >= n || d.ext_first > cs.sexts_.size() || d.ext_count > cs.sexts_.size() - d.ext_first) {
      return Corrupt("7th-character definition out of range");
    }
  }
  for (const auto& x : cs.sexts_) {
    if (!StrOk(x.meaning, pool)) return Corrupt("7th-character meaning out of range");
  }
  for (size_t k = 0; k < cs.deleted_.size(); ++k) {
    if (!CodeTextOk(cs.deleted_[k].code) || !StrOk(cs.deleted_[k].title, pool)) return Corrupt("deleted-code record invalid");
    if (k > 0 && !(CodeView(cs.deleted_[k - 1].code) < CodeView(cs.deleted_[k].code))) return Corrupt("DELC not sorted");
  }

  if (sec(kTagSearch).present) {
    auto s = sec(kTagSearch).data;
    if (s.size() < sizeof(SearchHeader)) return Corrupt("SRCH section shorter than its header");
    SearchHeader sh = Load<SearchHeader>(s.data());
    if (sh.normalizer_version != text::kNormalizerVersion) {
      return MakeError(ErrorCode::kUnsupportedVersion,
                       "search index was built with text normalizer version " + std::to_string(sh.normalizer_version) +
                           "; this reader uses version " + std::to_string(text::kNormalizerVersion) +
                           "; re-import the code set");
    }
    if (sh.code_count != n) return Corrupt("SRCH code count differs from CODE");
    uint64_t need = sizeof(SearchHeader) + uint64_t(sh.term_count) * sizeof(TermRec) + 4ull * sh.posting_count +
                    uint64_t(sh.doc_count) * sizeof(DocRec);
    if (need > s.size()) return Corrupt("SRCH section shorter than its counts");
    if (sh.doc_count > kIdMask) return Corrupt("SRCH has too many documents");
    const uint8_t* p = s.data() + sizeof(SearchHeader);
    cs.terms_ = {reinterpret_cast<const TermRec*>(p), sh.term_count};
    p += sizeof(TermRec) * sh.term_count;
    cs.postings_ = {reinterpret_cast<const uint32_t*>(p), sh.posting_count};
    p += 4ull * sh.posting_count;
    cs.docs_ = {reinterpret_cast<const DocRec*>(p), sh.doc_count};
    for (size_t t = 0; t < cs.terms_.size(); ++t) {
      const TermRec& tr = cs.terms_[t];
      if (!StrOk(tr.text, pool) || !StrOk(tr.display, pool) || tr.post_first > sh.posting_count ||
          tr.post_count > sh.posting_count - tr.post_first) {
        return Corrupt("search term out of range");
      }
      if (t > 0 && !(cs.str(cs.terms_[t - 1].text) < cs.str(tr.text))) return Corrupt("search terms not sorted");
      // Postings of one term are strictly increasing doc ids (the search merges on that).
      for (uint32_t k = tr.post_first + 1; k < tr.post_first + tr.post_count; ++k) {
        if ((cs.postings_[k] & kIdMask) <= (cs.postings_[k - 1] & kIdMask)) return Corrupt("search postings not sorted");
      }
    }
    for (uint32_t v : cs.postings_) if ((v & kIdMask) >= sh.doc_count) return Corrupt("search posting out of range");
    for (size_t d = 0; d < cs.docs_.size(); ++d) {
      const DocRec& dr = cs.docs_[d];
      if (dr.code >= n || !StrOk(dr.text, pool) || (d > 0 && dr.code < cs.docs_[d - 1].code)) {
        return Corrupt("search document out of range or out of order");
      }
    }
    cs.has_search_ = true;
  }
  if (sec(kTagLexicon).present) {
    if (auto e = CountedArray(sec(kTagLexicon).data, "LEXI", cs.lexicon_)) return *e;
    if (!sec(kTagLexiconAlts).present) return Corrupt("LEXI without LALT");
    if (auto e = CountedArray(sec(kTagLexiconAlts).data, "LALT", cs.lexalts_)) return *e;
    for (size_t k = 0; k < cs.lexicon_.size(); ++k) {
      const LexRec& r = cs.lexicon_[k];
      if (!StrOk(r.source, pool) || !StrOk(r.display, pool) || r.alt_first > cs.lexalts_.size() ||
          r.alt_count > cs.lexalts_.size() - r.alt_first) {
        return Corrupt("lexicon entry out of range");
      }
      if (k > 0 && !(cs.str(cs.lexicon_[k - 1].source) < cs.str(r.source))) return Corrupt("lexicon not sorted");
    }
    for (const auto& a : cs.lexalts_) {
      if (!StrOk(a.stems, pool) || !StrOk(a.display, pool)) return Corrupt("lexicon alternative out of range");
    }
  }
  return cs;
}

}  // namespace medcode
