#include "core/plan/timestamp_column.h"

#include "core/common/error.h"
#include "core/common/text.h"
#include "core/expr/time_format.h"

namespace riffle {

int ResolveTimestampColumn(const Schema& schema, const std::string& column,
                           const std::optional<std::string>& format, SourcePos pos) {
  // The checks and messages are TimestampExtractionPolicyFactory.create's, in its order.
  std::string name = AsciiUpper(column);
  int index = schema.Find(name);
  if (index < 0) {
    ThrowBind(pos, "The TIMESTAMP column set in the WITH clause does not exist in the schema: '" +
                       name + "'");
  }
  TypeKind kind = schema[index].type->kind;
  if (kind == TypeKind::kString) {
    if (!format) {
      ThrowBind(pos,
                "A String timestamp field has been specified without also specifying the "
                "timestamp_format",
                "add TIMESTAMP_FORMAT='<java.time pattern>', e.g. 'yyyy-MM-dd''T''HH:mm:ssX'");
    }
    // ksqlDB finds a bad pattern only when a query starts; riffle says so at once.
    std::string error;
    if (!JavaTimeFormat::Compile(*format, &error)) {
      ThrowBind(pos, "Invalid TIMESTAMP_FORMAT '" + *format + "': " + error);
    }
    return index;
  }
  if (format) {
    ThrowBind(pos,
              "'TIMESTAMP_FORMAT' set in the WITH clause can only be used when the "
              "timestamp column is of type STRING.");
  }
  if (kind != TypeKind::kBigint && kind != TypeKind::kTimestamp) {
    ThrowBind(pos, "Timestamp column, `" + schema[index].name +
                       "`, should be LONG(INT64), TIMESTAMP, or a String with a "
                       "timestamp_format specified.");
  }
  return index;
}

}  // namespace riffle
