// CodeSet: opens a code-set file in place (the container through container.cpp, then
// every code-set section checked for bounds, order and references), and answers the
// lookups by code, prefix, deleted code, modifier and attribute.
#include "medcode/codeset.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstring>

#include "compact.h"
#include "container.h"
#include "crc32.h"
#include "medcode/text.h"

namespace medcode {

namespace {

using namespace format;

using container::Load;
using container::TagName;

constexpr std::string_view kNoun = "code-set";

Error Corrupt(const std::string& what) { return container::Corrupt(kNoun, what); }

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

std::string AttributeDefInfo::Meaning(std::string_view value) const {
  auto it = std::lower_bound(values.begin(), values.end(), value,
                             [](const auto& p, std::string_view v) { return p.first < v; });
  return it != values.end() && it->first == value ? it->second : std::string();
}

std::string_view CodeSet::FarStr(StrRef r) const {
  if (r.offset & JoinedStrings::kJoined) return joins_.Get(r, reinterpret_cast<const char*>(strings_.data()));
  return {index_pool_.data() + (r.offset - strings_.size()), r.length};  // an attached Index file's (AttachIndex)
}

bool CodeSet::StrValid(StrRef r, size_t pool) const {
  return r.offset & JoinedStrings::kJoined ? joins_.Valid(r) : container::StrOk(r, pool);
}

std::string_view CodeSet::code(uint32_t i) const { return CodeView(codes_[i].code); }
std::string CodeSet::Dotted(uint32_t i) const { return Display(code(i)); }
std::string CodeSet::Display(std::string_view c) const {
  return meta_.dot_after == 3 ? DotCode(c) : std::string(c);
}

std::span<const AttrRec> CodeSet::AttributesOf(uint32_t i) const {
  auto lo = std::lower_bound(attrs_.begin(), attrs_.end(), i, [](const AttrRec& r, uint32_t c) { return r.code < c; });
  auto hi = lo;
  while (hi != attrs_.end() && hi->code == i) ++hi;
  return {lo, hi};
}

const ModifierRec* CodeSet::FindModifier(std::string_view text) const {
  std::string c;
  for (char ch : text) {
    if (ch == ' ' || ch == '\t') continue;
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    c += ch;
  }
  if (c.empty() || c.size() > 3) return nullptr;
  auto it = std::lower_bound(modifiers_.begin(), modifiers_.end(), c, [](const ModifierRec& r, const std::string& key) {
    return std::string_view(r.code, strnlen(r.code, 4)) < key;
  });
  if (it != modifiers_.end() && std::string_view(it->code, strnlen(it->code, 4)) == c) return &*it;
  return nullptr;
}

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

std::optional<Error> CodeSet::OpenYears(std::span<const uint8_t> ysec, bool has_years, std::span<const uint8_t> tsec,
                                        bool has_titles) {
  if (!has_years) {
    if (has_titles) return Corrupt("TTLY without YEAR");
    return std::nullopt;
  }
  if (ysec.size() < sizeof(YearsHeader)) return Corrupt("YEAR section shorter than its header");
  YearsHeader h;
  std::memcpy(&h, ysec.data(), sizeof h);
  if (h.year_count == 0 || h.year_count > kMaxYears || h.code_count != size()) {
    return Corrupt("YEAR header does not match the code count or has 0 or too many years");
  }
  const size_t need = sizeof h + size_t{h.year_count} * sizeof(YearRec) + size_t{h.code_count} * sizeof(CodeYears);
  if (ysec.size() < need) return Corrupt("YEAR section is truncated");
  years_ = {reinterpret_cast<const YearRec*>(ysec.data() + sizeof h), h.year_count};
  code_years_ = {reinterpret_cast<const CodeYears*>(ysec.data() + sizeof h + h.year_count * sizeof(YearRec)), h.code_count};
  for (size_t y = 0; y < years_.size(); ++y) {
    const YearRec& r = years_[y];
    if (!r.from || r.to < r.from || (y > 0 && r.from <= years_[y - 1].to)) return Corrupt("YEAR periods out of order");
  }
  const uint8_t newest = static_cast<uint8_t>(years_.size() - 1);
  for (uint32_t i = 0; i < size(); ++i) {
    const CodeYears& c = code_years_[i];
    if (c.first > c.last || c.last > newest || (c.billable >> (newest + 1)) != 0) return Corrupt("code year range invalid");
    const bool in_newest = c.last == newest;
    if (in_newest == ((codes_[i].flags & kTerminated) != 0)) return Corrupt("code year range disagrees with CODE flags");
  }
  if (has_titles) {
    if (auto e = CountedArray(tsec, "TTLY", year_titles_)) return e;
    const size_t pool = strings_.size();
    for (size_t k = 0; k < year_titles_.size(); ++k) {
      const YearTitleRec& t = year_titles_[k];
      if (t.code >= size() || t.year >= newest || !StrValid(t.title, pool) || !StrValid(t.short_title, pool)) {
        return Corrupt("older-year title record out of range");
      }
      const YearTitleRec* p = k ? &year_titles_[k - 1] : nullptr;
      if (p && (p->code > t.code || (p->code == t.code && p->year >= t.year))) return Corrupt("TTLY not sorted");
    }
  }
  return std::nullopt;
}

int CodeSet::YearAt(uint32_t date) const {
  if (years_.empty() || !date) return newest_year();
  for (size_t y = 0; y < years_.size(); ++y) {
    if (date >= years_[y].from && date <= years_[y].to) return static_cast<int>(y);
  }
  return -1;
}

int CodeSet::YearNumber(int y) const {
  if (years_.empty()) return meta_.year;
  return y >= 0 && static_cast<size_t>(y) < years_.size() ? static_cast<int>(years_[y].year) : 0;
}

bool CodeSet::BillableIn(uint32_t i, int y) const {
  if (code_years_.empty()) return billable(i);
  return y >= 0 && y < 8 && ((code_years_[i].billable >> y) & 1) != 0;
}

const YearTitleRec* CodeSet::OlderTitle(uint32_t i, int y) const {
  if (y < 0 || y >= newest_year()) return nullptr;
  auto it = std::lower_bound(year_titles_.begin(), year_titles_.end(), std::pair<uint32_t, int>{i, y},
                             [](const YearTitleRec& r, std::pair<uint32_t, int> k) {
                               return r.code < k.first || (r.code == k.first && r.year < k.second);
                             });
  return it != year_titles_.end() && it->code == i && it->year == y ? &*it : nullptr;
}

std::string_view CodeSet::TitleIn(uint32_t i, int y) const {
  const YearTitleRec* t = OlderTitle(i, y);
  return t ? str(t->title) : title(i);
}

std::string_view CodeSet::ShortTitleIn(uint32_t i, int y) const {
  const YearTitleRec* t = OlderTitle(i, y);
  return t ? str(t->short_title) : str(codes_[i].short_title);
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
  // ICD-10-CM years are fiscal years; other systems (HCPCS, CPT) use calendar years.
  return in.name + " (" + (meta_.system == "ICD-10-CM" ? "FY" : "") + std::to_string(in.year) + ", " + in.kind + ")";
}

namespace {

// META's code-set fields: system and year (required), dot_after, flat, attributes.
std::optional<Error> ReadCodeSetMeta(std::span<const uint8_t> data, CodeSetMeta& meta) {
  auto read = container::ReadMeta(data, kNoun, meta);
  if (!read) return read.error();
  const nlohmann::json& j = *read;
  if (meta.system.empty() || meta.year == 0) return Corrupt("META lacks system or year");
  if (auto it = j.find("dot_after"); it != j.end()) {
    if (!it->is_number_integer() || (it->get<int>() != 0 && it->get<int>() != 3)) return Corrupt("META dot_after must be 0 or 3");
    meta.dot_after = it->get<int>();
  }
  if (auto it = j.find("flat"); it != j.end() && it->is_boolean()) meta.flat = it->get<bool>();
  if (auto at = j.find("attributes"); at != j.end() && at->is_array()) {
    for (const auto& o : *at) {
      if (!o.is_object()) return Corrupt("META attribute definition is not an object");
      AttributeDefInfo a{container::MetaString(o, "key"), container::MetaString(o, "label"), {},
                         container::MetaString(o, "note")};
      if (auto v = o.find("values"); v != o.end() && v->is_object()) {
        for (auto kv = v->begin(); kv != v->end(); ++kv) {
          if (kv->is_string()) a.values.push_back({kv.key(), kv->get<std::string>()});
        }
      }
      std::sort(a.values.begin(), a.values.end());
      meta.attributes.push_back(std::move(a));
    }
  }
  return std::nullopt;
}

}  // namespace

Result<CodeSet> CodeSet::Open(std::span<const uint8_t> bytes) { return Open(bytes, OpenOptions{}); }

Result<CodeSet> CodeSet::Open(std::span<const uint8_t> bytes, const OpenOptions& options) {
  auto cs = OpenParts(bytes, options);
  // A file whose later sections share strings with a section left out (written before the
  // writer put the search and the Index last) cannot be read in part: it is read whole.
  if (!cs && (!options.search || !options.index) && cs.error().code == ErrorCode::kCorrupt) return OpenParts(bytes, {});
  return cs;
}

Result<CodeSet> CodeSet::OpenParts(std::span<const uint8_t> bytes, const OpenOptions& options) {
  struct Known {
    uint32_t tag;
    uint16_t max_version;
    std::span<const uint8_t> data;
    bool present = false;
    uint16_t flags = 0;
  };
  Known known[] = {{kTagMeta, 1, {}}, {kTagStrings, 1, {}}, {kTagCodes, 1, {}}, {kTagSorted, 1, {}},
                   {kTagChapters, 1, {}}, {kTagSections, 1, {}}, {kTagNotes, 1, {}}, {kTagNoteRefs, 1, {}},
                   {kTagSeventhDefs, 1, {}}, {kTagSeventhExts, 1, {}}, {kTagDeleted, 1, {}}, {kTagSearch, 2, {}},
                   {kTagLexicon, 1, {}}, {kTagLexiconAlts, 1, {}}, {kTagCodeDates, 1, {}},
                   {kTagAttributes, 1, {}}, {kTagModifierList, 1, {}},
                   {kTagIndexBooks, 1, {}}, {kTagIndexNodes, 1, {}}, {kTagIndexRefs, 1, {}},
                   {kTagYears, 1, {}}, {kTagYearTitles, 1, {}}};
  // Sections in file order (nullptr: skipped), for the compact ones' strings (compact.h).
  std::vector<Known*> order;
  bool left_out_any = false;  // a section OpenOptions leaves out
  uint32_t kept_stream = 0;   // ... the STRS bytes before the first of them (compact), 0 if unknown
  auto header = container::Open(bytes, kNoun, [&](const container::Section& e) -> std::optional<Error> {
    if (e.tag == kTagImportState) {  // format.h: the section of the file beside an ICD-10-CM code set
      return MakeError(ErrorCode::kInvalidArgument, "an ICD-10-CM import state file (written beside its code set, for "
                                                    "coder-import --load), not a code set");
    }
    Known* k = nullptr;
    for (auto& kk : known) if (kk.tag == e.tag) k = &kk;
    const bool left_out = (!options.search && (e.tag == kTagSearch || e.tag == kTagLexicon || e.tag == kTagLexiconAlts)) ||
                          (!options.index && (e.tag == kTagIndexBooks || e.tag == kTagIndexNodes || e.tag == kTagIndexRefs));
    if (k && left_out) {
      order.push_back(nullptr);
      if (!left_out_any && (e.flags & kSectionCompact)) kept_stream = compact::StringsBegin(e.data);
      left_out_any = true;
      return std::nullopt;
    }
    if (!k) {
      order.push_back(nullptr);
      if (e.required()) {
        return MakeError(ErrorCode::kUnsupportedSection,
                         "code-set file needs section " + TagName(e.tag) +
                             ", which this reader does not know; use a newer version of the software");
      }
      return std::nullopt;  // unknown optional section: skip
    }
    if (e.version > k->max_version || e.version == 0) {
      order.push_back(nullptr);
      if (e.required()) {
        return MakeError(ErrorCode::kUnsupportedVersion, "section " + TagName(e.tag) + " version " +
                                                             std::to_string(e.version) + " is not supported");
      }
      return std::nullopt;
    }
    if (k->present) return Corrupt("section " + TagName(e.tag) + " appears twice");
    k->present = true;
    k->data = e.data;
    k->flags = e.flags;
    order.push_back(k);
    return std::nullopt;
  }, options.payload_crc);
  if (!header) return header.error();

  CodeSet cs;
  cs.byte_size_ = bytes.size();
  cs.minor_ = header->minor;
  auto sec = [&](uint32_t tag) -> Known& {
    for (auto& kk : known) if (kk.tag == tag) return kk;
    return known[0];
  };
  if (sec(kTagMeta).present) {
    const auto j = nlohmann::json::parse(std::string_view(reinterpret_cast<const char*>(sec(kTagMeta).data.data()),
                                                          sec(kTagMeta).data.size()), nullptr, false);
    if (j.is_object() && container::MetaString(j, "part") == "index") {
      return MakeError(ErrorCode::kInvalidArgument,
                       "this file is the Alphabetic Index and Tables of " + container::MetaString(j, "label") +
                           ", not a code set: open its code set and add the Index to it");
    }
  }
  for (uint32_t tag : {kTagMeta, kTagStrings, kTagCodes, kTagSorted}) {
    if (!sec(tag).present) return Corrupt("missing required section " + TagName(tag));
  }
  if (auto e = ReadCodeSetMeta(sec(kTagMeta).data, cs.meta_)) return *e;
  // Compact sections expand, in file order, into fixed-width records the CodeSet owns.
  // META "strings_bytes": the expanded strings' size, so the pool is allocated once.
  const auto meta_json = nlohmann::json::parse(cs.meta_.json, nullptr, false);
  const int strings_bytes = meta_json.is_object() ? container::MetaInt(meta_json, "strings_bytes") : 0;
  // With sections left out, the strings kept are about the share of STRS read before the first
  // of them (a hint a little above it: growing the pool twice would cost more memory than that).
  uint64_t hint = static_cast<uint64_t>(std::max(0, strings_bytes));
  if (left_out_any) {
    const uint64_t stream = std::max<uint64_t>(1, sec(kTagStrings).data.size());
    hint = kept_stream ? std::min<uint64_t>(hint, hint * std::min<uint64_t>(kept_stream, stream) / stream * 9 / 8 + 4096) : 0;
  }
  // A file whose sections are all compact reads its strings in place (its StrRefs index STRS
  // or name joins); a section stored fixed-width may index the expanded strings (tests).
  bool all_compact = true;
  for (const Known& k : known) {
    if (k.present && k.tag != kTagMeta && k.tag != kTagStrings && !(k.flags & kSectionCompact)) all_compact = false;
  }
  compact::Expander expander(sec(kTagStrings).data, hint, all_compact ? &cs.joins_ : nullptr);
  for (Known* k : order) {
    if (!k) {
      expander.Skipped();
      continue;
    }
    if (!(k->flags & kSectionCompact)) continue;
    const compact::Layout* layout = compact::CodeSetLayout(k->tag);
    if (!layout) return Corrupt("section " + TagName(k->tag) + " cannot be compact");
    WordBuffer buf;
    size_t size = 0;
    if (auto e = expander.Expand(*layout, k->data, buf, size)) return *e;
    k->data = {reinterpret_cast<const uint8_t*>(buf.data()), size};
    cs.expanded_.push_back(std::move(buf));
  }
  if (!cs.expanded_.empty()) {
    // The strings of the sections left out are not kept, unless a section stored fixed-width
    // may point into them.
    cs.pool_ = expander.TakePool(!(left_out_any && all_compact));
    if (left_out_any && cs.pool_.capacity() > cs.pool_.size() + cs.pool_.size() / 4) cs.pool_.shrink_to_fit();
    sec(kTagStrings).data = {reinterpret_cast<const uint8_t*>(cs.pool_.data()), cs.pool_.size()};
  }
  cs.strings_ = sec(kTagStrings).data;
  // META is copied into meta_; every other section the CodeSet keeps a view of may still
  // point into the caller's bytes.
  cs.borrows_ = false;
  for (const Known& k : known) {
    if (k.present && k.tag != kTagMeta && !k.data.empty() && k.data.data() >= bytes.data() &&
        k.data.data() < bytes.data() + bytes.size()) {
      cs.borrows_ = true;
    }
  }
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
  if (auto e = opt(kTagCodeDates, "DATE", cs.dates_)) return *e;
  if (auto e = opt(kTagAttributes, "ATTR", cs.attrs_)) return *e;
  if (auto e = opt(kTagModifierList, "MODS", cs.modifiers_)) return *e;

  const uint32_t n = cs.size();
  if (cs.sorted_.size() != n) return Corrupt("SORT and CODE counts differ");
  for (uint32_t i = 0; i < n; ++i) {
    const CodeRec& r = cs.codes_[i];
    if (!CodeTextOk(r.code)) return Corrupt("code record " + std::to_string(i) + " has an invalid code");
    if (!cs.StrValid(r.title, pool) || !cs.StrValid(r.short_title, pool)) return Corrupt("code " + std::to_string(i) + " title out of range");
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
    if (!cs.StrValid(c.title, pool) || c.note_first > cs.notes_.size() || c.note_count > cs.notes_.size() - c.note_first) {
      return Corrupt("chapter record out of range");
    }
  }
  for (const auto& s : cs.sections_) {
    if (!cs.StrValid(s.title, pool) || s.chapter >= std::max<size_t>(1, cs.chapters_.size()) ||
        s.note_first > cs.notes_.size() || s.note_count > cs.notes_.size() - s.note_first) {
      return Corrupt("section record out of range");
    }
  }
  for (const auto& nr : cs.notes_) {
    if (nr.kind == 0 || nr.kind > kMaxNoteKind || !cs.StrValid(nr.text, pool) || nr.ref_first > cs.refs_.size() ||
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
    if (!cs.StrValid(x.meaning, pool)) return Corrupt("7th-character meaning out of range");
  }
  if (!cs.dates_.empty() && cs.dates_.size() != n) return Corrupt("DATE and CODE counts differ");
  for (size_t k = 0; k < cs.attrs_.size(); ++k) {
    const AttrRec& a = cs.attrs_[k];
    if (a.code >= n || a.key >= cs.meta_.attributes.size() || !cs.StrValid(a.value, pool)) return Corrupt("attribute record out of range");
    if (k > 0 && (a.code < cs.attrs_[k - 1].code || (a.code == cs.attrs_[k - 1].code && a.key < cs.attrs_[k - 1].key))) {
      return Corrupt("ATTR not sorted");
    }
  }
  for (size_t k = 0; k < cs.modifiers_.size(); ++k) {
    const ModifierRec& md = cs.modifiers_[k];
    size_t len = strnlen(md.code, 4);
    bool shaped = len >= 1 && len <= 3;
    for (size_t i = 0; i < 4; ++i) {
      char ch = md.code[i];
      if (i < len ? !((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) : ch != 0) shaped = false;
    }
    if (!shaped || !cs.StrValid(md.title, pool) || !cs.StrValid(md.short_title, pool)) return Corrupt("modifier record invalid");
    if (k > 0 && !(std::string_view(cs.modifiers_[k - 1].code, strnlen(cs.modifiers_[k - 1].code, 4)) <
                   std::string_view(md.code, len))) {
      return Corrupt("MODS not sorted");
    }
  }
  if (auto e = cs.OpenYears(sec(kTagYears).data, sec(kTagYears).present, sec(kTagYearTitles).data,
                            sec(kTagYearTitles).present)) {
    return *e;
  }
  for (size_t k = 0; k < cs.deleted_.size(); ++k) {
    if (!CodeTextOk(cs.deleted_[k].code) || !cs.StrValid(cs.deleted_[k].title, pool)) return Corrupt("deleted-code record invalid");
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
    // Compact postings are expanded from gaps (compact.cpp: each doc id 1 + gap past the
    // previous one of its term), strictly increasing by construction: checked here only when
    // stored fixed-width.
    const bool postings_ordered = (sec(kTagSearch).flags & kSectionCompact) != 0;
    for (size_t t = 0; t < cs.terms_.size(); ++t) {
      const TermRec& tr = cs.terms_[t];
      if (!cs.StrValid(tr.text, pool) || !cs.StrValid(tr.display, pool) || tr.post_first > sh.posting_count ||
          tr.post_count > sh.posting_count - tr.post_first) {
        return Corrupt("search term out of range");
      }
      if (t > 0 && !(cs.str(cs.terms_[t - 1].text) < cs.str(tr.text))) return Corrupt("search terms not sorted");
      // Postings of one term are strictly increasing doc ids (the search merges on that).
      for (uint32_t k = tr.post_first + 1; !postings_ordered && k < tr.post_first + tr.post_count; ++k) {
        if ((cs.postings_[k] & kIdMask) <= (cs.postings_[k - 1] & kIdMask)) return Corrupt("search postings not sorted");
      }
    }
    if (postings_ordered) {
      // Compact: the terms' postings follow one another and cover them all (compact.cpp), each
      // term's increasing, so its last one is the largest and alone is checked (1.6 million
      // postings in ICD-10-CM: 20,000 checks).
      for (const TermRec& tr : cs.terms_) {
        if (tr.post_count && (cs.postings_[tr.post_first + tr.post_count - 1] & kIdMask) >= sh.doc_count) {
          return Corrupt("search posting out of range");
        }
      }
    } else {
      for (uint32_t v : cs.postings_) if ((v & kIdMask) >= sh.doc_count) return Corrupt("search posting out of range");
    }
    for (size_t d = 0; d < cs.docs_.size(); ++d) {
      const DocRec& dr = cs.docs_[d];
      if (dr.code >= n || !cs.StrValid(dr.text, pool) || (d > 0 && dr.code < cs.docs_[d - 1].code)) {
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
      if (!cs.StrValid(r.source, pool) || !cs.StrValid(r.display, pool) || r.alt_first > cs.lexalts_.size() ||
          r.alt_count > cs.lexalts_.size() - r.alt_first) {
        return Corrupt("lexicon entry out of range");
      }
      // Sorted by key; two entries may share one ("om", "ome": FindLexicon reads the one typed).
      if (k > 0 && cs.str(r.source) < cs.str(cs.lexicon_[k - 1].source)) return Corrupt("lexicon not sorted");
    }
    for (const auto& a : cs.lexalts_) {
      if (!cs.StrValid(a.stems, pool) || !cs.StrValid(a.display, pool)) return Corrupt("lexicon alternative out of range");
    }
  }
  if (sec(kTagIndexBooks).present || sec(kTagIndexNodes).present || sec(kTagIndexRefs).present) {
    if (auto e = cs.OpenIndex(sec(kTagIndexBooks).data, sec(kTagIndexNodes).data, sec(kTagIndexRefs).data,
                              sec(kTagIndexBooks).present && sec(kTagIndexNodes).present && sec(kTagIndexRefs).present)) {
      return *e;
    }
  }
  return cs;
}

uint32_t CodeSet::index_book_of(uint32_t node) const {
  auto it = std::upper_bound(index_.books.begin(), index_.books.end(), node,
                             [](uint32_t v, const IndexBookRec& b) { return v < b.node_end; });
  return it == index_.books.end() ? kNone : static_cast<uint32_t>(it - index_.books.begin());
}

// IBOK, INOD, IREF (format.h): every range, level, reference and target checked; the
// parents, subtree ends and first references derived from the levels.
std::optional<Error> CodeSet::OpenIndex(std::span<const uint8_t> ibok, std::span<const uint8_t> inod,
                                        std::span<const uint8_t> iref, bool complete) {
  if (!complete) return Corrupt("the index sections IBOK, INOD and IREF must come together");
  const size_t pool = strings_.size() + index_pool_.size();
  if (ibok.size() < sizeof(IndexBooksHeader)) return Corrupt("IBOK section shorter than its header");
  IndexBooksHeader h = Load<IndexBooksHeader>(ibok.data());
  uint64_t need = sizeof(IndexBooksHeader) + uint64_t(h.book_count) * sizeof(IndexBookRec) +
                  uint64_t(h.column_count) * sizeof(StrRef) + uint64_t(h.letter_count) * sizeof(IndexLetterRec);
  if (need > ibok.size()) return Corrupt("IBOK section shorter than its counts");
  const uint8_t* p = ibok.data() + sizeof(IndexBooksHeader);
  std::span<const IndexBookRec> books{reinterpret_cast<const IndexBookRec*>(p), h.book_count};
  p += sizeof(IndexBookRec) * h.book_count;
  std::span<const StrRef> columns{reinterpret_cast<const StrRef*>(p), h.column_count};
  p += sizeof(StrRef) * h.column_count;
  std::span<const IndexLetterRec> letters{reinterpret_cast<const IndexLetterRec*>(p), h.letter_count};
  std::span<const IndexNodeRec> nodes;
  std::span<const IndexRefRec> refs;
  if (auto e = CountedArray(inod, "INOD", nodes)) return *e;
  if (auto e = CountedArray(iref, "IREF", refs)) return *e;
  const uint32_t node_count = static_cast<uint32_t>(nodes.size());
  if (node_count >= kNone) return Corrupt("INOD has too many terms");

  for (const StrRef& c : columns) if (!StrValid(c, pool)) return Corrupt("index column heading out of range");
  for (const IndexLetterRec& l : letters) if (!StrValid(l.letter, pool)) return Corrupt("index letter out of range");
  uint32_t expect_first = 0;
  for (const IndexBookRec& b : books) {
    if (!StrValid(b.key, pool) || !StrValid(b.name, pool) || b.kind > 1) return Corrupt("index book record out of range");
    if (b.node_first != expect_first || b.node_end < b.node_first || b.node_end > node_count) {
      return Corrupt("index books do not cover the terms in order");
    }
    expect_first = b.node_end;
    if (b.column_first > columns.size() || b.column_count > columns.size() - b.column_first ||
        b.letter_first > letters.size() || b.letter_count > letters.size() - b.letter_first) {
      return Corrupt("index book columns or letters out of range");
    }
    uint32_t at = b.node_first;
    for (uint32_t k = b.letter_first; k < b.letter_first + b.letter_count; ++k) {
      if (letters[k].first != at || letters[k].end <= letters[k].first || letters[k].end > b.node_end) {
        return Corrupt("index letters do not cover their book in order");
      }
      at = letters[k].end;
    }
    if (b.letter_count && at != b.node_end) return Corrupt("index letters do not cover their book in order");
  }
  if (expect_first != node_count) return Corrupt("index books do not cover the terms in order");

  // Levels -> parents and subtree ends (one stack walk per book); refs in node order.
  std::vector<uint32_t> parent(node_count, kNone), end(node_count, 0), ref_first(node_count, 0);
  uint64_t ref_at = 0;
  std::vector<uint32_t> stack;
  for (uint32_t bi = 0; bi < books.size(); ++bi) {
    const IndexBookRec& b = books[bi];
    stack.clear();
    for (uint32_t i = b.node_first; i < b.node_end; ++i) {
      const IndexNodeRec& n = nodes[i];
      if (!StrValid(n.title, pool) || n.nemod_begin > n.nemod_end || n.nemod_end > n.title.length) {
        return Corrupt("index term " + std::to_string(i) + " title out of range");
      }
      if (n.level > stack.size()) return Corrupt("index term " + std::to_string(i) + " skips a level");
      while (stack.size() > n.level) {
        end[stack.back()] = i;
        stack.pop_back();
      }
      parent[i] = stack.empty() ? kNone : stack.back();
      stack.push_back(i);
      ref_first[i] = static_cast<uint32_t>(ref_at);
      ref_at += n.ref_count;
      if (ref_at > refs.size()) return Corrupt("index term " + std::to_string(i) + " references out of range");
      for (const IndexRefRec& r : refs.subspan(ref_first[i], n.ref_count)) {
        bool code_kind = r.kind == uint8_t(IndexRefKind::kCode) || r.kind == uint8_t(IndexRefKind::kManif) ||
                         r.kind == uint8_t(IndexRefKind::kSeeCategory) || r.kind == uint8_t(IndexRefKind::kSubcategory) ||
                         r.kind == uint8_t(IndexRefKind::kCell);
        bool see_kind = r.kind == uint8_t(IndexRefKind::kSee) || r.kind == uint8_t(IndexRefKind::kSeeAlso);
        if (!code_kind && !see_kind) return Corrupt("index reference of unknown kind");
        if (!StrValid(r.text, pool) || r.flags > (kRefDash | kRefDotDash | kRefPartial)) return Corrupt("index reference out of range");
        uint32_t column_book = bi;
        switch (static_cast<IndexTargetKind>(r.target_kind)) {
          case IndexTargetKind::kNoTarget:
            if (r.target != kNone) return Corrupt("index reference has a target without a kind");
            break;
          case IndexTargetKind::kCode:
            if (r.target >= size()) return Corrupt("index reference to a code out of range");
            break;
          case IndexTargetKind::kNode:
            if (!see_kind || r.target >= node_count) return Corrupt("index reference to a term out of range");
            column_book = kNone;  // found below, once every book is checked
            break;
          case IndexTargetKind::kBook:
            if (!see_kind || r.target >= books.size()) return Corrupt("index reference to a book out of range");
            column_book = r.target;
            break;
          default:
            return Corrupt("index reference target of unknown kind");
        }
        if (r.text.length == 0 && r.target_kind != uint8_t(IndexTargetKind::kCode)) {
          return Corrupt("index reference without text or code");
        }
        if (r.kind == uint8_t(IndexRefKind::kCell) && r.column >= b.column_count) return Corrupt("index cell outside its columns");
        if (r.column != kNoColumn && column_book != kNone && r.column >= books[column_book].column_count) {
          return Corrupt("index reference column out of range");
        }
      }
    }
    while (!stack.empty()) {
      end[stack.back()] = b.node_end;
      stack.pop_back();
    }
    for (uint32_t k = b.letter_first; k < b.letter_first + b.letter_count; ++k) {
      if (nodes[letters[k].first].level != 0) return Corrupt("index letter does not start at a main term");
    }
  }
  if (ref_at != refs.size()) return Corrupt("IREF count differs from the terms' references");
  index_.books = books;
  index_.columns = columns;
  index_.letters = letters;
  index_.nodes = nodes;
  index_.refs = refs;
  // A see target's column belongs to the book of the target term.
  for (const IndexRefRec& r : refs) {
    if (r.target_kind == uint8_t(IndexTargetKind::kNode) && r.column != kNoColumn &&
        r.column >= books[index_book_of(r.target)].column_count) {
      return Corrupt("index reference column out of range");
    }
  }
  index_.parent = std::move(parent);
  index_.end = std::move(end);
  index_.ref_first = std::move(ref_first);
  return std::nullopt;
}

uint32_t CodeSet::CodesCrc32() const {
  uint32_t crc = 0;
  for (const CodeRec& r : codes_) crc = Crc32(r.code, sizeof r.code, crc);
  return crc;
}

// An Index file (format.h "Index file"): META (part "index", the code set it was written
// with), STRS, IBOK, INOD, IREF. Its records are expanded (or copied) into storage this
// CodeSet owns, their strings moved past the code set's (str()), then checked by OpenIndex.
std::optional<Error> CodeSet::AttachIndex(std::span<const uint8_t> bytes) {
  constexpr std::string_view kIndexNoun = "Index";
  if (has_index()) return MakeError(ErrorCode::kInvalidArgument, "the code set has its Alphabetic Index and Tables already");
  struct Part {
    uint32_t tag;
    std::span<const uint8_t> data;
    bool present = false;
    uint16_t flags = 0;
  };
  Part parts[] = {{kTagMeta, {}}, {kTagStrings, {}}, {kTagIndexBooks, {}}, {kTagIndexNodes, {}}, {kTagIndexRefs, {}}};
  std::vector<Part*> order;
  std::optional<Error> unknown;  // a required section this reader does not know (after META says what the file is)
  auto header = container::Open(bytes, kIndexNoun, [&](const container::Section& e) -> std::optional<Error> {
    Part* k = nullptr;
    for (auto& p : parts) if (p.tag == e.tag) k = &p;
    if (!k || e.version != 1) {
      order.push_back(nullptr);
      if (e.required() && !unknown) {
        unknown = MakeError(ErrorCode::kUnsupportedSection, "Index file needs section " + TagName(e.tag) + " version " +
                                                                std::to_string(e.version) +
                                                                ", which this reader does not know; use a newer version of the software");
      }
      return std::nullopt;
    }
    if (k->present) return container::Corrupt(kIndexNoun, "section " + TagName(e.tag) + " appears twice");
    *k = {e.tag, e.data, true, e.flags};
    order.push_back(k);
    return std::nullopt;
  });
  if (!header) return header.error();
  if (!parts[0].present) return container::Corrupt(kIndexNoun, "missing section META");
  CodeSetMeta meta;
  auto read = container::ReadMeta(parts[0].data, kIndexNoun, meta);
  if (!read) return read.error();
  const nlohmann::json& j = *read;
  if (container::MetaString(j, "part") != "index") {
    return MakeError(ErrorCode::kInvalidArgument, "this file is not an Alphabetic Index and Tables file (META part is not \"index\")");
  }
  if (unknown) return *unknown;
  for (const Part& p : parts) {
    if (!p.present) return container::Corrupt(kIndexNoun, "missing section " + TagName(p.tag));
  }
  // The Index names codes by their place in CODE: it must have been written with these codes.
  char crc[9];
  std::snprintf(crc, sizeof crc, "%08x", CodesCrc32());
  bool same_inputs = meta.inputs.size() == meta_.inputs.size();
  for (size_t i = 0; same_inputs && i < meta.inputs.size(); ++i) same_inputs = meta.inputs[i].sha256 == meta_.inputs[i].sha256;
  if (meta.system != meta_.system || meta.year != meta_.year || container::MetaInt(j, "codes") != static_cast<int>(size()) ||
      container::MetaString(j, "codes_crc32") != crc || !same_inputs) {
    return MakeError(ErrorCode::kInvalidArgument, "this Alphabetic Index and Tables file belongs to another code set (" +
                                                      (meta.label.empty() ? meta.system + " " + std::to_string(meta.year) : meta.label) +
                                                      ") than " + (meta_.label.empty() ? meta_.system : meta_.label) +
                                                      "; use the Index file imported with it");
  }
  const uint64_t base = strings_.size();
  compact::Expander expander(parts[1].data, static_cast<uint64_t>(std::max(0, container::MetaInt(j, "strings_bytes"))));
  std::vector<WordBuffer> owned;
  bool any_compact = false;
  for (Part* k : order) {
    if (!k) {
      expander.Skipped();
      continue;
    }
    if (k->tag == kTagMeta || k->tag == kTagStrings) continue;
    WordBuffer buf;
    size_t size = 0;
    if (k->flags & kSectionCompact) {
      any_compact = true;
      if (auto e = expander.Expand(*compact::CodeSetLayout(k->tag), k->data, buf, size)) return *e;
    } else {
      size = k->data.size();
      buf.assign((size + 7) / 8, 0);
      if (size) std::memcpy(buf.data(), k->data.data(), size);
    }
    k->data = {reinterpret_cast<const uint8_t*>(buf.data()), size};
    owned.push_back(std::move(buf));
  }
  CharBuffer pool = any_compact ? expander.TakePool() : CharBuffer(parts[1].data.begin(), parts[1].data.end());
  // Its StrRefs, moved past the code set's strings, must stay below the joins' flag (str()).
  if (base + pool.size() >= JoinedStrings::kJoined) return container::Corrupt(kIndexNoun, "strings too large");
  // Every StrRef moves past the code set's strings (the records are ours: owned above).
  auto mut = [](std::span<const uint8_t> d) { return const_cast<uint8_t*>(d.data()); };
  auto move = [&](uint8_t* at, size_t len, size_t stride, size_t field) {
    for (size_t off = 0; off + stride <= len; off += stride) {
      StrRef r;
      std::memcpy(&r, at + off + field, sizeof r);
      // An offset past the strings stays out of range: kNone, never a join's (str()).
      const uint64_t moved = r.offset + base;
      r.offset = moved < JoinedStrings::kJoined ? static_cast<uint32_t>(moved) : kNone;
      std::memcpy(at + off + field, &r, sizeof r);
    }
  };
  std::span<const uint8_t> ibok = parts[2].data, inod = parts[3].data, iref = parts[4].data;
  if (ibok.size() >= sizeof(IndexBooksHeader)) {
    IndexBooksHeader h = Load<IndexBooksHeader>(ibok.data());
    uint8_t* p = mut(ibok) + sizeof h;
    const uint64_t need = sizeof h + uint64_t(h.book_count) * sizeof(IndexBookRec) + uint64_t(h.column_count) * sizeof(StrRef) +
                          uint64_t(h.letter_count) * sizeof(IndexLetterRec);
    if (need <= ibok.size()) {
      move(p, h.book_count * sizeof(IndexBookRec), sizeof(IndexBookRec), offsetof(IndexBookRec, key));
      move(p, h.book_count * sizeof(IndexBookRec), sizeof(IndexBookRec), offsetof(IndexBookRec, name));
      p += h.book_count * sizeof(IndexBookRec);
      move(p, h.column_count * sizeof(StrRef), sizeof(StrRef), 0);
      p += h.column_count * sizeof(StrRef);
      move(p, h.letter_count * sizeof(IndexLetterRec), sizeof(IndexLetterRec), offsetof(IndexLetterRec, letter));
    }
  }
  auto counted = [&](std::span<const uint8_t> d, size_t stride, size_t field) {
    if (d.size() < 4) return;  // OpenIndex says what is wrong
    const uint64_t n = Load<uint32_t>(d.data());
    move(mut(d) + 4, static_cast<size_t>(std::min<uint64_t>(n * stride, d.size() - 4)), stride, field);
  };
  counted(inod, sizeof(IndexNodeRec), offsetof(IndexNodeRec, title));
  counted(iref, sizeof(IndexRefRec), offsetof(IndexRefRec, text));
  index_pool_ = std::move(pool);
  if (auto e = OpenIndex(ibok, inod, iref, true)) {
    index_ = {};
    index_pool_.clear();
    index_pool_.shrink_to_fit();
    return e;
  }
  for (auto& b : owned) expanded_.push_back(std::move(b));
  return std::nullopt;
}

}  // namespace medcode
