#include "graphs/com_analysis.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <map>
#include <memory>
#include <sstream>
#include <thread>

#include "graphs/sigint_analysis.hpp"
#include "link_classes.hpp"
#include "sigint/com_config.hpp"
#include "sigint/cpus.hpp"
#include "sigint/network.hpp"
#include "sigint/touchstone.hpp"

namespace racklink::graphs {

namespace sg = racklink::sigint;

std::vector<std::string> split_text_list(std::string_view text) {
    std::vector<std::string> out;
    if (text.empty()) return out;
    std::size_t start = 0;
    while (true) {
        const std::size_t nl = text.find('\n', start);
        out.emplace_back(text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
        if (nl == std::string_view::npos) break;
        start = nl + 1;
    }
    return out;
}

std::string ComAnalysisOptions::validate() const {
    for (const auto& [name, value] : config_set)
        if (name.empty()) return "a COM parameter override needs a name (name=value)";
    if (threads > 1024) return "threads must be at most 1024";
    return "";
}

std::string_view to_string(ComAnalysisStatus s) {
    switch (s) {
        case ComAnalysisStatus::ok: return "ok";
        case ComAnalysisStatus::fail: return "fail";
        case ComAnalysisStatus::error: return "error";
    }
    return "?";
}

namespace {

/// A channel as found in the description, before evaluation.
struct ChannelJob {
    std::shared_ptr<const sg::Network> thru;
    std::vector<std::shared_ptr<const sg::Network>> next, fext;
    std::shared_ptr<const sg::ComParams> params;
};

/// The NaN-safe sort key: an unusable COM sorts as the worst.
double sort_key(double com_db) { return std::isnan(com_db) ? -std::numeric_limits<double>::infinity() : com_db; }

class Collector {
public:
    Collector(const Model& m, const ComAnalysisOptions& opt) : m_(m), opt_(opt) {}

    std::vector<std::string> errors;
    std::vector<std::string> warnings;  // unread configuration entries
    std::vector<ComChannel> channels;
    std::vector<ChannelJob> jobs;

    /// The channel index of a (touchstone spec, profile) pair: -1 when the link has no COM
    /// data, -2 on an error (reported once).
    int channel_of(uint32_t spec_index, uint32_t profile_index) {
        const auto key = std::make_pair(spec_index, profile_index);
        if (auto it = by_spec_.find(key); it != by_spec_.end()) return it->second;
        const int c = make_channel(spec_index, profile_index);
        by_spec_.emplace(key, c);
        return c;
    }

    void error(SourceLoc loc, const std::string& msg) { errors.push_back(m_.where(loc) + ": " + msg); }

private:
    const Model& m_;
    const ComAnalysisOptions& opt_;
    std::map<std::pair<uint32_t, uint32_t>, int> by_spec_;
    std::map<std::string, int> by_key_;
    std::map<std::string, std::shared_ptr<const sg::Network>> networks_;  // resolved path -> 4-port
    std::map<std::string, std::shared_ptr<const sg::ComParams>> configs_;   // config id -> params

    /// Reads a 4-port once; nullptr (error reported) when unreadable or not a 4-port.
    std::shared_ptr<const sg::Network> network(const std::string& path, SourceLoc loc) {
        if (auto it = networks_.find(path); it != networks_.end()) return it->second;
        std::shared_ptr<const sg::Network> net;
        try {
            sg::Network n = sg::read_touchstone(path);
            if (n.ports() == 4)
                net = std::make_shared<const sg::Network>(std::move(n));
            else
                error(loc, "Touchstone file '" + path + "' has " + std::to_string(n.ports()) +
                               " ports; COM needs a single-ended 4-port (.s4p)");
        } catch (const sg::TouchstoneError& e) {
            error(loc, std::string("in Touchstone file: ") + e.what());
        }
        networks_.emplace(path, net);
        return net;
    }

    /// Resolves a file parameter; "" (error reported) when it does not exist.
    std::string find_file(const Param& p, const std::string& name) {
        std::string found = find_description_file(m_, p.loc, name, opt_.data_dir);
        if (found.empty()) error(p.loc, "cannot find Touchstone file '" + name + "' (" + p.name + ")");
        return found;
    }

    /// The COM parameters of a configuration named by `text` (written at `loc`; invalid `loc`
    /// for the command line), loaded once.
    std::shared_ptr<const sg::ComParams> config(const std::string& text, SourceLoc loc, const Param* where_param,
                                                std::string& id) {
        std::string path;
        if (where_param) path = find_description_file(m_, loc, text, opt_.data_dir);
        id = path.empty() ? text : path;
        if (auto it = configs_.find(id); it != configs_.end()) return it->second;
        std::shared_ptr<const sg::ComParams> params;
        try {
            sg::ComConfig cfg = sg::load_com_config(id);
            for (const auto& [name, value] : opt_.config_set) cfg.set(name, value);
            auto p = std::make_shared<sg::ComParams>(sg::resolve_com_params(cfg));
            if (std::string v = p->validate(); !v.empty()) throw std::invalid_argument(v);
            if (p->rx_calibration)  // a bench procedure on one measured test channel, not a link figure
                throw std::invalid_argument(
                    "RX_CALIBRATION = 1 calibrates a receiver test's noise source on one test channel; "
                    "run it with `racklink com CONFIG TEST.s4p --noise-path NOISE.s4p`, not over a system");
            if (p->td_mode)  // the system's channels are Touchstone segments
                throw std::invalid_argument(
                    "TDMODE = 1 reads pulse-response CSV files; a system's links are Touchstone channels "
                    "(run `racklink com CONFIG PULSE.csv --set TDMODE=1` for a pulse response)");
            for (auto& w : sg::com_unused_warnings(cfg)) warnings.push_back(std::move(w));
            params = std::move(p);
        } catch (const std::exception& e) {
            std::string presets;
            for (const auto& n : sg::com_preset_names()) presets += (presets.empty() ? "" : ", ") + n;
            const std::string msg = "COM configuration '" + text + "': " + e.what() +
                                    (path.empty() ? " (presets: " + presets + ")" : "");
            if (where_param)
                error(loc, msg);
            else
                errors.push_back("--config " + msg);
        }
        configs_.emplace(id, params);
        return params;
    }

    int make_channel(uint32_t spec_index, uint32_t profile_index) {
        const SegmentSpec& spec = m_.segment_specs().at(spec_index);
        const ParamSet& sp = m_.params(spec);
        const Profile& prof = m_.profiles().at(profile_index);
        const ParamSet& pp = m_.params(prof);
        const Param* file = sp.find("file");
        const Param* next = sp.find("next");
        const Param* fext = sp.find("fext");
        const Param* seg_com = sp.find("com");
        const Param* prof_com = pp.find("com");
        const bool has_com_data = next || fext || seg_com || prof_com || !opt_.config.empty();
        if (!has_com_data) return -1;
        if (!file || !file->is_text || file->text.empty()) {
            error(spec.loc, "a touchstone segment with COM data needs file = \"thru.s4p\"");
            return -2;
        }
        // Configuration: the command line, else the segment, else the profile.
        std::string config_id;
        std::shared_ptr<const sg::ComParams> params;
        if (!opt_.config.empty()) {
            params = config(opt_.config, {}, nullptr, config_id);
        } else if (const Param* c = seg_com ? seg_com : prof_com) {
            params = config(c->text, c->loc, c, config_id);
        } else {
            error(spec.loc, "no COM configuration for this measured channel: set com = \"ck_kr\" (a preset "
                            "or a file) on the segment or on serdes '" + prof.name + "', or pass --config");
            return -2;
        }
        ComChannel ch;
        ch.where = m_.where(spec.loc);
        ch.config = config_id;
        bool ok = params != nullptr;
        ch.thru = find_file(*file, file->text);
        ok = ok && !ch.thru.empty();
        auto list = [&](const Param* p, std::vector<std::string>& out) {
            if (!p) return;
            for (const auto& name : split_text_list(p->text)) {
                std::string f = find_file(*p, name);
                ok = ok && !f.empty();
                out.push_back(f);
            }
        };
        list(next, ch.next);
        list(fext, ch.fext);
        std::vector<int> order;
        if (const Param* po = sp.find("port_order"); po && !po->text.empty()) {
            try {
                order = sg::parse_port_order(po->text, 4);
                ch.port_order = po->text;
            } catch (const std::invalid_argument& e) {
                error(po->loc, std::string("port_order: ") + e.what());
                ok = false;
            }
        }
        if (!ok) return -2;
        std::string key = ch.thru + '\n' + ch.config + '\n' + ch.port_order;
        for (const auto& f : ch.next) key += "\nN" + f;
        for (const auto& f : ch.fext) key += "\nF" + f;
        if (auto it = by_key_.find(key); it != by_key_.end()) return it->second;
        ChannelJob job;
        job.thru = network(ch.thru, file->loc);
        ok = job.thru != nullptr;
        for (const auto& f : ch.next) {
            job.next.push_back(network(f, next->loc));
            ok = ok && job.next.back();
        }
        for (const auto& f : ch.fext) {
            job.fext.push_back(network(f, fext->loc));
            ok = ok && job.fext.back();
        }
        if (!ok) {
            by_key_.emplace(key, -2);
            return -2;
        }
        if (!order.empty()) {
            auto p = std::make_shared<sg::ComParams>(*params);
            p->port_order = order;
            params = std::move(p);
        }
        job.params = params;
        ch.threshold_db = params->pass_threshold_db;
        const int index = static_cast<int>(channels.size());
        channels.push_back(std::move(ch));
        jobs.push_back(std::move(job));
        by_key_.emplace(std::move(key), index);
        return index;
    }
};

void fill(ComChannel& ch, const sg::ComResult& r) {
    ch.status = r.status;
    ch.message = r.message;
    ch.il_nyquist_db = r.il_nyquist_db;
    ch.fom_ild_db = r.fom_ild_db;
    ch.icn_mv = r.icn_mv;
    for (const auto& c : r.cases)
        ch.cases.push_back({c.package_case, c.com_db, c.fom_db, c.as_mv, c.ani_mv, c.pass});
    if (r.ok() && !r.cases.empty()) {
        ch.com_db = r.min_com_db();
        ch.pass = std::all_of(ch.cases.begin(), ch.cases.end(), [](const ComCaseFigures& c) { return c.pass; });
    } else {
        ch.com_db = std::numeric_limits<double>::quiet_NaN();
        ch.pass = false;
    }
}

}  // namespace

ComAnalysis analyze_com(const Model& m, const ComAnalysisOptions& opt) {
    ComAnalysis r;
    if (std::string v = opt.validate(); !v.empty()) {
        r.status = ComAnalysisStatus::error;
        r.message = "invalid options: " + v;
        return r;
    }
    // 1. Find every link's measured channel; distinct channels in order of first use.
    Collector col(m, opt);
    std::vector<std::pair<std::size_t, int>> link_channel;  // (link index, channel)
    std::vector<const Link*> link_ptrs;
    std::size_t li = 0;
    for (auto [it, end] = boost::edges(m.graph()); it != end; ++it, ++li) {
        const Link& l = m.link(*it);
        link_ptrs.push_back(&l);
        auto [b, e] = m.segments(l);
        const Segment* ts = nullptr;
        std::size_t n_ts = 0;
        for (const Segment* s = b; s != e; ++s)
            if (m.segment_specs().at(s->spec).kind == SegKind::touchstone) {
                if (!ts) ts = s;
                ++n_ts;
            }
        if (!ts) {
            ++r.skipped;
            continue;
        }
        const int c = col.channel_of(ts->spec, l.profile);
        if (c == -1) {
            ++r.skipped;
            continue;
        }
        if (c >= 0 && n_ts > 1) {
            const SourceLoc loc = l.route < m.routes().size() ? m.routes()[l.route].loc : SourceLoc{};
            const std::string msg = m.where(loc) + ": a route with a COM channel holds one touchstone segment "
                                                   "(the ball-to-ball channel); this one has " +
                                    std::to_string(n_ts);
            if (std::find(col.errors.begin(), col.errors.end(), msg) == col.errors.end()) col.errors.push_back(msg);
            continue;
        }
        if (c >= 0) link_channel.emplace_back(li, c);
    }
    r.warnings = col.warnings;
    if (!col.errors.empty()) {
        r.status = ComAnalysisStatus::error;
        for (const auto& e : col.errors) r.message += e + "\n";
        return r;
    }

    // 2. COM of each distinct channel, in parallel (results land in their own slots, so the
    //    output does not depend on the thread count).
    const std::size_t n = col.jobs.size();
    std::vector<sg::ComResult> results(n);
    std::vector<std::string> crashes(n);
    std::atomic<std::size_t> next_job{0};
    auto work = [&] {
        for (std::size_t i = next_job++; i < n; i = next_job++) {
            const ChannelJob& j = col.jobs[i];
            std::vector<sg::Network> fext, next;
            for (const auto& p : j.fext) fext.push_back(*p);
            for (const auto& p : j.next) next.push_back(*p);
            try {
                results[i] = sg::compute_com(*j.params, *j.thru, fext, next);
            } catch (const std::exception& e) {
                crashes[i] = e.what();
            }
        }
    };
    unsigned workers = opt.threads ? opt.threads : sigint::available_cpus();
    workers = static_cast<unsigned>(std::min<std::size_t>(workers, std::max<std::size_t>(n, 1)));
    {
        std::vector<std::thread> pool;
        for (unsigned t = 1; t < workers; ++t) pool.emplace_back(work);
        work();
        for (auto& t : pool) t.join();
    }
    r.evaluations = n;
    r.channels = std::move(col.channels);
    std::vector<std::string> errors;
    for (std::size_t i = 0; i < n; ++i) {
        ComChannel& ch = r.channels[i];
        if (!crashes[i].empty()) {
            errors.push_back(ch.where + ": COM of '" + ch.thru + "': " + crashes[i]);
            continue;
        }
        fill(ch, results[i]);
        for (const auto& w : results[i].warnings)
            r.warnings.push_back(ch.where + ": warning: COM of '" + ch.thru + "': " + w);
        if (ch.status == sg::ComStatus::input_error)
            errors.push_back(ch.where + ": COM of '" + ch.thru + "': " + ch.message);
    }

    // 3. Links and link classes.
    detail::LinkClassIndex class_index;
    r.worst_com_db = std::numeric_limits<double>::infinity();
    for (const auto& [link, c] : link_channel) {
        const Link& l = *link_ptrs[link];
        ComChannel& ch = r.channels[static_cast<std::size_t>(c)];
        ++ch.links;
        LinkCom lc;
        lc.link = link;
        lc.port_a = l.port_a;
        lc.port_b = l.port_b;
        lc.profile = m.profile(l).name;
        if (l.route < m.routes().size()) {
            lc.route = m.routes()[l.route].name;
            lc.route_where = m.where(m.routes()[l.route].loc);
        }
        lc.channel = static_cast<std::size_t>(c);
        lc.com_db = ch.com_db;
        lc.pass = ch.pass;
        if (!lc.pass) ++r.failing;
        r.worst_com_db = std::min(r.worst_com_db, sort_key(lc.com_db));
        detail::add_to_link_class(r.classes, class_index, {l.route, l.profile}, lc,
                                  [](const LinkCom& a, const LinkCom& b) { return sort_key(a.com_db) < sort_key(b.com_db); });
        r.links.push_back(std::move(lc));
    }
    std::stable_sort(r.classes.begin(), r.classes.end(), [](const LinkClassCom& a, const LinkClassCom& b) {
        return sort_key(a.worst.com_db) < sort_key(b.worst.com_db);
    });
    if (r.links.empty()) r.worst_com_db = 0;
    if (!errors.empty()) {
        r.status = ComAnalysisStatus::error;
        for (const auto& e : errors) r.message += e + "\n";
        return r;
    }
    r.status = r.failing ? ComAnalysisStatus::fail : ComAnalysisStatus::ok;
    std::ostringstream os;
    os << r.links.size() << " COM links in " << r.classes.size() << " classes (" << n
       << " distinct channels evaluated); " << r.failing << " failing; " << r.skipped
       << " links without COM data";
    if (!r.links.empty()) os << "; worst COM " << r.worst_com_db << " dB";
    r.message = os.str();
    return r;
}

}  // namespace racklink::graphs
