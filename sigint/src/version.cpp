#include "sigint/version.hpp"
namespace racklink::sigint {
const char* version() { return "0.1.0"; }
}  // namespace racklink::sigint
