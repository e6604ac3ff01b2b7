#include <catch2/catch.hpp>

#include <dirent.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "reports/atomic_file.hpp"

using namespace racklink::reports;

namespace {

std::string temp_dir() {
    char tmpl[] = "/tmp/racklink-atomic-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    return tmpl;
}

std::vector<std::string> entries(const std::string& dir) {
    std::vector<std::string> out;
    DIR* d = opendir(dir.c_str());
    while (dirent* e = readdir(d)) {
        std::string n = e->d_name;
        if (n != "." && n != "..") out.push_back(n);
    }
    closedir(d);
    return out;
}

}  // namespace

TEST_CASE("an atomic write creates the file and leaves no temporary file", "[atomic]") {
    std::string dir = temp_dir();
    write_file_atomic(dir + "/out.txt", "hello\n");
    CHECK(read_file(dir + "/out.txt") == "hello\n");
    CHECK(entries(dir) == std::vector<std::string>{"out.txt"});
    write_file_atomic(dir + "/out.txt", "second");
    CHECK(read_file(dir + "/out.txt") == "second");
    std::remove((dir + "/out.txt").c_str());
    rmdir(dir.c_str());
}

TEST_CASE("a write that fails midway leaves the old file and no partial file", "[atomic]") {
    std::string dir = temp_dir();
    write_file_atomic(dir + "/out.txt", "old");
    auto failing = [&](const std::string& tmp) {
        FILE* f = std::fopen(tmp.c_str(), "w");
        std::fputs("partial", f);
        std::fclose(f);
        throw std::runtime_error("analysis failed");
    };
    CHECK_THROWS_WITH(write_atomic(dir + "/out.txt", failing), "analysis failed");
    CHECK(read_file(dir + "/out.txt") == "old");
    CHECK(entries(dir) == std::vector<std::string>{"out.txt"});
    CHECK_THROWS(write_atomic(dir + "/new.txt", failing));
    CHECK(entries(dir) == std::vector<std::string>{"out.txt"});
    std::remove((dir + "/out.txt").c_str());
    rmdir(dir.c_str());
}

TEST_CASE("an abandoned atomic file is removed and a missing directory is reported", "[atomic]") {
    std::string dir = temp_dir();
    {
        AtomicFile f(dir + "/x.bin");
        FILE* h = std::fopen(f.temp_path().c_str(), "w");
        std::fputs("x", h);
        std::fclose(h);
        CHECK(entries(dir).size() == 1);
    }
    CHECK(entries(dir).empty());
    CHECK_THROWS_WITH(write_file_atomic(dir + "/no/such/dir/x.txt", "x"),
                      Catch::Contains(dir + "/no/such/dir/x.txt"));
    rmdir(dir.c_str());
}
