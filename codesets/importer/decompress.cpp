// .xz (liblzma) and .gz (zlib) decompression of the manifest's inputs (util.h): native only,
// the in-page importer (user files, never compressed) is built without it.
#include <lzma.h>
#include <zlib.h>

#include <array>
#include <cstdint>

#include "util.h"

namespace medcode::import {

namespace {
bool EndsWith(const std::string& s, std::string_view suf) {
  return s.size() >= suf.size() && s.compare(s.size() - suf.size(), suf.size(), suf) == 0;
}

Result<std::string> Unxz(const std::string& name, const std::string& in) {
  lzma_stream strm = LZMA_STREAM_INIT;
  if (lzma_stream_decoder(&strm, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK) {
    return MakeError(ErrorCode::kInternal, "liblzma init failed");
  }
  std::string out;
  std::array<uint8_t, 1 << 16> buf;
  strm.next_in = reinterpret_cast<const uint8_t*>(in.data());
  strm.avail_in = in.size();
  lzma_ret ret;
  do {
    strm.next_out = buf.data();
    strm.avail_out = buf.size();
    ret = lzma_code(&strm, LZMA_FINISH);
    out.append(reinterpret_cast<char*>(buf.data()), buf.size() - strm.avail_out);
  } while (ret == LZMA_OK);
  lzma_end(&strm);
  if (ret != LZMA_STREAM_END) return MakeError(ErrorCode::kCorrupt, name + ": not a valid .xz file (liblzma error " + std::to_string(ret) + ")");
  return out;
}

Result<std::string> Gunzip(const std::string& name, const std::string& in) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return MakeError(ErrorCode::kInternal, "zlib init failed");
  std::string out;
  std::array<char, 1 << 16> buf;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  int ret;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buf.data());
    zs.avail_out = buf.size();
    ret = inflate(&zs, Z_NO_FLUSH);
    out.append(buf.data(), buf.size() - zs.avail_out);
  } while (ret == Z_OK);
  inflateEnd(&zs);
  if (ret != Z_STREAM_END) return MakeError(ErrorCode::kCorrupt, name + ": not a valid gzip file (zlib error " + std::to_string(ret) + ")");
  return out;
}
}  // namespace

Result<std::string> Decompress(const std::string& name, std::string bytes) {
  if (EndsWith(name, ".xz")) return Unxz(name, bytes);
  if (EndsWith(name, ".gz")) return Gunzip(name, bytes);
  return bytes;
}

}  // namespace medcode::import
