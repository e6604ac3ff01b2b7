#pragma once
namespace racklink::reports {
/// Library version string.
const char* version();
}  // namespace racklink::reports
