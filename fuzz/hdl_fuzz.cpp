// libFuzzer target: lex, parse and elaborate arbitrary text as a .rack description.
// Build: scripts/fuzz.sh hdl (clang, -fsanitize=fuzzer,address,undefined). Any input must give
// diagnostics or a model -- never a crash, a hang or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hdl/load.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    racklink::hdl::LoadOptions opts;
    opts.max_errors = 50;
    auto r = racklink::hdl::load_string(
        std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.rack", opts);
    (void)r;
    return 0;
}
