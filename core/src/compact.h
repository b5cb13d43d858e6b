// The compact encoding of code-set sections (format 2, see format.h "Compact sections"):
// the records of a section stored column by column as variable-length integers (plain or
// delta), code texts front-coded, string references as lengths of strings laid out in
// STRS in the order they are first read (or as the id of an earlier string). The writer
// compacts the fixed-width sections it built (Compact); the reader expands each compact
// section back into the same fixed-width records (Expander), then checks them as ever.
// Private to the core, its importer and the tests.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "container.h"
#include "medcode/buffer.h"
#include "medcode/error.h"
#include "medcode/joined_strings.h"

namespace medcode::compact {

enum class FieldKind : uint8_t {
  kU8,
  kU16,
  kU32,
  kStr,    // StrRef into STRS
  kText4,  // char[4], NUL padded
  kText8,  // char[8], NUL padded
};

struct Field {
  uint16_t offset;
  FieldKind kind;
};

// One array of fixed-width records inside a section.
struct Part {
  uint32_t record_size = 0;
  std::vector<Field> fields;   // cover the record exactly, each byte once
  bool counted = false;        // the fixed-width section has a u32 count before the records
  // The count must equal the u32 at this offset of record 0 of part `count_part` (a header).
  int count_part = -1;
  uint16_t count_offset = 0;
  // SRCH postings: u32 values (doc | flags << 24), grouped per record of part `group_part`
  // whose u32 fields at group_first / group_count say where each group lies.
  bool postings = false;
  int group_part = -1;
  uint16_t group_first = 0, group_count = 0;
};

struct Layout {
  uint32_t tag;
  std::vector<Part> parts;
};

// The layout of a code-set section, nullptr for a section that is never compact (META, STRS).
const Layout* CodeSetLayout(uint32_t tag);

// Writer: every section with a layout compacted (flag kSectionCompact), the others as they
// are, and the STRS section replaced by the strings in the order the reader meets them.
// `sections` are fixed-width, their StrRefs pointing into their STRS section.
Result<std::vector<container::RawSection>> Compact(const std::vector<container::RawSection>& sections);

class Reader;  // compact.cpp: reads a compact section's numbers

// The strings read so far, by id, in blocks that never move. A vector doubling as it grew
// (every new string of the file) copied itself into ever newer memory: a fresh wasm module's
// open pays for each page it touches the first time, and the copies held the heap's peak up.
class StringIds {
 public:
  size_t size() const { return size_; }
  const format::StrRef& operator[](size_t i) const { return blocks_[i >> kShift][i & kMask]; }
  void push_back(format::StrRef r) {
    if (size_ == blocks_.size() * kBlock) blocks_.emplace_back(new format::StrRef[kBlock]);  // not zero-filled
    blocks_[size_ >> kShift][size_ & kMask] = r;
    ++size_;
  }
  void grow_to(size_t n, format::StrRef fill) {  // the ids of a section the reader skipped
    while (size_ < n) push_back(fill);
  }

 private:
  static constexpr size_t kShift = 15, kBlock = size_t{1} << kShift, kMask = kBlock - 1;
  std::vector<std::unique_ptr<format::StrRef[]>> blocks_;
  size_t size_ = 0;
};

// Reader: expands compact sections, in file order, into fixed-width records. One Expander
// per file: string ids and the STRS position run on from section to section.
class Expander {
 public:
  // `expanded_hint`: the expanded strings' size if known (META "strings_bytes"), to
  // allocate the pool once; only a hint. With `joins`, the strings are not expanded: a
  // string is read in place from STRS (its StrRef an offset into STRS) or, when it starts
  // with an earlier string's prefix, added to `joins` (medcode/joined_strings.h); TakePool
  // then gives the bytes of STRS the sections read. Every StrRef of the records then
  // points there or names a join.
  explicit Expander(std::span<const uint8_t> strings, uint64_t expanded_hint = 0, JoinedStrings* joins = nullptr);
  // The fixed-width bytes of one compact section (8-byte aligned storage in `out`, every
  // byte written: the records field by field, the padding after them zeroed).
  std::optional<Error> Expand(const Layout& layout, std::span<const uint8_t> data, WordBuffer& out, size_t& out_size);
  // A section the reader skipped: the next section says where its strings start.
  void Skipped() { after_skip_ = true; }
  // The expanded string pool, which the StrRefs of every section index: the strings read
  // so far, then (unless `unread` is false: the reader left sections out and nothing points
  // there) the bytes of STRS no compact section read. Call once, after the sections.
  CharBuffer TakePool(bool unread = true);

 private:
  // One chunk of a string column: n StrRefs `stride` bytes apart from `at` (compact.cpp).
  std::optional<Error> StringChunk(Reader& in, uint8_t* at, uint32_t stride, uint32_t n, uint32_t& last);
  std::span<const uint8_t> stream_;  // STRS: the strings' bytes, prefixes left out
  JoinedStrings* joins_;
  uint64_t max_pool_;
  CharBuffer pool_;  // the expanded strings: pool_size_ bytes, then room for more (not with joins_)
  size_t pool_size_ = 0;  // with joins_: the bytes the strings would expand to
  uint64_t cursor_ = 0;
  StringIds ids_;
  bool after_skip_ = false;
};

// Where a compact section's strings start in STRS (its first number), 0 if it cannot be read:
// a reader that leaves the sections from there on out keeps the STRS bytes before it.
uint32_t StringsBegin(std::span<const uint8_t> compact_section);

// Expands every compact section of a file's section list (tests: to damage fixed-width fields).
Result<std::vector<container::RawSection>> ExpandAll(const std::vector<container::RawSection>& sections);

}  // namespace medcode::compact
