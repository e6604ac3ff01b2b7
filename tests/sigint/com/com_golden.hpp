// Where the COM tests find golden values (tests/golden/com/, written by
// scripts/com_reference/run_reference.sh from the IEEE COM reference) and the public Touchstone
// channels (../shared/data/touchstone/), and how they read a golden file.
#pragma once

#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace racklink::sigint::com_test {

inline const std::string kGolden = std::string(RACKLINK_SOURCE_DIR) + "/tests/golden/com/";
inline const std::string kTouchstone = std::string(RACKLINK_SHARED_DIR) + "/data/touchstone/";

inline nlohmann::json read_json(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in.good());
    return nlohmann::json::parse(in);
}

}  // namespace racklink::sigint::com_test
