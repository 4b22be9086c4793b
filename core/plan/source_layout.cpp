#include "core/plan/source_layout.h"

#include "core/common/error.h"

namespace riffle {

SourceLayout MakeSourceLayout(const SourceInfo& source) {
  SourceLayout layout;
  layout.schema = source.schema;
  std::map<std::string, std::string> props = source.properties;
  props["KEY_FORMAT"] = source.key_format;
  props["VALUE_FORMAT"] = source.value_format;
  props.erase("FORMAT");
  layout.key_format = formats::ParseFormatSpec(source.key_format, props, /*is_key=*/true);
  layout.value_format = formats::ParseFormatSpec(source.value_format, props, /*is_key=*/false);
  for (size_t i = 0; i < source.schema.size(); ++i) {
    const ColumnDef& c = source.schema[i];
    formats::FieldBinding binding{c.name, c.type, static_cast<int>(i)};
    if (c.role == ColumnRole::kKey) {
      layout.key_fields.push_back(binding);
    } else if (c.role == ColumnRole::kValue) {
      layout.value_fields.push_back(binding);
    }
  }
  formats::ValidateFormatSchema(layout.key_format, layout.key_fields);
  formats::ValidateFormatSchema(layout.value_format, layout.value_fields);
  if (!source.timestamp_column.empty()) {
    layout.timestamp_column = source.schema.Find(source.timestamp_column);
    layout.timestamp_format = source.timestamp_format;
  }
  return layout;
}

}  // namespace riffle
