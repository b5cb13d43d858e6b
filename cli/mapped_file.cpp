// MappedFile (mapped_file.h): open, fstat, mmap and the matching error messages, once for
// `coder`, `coder check` and the benchmarks.
#include "mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace medcode::cli {

MappedFile::~MappedFile() { Close(); }

void MappedFile::Close() {
  if (data_ && data_ != MAP_FAILED) munmap(data_, size_);
  data_ = nullptr;
  size_ = 0;
}

Result<std::span<const uint8_t>> MappedFile::Open(const std::string& path, std::string_view noun_view, bool populate) {
  Close();
  const std::string noun(noun_view);
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return MakeError(ErrorCode::kIo, "cannot open " + noun + " file " + path + ": " + std::strerror(errno));
  struct stat st{};
  if (fstat(fd, &st) != 0) {
    ::close(fd);
    return MakeError(ErrorCode::kIo, "cannot stat " + path);
  }
  size_t size = static_cast<size_t>(st.st_size);
  if (size == 0) {
    ::close(fd);
    return MakeError(ErrorCode::kTruncated, noun + " file " + path + " is empty");
  }
  void* data = mmap(nullptr, size, PROT_READ, MAP_PRIVATE | (populate ? MAP_POPULATE : 0), fd, 0);
  ::close(fd);
  if (data == MAP_FAILED) return MakeError(ErrorCode::kIo, "cannot map " + path + ": " + std::strerror(errno));
  data_ = data;
  size_ = size;
  return std::span<const uint8_t>(static_cast<const uint8_t*>(data_), size_);
}

}  // namespace medcode::cli
