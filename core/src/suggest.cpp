// suggest.cpp owns coding from documentation up to the candidates: it reads a note's layout
// and assertions (note_text.h), finds each chunk's conditions with the search engine (a
// greedy cover: the best document for the words, then the best for the words left), drops
// weak readings (an index path without its main term, a chapter 15/16 code on another
// record), turns headers into the code a coder reaches by default, reads the details that
// pick a sibling (suggest_detail.h: side, dominance, what is said to be absent), and codes
// history, family history (I.C.21.c.4), long-term drugs and status (I.C.21.c.3), adverse
// effects (I.C.19.e.5(a)), the 7th character and the defaults for fractures and poisonings
// (I.C.19.a, I.C.19.c.1, I.C.19.e.5(b)). The conventions applied once every chunk has its
// candidates are in suggest_conventions.cpp. See suggest.h.
#include "medcode/suggest.h"

#include "medcode/years.h"

#include <algorithm>
#include <iterator>
#include <bit>
#include <cctype>
#include <cstdlib>
#include <map>
#include <optional>

#include "medcode/lookup.h"
#include "medcode/text.h"
#include "ascii.h"
#include "note_text.h"
#include "suggest_coder.h"
#include "suggest_detail.h"

namespace medcode {
namespace coding {

using note::Assertion;
using note::Section;


// Words that carry no condition in a note: plan verbs, dosing, courtesy.
constexpr std::string_view kFiller[] = {
    "continue", "cont", "start", "started", "stop", "stopped", "increase", "increased", "decrease",
    "decreased", "hold", "held", "monitor", "monitoring", "recheck", "check", "checked", "refer", "referred",
    "referral", "counsel", "counseled", "discussed", "discuss", "advised", "patient", "pt", "pts", "rtc",
    "prn", "daily", "bid", "tid", "qid", "qd", "qhs", "mg", "mcg", "ml", "units", "today", "stable",
    "improving", "improved", "worsening", "well", "presents", "presented", "reports", "complains", "c/o",
    "here", "visit", "seen", "noted", "note", "plan", "will", "needs", "need", "given", "treat", "treated",
    "treatment", "managed", "management", "control", "sec", "f/u", "fu", "follow", "followup", "return",
    "weeks", "days", "months", "yo", "y/o", "year", "old", "male", "female", "man", "woman", "mr", "mrs",
    "ms", "dr", "hx", "pmh", "meds", "labs", "ordered", "order", "obtain", "obtained", "consider",
    "also", "now", "currently", "again", "per", "s", "his", "her", "their", "has", "have", "had", "is",
    "was", "are", "were", "been", "being", "the", "a", "an", "and", "or", "to", "for", "x", "q", "w/", "w",
    "with", "w/o", "without", "of", "in", "on", "at", "by", "due", "secondary", "likely", "status",
    // units and durations ("4.2 cm", "x 2 wks"), and how the patient is doing
    "wk", "wks", "hr", "hrs", "yr", "yrs", "mo", "mos", "cm", "mm", "kg", "lb", "lbs", "oz", "doing",
    "none",       // "none since", "none today": no condition of its own
    // how a condition is or was: never a condition of its own after the first reading
    // ("asymptomatic" is not asymptomatic hyperuricemia, "transient" not homelessness)
    "asymptomatic", "transient", "tolerating", "tolerated", "removed", "reducible", "intact", "reassured",
    "reassurance", "progressing", "completed", "pending",
    "trimester",  // read by the trimester rule (I.C.15.a.3), never a condition of its own
};

bool IsWordByte(char c) { return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80; }

std::vector<Tok> Tokens(std::string_view text, uint32_t b, uint32_t e) {
  std::vector<Tok> out;
  uint32_t i = b;
  while (i < e) {
    if (!IsWordByte(text[i])) {
      ++i;
      continue;
    }
    uint32_t j = i;
    while (j < e) {
      char c = text[j];
      if (IsWordByte(c) || c == '\'') {
        ++j;
      } else if (c == '/' && j + 1 <= e && (j + 1 == e || IsWordByte(text[j + 1]) || text[j + 1] == ' ') && j - i <= 2) {
        ++j;  // "s/p", "w/", "h/o", "r/o", "c/o"
      } else if (c == '.' && j + 1 < e && std::isdigit(static_cast<unsigned char>(text[j + 1])) && j > i &&
                 std::isdigit(static_cast<unsigned char>(text[j - 1]))) {
        ++j;
      } else {
        break;
      }
    }
    Tok t;
    t.begin = i;
    t.end = j;
    auto words = text::Tokenize(text.substr(i, j - i));
    if (words) t.folded = std::move(*words);
    std::string low = ascii::Lower(text.substr(i, j - i));
    bool filler = std::find(std::begin(kFiller), std::end(kFiller), low) != std::end(kFiller);
    bool number = !t.folded.empty() && std::all_of(low.begin(), low.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; });
    t.content = !t.folded.empty() && !filler && !number && !(t.folded.size() == 1 && text::IsStopword(t.folded[0]));
    t.number = number;
    out.push_back(std::move(t));
    i = j;
  }
  // A count of days or hours ("fever x3 days", "cough for five days", "x 2 d"): how long the
  // condition has lasted, never the words of an Index term ("Three-day fever", "Five-day
  // fever" are A93.1 and A79.0).
  static constexpr std::string_view kUnits[] = {"day", "days", "d", "hour", "hours", "hr", "hrs", "h", "night", "nights"};
  static constexpr std::string_view kCounts[] = {"one", "two", "three", "four", "five", "six", "seven",
                                                 "eight", "nine", "ten", "few", "several", "couple"};
  static constexpr std::string_view kOpeners[] = {"for", "x", "past", "last", "over", "since", "a", "the", "to"};
  auto word = [&](size_t k) { return ascii::Lower(text.substr(out[k].begin, out[k].end - out[k].begin)); };
  auto among = [](const std::string& w, const auto& list) { return std::find(std::begin(list), std::end(list), w) != std::end(list); };
  for (size_t k = 1; k < out.size(); ++k) {
    const char c0 = static_cast<char>(std::tolower(static_cast<unsigned char>(text[out[k].begin])));
    if (out[k].end - out[k].begin > 6 || (c0 != 'd' && c0 != 'h' && c0 != 'n')) continue;  // not a unit: no lower-casing
    if (!among(word(k), kUnits)) continue;
    const std::string count = word(k - 1);
    const bool x_count = count.size() >= 2 && count[0] == 'x' &&
                         std::all_of(count.begin() + 1, count.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
    if (!out[k - 1].number && !x_count && !among(count, kCounts)) continue;
    // An age or a time of life is no duration: "10 day old", "hypoglycemia at 2 hrs" (a newborn's).
    if ((k + 1 < out.size() && word(k + 1) == "old") || (k >= 2 && word(k - 2) == "at")) continue;
    out[k].duration = out[k - 1].duration = true;
    out[k].content = out[k - 1].content = false;
    // and the words that open it ("for 3 days", "x 2 d", "for the past few days"), a range too
    // ("1-3 h", "2 to 3 days")
    for (size_t j = k - 1; j-- > 0;) {
      if (!out[j].number && !among(word(j), kOpeners)) break;
      out[j].duration = true;
      out[j].content = false;
    }
  }
  // "without current fracture", "not in remission": what follows is absent (up to a "with").
  // A comma ends it before a qualifier of the condition ("migraine without aura, intractable":
  // the migraine is intractable), not before another absent detail ("w/o nausea, vomiting").
  bool absent = false;
  uint32_t prev_end = b;
  for (Tok& t : out) {
    std::string low = ascii::Lower(text.substr(t.begin, t.end - t.begin));
    if (absent && text.substr(prev_end, t.begin - prev_end).find(',') != std::string_view::npos &&
        HasAny(low, {"intractable", "refractory", "pharmacoresistant", "initial", "subsequent", "sequela", "left", "right",
                     "bilateral", "acute", "chronic", "mild", "moderate", "severe", "stage", "type", "recurrent"}))
      absent = false;
    prev_end = t.end;
    if (low == "without" || low == "w/o" || low == "not" || low == "no") {
      absent = true;
    } else if (low == "with" || low == "w/" || low == "w") {
      absent = false;
    } else {
      t.absent = absent;
    }
  }
  return out;
}

std::vector<std::string> TitleWords(const std::string& s) {
  std::vector<std::string> w;
  std::string cur;
  for (char ch : s) {
    if (IsWordByte(ch)) {
      cur += ch;
    } else if (!cur.empty()) {
      w.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) w.push_back(cur);
  return w;
}

std::vector<std::string> SplitSpaces(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.emplace_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

template <class Words>
bool HasAny(std::string_view lower, const Words& words);

bool HasAny(std::string_view lower, std::initializer_list<std::string_view> words) {
  return HasAny<std::initializer_list<std::string_view>>(lower, words);
}

// Words that name how an injury happened, where it happened or what was being done: an
// external-cause code (V00-Y99) needs one of them in its chunk.
constexpr std::string_view kMechanismWords[] = {
    "fell", "fall", "falls", "fallen", "tripped", "slipped", "mvc", "mva", "accident", "collision", "crash",
    "struck", "hit", "bitten", "bite", "stung", "sting", "assault", "assaulted", "fight", "burned", "burn",
    "scald", "scalded", "cut", "stabbed", "shot", "gunshot", "drowning", "playing", "while", "home", "work",
    "yard", "street", "kitchen", "bathroom", "ladder", "stairs", "bicycle", "bike", "motorcycle", "dog", "cat"};
// Words that say a drug is given briefly for an acute illness, or is held or stopped: no
// long-term (current) drug therapy code from them (I.C.21.c.3, category Z79).
constexpr std::string_view kBriefDrugWords[] = {
    "burst", "gtt", "drip", "iv", "ivpb", "bolus", "stat", "once", "hold", "held", "stop", "stopped",
    "discontinue", "discontinued", "d/c", "taper", "course", "trial",
    "off", "completed", "finished"};  // "completed 6 mo anticoagulation, now off": no longer taken
// Words that say a treatment is planned, proposed or discussed, not under way: no long-term
// drug or dependence status from them ("dialysis planning", "naltrexone discussed", "declines
// HRT").
constexpr std::string_view kNotYetWords[] = {
    "planning", "planned", "plan", "consider", "considering", "discuss", "discussed", "future", "candidate",
    "eval", "evaluation", "refer", "referral", "offered", "declined", "declines", "refused", "refuses", "prep", "if",
    "when"};
// Words of a condition's course, state or care, and tests named in passing ("echo"): a
// reading does not rest on them alone ("uncomplicated" is not F10.230,
// "type I" not E76.01, "well controled" not F63.9, "supportive care" not Z51.5).
constexpr std::string_view kStateWords[] = {
    "uncomplicated", "complicated", "type", "controlled", "controled", "uncontrolled", "well", "stable",
    "care", "onset", "late", "early", "progressing", "improving", "improved", "worsening", "routine",
    "intact", "supportive", "normal", "echo", "asymptomatic", "asx",
    // tests and imaging named in passing ("6 mm on CT" is no carpal tunnel syndrome), and a
    // severity level ("level 2" of the condition before it is no hypoglycemia level 2), and a
    // grade ("Grade 1 peripheral neuropathy" is no ICANS, grade 1, G92.01)
    "ct", "cta", "mri", "cxr", "xray", "mammogram", "mammo", "ultrasound", "level", "grade"};
// Verbs, pronouns and adverbs of a sentence: never, alone, an abbreviation of a condition,
// whatever the lexicon reads in them ("has": HA, headache); a lay phrase may hold one ("has
// runs", "hit his head").
constexpr std::string_view kPlainWords[] = {"has", "have", "had", "is", "was", "are", "were", "been", "being",
                                            "his", "her", "their", "also", "again", "now", "will", "doing"};
// Words that say a plan keeps a drug the patient already takes.
constexpr std::string_view kContinuingWords[] = {
    "continue", "continued", "continuing", "cont", "on", "resume", "resumed", "home", "chronic", "long-term",
    "long term", "maintenance", "daily", "remains", "remain", "taking", "takes", "current", "currently",
    // a dose changed is a drug the patient takes
    "increase", "increased", "incr", "uptitrate", "uptitrated", "titrate", "titrating", "decrease", "decreased",
    "reduce", "reduced", "adjust", "adjusted", "adjusting", "refill", "refilled", "refills",
    // a drug the patient tolerates is one they take ("tolerating metformin well")
    "tolerating", "tolerates"};
// Words that say an injury (or its sequela): an injury code (S00-T14) needs one in its line;
// a site alone ("ascending colon", "transverse colon") is not an injury of it.
constexpr std::string_view kInjuryWords[] = {
    "injury", "injuries", "injured", "trauma", "traumatic", "fracture", "fractures", "fractured", "fx", "fxs",
    "sprain", "sprained", "strain", "strained", "laceration", "lac", "lacerations", "contusion", "contusions",
    "bruise", "bruised", "bruising", "wound", "wounds", "abrasion", "abrasions", "puncture", "bite", "bitten",
    "burn", "burns", "burned", "scald", "dislocation", "dislocated", "subluxation", "subluxed", "concussion",
    "whiplash", "tear", "torn", "rupture", "ruptured", "avulsion", "amputation", "crush", "crushed", "hematoma",
    "fb", "foreign", "splinter", "blister", "scar", "sequela", "sequelae", "nursemaid's", "nursemaid", "foosh",
    "fell", "fall", "mvc", "mva", "struck", "hit", "assault", "assaulted", "gsw", "stab", "stabbed", "shot",
    "frostbite", "twisted", "rolled", "inversion", "jammed", "stubbed", "cut", "cuts", "pulled"};
// Words that say a complication of care: a T80-T88 code needs one.
constexpr std::string_view kComplicationWords[] = {
    "complication", "complicated", "reaction", "infected", "infection", "failure", "failed", "malfunction",
    "rejection", "leak", "leaking", "dislodged", "displacement", "breakdown", "erosion", "shock", "allergic",
    "anaphylaxis", "anaphylactic", "transfusion", "postprocedural", "postoperative", "post-op",
    "loosening"};  // "aseptic loosening L THA": Loosening, aseptic, joint prosthesis (T84.03-)

// The text says a drug was correctly prescribed and properly taken ("despite correct dosing",
// "taken as prescribed"; not "more than prescribed", "not as directed"): I.C.19.e.5(a).
static bool TakenAsPrescribed(std::string_view lower) {
  return HasAny(lower, {"as prescribed", "as directed", "correct dosing", "correct dose", "correctly dosed",
                        "correctly prescribed", "properly administered", "taken properly", "taken correctly",
                        "therapeutic dose", "therapeutic dosing"}) &&
         !HasAny(lower, {"not as prescribed", "not as directed", "than prescribed", "than directed", "not taken as"});
}

// The text says a drug was taken or given in error ("took extra doses by mistake",
// "accidentally took a double dose", "more than prescribed", "wrong medication"): a poisoning,
// not an adverse effect (I.C.19.e.5(b): errors made in drug prescription or in the
// administration of the drug by provider, nurse, patient, or other person).
static bool TakenInError(std::string_view lower) {
  return HasAny(lower, {"by mistake", "in error", "mistakenly", "accidentally took", "accidentally taken",
                        "accidentally given", "accidentally ingested", "accidental ingestion", "double dose",
                        "double dosed", "doubled dose", "doubled up", "extra dose", "extra doses", "extra pills",
                        "extra tablets", "took too much", "took too many", "too much", "more than prescribed",
                        "more than directed", "not as prescribed", "not as directed", "wrong dose", "wrong medication",
                        "wrong drug", "wrong pill", "wrong pills", "medication error", "dosing error"});
}

template <class Words>
bool HasAny(std::string_view lower, const Words& words) {
  for (std::string_view w : words) {
    for (size_t at = lower.find(w); at != std::string_view::npos; at = lower.find(w, at + 1)) {
      bool left = at == 0 || !IsWordByte(lower[at - 1]);
      bool right = at + w.size() >= lower.size() || !IsWordByte(lower[at + w.size()]);
      if (left && right) return true;
    }
  }
  return false;
}

// Words that say the plan starts a drug today: not yet long-term therapy (I.C.21.c.3).
constexpr std::string_view kStartingWords[] = {"start", "started", "starting", "add", "added", "adding", "begin",
                                               "initiate", "initiated", "initiating", "new", "newly", "rx",
                                               "prescribe", "prescribed", "give", "given", "gave"};

// A dosing schedule ("metformin 1000 bid", "adalimumab q2wk", "Ocrevus q6mo"): the regimen the
// patient is on, when the words do not start it.
bool Regimen(std::string_view lower) {
  if (HasAny(lower, kStartingWords)) return false;
  if (HasAny(lower, {"bid", "tid", "qid", "qd", "qhs", "qam", "qpm", "qod", "qweek", "qwk", "weekly", "monthly",
                     "nightly", "twice", "every"}))
    return true;
  // "q2wk", "q6mo", "q12h", "q3mos": q, a number, a unit
  for (size_t at = lower.find('q'); at != std::string_view::npos; at = lower.find('q', at + 1)) {
    if (at > 0 && IsWordByte(lower[at - 1])) continue;
    size_t e = at + 1;
    while (e < lower.size() && std::isdigit(static_cast<unsigned char>(lower[e]))) ++e;
    if (e == at + 1) continue;
    size_t u = e;
    while (u < lower.size() && std::isalpha(static_cast<unsigned char>(lower[u]))) ++u;
    if (u > e && (u == lower.size() || !IsWordByte(lower[u]))) return true;
  }
  return false;
}

// "x 10 days", "for 5 days": a course of days.
bool BriefCourse(std::string_view lower) {
  for (size_t at = lower.find("day"); at != std::string_view::npos; at = lower.find("day", at + 1)) {
    if (at > 0 && IsWordByte(lower[at - 1])) continue;
    size_t e = at + 3;
    if (e < lower.size() && lower[e] == 's') ++e;
    if (e < lower.size() && IsWordByte(lower[e])) continue;
    size_t k = at;
    while (k > 0 && lower[k - 1] == ' ') --k;
    if (k > 0 && std::isdigit(static_cast<unsigned char>(lower[k - 1]))) return true;
  }
  return false;
}

// Words that make a note a pregnant patient's, or a newborn's (chapters 15 and 16 are for
// those records only: I.C.15.a.2, I.C.16.a).
constexpr std::string_view kPregnancyWords[] = {
    "pregnancy", "pregnant", "gravid", "gravida", "gravidarum", "prenatal", "antepartum", "antenatal", "postpartum",
    "puerperal", "puerperium", "trimester", "gestation", "gestational", "obstetric", "ob", "labor", "delivery",
    "delivered", "lactation", "lactating", "breastfeeding", "ectopic", "miscarriage", "abortion", "gdm",
    "preeclampsia", "pre-eclampsia", "eclampsia", "placenta", "placental", "fetal", "fetus", "cesarean", "c-section",
    "edd", "lmp", "primigravida", "multigravida", "hyperemesis", "iup"};
constexpr std::string_view kNewbornWords[] = {
    "newborn", "neonate", "neonatal", "infant", "liveborn", "born", "baby", "nicu", "preterm", "premature",
    "prematurity", "apgar", "birth", "bw", "perinatal"};

// "G2P1", "g1p0": gravida and para.
bool GravidaPara(std::string_view lower) {
  for (size_t at = lower.find('g'); at != std::string_view::npos; at = lower.find('g', at + 1)) {
    if (at > 0 && IsWordByte(lower[at - 1])) continue;
    size_t k = at + 1;
    if (k >= lower.size() || !std::isdigit(static_cast<unsigned char>(lower[k]))) continue;
    while (k < lower.size() && std::isdigit(static_cast<unsigned char>(lower[k]))) ++k;
    if (k + 1 < lower.size() && lower[k] == 'p' && std::isdigit(static_cast<unsigned char>(lower[k + 1]))) return true;
  }
  return false;
}

// Whether a reading rests on a word the search is sure of: one found as typed or read by the
// lexicon, a longer word it completed or corrected ("pnuemonia"), or a short one the document
// has whole ("fever", "croup", "falls"). A short word found only as the start of another word
// ("ago": agoraphobia, "place": placenta, "psych": psychosis) or as the spelling of another
// ("tinel": tinea) is a different word, not an abbreviation of it.
bool SureWordRead(const SearchResult& r, const SearchHit& h, std::string_view doc_text) {
  constexpr size_t kShortWord = 5;
  std::optional<std::vector<std::string>> doc_stems;
  for (size_t w = 0; w < r.words.size() && w < 32; ++w) {
    if (!(h.matched & (1u << w))) continue;
    const QueryWord& qw = r.words[w];
    if (qw.use != WordUse::kPrefix && qw.use != WordUse::kCorrected) return true;
    if (qw.text.size() > kShortWord) return true;
    if (!doc_stems) {
      doc_stems.emplace();
      if (auto words = text::Tokenize(doc_text))
        for (const std::string& d : *words) doc_stems->push_back(text::Stem(d));
    }
    if (std::find(doc_stems->begin(), doc_stems->end(), text::Stem(qw.text)) != doc_stems->end()) return true;
  }
  return false;
}

// Whether the hit's matched words (as typed, or read) include the main term of an index path
// ("Hydrocephalus" of "Hydrocephalus, communicating"). Main terms that frame a kind of code
// ("Status", "History", "Long-term", "Encounter") are not asked for.
// An Index path's main term without its nonessential modifiers ("Still's disease or syndrome"
// of "Still's disease or syndrome (juvenile), ..."); a title's words before its first comma.
std::string_view MainTermOf(std::string_view path) {
  std::string_view main = path.substr(0, path.find(','));
  return main.substr(0, main.find('('));
}

bool MainTermMatched(const SearchResult& r, const SearchHit& h, std::string_view path) {
  std::string_view main = MainTermOf(path);
  auto words = text::Tokenize(main);
  if (!words || words->empty()) return true;
  static constexpr std::string_view kFraming[] = {
      "status", "presence", "history", "long", "term", "encounter", "admission", "examination", "exam", "screening",
      "observation", "aftercare", "follow", "up", "absence", "dependence", "supervision", "counseling", "pregnancy",
      "delivery", "puerperal", "maternal", "newborn", "complication", "problem", "findings", "finding", "care"};
  for (const std::string& w : *words)
    if (std::find(std::begin(kFraming), std::end(kFraming), w) != std::end(kFraming)) return true;
  std::vector<std::string> got;
  for (size_t i = 0; i < r.words.size() && i < 32; ++i) {
    if (!(h.matched & (1u << i))) continue;
    for (std::string w : SplitSpaces(r.words[i].text)) got.push_back(w);
    for (std::string w : SplitSpaces(r.words[i].used))
      if (w != "|") got.push_back(w);
  }
  auto said = [&](const std::string& m) {
    for (const std::string& g : got) {
      if (m == g) return true;
      size_t n = 0;
      while (n < m.size() && n < g.size() && m[n] == g[n]) ++n;
      if (n >= 5) return true;
    }
    return false;
  };
  // A main term written as one hyphenated word ("Tear-stone") is that word: a part of it
  // ("ureteral stone") is another.
  while (!main.empty() && main.back() == ' ') main.remove_suffix(1);
  if (main.find('-') != std::string_view::npos && main.find(' ') == std::string_view::npos)
    return std::all_of(words->begin(), words->end(), said);
  return std::any_of(words->begin(), words->end(), said);
}


bool InRange(std::string_view undotted, const NoteRef& r) {
  auto strip = [](std::string s) {
    s.erase(std::remove(s.begin(), s.end(), '.'), s.end());
    while (!s.empty() && s.back() == '-') s.pop_back();
    return s;
  };
  std::string first = strip(r.first), last = strip(r.last);
  if (first.empty()) return false;
  std::string_view a = undotted.substr(0, std::min(undotted.size(), first.size()));
  std::string_view b = undotted.substr(0, std::min(undotted.size(), last.size()));
  return a >= first && b <= last;
}

// The line says this visit is a follow-up ("2 wk f/u R ankle sprain", "neck strain f/u,
// improving", "f/u visit"), not that one is planned: a clause after the line's first that is only
// the follow-up and who gives it ("splinted, ortho f/u", "EpiPen Rx, allergist f/u 1 wk") is
// the plan's next visit, and this encounter is still the active treatment (I.C.19.a: 7th
// character A while the patient receives active treatment; D after it).
bool FollowUpThisVisit(std::string_view lower) {
  for (std::string_view w : {"follow-up", "follow up", "f/u"}) {
    for (size_t at = lower.find(w); at != std::string_view::npos; at = lower.find(w, at + 1)) {
      if ((at > 0 && IsWordByte(lower[at - 1])) || (at + w.size() < lower.size() && IsWordByte(lower[at + w.size()]))) continue;
      const size_t clause = lower.find_last_of(",.;:", at == 0 ? 0 : at - 1);
      if (at == 0 || clause == std::string_view::npos) return true;  // the line's first clause
      std::string_view rest = lower.substr(at + w.size());
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
      if (rest.starts_with("visit") || rest.starts_with("of ") || rest.starts_with("for ")) return true;
      // Who gives it: at most two words before it in its clause.
      size_t words = 0;
      bool in_word = false;
      for (char ch : lower.substr(clause + 1, at - clause - 1)) {
        if (ch == ' ') in_word = false;
        else if (!in_word) in_word = true, ++words;
      }
      if (words > 2) return true;
    }
  }
  return false;
}

// The 7th character the words document (I.C.19.a; fractures: G delayed healing, K nonunion,
// P malunion). 'A' when nothing says otherwise. The words of a subsequent encounter ("f/u",
// "recheck", "healing") count only in `told`, the line without its plan text: "ortho f/u 1
// week" after a fracture plans a later visit, it does not make this one subsequent.
char HealingOf(std::string_view lower) {
  if (HasAny(lower, {"nonunion", "non-union"})) return 'K';
  if (HasAny(lower, {"malunion", "mal-union"})) return 'P';
  if (HasAny(lower, {"delayed healing", "slow healing"})) return 'G';
  // The state of healing describes this encounter even in plan text ("- healing well"): the
  // patient has completed active treatment (I.C.19.a, 7th character D).
  if (HasAny(lower, {"routine healing", "healing well", "healing as expected", "healing appropriately", "healing normally",
                     "well healed", "healed well"}))
    return 'D';
  return 0;
}

char EncounterOf(std::string_view lower, std::string_view told) {
  // A scar is the sequela of the injury that left it (I.C.19.a: "such as scar formation").
  if (HasAny(lower, {"sequela", "sequelae", "late effect", "late effects", "residual", "scar", "scarring", "keloid"}))
    return 'S';
  if (const char healing = HealingOf(lower)) return healing;
  if (HasAny(told, {"subsequent", "routine healing", "healing", "healed", "recheck",
                     "cast check", "aftercare", "suture removal", "staple removal", "removal of sutures",
                     "removal of staples", "cast removal", "2nd visit", "second visit", "3rd visit", "third visit",
                     "follow-up visit", "return visit"}))
    return 'D';
  return FollowUpThisVisit(told) ? 'D' : 'A';
}

const Result<SearchResult>& MemoSearcher::Search(std::string_view query, const SearchOptions& options) {
  // A narrowed search is asked by the query and its code prefixes.
  std::string narrowed;
  if (!options.within.empty()) {
    narrowed.assign(query);
    for (const std::string& p : options.within) narrowed.append(1, '\x1f').append(p);
  }
  const std::string_view key = options.within.empty() ? query : std::string_view(narrowed);
  auto it = answers_.find(KeyView(key, options.limit, options.date));
  if (it == answers_.end()) {
    SearchOptions hits_only = options;  // the coder reads the hits, never the counts
    hits_only.count_partial = false;
    hits_only.fold_forms = false;
    hits_only.weigh_phrases = false;
    it = answers_.emplace(Key(key, options.limit, options.date), searcher_.Search(query, hits_only)).first;
  }
  return it->second;
}

}  // namespace coding

const char* CareSettingName(CareSetting s) { return s == CareSetting::kInpatient ? "inpatient" : "outpatient"; }

Suggester::Suggester(const CodeSet& icd10cm)
    : cs_(icd10cm), owned_(std::make_unique<Searcher>(icd10cm)), searcher_(owned_.get()),
      index_cache_(std::make_shared<coding::IndexCache>()), memo_(std::make_shared<coding::MemoSearcher>(*searcher_)) {}

Suggester::Suggester(const CodeSet& icd10cm, Searcher& searcher)
    : cs_(icd10cm), searcher_(&searcher), index_cache_(std::make_shared<coding::IndexCache>()),
      memo_(std::make_shared<coding::MemoSearcher>(*searcher_)) {}

namespace coding {


SuggestResult NoteCoder::Run() {
  out_.setting = options_.setting;
  // A file of several years: named by the year coded with ("ICD-10-CM FY2027").
  out_.codeset_label = cs_.years().empty() ? cs_.meta().label : cs_.meta().system + " " + ChooseYearAt(cs_, options_.date).label;
  layout_ = note::Read(text_);
  pregnancy_ = HasAny(lower_, kPregnancyWords) || GravidaPara(lower_) || detail::GestationWeeks(lower_).weeks >= 0;
  newborn_ = HasAny(lower_, kNewbornWords);
  if (lower_.find("hand") != std::string::npos || lower_.find("lefty") != std::string::npos)
    handed_ = detail::Handedness(lower_);
  if (layout_.chunks.empty()) {
    out_.empty_reason = "the text has no words to code";
    return out_;
  }
  JoinQualifiedChunks();
  for (uint32_t ci = 0; ci < layout_.chunks.size(); ++ci) CodeChunk(ci);
  ApplyDocumentedSibling();
  // The severity the item documents, for a code the text's other words chose (F31.30 "mild
  // or moderate severity, unspecified" with "moderate": F31.32).
  for (Candidate& c : cands_)
    if (!c.dropped) ApplySeverity(c);
  ApplyNegatedDetail();
  ApplyLinkedCause();
  ApplyNoteHealing();
  ApplyDetailElsewhere();
  DetailFromStory();
  IntractableFromStory();
  ApplyLeukemiaRelapse();
  ApplyPastHistoryAssessed();
  // Merge the same code found twice (evidence of both).
  for (size_t i = 0; i < cands_.size(); ++i) {
    if (cands_[i].dropped) continue;
    for (size_t j = i + 1; j < cands_.size(); ++j) {
      if (cands_[j].dropped || cands_[j].code != cands_[i].code) continue;
      for (const TextSpan& s : cands_[j].evidence) cands_[i].evidence.push_back(s);
      cands_[i].group = std::min(cands_[i].group, cands_[j].group);
      cands_[j].dropped = true;
    }
  }
  // Both sides with no bilateral code: the left side's code beside the right's (I.B.13).
  for (size_t i = 0, n = cands_.size(); i < n; ++i) {
    if (cands_[i].dropped || cands_[i].left_too == format::kNone) continue;
    Candidate left = cands_[i];
    left.code = cands_[i].left_too;
    left.left_too = cands_[i].left_too = format::kNone;
    left.position += 1;
    cands_.push_back(std::move(left));
  }
  // A hypertensive CKD read whole ("HTN/CKD": I12.9) takes the stage the note gives before the
  // diabetes "with" presumption looks for a CKD code (I.A.15); once more after I10 becomes I12.
  ApplyDialysisStage();
  StageBesideHypertension();
  ApplyDiabetes();
  ApplyDiabetesControl();
  ApplyHypertension();
  StageBesideHypertension(true);
  ApplyStroke();
  ApplyPeripheralAtherosclerosis();
  ApplyPolypPathology();
  ApplySequela();
  ApplyCombinations();
  ApplyCopdInfection();
  ApplyOrganism();
  ApplyDementiaEtiology();
  ApplySubstanceUse();
  ApplyDrugInduced();
  ApplyDrugOfCode();
  ApplySymptomSibling();
  ApplyOneReading();
  DementiaOfAlzheimer();
  ApplyFragilityFracture();
  ApplyNeoplasticFracture();
  ApplyAnginaOfCad();
  ApplyExcludes1();
  ApplySymptoms();
  SymptomsOfUncertainAssessment();
  StrokeDeficitsFromStory();
  ApplyFeverOfInfection();
  ApplySevereSepsis();
  ApplySepsis();
  ApplySpecificity();
  ApplyUnspecifiedOrganism();
  ApplyProsthesisInfection();
  ApplyNeoplasmHistory();
  ApplyFollowUpExam();
  ApplyCorrectedCongenital();
  ApplyObstetricHistory();
  ApplyPregnancyChapter();
  ApplyPregnancy();
  ApplyNewbornMaturity();
  ApplyOutcomeOfDelivery();
  ApplyChildbirth();
  ApplyPostpartumVisit();
  ApplyPostpartumReadmission();
  ApplyGestationalControl();
  ApplyPregnancyDiabetesType();
  ApplyExamFindings();
  ApplyInjuryAftercare();
  ApplyUnsitedInjury();
  ApplyExternalCause();
  ApplyContactExposure();
  ApplyAttentionToOpening();
  ApplyFamilyRelevance();
  StoryHistoryBesideNeoplasm();
  ApplyTreatmentEncounter();
  ApplyBodyMassIndexDiagnosis();
  ApplySuppression();
  Order();
  Emit();
  if (out_.codes.empty() && out_.empty_reason.empty()) {
    out_.empty_reason = out_.not_coded.empty() ? "no condition was found in the text"
                                               : "nothing to report: every condition found is listed under notCoded";
  }
  return out_;
}

// "Asthma, mild intermittent, uncomplicated": comma-separated pieces of one item that a
// single document covers entirely are one condition, not three.
void NoteCoder::JoinQualifiedChunks() {
  auto& chunks = layout_.chunks;
  for (size_t i = 0; i + 1 < chunks.size();) {
    note::Chunk& a = chunks[i];
    const note::Chunk& b = chunks[i + 1];
    if (a.item != b.item || a.assertion != b.assertion || a.plan != b.plan || a.section != b.section) {
      ++i;
      continue;
    }
    auto toks = Tokens(text_, a.begin, b.end);
    // The writer's aside in parentheses ("with psychotic features (grandiose delusions)") is
    // no piece of the condition's name: the pieces are joined on their other words (I.A.7).
    {
      int depth = 0;
      size_t at = a.begin;
      std::erase_if(toks, [&](const Tok& t) {
        for (; at < t.begin; ++at) {
          if (text_[at] == '(') ++depth;
          if (text_[at] == ')' && depth > 0) --depth;
        }
        return depth > 0;
      });
    }
    std::string query;
    size_t content = 0;
    for (const Tok& t : toks) {
      if (!query.empty()) query += ' ';
      query.append(text_.substr(t.begin, t.end - t.begin));
      content += t.content ? 1 : 0;
    }
    bool join = false;
    if (content >= 2 && query.size() <= kMaxQueryBytes) {
      SearchOptions so;
      so.limit = 1;
      so.date = options_.date;
      auto r = searcher_.Search(query, so);
      if (r && !r->hits.empty() && r->hits[0].kind == MatchKind::kWords) {
        // Every content token of both pieces matched by the best document.
        const SearchHit& h = r->hits[0];
        std::vector<bool> hit(toks.size(), false);
        // A matched word no token spells is a slash form's lexicon reading ("d/o": disorder);
        // it stands for one such token the words leave unmatched ("Bipolar I d/o, current episode
        // depressed": F31.3-, one condition).
        size_t rewritten = 0;
        for (size_t w = 0; w < r->words.size() && w < 32; ++w) {
          if (!(h.matched & (1u << w))) continue;
          for (const std::string& word : SplitSpaces(r->words[w].text)) {
            bool spelled = false;
            for (size_t k = 0; k < toks.size() && !spelled; ++k)
              if (!hit[k] && std::find(toks[k].folded.begin(), toks[k].folded.end(), word) != toks[k].folded.end()) {
                hit[k] = true;
                spelled = true;
              }
            if (!spelled && r->words[w].use == WordUse::kExact) ++rewritten;
          }
        }
        join = true;
        size_t unmatched = 0;
        for (size_t k = 0; k < toks.size(); ++k) {
          if (!toks[k].content || hit[k]) continue;
          const std::string_view surface = text_.substr(toks[k].begin, toks[k].end - toks[k].begin);
          if (surface.find('/') == std::string_view::npos) join = false;  // only a slash form is rewritten
          ++unmatched;
        }
        join = join && unmatched <= rewritten;
      }
    }
    if (join) {
      a.end = b.end;
      chunks.erase(chunks.begin() + static_cast<long>(i) + 1);
    } else {
      ++i;
    }
  }
}

void NoteCoder::Explain(const SearchResult& r, const SearchHit& h, Candidate& c) const {
  c.why.push_back(medcode::Explain(cs_, r, h));
}

// The billable code a coder reaches from `code`: a header's default child (its title plus
// "unspecified" and the like), a 7th character by the encounter the text documents.
std::optional<uint32_t> NoteCoder::DefaultChild(uint32_t code) const {
  if (auto def = DefaultCode(cs_, code); def && Billable(*def)) return def;  // the index default (lookup.h)
  const auto& rec = cs_.rec(code);
  uint32_t end = rec.subtree_end;
  std::string_view title = Title(code);
  std::optional<uint32_t> first_unspecified, first_billable;
  for (uint32_t k = code + 1; k < end; ++k) {
    if (cs_.rec(k).parent != code || !cs_.InYear(k, year_)) continue;
    std::string_view t = Title(k);
    bool extends = t.substr(0, title.size()) == title;
    std::string low = ascii::Lower(t);
    bool unspecified = low.find("unspecified") != std::string::npos || low.find("uncomplicated") != std::string::npos ||
                       low.find("without complication") != std::string::npos ||
                       low.find("not having achieved remission") != std::string::npos;
    if (extends && unspecified) return k;
    if (unspecified && !first_unspecified) first_unspecified = k;
    if (!first_billable) first_billable = k;
  }
  if (first_unspecified) return first_unspecified;
  if (auto other = ResidualChild(code)) return other;
  return first_billable;
}

// An Index entry that leads to a header ("Sepsis, Escherichia coli (E. coli) A41.5-": the
// dash says the code is completed in the Tabular) is completed by the one child whose title
// says nothing the entry does not (A41.51 "Sepsis due to Escherichia coli [E. coli]"), not by
// the header's unspecified default (I.A.4: the Index's entry, then the Tabular's codes).
std::optional<uint32_t> NoteCoder::IndexNamedChild(uint32_t code, uint32_t doc) const {
  if (doc == format::kNone) return std::nullopt;
  const format::DocRec& d = cs_.docs()[doc];
  if (d.kind != static_cast<uint8_t>(format::DocKind::kIndexPath) && d.kind != static_cast<uint8_t>(format::DocKind::kIndexSee))
    return std::nullopt;
  if (d.code != code) return std::nullopt;  // the entry led elsewhere; a rule chose this code
  return ChildNamedBy(code, cs_.str(d.text));
}

// A header whose title names its children's alternatives ("Supervision of elderly primigravida
// and multigravida" O09.5): the one child whose title has the alternative the text says, a
// word of the header's title no other child's has ("AMA multigravida": O09.52-), not the
// default child (I.B.2: the detail documented).
std::optional<uint32_t> NoteCoder::ChildSaidBy(uint32_t code, std::string_view lower) const {
  auto said = text::Tokenize(lower);
  if (!said) return std::nullopt;
  std::vector<std::string> stems;
  for (const std::string& w : *said) stems.push_back(text::Stem(w));
  std::vector<std::pair<uint32_t, std::vector<std::string>>> children;
  for (uint32_t k = code + 1; k < cs_.rec(code).subtree_end; ++k)
    if (cs_.rec(k).parent == code && cs_.InYear(k, year_)) {
      std::vector<std::string> w;
      for (const std::string& t : TitleWords(ascii::Lower(Title(k)))) w.push_back(text::Stem(t));
      children.emplace_back(k, std::move(w));
    }
  if (children.size() < 2) return std::nullopt;
  std::vector<std::string> head;
  for (const std::string& t : TitleWords(ascii::Lower(Title(code)))) head.push_back(text::Stem(t));
  auto has = [](const std::vector<std::string>& v, const std::string& w) { return std::find(v.begin(), v.end(), w) != v.end(); };
  std::optional<uint32_t> named;
  for (const auto& [k, words] : children) {
    bool own = false;
    for (const std::string& w : words) {
      if (own || w.size() < 4 || text::IsStopword(w) || !has(head, w) || !has(stems, w)) continue;
      if (w == text::Stem("other") || w == text::Stem("unspecified") || w == text::Stem("specified")) continue;
      bool other = false;
      for (const auto& [k2, words2] : children) other = other || (k2 != k && has(words2, w));
      own = !other;
    }
    if (!own) continue;
    if (named) return std::nullopt;
    named = k;
  }
  return named;
}

std::optional<uint32_t> NoteCoder::ChildNamedBy(uint32_t code, std::string_view entry) const {
  const std::vector<std::string> path = TitleWords(ascii::Lower(entry));
  const std::vector<std::string> head = TitleWords(ascii::Lower(Title(code)));
  std::optional<uint32_t> named;
  for (uint32_t k = code + 1; k < cs_.rec(code).subtree_end; ++k) {
    if (cs_.rec(k).parent != code || !Billable(k)) continue;
    bool all = true, own = false;  // every word in the entry; one of them not the header's
    for (const std::string& w : TitleWords(ascii::Lower(Title(k)))) {
      if (text::IsStopword(w) || w == "due" || w.size() < 2) continue;  // "[E. coli]"
      const bool in_path = std::find(path.begin(), path.end(), w) != path.end();
      const bool in_head = std::find(head.begin(), head.end(), w) != head.end();
      all = all && (in_path || in_head);
      own = own || (in_path && !in_head);
    }
    if (!all || !own) continue;
    if (named) return std::nullopt;  // two children: the Tabular decides by other words
    named = k;
  }
  return named;
}

std::optional<uint32_t> NoteCoder::Sibling(uint32_t code, std::string_view from, std::string_view to) const {
  std::string want(Title(code));
  size_t at = want.find(from);
  if (at == std::string::npos) return std::nullopt;
  want.replace(at, from.size(), to);
  auto [b, e] = cs_.PrefixRange(Undotted(code).substr(0, 3));
  for (uint32_t s = b; s < e; ++s) {
    uint32_t k = cs_.sorted()[s];
    if (Title(k) == want && Undotted(k).size() == Undotted(code).size()) return k;
  }
  return std::nullopt;
}

// The candidate's line puts its infarction in the past: "s/p" before it, or after it (up to a
// comma) a year two or more before the code set's year or "N yrs/months ago", and no days,
// weeks or hours.
bool NoteCoder::PastInfarction(const Candidate& c) const {
  const size_t b = c.evidence.front().begin, e = c.evidence.back().end;
  const std::string_view line = LineLowerAt(b);
  const size_t lb = static_cast<size_t>(line.data() - lower_.data());
  std::string_view before = line.substr(0, b - lb);
  while (!before.empty() && before.back() == ' ') before.remove_suffix(1);
  std::string_view after = e >= lb + line.size() ? std::string_view() : line.substr(e - lb);
  after = after.substr(0, std::min(after.find_first_of(",;"), after.size()));
  if (HasAny(after, {"day", "days", "wk", "wks", "week", "weeks", "hr", "hrs", "hours", "yesterday", "today", "recent"}))
    return false;
  if (before.ends_with("s/p") || before.ends_with("status post")) return true;
  // A year written after it, two or more before the code set's year ("MI 2019", "MI in 2015").
  const std::vector<Tok> toks = Tokens(lower_, static_cast<uint32_t>(e), static_cast<uint32_t>(e + after.size()));
  const int fiscal = ChooseYearAt(cs_, options_.date).year;
  for (size_t i = 0; i < toks.size() && i < 3; ++i) {
    const std::string_view w = std::string_view(lower_).substr(toks[i].begin, toks[i].end - toks[i].begin);
    if (w.size() == 4 && toks[i].number && w.find('.') == std::string_view::npos) {
      const int y = std::stoi(std::string(w));
      if (y >= 1950 && fiscal > 0 && y <= fiscal - 2) return true;
    }
    if (toks[i].number && i + 2 < toks.size() &&
        HasAny(std::string_view(lower_).substr(toks[i + 1].begin, toks[i + 2].end - toks[i + 1].begin),
               {"yrs ago", "years ago", "year ago", "yr ago", "months ago", "mos ago"}))
      return true;
  }
  return false;
}

// Headers to their default, then the book's defaults the text does not override.
uint32_t NoteCoder::Finalize(uint32_t code, std::string_view lower, Candidate& c, std::string_view told) {
  if (told.data() == nullptr) told = lower;
  // The search completed the entry's header to its default child: the child the entry names.
  if (c.doc != format::kNone && cs_.docs()[c.doc].code != code && cs_.rec(code).parent == cs_.docs()[c.doc].code)
    if (auto k = IndexNamedChild(cs_.docs()[c.doc].code, c.doc); k && *k != code) {
      c.rules.push_back({"index-entry-child", "I.A.4",
                         "the Index entry's code " + Dotted(cs_.docs()[c.doc].code) + " completed by the child it names: " +
                             Dotted(*k)});
      code = *k;
    }
  for (int guard = 0; guard < 6 && !Billable(code); ++guard) {
    const auto& rec = cs_.rec(code);
    if (rec.flags & format::kNeedsSeventh || (rec.subtree_end == code + 1 && rec.seventh != format::kNone)) {
      char ch = EncounterOf(lower, told);
      auto built = BuildSeventh(cs_, Dotted(code), ch);
      if (!built && ch != 'A') built = BuildSeventh(cs_, Dotted(code), 'A');
      if (built) {
        if (auto k = cs_.Find(*built); k && cs_.InYear(*k, year_)) {
          c.rules.push_back({"seventh-character", "I.C.19.a",
                             std::string(Dotted(code)) + " needs a 7th character: " + std::string(1, ch == 'A' ? 'A' : ch) +
                                 (ch == 'A' ? " (initial encounter: active treatment)" : " (as documented)")});
          code = *k;
          break;
        }
      }
    }
    auto child = IndexNamedChild(code, c.doc);
    if (!child) child = ChildSaidBy(code, lower);
    if (!child) child = DefaultChild(code);
    if (!child) break;
    c.rules.push_back({"header-default", "I.A.4",
                       Dotted(code) + " is a header; its default " + Dotted(*child) + " is reported"});
    code = *child;
  }
  std::string title = ascii::Lower(Title(code));
  // Open/closed: not documented as open = closed (I.C.19.c.1).
  if (title.find("open fracture") != std::string::npos && !HasAny(lower, {"open", "compound"})) {
    if (auto k = Sibling(code, "open fracture", "closed fracture")) {
      c.rules.push_back({"fracture-closed-default", "I.C.19.c.1", "not documented as open: closed " + Dotted(*k)});
      code = *k;
    } else {
      std::string_view u = Undotted(code);
      if (u.size() == 7 && (u[6] == 'B' || u[6] == 'C')) {
        if (auto built = BuildSeventh(cs_, Dotted(code).substr(0, Dotted(code).size() - 1), 'A')) {
          if (auto k2 = cs_.Find(*built)) {
            c.rules.push_back({"fracture-closed-default", "I.C.19.c.1", "not documented as open: closed " + Dotted(*k2)});
            code = *k2;
          }
        }
      }
    }
  }
  // An open fracture's Gustilo type as documented ("Gustilo IIIA", "type III open"): the 7th
  // character of type IIIA, IIIB or IIIC; type I or II is the default only when the type is not
  // documented (I.C.19.c.1).
  if (title.find("open fracture type i or ii") != std::string::npos &&
      HasAny(lower, {"iiia", "iiib", "iiic", "type iii", "type 3", "gustilo iii", "gustilo 3", "grade iii"}))
    if (auto k = Sibling(code, "open fracture type I or II", "open fracture type IIIA, IIIB, or IIIC")) {
      c.rules.push_back({"gustilo-type", "I.C.19.c.1", "open fracture type III documented: " + Dotted(*k) + ", not " + Dotted(code)});
      code = *k;
    }
  title = ascii::Lower(Title(code));
  // Displaced/nondisplaced: not documented = displaced (I.C.19.c.1).
  if (title.rfind("nondisplaced", 0) == 0 && !HasAny(lower, {"nondisplaced", "non-displaced", "nondisp", "undisplaced"})) {
    if (auto k = Sibling(code, "Nondisplaced", "Displaced")) {
      c.rules.push_back({"fracture-displaced-default", "I.C.19.c.1", "not documented as nondisplaced: displaced " + Dotted(*k)});
      code = *k;
    }
  }
  // Poisoning intent not documented = accidental (I.C.19.e.5(b)).
  std::string_view u = Undotted(code);
  if (!u.empty() && u[0] == 'T' && title.find("poisoning by") != std::string::npos &&
      !HasAny(lower, {"intentional", "suicide", "suicidal", "self-harm", "self harm", "overdosed on purpose", "assault",
                      "assaulted", "undetermined", "homicide"})) {
    for (std::string_view intent : {", assault", ", undetermined", ", intentional self-harm"}) {
      if (auto k = Sibling(code, intent, ", accidental (unintentional)")) {
        c.rules.push_back({"poisoning-accidental-default", "I.C.19.e.5(b)",
                           "intent not documented: accidental " + Dotted(*k)});
        code = *k;
        break;
      }
    }
  }
  // A drug taken as prescribed that still did harm ("digoxin toxicity despite correct dosing")
  // is its adverse effect, not a poisoning (I.C.19.e.5(a)): 5 in the intent character. On the
  // whole line, as the error below: the dash's text tells how it was taken ("Digoxin toxicity
  // w/ bradycardia - pt taking digoxin exactly as prescribed").
  if (!u.empty() && u[0] == 'T' && u.size() >= 6 && u.substr(0, 3) >= "T36" && u.substr(0, 3) <= "T50" && u[5] == '1' &&
      title.find("poisoning by") != std::string::npos && TakenAsPrescribed(lower) && !TakenInError(lower)) {
    std::string adverse(Dotted(code));
    if (adverse.size() > 6) adverse[6] = '5';  // T46.0X1A -> T46.0X5A
    if (auto k = cs_.Find(adverse); k && adverse.size() > 6) {
      c.rules.push_back({"adverse-effect", "I.C.19.e.5(a)",
                         "a drug correctly prescribed and properly taken: its adverse effect " + Dotted(*k) + ", not a poisoning"});
      code = *k;
      title = ascii::Lower(Title(code));
      u = Undotted(code);
    }
  }
  // A drug taken in error that did harm ("lithium toxicity, took extra doses by mistake") is a
  // poisoning, not its adverse effect (I.C.19.e.5(b)): 1 (accidental) in the intent character,
  // the intent read below when the text documents another. On the whole line: the dash's
  // text tells how it was taken.
  if (!u.empty() && u[0] == 'T' && u.size() >= 6 && u.substr(0, 3) >= "T36" && u.substr(0, 3) <= "T50" && u[5] == '5' &&
      title.find("adverse effect of") != std::string::npos && TakenInError(lower) && !TakenAsPrescribed(lower)) {
    std::string poisoning(Dotted(code));
    if (poisoning.size() > 6) poisoning[6] = '1';  // T43.595A -> T43.591A
    if (auto k = cs_.Find(poisoning); k && poisoning.size() > 6 && Billable(*k)) {
      c.rules.push_back({"poisoning-in-error", "I.C.19.e.5(b)",
                         "a drug taken in error: a poisoning " + Dotted(*k) + ", not an adverse effect"});
      code = *k;
      title = ascii::Lower(Title(code));
      u = Undotted(code);
    }
  }
  // Intent documented (I.C.19.e.5(b)): a Table row read as accidental is the self-harm one
  // when the line says so ("sertraline overdose, suicide attempt"; after a dash too, which
  // states the intent, no plan: "Acetaminophen OD - suicide attempt").
  if (!u.empty() && u[0] == 'T' && title.find("poisoning by") != std::string::npos &&
      title.find(", accidental (unintentional)") != std::string::npos &&
      (HasAny(told, {"suicidal"}) ||
       HasAny(lower, {"intentional", "suicide attempt", "suicide attempted", "attempted suicide", "self-harm",
                      "self harm", "overdosed on purpose", "on purpose"}))) {
    if (auto k = Sibling(code, ", accidental (unintentional)", ", intentional self-harm")) {
      c.rules.push_back({"poisoning-intent", "I.C.19.e.5(b)", "intent documented: intentional self-harm " + Dotted(*k)});
      code = *k;
    }
  }
  // A contraceptive in use whose next dose, injection or refill is due ("Depo-Provera shot - due
  // for q3mo injection", "pill refill"): the surveillance of the method (Index: Prescription of
  // contraceptives, repeat, injectable Z30.42; Surveillance, contraceptive), not its initial
  // prescription (Z30.01-).
  if (Undotted(code).substr(0, 4) == "Z300" && title.find("initial prescription of ") != std::string::npos &&
      HasAny(lower, {"due for", "due today", "due now", "is due", "q3mo", "q3 mo", "q3 months", "q12wk", "q12 wk",
                     "q12 weeks", "every 3 months", "every 12 weeks", "repeat", "refill", "next dose", "next shot",
                     "next injection", "last shot", "last injection"})) {
    std::string want(Title(code));
    want.replace(want.find("initial prescription of "), 24, "surveillance of ");
    auto [b, e] = cs_.PrefixRange("Z30");
    for (uint32_t s = b; s < e; ++s)
      if (const uint32_t k = cs_.sorted()[s]; Title(k) == want && Billable(k)) {
        c.rules.push_back({"contraceptive-surveillance", "I.B.1",
                           "a method in use, its next dose due: Prescription of contraceptives, repeat " + Dotted(k) +
                               ", not the initial prescription " + Dotted(code)});
        code = k;
        title = ascii::Lower(Title(code));
        break;
      }
  }
  // A myocardial infarction the line puts in the past ("s/p MI", "MI 2019", "NSTEMI 3 yrs
  // ago"): an old one, I25.2 (I.C.9.e.4; the Index: Infarct, myocardium, healed or old),
  // unless days or weeks ago (I.C.9.e: four weeks or less is acute).
  if ((u.substr(0, 3) == "I21" || u.substr(0, 3) == "I22") && !c.evidence.empty() && PastInfarction(c))
    if (auto old = cs_.Find("I25.2"); old && Billable(*old)) {
      c.rules.push_back({"old-myocardial-infarction", "I.C.9.e.4",
                         "an infarction the text dates in the past: old myocardial infarction I25.2, not " + Dotted(code)});
      code = *old;
      u = Undotted(code);
    }
  // Encounter documented: the 7th character follows it.
  u = Undotted(code);
  if (u.size() == 7 && cs_.rec(code).seventh != format::kNone) {
    char want = EncounterOf(lower, told);
    bool said = want != 'A' || HasAny(lower, {"initial", "init", "new injury", "acute"});
    if (said && want != u[6] && (u[6] == 'A' || u[6] == 'D' || u[6] == 'S' || u[6] == 'G' || u[6] == 'K' || u[6] == 'P')) {
      std::string base = Dotted(code);
      base.pop_back();
      while (!base.empty() && base.back() == 'X') base.pop_back();
      if (auto built = BuildSeventh(cs_, base, want)) {
        if (auto k = cs_.Find(*built)) {
          c.rules.push_back({"seventh-character", "I.C.19.a", std::string("encounter documented: ") + want + " " + Dotted(*k)});
          code = *k;
        }
      }
    }
  }
  return code;
}

// How many document words an abbreviation or lay term stands for: the distinct words of
// its readings that the document has ("CAD" read as "coronary artery disease | atherosclerotic
// heart disease" stands for five words of "Atherosclerotic heart disease of native coronary
// artery"); at least the first reading's count when the document's words do not say.
uint32_t NoteCoder::ReadingWords(const std::string& readings, const format::DocRec& doc) {
  std::string first = readings.substr(0, readings.find(" | "));
  const uint32_t floor = static_cast<uint32_t>(SplitSpaces(first).size());
  auto doc_words = text::Tokenize(cs_.str(doc.text));
  if (!doc_words) return floor;
  std::vector<std::string> seen;
  for (std::string w : SplitSpaces(readings)) {
    if (w == "|") continue;
    if (std::find(doc_words->begin(), doc_words->end(), w) == doc_words->end()) continue;
    if (std::find(seen.begin(), seen.end(), w) == seen.end()) seen.push_back(w);
  }
  return std::max(floor, static_cast<uint32_t>(seen.size()));
}

// The words of a document (an index path, a title) that no word of the query says, as typed
// or as read (a 7-letter common start counts: "orthostatic" for "orthostasis"); stopwords, link
// words ("with", "due") and "unspecified" (which says nothing) aside; of two alternatives
// ("acute or subacute") one said is enough.
namespace {

// The words a search read (as typed and as the lexicon read them).
std::vector<std::string> SaidWords(const SearchResult& r) {
  std::vector<std::string> said;
  for (const QueryWord& qw : r.words) {
    for (std::string w : SplitSpaces(qw.text)) said.push_back(std::move(w));
    for (std::string w : SplitSpaces(qw.used))
      if (w != "|") said.push_back(std::move(w));
  }
  return said;
}

// A document's (folded) word is said: a stopword, link word or "unspecified", or a word read
// (to its end or its first 7 letters).
bool IsSaid(const std::vector<std::string>& said, const std::string& d) {
  if (text::IsStopword(d) || text::IsLinkWord(d) || d == "unspecified" || d == "nos") return true;
  for (const std::string& w : said) {
    size_t n = 0;
    while (n < d.size() && n < w.size() && d[n] == w[n]) ++n;
    if (n == d.size() || n >= 7) return true;
  }
  return false;
}

}  // namespace

bool NoteCoder::UnsaidAcronym(const SearchResult& r, const format::DocRec& doc) const {
  const std::string_view t = cs_.str(doc.text);
  std::vector<std::string> said;
  int depth = 0;
  for (size_t i = 0; i < t.size();) {
    const char c = t[i];
    if (c == '(' || c == '[') ++depth;
    if ((c == ')' || c == ']') && depth > 0) --depth;
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    size_t j = i;
    bool upper = true;
    int letters = 0;
    while (j < t.size() && std::isalnum(static_cast<unsigned char>(t[j]))) {
      if (std::islower(static_cast<unsigned char>(t[j]))) upper = false;
      if (std::isalpha(static_cast<unsigned char>(t[j]))) ++letters;
      ++j;
    }
    const std::string_view w = t.substr(i, j - i);
    // NEC and NOS are the book's own words ("not elsewhere classified"), not a condition.
    if (depth == 0 && upper && letters >= 2 && w != "NEC" && w != "NOS") {
      if (said.empty()) said = SaidWords(r);
      if (!IsSaid(said, ascii::Lower(w))) return true;
    }
    i = j;
  }
  return false;
}

uint32_t NoteCoder::UnsaidWords(const SearchResult& r, const format::DocRec& doc) const {
  return UnsaidIn(r, cs_.str(doc.text));
}

// The words of a text the query says (as typed or as read), stopwords, link words and
// "unspecified" aside: how much of a document the text supports.
uint32_t NoteCoder::SaidIn(const SearchResult& r, std::string_view text) const {
  auto doc_words = text::Tokenize(text);
  if (!doc_words) return 0;
  const std::vector<std::string> said = SaidWords(r);
  uint32_t n = 0;
  for (const std::string& d : *doc_words)
    if (!text::IsStopword(d) && !text::IsLinkWord(d) && d != "unspecified" && d != "nos" && IsSaid(said, d)) ++n;
  return n;
}

uint32_t NoteCoder::UnsaidIn(const SearchResult& r, std::string_view text) const {
  auto doc_words = text::Tokenize(text);
  if (!doc_words) return 0;
  const std::vector<std::string> said = SaidWords(r);
  auto is_said = [&](const std::string& d) { return IsSaid(said, d); };
  const std::vector<std::string>& dw = *doc_words;
  uint32_t unsaid = 0;
  for (size_t i = 0; i < dw.size(); ++i) {
    if (dw[i] == "or" || is_said(dw[i])) continue;
    // One of two alternatives ("acute or subacute") is said when the other is.
    if (i >= 2 && dw[i - 1] == "or" && is_said(dw[i - 2])) continue;
    if (i + 2 < dw.size() && dw[i + 1] == "or" && is_said(dw[i + 2])) continue;
    // The Index's forms of one main term ("Ulcer, ulcerated, ulcerating, ulceration",
    // "Hemorrhage, hemorrhagic", "Diabetes, diabetic"), the document's first words: a word that
    // goes on from the said first word (all its letters, the last or a plural's "es" aside, and
    // 5 at least) is that word again.
    if (i > 0 && is_said(dw[0]) && dw[0].size() >= 5) {
      const bool plural = dw[0].size() > 2 && dw[0].compare(dw[0].size() - 2, 2, "es") == 0;  // "Diabetes, diabetic"
      const size_t stem = std::max<size_t>(5, dw[0].size() - (plural ? 2 : 1));
      auto form = [&](const std::string& w) { return w.size() >= stem && dw[0].compare(0, stem, w, 0, stem) == 0; };
      if (std::all_of(dw.begin() + 1, dw.begin() + static_cast<long>(i) + 1, form)) continue;
    }
    ++unsaid;
  }
  return unsaid;
}

// Whether a document says a word of a condition that the query does not: its nonessential
// modifiers (in parentheses) aside, a head noun that only names a kind ("injury", "disease",
// "status") aside, a word sharing its first 5 letters with a word said counted as said
// ("Diabetes, diabetic").
bool NoteCoder::SaysMoreThanOneWord(const SearchResult& r, const format::DocRec& doc) const {
  std::string t(cs_.str(doc.text));
  int depth = 0;
  for (char& c : t) {
    const bool open = c == '(' || c == '[';
    if (open) ++depth;
    const bool inside = depth > 0;
    if ((c == ')' || c == ']') && depth > 0) --depth;
    if (inside || open) c = ' ';
  }
  auto doc_words = text::Tokenize(t);
  if (!doc_words) return false;
  static constexpr std::string_view kKinds[] = {"injury", "disease", "disorder", "syndrome", "status", "condition",
                                                "state", "nec", "nos", "unspecified",
                                                // a history's framing (its trigger is not searched: "h/o falls")
                                                "history", "personal"};
  const std::vector<std::string> said = SaidWords(r);
  const std::vector<std::string>& dw = *doc_words;
  for (size_t i = 0; i < dw.size(); ++i) {
    const std::string& d = dw[i];
    if (d == "or" || IsSaid(said, d)) continue;
    if (std::find(std::begin(kKinds), std::end(kKinds), d) != std::end(kKinds)) continue;
    if (i >= 2 && dw[i - 1] == "or" && IsSaid(said, dw[i - 2])) continue;
    if (i + 2 < dw.size() && dw[i + 1] == "or" && IsSaid(said, dw[i + 2])) continue;
    bool near = false;
    for (const std::string& w : said)
      near = near || (d.size() >= 5 && w.size() >= 5 && d.compare(0, 5, w, 0, 5) == 0) || text::Stem(d) == text::Stem(w);
    // The start of a word the search completed ("threatened ab": abortion).
    for (const QueryWord& qw : r.words)
      near = near || (qw.use == WordUse::kPrefix && d.size() > qw.text.size() && d.compare(0, qw.text.size(), qw.text) == 0);
    if (!near) return true;
  }
  return false;
}

// The best code for the chunk's unused words (with `prefix`, a code that narrows the search).
// A found candidate gets its evidence (the tokens it matched, marked used).
// Severity as documented in the item (dementia: "mild", "moderate", "severe" in place of
// "unspecified severity", I.C.5.d).
void NoteCoder::ApplySeverity(Candidate& c) {
  // "Bipolar disorder, current episode depressed, mild or moderate severity, unspecified"
  // (F31.30) is the code of a record that does not say which: "mild" F31.31, "moderate" F31.32.
  std::string_view from = "unspecified severity";
  if (Title(c.code).find("mild or moderate severity, unspecified") != std::string_view::npos)
    from = "mild or moderate severity, unspecified";
  else if (Title(c.code).find(from) == std::string_view::npos)
    return;
  const std::string item = ItemLower(c.item);
  if (from != "unspecified severity" && HasAny(item, {"mild or moderate", "mild to moderate", "mild-moderate"})) return;
  for (std::string_view sev : {"mild", "moderate", "severe"})
    if (HasAny(item, {sev}))
      if (auto k = Sibling(c.code, from, sev)) {
        c.rules.push_back({"severity", "I.C.5.d", "severity documented: " + Dotted(*k) + ", not " + Dotted(c.code)});
        c.code = *k;
        return;
      }
}

bool NoteCoder::IsStatusPost(const Tok& t) const {
  return ascii::Lower(std::string_view(text_).substr(t.begin, t.end - t.begin)) == "s/p";
}

// An Index main term or title that is a name with its kind ("Still's disease", "Rust's disease",
// "Down syndrome") is not read from the name alone (token `at`) written as an ordinary word:
// in lower case, with no "'s" and no "disease" or "syndrome" in its chunk, and among other words
// of its piece ("still drinking", "trending down", "rust ring", "AHI 4 on device") or made by the
// spelling corrector (`trusted` false: "resumed" as Refsum). A name alone in its piece ("tick
// bite, lyme", "alzheimer") is the eponym.
bool NoteCoder::NameReadAsWord(const note::Chunk& ch, const std::vector<Tok>& toks, size_t at, const format::DocRec& doc,
                               bool trusted) const {
  if (doc.kind != static_cast<uint8_t>(format::DocKind::kIndexPath) &&
      doc.kind != static_cast<uint8_t>(format::DocKind::kIndexSee) && doc.kind != static_cast<uint8_t>(format::DocKind::kTitle))
    return false;
  const std::string_view main = MainTermOf(cs_.str(doc.text));
  const auto words = text::Tokenize(main);
  if (!words || words->size() < 2 || words->size() > 5) return false;
  const bool eponym = main.find("'s ") != std::string_view::npos ||
                      std::find(words->begin(), words->end(), "syndrome") != words->end() ||
                      std::find(words->begin(), words->end(), "disease") != words->end();
  if (!eponym || HasAny(ChunkLower(ch), {"syndrome", "disease", "dz", "syn"})) return false;
  const Tok& t = toks[at];
  const std::string_view surface = std::string_view(text_).substr(t.begin, t.end - t.begin);
  if (surface.empty() || std::isupper(static_cast<unsigned char>(surface[0])) || surface.ends_with("s")) return false;
  if (!trusted) return true;
  auto same_piece = [&](const Tok& o) {
    const size_t b = std::min(o.end, t.end), e = std::max(o.begin, t.begin);
    for (size_t k = std::min(b, e); k < std::max(b, e); ++k)
      if (text_[k] == ',' || text_[k] == ';' || text_[k] == '.' || text_[k] == '\n') return false;
    return true;
  };
  for (size_t o = 0; o < toks.size(); ++o)
    if (o != at && toks[o].content && !toks[o].number && same_piece(toks[o])) return true;
  return false;
}

// Whether a cause link ("2/2", "d/t", "due to", "secondary to") is next to token t, before or
// after it: the words it joins are a condition and its cause (I.A.15).
bool NoteCoder::CauseLinkBeside(const std::vector<Tok>& toks, size_t t) const {
  auto word = [&](size_t k) { return ascii::Lower(text_.substr(toks[k].begin, toks[k].end - toks[k].begin)); };
  auto link_at = [&](size_t k) {  // the link's first token at k
    const std::string w = word(k);
    if (w == "2/2" || w == "d/t") return true;
    return (w == "due" || w == "secondary") && k + 1 < toks.size() && word(k + 1) == "to";
  };
  if (t + 1 < toks.size() && link_at(t + 1)) return true;
  if (t >= 1 && (word(t - 1) == "2/2" || word(t - 1) == "d/t")) return true;
  return t >= 2 && word(t - 1) == "to" && link_at(t - 2);
}

bool NoteCoder::FindOne(const note::Chunk& ch, std::vector<Tok>& toks, const std::string& prefix, bool first,
                        std::optional<Candidate>& found, std::string_view range_first, std::string_view range_last,
                        uint32_t framing) {
  std::string query = prefix;
  std::vector<size_t> qtok;  // tokens in the query, in order
  for (size_t i = 0; i < toks.size(); ++i) {
    if (toks[i].used && prefix.empty()) continue;
    if (toks[i].duration) continue;
    if (!first && prefix.empty() && !toks[i].content && !toks[i].number) continue;  // "w/" left over
    // A cause link left over at the end ("Sepsis d/t" once the cause is read) is no word of a
    // title ("d/t" is not "Sepsis, Streptococcus, group D").
    if (!first && prefix.empty() && toks[i].end - toks[i].begin == 3 &&
        HasAny(ascii::Lower(text_.substr(toks[i].begin, 3)), {"d/t", "2/2"}) &&
        std::none_of(toks.begin() + i + 1, toks.end(), [](const Tok& t) { return t.content && !t.used; }))
      continue;
    // A comma between two words stays in the query: no lexicon phrase reads across it ("Type 1
    // diabetes, on insulin" is not "diabetes on insulin").
    if (!qtok.empty() && text_.substr(toks[qtok.back()].end, toks[i].begin - toks[qtok.back()].end).find(',') != std::string::npos)
      query += ',';
    if (!query.empty()) query += ' ';
    query.append(text_.substr(toks[i].begin, toks[i].end - toks[i].begin));
    qtok.push_back(i);
  }
  if (qtok.empty()) return false;
  if (query.size() > kMaxQueryBytes) query.resize(kMaxQueryBytes);
  SearchOptions so;
  so.limit = 12;
  so.date = options_.date;
  if (within_) so.within = *within_;
  auto r = searcher_.Search(query, so);
  if (!r || r->hits.empty()) return false;
  std::string_view chunk_lower = ChunkLower(ch);
  bool poison_words = HasAny(chunk_lower, {"poisoning", "poisoned", "overdose", "overdosed", "od", "toxicity", "toxic",
                                           "ingestion", "ingested", "adverse", "reaction", "underdosing", "took too",
                                           // a venomous sting: the toxic effect of the venom (T63, Index: Sting)
                                           "sting", "stung", "stings", "venom", "envenomation", "swallowed", "ate"});
  // Whether hit h is a reading the coder accepts, and the tokens of the text it matched.
  auto accept = [&](const SearchHit& h, std::vector<size_t>& matched_toks) -> bool {
    if (h.kind != MatchKind::kWords || h.doc == format::kNone) return false;
    std::string_view u = Undotted(h.code);
    if (!range_first.empty() && (u.substr(0, std::min(u.size(), range_first.size())) < range_first ||
                                 u.substr(0, std::min(u.size(), range_last.size())) > range_last))
      return false;
    const format::DocRec& doc = cs_.docs()[h.doc];
    if (doc.kind == static_cast<uint8_t>(format::DocKind::kTable) && !poison_words &&
        cs_.str(doc.text).find("Neoplasm") == std::string_view::npos && u[0] == 'T')
      return false;
    // Which tokens it matched, and how many words of the document those words stand for.
    uint32_t stems = 0, content = 0;
    bool trusted = false, expanded = false, filler_read = false, several_readings = false;
    for (size_t w = 0; w < r->words.size() && w < 32; ++w) {
      if (!(h.matched & (1u << w))) continue;
      const QueryWord& qw = r->words[w];
      auto words = SplitSpaces(qw.text);
      std::string reading = qw.used;
      size_t bar = reading.find(" | ");
      if (bar != std::string::npos) reading.resize(bar);
      stems += static_cast<uint32_t>(qw.use == WordUse::kExpanded && !reading.empty() ? ReadingWords(qw.used, doc) : words.size());
      // Find the words in the query's tokens (in order, unused by this hit).
      // A phrase the lexicon read ("history stroke", "hx mi") may span a stopword of the text
      // ("history of stroke"): a phrase of several words is matched without the stopwords.
      std::vector<std::string> flat;
      std::vector<size_t> owner;
      const bool phrase = words.size() > 1 && std::none_of(words.begin(), words.end(), [](const std::string& x) {
        return text::IsStopword(x);
      });
      for (size_t qi : qtok)
        for (const std::string& f : toks[qi].folded) {
          if (phrase && text::IsStopword(f)) continue;
          flat.push_back(f);
          owner.push_back(qi);
        }
      for (size_t s = 0; s + words.size() <= flat.size() && !words.empty(); ++s) {
        bool eq = true;
        for (size_t k = 0; k < words.size() && eq; ++k) eq = flat[s + k] == words[k];
        if (!eq) continue;
        bool fresh = true;
        for (size_t k = 0; k < words.size(); ++k)
          fresh = fresh && std::find(matched_toks.begin(), matched_toks.end(), owner[s + k]) == matched_toks.end();
        if (!fresh) continue;
        for (size_t k = 0; k < words.size(); ++k) {
          size_t t = owner[s + k];
          if (std::find(matched_toks.begin(), matched_toks.end(), t) == matched_toks.end()) matched_toks.push_back(t);
          if (toks[t].content && qw.use != WordUse::kCorrected && qw.use != WordUse::kUnknown) trusted = true;
          if (toks[t].content && qw.use == WordUse::kExpanded) expanded = true;
          if (toks[t].content && qw.use == WordUse::kExpanded && qw.used.find(" | ") != std::string::npos)
            several_readings = true;  // "CP": chest pain or cerebral palsy
          // A verb or pronoun the lexicon reads as an abbreviation ("has" as "HA", headache).
          if (!toks[t].content && qw.use == WordUse::kExpanded && words.size() == 1 &&
              HasAny(ascii::Lower(std::string_view(text_).substr(toks[t].begin, toks[t].end - toks[t].begin)),
                     kPlainWords))
            filler_read = true;
          // A plan verb written as a verb, in lower case and before what it adds ("add KCl",
          // "add jardiance 10"), is not the capitals' abbreviation (ADD, attention deficit).
          if (qw.use == WordUse::kExpanded && words.size() == 1 && t + 1 < toks.size() &&
              std::string_view(text_).substr(toks[t].begin, toks[t].end - toks[t].begin) == "add")
            filler_read = true;
        }
        break;
      }
    }
    if (filler_read) return false;
    if (HitRestsOnUnsaid(toks, matched_toks, *r, h, cs_.str(doc.text))) return false;
    // A test or vital sign the lexicon reads, written with its measured value and nothing else
    // ("BP 146/94", "Cr 1.5", "Hgb 9.1", "IOP 15/16"), is a measurement, no condition
    // ("Fluctuating blood pressure"): a condition needs a word of it ("elevated BP"). A drug
    // with its dose is the drug (Z79); a lesion with its size ("AAA 4.2 cm") the lesion.
    if (matched_toks.size() == 1 && expanded && u.substr(0, 3) != "Z79" && matched_toks[0] + 1 < toks.size()) {
      const size_t t = matched_toks[0];
      auto word = [&](size_t k) { return std::string_view(text_).substr(toks[k].begin, toks[k].end - toks[k].begin); };
      const std::string_view v = word(t + 1);
      const bool value = !v.empty() && std::isdigit(static_cast<unsigned char>(v[0])) && v != "2/2" &&
                         (v.find('.') != std::string_view::npos || v.find('/') != std::string_view::npos ||
                          (toks[t + 1].end < text_.size() && text_[toks[t + 1].end] == '/'));  // "146/94"
      const bool size = t + 2 < toks.size() && HasAny(ascii::Lower(word(t + 2)), {"cm", "mm", "cc", "ml", "kg", "g", "lb", "lbs"});
      if (value && !size) return false;
    }
    // ... and an abbreviation right after a measured percentage ("SpO2 94% RA": room air, not
    // rheumatoid arthritis) says how it was measured.
    if (matched_toks.size() == 1 && expanded) {
      size_t b = toks[matched_toks[0]].begin;
      while (b > 0 && text_[b - 1] == ' ') --b;
      if (b > 0 && text_[b - 1] == '%') return false;
    }
    // "s/p" (status post) parts a condition from the procedure it was treated with: the
    // words after it are a status (Z95.1 for "s/p CABG", I.C.21.c.3), never a detail of the
    // condition before it ("CAD s/p CABG" is no coronary artery bypass graft's atherosclerosis).
    for (size_t k = 0; k < toks.size() && ch.assertion == Assertion::kPresent; ++k) {
      if (!IsStatusPost(toks[k])) continue;
      const bool before = std::any_of(matched_toks.begin(), matched_toks.end(), [&](size_t t) { return t < k; });
      const bool after = std::any_of(matched_toks.begin(), matched_toks.end(), [&](size_t t) { return t > k; });
      if (before && after) return false;
    }
    if (matched_toks.size() == 1 && NameReadAsWord(ch, toks, matched_toks[0], doc, trusted)) return false;
    // A diabetes complication code rests on a word of the complication, not on the diabetes,
    // "with" and a side alone ("DM2 w/ PAD L leg" is no retinopathy of the left eye).
    // (A relative's diabetes is placed by its chapter only: Z83.3.)
    if (ch.assertion != Assertion::kFamily && u[0] == 'E' && u.substr(0, 3) >= "E08" && u.substr(0, 3) <= "E13" &&
        u.size() >= 4 && u[3] != '9' &&
        std::none_of(matched_toks.begin(), matched_toks.end(), [&](size_t t) {
          if (!toks[t].content) return false;
          const std::string w = ascii::Lower(std::string_view(text_).substr(toks[t].begin, toks[t].end - toks[t].begin));
          return !HasAny(w, {"dm", "dm1", "dm2", "t1dm", "t2dm", "iddm", "niddm", "diabetes", "diabetic", "mellitus", "type",
                             "1", "2", "i", "ii", "with", "w", "l", "r", "left", "right", "lt", "rt", "bilateral", "bilat",
                             "ou", "od", "os"});
        }))
      return false;
    if (!SureWordRead(*r, h, cs_.str(cs_.docs()[h.doc].text))) return false;
    // A title that says "not specified as traumatic" (or "recurrent", "acute or chronic") is
    // no reading of a chunk that says it: the Index's own subterm for the detail has the code
    // (Tear, rotator cuff, traumatic S46.01-; I.A.9).
    if (const std::string title = ascii::Lower(Title(h.code)); title.find("not specified as ") != std::string::npos) {
      std::string_view said = std::string_view(title).substr(title.find("not specified as ") + 17);
      said = said.substr(0, std::min(said.find(','), said.size()));
      for (size_t at = 0; at < said.size();) {
        const size_t e = std::min(said.find(" or ", at), said.size());
        if (e > at && HasAny(chunk_lower, {said.substr(at, e - at)})) return false;
        at = e + 4;
      }
    }
    if (said_only_ && UnsaidWords(*r, doc) > 0) {
      // A transport accident's title frames the occupant and the accident ("Car driver
      // injured in collision with other type car in traffic accident"): not documented as
      // nontraffic, a vehicle accident is a traffic accident (the note at V00-V99). The
      // External Cause Index's "Contact (with)" frames the object of a cut or a blow
      // ("Contact, with, knife" W26.0 for "cut w/ kitchen knife").
      std::string framed;
      for (const std::string& w : TitleWords(ascii::Lower(cs_.str(doc.text))))
        if (w != "injured" && w != "traffic" && w != "accident" && w != "transport" && w != "contact" && w != "initial" &&
            w != "subsequent" && w != "sequela" && w != "encounter")  // and the 7th character's encounter (I.C.20.a.2)
          framed += w + ' ';
      if (UnsaidIn(*r, framed) > 0) return false;
    }
    for (size_t t : matched_toks) content += toks[t].content ? 1 : 0;
    if (content == 0) return false;
    // A single letter alone ("observed 6 h": hours) is no reading of a condition ("H" disease).
    if (!expanded && std::all_of(matched_toks.begin(), matched_toks.end(), [&](size_t t) { return !toks[t].content || toks[t].end - toks[t].begin == 1; }))
      return false;
    // One word of the text, as written, is no reading of a document that says more than it
    // and the rest of the chunk: "struck" is not "Struck by lightning", "household" not
    // "Household, housing circumstance affecting care", "positive" not "Duffy a positive".
    if (matched_toks.size() == 1 && stems == 1 && !expanded && SaysMoreThanOneWord(*r, doc)) return false;
    // A reading rests on a word of a condition, not only on words of its course or state.
    if (std::all_of(matched_toks.begin(), matched_toks.end(), [&](size_t t) {
          return !toks[t].content ||
                 HasAny(ascii::Lower(std::string_view(text_).substr(toks[t].begin, toks[t].end - toks[t].begin)), kStateWords);
        }))
      return false;
    // An adverb of manner alone ("born vaginally", "taken orally", "treated surgically") says
    // how, never which condition (not Vaginalitis).
    if (std::all_of(matched_toks.begin(), matched_toks.end(), [&](size_t t) {
          std::string_view w = std::string_view(text_).substr(toks[t].begin, toks[t].end - toks[t].begin);
          return !toks[t].content || (w.size() > 5 && ascii::Lower(w.substr(w.size() - 4)) == "ally");
        }))
      return false;
    // An organism's name names the organism, not a disease, even where its species word is a
    // disease's in Latin ("Klebsiella pneumoniae", "Strep pneumoniae"): a reading whose words
    // are only that name or that species word ("UCx Klebsiella pneumoniae": J15.0 "Pneumonia
    // due to Klebsiella pneumoniae"; A40.3 "Sepsis due to Streptococcus pneumoniae") documents
    // no such disease, and the words stay for the organism's own code (B95-B96, "as the cause
    // of diseases classified elsewhere"; I.C.1, I.B.18).
    {
      const std::string title = ascii::Lower(Title(h.code));
      const std::vector<std::string> title_words = TitleWords(title);
      const size_t due = title.find(" due to ");
      const std::string organism = due == std::string::npos ? std::string() : title.substr(due + 8);
      const std::string epithet = title_words.empty() ? std::string() : title_words[0] + "e";  // "pneumoniae"
      // The species word read as the disease, or every word one of the organism's name.
      bool species = false, all_organism = organism.find(' ') != std::string::npos, other = false;
      for (size_t t : matched_toks) {
        if (!toks[t].content) continue;
        const std::string w = ascii::Lower(std::string_view(text_).substr(toks[t].begin, toks[t].end - toks[t].begin));
        species = species || w == epithet;
        all_organism = all_organism && w.size() >= 3 && organism.find(w) != std::string::npos;
      }
      species = species || all_organism;
      // Unless the chunk names the disease too ("Klebsiella pneumoniae pneumonia"), itself or
      // by a word the lexicon reads as it ("PNA").
      for (const QueryWord& qw : r->words)
        if (species && !title_words.empty() && qw.use == WordUse::kExpanded && qw.text != epithet)
          for (const std::string& w : SplitSpaces(qw.used)) other = other || w == title_words[0];
      if (species && !other && !title_words.empty() && !HasAny(chunk_lower, {title_words[0]})) return false;
    }

    // Long-term drug therapy from plan text rests on a drug name the lexicon reads, not on
    // words such as "rate controlled".
    if (ch.plan && framing > 0 && !expanded) return false;
    // A later round rests on a word found as written or read by the lexicon, not only on
    // spelling corrections of leftovers ("wts", "gtt").
    if (!first && !trusted) return false;
    // ... and on a word of its own: not only a number or ordinal left over ("3rd", "2b"),
    // nor a detail said to be absent ("without current fracture").
    if (!first) {
      bool word = false;
      for (size_t t : matched_toks) {
        if (!toks[t].content || toks[t].absent) continue;
        std::string_view w = std::string_view(text_).substr(toks[t].begin, toks[t].end - toks[t].begin);
        bool letters = w.size() >= 3 && std::all_of(w.begin(), w.end(), [](char k) { return std::isalpha(static_cast<unsigned char>(k)) != 0; });
        // A two-letter abbreviation left over ("po", "HD") is too ambiguous to start a code of
        // its own; a note's "use additional code" (a narrowed search) may still read it. Not
        // one a cause link ties to the rest ("ED 2/2 DM2", "ED d/t DM"): the link names a
        // condition and its cause (I.A.15, I.B.9), each coded (the place "ED" is set aside),
        // when the lexicon reads it one way ("CP 2/2 GERD" may be chest pain).
        const bool short_abbr = w.size() <= 2 && range_first.empty() && (several_readings || !CauseLinkBeside(toks, t));
        word = word || letters || (expanded && !short_abbr);
      }
      if (!word) return false;
    }
    // An index path that leaves words of the text unread rests on its main term:
    // "Hydrocephalus, communicating" is not found by "community acquired pnuemonia", nor
    // "Circumcision (routine)" by "routine prenatal visit" (a search narrowed to a category by
    // a code has its main term for free).
    if (framing == 0 && (doc.kind == static_cast<uint8_t>(format::DocKind::kIndexPath) ||
                         doc.kind == static_cast<uint8_t>(format::DocKind::kIndexSee)) &&
        !MainTermMatched(*r, h, cs_.str(doc.text)))
      return false;
    // An Index path that names an organism or condition by an acronym the text does not say
    // ("Test, HIV, positive" for "positive rapid test") says more than the text.
    if ((doc.kind == static_cast<uint8_t>(format::DocKind::kIndexPath) ||
         doc.kind == static_cast<uint8_t>(format::DocKind::kIndexSee)) &&
        UnsaidAcronym(*r, doc))
      return false;
    // Pregnancy codes on a pregnancy's record only, newborn codes on a newborn's (I.C.15.a.2, I.C.16.a).
    if ((u[0] == 'O' || u.substr(0, 3) == "Z3A" || u.substr(0, 3) == "Z34" || u.substr(0, 3) == "Z37" ||
         u.substr(0, 3) == "Z39") &&
        !pregnancy_)
      return false;
    if ((u[0] == 'P' || u.substr(0, 3) == "Z38") && !newborn_) return false;
    // A disorder of the puerperium outside chapter 15 (F53: "PPD" read as postpartum
    // depression beside "1 ppd" cigarettes or a "+PPD" skin test) is on such a record only.
    if (u.substr(0, 3) == "F53" && !pregnancy_) return false;
    // Family history codes for a family member's condition only (I.C.21.c.4): "asthma history"
    // is the patient's own.
    if (u.substr(0, 3) >= "Z80" && u.substr(0, 3) <= "Z84" && ch.assertion != Assertion::kFamily) return false;
    // Encounters for screening and for a general examination need their words: a mammogram
    // of a finding is no screening mammogram (Z12.31), a chest x-ray no general exam (Z00.00).
    if ((u.substr(0, 3) == "Z11" || u.substr(0, 3) == "Z12" || u.substr(0, 3) == "Z13") &&
        !HasAny(LineLower(ch), {"screen", "screening", "screened", "surveillance"}))
      return false;
    // An encounter for observation (Z04: "Surveillance - see also Observation") needs words of
    // an observation or examination at the visit, not of a course ("on surveillance").
    if (u.substr(0, 3) == "Z04" && !HasAny(LineLower(ch), {"observation", "observe", "observed", "obs", "exam", "examination",
                                                          "evaluation", "eval", "evaluated", "ruled out", "r/o", "checked"}))
      return false;
    // Dependence on supplemental oxygen (Z99.81) needs words of a dependence: oxygen given
    // in an acute illness ("O2 via NC", "O2 sat 96%") is treatment or a measurement.
    if (u == "Z9981" && !HasAny(LineLower(ch), {"home", "dependent", "dependence", "continuous", "chronic", "baseline",
                                                 "long-term", "long term", "nocturnal", "qhs", "at night"}))
      return false;
    // An encounter for procreative management (Z31: "IVF" read as in vitro fertilization) needs
    // words of it: in a hospital note "IVF" is intravenous fluids.
    if (u.substr(0, 3) == "Z31" && !HasAny(LineLower(ch), {"fertility", "infertility", "infertile", "in vitro", "procreative",
                                                          "reproductive", "embryo", "embryos", "oocyte", "oocytes",
                                                          "retrieval", "sperm", "insemination"}))
      return false;
    if (u.substr(0, 3) == "Z00" && !HasAny(LineLower(ch), {"exam", "examination", "physical", "checkup", "check-up", "check",
                                                           "well", "wellness", "annual", "routine", "visit", "preventive",
                                                           "wcc", "wcv", "cpe", "awv", "ppe", "h&p"}))
      return false;
    // Codes of injury mechanisms, poisonings and complications need their words in the text.
    // (The external cause of an injury coded on the line, searched with every word said, may
    // rest on the words of a collision, a fall or a cut too: ApplyExternalCause.)
    if (u[0] >= 'V' && u[0] <= 'Y' && !HasAny(chunk_lower, kMechanismWords) &&
        !(said_only_ && HasAny(chunk_lower, {"driver", "passenger", "pedestrian", "vs", "rear-ended", "rear ended",
                                             "foosh", "slip", "falling", "tripping", "lifting", "knife", "tick"})))
      return false;
    if (u[0] == 'T' && u.substr(0, 3) >= "T36" && u.substr(0, 3) <= "T65" && !poison_words) return false;
    if (u[0] == 'T' && u.substr(0, 3) >= "T80" && !HasAny(chunk_lower, kComplicationWords)) return false;
    if ((u[0] == 'S' || (u[0] == 'T' && u.substr(0, 3) <= "T14")) && !HasAny(LineLower(ch), kInjuryWords)) return false;
    // A document much longer than the words that found it says more than the text does.
    // The first reading of a chunk may say a little more than its words when it covers
    // every word the chunk has.
    uint32_t slack = first ? 1 : 0;
    if (first) {
      size_t chunk_content = 0;
      for (size_t qi : qtok) chunk_content += toks[qi].content ? 1 : 0;
      if (content == chunk_content) slack = 2;
    }
    // A search narrowed to a category (Z80 family history, Z79 long-term drugs) has the
    // category's own words ("history", "family", "long term") for free.
    slack += framing;
    // A Table of Drugs row's column ("Poisoning") is what the text's poisoning word says
    // ("ingested", "ate"): the Index sends an ingestion to the Table (I.C.19.e.5(b)).
    if (doc.kind == static_cast<uint8_t>(format::DocKind::kTable) && poison_words && u[0] == 'T') slack += 1;
    if (doc.essential > stems + slack) return false;
    // Sites only ("ascending colon", "back"): the index sends a site to its condition; a
    // code needs a word of the condition (not the search narrowed by a code: framing).
    if (framing == 0 && prefix.empty()) {
      bool condition = false;
      for (size_t t : matched_toks) {
        if (!toks[t].content || condition) continue;
        bool site = !toks[t].folded.empty();
        for (const std::string& f : toks[t].folded) site = site && SiteWord(f);
        condition = condition || !site;
      }
      if (!condition) return false;
    }
    return true;
  };
  // The first accepted hit; when its document has a word the text does not say, a later one
  // that reads the same words of the text and says nothing more (its document a billable
  // code's own, not a header's, and no word read is said to be absent, where "with" and
  // "without" decide) is preferred ("Hypotension,
  // orthostatic" I95.1 rather than "Hypotension, neurogenic, orthostatic" G90.3 for
  // "orthostatic hypotension": the code says what the documentation says).
  const SearchHit* best = nullptr;
  std::vector<size_t> matched_toks;
  for (const SearchHit& hit : r->hits) {
    std::vector<size_t> m;
    if (!accept(hit, m)) continue;
    std::sort(m.begin(), m.end());
    if (!best) {
      best = &hit;
      matched_toks = std::move(m);
      if (UnsaidWords(*r, cs_.docs()[hit.doc]) == 0) break;
    } else if (m == matched_toks && cs_.docs()[hit.doc].code == hit.code && Billable(hit.code) &&
               std::none_of(m.begin(), m.end(), [&](size_t t) { return toks[t].absent; }) &&
               UnsaidWords(*r, cs_.docs()[hit.doc]) == 0) {
      best = &hit;
      matched_toks = std::move(m);
      break;
    }
  }
  // An Index path whose code's title says what the text does not ("Bicuspid aortic valve" to
  // Q23.1, "Congenital insufficiency of aortic valve", in an Index older than the Tabular)
  // yields to a billable code whose title reads the same words of the text and says nothing
  // more (Q23.81 "Bicuspid aortic valve"): the code says what the documentation says.
  if (best && (cs_.docs()[best->doc].kind == static_cast<uint8_t>(format::DocKind::kIndexPath) ||
               cs_.docs()[best->doc].kind == static_cast<uint8_t>(format::DocKind::kIndexSee)) &&
      UnsaidIn(*r, Title(best->code)) > 0) {
    for (const SearchHit& hit : r->hits) {
      if (&hit == best || hit.code == best->code || hit.doc == format::kNone ||
          cs_.docs()[hit.doc].kind != static_cast<uint8_t>(format::DocKind::kTitle) || !Billable(hit.code))
        continue;
      std::vector<size_t> m;
      if (!accept(hit, m)) continue;
      std::sort(m.begin(), m.end());
      if (m != matched_toks || UnsaidIn(*r, Title(hit.code)) != 0) continue;
      best = &hit;
      break;
    }
  }
  if (!best) return false;
  {
    const SearchHit& h = *best;
    Candidate c;
    c.section = ch.section;
    c.item = ch.item;
    c.line = ch.line;
    c.doc = h.doc;
    Explain(*r, h, c);
    std::sort(matched_toks.begin(), matched_toks.end());
    // "2/2" between two words ("ED 2/2 DM2") is the cause link "secondary to", no "type 2":
    // not evidence of the reading, so the link stays between the condition and its cause
    // (I.A.15) and the adjacent words are not read as "with".
    auto cause_link = [&](size_t t) {
      return t > 0 && t + 1 < toks.size() && toks[t - 1].content && toks[t + 1].content &&
             text_.substr(toks[t].begin, toks[t].end - toks[t].begin) == "2/2";
    };
    if (!std::all_of(matched_toks.begin(), matched_toks.end(), cause_link)) std::erase_if(matched_toks, cause_link);
    for (size_t t : matched_toks) {
      toks[t].used = true;
      if (!c.evidence.empty() && c.evidence.back().end + 3 >= toks[t].begin) {
        c.evidence.back().end = toks[t].end;
      } else {
        c.evidence.push_back({toks[t].begin, toks[t].end});
      }
    }
    c.weight = static_cast<uint32_t>(matched_toks.size());
    c.position = c.evidence.empty() ? ch.begin : c.evidence.front().begin;
    // Encounter, open/closed, displacement and intent are read on the whole line ("F/u L
    // clavicle fx - delayed healing").
    const std::string_view line = LineLower(ch);
    const size_t lb = static_cast<size_t>(line.data() - lower_.data()), le = lb + line.size();
    std::string told(line);  // without the line's plan text
    for (const note::Chunk& other : layout_.chunks)
      if (other.line == ch.line && other.plan && !ch.plan && other.begin >= lb && other.end <= le)
        std::fill(told.begin() + (other.begin - lb), told.begin() + (other.end - lb), ' ');
    c.code = Finalize(h.code, line, c, told);
    // The side the chunk documents (I.B.13): not the unspecified side, nor the other one. A
    // chunk that details a condition of its item's earlier chunk ("R ankle sprain, anterior
    // talofibular ligament": one category) has the side of the item's line.
    char side = detail::DocumentedSide(chunk_lower);
    if (side == 0)
      for (const Candidate& o : cands_)
        if (!o.dropped && o.item == ch.item && Undotted(o.code).substr(0, 3) == Undotted(c.code).substr(0, 3)) {
          side = detail::DocumentedSide(LineLower(ch));
          break;
        }
    // Both sides in the chunk, each naming its own condition ("L MCA stroke w/ R
    // hemiparesis"): the side written before the code's own words (I.B.13).
    if (side == 0 && HasAny(chunk_lower, {"left", "lt", "l"}) && HasAny(chunk_lower, {"right", "rt", "r"})) {
      std::vector<std::pair<uint32_t, uint32_t>> spans;
      for (const TextSpan& sp : c.evidence) spans.emplace_back(sp.begin, sp.end);
      side = detail::ScopedSide(lower_, ch.begin, ch.end, spans);
      // A side word of the other condition read with this one is not its evidence.
      if (side != 0 && c.evidence.size() > 1) {
        std::erase_if(c.evidence, [&](const TextSpan& sp) {
          const std::string_view w = std::string_view(lower_).substr(sp.begin, sp.end - sp.begin);
          return detail::DocumentedSide(w) != 0 && detail::DocumentedSide(w) != side && w.size() <= 5;
        });
        c.position = c.evidence.empty() ? ch.begin : c.evidence.front().begin;
      }
    }
    if (auto k = detail::SideSibling(cs_, year_, c.code, side)) {
      c.rules.push_back({"laterality", "I.B.13", "side documented: " + Dotted(*k) + ", not " + Dotted(c.code)});
      c.code = *k;
    } else if (side == 'B' && ascii::Lower(Title(c.code)).find("bilateral") == std::string::npos &&
               ascii::Lower(Title(c.code)).find("unspecified") != std::string::npos) {
      // Both sides and no bilateral code: a code for each side (I.B.13).
      auto right = detail::SideSibling(cs_, year_, c.code, 'R');
      auto left = detail::SideSibling(cs_, year_, c.code, 'L');
      if (right && left) {
        c.rules.push_back({"laterality-both", "I.B.13",
                           "both sides documented and no bilateral code: " + Dotted(*right) + " and " + Dotted(*left)});
        c.code = *right;
        c.left_too = *left;
      }
    }
    // Heart failure's type and acuity as documented (I.A.9): "acute on chronic diastolic",
    // "HFrEF" (the search may stop at "chronic" or at the unspecified type).
    // A course its entry gives in an item of its own ("HFpEF - LVEF 60%; NYHA II; chronic,
    // compensated") is the heart failure's too.
    if (auto k = detail::HeartFailureSibling(
            cs_, year_, c.code, Undotted(c.code).starts_with("I50") ? std::string(chunk_lower) + ' ' + CourseAfter(ch) : std::string())) {
      c.rules.push_back({"heart-failure-type", "I.A.9",
                         "type and acuity documented: " + Dotted(*k) + ", not " + Dotted(c.code)});
      c.code = *k;
    }
    // Intractable as documented in the item (the Tabular's inclusion terms under G43 and G40:
    // "pharmacoresistant", "refractory (medically)", "poorly controlled"); "not intractable"
    // stays the default.
    if (const std::string item = ItemLower(ch.item);
        HasAny(item, {"intractable", "refractory", "pharmacoresistant", "pharmacologically resistant", "poorly controlled"}) &&
        !HasAny(item, {"not intractable", "non-intractable", "nonintractable"}))
      if (auto k = Sibling(c.code, "not intractable", "intractable")) {
        c.rules.push_back({"intractable", "I.A.9", "intractable documented: " + Dotted(*k) + ", not " + Dotted(c.code)});
        c.code = *k;
      }
    ApplySeverity(c);
    if (auto k = detail::IdentifiedInfluenzaSibling(cs_, year_, c.code, chunk_lower)) {
      c.rules.push_back({"identified-influenza", "I.C.10.c",
                         "influenza virus type documented: " + Dotted(*k) + ", not " + Dotted(c.code)});
      c.code = *k;
    }
    // (Its line first, else the note: the story tells the injury's consciousness, "Struck head.
    // No LOC per staff.")
    auto conscious = detail::ConsciousnessSibling(cs_, year_, c.code, line);
    if (!conscious && lower_.size() > line.size()) conscious = detail::ConsciousnessSibling(cs_, year_, c.code, lower_);
    if (auto k = conscious) {
      c.rules.push_back({"loss-of-consciousness", "I.B.2",
                         "loss of consciousness documented: " + Dotted(*k) + ", not " + Dotted(c.code)});
      c.code = *k;
    }
    if (auto k = detail::CoughDurationSibling(cs_, year_, c.code, chunk_lower)) {
      c.rules.push_back({"cough-duration", "I.A.9", "the cough's duration documented: " + Dotted(*k) + ", not " + Dotted(c.code)});
      c.code = *k;
    }
    // A liveborn infant's type of delivery as documented: "by c-section" is the cesarean
    // sibling of the default "delivered vaginally" (Z38, I.C.16.a.1: the place and the type).
    if (Undotted(c.code).substr(0, 3) == "Z38" &&
        HasAny(line, {"c-section", "c/s", "csection", "cesarean", "caesarean", "c section", "cs"})) {
      if (auto k = Sibling(c.code, "delivered vaginally", "delivered by cesarean")) {
        c.rules.push_back({"delivery-type", "I.C.16.a.1",
                           "delivered by cesarean as documented: " + Dotted(*k) + ", not " + Dotted(c.code)});
        c.code = *k;
      }
    }
    if (auto k = detail::DominanceSibling(cs_, year_, c.code, chunk_lower, handed_)) {
      c.rules.push_back({"dominance-default", "I.C.6.a",
                         "dominance by the hand the patient favors, else right dominant, left non-dominant: " + Dotted(*k)});
      c.code = *k;
    }
    // A detail the chunk says is absent ("w/o LOC", "not in remission") picks the sibling that
    // says so (I.A.9: the code says what the documentation says).
    std::vector<std::string> absent;
    for (size_t i : qtok) {
      if (!toks[i].absent) continue;
      for (const std::string& f : toks[i].folded) {
        absent.push_back(f);
        for (const QueryWord& qw : r->words) {  // and as read ("without loc": "without loss of consciousness")
          auto qws = SplitSpaces(qw.text);
          if (std::find(qws.begin(), qws.end(), f) == qws.end()) continue;
          for (const std::string& rw : SplitSpaces(qw.used))
            if (rw != "|") absent.push_back(rw);
        }
      }
    }
    if (!absent.empty()) {
      if (auto k = detail::AbsentSibling(cs_, year_, c.code, absent)) {
        c.rules.push_back({"documented-absent", "I.A.9",
                           "the text says the detail is absent: " + Dotted(*k) + ", not " + Dotted(c.code)});
        c.code = *k;
      }
    }
    found = std::move(c);
    return true;
  }
  return false;
}

// The codes a found code's notes ask for (I.A.13), where the chunk's words name them: "use
// additional code" (the stage of CKD) after it, "code first" (COVID-19 for its pneumonia)
// before it.
// A word of the code's own title (or a word sharing its first five letters: "alcoholic",
// "alcohol") among its evidence: the text names the condition itself, not only words of an
// inclusion term the search reached it by ("dementia" for delirium F05, which "use additional
// code, if applicable" asks for only where delirium is documented, I.A.13).
bool NoteCoder::SaysOwnTitle(const Candidate& c) const {
  const std::vector<std::string> title = TitleWords(ascii::Lower(Title(c.code)));
  for (const TextSpan& sp : c.evidence)
    for (const Tok& k : Tokens(text_, sp.begin, sp.end))
      for (const std::string& w : k.folded)
        for (const std::string& t : title)
          if (t == w || (t.size() >= 5 && w.size() >= 5 && t.compare(0, 5, w, 0, 5) == 0)) return true;
  return false;
}

// Whether a word of the candidate's evidence is an abbreviation the lexicon reads as its whole
// title ("ESRD": end stage renal disease, N18.6): the text names the condition itself.
bool NoteCoder::ReadAsTitle(const Candidate& c) {
  const std::vector<std::string> title = TitleWords(ascii::Lower(Title(c.code)));
  for (const TextSpan& sp : c.evidence) {
    SearchOptions so;
    so.limit = 1;
    so.date = options_.date;
    const auto& r = searcher_.Search(text_.substr(sp.begin, sp.end - sp.begin), so);
    if (!r) continue;
    for (const QueryWord& qw : r->words) {
      if (qw.use != WordUse::kExpanded) continue;
      std::string reading = qw.used;
      if (const size_t bar = reading.find(" | "); bar != std::string::npos) reading.resize(bar);
      const std::vector<std::string> said = TitleWords(reading);
      if (std::all_of(title.begin(), title.end(), [&](const std::string& t) {
            return text::IsStopword(t) || std::find(said.begin(), said.end(), t) != said.end();
          }))
        return true;
    }
  }
  return false;
}

// The code a note names with the words before it ("fever (R50.81)"), when the chunk says each
// of those words (one to three words, whole): a candidate on their spans.
std::optional<Candidate> NoteCoder::NamedByNote(const note::Chunk& ch, const std::vector<Tok>& toks,
                                                std::string_view note, std::string_view code) {
  const size_t paren = note.find(" (");
  if (paren == std::string_view::npos || note.substr(paren + 2, code.size()) != code) return std::nullopt;
  const std::vector<std::string> words = TitleWords(ascii::Lower(note.substr(0, paren)));
  if (words.empty() || words.size() > 3) return std::nullopt;
  std::vector<TextSpan> spans;
  for (const std::string& w : words) {
    if (text::IsStopword(w)) continue;
    auto at = std::find_if(toks.begin(), toks.end(), [&](const Tok& t) {
      return ascii::Lower(std::string_view(text_).substr(t.begin, t.end - t.begin)) == w;
    });
    if (at == toks.end()) return std::nullopt;
    spans.push_back({at->begin, at->end});
  }
  if (spans.empty()) return std::nullopt;
  std::optional<Candidate> c = MadeByRule(code, &ch, 0, ch.end, "named by the note of the code it goes with",
                                          {"use-additional", "I.A.13", "the note names the code by the words of the text"});
  if (!c) return std::nullopt;
  c->rules.clear();
  c->evidence = std::move(spans);
  return c;
}

void NoteCoder::AddUseAdditional(const note::Chunk& ch, std::vector<Tok>& toks, const Candidate& main) {
  const CodeDetail* detail = Detail(main.code);
  if (!detail) return;
  for (const NoteView& n : detail->notes) {
    const bool code_first = n.kind == "codeFirst";
    if (n.kind != "useAdditionalCode" && !code_first) continue;
    for (const NoteRef& ref : n.refs) {
      std::string first = ref.first, last = ref.last;
      first.erase(std::remove(first.begin(), first.end(), '.'), first.end());
      last.erase(std::remove(last.begin(), last.end(), '.'), last.end());
      while (!first.empty() && first.back() == '-') first.pop_back();
      while (!last.empty() && last.back() == '-') last.pop_back();
      if (first.size() < 3 || first.substr(0, 3) != last.substr(0, 3)) continue;  // one category at a time
      // Already among the candidates of this chunk?
      bool have = false;
      for (const Candidate& c : cands_)
        if (!c.dropped && InRange(Undotted(c.code), ref)) have = true;
      if (have) continue;
      std::optional<Candidate> extra;
      std::vector<Tok> all = toks;
      for (Tok& t : all) t.used = false;
      // "Code first" names the etiology of a manifestation, from another chapter (COVID-19 for
      // its pneumonia); a same-chapter "code first, if applicable" (hypertensive heart disease
      // for heart failure) is left to the conventions that join such codes.
      if (code_first && first[0] == Undotted(main.code)[0]) continue;
      // A note that names one code by the condition's own words ("use additional code for any
      // associated: fever (R50.81)" under D70) asks for that code where the chunk says those
      // words ("neutropenic fever": D70.9 and R50.81; I.A.13), whatever the code's title.
      // (Not a long-term drug's Z79: "insulin drip" is no long-term use, I.C.21.c.3.)
      if (!code_first && ref.first == ref.last && ref.first.rfind("Z79", 0) != 0) {
        if (std::optional<Candidate> named = NamedByNote(ch, toks, n.text, ref.first)) {
          named->rules.push_back({"use-additional", "I.A.13",
                                  "use additional code: " + Dotted(main.code) + " asks for " + n.text});
          named->group = main.group;
          cands_.push_back(std::move(*named));
          continue;
        }
      }
      if (!FindOne(ch, all, first.substr(0, 3), false, extra, first, last)) {
        // The chunk's words together may find nothing in the category ("ESRD due to HTN" in
        // N18: no stage has "hypertension"): each word of the main code's evidence alone
        // ("ESRD": N18.6, the stage I12.0 asks for).
        bool found = false;
        for (size_t i = 0; i < all.size() && !found; ++i) {
          const bool in_main = std::any_of(main.evidence.begin(), main.evidence.end(), [&](const TextSpan& m) {
            return all[i].begin >= m.begin && all[i].end <= m.end;
          });
          if (!in_main || !all[i].content || all[i].end - all[i].begin < 3) continue;
          // Only an abbreviation written in capitals ("ESRD") is tried: the other words of the
          // main code's evidence are its own (and each try is a search).
          const std::string_view word = std::string_view(text_).substr(all[i].begin, all[i].end - all[i].begin);
          if (word.size() > 6 || !std::all_of(word.begin(), word.end(), [](char k) { return std::isupper(static_cast<unsigned char>(k)) != 0; }))
            continue;
          std::vector<Tok> one = {all[i]};  // a narrowed search reads every token it is given
          // A code asked for in addition rests on a word naming it whole ("ESRD"), not on a
          // word of the main code alone ("alcoholic" of alcoholic cirrhosis is no alcohol
          // dependence, F10.2-); an etiology asked for first on its word ("COVID-19").
          if (FindOne(ch, one, first.substr(0, 3), false, extra, first, last) && (code_first || ReadAsTitle(*extra))) {
            found = true;
            all[i].used = true;
          }
        }
        if (!found) continue;
      }
      // It must rest on words the main code did not explain, or on the main code's own words
      // when the note asks for a detail of them (the stage of CKD).
      // A note that asks "if applicable" asks only where the text names the condition itself.
      if (n.text.find("if applicable") != std::string::npos && !SaysOwnTitle(*extra)) continue;
      // A manifestation read on the main code's words alone must say a word of its own title:
      // "COVID-19" is U07.1, not also "Pneumonia due to coronavirus disease 2019" (the Index's
      // "COVID-19, pneumonia" J12.82, its subterm unsaid); "CKD stage 3" says its stage (I.A.13).
      const bool on_main_words = std::all_of(extra->evidence.begin(), extra->evidence.end(), [&](const TextSpan& x) {
        return std::any_of(main.evidence.begin(), main.evidence.end(),
                           [&](const TextSpan& m) { return x.begin >= m.begin && x.end <= m.end; });
      });
      if (!code_first && on_main_words && !SaysOwnTitle(*extra) && !ReadAsTitle(*extra)) continue;
      extra->rules.push_back({code_first ? "code-first" : "use-additional", "I.A.13",
                              std::string(code_first ? "code first: " : "use additional code: ") + Dotted(main.code) +
                                  " asks for " + ref.first + (ref.last != ref.first ? "-" + ref.last : "") + " (" +
                                  Dotted(extra->code) + ")"});
      for (size_t i = 0; i < toks.size(); ++i) toks[i].used = toks[i].used || all[i].used;
      extra->group = main.group;
      if (code_first) extra->position = main.position > 0 ? main.position - 1 : 0;
      cands_.push_back(std::move(*extra));
    }
  }
  // "Use additional code for associated symptoms, when specified" (N40.1): the symptoms may be
  // listed after the diagnosis's dash ("BPH w/ LUTS - nocturia x3, weak stream": R35.1,
  // R39.12; I.A.13, the note's list naming examples): the plan pieces after the chunk
  // on its line are read for symptom codes (chapter 18).
  const bool asks_symptoms = std::any_of(detail->notes.begin(), detail->notes.end(), [](const NoteView& n) {
    return n.kind == "useAdditionalCode" && n.text.find("associated symptoms") != std::string::npos;
  });
  if (!asks_symptoms) return;
  static const std::vector<std::string> kSymptoms = {"R"};
  for (const note::Chunk& other : layout_.chunks) {
    if (other.line != ch.line || !other.plan || other.begin < ch.end || other.assertion != Assertion::kPresent) continue;
    std::vector<Tok> plan_toks = Tokens(text_, other.begin, other.end);
    for (int round = 0; round < 3; ++round) {
      std::optional<Candidate> symptom;
      within_ = &kSymptoms;
      const bool found = FindOne(other, plan_toks, "", false, symptom, "R", "R99");
      within_ = nullptr;
      if (!found || !symptom) break;
      symptom->rules.push_back({"use-additional", "I.A.13",
                                "use additional code for associated symptoms: " + Dotted(main.code) + " (" +
                                    Dotted(symptom->code) + ")"});
      symptom->group = main.group;
      cands_.push_back(std::move(*symptom));
    }
  }
}

// A family member's condition in words no family-history title uses ("MI", "CAD"): the
// condition's own code, then the Z80-Z84 code whose title names its section or chapter
// ("Ischemic heart diseases", "Mental, Behavioral and Neurodevelopmental disorders").
std::optional<Candidate> NoteCoder::FamilyCondition(const note::Chunk& ch, const std::vector<Tok>& toks) {
  std::optional<Candidate> cond;
  // The trigger ("family history of") is not the condition either: with it the search finds
  // a Z code ("Family history of CAD"), which names no chapter.
  std::vector<Tok> t = WithoutTrigger(ch, toks);
  std::erase_if(t, [&](const Tok& k) {  // the relative is not the condition
    const std::string w = ascii::Lower(text_.substr(k.begin, k.end - k.begin));
    return HasAny(w, {"mother", "father", "brother", "sister", "mom", "dad", "sibling", "siblings", "grandmother",
                      "grandfather", "maternal", "paternal", "aunt", "uncle", "son", "daughter", "parent", "parents"});
  });
  if (!FindOne(ch, t, "", true, cond)) return std::nullopt;
  std::string_view u = Undotted(cond->code);
  if (u[0] == 'Z' || u[0] == 'R' || u[0] >= 'S') return std::nullopt;
  return cond;
}

std::optional<Candidate> NoteCoder::FamilyByChapter(const note::Chunk& ch, const std::vector<Tok>& toks) {
  std::optional<Candidate> cond = FamilyCondition(ch, toks);
  if (!cond) return std::nullopt;
  const CodeDetail* d = Detail(cond->code);
  if (!d) return std::nullopt;
  // The family-history code whose inclusion term names the condition's range ("Conditions
  // classifiable to N00-N29": Z84.1, a header since FY2027, its "other" child Z84.19).
  const std::string dotted = Dotted(cond->code);
  for (std::string_view cat : {"Z80", "Z81", "Z82", "Z83", "Z84"}) {
    auto k = cs_.Find(cat);
    const CodeDetail* cd = k ? Detail(*k) : nullptr;
    if (!cd) continue;
    for (const ChildItem& child : cd->children) {
      auto ck = cs_.Find(child.code);
      const CodeDetail* sd = ck ? Detail(*ck) : nullptr;
      if (!sd) continue;
      bool named = false;
      for (const NoteView& n : sd->notes) {
        const size_t at = n.text.find("classifiable to ");
        if (n.inherited || n.kind != "inclusionTerm" || at == std::string::npos) continue;
        const std::string range = n.text.substr(at + 16, 7);  // "N00-N29"
        if (range.size() == 7 && range[3] == '-')
          named = named || (dotted.substr(0, 3) >= range.substr(0, 3) && dotted.substr(0, 3) <= range.substr(4, 3));
      }
      if (!named) continue;
      std::optional<uint32_t> pick = sd->billable ? ck : std::nullopt;
      for (const ChildItem& g : sd->children)
        if (!pick && g.billable && ascii::Lower(g.title).find(" other ") != std::string::npos) pick = cs_.Find(g.code);
      if (!pick) break;
      Candidate c = *cond;
      c.rules.clear();
      c.why.clear();
      c.why.push_back("inclusion term of " + sd->code + ": conditions classifiable to " + dotted.substr(0, 3));
      c.code = *pick;
      c.rules.push_back({"family-history-category", "I.C.21.c.4",
                         "a family member's " + dotted + " (" + sd->title + "): " + Dotted(c.code)});
      return c;
    }
  }
  for (const char* level : {"section", "chapter"}) {
    for (const HierarchyItem& hi : d->hierarchy) {
      if (hi.level != level) continue;
      std::string title = hi.title.substr(0, hi.title.find(" ("));
      for (std::string_view cat : {"Z80", "Z81", "Z82", "Z83", "Z84"}) {
        SearchOptions so;
        so.limit = 3;
        so.date = options_.date;
        auto r = searcher_.Search(std::string(cat) + " " + title, so);
        if (!r) continue;
        for (const SearchHit& h : r->hits) {
          if (h.kind != MatchKind::kWords || Undotted(h.code).substr(0, 3) != cat || !Billable(h.code)) continue;
          // Two words of the title at least, beyond the generic ones.
          int specific = 0;
          for (size_t w = 0; w < r->words.size() && w < 32; ++w) {
            if (!(h.matched & (1u << w))) continue;
            const std::string& word = r->words[w].text;
            if (word != "disease" && word != "diseases" && word != "disorder" && word != "disorders" &&
                !text::IsLinkWord(word) && !text::IsStopword(word))
              ++specific;
          }
          if (specific < 2) break;
          Candidate c = *cond;
          c.rules.clear();
          c.why.clear();
          c.why.push_back(medcode::Explain(cs_, *r, h));
          c.code = Finalize(h.code, "", c);
          c.rules.push_back({"family-history-category", "I.C.21.c.4",
                             "a family member's " + Dotted(cond->code) + " (" + title + "): " + Dotted(c.code)});
          return c;
        }
      }
    }
  }
  return std::nullopt;
}

// A condition "due to" a drug taken as prescribed (no overdose, no wrong drug): the
// condition, then the drug's adverse-effect code from the Table of Drugs (I.C.19.e.5(a):
// the nature of the adverse effect first, then T36-T50 with 5 in the 5th or 6th character).
std::optional<Candidate> NoteCoder::AdverseEffect(const note::Chunk& ch, std::vector<Tok>& toks) {
  std::string_view lower = ChunkLower(ch);
  if (HasAny(lower, {"poisoning", "poisoned", "overdose", "overdosed", "od", "toxicity", "ingestion", "ingested",
                     "underdosing", "wrong", "intentional", "suicide", "suicidal"}))
    return std::nullopt;
  // The words after "due to", "d/t", "secondary to", "induced by", "caused by" (or before
  // "-induced"), up to the chunk's end.
  size_t from = toks.size(), to = toks.size();
  bool still_on = false;  // "on warfarin taken as directed": the drug is also a current therapy
  for (size_t i = 0; i < toks.size(); ++i) {
    std::string w = ascii::Lower(text_.substr(toks[i].begin, toks[i].end - toks[i].begin));
    std::string next = i + 1 < toks.size() ? ascii::Lower(text_.substr(toks[i + 1].begin, toks[i + 1].end - toks[i + 1].begin)) : "";
    if (w == "d/t") {
      from = i + 1;
    } else if ((w == "due" || w == "secondary") && next == "to") {
      from = i + 2;
    } else if ((w == "induced" || w == "caused") && next == "by") {
      from = i + 2;
    } else if (w == "induced" && i > 0 && toks[i - 1].end == toks[i].begin - 1 && text_[toks[i - 1].end] == '-') {
      from = i - 1;
      to = i;
    }
    if (from < toks.size()) break;
  }
  // Without a cause word, a drug the text says was taken as prescribed or as directed
  // ("hyponatremia from HCTZ taken as prescribed", "high INR on warfarin taken as
  // directed"): the words after "from" or "on" up to "taken" (I.C.19.e.5(a)).
  if (from >= toks.size() && (lower.find("as prescribed") != std::string_view::npos ||
                              lower.find("as directed") != std::string_view::npos)) {
    for (size_t i = 0; i + 1 < toks.size() && from >= toks.size(); ++i) {
      std::string w = ascii::Lower(text_.substr(toks[i].begin, toks[i].end - toks[i].begin));
      if (w != "from" && w != "on") continue;
      for (size_t k = i + 1; k < toks.size(); ++k) {
        if (ascii::Lower(text_.substr(toks[k].begin, toks[k].end - toks[k].begin)) != "taken") continue;
        from = i + 1;
        to = k;
        still_on = true;  // taken as prescribed: a drug the patient takes (its Z79 where it has one)
        break;
      }
    }
  }
  // "angioedema from lisinopril", "hyperglycemia 2/2 prednisone": the one word after "from"
  // or "2/2", when the Table of Drugs has it (checked below; "fell from ladder" has no row).
  bool one_word = false;  // the one word after "from": it must name the row's drug itself
  for (size_t i = 0; i + 1 < toks.size() && from >= toks.size(); ++i) {
    const std::string w = ascii::Lower(text_.substr(toks[i].begin, toks[i].end - toks[i].begin));
    if ((w == "from" || w == "2/2") && toks[i + 1].content && toks[i + 1].end - toks[i + 1].begin >= 3 && i > 0) {
      from = i + 1;
      to = i + 2;
      one_word = true;
    }
  }
  if (from >= toks.size()) return std::nullopt;
  std::string drug;
  std::vector<size_t> drug_toks;
  for (size_t i = from; i < to; ++i) {
    if (!toks[i].content) continue;
    std::string w = ascii::Lower(text_.substr(toks[i].begin, toks[i].end - toks[i].begin));
    if (w == "taken" || w == "prescribed" || w == "as" || w == "medication" || w == "drug") continue;
    if (!drug.empty()) drug += ' ';
    drug += w;
    drug_toks.push_back(i);
  }
  if (drug_toks.empty() || drug_toks.size() > 3) return std::nullopt;
  SearchOptions so;
  so.limit = 5;
  so.date = options_.date;
  auto r = searcher_.Search(drug + " adverse effect", so);
  if (!r) return std::nullopt;
  for (const SearchHit& h : r->hits) {
    std::string_view u = Undotted(h.code);
    if (h.kind != MatchKind::kWords || u.size() < 6 || u[0] != 'T' || u.substr(0, 3) < "T36" || u.substr(0, 3) > "T50" ||
        u[5] != '5')
      continue;
    // Every word of the cause found the drug's row ("coronary artery disease" is not a
    // coronary vasodilator), and not only "adverse effect" did.
    bool by_drug = false, all = true;
    for (size_t w = 0; w < r->words.size() && w < 32; ++w) {
      const std::string& t = r->words[w].text;
      if (t == "adverse" || t == "effect") continue;
      if (h.matched & (1u << w)) {
        by_drug = true;
      } else {
        all = false;
      }
    }
    if (!by_drug || !all) break;
    // ... as written: the row names each word the text has ("vaginitis" is not "Contraceptive,
    // vaginal", which the search reached by the stem): a common start of 7 letters, or the
    // shorter word whole. A word the lexicon read ("nsaid") is taken as read.
    if (h.doc >= cs_.docs().size()) break;
    const auto row = text::Tokenize(cs_.str(cs_.docs()[h.doc].text));
    bool named = static_cast<bool>(row);
    for (size_t w = 0; named && w < r->words.size() && w < 32; ++w) {
      const QueryWord& qw = r->words[w];
      if (qw.text == "adverse" || qw.text == "effect" || !(h.matched & (1u << w)) || qw.use == WordUse::kExpanded) continue;
      for (const std::string& x : SplitSpaces(qw.text)) {
        bool in_row = false;
        for (const std::string& y : *row) {
          size_t n = 0;
          while (n < x.size() && n < y.size() && x[n] == y[n]) ++n;
          in_row = in_row || n >= std::min<size_t>({7, x.size(), y.size()});
        }
        named = named && in_row;
      }
    }
    if (!named) break;
    // ... and its row's kind after a comma is typed too ("alcohol-induced pancreatitis" is not
    // "Alcohol, diagnostic (gastric function)": a drink is no drug given, I.C.19.e.5(a)).
    if (cs_.docs()[h.doc].kind == static_cast<uint8_t>(format::DocKind::kTable)) {
      const std::string_view row_text = cs_.str(cs_.docs()[h.doc].text);
      // The one word after "from" as typed names the row's drug, not only the action of a class
      // of drugs the row names ("ulcer from varicose veins" is no "Varicose reduction drug": a
      // disease, not a drug given).
      // A word the lexicon reads as a drug's class ("chemo", "statin") names that class.
      const bool expanded = std::any_of(r->words.begin(), r->words.end(),
                                        [](const QueryWord& qw) { return qw.use == WordUse::kExpanded; });
      if (one_word && !expanded && row_text.find(',') == std::string_view::npos) {
        const std::vector<std::string> said = SaidWords(*r);
        const auto main_term = text::Tokenize(MainTermOf(row_text));
        if (main_term && std::any_of(main_term->begin(), main_term->end(), [&](const std::string& k) {
              return (k == "drug" || k == "drugs" || k == "agent" || k == "agents") && !IsSaid(said, k);
            }))
          break;
      }
      if (const size_t comma = row_text.find(','); comma != std::string_view::npos) {
        std::vector<std::string> typed;
        for (const QueryWord& qw : r->words)
          for (std::string w : SplitSpaces(qw.text)) typed.push_back(std::move(w));
        const auto kind = text::Tokenize(MainTermOf(row_text.substr(comma + 1)));
        if (kind && !std::all_of(kind->begin(), kind->end(), [&](const std::string& k) { return IsSaid(typed, k); })) break;
        // ... and the one word after "from" names the row's drug, not only its kind ("gastroparesis
        // from autonomic neuropathy" is no "Spasmolytic, autonomic": a disease, not a drug).
        const auto main_term = text::Tokenize(MainTermOf(row_text.substr(0, comma)));
        if (one_word && main_term &&
            !std::all_of(main_term->begin(), main_term->end(), [&](const std::string& k) { return IsSaid(typed, k); }))
          break;
      }
    }
    Candidate c;
    c.section = ch.section;
    c.item = ch.item;
    c.line = ch.line;
    Explain(*r, h, c);
    // A drug the patient stays "on" is left to be read again for its long-term drug code
    // (Z79, I.C.21.c.3) beside the adverse effect.
    for (size_t i : drug_toks) {
      toks[i].used = !still_on;
      c.evidence.push_back({toks[i].begin, toks[i].end});
    }
    c.weight = static_cast<uint32_t>(drug_toks.size());
    c.position = ch.end;  // after the condition it caused
    c.code = Finalize(h.code, ChunkLower(ch), c);
    c.rules.push_back({"adverse-effect", "I.C.19.e.5(a)",
                       "a drug taken as prescribed caused the condition: the condition first, then " + Dotted(c.code)});
    return c;
  }
  return std::nullopt;
}

// The trigger's own words ("denies", "ruled out", "h/o") are not the condition: a
// misspelling correction must not read "denies" as "dense".
std::vector<Tok> NoteCoder::WithoutTrigger(const note::Chunk& ch, std::vector<Tok> toks) const {
  const std::string trig = ascii::Lower(ch.trigger);
  std::erase_if(toks, [&](const Tok& t) {
    const std::string w = ascii::Lower(std::string_view(text_).substr(t.begin, t.end - t.begin));
    for (size_t at = trig.find(w); !w.empty() && at != std::string::npos; at = trig.find(w, at + 1)) {
      const bool starts = at == 0 || trig[at - 1] == ' ', ends = at + w.size() == trig.size() || trig[at + w.size()] == ' ';
      if (starts && ends) return true;
    }
    return false;
  });
  return toks;
}

void NoteCoder::NotCodedChunk(const note::Chunk& ch, const char* reason, std::string explanation, bool look_up_code) {
  NotCoded n;
  n.span = {ch.begin, ch.end};
  n.reason = reason;
  n.trigger = ch.trigger;
  n.explanation = std::move(explanation);
  if (look_up_code) {
    auto toks = WithoutTrigger(ch, Tokens(text_, ch.begin, ch.end));
    std::optional<Candidate> c;
    if (FindOne(ch, toks, "", true, c)) {
      n.code = Dotted(c->code);
      if (!c->evidence.empty()) n.span = {c->evidence.front().begin, c->evidence.back().end};
    }
  }
  out_.not_coded.push_back(std::move(n));
}

// A named substance's use disorder code (F10-F16, F18: not nicotine's F17, which has its
// history code, nor the "other psychoactive substance" F19 a smoker's words may reach) of a
// dependence or abuse turned into its "in remission" code (F1x.21, F1x.11), kept if already
// one; false for another code.
bool NoteCoder::CodeInRemission(Candidate& c) const {
  const std::string_view u = Undotted(c.code);
  if (u.size() < 4 || u[0] != 'F' || u[1] != '1' || u[2] == '7' || u[2] == '9' || (u[3] != '1' && u[3] != '2'))
    return false;
  if (u.size() == 5 && u[4] == '1') return true;  // in remission as read
  const std::string want = std::string(u.substr(0, 3)) + "." + u[3] + "1";
  auto k = cs_.Find(want);
  if (!k || !Billable(*k)) return false;
  c.rules.push_back({"substance-in-remission", "I.C.5.b.1",
                     "a past " + std::string(u[3] == '2' ? "dependence" : "abuse") + " with no history code: " +
                         Dotted(*k) + " (in remission), not " + Dotted(c.code)});
  c.code = *k;
  return true;
}

// A past condition's history code (Z85-Z87, Z92, I25.2) where the index has one, and the
// status codes for what it left (I.C.21.c.3-4); false when none was found (nothing added).
bool NoteCoder::CodeHistory(const note::Chunk& ch, const std::vector<Tok>& toks) {
  std::optional<Candidate> c;
  std::vector<Tok> t2 = toks;
  bool found = FindOne(ch, t2, "", true, c);
  if (!found && !ch.trigger.empty()) {
    // The words with their trigger ("h/o kidney stones") read as no one document: the
    // condition alone, for its history term in the Index (HistoryOf).
    t2 = WithoutTrigger(ch, toks);
    found = !t2.empty() && FindOne(ch, t2, "", true, c);
  }
  // A drug of the past condition given for a course and stopped is no status of it.
  if (found && c && Undotted(c->code).substr(0, 3) == "Z79" && !LongTermDrugTold(ch)) return false;
  // A drug still taken ("Hx of PE, on lifelong apixaban") is its long-term drug therapy
  // (I.C.21.c.3); the past condition beside it is read on the other words.
  if (found && c && Undotted(c->code).substr(0, 3) == "Z79" &&
      std::any_of(t2.begin(), t2.end(), [](const Tok& t) { return t.content && !t.used && !t.number; })) {
    c->group = 2;
    std::vector<Tok> rest = std::move(t2);
    cands_.push_back(std::move(*c));
    CodeHistory(ch, rest);
    return true;
  }
  if (found && c) {
    std::string_view u = Undotted(c->code);
    // A family history code is not the patient's own history (I.C.21.c.4).
    const bool family_code = u.substr(0, 3) >= "Z80" && u.substr(0, 3) <= "Z84";
    // History and status codes are Z77-Z99 ("now off" is no Z64.4, problem with a probation
    // officer).
    bool history_code = (u[0] == 'Z' && !family_code && u.substr(0, 3) >= "Z77") || u == "I252";
    // The Index's own history term for the condition found ("calculi, renal" for N20.0:
    // Z87.442; "malignant neoplasm, breast" for C50: Z85.3).
    if (!history_code && (u.substr(0, 3) == "I21" || u.substr(0, 3) == "I22")) {
      // A past myocardial infarction that needs no further care is an old one, I25.2
      // (I.C.9.e.4; the Index: Infarct, myocardium, healed or old).
      if (auto old = cs_.Find("I25.2"); old && Billable(*old)) {
        c->code = *old;
        c->rules.push_back({"old-myocardial-infarction", "I.C.9.e.4",
                            "a past myocardial infarction needing no further care: I25.2"});
        history_code = true;
      }
    }
    if (!history_code && u[0] != 'Z') {
      if (const auto* h = HistoryOf(c->code)) {
        c->code = h->first;
        c->why.push_back("index: " + h->second + " " + Dotted(h->first));
        history_code = true;
      }
    } else if (history_code && u[0] == 'Z' && ascii::Lower(Title(c->code)).find("unspecified") != std::string::npos &&
               !ch.trigger.empty()) {
      // A history code of an unspecified site or kind ("history of colon cancer" read as
      // Z85.00, digestive organ unspecified): the condition alone may have the Index's own.
      std::vector<Tok> t3 = WithoutTrigger(ch, toks);
      std::optional<Candidate> cond;
      if (!t3.empty() && FindOne(ch, t3, "", true, cond) && cond && Undotted(cond->code)[0] != 'Z')
        if (const auto* h = HistoryOf(cond->code); h && h->first != c->code) {
          c->code = h->first;
          c->why.push_back("index: " + h->second + " " + Dotted(h->first));
        }
    }
    if (!history_code) {
      // Try the words with "history of" (the index's History, personal, ...).
      std::optional<Candidate> h;
      // I25.2: an old myocardial infarction is the history of one (the index: History, personal, MI).
      for (std::string_view cat : {"Z85", "Z86", "Z87", "Z91", "Z92", "I252"}) {
        std::vector<Tok> t4 = toks;
        std::optional<Candidate> h2;
        if (FindOne(ch, t4, std::string(cat), true, h2, cat, cat, 3)) {
          // Z91 holds risks and statuses too ("Risk for dental caries, low"): only its
          // history titles ("History of falling", "Personal history of self-harm").
          if (cat == "Z91") {
            const std::string title = ascii::Lower(Title(h2->code));
            if (!title.starts_with("history of") && !title.starts_with("personal history of")) continue;
          }
          // It rests on a word of the condition found ("asthma"), not only on another
          // word of the chunk ("as a child" is not "childbirth").
          // A word of the condition that names it, not only "disease" ("Lyme disease" is not
          // "History, personal, disease or disorder, Hodgkin").
          bool condition_word = false;
          for (const TextSpan& a : h2->evidence)
            for (const TextSpan& b : c->evidence) {
              if (a.begin >= b.end || b.begin >= a.end) continue;
              for (const Tok& t : Tokens(text_, std::max(a.begin, b.begin), std::min(a.end, b.end)))
                if (!HasAny(ascii::Lower(std::string_view(text_).substr(t.begin, t.end - t.begin)),
                            {"disease", "diseases", "disorder", "disorders", "syndrome", "condition", "problem", "problems"}))
                  condition_word = true;
            }
          if (condition_word && (!h || h2->weight > h->weight)) h = std::move(h2);
        }
      }
      if (h) {
        c = std::move(h);
        history_code = true;
      } else if (auto z = PastInfectionHistory(c->code)) {
        c->code = *z;
        history_code = true;
      }
    }
    if (history_code) {
      c->group = 2;
      c->rules.push_back({"personal-history", "I.C.21.c.4", "history of a condition that no longer exists: history code"});
      // The rest of the chunk may name what the history left ("s/p L mastectomy"): a
      // status code (Z) for the words the history code did not use (I.C.21.c.3).
      std::vector<Tok> rest = toks;
      for (Tok& t : rest)
        for (const TextSpan& sp : c->evidence) t.used = t.used || (t.begin >= sp.begin && t.end <= sp.end);
      const bool old_stroke = Undotted(c->code) == "Z8673";
      cands_.push_back(std::move(*c));
      for (int round = 0; round < 2; ++round) {
        std::optional<Candidate> st;
        if (!std::any_of(rest.begin(), rest.end(), [](const Tok& t) { return t.content && !t.used; })) break;
        std::vector<Tok> before = rest;
        if (!FindOne(ch, rest, "", false, st)) break;
        // A pregnancy is not what a past condition left ("GDM with last pregnancy"), nor a
        // drug taken for it and stopped ("completed 6 mo anticoagulation").
        if (const std::string_view pu = Undotted(st->code); pu.substr(0, 2) == "Z3" || pu[0] == 'O') continue;
        if (Undotted(st->code).substr(0, 3) == "Z79" && !LongTermDrugTold(ch)) continue;
        // A deficit an old stroke left ("h/o CVA with residual L hemiparesis") is current: the
        // sequela rule makes it the I69 code (I.C.9.d.1, ApplySequela).
        if (old_stroke && Undotted(st->code)[0] != 'Z' && HasAny(ChunkLower(ch), {"residual", "residuals", "with", "w/",
                                                                               "sequela", "sequelae", "deficit", "deficits"})) {
          st->group = ch.section == Section::kAssessment || ch.section == Section::kNone ? 0 : 1;
          cands_.push_back(std::move(*st));
          continue;
        }
        if (Undotted(st->code)[0] != 'Z') {
          // A second past condition ("colon cancer" beside "s/p colectomy"): its history code.
          std::optional<Candidate> h;
          for (std::string_view cat : {"Z85", "Z86", "Z87"}) {
            std::vector<Tok> t5 = before;
            std::erase_if(t5, [](const Tok& t) { return t.used; });
            std::optional<Candidate> h2;
            if (FindOne(ch, t5, std::string(cat), true, h2, cat, cat, 3) && (!h || h2->weight > h->weight))
              h = std::move(h2);
          }
          if (!h) continue;
          st = std::move(h);
        }
        st->group = 2;
        const std::string_view su = Undotted(st->code).substr(0, 3);
        if (su >= "Z85" && su <= "Z87")
          st->rules.push_back({"personal-history", "I.C.21.c.4", "history of a condition that no longer exists: history code"});
        else
          st->rules.push_back({"status", "I.C.21.c.3", "what the past condition left: status code"});
        cands_.push_back(std::move(*st));
      }
      return true;
    }
  }
  return false;
}

void NoteCoder::CodeChunk(uint32_t ci) {
  const note::Chunk& ch = layout_.chunks[ci];
  // Sections a coder does not code from.
  switch (ch.section) {
    case Section::kExam:
    case Section::kResults:
    case Section::kOther:
      BodyMassIndexAside(ch);
      ImmunizationGiven(ch);
      return;
    case Section::kRos:
    case Section::kAllergies:
    case Section::kPsh:
      return;
    default:
      break;
  }
  // A note with an assessment is coded from it: the history, complaint and course tell the
  // story the assessment concludes (family history, medications and past history still add
  // their Z codes below).
  if (layout_.has_assessment &&
      (ch.section == Section::kNone || ch.section == Section::kHpi || ch.section == Section::kChiefComplaint ||
       ch.section == Section::kSocial)) {
    std::vector<Tok> toks = Tokens(text_, ch.begin, ch.end);
    ReadSlashForms(toks);
    TobaccoBesideAssessment(ch, toks);
    BodyMassIndexAside(ch);
    if (ch.section != Section::kSocial && !ImmunizationGiven(ch)) {
      LongTermDrugFromStory(ch, toks);
      StatusBesideAssessment(ch, std::move(toks));
    }
    return;
  }
  if (ImmunizationGiven(ch)) return;
  std::vector<Tok> toks = Tokens(text_, ch.begin, ch.end);
  ReadSlashForms(toks);
  bool any_content = std::any_of(toks.begin(), toks.end(), [](const Tok& t) { return t.content; });
  if (!any_content) return;
  int group = (ch.section == Section::kAssessment || ch.section == Section::kNone) ? 0 : 1;
  if (layout_.has_assessment && ch.section != Section::kAssessment) group = 1;

  // A piece after a general examination on its line ("CPE - elevated BP today", "2 mo WCC -
  // infantile eczema noted") tells what the examination found, not a plan: coded as a
  // condition, and the examination is "with abnormal findings" (I.C.21.c.13).
  const bool exam_finding =
      ch.plan && ch.section != Section::kMeds && ch.assertion == Assertion::kPresent && !layout_.has_assessment &&
      std::any_of(cands_.begin(), cands_.end(), [&](const Candidate& o) {
        return !o.dropped && o.line == ch.line && Undotted(o.code).substr(0, 4) >= "Z000" && Undotted(o.code).substr(0, 4) <= "Z001";
      });
  if (!exam_finding && ch.plan && ch.section != Section::kMeds && ch.assertion == Assertion::kPresent &&
      PlanDiagnosis(ch, toks, group))
    return;
  if (!exam_finding && (ch.section == Section::kMeds || (ch.plan && ch.assertion == Assertion::kPresent))) {
    // Long-term drug therapy from the medication list (I.C.21.c.3), one code per drug
    // class named; not for a drug given briefly for an acute illness, held or stopped.
    if (HasAny(ChunkLower(ch), kBriefDrugWords) || HasAny(ChunkLower(ch), kNotYetWords) || BriefCourse(ChunkLower(ch)))
      return;
    // A plan's drug is current therapy when the plan keeps it ("continue", "on", "resume") or
    // gives the schedule the patient takes it on ("metformin 1000 bid"); a drug the plan
    // starts or gives is not yet long-term (the medication list is).
    if (ch.section != Section::kMeds && !HasAny(ChunkLower(ch), kContinuingWords) && !Regimen(ChunkLower(ch))) {
      bool item_continues = false;  // "cont ASA and clopidogrel": the item's first chunk says it
      for (const note::Chunk& other : layout_.chunks)
        if (other.item == ch.item && other.plan && other.begin < ch.begin && HasAny(ChunkLower(other), kContinuingWords))
          item_continues = true;
      if (!item_continues) return;
    }
    for (int round = 0; round < 4; ++round) {
      std::optional<Candidate> c;
      if (!FindOne(ch, toks, "Z79", true, c, "Z79", "Z79", 3)) break;
      std::erase_if(toks, [](const Tok& t) { return t.used; });
      if (Undotted(c->code) != "Z79899") {
        c->group = 2;
        c->rules.push_back({"long-term-drug", "I.C.21.c.3", "a current medication: long-term (current) drug therapy"});
        cands_.push_back(std::move(*c));
      }
      if (std::none_of(toks.begin(), toks.end(), [](const Tok& t) { return t.content; })) break;
    }
    // Dependence on a machine or on oxygen the plan names ("on home O2"): a status code (Z99);
    // the machine is named ("metformin (renally dosed)" names none: no Z99.2, I.C.21.c.3).
    std::optional<Candidate> dep;
    if (std::any_of(toks.begin(), toks.end(), [](const Tok& t) { return t.content && !t.used; }) &&
        !HasAny(ChunkLower(ch), kNotYetWords) &&
        HasAny(ChunkLower(ch), {"o2", "oxygen", "dialysis", "hd", "hemodialysis", "pd", "ventilator", "vent", "respirator",
                                "bipap", "cpap", "wheelchair", "trach", "tracheostomy", "lvad", "dependent", "dependence"}) &&
        FindOne(ch, toks, "Z99", true, dep, "Z99", "Z99", 3)) {
      dep->group = 2;
      dep->rules.push_back({"dependence-status", "I.C.21.c.3", "dependence on a machine or device: status code"});
      cands_.push_back(std::move(*dep));
    }
    return;
  }
  switch (ch.assertion) {
    case Assertion::kNegated:
      NotCodedChunk(ch, "negated", "documented as absent: not coded", true);
      return;
    case Assertion::kRuledOut:
      NotCodedChunk(ch, "ruled-out", "ruled out: not coded", true);
      return;
    case Assertion::kUncertain:
      if (options_.setting == CareSetting::kOutpatient) {
        NotCodedChunk(ch, "uncertain",
                      "uncertain diagnosis in the outpatient setting: code the signs or symptoms instead (IV.H)", true);
        return;
      }
      break;  // inpatient: coded as if established (II.H, III.C)
    case Assertion::kFamily: {
      // Each family-history category in turn (a code narrows the search to one category):
      // the one whose document uses most of the chunk's words.
      // A family-history title found by generic words only ("disorder", "fam hx") is not the
      // condition, whatever its weight: the next category's may be.
      auto specific = [&](const Candidate& cand) {
        for (const TextSpan& sp : cand.evidence)
          for (const Tok& k : Tokens(text_, sp.begin, sp.end)) {
            const std::string w = ascii::Lower(text_.substr(k.begin, k.end - k.begin));
            if (k.content && !HasAny(w, {"disorder", "disorders", "disease", "diseases", "problem", "problems", "condition",
                                         "conditions", "history", "family", "fam", "hx", "fhx", "fh"}))
              return true;
          }
        return false;
      };
      // A relative's age ("father MI at 48") is no detail of a family-history code.
      std::vector<Tok> no_numbers;
      std::copy_if(toks.begin(), toks.end(), std::back_inserter(no_numbers), [](const Tok& k) { return !k.number; });
      std::optional<Candidate> c;
      for (std::string_view cat : {"Z80", "Z81", "Z82", "Z83", "Z84"}) {
        std::vector<Tok> t2 = no_numbers;  // (FindOne marks the words it uses)
        std::optional<Candidate> c2;
        if (!t2.empty() && FindOne(ch, t2, std::string(cat), true, c2, cat, cat, 3) && specific(*c2) && (!c || c2->weight > c->weight))
          c = std::move(c2);
      }
      if (!c) c = FamilyByChapter(ch, toks);
      if (c) {
        c->group = 2;
        c->rules.push_back({"family-history", "I.C.21.c.4", "family history: Z80-Z84"});
        cands_.push_back(std::move(*c));
      } else {
        NotCodedChunk(ch, "family-history", "a family member's condition with no family-history code (Z80-Z84)", false);
      }
      return;
    }
    case Assertion::kHistory: {
      std::vector<Tok> t2 = WithoutTrigger(ch, toks);
      std::optional<Candidate> probe;
      std::vector<Tok> t3 = t2;
      const bool probed = !t2.empty() && FindOne(ch, t3, "", true, probe) && probe;
      // A past dependence on (or abuse of) alcohol or a drug has no history code: it is the
      // dependence "in remission" (I.C.5.b.1; the Index: Dependence, alcohol, in remission
      // F10.21). Nicotine dependence has its own history code (Z87.891).
      if (probed && CodeInRemission(*probe)) {
        cands_.push_back(std::move(*probe));
        return;
      }
      // A past obstetric event in a pregnant patient's record ("prior low transverse
      // c-section", "previous LTCS") is the current pregnancy's care, coded as present
      // (PastObstetric; FindOne reads chapter 15 on a pregnancy's record only, I.C.15.a.2).
      if (CurrentPregnancy()) {
        // Read in chapter 15 with its trigger: the code's title has the word ("previous").
        std::vector<Tok> t4 = toks;
        std::optional<Candidate> past;
        if (FindOne(ch, t4, "", true, past, "O", "O") && past && PastObstetric(past->code)) break;
      }
      // A personal-history code where the index has one; else a condition that no longer
      // exists is not coded.
      if (CodeHistory(ch, toks)) return;
      // Hypertension and diabetes do not go away: "hx HTN" documents a patient who has it
      // (history codes are for conditions that no longer exist, I.C.21.c.4): coded as current.
      if (probed) {
        const std::string_view pu = Undotted(probe->code).substr(0, 3);
        if ((pu >= "I10" && pu <= "I16") || (pu >= "E08" && pu <= "E13")) {
          toks = std::move(t2);
          break;
        }
      }
      NotCodedChunk(ch, "history", "history of a condition with no history code: not coded as current (I.C.21.c.4)", true);
      return;
    }
    case Assertion::kPresent:
      break;
  }
  // Past medical history: only what has a history or status code (Z77-Z99, I.C.21.c.3-4),
  // when the note has an assessment that says what this encounter treats; not an encounter's
  // reason ("Immunizations up to date" is no Z23: nothing is given at this visit).
  if (ch.section == Section::kPmh && layout_.has_assessment) {
    PastHistoryBesideAssessment(ch, std::move(toks));
    return;
  }
  // Past medical history without an assessment: a past condition the index has a history
  // code for is its history ("PMH: MI": I25.2, not I21.9; I.C.21.c.4); one without (HTN,
  // DM2: chronic, still treated) is coded as found.
  if (ch.section == Section::kPmh && CodeHistory(ch, toks)) return;
  SetAsideGestation(ch, toks);
  SetAsideLateEffect(toks);
  SetAsideHandedness(toks);
  SetAsidePlace(toks);
  std::optional<Candidate> adverse = AdverseEffect(ch, toks);
  if (adverse) adverse->group = group;
  bool first = true;
  if (std::optional<Candidate> bmi = BodyMassIndex(ch, toks)) {
    bmi->group = std::max(group, 2);
    cands_.push_back(std::move(*bmi));
  }
  if (std::optional<Candidate> primary = PrimaryBySite(ch, toks)) {
    primary->group = group;
    Candidate main = *primary;
    cands_.push_back(std::move(*primary));
    AddUseAdditional(ch, toks, main);
    first = false;
  }
  const size_t found_before = cands_.size();
  auto rounds = [&] {
    for (int round = 0; round < 5; ++round) {
      bool left = false;
      for (const Tok& t : toks) left = left || (!t.used && t.content);
      if (!left) break;
      std::optional<Candidate> c;
      if (!FindOne(ch, toks, "", first, c)) {
        // The readings of words of course or state alone are refused ("Grade 1" of "Grade 1
        // peripheral neuropathy" is no ICANS, grade 1): the chunk's other words are read
        // without its grade, once.
        // A grade or level with its number ("1" is no type 1 diabetes either).
        bool aside = false;
        for (size_t k = 0; k + 1 < toks.size(); ++k) {
          if (toks[k].used || !toks[k].content || !toks[k + 1].number) continue;
          const std::string w = ascii::Lower(std::string_view(text_).substr(toks[k].begin, toks[k].end - toks[k].begin));
          if (w != "grade" && w != "level") continue;
          toks[k].used = toks[k + 1].used = aside = true;
        }
        if (!aside || !FindOne(ch, toks, "", first, c)) break;
      }
      first = false;
      c->group = group;
      std::string_view u = Undotted(c->code);
      if (u[0] == 'Z' && u.substr(0, 3) >= "Z77" && u.substr(0, 3) <= "Z99") c->group = std::max(c->group, 2);
      if (u[0] >= 'V' && u[0] <= 'Y') c->group = 3;
      if (ch.assertion == Assertion::kUncertain)
        c->rules.push_back({"uncertain-inpatient", "II.H",
                            "uncertain diagnosis in the inpatient setting: coded as if established (II.H, III.C)"});
      // Long-term drug therapy read outside a plan or medication list ("completed 6 mo
      // anticoagulation, now off"): not for a drug given briefly, stopped or only planned
      // (I.C.21.c.3), as in the plan.
      // Aspirin, also taken once for pain or fever, is long-term only where the words say the
      // patient stays on it ("on ASA 81", "daily aspirin", "cont ASA").
      if ((u.substr(0, 3) == "Z79" && !LongTermDrugTold(ch)) ||
          (u == "Z7982" && !HasAny(ChunkLower(ch), kContinuingWords) &&
           !HasAny(ChunkLower(ch), {"81", "81mg", "qd"}))) {
        cands_.push_back(std::move(*c));
        Drop(cands_.back(), "not-long-term",
             "a drug given briefly, stopped or planned: no long-term drug code (I.C.21.c.3)");
        continue;
      }
      Candidate main = *c;
      cands_.push_back(std::move(*c));
      AddManifestation(ch, toks, main);
      AddUseAdditional(ch, toks, main);
    }
  };
  rounds();
  // A chunk that reads as nothing whole ("R hemiparesis from prior stroke": the one document
  // of all its words, a sequela's title, says far more than they do) is two conditions joined
  // by a cause word (I.B.9; "after" an old stroke): each side is read on its own, the words
  // before it first, and the conventions join them (a deficit beside an old stroke is its
  // sequela, I.C.9.d.1).
  if (cands_.size() == found_before && first) {
    size_t link = toks.size();
    for (size_t k = 1; k + 1 < toks.size() && link == toks.size(); ++k) {
      const std::string w = ascii::Lower(text_.substr(toks[k].begin, toks[k].end - toks[k].begin));
      if (w == "from" || w == "2/2" || w == "d/t" || w == "following" || w == "after" ||
          ((w == "due" || w == "secondary") && ascii::Lower(text_.substr(toks[k + 1].begin, 2)) == "to"))
        link = k;
    }
    auto content_in = [&](size_t b, size_t e) {
      for (size_t k = b; k < e; ++k)
        if (toks[k].content && !toks[k].used) return true;
      return false;
    };
    if (link < toks.size() && content_in(0, link) && content_in(link + 1, toks.size())) {
      std::vector<bool> was(toks.size());
      for (size_t k = 0; k < toks.size(); ++k) was[k] = toks[k].used;
      for (size_t k = link; k < toks.size(); ++k) toks[k].used = true;
      rounds();
      for (size_t k = link + 1; k < toks.size(); ++k) toks[k].used = was[k];
      first = true;
      rounds();
    }
  }
  if (adverse) cands_.push_back(std::move(*adverse));
}

// A condition written with slashes that the lexicon reads as words ("N/V" nausea vomiting,
// "N/V/D", "h/a" headache, "b/l" bilateral): the token (and the tokens the slashes join) stand
// for those words, as the search reads them, so a reading that uses them has its evidence.
// The slash forms of link words and triggers ("w/", "w/o", "s/p", "h/o", "r/o", "c/o", "f/u")
// are read by the layout and the filler list, not here.
void NoteCoder::ReadSlashForms(std::vector<Tok>& toks) const {
  static constexpr std::string_view kLinks[] = {"w/", "w/o", "s/p", "h/o", "c/o", "r/o", "f/u"};
  for (size_t i = 0; i < toks.size(); ++i) {
    // The run of tokens joined by slashes from toks[i].
    size_t j = i;
    while (j + 1 < toks.size() && toks[j].end < text_.size() && toks[j + 1].begin == toks[j].end + 1 &&
           text_[toks[j].end] == '/')
      ++j;
    if (j == i && text_.substr(toks[i].begin, toks[i].end - toks[i].begin).find('/') == std::string_view::npos) continue;
    for (size_t last = j + 1; last-- > i;) {
      const std::string form = ascii::Lower(text_.substr(toks[i].begin, toks[last].end - toks[i].begin));
      if (form.find('/') == std::string::npos) break;
      if (std::find(std::begin(kLinks), std::end(kLinks), form) != std::end(kLinks)) break;
      const format::LexRec* hit = nullptr;
      for (const format::LexRec& r : cs_.lexicon())
        if (r.raw && r.alt_count > 0 && cs_.str(r.source) == form) hit = &r;
      if (!hit) continue;
      auto words = text::Tokenize(cs_.str(cs_.lexicon_alts()[hit->alt_first].display));
      if (!words || words->empty()) break;
      toks[i].folded = std::move(*words);
      toks[i].end = toks[last].end;
      toks[i].content = true;
      toks[i].number = false;
      toks.erase(toks.begin() + static_cast<long>(i) + 1, toks.begin() + static_cast<long>(last) + 1);
      break;
    }
  }
}

// A plan piece that is a diagnosis and nothing else ("Chest pain - troponin trending up,
// NSTEMI", "no sx - latent TB"): every word of it read by one disease code (chapters 1-17,
// not a symptom, injury or factor), no word of what is done: the diagnosis is coded.
//
// A piece that joins a test and its finding, or a diagnosis and a second one, with "with"
// or a colon ("Holter w/ frequent PVCs", "gastroenteritis w/ mild dehydration", "CT:
// mesenteric adenitis") is read part by part: each part that is a diagnosis and nothing else is
// coded (the test is not; an aside in parentheses, "(8% burden)", is left aside). The
// symptom the diagnosis explains then goes (I.B.4-5).
// An imaging or endoscopy study's label.
static constexpr std::string_view kStudies[] = {"ct", "cta", "mri", "cxr", "xray", "x-ray", "us", "ultrasound", "echo",
                                                "ekg", "ecg", "scan", "imaging", "egd", "colonoscopy", "endoscopy"};

bool NoteCoder::PlanDiagnosis(const note::Chunk& ch, const std::vector<Tok>& in, int group) {
  // The study the diagnosis was seen on, at the piece's end ("UGIB - gastric ulcer w/
  // hemorrhage on EGD", "per CT"): where it was found, no plan word ("on" is no drug kept);
  // the diagnosis is read without it.
  std::vector<Tok> toks = in;
  std::string_view lower = ChunkLower(ch);
  if (toks.size() >= 3) {
    auto word = [&](const Tok& t) { return ascii::Lower(text_.substr(t.begin, t.end - t.begin)); };
    const std::string on = word(toks[toks.size() - 2]);
    if ((on == "on" || on == "per" || on == "by") &&
        std::find(std::begin(kStudies), std::end(kStudies), word(toks.back())) != std::end(kStudies)) {
      toks.resize(toks.size() - 2);
      if (toks.back().end > ch.begin) lower = lower.substr(0, std::min<size_t>(lower.size(), toks.back().end - ch.begin));
    }
  }
  if (HasAny(lower, kBriefDrugWords) || HasAny(lower, kNotYetWords) || HasAny(lower, kContinuingWords)) return false;
  if (PlanDiagnosisPart(ch, toks, group)) return true;
  std::vector<std::vector<Tok>> parts(1);
  int depth = 0;
  for (const Tok& t : toks) {
    const std::string_view raw = text_.substr(t.begin, t.end - t.begin);
    const std::string_view before = text_.substr(t.begin > 0 ? t.begin - 1 : 0, t.begin > 0 ? 1 : 0);
    if (before == "(") ++depth;
    const std::string word = ascii::Lower(raw);
    // The link may be a word the tokens leave out: read the gap before the token too.
    std::string gap = " ";
    if (&t != &toks.front()) gap += ascii::Lower(text_.substr((&t - 1)->end, t.begin - (&t - 1)->end));
    gap += " ";
    const bool link = word == "with" || word == "w/";
    // An imaging or endoscopy study's label and what it found after a colon ("CT: mesenteric
    // adenitis"): the finding is a part of its own. Not a culture's organism ("Cx:
    // Pseudomonas"), the cause of a disease (B95-B97), not a disease.
    const bool study_finding =
        depth == 0 && &t != &toks.front() && gap.find(':') != std::string::npos &&
        std::find(std::begin(kStudies), std::end(kStudies),
                  ascii::Lower(text_.substr((&t - 1)->begin, (&t - 1)->end - (&t - 1)->begin))) != std::end(kStudies);
    if (!link && (gap.find(" with ") != std::string::npos || gap.find(" w/ ") != std::string::npos || study_finding))
      parts.emplace_back();
    if (link) {
      parts.emplace_back();
    } else if (depth == 0) {
      parts.back().push_back(t);
    }
    if (t.end < text_.size() && text_[t.end] == ')' && depth > 0) --depth;
  }
  if (parts.size() < 2) return false;
  bool any = false;
  for (const std::vector<Tok>& part : parts)
    if (!part.empty()) any = PlanDiagnosisPart(ch, part, group) || any;
  return any;
}

bool NoteCoder::PlanDiagnosisPart(const note::Chunk& ch, const std::vector<Tok>& toks, int group) {
  for (const Tok& t : toks)
    if (!t.content && !t.folded.empty() && !text::IsStopword(t.folded[0]) && !text::IsLinkWord(t.folded[0]) && !t.number)
      return false;  // a plan word ("start", "recheck", "f/u")
  std::vector<Tok> probe = toks;
  std::optional<Candidate> c;
  if (!FindOne(ch, probe, "", true, c) || !c) return false;
  const char letter = Undotted(c->code)[0];
  // A screening the plan does at this visit ("FHx colon ca - screening colonoscopy") is the
  // reason for the encounter (I.C.21.c.12); one ordered, due or up to date is not done here.
  const std::string_view cat = Undotted(c->code).substr(0, 3);
  const bool screening = cat >= "Z11" && cat <= "Z13";
  if (screening && HasAny(ChunkLower(ch), {"order", "ordered", "due", "schedule", "scheduled", "next", "utd", "overdue",
                                           "up to date", "recommend", "recommended", "declines"}))
    return false;
  // A latent infection or carrier state (Z22, "latent TB") is a condition the patient has.
  const bool carrier = cat == "Z22";
  if ((letter < 'A' || letter > 'Q') && !screening && !carrier) return false;
  // A word of degree or frequency before the diagnosis that the code's title does not take
  // ("frequent PVCs", "mild dehydration") does not make it another one; after it ("tolerating,
  // arthralgias mild") it tells the course of a side effect, not a diagnosis of the plan.
  static constexpr std::string_view kDegree[] = {"mild", "moderate", "frequent", "occasional", "rare"};
  for (size_t i = 0; i < probe.size(); ++i) {
    const Tok& t = probe[i];
    if (!t.content || t.used) continue;
    const bool degree =
        t.folded.size() == 1 && std::find(std::begin(kDegree), std::end(kDegree), t.folded[0]) != std::end(kDegree);
    if (!degree || std::none_of(probe.begin() + static_cast<long>(i) + 1, probe.end(), [](const Tok& u) { return u.used; }))
      return false;
  }
  // ... and its document says nothing the piece does not ("thiamine" is no thiamine
  // deficiency, "splint" no split hand).
  if (c->doc == format::kNone) return false;
  std::string query;
  for (const Tok& t : toks) {
    if (!query.empty()) query += ' ';
    query.append(text_.substr(t.begin, t.end - t.begin));
  }
  SearchOptions so;
  so.limit = 1;
  so.date = options_.date;
  auto r = searcher_.Search(query.substr(0, kMaxQueryBytes), so);
  if (!r || UnsaidWords(*r, cs_.docs()[c->doc]) > 0) return false;
  for (const QueryWord& qw : r->words)
    if (qw.use == WordUse::kCorrected) return false;
  c->group = group;
  if (screening)
    c->rules.push_back({"screening-in-plan", "I.C.21.c.12", "the screening done at this visit, named in the plan: coded"});
  else
    c->rules.push_back({"diagnosis-in-plan", "IV.C", "a diagnosis named in the plan text: coded"});
  cands_.push_back(std::move(*c));
  return true;
}

namespace {

// A child's BMI percentile for age in (lower-case) text: "91st %ile" -> Z68.53, "97th
// percentile (under 120% of 95th)" -> Z68.54, "135% of the 95th percentile" -> Z68.55 (the
// ranges of the Z68.5- titles); "" when the text gives neither.
std::string PediatricBmiCode(std::string_view l) {
  auto number_before = [&](size_t end, size_t& begin) {
    begin = end;
    while (begin > 0 && (std::isdigit(static_cast<unsigned char>(l[begin - 1])) || l[begin - 1] == '.')) --begin;
    return begin < end ? std::atof(std::string(l.substr(begin, end - begin)).c_str()) : -1.0;
  };
  // "N% of (the) 95th": a share of the 95th percentile; "under"/"less than"/"<" before it
  // makes it the upper bound.
  for (size_t at = l.find('%'); at != std::string_view::npos; at = l.find('%', at + 1)) {
    size_t k = at + 1;
    while (k < l.size() && l[k] == ' ') ++k;
    if (l.substr(k, 2) != "of") continue;
    if (l.find("95", k) == std::string_view::npos || l.find("95", k) > k + 10) continue;
    size_t b;
    double share = number_before(at, b);
    if (share < 0) continue;
    const std::string_view lead = l.substr(b >= 12 ? b - 12 : 0, b >= 12 ? 12 : b);
    if (HasAny(lead, {"under", "less than", "below"}) || lead.find('<') != std::string_view::npos) share -= 0.01;
    if (share >= 140) return "Z68.56";
    if (share >= 120) return "Z68.55";
    if (share >= 100) return "Z68.54";
  }
  // "Nth %ile", "Nst percentile".
  for (std::string_view word : {"percentile", "%ile", "pctl"}) {
    const size_t at = l.find(word);
    if (at == std::string_view::npos) continue;
    size_t e = at;
    while (e > 0 && l[e - 1] == ' ') --e;
    if (e >= 2 && std::isalpha(static_cast<unsigned char>(l[e - 1])) && std::isalpha(static_cast<unsigned char>(l[e - 2])))
      e -= 2;  // "th", "st", "nd", "rd"
    size_t b;
    const double p = number_before(e, b);
    if (p < 0 || p > 100) continue;
    return p < 5 ? "Z68.51" : p < 85 ? "Z68.52" : p < 95 ? "Z68.53" : "Z68.54";
  }
  return "";
}

}  // namespace

// An adult's body mass index written as a value ("BMI 42.3", "BMI: 31"): its Z68 code by
// the value's range (Z68.1 under 20, Z68.20-Z68.39 by the whole number, Z68.41-Z68.45 from
// 40), reported only beside a diagnosis it documents (obesity, overweight, underweight,
// malnutrition: I.B.14); the value's words are read either way (a search of "bmi 42.3" finds
// no range). A child's BMI is written as its percentile for age ("BMI 91st %ile", "BMI 26.1,
// 135% of the 95th percentile"): the pediatric code of that range (Z68.5-, I.B.14), read on the
// line from the BMI on (the percentile may be a chunk of its own).
std::optional<Candidate> NoteCoder::BodyMassIndex(const note::Chunk& ch, std::vector<Tok>& toks) {
  for (size_t i = 0; i < toks.size(); ++i) {
    if (ascii::Lower(text_.substr(toks[i].begin, toks[i].end - toks[i].begin)) != "bmi") continue;
    const std::string_view line = LineLower(ch);
    const size_t line_begin = static_cast<size_t>(LineLower(ch).data() - lower_.data());
    const std::string_view after = line.substr(std::min(line.size(), toks[i].begin - line_begin));
    const bool pediatric = HasAny(after, {"percentile", "%ile", "pctl"});
    size_t n = i + 1;
    if (!pediatric && (n >= toks.size() || !toks[n].number)) continue;
    if (pediatric) n = i;
    const std::string value(text_.substr(toks[n].begin, toks[n].end - toks[n].begin));
    const double v = pediatric ? 0 : std::atof(value.c_str());
    toks[i].used = toks[n].used = true;
    if (!pediatric && (v < 10 || v > 150)) return std::nullopt;
    if (!HasAny(lower_, {"obesity", "obese", "overweight", "underweight", "malnutrition", "malnourished", "cachexia",
                         "cachectic", "morbid", "anorexia"}))
      return std::nullopt;
    // The adult ranges are for persons 20 years of age or older (the Z68 note; a child's BMI
    // is its percentile, Z68.5-): none for an age written under 20 ("17 y/o").
    for (size_t a = 0; a < line.size() && !pediatric; ++a) {
      if (!std::isdigit(static_cast<unsigned char>(line[a])) || (a > 0 && std::isalnum(static_cast<unsigned char>(line[a - 1]))))
        continue;
      size_t e = a;
      while (e < line.size() && std::isdigit(static_cast<unsigned char>(line[e]))) ++e;
      std::string_view next = line.substr(e, 8);
      if (!next.empty() && (next[0] == ' ' || next[0] == '-')) next.remove_prefix(1);
      if ((next.starts_with("y/o") || next.starts_with("yo ") || next.starts_with("year") || next.starts_with("yr")) &&
          std::atoi(std::string(line.substr(a, e - a)).c_str()) < 20)
        return std::nullopt;
      a = e;
    }
    std::string code;
    if (pediatric) code = PediatricBmiCode(after);
    if (pediatric && code.empty()) return std::nullopt;
    // FY2027 splits Z68.1 at 18.5 (Z68.18 18.4 or less, Z68.19 18.5-19.9); an older year has
    // Z68.1 billable.
    const auto z681 = cs_.Find("Z68.1");
    if (pediatric) {
    } else if (v < 20) code = z681 && Billable(*z681) ? "Z68.1" : v < 18.5 ? "Z68.18" : "Z68.19";
    else if (v < 40) code = "Z68." + std::to_string(static_cast<int>(v));
    else if (v < 45) code = "Z68.41";
    else if (v < 50) code = "Z68.42";
    else if (v < 60) code = "Z68.43";
    else if (v < 70) code = "Z68.44";
    else code = "Z68.45";
    auto k = cs_.Find(code);
    if (!k || !Billable(*k)) return std::nullopt;
    Candidate c;
    c.code = *k;
    c.section = ch.section;
    c.item = ch.item;
    c.line = ch.line;
    c.evidence.push_back({toks[i].begin, toks[n].end});
    c.position = toks[i].begin;
    c.weight = 2;
    c.why.push_back((pediatric ? std::string("body mass index percentile for age") : "body mass index " + value) + ": " +
                    std::string(Title(*k)));
    c.rules.push_back({"body-mass-index", "I.B.14", "BMI documented with a diagnosis it supports: " + Dotted(*k)});
    return c;
  }
  return std::nullopt;
}

// A carcinoma named by its morphology and its organ ("adenocarcinoma of prostate", "sigmoid
// adenocarcinoma", "SCC RLL lung"): the Index sends a morphology to the Neoplasm Table by site
// ("Adenocarcinoma - see also Neoplasm, malignant, by site"), and a carcinoma of a site is
// its malignant primary unless the text says it is secondary: the search for the organ's
// words as a malignant neoplasm, within the primaries (C00-C76). A skin code needs a skin
// word ("adenocarcinoma" alone found "Adenocarcinoma, ceruminous" C44.29- for the prostate's).
// The organ's words are those before the first word of spread ("w/ mets to ...", "metastatic
// to"), the morphology's words aside.
std::optional<Candidate> NoteCoder::PrimaryBySite(const note::Chunk& ch, std::vector<Tok>& toks) {
  static constexpr std::string_view kMorphology[] = {"carcinoma", "adenocarcinoma", "ca", "cancer", "scc", "squamous",
                                                     "cell", "malignancy", "malignant", "neoplasm", "tumor", "primary",
                                                     "invasive", "ductal", "lobular", "adenoca"};
  static constexpr std::string_view kCarcinoma[] = {"carcinoma", "adenocarcinoma", "ca", "cancer", "scc", "adenoca"};
  static constexpr std::string_view kSpread[] = {"with", "w/", "w", "mets", "met", "metastatic", "metastasis",
                                                 "metastases", "metastasized", "to", "s/p", "on", "spread", "involving"};
  static constexpr std::string_view kSkin[] = {"skin", "cutaneous", "scalp", "face", "facial", "lip", "eyelid", "ear",
                                               "nose", "cheek", "forehead", "neck", "trunk", "arm", "leg", "hand",
                                               "back", "chest", "shoulder", "temple", "chin", "bcc", "basal"};
  auto lower_of = [&](const Tok& t) { return ascii::Lower(text_.substr(t.begin, t.end - t.begin)); };
  auto in = [](const std::string& w, const auto& list) { return std::find(std::begin(list), std::end(list), w) != std::end(list); };
  std::vector<size_t> morph, site;
  bool carcinoma = false;
  for (size_t i = 0; i < toks.size(); ++i) {
    const std::string w = lower_of(toks[i]);
    if (in(w, kSpread)) break;
    if (toks[i].used) continue;
    // "non-small cell", "small cell", "large cell": a morphology, not a site ("small" of
    // "small intestine" is the site's).
    const bool cell_type = (w == "non" || w == "small" || w == "large") &&
                           ((i + 1 < toks.size() && lower_of(toks[i + 1]) == "cell") ||
                            (i + 2 < toks.size() && lower_of(toks[i + 1]) == "small" && lower_of(toks[i + 2]) == "cell"));
    if (in(w, kMorphology) || cell_type) {
      morph.push_back(i);
      carcinoma = carcinoma || in(w, kCarcinoma);
    } else if (toks[i].content) {
      site.push_back(i);
    }
  }
  if (!carcinoma || site.empty()) return std::nullopt;
  // "secondary", "metastatic" before the organ: not a primary.
  if (HasAny(ChunkLower(ch), {"secondary", "metastatic", "recurrent", "history", "hx", "in situ", "benign"})) return std::nullopt;
  const bool skin = HasAny(ChunkLower(ch), kSkin);
  // The chunk's own reading when it is already a primary of the organ the text names ("left
  // breast cancer" C50.912: the title of a named morphology, not the table's row, decides).
  {
    std::vector<Tok> probe = toks;
    std::optional<Candidate> own;
    if (FindOne(ch, probe, "", true, own) && own) {
      const std::string_view ou = Undotted(own->code);
      const bool primary = ou[0] == 'C' && ou.substr(0, 3) <= "C76" && (ou.substr(0, 3) != "C44" || skin);
      if (primary && std::all_of(site.begin(), site.end(), [&](size_t i) { return probe[i].used; })) return std::nullopt;
    }
  }
  std::vector<Tok> sub;
  for (size_t i : site) sub.push_back(toks[i]);
  std::optional<Candidate> c;
  if (!FindOne(ch, sub, "malignant neoplasm", true, c, "C00", "C76") || !c) return std::nullopt;
  const std::string_view u = Undotted(c->code);
  if (u.substr(0, 3) == "C44" && !skin) return std::nullopt;
  // Every organ word read: the reading says the site the text says.
  for (const Tok& t : sub)
    if (!t.used) return std::nullopt;
  for (size_t i : morph) {
    toks[i].used = true;
    c->evidence.push_back({toks[i].begin, toks[i].end});
  }
  for (size_t i : site) toks[i].used = true;
  std::sort(c->evidence.begin(), c->evidence.end(), [](const TextSpan& a, const TextSpan& b) { return a.begin < b.begin; });
  c->position = c->evidence.front().begin;
  c->weight = static_cast<uint32_t>(morph.size() + site.size());
  c->rules.push_back({"neoplasm-primary-by-site", "I.C.2",
                      "a carcinoma of a named organ: the Neoplasm Table's malignant primary for the site " + Dotted(c->code)});
  return c;
}

bool LongTermDrugText(std::string_view lower) {
  return !HasAny(lower, kBriefDrugWords) && !HasAny(lower, kNotYetWords) && !BriefCourse(lower);
}

// The chunk does not say its drug is given briefly, stopped or only planned (I.C.21.c.3).
bool NoteCoder::LongTermDrugTold(const note::Chunk& ch) const { return LongTermDrugText(ChunkLower(ch)); }

// The items after the chunk's on its line, up to the next list marker, that say only a course
// ("1. HFpEF - LVEF 60%; NYHA II; chronic, compensated": "chronic, compensated"): the course of
// the entry's condition, "" when there is none. An item that names anything else (a condition,
// a test, a drug) is not read: its words may be another condition's ("; AKI").
std::string NoteCoder::CourseAfter(const note::Chunk& ch) const {
  static constexpr std::string_view kCourse[] = {"acute", "chronic", "on", "and", "compensated", "decompensated",
                                                 "stable", "exacerbation", "currently", "now"};
  std::string out;
  uint32_t at = ch.end;
  for (const note::Chunk& o : layout_.chunks) {
    if (o.line != ch.line || o.begin < ch.end) continue;
    // A list marker between: another entry.
    const std::string_view gap = std::string_view(lower_).substr(at, o.begin - at);
    for (size_t i = 0; i + 1 < gap.size(); ++i)
      if (std::isdigit(static_cast<unsigned char>(gap[i])) && (gap[i + 1] == '.' || gap[i + 1] == ')')) return out;
    at = o.end;
    if (o.item == ch.item) continue;
    bool only = true;
    for (const std::string& w : TitleWords(ItemLower(o.item)))
      only = only && std::find(std::begin(kCourse), std::end(kCourse), w) != std::end(kCourse);
    if (only) out.append(ChunkLower(o)).push_back(' ');
  }
  return out;
}

// A gestational age beside a condition of the pregnancy ("hyperemesis gravidarum at 9
// weeks", "chronic HTN in pregnancy, 12 wks") is read by the weeks rule (Z3A, I.C.15.a.7),
// not searched with the condition's words: "9 weeks" would lead the search to another index
// path (the condition's "starting before the end of 20th week", a Z3A code alone). A chunk
// that says nothing but the pregnancy and its age ("32 wks pregnant") keeps its words.
void NoteCoder::SetAsideGestation(const note::Chunk& ch, std::vector<Tok>& toks) const {
  if (!pregnancy_) return;
  const detail::Gestation g = detail::GestationWeeks(ChunkLower(ch));
  if (g.weeks < 0) return;
  const uint32_t gb = ch.begin + g.begin, ge = ch.begin + g.end;
  static constexpr std::string_view kPregnancyOnly[] = {"pregnant", "pregnancy", "gestation", "gestational", "iup",
                                                        "intrauterine", "weeks", "wks", "week", "wk", "at", "by", "of"};
  bool other = false;
  for (const Tok& t : toks) {
    if (!t.content || t.used || (t.begin >= gb && t.end <= ge)) continue;
    const std::string w = ascii::Lower(text_.substr(t.begin, t.end - t.begin));
    other = other || std::find(std::begin(kPregnancyOnly), std::end(kPregnancyOnly), w) == std::end(kPregnancyOnly);
  }
  if (!other) return;
  for (Tok& t : toks)
    if (t.begin >= gb && t.end <= ge) t.used = true;
}

// A chunk opening with "late effect(s) of" names the cause of the deficit before it ("L
// hemiparesis, late effect of prior stroke"): the sequela rule reads the words from the chunk
// (I.C.9.d.1); they are no condition of their own ("effect" found "Stroke, lightning"). Inside
// a chunk ("dysphagia as late effect of old infarction") the search reads them with the rest.
void NoteCoder::SetAsideLateEffect(std::vector<Tok>& toks) const {
  size_t i = 0;
  while (i < toks.size() && (toks[i].used || !toks[i].content)) ++i;
  if (i + 1 >= toks.size()) return;
  const std::string a = ascii::Lower(text_.substr(toks[i].begin, toks[i].end - toks[i].begin));
  const std::string b = ascii::Lower(text_.substr(toks[i + 1].begin, toks[i + 1].end - toks[i + 1].begin));
  if (a == "late" && (b == "effect" || b == "effects")) toks[i].used = toks[i + 1].used = true;
}

// Which hand a patient favors ("R-handed", "left handed", "R hand dominant") is a detail of
// the dominance of a side a deficit affects (I.C.6.a, read by the dominance rules from the
// text), no condition and no site: searched with the deficit's words it leads to the hand
// ("Fracture of right hand") and away from the deficit's sequela.
// "foley placed in ED", "sent to ED for CT": after a word of place or motion, "ED" and "ER"
// are the emergency department, where the patient was, not erectile dysfunction (the
// lexicon's reading of "ED" as a problem: "ED - tadalafil prn").
void NoteCoder::SetAsidePlace(std::vector<Tok>& toks) const {
  auto word = [&](size_t k) { return ascii::Lower(text_.substr(toks[k].begin, toks[k].end - toks[k].begin)); };
  for (size_t i = 1; i < toks.size(); ++i) {
    if (toks[i].end - toks[i].begin != 2) continue;
    const std::string w = word(i);
    if (w != "ed" && w != "er") continue;
    std::string before = word(i - 1);
    if (before == "the" && i >= 2) before = word(i - 2);
    if (HasAny(before, {"in", "to", "from", "at", "via", "presented", "came", "arrived", "seen", "left", "visit"}))
      toks[i].used = true;
  }
}

void NoteCoder::SetAsideHandedness(std::vector<Tok>& toks) const {
  auto word = [&](size_t k) { return ascii::Lower(text_.substr(toks[k].begin, toks[k].end - toks[k].begin)); };
  for (size_t i = 0; i < toks.size(); ++i) {
    const std::string w = word(i);
    size_t last = i;
    if (w == "hand" && i + 1 < toks.size() && (word(i + 1) == "dominant" || word(i + 1) == "dominance")) last = i + 1;
    else if (w != "handed") continue;
    size_t from = i;
    if (i > 0 && detail::DocumentedSide(word(i - 1)) != 0) from = i - 1;
    for (size_t k = from; k <= last; ++k) toks[k].used = true;
  }
}

void NoteCoder::Drop(Candidate& c, const char* reason, std::string explanation) {
  c.dropped = true;
  NotCoded n;
  if (!c.evidence.empty()) n.span = {c.evidence.front().begin, c.evidence.back().end};
  n.reason = reason;
  n.code = Dotted(c.code);
  n.explanation = std::move(explanation);
  out_.not_coded.push_back(std::move(n));
}

void NoteCoder::Alternatives(Candidate& c) const {
  const auto& rec = cs_.rec(c.code);
  if (rec.parent == format::kNone) return;
  std::string title = ascii::Lower(Title(c.code));
  if (title.find("unspecified") == std::string::npos) return;
  uint32_t parent = rec.parent;
  const auto words = TitleWords;
  auto mine = words(title);
  for (uint32_t k = parent + 1; k < cs_.rec(parent).subtree_end && c.alternatives.size() < 5; ++k) {
    if (k == c.code || !Billable(k)) continue;
    if (Undotted(k).size() != Undotted(c.code).size()) continue;
    std::string t = ascii::Lower(Title(k));
    std::string decides;
    for (const std::string& w : words(t)) {
      if (std::find(mine.begin(), mine.end(), w) != mine.end()) continue;
      if (!decides.empty()) decides += ' ';
      decides += w;
      if (decides.size() > 40) break;
    }
    c.alternatives.push_back({Dotted(k), std::string(Title(k)), decides});
  }
}

void NoteCoder::Emit() {
  for (Candidate& c : cands_) {
    Alternatives(c);
    CodeSuggestion s;
    s.code = Dotted(c.code);
    s.index = c.code;
    s.title = std::string(Title(c.code));
    s.billable = Billable(c.code);
    s.year = cs_.YearNumber(year_);
    std::sort(c.evidence.begin(), c.evidence.end(), [](const TextSpan& a, const TextSpan& b) { return a.begin < b.begin; });
    s.evidence = std::move(c.evidence);
    s.section = note::SectionName(c.section);
    s.why = std::move(c.why);
    s.rules = std::move(c.rules);
    s.alternatives = std::move(c.alternatives);
    out_.codes.push_back(std::move(s));
  }
  std::sort(out_.not_coded.begin(), out_.not_coded.end(),
            [](const NotCoded& a, const NotCoded& b) { return a.span.begin < b.span.begin; });
}

}  // namespace coding

Result<SuggestResult> Suggester::Suggest(std::string_view text, const SuggestOptions& options) {
  if (text.size() > kMaxNoteBytes) {
    return MakeError(ErrorCode::kInputTooLong, "the text is " + std::to_string(text.size()) + " bytes; the limit is " +
                                                   std::to_string(kMaxNoteBytes));
  }
  long bad = text::FindInvalidUtf8(text);
  if (bad >= 0) {
    return MakeError(ErrorCode::kInvalidUtf8, "the text is not valid UTF-8 (byte offset " + std::to_string(bad) + ")");
  }
  SuggestResult r = coding::NoteCoder(cs_, *memo_, *index_cache_, text, options).Run();
  memo_->ForgetAbove(keep_searches_);
  return r;
}

}  // namespace medcode
