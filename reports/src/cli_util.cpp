#include "reports/cli_util.hpp"

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "hdl/load.hpp"
#include "reports/atomic_file.hpp"

namespace racklink::reports {

void add_set_option(CLI::App* sub, std::vector<std::string>& sets) {
    sub->add_option("--set", sets,
                    "Override a top-level param or option of the description: NAME=VALUE, value in "
                    ".rack syntax (e.g. --set interconnect=cpo --set spine_length=\"0.8 m\")")
        ->type_name("NAME=VALUE");
    sub->add_option_function<std::vector<std::string>>(
           "-I,--import-dir",
           [&sets](const std::vector<std::string>& dirs) {
               for (const auto& d : dirs) sets.push_back("-I" + d);
           },
           "Also search this directory for imports (after the importing file's own directory)")
        ->type_name("DIR");
}

std::optional<graphs::Model> load_model(const std::string& path,
                                        const std::vector<std::string>& sets, int& exit_code) {
    hdl::LoadOptions opts;
    for (const auto& s : sets) {
        if (s.rfind("-I", 0) == 0) {
            opts.import_dirs.push_back(s.substr(2));
            continue;
        }
        auto eq = s.find('=');
        if (eq == std::string::npos || eq == 0) {
            std::cerr << "racklink: --set " << s << ": expected NAME=VALUE\n";
            exit_code = 2;
            return std::nullopt;
        }
        opts.set.emplace_back(s.substr(0, eq), s.substr(eq + 1));
    }
    hdl::LoadResult r = hdl::load_file(path, opts);
    std::cerr << r.diagnostics;
    if (!r.ok()) {
        exit_code = 1;
        return std::nullopt;
    }
    return std::move(*r.model);
}

bool emit(std::string_view content, const std::string& out_path) {
    if (out_path.empty() || out_path == "-") {
        std::cout << content;
        std::cout.flush();
        return static_cast<bool>(std::cout);
    }
    try {
        write_file_atomic(out_path, content);
        return true;
    } catch (const std::exception& e) {
        std::cerr << "racklink: cannot write " << out_path << ": " << e.what() << "\n";
        return false;
    }
}

}  // namespace racklink::reports
