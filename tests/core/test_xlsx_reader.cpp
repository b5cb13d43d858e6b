// The xlsx reader's own parts: the raw-DEFLATE inflater (inflate.h) against zlib's deflate
// (stored, fixed and dynamic blocks) and hand-built streams, the XML reader (xml.h), and
// random or truncated zips and XML that must give errors, never a crash.
#include <gtest/gtest.h>
#include <zlib.h>

#include <random>
#include <string>
#include <vector>

#include "fixture.h"
#include "inflate.h"
#include "util.h"
#include "xlsx.h"
#include "xlsx_writer.h"
#include "xml.h"

namespace medcode {
namespace {

using import::inflate::InflateRaw;

// zlib's raw deflate (xlsx_writer.h): an independent encoder to check against.
std::string Deflate(const std::string& s, int level, int strategy) { return fx::Deflate(s, level, -15, strategy); }

// Text with repeats and variety (so deflate uses matches and a dynamic code).
std::string SampleText(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  static const char* words[] = {"<row r=\"", "\"><c r=\"A", "\" t=\"s\"><v>", "</v></c>", "Wheelchair ", "catheter ",
                                "&amp;", "oxygen ", "\xC3\xA9", "supply, ", "per 15 minutes", "\r\n"};
  std::string s;
  while (s.size() < n) {
    s += words[rng() % 12];
    s += std::to_string(rng() % 1000);
  }
  s.resize(n);
  return s;
}

int FirstBlockType(const std::string& stream) { return (static_cast<unsigned char>(stream[0]) >> 1) & 3; }

// Bits least significant first; Huffman codes most significant bit first (RFC 1951, 3.1.1).
struct BitWriter {
  std::string out;
  int used = 0;
  void Bits(uint32_t v, int n) {
    for (int i = 0; i < n; ++i) Bit((v >> i) & 1);
  }
  void Code(uint32_t code, int len) {
    for (int i = len - 1; i >= 0; --i) Bit((code >> i) & 1);
  }
  void Bit(uint32_t b) {
    if (used == 0) out += '\0';
    out.back() = static_cast<char>(out.back() | (b << used));
    used = (used + 1) % 8;
  }
};

std::string ErrorOf(const Result<std::string>& r) { return r ? std::string("(no error)") : r.error().message; }

TEST(Inflate, StoredBlocks) {
  const std::string text = SampleText(200'000, 1);  // more than one stored block (65,535 bytes each)
  const std::string z = Deflate(text, 0, Z_DEFAULT_STRATEGY);
  ASSERT_EQ(FirstBlockType(z), 0);
  auto r = InflateRaw(z, text.size());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, text);
  // Hand-built: one final stored block "hello", and an empty one.
  std::string hand = std::string("\x01\x05\x00\xFA\xFF", 5) + "hello";
  auto h = InflateRaw(hand, 5);
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_EQ(*h, "hello");
  auto empty = InflateRaw(std::string("\x01\x00\x00\xFF\xFF", 5), 0);
  ASSERT_TRUE(empty);
  EXPECT_EQ(*empty, "");
}

TEST(Inflate, FixedHuffmanBlocks) {
  const std::string text = SampleText(50'000, 2);
  const std::string z = Deflate(text, 6, Z_FIXED);
  ASSERT_EQ(FirstBlockType(z), 1);
  auto r = InflateRaw(z, text.size());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, text);
  // Hand-built: literal 'a' (code 0x30 + 0x61, 8 bits), then a match of length 3 (code 257:
  // 7 bits 0000001) at distance 1 (distance code 0: 5 bits), then end of block (256: 7 zero bits).
  BitWriter w;
  w.Bits(1 | 1 << 1, 3);  // final block, type 1
  w.Code(0x30 + 'a', 8);
  w.Code(1, 7);
  w.Code(0, 5);
  w.Code(0, 7);
  auto h = InflateRaw(w.out, 4);
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_EQ(*h, "aaaa");
}

TEST(Inflate, DynamicHuffmanBlocks) {
  for (unsigned seed : {3u, 4u, 5u}) {
    const std::string text = SampleText(300'000 + seed * 7, seed);
    for (int level : {1, 6, 9}) {
      const std::string z = Deflate(text, level, Z_DEFAULT_STRATEGY);
      ASSERT_EQ(FirstBlockType(z), 2) << "level " << level;
      auto r = InflateRaw(z, text.size());
      ASSERT_TRUE(r) << r.error().message;
      EXPECT_EQ(*r, text) << "seed " << seed << " level " << level;
    }
  }
  // Long runs: matches of length 258 at distance 1 and distances up to 32 KiB.
  std::string runs(100'000, 'x');
  for (size_t i = 0; i < runs.size(); i += 40'000) runs[i] = 'y';
  runs += SampleText(40'000, 9) + SampleText(40'000, 9);
  auto r = InflateRaw(Deflate(runs, 9, Z_DEFAULT_STRATEGY), runs.size());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, runs);
}

TEST(Inflate, DamagedStreamsAreRefusedWithTheirReason) {
  // A stored block whose length and complement disagree.
  std::string bad_len = std::string("\x01\x05\x00\xFB\xFF", 5) + "hello";
  EXPECT_NE(ErrorOf(InflateRaw(bad_len, 5)).find("length and its complement disagree"), std::string::npos) << ErrorOf(InflateRaw(bad_len, 5));
  // Block type 3 is reserved.
  EXPECT_NE(ErrorOf(InflateRaw("\x07", 1)).find("reserved type 3"), std::string::npos);
  // A match before the start of the output: length 3 at distance 1 as the first symbol.
  BitWriter w;
  w.Bits(1 | 1 << 1, 3);  // final block, type 1
  w.Code(1, 7);
  w.Code(0, 5);
  w.Code(0, 7);
  EXPECT_NE(ErrorOf(InflateRaw(w.out, 3)).find("before the start of the output"), std::string::npos) << ErrorOf(InflateRaw(w.out, 3));
  // A dynamic block whose code-length code is over-subscribed: HCLEN 4, all four lengths 1.
  BitWriter o;
  o.Bits(1 | 2 << 1, 3);  // final block, type 2
  o.Bits(0, 5 + 5 + 4);   // HLIT 257, HDIST 1, HCLEN 4
  for (int i = 0; i < 4; ++i) o.Bits(1, 3);
  EXPECT_NE(ErrorOf(InflateRaw(o.out, 10)).find("code-length code is over-subscribed"), std::string::npos) << ErrorOf(InflateRaw(o.out, 10));
  // Truncated: every prefix of a real stream ends early.
  const std::string text = SampleText(20'000, 7);
  const std::string z = Deflate(text, 6, Z_DEFAULT_STRATEGY);
  for (size_t n : {size_t(0), size_t(1)}) {  // too short for the recorded size: refused before inflating
    auto r = InflateRaw(z.substr(0, n), text.size());
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("compressed bytes can hold"), std::string::npos) << r.error().message;
  }
  for (size_t n : {z.size() / 3, z.size() / 2, z.size() - 1}) {
    auto r = InflateRaw(z.substr(0, n), text.size());
    ASSERT_FALSE(r) << "prefix " << n;
    EXPECT_NE(r.error().message.find("ends early"), std::string::npos) << r.error().message;
    EXPECT_EQ(r.error().code, ErrorCode::kCorrupt);
  }
}

TEST(Inflate, ALengthOtherThanTheRecordedOneIsRefused) {
  const std::string text = SampleText(10'000, 8);
  const std::string z = Deflate(text, 6, Z_DEFAULT_STRATEGY);
  EXPECT_NE(ErrorOf(InflateRaw(z, text.size() + 1)).find("not the recorded " + std::to_string(text.size() + 1)), std::string::npos)
      << ErrorOf(InflateRaw(z, text.size() + 1));
  EXPECT_NE(ErrorOf(InflateRaw(z, text.size() - 1)).find("more than the recorded"), std::string::npos);
  EXPECT_NE(ErrorOf(InflateRaw(z, uint64_t(1) << 40)).find("more than"), std::string::npos);  // refused before allocating
}

TEST(Inflate, RandomAndFlippedStreamsNeverCrash) {
  std::mt19937 rng(12);
  const std::string text = SampleText(30'000, 10);
  const std::string z = Deflate(text, 6, Z_DEFAULT_STRATEGY);
  int refused = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string s;
    if (i % 2) {
      s.resize(rng() % 2000);
      for (char& c : s) c = static_cast<char>(rng());
    } else {
      s = z;
      for (int k = 0; k <= i % 5; ++k) s[rng() % s.size()] ^= static_cast<char>(1 + rng() % 255);
    }
    auto r = InflateRaw(s, i % 2 ? rng() % 100'000 : text.size());
    if (!r) {
      ++refused;
      EXPECT_EQ(r.error().message.rfind("deflate: ", 0), 0u) << r.error().message;
    }
  }
  EXPECT_GT(refused, 2000);
}

// ---- XML

struct Events : import::xml::Handler {
  std::string log;
  void Start(std::string_view n, const std::vector<import::xml::Attribute>& a) override {
    log += '<';
    log.append(n);
    for (const auto& x : a) {
      log += ' ';
      log.append(x.name);
      log += "=[";
      log += x.value;
      log += ']';
    }
    log += '>';
  }
  void End(std::string_view n) override {
    log += "</";
    log.append(n);
    log += '>';
  }
  void Text(std::string_view t) override { log += t; }
};

std::string Events_(std::string_view doc) {
  Events e;
  auto err = import::xml::Parse(doc, e);
  return err ? "ERROR " + err->message : e.log;
}

TEST(Xml, ElementsAttributesEntitiesReferencesAndCdata) {
  EXPECT_EQ(Events_("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c --><x:a x:y=\"1 &amp; 2\" z='&lt;&#65;&#x42;&quot;'>"
                    "t&gt;&quot;&apos;&amp;<![CDATA[<raw>&amp;]]><b/><c k=\"v\"></c>&#xE9;&#233;</x:a>\n"),
            "<x:a x:y=[1 & 2] z=[<AB\"]>t>\"'&<raw>&amp;<b></b><c k=[v]></c>\xC3\xA9\xC3\xA9</x:a>");
  // Line ends: CR LF and CR read as LF; tabs and line ends in attribute values as spaces.
  EXPECT_EQ(Events_("<a v=\"1\t2\r\n3\n4\">x\r\ny\rz&#13;</a>"), "<a v=[1 2 3 4]>x\ny\nz\r</a>");
  EXPECT_EQ(Events_("\xEF\xBB\xBF<a>\xE2\x82\xAC</a>"), "<a>\xE2\x82\xAC</a>");  // BOM, UTF-8 text
  EXPECT_EQ(import::xml::LocalName("x:row"), "row");
  EXPECT_EQ(import::xml::LocalName("row"), "row");
}

TEST(Xml, MalformedDocumentsAreRefusedWithTheLine) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"<a><b></a>", "line 1: the end tag </a> does not match <b>"},
      {"<a>\n<b>\n", "line 3: the document ends inside <b>"},
      {"<a>&foo;</a>", "the unknown entity '&foo;'"},
      {"<a>&#0;</a>", "'&#0;' names no XML character"},
      {"<a>&#xD800;</a>", "names no XML character"},
      {"<a>&#x110000;</a>", "names no XML character"},
      {"<a>AT&T</a>", "a '&' that starts no entity"},
      {"<a x=\"1\" x=\"2\"/>", "the attribute 'x' appears twice"},
      {"<a x=\"<\"/>", "a '<' inside an attribute value"},
      {"<a x=1/>", "has no quoted value"},
      {"<a/>junk", "text after the root element"},
      {"<a/><b/>", "a second root element"},
      {"", "no root element"},
      {"<a>\xC3(</a>", "not valid UTF-8"},
      {"<a>\x01</a>", "not valid UTF-8 or not an XML character"},
      {"<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>", "a DOCTYPE"},
      {"<a><![CDATA[x</a>", "an unclosed CDATA section"},
      {"</a>", "closes no element"},
      {"<a", "the document ends inside the tag <a>"},
      {"<1a/>", "starts no element name"},
  };
  for (const auto& [doc, want] : cases) {
    std::string got = Events_(doc);
    EXPECT_EQ(got.rfind("ERROR not well-formed XML (line ", 0), 0u) << doc << " -> " << got;
    EXPECT_NE(got.find(want), std::string::npos) << doc << " -> " << got;
  }
  std::string deep;
  for (size_t i = 0; i <= import::xml::kMaxDepth; ++i) deep += "<a>";
  EXPECT_NE(Events_(deep).find("nested more than"), std::string::npos);
}

TEST(Xml, RandomAndTruncatedDocumentsNeverCrash) {
  const std::string doc = "<?xml version=\"1.0\"?><worksheet xmlns=\"x\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
                          "<c r=\"B1\" t=\"inlineStr\"><is><t>a &amp; b &#x263A;</t></is></c></row></sheetData></worksheet>";
  for (size_t n = 0; n < doc.size(); ++n) {
    Events e;
    EXPECT_TRUE(import::xml::Parse(doc.substr(0, n), e)) << "prefix " << n << " parsed";  // every proper prefix is unclosed
  }
  std::mt19937 rng(5);
  for (int i = 0; i < 5000; ++i) {
    std::string s = doc;
    for (int k = 0; k <= i % 4; ++k) s[rng() % s.size()] = "<>&;/\"'= a#x\xC3"[rng() % 14];
    Events e;
    (void)import::xml::Parse(s, e);
  }
}

// ---- the workbook over both: deflate-compressed parts, damaged entries


TEST(XlsxArchive, DeflatedPartsReadAndACrcMismatchIsRefused) {
  const std::string text = SampleText(5000, 11);
  const std::string zip = fx::MakeZip({{"a.txt", text}, {"b.txt", "small"}}, true);
  auto z = import::xlsx::ZipArchive::Open(zip);
  ASSERT_TRUE(z) << z.error().message;
  auto a = z->Read("a.txt");
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(*a, text);
  // The CRC-32 of a.txt in the central directory (offset 16 of its entry) off by one.
  std::string bad = zip;
  const size_t cd = bad.find("PK\x01\x02");
  bad[cd + 16] = static_cast<char>(bad[cd + 16] ^ 1);
  auto zb = import::xlsx::ZipArchive::Open(bad);
  ASSERT_TRUE(zb);
  auto ab = zb->Read("a.txt");
  ASSERT_FALSE(ab);
  EXPECT_NE(ab.error().message.find("a.txt fails its CRC-32 check"), std::string::npos) << ab.error().message;
  // The recorded size one byte larger than the stream holds.
  std::string big = zip;
  big[cd + 24] = static_cast<char>(big[cd + 24] + 1);
  auto zg = import::xlsx::ZipArchive::Open(big);
  ASSERT_TRUE(zg);
  auto ag = zg->Read("a.txt");
  ASSERT_FALSE(ag);
  EXPECT_NE(ag.error().message.find("a.txt does not inflate (deflate: the stream holds 5000 bytes, not the recorded 5001)"),
            std::string::npos)
      << ag.error().message;
}

TEST(XlsxArchive, RandomAndTruncatedWorkbooksGiveErrorsNeverCrash) {
  auto bytes = import::ReadFile(fx::FixturesDir() + "/hcpcs/HCPC_fixture.xlsx");
  ASSERT_TRUE(bytes);
  ASSERT_TRUE(import::xlsx::ReadFirstSheet(*bytes));
  for (size_t n = 0; n < bytes->size(); n += 13) {
    auto wb = import::xlsx::Open(std::string_view(*bytes).substr(0, n));
    EXPECT_FALSE(wb) << "prefix " << n;  // the central directory is at the end: no prefix opens
  }
  std::mt19937 rng(99);
  int failed = 0;
  for (int i = 0; i < 1500; ++i) {
    std::string b = *bytes;
    for (int k = 0; k <= i % 3; ++k) b[rng() % b.size()] ^= static_cast<char>(1 + rng() % 255);
    auto wb = import::xlsx::Open(b);
    if (!wb) {
      ++failed;
      EXPECT_FALSE(wb.error().message.empty());
      continue;
    }
    auto rows = wb->Rows(0);
    if (!rows) ++failed;
  }
  EXPECT_GT(failed, 0);
  for (int i = 0; i < 500; ++i) {  // random bytes behind a zip signature
    std::string b = "PK\x03\x04";
    b.resize(22 + rng() % 3000);
    for (size_t k = 4; k < b.size(); ++k) b[k] = static_cast<char>(rng());
    EXPECT_FALSE(import::xlsx::Open(b));
  }
}

}  // namespace
}  // namespace medcode

namespace medcode {
namespace {

TEST(XlsxArchive, TheFirstRowsOfASheetReadWithoutTheRest) {
  const std::string book =
      "<workbook xmlns:r=\"r\"><sheets><sheet name=\"S\" r:id=\"rId1\"/></sheets></workbook>";
  const std::string sheet =
      "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>HCPC</t></is></c></row>"
      "<row r=\"2\"><c r=\"A2\"><v>7</v></c></row><row r=\"3\"><c r=\"A3\"><v>8</v></c></row>"
      "<row r=\"4\"><c r=\"A4\"><v>&bogus;</v></c></row></sheetData></worksheet>";
  const std::string zip = fx::MakeZip({{"xl/workbook.xml", book}, {"xl/worksheets/sheet1.xml", sheet}}, true);
  auto wb = import::xlsx::Open(zip);
  ASSERT_TRUE(wb) << wb.error().message;
  auto head = wb->Rows(0, 2);
  ASSERT_TRUE(head) << head.error().message;
  ASSERT_EQ(head->size(), 2u);
  EXPECT_EQ((*head)[0][0], "HCPC");
  EXPECT_EQ((*head)[1][0], "7");
  auto all = wb->Rows(0);  // the whole sheet: row 4's unknown entity is an error
  ASSERT_FALSE(all);
  EXPECT_NE(all.error().message.find("xl/worksheets/sheet1.xml is not well-formed XML (line 1: the unknown entity '&bogus;')"),
            std::string::npos)
      << all.error().message;
}

}  // namespace
}  // namespace medcode
