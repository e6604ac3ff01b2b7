#include "hdl/load.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "elaborate.hpp"
#include "hdl/ast.hpp"

namespace racklink::hdl {

namespace fs = std::filesystem;

namespace {

/// The standard library directory: $RACKLINK_LIB when set, else the source tree's hdl/lib.
std::string std_lib_dir() {
    if (const char* env = std::getenv("RACKLINK_LIB"); env && *env) return env;
    return RACKLINK_HDL_LIB_DIR;
}

constexpr std::size_t kMaxFileBytes = 64u << 20;  // 64 MiB: a description larger is surely wrong

std::optional<std::string> read_file(const fs::path& p, std::string& why) {
    std::error_code ec;
    if (!fs::is_regular_file(p, ec)) {
        why = fs::exists(p, ec) ? "not a regular file" : "no such file";
        return std::nullopt;
    }
    if (fs::file_size(p, ec) > kMaxFileBytes) {
        why = "file larger than 64 MiB";
        return std::nullopt;
    }
    std::ifstream in(p, std::ios::binary);
    if (!in) {
        why = "cannot be opened";
        return std::nullopt;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class Loader {
public:
    explicit Loader(const LoadOptions& o) : opts_(o), diags_(sm_) { diags_.set_limit(o.max_errors); }

    LoadResult run(std::string_view text, const std::string& name, const std::string& dir) {
        uint32_t main = sm_.add(name, std::string(text));
        load_tree(main, dir);
        LoadResult r;
        if (diags_.errors() == 0 || !diags_.at_limit()) {
            auto model = elaborate(sm_, diags_, files_, main, opts_.set);
            if (diags_.errors() == 0) r.model = std::move(model);
        }
        if (diags_.at_limit())
            diags_.report(Diag::too_many_errors, {},
                          fmt::format("too many errors ({}); stopping", opts_.max_errors),
                          Severity::note);
        r.diagnostics = diags_.render();
        r.errors = diags_.errors();
        r.warnings = diags_.warnings();
        return r;
    }

    LoadResult fail_open(const std::string& path, const std::string& why) {
        LoadResult r;
        r.diagnostics = fmt::format("{}: error: cannot read description: {} [{}]\n", path, why,
                                    diag_id(Diag::import_not_found));
        r.errors = 1;
        return r;
    }

private:
    /// Parses a file and, first, everything it imports (depth first, each file once).
    void load_tree(uint32_t file, const std::string& dir) {
        auto toks = lex(sm_, file, diags_);
        FileAst ast = parse(sm_, file, toks, diags_);
        for (const auto& imp : ast.imports) {
            auto found = resolve(imp.path, dir);
            if (!found) {
                std::string searched = dir.empty() ? "." : dir;
                for (const auto& d : opts_.import_dirs) searched += ", " + d;
                searched += ", " + std_lib_dir();
                diags_.report(Diag::import_not_found, imp.loc,
                              fmt::format("cannot find '{}' (searched {})", imp.path, searched));
                continue;
            }
            std::string key = fs::weakly_canonical(*found).string();
            if (!seen_.insert(key).second) continue;
            std::string why;
            auto text = read_file(*found, why);
            if (!text) {
                diags_.report(Diag::import_not_found, imp.loc,
                              fmt::format("cannot read '{}': {}", found->string(), why));
                continue;
            }
            uint32_t id = sm_.add(found->lexically_normal().string(), std::move(*text));
            load_tree(id, found->parent_path().string());
        }
        files_.push_back(std::move(ast));
    }

    std::optional<fs::path> resolve(const std::string& name, const std::string& dir) {
        std::vector<fs::path> candidates;
        fs::path p(name);
        if (p.is_absolute()) {
            candidates.push_back(p);
        } else {
            candidates.push_back(fs::path(dir.empty() ? "." : dir) / p);
            for (const auto& d : opts_.import_dirs) candidates.push_back(fs::path(d) / p);
            fs::path lib(std_lib_dir());
            candidates.push_back(lib / p);
            // `import "lib/x.rack"` names the standard library directory itself.
            candidates.push_back(lib.parent_path() / p);
        }
        std::error_code ec;
        for (const auto& c : candidates)
            if (fs::is_regular_file(c, ec)) return c;
        return std::nullopt;
    }

    const LoadOptions& opts_;
    SourceManager sm_;
    DiagnosticEngine diags_;
    std::vector<FileAst> files_;
    std::set<std::string> seen_;
};

}  // namespace

LoadResult load_string(std::string_view text, const std::string& name, const LoadOptions& options) {
    Loader l(options);
    std::string dir = fs::path(name).parent_path().string();
    return l.run(text, name, dir);
}

LoadResult load_file(const std::string& path, const LoadOptions& options) {
    std::string why;
    auto text = read_file(path, why);
    Loader l(options);
    if (!text) return l.fail_open(path, why);
    return l.run(*text, path, fs::path(path).parent_path().string());
}

}  // namespace racklink::hdl
