#include "hdl/version.hpp"
namespace racklink::hdl {
const char* version() { return "0.1.0"; }
}  // namespace racklink::hdl
