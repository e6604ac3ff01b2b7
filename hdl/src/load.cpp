#include "hdl/load.hpp"

namespace racklink::hdl {

LoadResult load_string(std::string_view, const std::string& name, const LoadOptions&) {
    LoadResult r;
    r.diagnostics = name + ": error: the .rack front end is not built yet\n";
    r.errors = 1;
    return r;
}

LoadResult load_file(const std::string& path, const LoadOptions& options) {
    return load_string({}, path, options);
}

}  // namespace racklink::hdl
