#pragma once
// `racklink com --system FILE.rack`: COM of every link with a measured channel (private to
// reports; cmd_com.cpp dispatches here).
#include <string>
#include <utility>
#include <vector>

namespace racklink::reports {

struct ComSystemArgs {
    std::string file;                    ///< the .rack description
    std::vector<std::string> sets;       ///< description --set / -I entries (cli_util)
    std::string config;                  ///< COM configuration or preset for every link ("" = as described)
    std::vector<std::pair<std::string, std::string>> com_set;  ///< COM parameter overrides
    std::string data_dir;
    std::string out;                     ///< output file ("" = stdout)
    unsigned threads = 0;                ///< 0 = all cores
    bool json = false;
    bool links = false;                  ///< list every COM link (JSON and text)
};

/// Runs the analysis and prints it; returns the exit code (0 ok, 1 error or failing links).
int run_com_system(const ComSystemArgs& a);

}  // namespace racklink::reports
