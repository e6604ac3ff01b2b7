// libFuzzer target for the COM configuration reader (sigint/com_config.hpp). Build and run:
// scripts/fuzz.sh com_config (clang, -fsanitize=fuzzer,address,undefined; docs/com.md).
//
// Arbitrary text goes to parse_com_config; when it parses, every resolution step that needs no
// S-parameters runs on it: resolve_com_params (the COM spec), resolve_com_erl_params (the ERL
// spec), resolve_com_causality, com_unused_parameters and com_unused_warnings, plus a round trip
// through ComConfig::to_text. The only exception allowed is the reader's error type,
// std::invalid_argument, and its message must name the source ("fuzz.cfg..."); anything else
// (another exception, a crash, a hang, a sanitizer report) aborts.
//
// With RACKLINK_COM_SEEDS=DIR in the environment the binary writes the text of every built-in
// preset to DIR/preset-NAME.cfg and exits (scripts/fuzz.sh uses this for the seed corpus).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "sigint/com.hpp"
#include "sigint/com_causality.hpp"
#include "sigint/com_config.hpp"
#include "sigint/com_erl.hpp"

using namespace racklink::sigint;

namespace {

// A reader error must say where: it starts with the source name given to the parser.
void check_error(const std::invalid_argument& e, const std::string& source) {
    const std::string_view msg = e.what();
    if (msg.substr(0, source.size()) != source) {
        std::fprintf(stderr, "error without its source: %s\n", e.what());
        std::abort();
    }
}

template <class F>
void expect_config_error_only(F&& step, const std::string& source) {
    try {
        step();
    } catch (const std::invalid_argument& e) {
        check_error(e, source);
    }
    // Any other exception escapes to libFuzzer, which reports it as a crash ("deadly signal").
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (const char* dir = std::getenv("RACKLINK_COM_SEEDS")) {
        for (const auto& name : com_preset_names())
            std::ofstream(std::string(dir) + "/preset-" + name + ".cfg", std::ios::binary) << com_preset_text(name);
        std::exit(0);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const std::string source = "fuzz.cfg";
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    ComConfig cfg;
    try {
        cfg = parse_com_config(text, source);
    } catch (const std::invalid_argument& e) {
        check_error(e, source);
        return 0;
    }
    // What parsed must print and parse back to the same names, literals and numbers.
    const ComConfig back = parse_com_config(cfg.to_text(), "round-trip.cfg");
    if (back.values.size() != cfg.values.size()) std::abort();
    for (const auto& [key, v] : cfg.values) {
        const auto it = back.values.find(key);
        if (it == back.values.end() || it->second.text != v.text || it->second.is_numeric != v.is_numeric ||
            it->second.rows.size() != v.rows.size() || it->second.numel() != v.numel())
            std::abort();
    }
    expect_config_error_only([&] { (void)resolve_com_params(cfg); }, source);
    expect_config_error_only([&] { (void)resolve_com_erl_params(cfg); }, source);
    expect_config_error_only([&] { (void)resolve_com_causality(cfg); }, source);
    // These never throw (they swallow the resolution errors the caller reports itself).
    (void)com_unused_parameters(cfg);
    (void)com_unused_warnings(cfg);
    return 0;
}
