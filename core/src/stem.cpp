// The Porter (1980) suffix-stripping stemmer, for folded ASCII words, so that
// "fractures"/"fracture", "infected"/"infection", "injuries"/"injury" meet in the index.
// Words that contain anything but a-z are returned unchanged (codes, numbers, "b12").
#include <span>
#include <string>
#include <string_view>

#include "medcode/text.h"

namespace medcode::text {
namespace {

class Porter {
 public:
  explicit Porter(std::string w) : b_(std::move(w)), k_(static_cast<int>(b_.size()) - 1) {}

  std::string Run() {
    if (k_ <= 1) return b_;
    Step1ab();
    if (k_ > 0) {
      Step1c();
      Step2();
      Step3();
      Step4();
      Step5();
    }
    return b_.substr(0, k_ + 1);
  }

 private:
  bool Cons(int i) const {
    switch (b_[i]) {
      case 'a': case 'e': case 'i': case 'o': case 'u': return false;
      case 'y': return i == 0 ? true : !Cons(i - 1);
      default: return true;
    }
  }
  // Number of VC sequences in b_[0..j_].
  int M() const {
    int n = 0, i = 0;
    for (;;) {
      if (i > j_) return n;
      if (!Cons(i)) break;
      ++i;
    }
    ++i;
    for (;;) {
      for (;;) {
        if (i > j_) return n;
        if (Cons(i)) break;
        ++i;
      }
      ++i;
      ++n;
      for (;;) {
        if (i > j_) return n;
        if (!Cons(i)) break;
        ++i;
      }
      ++i;
    }
  }
  bool VowelInStem() const {
    for (int i = 0; i <= j_; ++i) if (!Cons(i)) return true;
    return false;
  }
  bool DoubleC(int j) const { return j >= 1 && b_[j] == b_[j - 1] && Cons(j); }
  bool Cvc(int i) const {
    if (i < 2 || !Cons(i) || Cons(i - 1) || !Cons(i - 2)) return false;
    char ch = b_[i];
    return !(ch == 'w' || ch == 'x' || ch == 'y');
  }
  bool Ends(std::string_view s) {
    int len = static_cast<int>(s.size());
    if (len > k_ + 1) return false;
    // (Letter by letter from the last, which most suffixes tried already differ in: a call of
    // memcmp per suffix tried was half of stemming's time.)
    const char* end = b_.data() + k_ + 1;
    for (int i = 1; i <= len; ++i) {
      if (end[-i] != s[static_cast<size_t>(len - i)]) return false;
    }
    j_ = k_ - len;
    return true;
  }
  void SetTo(std::string_view s) {
    b_.replace(j_ + 1, k_ - j_, s);
    k_ = j_ + static_cast<int>(s.size());
    b_.resize(k_ + 1);
  }
  void R(std::string_view s) {
    if (M() > 0) SetTo(s);
  }

  void Step1ab() {
    if (b_[k_] == 's') {
      if (Ends("sses")) k_ -= 2;
      else if (Ends("ies")) SetTo("i");
      else if (k_ >= 1 && b_[k_ - 1] != 's') --k_;
      b_.resize(k_ + 1);
    }
    if (Ends("eed")) {
      if (M() > 0) --k_;
      b_.resize(k_ + 1);
    } else if ((Ends("ed") || Ends("ing")) && VowelInStem()) {
      k_ = j_;
      b_.resize(k_ + 1);
      if (Ends("at")) SetTo("ate");
      else if (Ends("bl")) SetTo("ble");
      else if (Ends("iz")) SetTo("ize");
      else if (DoubleC(k_)) {
        --k_;
        char ch = b_[k_];
        if (ch == 'l' || ch == 's' || ch == 'z') ++k_;
        b_.resize(k_ + 1);
      } else {
        j_ = k_;
        if (M() == 1 && Cvc(k_)) {
          b_.resize(k_ + 1);
          b_ += 'e';
          ++k_;
        }
      }
    }
  }
  void Step1c() {
    if (Ends("y") && VowelInStem()) b_[k_] = 'i';
  }
  // Steps 2 and 3: the first rule whose suffix ends the word, replaced when m() > 0. A
  // suffix that ends the word has the word's letters, so one flat list in Porter's order
  // tries what his switch on a letter of the word tried.
  struct Rule {
    std::string_view suffix, to;
  };
  void ReplaceFirst(std::span<const Rule> rules) {
    for (const Rule& r : rules) {
      if (Ends(r.suffix)) {
        R(r.to);
        return;
      }
    }
  }
  void Step2() {
    static constexpr Rule kRules[] = {
        {"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"}, {"anci", "ance"}, {"izer", "ize"},
        {"bli", "ble"}, {"alli", "al"}, {"entli", "ent"}, {"eli", "e"}, {"ousli", "ous"},
        {"ization", "ize"}, {"ation", "ate"}, {"ator", "ate"}, {"alism", "al"}, {"iveness", "ive"},
        {"fulness", "ful"}, {"ousness", "ous"}, {"aliti", "al"}, {"iviti", "ive"}, {"biliti", "ble"},
        {"logi", "log"}};
    if (k_ >= 1) ReplaceFirst(kRules);
  }
  void Step3() {
    static constexpr Rule kRules[] = {{"icate", "ic"}, {"ative", ""}, {"alize", "al"}, {"iciti", "ic"},
                                      {"ical", "ic"},  {"ful", ""},   {"ness", ""}};
    ReplaceFirst(kRules);
  }
  // Step 4: the first suffix that ends the word ("ion" only after s or t) comes off when m() > 1.
  void Step4() {
    static constexpr std::string_view kSuffixes[] = {
        "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
        "ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize"};
    if (k_ < 1) return;
    for (std::string_view s : kSuffixes) {
      if (!Ends(s)) continue;
      if (s == "ion" && !(j_ >= 0 && (b_[j_] == 's' || b_[j_] == 't'))) return;
      if (M() > 1) {
        k_ = j_;
        b_.resize(k_ + 1);
      }
      return;
    }
  }
  void Step5() {
    j_ = k_;
    if (b_[k_] == 'e') {
      int a = M();
      if (a > 1 || (a == 1 && !Cvc(k_ - 1))) {
        --k_;
        b_.resize(k_ + 1);
      }
    }
    if (b_[k_] == 'l' && DoubleC(k_)) {
      j_ = k_;
      if (M() > 1) {
        --k_;
        b_.resize(k_ + 1);
      }
    }
  }

  std::string b_;
  int k_;
  int j_ = 0;
};

}  // namespace

std::string Stem(std::string_view word) {
  if (word.size() <= 2) return std::string(word);
  for (char c : word) {
    if (c < 'a' || c > 'z') return std::string(word);
  }
  // An inflammation ("-itis") is its own word, not its organ's adjective: Porter would make
  // "vaginitis" "vaginal", "hepatitis" "hepatic", "colitis" "colic" and "gastritis" "gastric".
  if (word.size() > 5 && word.ends_with("itis")) return std::string(word);
  // Never down to one letter: "ied" and "aed" (abbreviations) would be the pronoun "i" and
  // the article "a".
  std::string stem = Porter(std::string(word)).Run();
  return stem.size() >= 2 ? stem : std::string(word);
}

}  // namespace medcode::text
