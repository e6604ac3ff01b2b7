#pragma once
// Runs the racklink binary (RACKLINK_BIN) for the command-line tests.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

struct CliRun {
    int code = -1;    ///< exit status (-1 when racklink did not exit normally)
    std::string out;  ///< stdout, with stderr when merged
};

enum class Stderr { merged, dropped };

/// Runs `racklink ARGS` through the shell and returns its exit status and output.
inline CliRun run_racklink(const std::string& args, Stderr err = Stderr::merged) {
    const std::string cmd = std::string(RACKLINK_BIN) + " " + args + (err == Stderr::merged ? " 2>&1" : " 2>/dev/null");
    CliRun r;
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    const int status = pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}
