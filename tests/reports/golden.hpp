#pragma once
// Golden-file comparison for the reports tests: RACKLINK_UPDATE_GOLDEN=1 rewrites the golden
// files under tests/golden/reports/ instead of comparing.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

inline void check_golden(const std::string& name, const std::string& actual) {
    std::string path = std::string(RACKLINK_SOURCE_DIR) + "/tests/golden/reports/" + name;
    const char* update = std::getenv("RACKLINK_UPDATE_GOLDEN");
    if (update && std::string(update) == "1") {
        std::ofstream(path, std::ios::binary) << actual;
        WARN("golden file rewritten: " << path);
        return;
    }
    std::ifstream in(path, std::ios::binary);
    INFO("golden file " << path << " (RACKLINK_UPDATE_GOLDEN=1 regenerates it)");
    REQUIRE(in.good());
    std::ostringstream ss;
    ss << in.rdbuf();
    CHECK(actual == ss.str());
}
