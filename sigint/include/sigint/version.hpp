#pragma once
namespace racklink::sigint {
/// Library version string.
const char* version();
}  // namespace racklink::sigint
