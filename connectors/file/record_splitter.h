#pragma once
// Finds where one record of a text file ends: at a newline, except (for delimited files) inside a
// double-quoted field, which may span lines as in RFC 4180 / Apache Commons CSV.

#include <cstddef>
#include <string_view>

namespace riffle {

struct SplitResult {
  bool complete = false;  // false: the record runs past the end of `bytes`
  size_t record_end = 0;  // end of the record's text (a trailing '\r' excluded)
  size_t next = 0;        // where the next record starts (past the newline)
};

// Splits the record starting at the front of `bytes`. With `csv_quotes`, a '"' at the start of a
// field (after `delimiter` or at the record start) opens a quoted field that ends at a '"' not
// followed by another '"'; newlines inside it belong to the record. `at_eof` says nothing follows
// `bytes`: a last record without a newline is then complete.
SplitResult SplitRecord(std::string_view bytes, bool csv_quotes, char delimiter, bool at_eof);

}  // namespace riffle
