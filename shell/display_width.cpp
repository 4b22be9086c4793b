#include "shell/display_width.h"

#include <utf8proc.h>

#include <cstdint>

namespace riffle::shell {
namespace {

// Decodes one code point at text[*i], advancing *i. Malformed sequences yield one byte as
// U+FFFD so the caller always makes progress.
char32_t DecodeOne(std::string_view text, size_t* i) {
  utf8proc_int32_t cp = 0;
  utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + *i),
                                        static_cast<utf8proc_ssize_t>(text.size() - *i), &cp);
  if (n <= 0) {
    ++*i;
    return 0xFFFD;
  }
  *i += static_cast<size_t>(n);
  return static_cast<char32_t>(cp);
}

// utf8proc's East Asian width and emoji presentation data (as DuckDB's shell uses), for the
// Unicode version of the installed libutf8proc: combining marks and other zero-width code
// points 0, wide and fullwidth characters and emoji 2. Below U+0300 every code point counts 1:
// control characters are escaped by the table renderer before they are measured.
size_t CodePointWidth(char32_t cp) {
  if (cp < 0x300) return 1;
  return static_cast<size_t>(utf8proc_charwidth(static_cast<utf8proc_int32_t>(cp)));
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
