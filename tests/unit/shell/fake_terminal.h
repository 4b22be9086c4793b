#pragma once
// A terminal of a fixed size for tests of what the shell writes to one: it interprets the
// little the shell uses (text, \n, \r, cursor up ESC[nA, cursor home ESC[H, erase below ESC[J,
// erase screen ESC[2J, erase line ESC[2K and to its end ESC[K; other CSI sequences are
// ignored), wraps at the last column as terminals do, and keeps the lines scrolled off the top
// in a scrollback, where an erased screen goes too, as in tmux (the harshest case). Each UTF-8
// code point takes one column (tests write no wide characters).

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace riffle::shell {

class FakeTerminal {
 public:
  FakeTerminal(size_t width, size_t height) : width_(width), screen_(height) {}

  void Write(std::string_view text) {
    for (size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (c == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
        size_t j = i + 2;
        while (j < text.size() && !(text[j] >= 0x40 && text[j] <= 0x7E)) ++j;
        if (j >= text.size()) return;
        Csi(text.substr(i + 2, j - i - 2), text[j]);
        i = j;
      } else if (c == '\n') {
        LineFeed();
        col_ = 0;  // the shell's streams are cooked: \n also returns the carriage
      } else if (c == '\r') {
        col_ = 0;
      } else if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) {
        if (col_ > 0) screen_[row_][col_ - 1] += c;  // the rest of the code point before
      } else {
        if (col_ >= width_) {  // the last column was written: wrap
          LineFeed();
          col_ = 0;
        }
        Line& line = screen_[row_];
        if (line.size() < col_ + 1) line.resize(col_ + 1, " ");
        line[col_++] = std::string(1, c);
      }
    }
  }

  // The terminal is resized: lines keep their text (cut to the new width, as xterm does), and
  // the cursor stays in the screen.
  void Resize(size_t width, size_t height) {
    width_ = width;
    row_ = std::min(row_, height - 1);
    for (auto& line : screen_) {
      if (line.size() > width) line.resize(width);
    }
    while (screen_.size() > height) {
      scrollback_.push_back(screen_.front());
      screen_.erase(screen_.begin());
      row_ = row_ > 0 ? row_ - 1 : 0;
    }
    screen_.resize(height);
    col_ = std::min(col_, width);
  }

  // Every line: the scrollback, then the screen, trailing spaces dropped.
  std::vector<std::string> Lines() const {
    std::vector<std::string> all;
    for (const Line& line : scrollback_) all.push_back(Text(line));
    for (const Line& line : screen_) all.push_back(Text(line));
    return all;
  }
  // The screen's lines, trailing spaces dropped.
  std::vector<std::string> Screen() const {
    std::vector<std::string> all;
    for (const Line& line : screen_) all.push_back(Text(line));
    return all;
  }
  // How many lines (scrollback and screen) equal `line`.
  size_t Count(const std::string& line) const {
    auto all = Lines();
    return static_cast<size_t>(std::count(all.begin(), all.end(), line));
  }

 private:
  using Line = std::vector<std::string>;  // one code point per column

  static std::string Text(const Line& line) {
    std::string text;
    for (const std::string& cell : line) text += cell;
    text.erase(text.find_last_not_of(' ') + 1);
    return text;
  }

  // The screen's lines down to its last non-empty one.
  void SaveScreenToScrollback() {
    size_t last = screen_.size();
    while (last > 0 && Text(screen_[last - 1]).empty()) --last;
    for (size_t r = 0; r < last; ++r) scrollback_.push_back(screen_[r]);
  }
  void LineFeed() {
    if (row_ + 1 < screen_.size()) {
      ++row_;
      return;
    }
    scrollback_.push_back(screen_.front());
    screen_.erase(screen_.begin());
    screen_.emplace_back();
  }
  void Csi(std::string_view params, char final) {
    switch (final) {
      case 'A': {
        size_t n = params.empty() ? 1 : std::stoul(std::string(params));
        row_ = row_ >= n ? row_ - n : 0;
        break;
      }
      case 'H':
        row_ = 0;
        col_ = 0;
        break;
      case 'J':
        // As tmux and VTE do: erasing the whole screen, or all of it from the top-left
        // corner, first saves its lines to the scrollback.
        if (params == "2" || (row_ == 0 && col_ == 0)) {
          SaveScreenToScrollback();
          for (auto& line : screen_) line.clear();
        } else {
          if (screen_[row_].size() > col_) screen_[row_].resize(col_);
          for (size_t r = row_ + 1; r < screen_.size(); ++r) screen_[r].clear();
        }
        break;
      case 'K':
        if (params == "2") {
          screen_[row_].clear();
        } else if (screen_[row_].size() > col_) {
          screen_[row_].resize(col_);
        }
        break;
      default:
        break;
    }
  }

  size_t width_;
  std::vector<Line> screen_;
  std::vector<Line> scrollback_;
  size_t row_ = 0;
  size_t col_ = 0;
};

}  // namespace riffle::shell
