// `racklink sweep STUDY`: parse a study file, look its evaluator up in the registry, run the
// grid on all cores with progress and checkpoints, write one HDF5 file (docs/sweep.md).
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "reports/commands.hpp"
#include "reports/format.hpp"
#include "reports/sweep.hpp"
#include "reports/sweep_command.hpp"
#include "reports/version.hpp"

namespace racklink::reports {

namespace {

// A signal handler can only reach process-wide state; this flag is the one global of the
// sweep command (set by SIGINT/SIGTERM, read by the runner's workers).
std::atomic<bool> g_sweep_stop{false};

extern "C" void on_sweep_signal(int) { g_sweep_stop.store(true); }

// Installs the stop handler for the duration of a sweep; a second signal terminates (the
// handler resets itself with SA_RESETHAND).
class SignalGuard {
public:
    SignalGuard() {
        g_sweep_stop.store(false);
        struct sigaction sa {};
        sa.sa_handler = on_sweep_signal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESETHAND;
        sigaction(SIGINT, &sa, &old_int_);
        sigaction(SIGTERM, &sa, &old_term_);
    }
    ~SignalGuard() {
        sigaction(SIGINT, &old_int_, nullptr);
        sigaction(SIGTERM, &old_term_, nullptr);
    }
    SignalGuard(const SignalGuard&) = delete;
    SignalGuard& operator=(const SignalGuard&) = delete;

private:
    struct sigaction old_int_ {};
    struct sigaction old_term_ {};
};

std::string stem_of(const std::string& path) {
    auto slash = path.find_last_of('/');
    std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    auto dot = base.find_last_of('.');
    return dot == std::string::npos || dot == 0 ? base : base.substr(0, dot);
}

}  // namespace

EvaluatorRegistry sweep_evaluators() {
    EvaluatorRegistry reg = builtin_evaluators();
    // Integration point: the analyses register their evaluators here, e.g.
    // reg.emplace("reach", ...), reg.emplace("channel", ...), reg.emplace("availability", ...).
    return reg;
}

std::string describe_evaluators(const EvaluatorRegistry& reg) {
    std::string s;
    for (const auto& [name, spec] : reg) {
        s += name + ": " + spec.description + "\n  parameters:\n";
        for (const auto& p : spec.params) {
            s += "    " + p.name + " [" + p.unit + "] " + p.help;
            if (p.default_si) {
                auto u = parse_unit(p.unit);
                double v = u ? (*p.default_si - u->offset) / u->scale : *p.default_si;
                char buf[48];
                std::snprintf(buf, sizeof buf, "%g", v);
                s += std::string(" (default ") + buf + " " + p.unit + ")\n";
            } else {
                s += " (required)\n";
            }
        }
        s += "  outputs:\n";
        for (const auto& o : spec.outputs) s += "    " + o.name + " [" + o.unit + "] " + o.help + "\n";
    }
    return s;
}

int run_sweep_command(const SweepCommandOptions& o, const EvaluatorRegistry& reg, std::ostream& out,
                      std::ostream& err) {
    StudyParseResult pr = load_study(o.study_path);
    if (!pr.ok()) {
        err << pr.render();
        return 1;
    }
    Study& st = pr.study;
    auto it = reg.find(st.evaluator);
    if (it == reg.end()) {
        std::string known;
        for (const auto& [name, spec] : reg) known += (known.empty() ? "" : ", ") + name;
        pr.errors.push_back({st.evaluator_loc, "unknown evaluator '" + st.evaluator +
                                                   "' (known: " + known + ")"});
        err << pr.render();
        return 1;
    }
    pr.errors = check_study(st, it->second);
    if (!pr.ok()) {
        err << pr.render();
        return 1;
    }
    SweepOptions so;
    so.threads = o.threads;
    so.output_path = o.output_path.empty() ? stem_of(o.study_path) + ".h5" : o.output_path;
    so.resume = o.resume;
    so.checkpoint_interval_s = o.checkpoint_interval_s;
    so.stop = o.stop;
    so.racklink_version = version();
    if (!o.quiet) {
        so.progress = &err;
        so.progress_tty = o.progress_tty;
    }
    SweepResult r = run_sweep(st, bind_evaluator(st, it->second), so);
    switch (r.status) {
        case SweepStatus::ok:
            out << "sweep: wrote " << so.output_path << ": " << r.points << " points ("
                << r.infeasible << " excluded by constraints, " << r.failed << " failed";
            if (r.resumed) out << ", " << r.resumed << " from the checkpoint";
            out << ") in " << format_quantity(r.elapsed_s, "s") << "\n";
            if (!r.message.empty()) err << "sweep: " << r.message << "\n";
            if (r.failed) {
                err << "sweep: " << r.failed << " points failed; first: " << r.first_failure << "\n";
                return 1;
            }
            return 0;
        case SweepStatus::interrupted:
            err << "sweep: " << r.message << "\n";
            return 1;
        case SweepStatus::invalid_input:
        case SweepStatus::io_error:
            err << "sweep: error: " << r.message << "\n";
            return 1;
    }
    return 3;
}

void add_sweep_command(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<SweepCommandOptions>();
    auto list = std::make_shared<bool>(false);
    CLI::App* sub = app.add_subcommand(
        "sweep", "Run a parameter study (docs/sweep.md) on all cores and write one HDF5 file");
    sub->add_option("study", o->study_path, "Study file ([sweep] section)");
    sub->add_option("-o,--output", o->output_path, "HDF5 result file (default: <study stem>.h5)");
    sub->add_flag("--resume", o->resume, "Continue an interrupted sweep from its checkpoint");
    sub->add_option("-j,--threads", o->threads, "Worker threads (default: all cores)");
    sub->add_option("--checkpoint-interval", o->checkpoint_interval_s,
                    "Seconds between checkpoints (default 5)");
    sub->add_flag("-q,--quiet", o->quiet, "No progress output");
    sub->add_flag("--list-evaluators", *list, "List the evaluators, their parameters and outputs");
    sub->callback([o, list, &exit_code] {
        EvaluatorRegistry reg = sweep_evaluators();
        if (*list) {
            std::cout << describe_evaluators(reg);
            exit_code = 0;
            return;
        }
        if (o->study_path.empty()) {
            std::cerr << "racklink sweep: a study file is required (or --list-evaluators)\n";
            exit_code = 2;
            return;
        }
        SignalGuard guard;
        o->stop = &g_sweep_stop;
        o->progress_tty = ::isatty(STDERR_FILENO) == 1;
        exit_code = run_sweep_command(*o, reg, std::cout, std::cerr);
    });
}

}  // namespace racklink::reports
