#pragma once
// Terminal column arithmetic for UTF-8 text, so boxed tables stay aligned with accented,
// CJK and emoji text. Invalid UTF-8 bytes count as one column each (they are shown as
// replacement characters by most terminals).

#include <string>
#include <string_view>
#include <vector>

namespace riffle::shell {

// Columns the text occupies, by utf8proc's character widths: combining marks and other
// zero-width code points 0, East Asian wide/fullwidth and emoji 2, everything else 1. Control
// characters count 1 (the table renderer escapes them first).
size_t DisplayWidth(std::string_view text);

// Splits `text` into pieces of at most `width` columns (at least one code point each, so a wide
// character never makes it loop), never splitting a UTF-8 sequence. Concatenating the pieces
// gives back `text`. Returns {""} for empty text. REQUIRES: width > 0.
std::vector<std::string> WrapToWidth(std::string_view text, size_t width);

// `text` unchanged when it fits in `width` columns; otherwise its longest prefix of whole code
// points that fits in width - 1 columns followed by an ellipsis (U+2026, one column), so the
// result never exceeds `width` columns. "" for width 0.
std::string TruncateToWidth(std::string_view text, size_t width);

// A line for a terminal cut to `width` columns as TruncateToWidth does, except that ANSI CSI
// sequences (ESC '[' ... final byte, e.g. bold) take no column and are kept; a cut line that
// held one ends with a reset (ESC "[0m") so no attribute leaks past it.
std::string CutLineToWidth(std::string_view line, size_t width);

}  // namespace riffle::shell
