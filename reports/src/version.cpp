#include "reports/version.hpp"
namespace racklink::reports {
const char* version() { return "0.1.0"; }
}  // namespace racklink::reports
