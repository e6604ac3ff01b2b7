#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace {

struct Run {
    int code = -1;
    std::string out;  // stdout and stderr
};

Run run(const std::string& args) {
    Run r;
    std::string cmd = std::string(RACKLINK_BIN) + " " + args + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    int st = pclose(p);
    r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

}  // namespace

TEST_CASE("racklink thermal refuses a temperature without a unit as a usage error") {
    Run r = run("thermal x.rack --inlet 45");
    CHECK(r.code == 2);
    CHECK(r.out == "racklink thermal: --inlet: '45' needs a unit (K, degC or degF)\n");
}

TEST_CASE("racklink thermal refuses an unknown coolant and a negative rise") {
    Run a = run("thermal x.rack --coolant eg30");
    CHECK(a.code == 2);
    CHECK(a.out == "racklink thermal: --coolant: unknown coolant 'eg30' (water, pg25)\n");
    Run b = run("thermal x.rack --delta-t -3K");
    CHECK(b.code == 2);
    CHECK(b.out.find("--delta-t") != std::string::npos);
}

TEST_CASE("racklink thermal reports a description that does not load with exit code 1") {
    Run r = run("thermal " RACKLINK_SOURCE_DIR "/no/such/file.rack --inlet 45degC --coolant pg25 --delta-t 10K");
    CHECK(r.code == 1);
    CHECK(r.out.find("error") != std::string::npos);
}
