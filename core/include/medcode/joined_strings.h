// The strings of a compact code-set file, read where they lie (format.h "Compact sections").
//
// STRS stores each new string as its own bytes, or as an earlier string's prefix plus its
// own bytes ("Diabetes, diabetic, type 2, with" -> "..., foot ulcer"). A string of the
// first kind is read in place from a copy of STRS (its StrRef is an offset into it); a
// string of the second kind is a join, kept as its prefix and where its own bytes are, and
// put together only when it is first read (CodeSet::str): opening the file then writes 16
// bytes per join instead of every string's bytes (ICD-10-CM: 16.8 MB of expanded strings,
// most never shown). A join's StrRef has kJoined set in its offset: the rest of the offset
// is the join's index.
//
// Reading a join the first time writes it into storage of its own (blocks that never move,
// so the views stay valid while the JoinedStrings lives, moves included): not safe for two
// threads reading the same code set's strings at once for the first time.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "medcode/format.h"

namespace medcode {

class JoinedStrings {
 public:
  static constexpr uint32_t kJoined = 0x80000000u;

  // A new join: the first prefix.length bytes of `prefix` (in place or a join added before),
  // then `rest` bytes of the strings at `rest_at`. The caller has checked that those bytes
  // are there. Returns its StrRef: {kJoined | index, prefix.length + rest}.
  format::StrRef Add(format::StrRef prefix, uint32_t rest_at, uint32_t rest) {
    if (size_ == blocks_.size() * kBlock) blocks_.emplace_back(new Join[kBlock]);  // not zero-filled
    const uint32_t length = prefix.length + rest;
    blocks_[size_ >> kShift][size_ & kMask] = {prefix, rest_at, length};
    return {kJoined | static_cast<uint32_t>(size_++), length};
  }
  size_t size() const { return size_; }

  // Whether a StrRef with kJoined set names a join, as long as it is (Add checked its bytes).
  bool Valid(format::StrRef r) const {
    const uint32_t i = r.offset & ~kJoined;
    return (r.offset & kJoined) && i < size_ && at(i).length == r.length;
  }
  // The join's text; `strings` is the copy of STRS its in-place parts point into.
  std::string_view Get(format::StrRef r, const char* strings) const;

 private:
  struct Join {             // 16 bytes
    format::StrRef prefix;  // in place, or a join of a lower index; its length = the bytes taken
    uint32_t rest_at;       // the join's own bytes in the strings
    uint32_t length;        // the whole join's
  };
  static constexpr size_t kShift = 14, kBlock = size_t{1} << kShift, kMask = kBlock - 1;
  const Join& at(uint32_t i) const { return blocks_[i >> kShift][i & kMask]; }
  std::vector<std::unique_ptr<Join[]>> blocks_;  // never move: a vector doubling would copy itself into fresh memory
  size_t size_ = 0;

  // The joins read so far, by index (null: not read yet; sized at the first read, one pointer
  // per join: a hash map's lookup was 6 % of the note coder's time): their text, in blocks of
  // kTextBlock bytes (a longer string in a block of its own).
  static constexpr size_t kTextBlock = size_t{1} << 18;
  mutable std::vector<const char*> decoded_;
  mutable std::vector<std::unique_ptr<char[]>> text_;
  mutable size_t text_used_ = kTextBlock;  // in the last block
};

}  // namespace medcode
