// Raw DEFLATE decoder (inflate.h): a bit reader over the input, canonical Huffman codes
// decoded through one lookup table per code (indexed by the next max-length bits).
#include "inflate.h"

#include <array>
#include <optional>
#include <vector>

namespace medcode::import::inflate {
namespace {

Error Bad(const std::string& what) { return MakeError(ErrorCode::kCorrupt, "deflate: " + what); }

// Bits are consumed least significant first (RFC 1951, 3.1.1).
class BitReader {
 public:
  explicit BitReader(std::string_view s) : p_(reinterpret_cast<const uint8_t*>(s.data())), end_(p_ + s.size()) {}
  // The next n (<= 32) bits without consuming them; past the end they read as zeros.
  uint32_t Peek(int n) {
    Fill();
    return static_cast<uint32_t>(buf_ & ((uint64_t(1) << n) - 1));
  }
  // Consumes n bits; false when fewer than n are left in the input.
  bool Skip(int n) {
    if (n > count_) return false;
    buf_ >>= n;
    count_ -= n;
    return true;
  }
  bool Bits(int n, uint32_t& v) {
    v = Peek(n);
    return Skip(n);
  }
  void AlignToByte() { Skip(count_ % 8); }
  // Whole bytes left once aligned: those in the buffer, then the input.
  size_t BytesLeft() const { return static_cast<size_t>(count_ / 8) + static_cast<size_t>(end_ - p_); }
  // Copies n bytes (aligned); the caller checked BytesLeft().
  void Copy(char* out, size_t n) {
    while (n && count_ >= 8) {
      *out++ = static_cast<char>(buf_ & 0xFF);
      buf_ >>= 8;
      count_ -= 8;
      --n;
    }
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<char>(p_[i]);
    p_ += n;
  }

 private:
  void Fill() {
    while (count_ <= 56 && p_ < end_) {
      buf_ |= uint64_t(*p_++) << count_;
      count_ += 8;
    }
  }
  const uint8_t* p_;
  const uint8_t* end_;
  uint64_t buf_ = 0;
  int count_ = 0;
};

// A canonical Huffman code as a table over the next `bits` input bits: entry = symbol << 4
// | code length, 0 for a bit pattern no code starts (only in an incomplete code).
struct Huffman {
  int bits = 0;
  std::vector<uint16_t> table;
};

// Builds the table from code lengths (0 = unused symbol). `allow_incomplete`: RFC 1951
// lets a distance code have unused bit patterns (e.g. a single distance code).
std::optional<Error> Build(const uint8_t* lengths, int n, bool allow_incomplete, const char* what, Huffman& h) {
  std::array<int, 16> count{};
  for (int i = 0; i < n; ++i) ++count[lengths[i]];
  count[0] = 0;
  int left = 1;
  for (int len = 1; len <= 15; ++len) {
    left = left * 2 - count[len];
    if (left < 0) return Bad(std::string("the ") + what + " code is over-subscribed (damaged stream)");
  }
  int max = 0;
  for (int len = 1; len <= 15; ++len) {
    if (count[len]) max = len;
  }
  if (left > 0 && !allow_incomplete) return Bad(std::string("the ") + what + " code is incomplete (damaged stream)");
  if (max == 0) {
    if (!allow_incomplete) return Bad(std::string("the ") + what + " code has no codes (damaged stream)");
    max = 1;
  }
  std::array<int, 16> next{};
  for (int len = 1, code = 0; len <= 15; ++len) {
    code = (code + count[len - 1]) << 1;
    next[len] = code;
  }
  h.bits = max;
  h.table.assign(size_t(1) << max, 0);
  for (int sym = 0; sym < n; ++sym) {
    int len = lengths[sym];
    if (!len) continue;
    int code = next[len]++;
    int rev = 0;
    for (int i = 0; i < len; ++i) rev |= ((code >> i) & 1) << (len - 1 - i);
    const uint16_t entry = static_cast<uint16_t>(sym << 4 | len);
    for (size_t k = static_cast<size_t>(rev); k < h.table.size(); k += size_t(1) << len) h.table[k] = entry;
  }
  return std::nullopt;
}

// -1: no code matches (incomplete code) or the input ended.
int Decode(BitReader& in, const Huffman& h) {
  uint16_t e = h.table[in.Peek(h.bits)];
  if (!e || !in.Skip(e & 15)) return -1;
  return e >> 4;
}

constexpr uint16_t kLenBase[29] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
                                   35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr uint8_t kLenExtra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr uint16_t kDistBase[30] = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
                                    257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
constexpr uint8_t kDistExtra[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

Error Early() { return Bad("the stream ends early (truncated or damaged)"); }

// DEFLATE produces at most 258 bytes from 2 bits (a 1-bit length code and a 1-bit distance code).
constexpr uint64_t kMaxRatio = 1032;

class Inflater {
 public:
  Inflater(std::string_view src, uint64_t expected) : in_(src), expected_(expected) {}

  Result<std::string> Run() {
    if (expected_ > (in_.BytesLeft() + 1) * kMaxRatio) {
      return Bad("the recorded size " + std::to_string(expected_) + " is more than " + std::to_string(in_.BytesLeft()) +
                 " compressed bytes can hold (damaged archive)");
    }
    out_.resize(expected_);
    for (int block = 0;; ++block) {
      uint32_t final = 0, type = 0;
      if (!in_.Bits(1, final) || !in_.Bits(2, type)) return Early();
      std::optional<Error> e;
      if (type == 0) {
        e = Stored();
      } else if (type == 1) {
        e = Fixed();
      } else if (type == 2) {
        e = Dynamic();
      } else {
        return Bad("block " + std::to_string(block) + " has the reserved type 3 (damaged stream)");
      }
      if (e) return *e;
      if (final) break;
    }
    if (n_ != expected_) {
      return Bad("the stream holds " + std::to_string(n_) + " bytes, not the recorded " + std::to_string(expected_));
    }
    return std::move(out_);
  }

 private:
  std::optional<Error> TooLong() const {
    return Bad("the stream holds more than the recorded " + std::to_string(expected_) + " bytes");
  }

  std::optional<Error> Stored() {
    in_.AlignToByte();
    uint32_t len = 0, nlen = 0;
    if (!in_.Bits(16, len) || !in_.Bits(16, nlen)) return Early();
    if ((len ^ 0xFFFF) != nlen) return Bad("a stored block's length and its complement disagree (damaged stream)");
    if (in_.BytesLeft() < len) return Early();
    if (len > expected_ - n_) return TooLong();
    in_.Copy(out_.data() + n_, len);
    n_ += len;
    return std::nullopt;
  }

  std::optional<Error> Fixed() {
    static const std::array<Huffman, 2> fixed = [] {
      std::array<uint8_t, 288> l{};
      for (int i = 0; i < 144; ++i) l[i] = 8;
      for (int i = 144; i < 256; ++i) l[i] = 9;
      for (int i = 256; i < 280; ++i) l[i] = 7;
      for (int i = 280; i < 288; ++i) l[i] = 8;
      std::array<uint8_t, 30> d{};
      d.fill(5);
      std::array<Huffman, 2> h;
      Build(l.data(), 288, false, "fixed literal/length", h[0]);
      Build(d.data(), 30, true, "fixed distance", h[1]);
      return h;
    }();
    return Codes(fixed[0], fixed[1]);
  }

  std::optional<Error> Dynamic() {
    uint32_t hlit = 0, hdist = 0, hclen = 0;
    if (!in_.Bits(5, hlit) || !in_.Bits(5, hdist) || !in_.Bits(4, hclen)) return Early();
    hlit += 257;
    hdist += 1;
    hclen += 4;
    if (hlit > 286 || hdist > 30) return Bad("a dynamic block declares too many codes (damaged stream)");
    static constexpr uint8_t kOrder[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    std::array<uint8_t, 19> cl{};
    for (uint32_t i = 0; i < hclen; ++i) {
      uint32_t v = 0;
      if (!in_.Bits(3, v)) return Early();
      cl[kOrder[i]] = static_cast<uint8_t>(v);
    }
    Huffman clh;
    if (auto e = Build(cl.data(), 19, false, "code-length", clh)) return e;
    std::array<uint8_t, 286 + 30> lens{};
    for (uint32_t i = 0; i < hlit + hdist;) {
      int sym = Decode(in_, clh);
      if (sym < 0) return Early();
      if (sym < 16) {
        lens[i++] = static_cast<uint8_t>(sym);
        continue;
      }
      uint32_t rep = 0, extra = 0;
      uint8_t value = 0;
      if (sym == 16) {
        if (i == 0) return Bad("a code-length repeat with no previous length (damaged stream)");
        value = lens[i - 1];
        if (!in_.Bits(2, extra)) return Early();
        rep = 3 + extra;
      } else if (sym == 17) {
        if (!in_.Bits(3, extra)) return Early();
        rep = 3 + extra;
      } else {
        if (!in_.Bits(7, extra)) return Early();
        rep = 11 + extra;
      }
      if (i + rep > hlit + hdist) return Bad("code lengths repeat past the declared count (damaged stream)");
      while (rep--) lens[i++] = value;
    }
    if (lens[256] == 0) return Bad("a dynamic block has no end-of-block code (damaged stream)");
    Huffman lit, dist;
    if (auto e = Build(lens.data(), static_cast<int>(hlit), false, "literal/length", lit)) return e;
    if (auto e = Build(lens.data() + hlit, static_cast<int>(hdist), true, "distance", dist)) return e;
    return Codes(lit, dist);
  }

  std::optional<Error> Codes(const Huffman& lit, const Huffman& dist) {
    char* out = out_.data();
    for (;;) {
      int sym = Decode(in_, lit);
      if (sym < 0) return Early();
      if (sym < 256) {
        if (n_ == expected_) return TooLong();
        out[n_++] = static_cast<char>(sym);
        continue;
      }
      if (sym == 256) return std::nullopt;
      sym -= 257;
      if (sym >= 29) return Bad("an invalid length code (damaged stream)");
      uint32_t extra = 0;
      if (!in_.Bits(kLenExtra[sym], extra)) return Early();
      const uint64_t len = kLenBase[sym] + extra;
      int dsym = Decode(in_, dist);
      if (dsym < 0) return in_.BytesLeft() == 0 ? Early() : Bad("an invalid distance code (damaged stream)");
      if (dsym >= 30) return Bad("an invalid distance code (damaged stream)");
      if (!in_.Bits(kDistExtra[dsym], extra)) return Early();
      const uint64_t d = kDistBase[dsym] + extra;
      if (d > n_) return Bad("a distance reaches before the start of the output (damaged stream)");
      if (len > expected_ - n_) return TooLong();
      for (uint64_t k = 0; k < len; ++k, ++n_) out[n_] = out[n_ - d];
    }
  }

  BitReader in_;
  uint64_t expected_;
  uint64_t n_ = 0;
  std::string out_;
};

}  // namespace

Result<std::string> InflateRaw(std::string_view src, uint64_t expected_size) { return Inflater(src, expected_size).Run(); }

}  // namespace medcode::import::inflate
