// JoinedStrings: a compact file's strings stored as a prefix plus their own bytes, put
// together when first read (medcode/joined_strings.h).
#include "medcode/joined_strings.h"

#include <algorithm>
#include <cstring>

namespace medcode {

using format::StrRef;

std::string_view JoinedStrings::Get(StrRef r, const char* strings) const {
  const uint32_t index = r.offset & ~kJoined;
  if (decoded_.size() != size_) decoded_.resize(size_, nullptr);  // grown with the joins (kept entries stay)
  if (const char* known = decoded_[index]) return {known, r.length};
  // Room for it: in the last block, else in a new one (a long string: one of its own).
  if (r.length > kTextBlock - text_used_) {
    text_.emplace_back(new char[std::max<size_t>(kTextBlock, r.length)]);
    text_used_ = 0;
  }
  char* const out = text_.back().get() + text_used_;
  text_used_ = std::min(kTextBlock, text_used_ + r.length);
  // out[0, end) is the first `end` bytes of `cur`: a join's own bytes, then its prefix, back
  // to front, until a part in place or a join read before.
  StrRef cur = r;
  uint32_t end = r.length;
  while (end) {
    if (!(cur.offset & kJoined)) {
      std::memcpy(out, strings + cur.offset, end);
      break;
    }
    const uint32_t ci = cur.offset & ~kJoined;
    if (const char* known = decoded_[ci]) {
      std::memcpy(out, known, end);
      break;
    }
    const Join& c = at(ci);
    const uint32_t keep = c.prefix.length;
    if (end > keep) {
      std::memcpy(out + keep, strings + c.rest_at, end - keep);
      end = keep;
    }
    cur = c.prefix;
  }
  decoded_[index] = out;
  return {out, r.length};
}

}  // namespace medcode
