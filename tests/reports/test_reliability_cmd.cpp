#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/wait.h>

namespace {
struct Run {
    int code = -1;
    std::string out;
};
Run run(const std::string& args) {
    std::string cmd = std::string(RACKLINK_BIN) + " " + args + " 2>&1";
    Run r;
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    char buf[4096];
    while (std::size_t n = fread(buf, 1, sizeof buf, p)) r.out.append(buf, n);
    int status = pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}
}  // namespace

TEST_CASE("racklink reliability and yield are registered and report usage errors with exit 2") {
    CHECK(run("reliability --help").code == 0);
    CHECK(run("yield --help").code == 0);
    CHECK(run("reliability").code == 2);  // FILE missing
    CHECK(run("reliability x.rack --replications 1").code == 2);
    CHECK(run("yield x.rack --samples 1").code == 2);
}

TEST_CASE("racklink reliability and yield exit 1 when the description does not load") {
    Run r = run("reliability /nonexistent/none.rack --json");
    CHECK(r.code == 1);
    CHECK(r.out.find("none.rack") != std::string::npos);
    CHECK(run("yield /nonexistent/none.rack").code == 1);
}
