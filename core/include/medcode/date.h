// Dates of service and of code sets: uint32 YYYYMMDD (20260701), 0 = none or open.
// One parser and one formatter for the whole engine (years 1900 to 2999).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace medcode {

// 20260701 -> "2026-07-01"; 0 (or a value past 99991231) -> "".
std::string FormatDate(uint32_t yyyymmdd);
// "2026-07-01" -> 20260701; 0 unless a valid Gregorian date of the years 1900-2999.
uint32_t ParseIsoDate(std::string_view iso);
// "2026-07-01" or "20260701" -> 20260701; 0 unless a valid date (as ParseIsoDate).
uint32_t ParseDate(std::string_view text);
// Today's date in UTC (the clock of the machine).
uint32_t TodayUtc();

}  // namespace medcode
