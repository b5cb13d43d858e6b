// Storage that is written right after it is made: vectors whose resize() leaves new
// elements uninitialized instead of zero-filling them (the reader expands megabytes of
// compact records and strings into them; zero-filling first would write every byte twice).
// assign(n, value), insert and push_back initialize as with std::vector.
#pragma once

#include <cstdint>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace medcode {

template <class T>
struct NoZeroFill : std::allocator<T> {
  using value_type = T;
  template <class U>
  struct rebind {
    using other = NoZeroFill<U>;
  };
  NoZeroFill() noexcept = default;
  template <class U>
  NoZeroFill(const NoZeroFill<U>&) noexcept {}
  // Value-initialization (what resize(n) asks for) becomes default-initialization.
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  template <class U>
  bool operator==(const NoZeroFill<U>&) const noexcept {
    return true;
  }
};

using WordBuffer = std::vector<uint64_t, NoZeroFill<uint64_t>>;  // 8-byte aligned records
using CharBuffer = std::vector<char, NoZeroFill<char>>;          // strings

}  // namespace medcode
