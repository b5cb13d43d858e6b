// Dates (core/src/date.cpp): the one parser, formatter and today.
#include <gtest/gtest.h>

#include "medcode/date.h"

namespace medcode {
namespace {

TEST(Date, ParsesIsoAndCompact) {
  EXPECT_EQ(ParseIsoDate("2026-07-01"), 20260701u);
  EXPECT_EQ(ParseDate("2026-07-01"), 20260701u);
  EXPECT_EQ(ParseDate("20260701"), 20260701u);
  EXPECT_EQ(ParseIsoDate("20260701"), 0u);  // ISO only
}

TEST(Date, ChecksTheCalendar) {
  EXPECT_EQ(ParseIsoDate("2024-02-29"), 20240229u);
  EXPECT_EQ(ParseIsoDate("2026-02-29"), 0u);
  EXPECT_EQ(ParseIsoDate("2000-02-29"), 20000229u);
  EXPECT_EQ(ParseIsoDate("2100-02-29"), 0u);
  EXPECT_EQ(ParseDate("20260431"), 0u);
  EXPECT_EQ(ParseIsoDate("2026-13-01"), 0u);
  EXPECT_EQ(ParseIsoDate("2026-00-10"), 0u);
  EXPECT_EQ(ParseIsoDate("2026-01-00"), 0u);
}

TEST(Date, YearsFrom1900To2999) {
  EXPECT_EQ(ParseIsoDate("1900-01-01"), 19000101u);
  EXPECT_EQ(ParseIsoDate("1899-12-31"), 0u);  // the stricter of the two former parsers
  EXPECT_EQ(ParseDate("18991231"), 0u);
  EXPECT_EQ(ParseIsoDate("2999-12-31"), 29991231u);
  EXPECT_EQ(ParseIsoDate("3000-01-01"), 0u);
}

TEST(Date, RejectsOtherShapes) {
  EXPECT_EQ(ParseIsoDate(""), 0u);
  EXPECT_EQ(ParseIsoDate("2024-2-29"), 0u);
  EXPECT_EQ(ParseIsoDate("2024/02/29"), 0u);
  EXPECT_EQ(ParseIsoDate("2O24-02-29"), 0u);
  EXPECT_EQ(ParseDate("2024022"), 0u);
  EXPECT_EQ(ParseDate(" 20240229"), 0u);
}

TEST(Date, Formats) {
  EXPECT_EQ(FormatDate(20260701), "2026-07-01");
  EXPECT_EQ(FormatDate(19000101), "1900-01-01");
  EXPECT_EQ(FormatDate(0), "");
  EXPECT_EQ(FormatDate(100000101), "");
  EXPECT_EQ(ParseIsoDate(FormatDate(20240229)), 20240229u);
}

TEST(Date, TodayIsAValidDate) {
  uint32_t today = TodayUtc();
  EXPECT_EQ(ParseIsoDate(FormatDate(today)), today);
  EXPECT_GE(today, 20260101u);
}

}  // namespace
}  // namespace medcode
