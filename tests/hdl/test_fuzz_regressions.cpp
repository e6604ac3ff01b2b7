// Every input the fuzzer ever found troublesome (tests/hdl/fuzz_regressions/) must load to
// diagnostics or a model without crashing; each file states which it expects in its name:
// ok-*.rack load cleanly, err-*.rack give at least one error.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "hdl/load.hpp"

TEST_CASE("fuzzer regressions load without crashing and give the expected verdict") {
    namespace fs = std::filesystem;
    fs::path dir = fs::path(RACKLINK_SOURCE_DIR) / "tests/hdl/fuzz_regressions";
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
        if (!e.is_regular_file()) continue;
        std::ifstream in(e.path(), std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        auto r = racklink::hdl::load_string(ss.str(), e.path().filename().string());
        std::string name = e.path().filename().string();
        INFO(name << "\n" << r.diagnostics);
        if (name.rfind("ok-", 0) == 0) CHECK(r.ok());
        if (name.rfind("err-", 0) == 0) CHECK(r.errors > 0);
        ++n;
    }
    CHECK(n >= 1);
}
