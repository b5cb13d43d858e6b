// Dates as the engine keeps them (uint32 YYYYMMDD): the one parser (ISO "2026-07-01" or
// compact "20260701", years 1900-2999, leap years checked), the one formatter and today's
// date in UTC. Other date texts (a claim's "05/01/2026") are turned into ISO by their readers.
#include "medcode/date.h"

#include <ctime>

namespace medcode {

namespace {

constexpr uint32_t kFirstYear = 1900;
constexpr uint32_t kLastYear = 2999;

bool LeapYear(uint32_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Digits of `s` at [from, from + n) as a number; false if one is not a digit.
bool Digits(std::string_view s, size_t from, size_t n, uint32_t& out) {
  out = 0;
  for (size_t i = from; i < from + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + static_cast<uint32_t>(s[i] - '0');
  }
  return true;
}

uint32_t Valid(uint32_t y, uint32_t m, uint32_t d) {
  static const uint32_t kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < kFirstYear || y > kLastYear || m < 1 || m > 12 || d < 1) return 0;
  if (d > kDays[m - 1] + (m == 2 && LeapYear(y) ? 1 : 0)) return 0;
  return y * 10000 + m * 100 + d;
}

}  // namespace

std::string FormatDate(uint32_t d) {
  if (d == 0 || d > 99991231) return {};
  char b[10];
  uint32_t y = d / 10000, m = d / 100 % 100, dd = d % 100;
  b[0] = static_cast<char>('0' + y / 1000);
  b[1] = static_cast<char>('0' + y / 100 % 10);
  b[2] = static_cast<char>('0' + y / 10 % 10);
  b[3] = static_cast<char>('0' + y % 10);
  b[4] = '-';
  b[5] = static_cast<char>('0' + m / 10);
  b[6] = static_cast<char>('0' + m % 10);
  b[7] = '-';
  b[8] = static_cast<char>('0' + dd / 10);
  b[9] = static_cast<char>('0' + dd % 10);
  return std::string(b, 10);
}

uint32_t ParseIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return 0;
  uint32_t y, m, d;
  if (!Digits(s, 0, 4, y) || !Digits(s, 5, 2, m) || !Digits(s, 8, 2, d)) return 0;
  return Valid(y, m, d);
}

uint32_t ParseDate(std::string_view s) {
  if (s.size() != 8) return ParseIsoDate(s);
  uint32_t y, m, d;
  if (!Digits(s, 0, 4, y) || !Digits(s, 4, 2, m) || !Digits(s, 6, 2, d)) return 0;
  return Valid(y, m, d);
}

uint32_t TodayUtc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
#if defined(_WIN32)
  gmtime_s(&tm, &t);
#else
  gmtime_r(&t, &tm);
#endif
  return static_cast<uint32_t>((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday);
}

}  // namespace medcode
