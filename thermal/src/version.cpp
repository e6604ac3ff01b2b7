#include "thermal/version.hpp"
namespace racklink::thermal {
const char* version() { return "0.1.0"; }
}  // namespace racklink::thermal
