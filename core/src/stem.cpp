// The Porter (1980) suffix-stripping stemmer, for folded ASCII words, so that
// "fractures"/"fracture", "infected"/"infection", "injuries"/"injury" meet in the index.
// Words that contain anything but a-z are returned unchanged (codes, numbers, "b12").
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
    if (b_.compare(k_ - len + 1, len, s) != 0) return false;
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
  void Step2() {
    if (k_ < 1) return;
    switch (b_[k_ - 1]) {
      case 'a':
        if (Ends("ational")) { R("ate"); break; }
        if (Ends("tional")) { R("tion"); break; }
        break;
      case 'c':
        if (Ends("enci")) { R("ence"); break; }
        if (Ends("anci")) { R("ance"); break; }
        break;
      case 'e':
        if (Ends("izer")) { R("ize"); break; }
        break;
      case 'l':
        if (Ends("bli")) { R("ble"); break; }
        if (Ends("alli")) { R("al"); break; }
        if (Ends("entli")) { R("ent"); break; }
        if (Ends("eli")) { R("e"); break; }
        if (Ends("ousli")) { R("ous"); break; }
        break;
      case 'o':
        if (Ends("ization")) { R("ize"); break; }
        if (Ends("ation")) { R("ate"); break; }
        if (Ends("ator")) { R("ate"); break; }
        break;
      case 's':
        if (Ends("alism")) { R("al"); break; }
        if (Ends("iveness")) { R("ive"); break; }
        if (Ends("fulness")) { R("ful"); break; }
        if (Ends("ousness")) { R("ous"); break; }
        break;
      case 't':
        if (Ends("aliti")) { R("al"); break; }
        if (Ends("iviti")) { R("ive"); break; }
        if (Ends("biliti")) { R("ble"); break; }
        break;
      case 'g':
        if (Ends("logi")) { R("log"); break; }
        break;
      default: break;
    }
  }
  void Step3() {
    switch (b_[k_]) {
      case 'e':
        if (Ends("icate")) { R("ic"); break; }
        if (Ends("ative")) { R(""); break; }
        if (Ends("alize")) { R("al"); break; }
        break;
      case 'i':
        if (Ends("iciti")) { R("ic"); break; }
        break;
      case 'l':
        if (Ends("ical")) { R("ic"); break; }
        if (Ends("ful")) { R(""); break; }
        break;
      case 's':
        if (Ends("ness")) { R(""); break; }
        break;
      default: break;
    }
  }
  void Step4() {
    if (k_ < 1) return;
    switch (b_[k_ - 1]) {
      case 'a': if (Ends("al")) break; return;
      case 'c': if (Ends("ance") || Ends("ence")) break; return;
      case 'e': if (Ends("er")) break; return;
      case 'i': if (Ends("ic")) break; return;
      case 'l': if (Ends("able") || Ends("ible")) break; return;
      case 'n': if (Ends("ant") || Ends("ement") || Ends("ment") || Ends("ent")) break; return;
      case 'o':
        if (Ends("ion") && j_ >= 0 && (b_[j_] == 's' || b_[j_] == 't')) break;
        if (Ends("ou")) break;
        return;
      case 's': if (Ends("ism")) break; return;
      case 't': if (Ends("ate") || Ends("iti")) break; return;
      case 'u': if (Ends("ous")) break; return;
      case 'v': if (Ends("ive")) break; return;
      case 'z': if (Ends("ize")) break; return;
      default: return;
    }
    if (M() > 1) {
      k_ = j_;
      b_.resize(k_ + 1);
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
  return Porter(std::string(word)).Run();
}

}  // namespace medcode::text
