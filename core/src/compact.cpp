// Compact sections (format.h "Compact sections"): the layouts of the code-set sections,
// the writer's column encoder and the reader's expander back to fixed-width records.
#include "compact.h"

#include <cstddef>
#include <algorithm>
#include <cstring>
#include <iterator>
#include <map>

namespace medcode::compact {

using namespace format;

namespace {

constexpr std::string_view kNoun = "code-set";

#define MEDCODE_F(S, m, k) Field{static_cast<uint16_t>(offsetof(S, m)), FieldKind::k}
#define MEDCODE_AT(S, m, i, k) Field{static_cast<uint16_t>(offsetof(S, m) + (i)), FieldKind::k}

Part Counted(uint32_t size, std::vector<Field> f) {
  Part p;
  p.record_size = size;
  p.fields = std::move(f);
  p.counted = true;
  return p;
}

Part Sized(uint32_t size, std::vector<Field> f, int count_part, uint16_t count_offset) {
  Part p;
  p.record_size = size;
  p.fields = std::move(f);
  p.count_part = count_part;
  p.count_offset = count_offset;
  return p;
}

std::vector<Field> U32s(size_t n) {
  std::vector<Field> f;
  for (size_t i = 0; i < n; ++i) f.push_back({static_cast<uint16_t>(4 * i), FieldKind::kU32});
  return f;
}

std::vector<Layout> MakeLayouts() {
  std::vector<Layout> v;
  v.push_back({kTagCodes, {Counted(sizeof(CodeRec), {MEDCODE_F(CodeRec, code, kText8), MEDCODE_F(CodeRec, title, kStr),
                                                     MEDCODE_F(CodeRec, short_title, kStr), MEDCODE_F(CodeRec, parent, kU32),
                                                     MEDCODE_F(CodeRec, subtree_end, kU32), MEDCODE_F(CodeRec, note_first, kU32),
                                                     MEDCODE_F(CodeRec, note_count, kU16), MEDCODE_F(CodeRec, flags, kU8),
                                                     MEDCODE_F(CodeRec, level, kU8), MEDCODE_F(CodeRec, section, kU16),
                                                     MEDCODE_F(CodeRec, chapter, kU8), MEDCODE_F(CodeRec, title_tokens, kU8),
                                                     MEDCODE_F(CodeRec, seventh, kU32)})}});
  v.push_back({kTagSorted, {Counted(4, U32s(1))}});
  v.push_back({kTagChapters, {Counted(sizeof(ChapterRec), {MEDCODE_F(ChapterRec, number, kU32), MEDCODE_F(ChapterRec, title, kStr),
                                                           MEDCODE_F(ChapterRec, first, kText4), MEDCODE_F(ChapterRec, last, kText4),
                                                           MEDCODE_F(ChapterRec, note_first, kU32), MEDCODE_F(ChapterRec, note_count, kU32),
                                                           MEDCODE_F(ChapterRec, reserved, kU32)})}});
  v.push_back({kTagSections, {Counted(sizeof(SectionRec), {MEDCODE_F(SectionRec, first, kText4), MEDCODE_F(SectionRec, last, kText4),
                                                           MEDCODE_F(SectionRec, title, kStr), MEDCODE_F(SectionRec, chapter, kU32),
                                                           MEDCODE_F(SectionRec, note_first, kU32), MEDCODE_F(SectionRec, note_count, kU32),
                                                           MEDCODE_F(SectionRec, reserved, kU32)})}});
  v.push_back({kTagNotes, {Counted(sizeof(NoteRec), {MEDCODE_F(NoteRec, kind, kU8), MEDCODE_F(NoteRec, source, kU8),
                                                     MEDCODE_F(NoteRec, owner_kind, kU8), MEDCODE_F(NoteRec, reserved, kU8),
                                                     MEDCODE_F(NoteRec, owner, kU32), MEDCODE_F(NoteRec, text, kStr),
                                                     MEDCODE_F(NoteRec, ref_first, kU32), MEDCODE_F(NoteRec, ref_count, kU32)})}});
  v.push_back({kTagNoteRefs, {Counted(sizeof(CodeRange), {MEDCODE_F(CodeRange, first, kText8), MEDCODE_F(CodeRange, last, kText8)})}});
  v.push_back({kTagSeventhDefs, {Counted(sizeof(SeventhDef), {MEDCODE_F(SeventhDef, owner, kU32), MEDCODE_F(SeventhDef, ext_first, kU32),
                                                              MEDCODE_F(SeventhDef, ext_count, kU32), MEDCODE_F(SeventhDef, source, kU8),
                                                              MEDCODE_AT(SeventhDef, reserved, 0, kU8), MEDCODE_AT(SeventhDef, reserved, 1, kU8),
                                                              MEDCODE_AT(SeventhDef, reserved, 2, kU8)})}});
  v.push_back({kTagSeventhExts, {Counted(sizeof(SeventhExt), {MEDCODE_F(SeventhExt, ch, kU8), MEDCODE_AT(SeventhExt, reserved, 0, kU8),
                                                              MEDCODE_AT(SeventhExt, reserved, 1, kU8), MEDCODE_AT(SeventhExt, reserved, 2, kU8),
                                                              MEDCODE_F(SeventhExt, meaning, kStr)})}});
  {
    std::vector<Field> f = {MEDCODE_F(DeletedRec, code, kText8), MEDCODE_F(DeletedRec, title, kStr), MEDCODE_F(DeletedRec, source, kU8)};
    for (int i = 0; i < 7; ++i) f.push_back(MEDCODE_AT(DeletedRec, reserved, i, kU8));
    v.push_back({kTagDeleted, {Counted(sizeof(DeletedRec), f)}});
  }
  {
    Part header = Sized(sizeof(SearchHeader), U32s(6), -1, 0);
    Part terms = Sized(sizeof(TermRec), {MEDCODE_F(TermRec, text, kStr), MEDCODE_F(TermRec, display, kStr),
                                         MEDCODE_F(TermRec, post_first, kU32), MEDCODE_F(TermRec, post_count, kU32)},
                       0, offsetof(SearchHeader, term_count));
    Part postings = Sized(4, {}, 0, offsetof(SearchHeader, posting_count));
    postings.postings = true;
    postings.group_part = 1;
    postings.group_first = offsetof(TermRec, post_first);
    postings.group_count = offsetof(TermRec, post_count);
    Part docs = Sized(sizeof(DocRec), {MEDCODE_F(DocRec, code, kU32), MEDCODE_F(DocRec, kind, kU8), MEDCODE_F(DocRec, essential, kU8),
                                       MEDCODE_F(DocRec, flags, kU8), MEDCODE_F(DocRec, source, kU8), MEDCODE_F(DocRec, text, kStr)},
                      0, offsetof(SearchHeader, doc_count));
    v.push_back({kTagSearch, {header, terms, postings, docs}});
  }
  v.push_back({kTagLexicon, {Counted(sizeof(LexRec), {MEDCODE_F(LexRec, source, kStr), MEDCODE_F(LexRec, display, kStr),
                                                      MEDCODE_F(LexRec, alt_first, kU32), MEDCODE_F(LexRec, alt_count, kU16),
                                                      MEDCODE_F(LexRec, raw, kU8), MEDCODE_F(LexRec, reserved, kU8)})}});
  v.push_back({kTagLexiconAlts, {Counted(sizeof(AltRec), {MEDCODE_F(AltRec, stems, kStr), MEDCODE_F(AltRec, display, kStr)})}});
  v.push_back({kTagCodeDates, {Counted(sizeof(CodeDates), U32s(4))}});
  v.push_back({kTagAttributes, {Counted(sizeof(AttrRec), {MEDCODE_F(AttrRec, code, kU32), MEDCODE_F(AttrRec, key, kU16),
                                                          MEDCODE_F(AttrRec, source, kU8), MEDCODE_F(AttrRec, reserved, kU8),
                                                          MEDCODE_F(AttrRec, value, kStr)})}});
  v.push_back({kTagModifierList, {Counted(sizeof(ModifierRec), {MEDCODE_F(ModifierRec, code, kText4), MEDCODE_F(ModifierRec, title, kStr),
                                                                MEDCODE_F(ModifierRec, short_title, kStr), MEDCODE_F(ModifierRec, added, kU32),
                                                                MEDCODE_F(ModifierRec, effective, kU32), MEDCODE_F(ModifierRec, terminated, kU32),
                                                                MEDCODE_F(ModifierRec, action, kU8), MEDCODE_F(ModifierRec, source, kU8),
                                                                MEDCODE_F(ModifierRec, flags, kU8), MEDCODE_F(ModifierRec, coverage, kU8),
                                                                MEDCODE_F(ModifierRec, reserved, kU32)})}});
  {
    Part header = Sized(sizeof(IndexBooksHeader), U32s(4), -1, 0);
    Part books = Sized(sizeof(IndexBookRec), {MEDCODE_F(IndexBookRec, key, kStr), MEDCODE_F(IndexBookRec, name, kStr),
                                              MEDCODE_F(IndexBookRec, node_first, kU32), MEDCODE_F(IndexBookRec, node_end, kU32),
                                              MEDCODE_F(IndexBookRec, column_first, kU32), MEDCODE_F(IndexBookRec, column_count, kU16),
                                              MEDCODE_F(IndexBookRec, source, kU8), MEDCODE_F(IndexBookRec, kind, kU8),
                                              MEDCODE_F(IndexBookRec, letter_first, kU32), MEDCODE_F(IndexBookRec, letter_count, kU32)},
                       0, offsetof(IndexBooksHeader, book_count));
    Part columns = Sized(sizeof(StrRef), {Field{0, FieldKind::kStr}}, 0, offsetof(IndexBooksHeader, column_count));
    Part letters = Sized(sizeof(IndexLetterRec), {MEDCODE_F(IndexLetterRec, letter, kStr), MEDCODE_F(IndexLetterRec, first, kU32),
                                                  MEDCODE_F(IndexLetterRec, end, kU32)},
                         0, offsetof(IndexBooksHeader, letter_count));
    v.push_back({kTagIndexBooks, {header, books, columns, letters}});
  }
  {
    Part header = Sized(sizeof(YearsHeader), U32s(2), -1, 0);
    Part years = Sized(sizeof(YearRec), U32s(4), 0, offsetof(YearsHeader, year_count));
    Part codes = Sized(sizeof(CodeYears), {MEDCODE_F(CodeYears, first, kU8), MEDCODE_F(CodeYears, last, kU8),
                                           MEDCODE_F(CodeYears, billable, kU8), MEDCODE_F(CodeYears, reserved, kU8)},
                       0, offsetof(YearsHeader, code_count));
    v.push_back({kTagYears, {header, years, codes}});
  }
  v.push_back({kTagYearTitles, {Counted(sizeof(YearTitleRec), {MEDCODE_F(YearTitleRec, code, kU32), MEDCODE_F(YearTitleRec, year, kU8),
                                                               MEDCODE_AT(YearTitleRec, reserved, 0, kU8), MEDCODE_AT(YearTitleRec, reserved, 1, kU8),
                                                               MEDCODE_AT(YearTitleRec, reserved, 2, kU8), MEDCODE_F(YearTitleRec, title, kStr),
                                                               MEDCODE_F(YearTitleRec, short_title, kStr)})}});
  v.push_back({kTagIndexNodes, {Counted(sizeof(IndexNodeRec), {MEDCODE_F(IndexNodeRec, title, kStr), MEDCODE_F(IndexNodeRec, nemod_begin, kU16),
                                                               MEDCODE_F(IndexNodeRec, nemod_end, kU16), MEDCODE_F(IndexNodeRec, level, kU8),
                                                               MEDCODE_F(IndexNodeRec, ref_count, kU8), MEDCODE_F(IndexNodeRec, reserved, kU16)})}});
  v.push_back({kTagIndexRefs, {Counted(sizeof(IndexRefRec), {MEDCODE_F(IndexRefRec, kind, kU8), MEDCODE_F(IndexRefRec, target_kind, kU8),
                                                             MEDCODE_F(IndexRefRec, column, kU8), MEDCODE_F(IndexRefRec, flags, kU8),
                                                             MEDCODE_F(IndexRefRec, target, kU32), MEDCODE_F(IndexRefRec, text, kStr)})}});
  return v;
}

#undef MEDCODE_F
#undef MEDCODE_AT

size_t Width(FieldKind k) {
  switch (k) {
    case FieldKind::kU8: return 1;
    case FieldKind::kU16: return 2;
    case FieldKind::kU32: return 4;
    case FieldKind::kStr: return 8;
    case FieldKind::kText4: return 4;
    case FieldKind::kText8: return 8;
  }
  return 0;
}

uint32_t LoadNumber(const uint8_t* p, FieldKind k) {
  if (k == FieldKind::kU8) return *p;
  if (k == FieldKind::kU16) return container::Load<uint16_t>(p);
  return container::Load<uint32_t>(p);
}

void StoreNumber(uint8_t* p, FieldKind k, uint32_t v) {
  if (k == FieldKind::kU8) {
    *p = static_cast<uint8_t>(v);
  } else if (k == FieldKind::kU16) {
    uint16_t s = static_cast<uint16_t>(v);
    std::memcpy(p, &s, 2);
  } else {
    std::memcpy(p, &v, 4);
  }
}

// Copies n bytes between regions that do not overlap. Most strings are short (a title, an
// index path, a code's prefix): a call to the C library's memcpy for each was a third of the
// open in a fresh wasm module (its first calls run in V8's baseline code, and emscripten's
// memcpy hands copies of 512 bytes and more to JavaScript), so the bytes are copied here in
// 8-byte words, 64 bytes at a time, then the last words (the last one overlapping the word
// before). The loop's body is eight copies: a compiler does not turn it back into memcpy.
inline void CopyBytes(uint8_t* dst, const uint8_t* src, size_t n) {
  const auto word = [&](size_t at) {
    uint64_t w;
    std::memcpy(&w, src + at, 8);
    std::memcpy(dst + at, &w, 8);
  };
  while (n > 64) {
    word(0), word(8), word(16), word(24), word(32), word(40), word(48), word(56);
    dst += 64;
    src += 64;
    n -= 64;
  }
  if (n >= 8) {
    switch ((n - 1) / 8) {  // the words before the last one
      case 7: word(48); [[fallthrough]];
      case 6: word(40); [[fallthrough]];
      case 5: word(32); [[fallthrough]];
      case 4: word(24); [[fallthrough]];
      case 3: word(16); [[fallthrough]];
      case 2: word(8); [[fallthrough]];
      case 1: word(0); [[fallthrough]];
      default: word(n - 8);
    }
  } else if (n >= 4) {
    uint32_t a, b;
    std::memcpy(&a, src, 4);
    std::memcpy(&b, src + n - 4, 4);
    std::memcpy(dst, &a, 4);
    std::memcpy(dst + n - 4, &b, 4);
  } else {
    if (n > 0) dst[0] = src[0];
    if (n > 1) dst[1] = src[1];
    if (n > 2) dst[2] = src[2];
  }
}

uint32_t Zigzag(uint32_t delta) { return (delta << 1) ^ static_cast<uint32_t>(-static_cast<int32_t>(delta >> 31)); }
uint32_t Unzigzag(uint32_t z) { return (z >> 1) ^ static_cast<uint32_t>(-static_cast<int32_t>(z & 1)); }

void PutVarint(std::string& out, uint32_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

// A new string shares a prefix of at least this many bytes with an earlier one: stored as
// a reference to it, the prefix length and the rest.
constexpr size_t kMinPrefix = 8;

// Numeric column codecs: every value is stored as x = value + 1 (so kNone is 0), either
// as is or as the zigzag difference from the previous x of the column.
enum : uint8_t { kPlain = 0, kDelta = 1 };

// ---- Writer ----

class Encoder {
 public:
  explicit Encoder(std::string_view old_pool) : old_pool_(old_pool) {}

  std::optional<Error> Section(const Layout& layout, std::string_view in, std::string& out) {
    if (in.size() > 0xFFFFFFFFu) return Fail(layout, "too large");
    PutVarint(out, static_cast<uint32_t>(pool_.size()));
    PutVarint(out, next_id_);
    PutVarint(out, static_cast<uint32_t>(in.size()));
    size_t at = 0;
    std::vector<const uint8_t*> part_start(layout.parts.size(), nullptr);
    std::vector<uint32_t> part_count(layout.parts.size(), 0);
    const auto* base = reinterpret_cast<const uint8_t*>(in.data());
    for (size_t pi = 0; pi < layout.parts.size(); ++pi) {
      const Part& p = layout.parts[pi];
      uint32_t count = 1;
      if (p.counted) {
        if (in.size() - at < 4) return Fail(layout, "shorter than its count");
        count = container::Load<uint32_t>(base + at);
        at += 4;
      } else if (p.count_part >= 0) {
        count = container::Load<uint32_t>(part_start[p.count_part] + p.count_offset);
      }
      if ((in.size() - at) / p.record_size < count) return Fail(layout, "shorter than its records");
      part_start[pi] = base + at;
      part_count[pi] = count;
      PutVarint(out, count);
      const uint8_t* recs = base + at;
      at += static_cast<size_t>(count) * p.record_size;
      if (p.postings) {
        const Part& g = layout.parts[p.group_part];
        uint32_t running = 0;
        for (uint32_t k = 0; k < part_count[p.group_part]; ++k) {
          const uint8_t* gr = part_start[p.group_part] + size_t(k) * g.record_size;
          uint32_t first = container::Load<uint32_t>(gr + p.group_first), n = container::Load<uint32_t>(gr + p.group_count);
          if (first != running || n > count - running) return Fail(layout, "groups do not follow one another");
          int64_t prev = -1;
          for (uint32_t j = first; j < first + n; ++j) {
            uint32_t v = container::Load<uint32_t>(recs + 4ull * j);
            int64_t doc = v & kIdMask;
            uint32_t flags = v >> 24;
            if (doc <= prev || flags > kPostOptional) return Fail(layout, "postings not increasing or with unknown flags");
            PutVarint(out, static_cast<uint32_t>(doc - prev - 1) << 1 | flags);
            prev = doc;
          }
          running += n;
        }
        if (running != count) return Fail(layout, "groups do not cover the postings");
        continue;
      }
      for (const Field& f : p.fields) {
        if (auto e = Column(layout, p, f, recs, count, out)) return e;
      }
    }
    if (at != in.size()) return Fail(layout, "longer than its records");
    return std::nullopt;
  }

  const std::string& pool() const { return pool_; }

 private:
  std::optional<Error> Fail(const Layout& layout, const char* what) {
    return MakeError(ErrorCode::kCorrupt, "cannot compact section " + container::TagName(layout.tag) + ": " + what);
  }

  std::optional<Error> Column(const Layout& layout, const Part& p, const Field& f, const uint8_t* recs, uint32_t count,
                              std::string& out) {
    switch (f.kind) {
      case FieldKind::kU8:
      case FieldKind::kU16:
      case FieldKind::kU32: {
        std::string plain, delta;
        uint32_t prev = 0;
        for (uint32_t i = 0; i < count; ++i) {
          uint32_t x = LoadNumber(recs + size_t(i) * p.record_size + f.offset, f.kind) + 1;
          PutVarint(plain, x);
          PutVarint(delta, Zigzag(x - prev));
          prev = x;
        }
        bool use_delta = delta.size() < plain.size();
        out.push_back(static_cast<char>(use_delta ? kDelta : kPlain));
        out += use_delta ? delta : plain;
        return std::nullopt;
      }
      case FieldKind::kStr: {
        uint32_t last = 0;
        for (uint32_t i = 0; i < count; ++i) {
          StrRef r = container::Load<StrRef>(recs + size_t(i) * p.record_size + f.offset);
          if (!container::StrOk(r, old_pool_.size())) return Fail(layout, "string out of range");
          std::string_view s = old_pool_.substr(r.offset, r.length);
          if (s.empty()) {
            PutVarint(out, 0);
            continue;
          }
          if (s.size() >= 0x40000000u) return Fail(layout, "string too long");
          auto [it, inserted] = ids_.emplace(std::string(s), next_id_);
          if (!inserted) {
            PutVarint(out, Zigzag(it->second - last) << 1 | 1);
            last = it->second;
            continue;
          }
          // A new string: its longest prefix shared with an earlier string is next to it in
          // sorted order. Worth a reference when long (gzip's window is only 32 KiB).
          size_t best = 0;
          uint32_t best_id = 0;
          for (auto nb : {std::next(it), it == ids_.begin() ? ids_.end() : std::prev(it)}) {
            if (nb == ids_.end()) continue;
            const std::string& t = nb->first;
            size_t k = 0;
            while (k < s.size() && k < t.size() && s[k] == t[k]) ++k;
            if (k > best) {
              best = k;
              best_id = nb->second;
            }
          }
          if (best >= kMinPrefix) {
            PutVarint(out, static_cast<uint32_t>(s.size() - best) << 2 | 2);
            PutVarint(out, next_id_ - best_id);
            PutVarint(out, static_cast<uint32_t>(ref_len_[best_id] - best));
            pool_ += s.substr(best);
          } else {
            PutVarint(out, static_cast<uint32_t>(s.size()) << 2);
            pool_ += s;
          }
          ref_len_.push_back(static_cast<uint32_t>(s.size()));
          ++next_id_;
        }
        return std::nullopt;
      }
      case FieldKind::kText4:
      case FieldKind::kText8: {
        const size_t n = Width(f.kind);
        std::string_view prev;
        for (uint32_t i = 0; i < count; ++i) {
          const char* c = reinterpret_cast<const char*>(recs + size_t(i) * p.record_size + f.offset);
          std::string_view s(c, strnlen(c, n));
          for (size_t k = s.size(); k < n; ++k) if (c[k]) return Fail(layout, "code text not NUL padded");
          for (char ch : s) if (ch < 0x21 || ch > 0x7E) return Fail(layout, "code text not printable ASCII");
          size_t shared = 0;
          while (shared < s.size() && shared < prev.size() && s[shared] == prev[shared]) ++shared;
          out.push_back(static_cast<char>(shared << 4 | (s.size() - shared)));
          out.append(s.substr(shared));
          prev = s;
        }
        return std::nullopt;
      }
    }
    return std::nullopt;
  }

  std::string_view old_pool_;
  std::string pool_;
  std::map<std::string, uint32_t> ids_;  // every new string so far, sorted
  std::vector<uint32_t> ref_len_;          // by id: its length
  uint32_t next_id_ = 0;
};

// ---- Reader ----

}  // namespace

class Reader {
 public:
  Reader(std::span<const uint8_t> d, uint32_t tag) : d_(d), tag_(tag) {}
  bool done() const { return at_ == d_.size(); }
  size_t left() const { return d_.size() - at_; }

  // Most numbers are one byte: that path is small enough to be inlined in the expander's
  // loops (2.5 million numbers in ICD-10-CM; in wasm a call each cost a tenth of the open).
  std::optional<Error> Varint(uint32_t& v) {
    if (at_ < d_.size() && d_[at_] < 0x80) [[likely]] {
      v = d_[at_++];
      return std::nullopt;
    }
    return LongVarint(v);
  }
  [[gnu::noinline]] std::optional<Error> LongVarint(uint32_t& v) {
    v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (at_ >= d_.size()) return Bad("truncated number");
      uint8_t b = d_[at_++];
      if (shift == 28 && b > 0x0F) return Bad("number too large");
      v |= static_cast<uint32_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return std::nullopt;
    }
    return Bad("number too large");
  }
  std::optional<Error> Byte(uint8_t& b) {
    if (at_ >= d_.size()) return Bad("truncated");
    b = d_[at_++];
    return std::nullopt;
  }
  const uint8_t* Take(size_t n) {
    if (left() < n) return nullptr;
    const uint8_t* p = d_.data() + at_;
    at_ += n;
    return p;
  }
  Error Bad(const std::string& what) const {
    return container::Corrupt(kNoun, "compact section " + container::TagName(tag_) + ": " + what);
  }

 private:
  std::span<const uint8_t> d_;
  size_t at_ = 0;
  uint32_t tag_;
};

namespace {


constexpr StrRef kSkippedString{kNone, kNone};
constexpr uint64_t kMaxString = 0x40000000u;
// The expanded strings may be at most this many times STRS (plus 1 MiB): a hostile file
// cannot make the reader build gigabytes out of prefixes.
constexpr uint64_t kMaxExpansion = 32;


// The columns are decoded kChunk records per call (postings a term per call), each kind by a
// function of its own: V8 runs a wasm function in baseline code until it has compiled it
// optimized, and only later calls run the optimized code (wasm has no on-stack replacement),
// so one call per column (238,000 documents, 1.6 million postings) would run all of it in a
// fresh module's baseline code. (binaryen inlines a helper with one caller into Expand; the
// string chunks, called per column, stay a function of their own.)
constexpr uint32_t kChunk = 4096;

[[gnu::noinline]] std::optional<Error> NumberChunk(Reader& in, uint8_t codec, FieldKind kind, uint8_t* at,
                                                   uint32_t stride, uint32_t n, uint32_t& prev) {
  const uint32_t max = kind == FieldKind::kU8 ? 0xFFu : kind == FieldKind::kU16 ? 0xFFFFu : 0xFFFFFFFFu;
  for (uint32_t i = 0; i < n; ++i, at += stride) {
    uint32_t v = 0;
    if (auto e = in.Varint(v)) return e;
    const uint32_t x = codec == kPlain ? v : prev + Unzigzag(v);
    prev = x;
    const uint32_t value = x - 1;
    if (value > max) return in.Bad("value out of range");
    StoreNumber(at, kind, value);
  }
  return std::nullopt;
}

[[gnu::noinline]] std::optional<Error> TextChunk(Reader& in, size_t width, uint8_t* at, uint32_t stride, uint32_t n,
                                                 const uint8_t*& prev, size_t& prev_len) {
  for (uint32_t i = 0; i < n; ++i, at += stride) {
    uint8_t b = 0;
    if (auto e = in.Byte(b)) return e;
    const size_t shared = b >> 4, suffix = b & 15;
    if (shared > prev_len || shared + suffix > width) return in.Bad("code text out of range");
    const uint8_t* s = in.Take(suffix);
    if (!s) return in.Bad("truncated code text");
    CopyBytes(at, prev, shared);
    for (size_t k = 0; k < suffix; ++k) {
      if (s[k] < 0x21 || s[k] > 0x7E) return in.Bad("code text byte out of range");
      at[shared + k] = s[k];
    }
    if (shared + suffix < width) std::memset(at + shared + suffix, 0, width - shared - suffix);
    prev = at;
    prev_len = shared + suffix;
  }
  return std::nullopt;
}

// One term's postings (n of them) into out: doc | optional << 24.
[[gnu::noinline]] std::optional<Error> PostingGroup(Reader& in, uint8_t* out, uint32_t n) {
  int64_t prev = -1;
  for (uint32_t j = 0; j < n; ++j) {
    uint32_t v = 0;
    if (auto e = in.Varint(v)) return e;
    const int64_t doc = prev + 1 + (v >> 1);
    if (doc > kIdMask) return in.Bad("posting past the documents");
    const uint32_t out_v = static_cast<uint32_t>(doc) | (v & 1) << 24;
    std::memcpy(out + 4ull * j, &out_v, 4);
    prev = doc;
  }
  return std::nullopt;
}

}  // namespace

const Layout* CodeSetLayout(uint32_t tag) {
  static const std::vector<Layout> layouts = MakeLayouts();
  for (const Layout& l : layouts) if (l.tag == tag) return &l;
  return nullptr;
}

Result<std::vector<container::RawSection>> Compact(const std::vector<container::RawSection>& sections) {
  const container::RawSection* strs = nullptr;
  for (const auto& s : sections) if (s.tag == kTagStrings) strs = &s;
  if (!strs) return MakeError(ErrorCode::kInvalidArgument, "no STRS section to compact against");
  Encoder enc(strs->data);
  std::vector<container::RawSection> out;
  for (const auto& s : sections) {
    const Layout* layout = CodeSetLayout(s.tag);
    if (!layout) {
      out.push_back(s);
      continue;
    }
    container::RawSection c{s.tag, s.version, static_cast<uint16_t>(s.flags | kSectionCompact), {}};
    if (auto e = enc.Section(*layout, s.data, c.data)) return *e;
    out.push_back(std::move(c));
  }
  for (auto& s : out) if (s.tag == kTagStrings) s.data = enc.pool();
  return out;
}

Expander::Expander(std::span<const uint8_t> strings, uint64_t expanded_hint, JoinedStrings* joins)
    : stream_(strings),
      joins_(strings.size() < JoinedStrings::kJoined ? joins : nullptr),
      max_pool_(std::min<uint64_t>(kMaxExpansion * strings.size() + (1u << 20), 0x7FFFFFFFu)) {
  // Sized once (the strings are copied in place, not appended one at a time), and not
  // zero-filled (CharBuffer): only the bytes written are ever read.
  if (!joins_) pool_.resize(std::min(expanded_hint, max_pool_));
}

uint32_t StringsBegin(std::span<const uint8_t> compact_section) {
  Reader in(compact_section, 0);
  uint32_t v = 0;
  return in.Varint(v) ? 0 : v;
}

CharBuffer Expander::TakePool(bool unread) {
  if (joins_) {  // the strings read in place lie in STRS before the cursor
    pool_.assign(stream_.begin(), stream_.begin() + (unread ? stream_.size() : cursor_));
    cursor_ = stream_.size();
    return std::move(pool_);
  }
  pool_.resize(pool_size_);
  if (unread) pool_.insert(pool_.end(), stream_.begin() + cursor_, stream_.end());
  cursor_ = stream_.size();
  return std::move(pool_);
}

// One chunk of a string column (see kChunk): each string new (its bytes from STRS, after a
// prefix of an earlier string) or one read before.
[[gnu::noinline]] std::optional<Error> Expander::StringChunk(Reader& in, uint8_t* at, uint32_t stride, uint32_t n, uint32_t& last) {
  for (uint32_t i = 0; i < n; ++i, at += stride) {
    uint32_t v = 0;
    if (auto e = in.Varint(v)) return e;
    StrRef r{};
    if (!(v & 1)) {
      uint32_t rest = v >> 2;
      StrRef prefix{0, 0};
      if (v & 2) {
        uint32_t back = 0, cut = 0;  // the prefix: string (newest - back), less its last `cut` bytes
        if (auto e = in.Varint(back)) return e;
        if (auto e = in.Varint(cut)) return e;
        if (back == 0 || back > ids_.size()) return in.Bad("prefix from a string not yet read");
        prefix = ids_[ids_.size() - back];
        if (prefix.offset == kNone) return in.Bad("prefix from a string of a skipped section");
        if (cut >= prefix.length) return in.Bad("prefix longer than its string");
        prefix.length -= cut;
      }
      if (rest > stream_.size() - cursor_) return in.Bad("string past the end of STRS");
      const uint64_t len = uint64_t(prefix.length) + rest;
      if (len > kMaxString || pool_size_ + len > max_pool_) return in.Bad("strings expand too far");
      if (joins_) {
        pool_size_ += len;
        const auto at_cursor = static_cast<uint32_t>(cursor_);
        if (!prefix.length) {
          r = {at_cursor, rest};  // in place
        } else if (!(prefix.offset & JoinedStrings::kJoined) && (prefix.offset + prefix.length == at_cursor || !rest)) {
          r = {prefix.offset, static_cast<uint32_t>(len)};  // its prefix and its bytes lie one after the other
        } else {
          r = joins_->Add(prefix, at_cursor, rest);
        }
        cursor_ += rest;
        if (len) ids_.push_back(r);
        std::memcpy(at, &r, sizeof r);
        continue;
      }
      const size_t pos = pool_size_;
      r = {static_cast<uint32_t>(pos), static_cast<uint32_t>(len)};
      if (pool_.size() < pos + len) {  // past the hint: grows by half at least, never past max_pool_
        pool_.resize(std::min<uint64_t>(std::max<uint64_t>({pos + len, pool_.size() + pool_.size() / 2, 1u << 16}), max_pool_));
      }
      uint8_t* const to = reinterpret_cast<uint8_t*>(pool_.data()) + pos;
      CopyBytes(to, reinterpret_cast<const uint8_t*>(pool_.data()) + prefix.offset, prefix.length);
      CopyBytes(to + prefix.length, stream_.data() + cursor_, rest);
      pool_size_ = pos + len;
      cursor_ += rest;
      if (len) ids_.push_back(r);
    } else {
      uint32_t id = last + Unzigzag(v >> 1);
      if (id >= ids_.size()) return in.Bad("reference to a string not yet read");
      r = ids_[id];
      if (r.offset == kNone) return in.Bad("reference to a string of a skipped section");
      last = id;
    }
    std::memcpy(at, &r, sizeof r);
  }
  return std::nullopt;
}

std::optional<Error> Expander::Expand(const Layout& layout, std::span<const uint8_t> data, WordBuffer& out,
                                      size_t& out_size) {
  Reader in(data, layout.tag);
  uint32_t pool_begin = 0, id_begin = 0;
  if (auto e = in.Varint(pool_begin)) return e;
  if (auto e = in.Varint(id_begin)) return e;
  if (after_skip_) {
    if (pool_begin < cursor_ || pool_begin > stream_.size() || id_begin < ids_.size() || id_begin - ids_.size() > stream_.size()) {
      return in.Bad("its strings do not follow the previous section's");
    }
    ids_.grow_to(id_begin, kSkippedString);
    cursor_ = pool_begin;
    after_skip_ = false;
  } else if (pool_begin != cursor_ || id_begin != ids_.size()) {
    return in.Bad("its strings do not follow the previous section's");
  }
  uint32_t records_bytes = 0;
  if (auto e = in.Varint(records_bytes)) return e;
  // Every field of a record takes at least one byte: a record is at most 8 times its bytes.
  if (records_bytes > 8 * uint64_t(data.size()) + 64) return in.Bad("records larger than the section can hold");
  // Not zero-filled (WordBuffer): the fields cover each record (the text fields write their
  // NUL padding), the postings every slot; only the padding after the last record is zeroed.
  out.clear();
  out.resize((size_t(records_bytes) + 7) / 8);
  if (!out.empty()) out.back() = 0;
  uint8_t* const base = reinterpret_cast<uint8_t*>(out.data());
  size_t used = 0;
  std::vector<size_t> part_start(layout.parts.size(), 0);
  std::vector<uint32_t> part_count(layout.parts.size(), 0);
  for (size_t pi = 0; pi < layout.parts.size(); ++pi) {
    const Part& p = layout.parts[pi];
    uint32_t count = 0;
    if (auto e = in.Varint(count)) return e;
    if (p.count_part >= 0) {
      if (part_count[p.count_part] == 0) return in.Bad("header missing");
      if (count != container::Load<uint32_t>(base + part_start[p.count_part] + p.count_offset)) {
        return in.Bad("record count differs from its header");
      }
    }
    // Every record takes at least one byte.
    if (count > in.left()) return in.Bad("more records than bytes");
    const uint64_t need = (p.counted ? 4 : 0) + uint64_t(count) * p.record_size;
    if (need > records_bytes - used) return in.Bad("records do not add up to their size");
    if (p.counted) {
      std::memcpy(base + used, &count, 4);
      used += 4;
    }
    part_start[pi] = used;
    part_count[pi] = count;
    uint8_t* recs = base + used;
    used += size_t(count) * p.record_size;
    if (p.postings) {
      const Part& g = layout.parts[p.group_part];
      uint64_t running = 0;
      for (uint32_t k = 0; k < part_count[p.group_part]; ++k) {
        const uint8_t* gr = base + part_start[p.group_part] + size_t(k) * g.record_size;
        uint32_t first = container::Load<uint32_t>(gr + p.group_first), n = container::Load<uint32_t>(gr + p.group_count);
        if (first != running || n > count - running) return in.Bad("posting counts do not add up");
        if (auto e = PostingGroup(in, recs + 4ull * first, n)) return e;
        running += n;
      }
      if (running != count) return in.Bad("posting counts do not add up");
      continue;
    }
    for (const Field& f : p.fields) {
      uint8_t* const column = recs + f.offset;
      const size_t stride = p.record_size;
      switch (f.kind) {
        case FieldKind::kU8:
        case FieldKind::kU16:
        case FieldKind::kU32: {
          uint8_t codec = 0;
          if (auto e = in.Byte(codec)) return e;
          if (codec != kPlain && codec != kDelta) return in.Bad("unknown column encoding");
          uint32_t prev = 0;
          for (uint32_t i = 0; i < count; i += kChunk) {
            if (auto e = NumberChunk(in, codec, f.kind, column + i * stride, p.record_size, std::min(kChunk, count - i), prev)) return e;
          }
          break;
        }
        case FieldKind::kStr: {
          uint32_t last = 0;
          for (uint32_t i = 0; i < count; i += kChunk) {
            if (auto e = StringChunk(in, column + i * stride, p.record_size, std::min(kChunk, count - i), last)) return e;
          }
          break;
        }
        case FieldKind::kText4:
        case FieldKind::kText8: {
          const uint8_t* prev = nullptr;
          size_t prev_len = 0;
          for (uint32_t i = 0; i < count; i += kChunk) {
            if (auto e = TextChunk(in, Width(f.kind), column + i * stride, p.record_size, std::min(kChunk, count - i), prev, prev_len)) {
              return e;
            }
          }
          break;
        }
      }
    }
  }
  if (!in.done()) return in.Bad("bytes after the last record");
  if (used != records_bytes) return in.Bad("records do not add up to their size");
  out_size = used;
  return std::nullopt;
}

Result<std::vector<container::RawSection>> ExpandAll(const std::vector<container::RawSection>& sections) {
  const container::RawSection* strs = nullptr;
  for (const auto& s : sections) if (s.tag == kTagStrings) strs = &s;
  if (!strs) return container::Corrupt(kNoun, "missing required section STRS");
  Expander x({reinterpret_cast<const uint8_t*>(strs->data.data()), strs->data.size()});
  std::vector<container::RawSection> out;
  for (const auto& s : sections) {
    const Layout* layout = CodeSetLayout(s.tag);
    if (!(s.flags & kSectionCompact) || !layout) {
      if (s.flags & kSectionCompact) x.Skipped();
      out.push_back(s);
      continue;
    }
    WordBuffer buf;
    size_t size = 0;
    if (auto e = x.Expand(*layout, {reinterpret_cast<const uint8_t*>(s.data.data()), s.data.size()}, buf, size)) return *e;
    out.push_back({s.tag, s.version, static_cast<uint16_t>(s.flags & ~kSectionCompact),
                   std::string(reinterpret_cast<const char*>(buf.data()), size)});
  }
  CharBuffer pool = x.TakePool();
  for (auto& s : out) if (s.tag == kTagStrings) s.data.assign(pool.begin(), pool.end());
  return out;
}

}  // namespace medcode::compact
