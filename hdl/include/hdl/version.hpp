#pragma once
namespace racklink::hdl {
/// Library version string.
const char* version();
}  // namespace racklink::hdl
