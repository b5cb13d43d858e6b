// Raw DEFLATE (RFC 1951) for the xlsx reader's zip entries: stored, fixed-Huffman and
// dynamic-Huffman blocks, no zlib or gzip wrapper. Used by the native and the in-page
// (wasm) importer alike, so the page reads the same bytes the command line does.
//
//   auto out = medcode::import::inflate::InflateRaw(compressed, expected_size);  // Result<std::string>
//
// The output must be exactly `expected_size` bytes (the size the zip entry records):
// a stream that would produce more stops there with an error, one that ends sooner is an
// error too. Every damage (a reserved block type, a stored block whose length and its
// complement disagree, an over-subscribed or incomplete Huffman code, a distance before
// the start of the output, a stream that ends early) is a kCorrupt Result naming it;
// nothing throws and nothing reads outside `src`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "medcode/error.h"

namespace medcode::import::inflate {

Result<std::string> InflateRaw(std::string_view src, uint64_t expected_size);

}  // namespace medcode::import::inflate
