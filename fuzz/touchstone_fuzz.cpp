// libFuzzer target for the Touchstone reader (built only with -DRACKLINK_FUZZ=ON and clang; see
// docs/sigint.md). The first input byte picks the port count implied by the file name (.s1p ..
// .s8p, or .ts for none); the rest is the file text. The reader must either return a network or
// throw TouchstoneError -- any other exception, crash or sanitizer report is a bug. A network that
// reads must survive write -> read -> mixed-mode -> interpolation unchanged in shape.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sigint/network.hpp"
#include "sigint/touchstone.hpp"

using namespace racklink::sigint;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const int pick = data[0] % 9;
    const std::string name = pick == 0 ? "fuzz.ts" : "fuzz.s" + std::to_string(pick) + "p";
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    // The serial reader, and the parallel reader forced onto even tiny inputs (3 threads, 1-byte
    // chunks): both must give the same network bit for bit, or the same error.
    Network n, par;
    std::string err, par_err;
    try {
        n = parse_touchstone(text, name, 0, {.threads = 1});
    } catch (const TouchstoneError& e) {
        err = e.what();
    }
    try {
        par = parse_touchstone(text, name, 0, {.threads = 3, .min_chunk_bytes = 1});
    } catch (const TouchstoneError& e) {
        par_err = e.what();
    }
    if (err != par_err) std::abort();
    if (!err.empty()) return 0;
    if (par.f_hz != n.f_hz || par.s.size() != n.s.size()) std::abort();
    for (std::size_t k = 0; k < n.s.size(); ++k)
        if (par.s[k].rows() != n.s[k].rows() || !(par.s[k].array() == n.s[k].array()).all()) {
            // NaN never compares equal; the reader rejects non-finite values, so this is a bug.
            std::abort();
        }
    if (n.ports() <= 0 || n.points() == 0 || n.s.size() != n.points()) std::abort();
    // Round trip through the writer (version 2 keeps per-port references).
    Network back = parse_touchstone(format_touchstone(n, {.version = TouchstoneVersion::v2}), "rt.ts");
    if (back.ports() != n.ports() || back.points() != n.points()) std::abort();
    if (n.ports() % 2 == 0 && n.ports() <= 16) {
        bool same_pairs = true;
        const std::vector<int> order = default_port_order(n.ports());
        for (std::size_t i = 0; i + 1 < order.size(); i += 2)
            same_pairs = same_pairs && n.z0_ohm[static_cast<std::size_t>(order[i] - 1)] ==
                                           n.z0_ohm[static_cast<std::size_t>(order[i + 1] - 1)];
        if (same_pairs) {
            MixedModeNetwork mm = to_mixed_mode(n);
            (void)interpolate(mm.net, 0.5 * (n.f_hz.front() + n.f_hz.back()));
        }
    }
    return 0;
}
