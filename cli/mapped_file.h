// A file mapped read-only into memory (POSIX mmap: page aligned, so 8-byte aligned as the
// code-set and claim-edits readers need), for the CLI and the benchmarks. Not in the core:
// the core has no platform code (the browser fetches the bytes instead).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "medcode/error.h"

namespace medcode::cli {

class MappedFile {
 public:
  MappedFile() = default;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  // Maps `path` (unmapping what was mapped before). `noun` names the file kind in error
  // messages ("code-set", "claim-edits"); `populate` reads every page now (benchmarks).
  Result<std::span<const uint8_t>> Open(const std::string& path, std::string_view noun = "code-set",
                                        bool populate = false);

 private:
  void Close();
  void* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace medcode::cli
