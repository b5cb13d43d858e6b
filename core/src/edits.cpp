// EditSet: opens a claim-edits file in place (the container through container.cpp, then
// its data sets, MUE, PTP, add-on, MCE, place-of-service and modifier tables checked),
// and the lookups the claim checker makes in those tables.
#include "medcode/edits.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <optional>
#include <type_traits>

#include "container.h"
#include "enum_names.h"

namespace medcode {

using namespace format;
using namespace edits_format;

const char* SettingName(Setting s) {
  static constexpr const char* kNames[] = {"any", "practitioner", "outpatient-hospital", "dme-supplier"};
  return EnumName(s, kNames);
}

const char* DatasetKindName(DatasetKind k) {
  static constexpr const char* kNames[] = {
      nullptr, "mue", "ptp", "aoc", "mce", "place-of-service", "modifiers"};
  return EnumName(k, kNames);
}

namespace {

using container::Load;
using container::StrOk;
using container::TagName;

constexpr std::string_view kNoun = "claim-edits";

Error Corrupt(const std::string& what) { return container::Corrupt(kNoun, what); }

// Reads consecutive arrays out of one section, checking bounds and alignment.
class Cursor {
 public:
  Cursor(std::span<const uint8_t> sec, std::string name) : sec_(sec), name_(std::move(name)) {}
  template <class T>
  bool Take(size_t count, std::span<const T>& out) {
    size_t align = alignof(T);
    pos_ = (pos_ + align - 1) / align * align;
    if (pos_ > sec_.size() || (sec_.size() - pos_) / sizeof(T) < count) {
      error_ = name_ + " section is shorter than its counts";
      return false;
    }
    out = std::span<const T>(reinterpret_cast<const T*>(sec_.data() + pos_), count);
    pos_ += count * sizeof(T);
    return true;
  }
  template <class T>
  bool Header(T& out) {
    if (sec_.size() < sizeof(T)) {
      error_ = name_ + " section is shorter than its header";
      return false;
    }
    out = Load<T>(sec_.data());
    pos_ = sizeof(T);
    return true;
  }
  const std::string& error() const { return error_; }

 private:
  std::span<const uint8_t> sec_;
  std::string name_;
  size_t pos_ = 0;
  std::string error_;
};

bool DateOk(uint32_t d) { return d == 0 || ParseIsoDate(FormatDate(d)) == d; }

std::string_view FixedView(const char* c, size_t n) { return {c, strnlen(c, n)}; }

bool CodeCharsOk(std::string_view c) {
  if (c.empty()) return false;
  for (char ch : c) {
    if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))) return false;
  }
  return true;
}

}  // namespace

Result<EditSet> EditSet::Open(std::span<const uint8_t> bytes) {
  struct Sec {
    uint32_t tag;
    std::span<const uint8_t> data;
  };
  std::vector<Sec> secs;
  const uint32_t known[] = {kTagMeta, kTagStrings, kTagEditCodes, kTagDatasets, kTagMue, kTagPtp,
                            kTagAoc, kTagMce, kTagPos, kTagModifiers};
  const uint32_t single[] = {kTagMeta, kTagStrings, kTagEditCodes, kTagDatasets, kTagAoc, kTagMce, kTagPos, kTagModifiers};
  std::optional<Error> refused;  // reported after META: a code-set file given by mistake gets a clearer message
  auto header = container::Open(bytes, kNoun, [&](const container::Section& e) -> std::optional<Error> {
    bool is_known = std::find(std::begin(known), std::end(known), e.tag) != std::end(known);
    if (!is_known || e.version != 1) {
      if (e.required() && !refused) {
        if (!is_known) {
          refused = MakeError(ErrorCode::kUnsupportedSection, "claim-edits file needs section " + TagName(e.tag) +
                                                                  ", which this reader does not know; use a newer version of the software");
        } else {
          refused = MakeError(ErrorCode::kUnsupportedVersion,
                              "section " + TagName(e.tag) + " version " + std::to_string(e.version) + " is not supported");
        }
      }
      if (e.tag != kTagMeta) return std::nullopt;
    }
    if (std::find(std::begin(single), std::end(single), e.tag) != std::end(single)) {
      for (const auto& o : secs) {
        if (o.tag == e.tag) return Corrupt("section " + TagName(e.tag) + " appears twice");
      }
    }
    secs.push_back({e.tag, e.data});
    return std::nullopt;
  });
  if (!header) return header.error();
  auto find = [&](uint32_t tag) -> const Sec* {
    for (const auto& s : secs) if (s.tag == tag) return &s;
    return nullptr;
  };

  EditSet es;
  es.bytes_ = bytes;
  // META first: a code-set file (ICD-10-CM) given by mistake gets a clear message.
  const Sec* meta = find(kTagMeta);
  if (!meta) return Corrupt("missing required section META");
  if (auto read = container::ReadMeta(meta->data, kNoun, es.meta_); !read) return read.error();
  if (es.meta_.system != kSystem) {
    return MakeError(ErrorCode::kInvalidArgument,
                     (es.meta_.system.empty() ? std::string("this file names no code system") : "this is the " + es.meta_.system + " code set") +
                         ", not a claim-edits file (system " + kSystem + ")");
  }
  if (refused) return *refused;
  for (uint32_t tag : {kTagStrings, kTagEditCodes, kTagDatasets}) {
    if (!find(tag)) return Corrupt("missing required section " + TagName(tag));
  }
  es.strings_ = find(kTagStrings)->data;
  const size_t pool = es.strings_.size();

  {  // ECOD
    auto d = find(kTagEditCodes)->data;
    if (d.size() < 8) return Corrupt("ECOD section shorter than its count");
    uint32_t n = Load<uint32_t>(d.data());
    if (n > kMaxCodes || (d.size() - 8) / 8 < n) return Corrupt("ECOD count out of range");
    es.codes_ = {reinterpret_cast<const uint64_t*>(d.data() + 8), n};
    for (uint32_t i = 0; i < n; ++i) {
      if (i > 0 && !(es.codes_[i - 1] < es.codes_[i])) return Corrupt("ECOD is not strictly ascending");
      if (!CodeCharsOk(es.CodeText(static_cast<uint16_t>(i)))) return Corrupt("ECOD holds an invalid code");
    }
  }
  {  // EDSS
    auto d = find(kTagDatasets)->data;
    if (d.size() < 8) return Corrupt("EDSS section shorter than its count");
    uint32_t n = Load<uint32_t>(d.data());
    if (n > 64 || (d.size() - 8) / sizeof(DatasetRec) < n) return Corrupt("EDSS count out of range");
    for (uint32_t i = 0; i < n; ++i) {
      DatasetRec r = Load<DatasetRec>(d.data() + 8 + i * sizeof(DatasetRec));
      if (r.kind < 1 || r.kind > 6 || r.setting > 3 || !DateOk(r.from) || !DateOk(r.to) ||
          (r.from && r.to && r.from > r.to) || !StrOk(r.label, pool) || !StrOk(r.version, pool) || !StrOk(r.note, pool)) {
        return Corrupt("data set record " + std::to_string(i) + " is invalid");
      }
      EditDataset ds;
      ds.index = i;
      ds.kind = static_cast<DatasetKind>(r.kind);
      ds.setting = static_cast<Setting>(r.setting);
      ds.from = r.from;
      ds.to = r.to;
      ds.flags = r.flags;
      ds.extra = r.extra;
      ds.label = std::string(es.str(r.label));
      ds.version = std::string(es.str(r.version));
      ds.note = std::string(es.str(r.note));
      if (r.input < es.meta_.inputs.size()) {
        const auto& in = es.meta_.inputs[r.input];
        ds.source = in.name + " (" + in.kind + ")";
      }
      es.datasets_.push_back(std::move(ds));
    }
  }
  const uint32_t ncodes = es.code_count();
  // Points `out` at data set idx, which section s (a table of that data set) says is of
  // `kind`, and notes the section's size under the data set's name.
  auto dataset = [&](const Sec& s, uint32_t idx, DatasetKind kind, const EditDataset*& out) -> std::optional<Error> {
    static constexpr const char* kSizeNames[] = {nullptr, "MUE", "PTP", "AOC", "MCE", "POS", "modifiers"};
    if (idx >= es.datasets_.size() || es.datasets_[idx].kind != kind) {
      return Corrupt(TagName(s.tag) + " section names data set " + std::to_string(idx) + ", which is not one of its kind");
    }
    out = &es.datasets_[idx];
    es.section_sizes_.push_back({std::string(kSizeNames[static_cast<size_t>(kind)]) + " " + out->label, s.data.size()});
    return std::nullopt;
  };
  // A list section (EMCE, EPOS, EMOD; EMCE's header has ListHeader's layout): records in
  // strictly ascending order of their fixed-width code, each one `ok`.
  static_assert(sizeof(MceHeader) == sizeof(ListHeader));
  auto list = [&](const Sec& s, Cursor& c, DatasetKind kind, const char* what, auto& t, auto ok) -> std::optional<Error> {
    ListHeader lh{};
    if (!c.Header(lh) || !c.Take(lh.count, t.recs)) return Corrupt(c.error());
    if (auto e = dataset(s, lh.dataset, kind, t.dataset)) return *e;
    using Rec = typename std::remove_reference_t<decltype(t.recs)>::element_type;
    constexpr size_t width = sizeof(Rec::code);
    for (size_t i = 0; i < t.recs.size(); ++i) {
      std::string_view code = FixedView(t.recs[i].code, width);
      if (!ok(t.recs[i], code) || (i > 0 && !(FixedView(t.recs[i - 1].code, width) < code))) {
        return Corrupt(std::string(what) + " record " + std::to_string(i) + " is invalid or out of order");
      }
    }
    return std::nullopt;
  };
  for (const auto& s : secs) {
    Cursor c(s.data, TagName(s.tag));
    if (s.tag == kTagMue) {
      MueHeader mh{};
      MueTable t;
      if (!c.Header(mh) || !c.Take(mh.rationale_count, t.rationales) || !c.Take(mh.count, t.recs)) return Corrupt(c.error());
      if (auto e = dataset(s, mh.dataset, DatasetKind::kMue, t.dataset)) return *e;
      for (auto r : t.rationales) if (!StrOk(r, pool)) return Corrupt("MUE rationale out of range");
      for (size_t i = 0; i < t.recs.size(); ++i) {
        const MueRec& r = t.recs[i];
        if (r.code >= ncodes || (i > 0 && t.recs[i - 1].code >= r.code) || r.mai < 1 || r.mai > 3 ||
            r.rationale >= std::max<size_t>(1, t.rationales.size())) {
          return Corrupt("MUE record " + std::to_string(i) + " is invalid or out of order");
        }
      }
      for (const auto& o : es.mue_) {
        const EditDataset &a = *o.dataset, &b = *t.dataset;
        const bool overlap = (!a.to || !b.from || b.from <= a.to) && (!b.to || !a.from || a.from <= b.to);
        if (a.setting == b.setting && overlap) return Corrupt("two MUE tables for one setting and overlapping dates");
      }
      es.mue_.push_back(t);
    } else if (s.tag == kTagPtp) {
      PtpHeader ph{};
      PtpTable t;
      if (!c.Header(ph) || ph.code_count != ncodes || !c.Take(size_t(ph.code_count) + 1, t.row_first) ||
          !c.Take(ph.date_count, t.dates) || !c.Take(ph.rationale_count, t.rationales) ||
          !c.Take(ph.entry_count, t.column2)) {
        return Corrupt(c.error().empty() ? "EPTP code count differs from ECOD" : c.error());
      }
      std::span<const uint32_t> pad;
      if (!c.Take(0, pad) || !c.Take(ph.entry_count, t.attr)) return Corrupt(c.error());
      if (auto e = dataset(s, ph.dataset, DatasetKind::kPtp, t.dataset)) return *e;
      if (ph.date_count > kPtpDateMask || ph.rationale_count > kPtpRationaleMask) return Corrupt("PTP lists too long");
      for (size_t i = 0; i < t.dates.size(); ++i) {
        if (!DateOk(t.dates[i]) || t.dates[i] == 0 || (i > 0 && t.dates[i - 1] >= t.dates[i])) return Corrupt("PTP dates invalid");
      }
      for (auto r : t.rationales) if (!StrOk(r, pool)) return Corrupt("PTP rationale out of range");
      if (t.row_first[0] != 0 || t.row_first[ncodes] != ph.entry_count) return Corrupt("PTP row bounds");
      for (uint32_t k = 0; k < ncodes; ++k) {
        if (t.row_first[k] > t.row_first[k + 1]) return Corrupt("PTP rows not monotonic");
        for (uint32_t e = t.row_first[k]; e < t.row_first[k + 1]; ++e) {
          uint16_t a = t.attr[e];
          uint32_t di = (a >> kPtpDateShift) & kPtpDateMask, ri = (a >> kPtpRationaleShift) & kPtpRationaleMask;
          if (t.column2[e] >= ncodes || (a & kPtpModMask) > 2 || di > ph.date_count || ri > ph.rationale_count) {
            return Corrupt("PTP entry " + std::to_string(e) + " out of range");
          }
          if (e > t.row_first[k] && t.column2[e - 1] > t.column2[e]) return Corrupt("PTP row not sorted");
        }
      }
      es.ptp_.push_back(t);
    } else if (s.tag == kTagAoc) {
      AocHeader ah{};
      AocTable t;
      if (!c.Header(ah) || !c.Take(ah.addon_count, t.addons) || !c.Take(ah.primary_count, t.primaries)) return Corrupt(c.error());
      if (auto e = dataset(s, ah.dataset, DatasetKind::kAoc, t.dataset)) return *e;
      for (size_t i = 0; i < t.addons.size(); ++i) {
        const AocAddon& a = t.addons[i];
        if (a.code >= ncodes || (i > 0 && t.addons[i - 1].code >= a.code) || a.type < 1 || a.type > 3 ||
            !DateOk(a.effective) || !DateOk(a.end) || a.primary_first > t.primaries.size() ||
            a.primary_count > t.primaries.size() - a.primary_first) {
          return Corrupt("add-on code record " + std::to_string(i) + " is invalid");
        }
        for (uint32_t k = a.primary_first; k < a.primary_first + a.primary_count; ++k) {
          const AocPrimary& p = t.primaries[k];
          if (p.code >= ncodes || !DateOk(p.effective) || !DateOk(p.end) ||
              (k > a.primary_first && t.primaries[k - 1].code > p.code)) {
            return Corrupt("add-on primary record " + std::to_string(k) + " is invalid");
          }
        }
      }
      es.aoc_ = t;
    } else if (s.tag == kTagMce) {
      auto e = list(s, c, DatasetKind::kMce, "MCE", es.mce_, [](const MceRec&, std::string_view code) {
        return CodeCharsOk(code) && code.size() >= 3 && code.size() <= 7;
      });
      if (e) return *e;
    } else if (s.tag == kTagPos) {
      auto e = list(s, c, DatasetKind::kPos, "place-of-service", es.pos_,
                    [&](const PosRec& r, std::string_view code) {
        return code.size() == 2 && CodeCharsOk(code) && StrOk(r.name, pool);
      });
      if (e) return *e;
    } else if (s.tag == kTagModifiers) {
      auto e = list(s, c, DatasetKind::kModifiers, "modifier", es.mods_,
                    [&](const ModRec& m, std::string_view code) {
        return code.size() == 2 && CodeCharsOk(code) && DateOk(m.added) && DateOk(m.terminated) &&
               StrOk(m.short_desc, pool) && StrOk(m.long_desc, pool);
      });
      if (e) return *e;
    }
  }
  return es;
}

int32_t EditSet::CodeId(std::string_view code) const {
  if (code.empty() || code.size() > 8) return -1;
  uint64_t key = PackCode(code.data(), static_cast<unsigned>(code.size()));
  auto it = std::lower_bound(codes_.begin(), codes_.end(), key);
  if (it == codes_.end() || *it != key) return -1;
  return static_cast<int32_t>(it - codes_.begin());
}

std::string EditSet::CodeText(uint16_t id) const {
  std::string s;
  if (id >= codes_.size()) return s;
  uint64_t k = codes_[id];
  for (int i = 7; i >= 0; --i) {
    char c = static_cast<char>((k >> (8 * i)) & 0xFF);
    if (!c) break;
    s += c;
  }
  return s;
}

const EditSet::MueTable* EditSet::Mue(Setting s) const {
  const MueTable* newest = nullptr;
  for (const auto& t : mue_) {
    if (t.dataset->setting == s && (!newest || t.dataset->from > newest->dataset->from)) newest = &t;
  }
  return newest;
}

const EditSet::MueTable* EditSet::Mue(Setting s, uint32_t date) const {
  const MueTable* in_force = nullptr;
  for (const auto& t : mue_) {
    if (t.dataset->setting == s && t.dataset->Covers(date) && (!in_force || t.dataset->from > in_force->dataset->from)) in_force = &t;
  }
  return in_force ? in_force : Mue(s);
}

const MueRec* EditSet::FindMue(const MueTable& t, uint16_t code) const {
  auto it = std::lower_bound(t.recs.begin(), t.recs.end(), code, [](const MueRec& r, uint16_t c) { return r.code < c; });
  return it != t.recs.end() && it->code == code ? &*it : nullptr;
}

std::pair<uint32_t, uint32_t> EditSet::FindPtp(const PtpTable& t, uint16_t c1, uint16_t c2) const {
  if (c1 >= codes_.size()) return {0, 0};
  const uint16_t* b = t.column2.data() + t.row_first[c1];
  const uint16_t* e = t.column2.data() + t.row_first[c1 + 1];
  auto lo = std::lower_bound(b, e, c2);
  auto hi = lo;
  while (hi != e && *hi == c2) ++hi;
  return {static_cast<uint32_t>(lo - t.column2.data()), static_cast<uint32_t>(hi - t.column2.data())};
}

const AocAddon* EditSet::FindAddon(uint16_t code) const {
  auto it = std::lower_bound(aoc_.addons.begin(), aoc_.addons.end(), code,
                             [](const AocAddon& a, uint16_t c) { return a.code < c; });
  return it != aoc_.addons.end() && it->code == code ? &*it : nullptr;
}

uint32_t EditSet::MceFlags(std::string_view code) const {
  auto it = std::lower_bound(mce_.recs.begin(), mce_.recs.end(), code,
                             [](const MceRec& r, std::string_view c) { return FixedView(r.code, 8) < c; });
  return it != mce_.recs.end() && FixedView(it->code, 8) == code ? it->flags : 0;
}

const PosRec* EditSet::FindPos(std::string_view code) const {
  auto it = std::lower_bound(pos_.recs.begin(), pos_.recs.end(), code,
                             [](const PosRec& r, std::string_view c) { return FixedView(r.code, 4) < c; });
  return it != pos_.recs.end() && FixedView(it->code, 4) == code ? &*it : nullptr;
}

const ModRec* EditSet::FindModifier(std::string_view code) const {
  auto it = std::lower_bound(mods_.recs.begin(), mods_.recs.end(), code,
                             [](const ModRec& r, std::string_view c) { return FixedView(r.code, 4) < c; });
  return it != mods_.recs.end() && FixedView(it->code, 4) == code ? &*it : nullptr;
}

}  // namespace medcode
