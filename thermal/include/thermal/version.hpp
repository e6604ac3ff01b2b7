#pragma once
namespace racklink::thermal {
/// Library version string.
const char* version();
}  // namespace racklink::thermal
