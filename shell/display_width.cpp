#include "shell/display_width.h"

#include <cstdint>

namespace riffle::shell {
namespace {

// Decodes one code point at text[*i], advancing *i. Malformed sequences yield one byte as
// U+FFFD so the caller always makes progress.
char32_t DecodeOne(std::string_view text, size_t* i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = byte(*i);
  int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || *i + len > text.size()) {
    ++*i;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < len; ++k) {
    unsigned char cc = byte(*i + k);
    if ((cc >> 6) != 0x2) {
      ++*i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  *i += len;
  return cp;
}

bool InRanges(char32_t cp, const char32_t (*ranges)[2], size_t n) {
  for (size_t k = 0; k < n; ++k) {
    if (cp >= ranges[k][0] && cp <= ranges[k][1]) return true;
  }
  return false;
}

// The common zero-width code points: combining marks, zero-width joiners, variation selectors.
constexpr char32_t kZeroWidth[][2] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD},   {0x0610, 0x061A}, {0x064B, 0x065F},
    {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E},   {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},
    {0x200B, 0x200F}, {0x2028, 0x202E}, {0x2060, 0x2064},   {0x20D0, 0x20FF}, {0xFE00, 0xFE0F},
    {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

// East Asian Wide/Fullwidth blocks and the emoji planes that terminals draw two columns wide.
constexpr char32_t kWide[][2] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
    {0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
    {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
    {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
    {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
    {0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},
    {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
    {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
    {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
    {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
    {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F004, 0x1F004},
    {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251},
    {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F9FF},
    {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

size_t CodePointWidth(char32_t cp) {
  if (cp < 0x300) return 1;
  if (InRanges(cp, kZeroWidth, std::size(kZeroWidth))) return 0;
  if (InRanges(cp, kWide, std::size(kWide))) return 2;
  return 1;
}

}  // namespace

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  size_t i = 0;
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++width;
      ++i;
      continue;
    }
    width += CodePointWidth(DecodeOne(text, &i));
  }
  return width;
}

std::vector<std::string> WrapToWidth(std::string_view text, size_t width) {
  std::vector<std::string> pieces;
  size_t start = 0;
  size_t used = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t before = i;
    size_t w = CodePointWidth(DecodeOne(text, &i));
    if (used + w > width && before > start) {
      pieces.emplace_back(text.substr(start, before - start));
      start = before;
      used = 0;
    }
    used += w;
  }
  pieces.emplace_back(text.substr(start));
  return pieces;
}

}  // namespace riffle::shell

namespace riffle::shell {

std::string TruncateToWidth(std::string_view text, size_t width) {
  if (DisplayWidth(text) <= width) return std::string(text);
  if (width == 0) return "";
  // Keep whole code points totalling at most width - 1 columns, then the ellipsis (1 column).
  size_t used = 0;
  size_t i = 0;
  size_t keep = 0;
  while (i < text.size()) {
    size_t w = CodePointWidth(DecodeOne(text, &i));
    if (used + w > width - 1) break;
    used += w;
    keep = i;
  }
  return std::string(text.substr(0, keep)) + "\xE2\x80\xA6";
}

}  // namespace riffle::shell

namespace riffle::shell {
namespace {

// The length of the CSI sequence starting at text[i] (ESC '[' parameters final-byte), or 0.
size_t CsiLength(std::string_view text, size_t i) {
  if (text[i] != '\x1b' || i + 1 >= text.size() || text[i + 1] != '[') return 0;
  for (size_t j = i + 2; j < text.size(); ++j) {
    unsigned char c = static_cast<unsigned char>(text[j]);
    if (c >= 0x40 && c <= 0x7E) return j + 1 - i;
  }
  return 0;  // unterminated: counted as text
}

}  // namespace

std::string CutLineToWidth(std::string_view line, size_t width) {
  // Pass 1: the columns the line takes without its escapes.
  size_t total = 0;
  for (size_t i = 0; i < line.size();) {
    if (size_t n = CsiLength(line, i); n > 0) {
      i += n;
      continue;
    }
    total += CodePointWidth(DecodeOne(line, &i));
  }
  if (total <= width) return std::string(line);
  if (width == 0) return "";
  std::string out;
  bool escaped = false;
  size_t used = 0;
  for (size_t i = 0; i < line.size();) {
    if (size_t n = CsiLength(line, i); n > 0) {
      out.append(line.substr(i, n));
      escaped = true;
      i += n;
      continue;
    }
    size_t start = i;
    size_t w = CodePointWidth(DecodeOne(line, &i));
    if (used + w > width - 1) break;
    used += w;
    out.append(line.substr(start, i - start));
  }
  out += "\xE2\x80\xA6";
  if (escaped) out += "\x1b[0m";
  return out;
}

}  // namespace riffle::shell
