// CSV (core/src/csv.cpp): the one reader behind claim batches and the importers.
#include <gtest/gtest.h>

#include "csv.h"

namespace medcode::csv {
namespace {

using Fields = std::vector<std::string>;

TEST(Csv, QuotesCommasAndDoubledQuotes) {
  EXPECT_EQ(ParseCsvLine(R"(T36,"Poisoning by, adverse effect of ""x""",T36-T50,19)"),
            (Fields{"T36", "Poisoning by, adverse effect of \"x\"", "T36-T50", "19"}));
  EXPECT_EQ(ParseCsvLine("a,,b,"), (Fields{"a", "", "b", ""}));
  EXPECT_EQ(ParseCsvLine(""), (Fields{""}));
  EXPECT_EQ(ParseCsvLine(" a , b "), (Fields{" a ", " b "}));  // cells as written
}

TEST(Csv, RecordsKeepBlankLinesAndQuotedLineBreaks) {
  auto recs = ParseCsvRecords("a,b\r\n\r\n\"x\ny\",z\nlast");
  ASSERT_EQ(recs.size(), 4u);
  EXPECT_EQ(recs[0], (Fields{"a", "b"}));
  EXPECT_TRUE(recs[1].empty());
  EXPECT_EQ(recs[2], (Fields{"x\ny", "z"}));
  EXPECT_EQ(recs[3], (Fields{"last"}));
  EXPECT_TRUE(ParseCsvRecords("").empty());
  EXPECT_EQ(ParseCsvRecords("a\n").size(), 1u);
}

TEST(Csv, StreamSkipsBlankLinesAndCountsLines) {
  std::string_view text = "h1,h2\n\n\n\"multi\nline\",2\r\nx,3\n";
  size_t pos = 0, line = 1;
  CsvRecord rec;
  ASSERT_TRUE(NextCsvRecord(text, pos, line, rec));
  EXPECT_EQ(rec.line, 1u);
  EXPECT_EQ(rec.fields, (Fields{"h1", "h2"}));
  ASSERT_TRUE(NextCsvRecord(text, pos, line, rec));
  EXPECT_EQ(rec.line, 4u);
  EXPECT_EQ(rec.fields, (Fields{"multi\nline", "2"}));
  ASSERT_TRUE(NextCsvRecord(text, pos, line, rec));
  EXPECT_EQ(rec.line, 6u);
  EXPECT_EQ(rec.fields, (Fields{"x", "3"}));
  EXPECT_FALSE(NextCsvRecord(text, pos, line, rec));
}

TEST(Csv, AnOpenQuoteRunsToTheEnd) {
  EXPECT_EQ(ParseCsvLine("a,\"b,c"), (Fields{"a", "b,c"}));
}

}  // namespace
}  // namespace medcode::csv
