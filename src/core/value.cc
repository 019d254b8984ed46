#include "core/value.h"

namespace wharf::core {

const char* type_name(Value::Type t) {
  switch (t) {
    case Value::Type::kNull:
      return "NULL";
    case Value::Type::kBool:
      return "BOOL";
    case Value::Type::kNumber:
      return "N";
    case Value::Type::kString:
      return "S";
    case Value::Type::kBinary:
      return "B";
    case Value::Type::kList:
      return "L";
    case Value::Type::kMap:
      return "M";
    case Value::Type::kStringSet:
      return "SS";
    case Value::Type::kNumberSet:
      return "NS";
    case Value::Type::kBinarySet:
      return "BS";
  }
  return "?";
}

}  // namespace wharf::core
