#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "graphs/com_analysis.hpp"
#include "graphs/model.hpp"
#include "sigint/com.hpp"
#include "sigint/com_config.hpp"
#include "sigint/touchstone.hpp"

using namespace racklink::graphs;
namespace sg = racklink::sigint;

namespace {

const std::string kShared = std::string(RACKLINK_SHARED_DIR) + "/data/touchstone/";
const std::string kExample = std::string(RACKLINK_SOURCE_DIR) + "/examples/data/";

Param txt(const char* n, std::string t, SourceLoc loc = {}) { return {n, 0.0, std::move(t), true, loc}; }

/// Point-to-point links between switch chips whose route is one touchstone segment.
struct Builder {
    ModelBuilder b;
    uint32_t file = 0, prof = 0, route = 0;
    int n = 0;

    /// `dir`: the directory the description "lives" in (relative files are found there).
    explicit Builder(const std::string& dir, std::vector<Param> profile_params = {}) {
        file = b.add_file(dir + "model.rack");
        Profile p;
        p.name = "KR1";
        p.baud_hz = 53.125e9;
        p.nyquist_hz = 26.5625e9;
        p.loss_budget_db = 32.0;
        p.params = b.add_params(std::move(profile_params));
        prof = b.add_profile(p);
        route = b.add_route({"bp", {file, 3, 1}});
    }
    uint32_t spec(std::vector<Param> params, uint32_t line) {
        for (auto& p : params) p.loc = {file, line, 7};
        return b.add_segment_spec({SegKind::touchstone, "Meas", b.add_params(std::move(params)), {file, line, 3}});
    }
    void link(uint32_t spec_index, uint32_t route_index) {
        Vertex x = b.add_element({.kind = Kind::switch_chip, .name = "a[" + std::to_string(n) + "]"});
        Vertex y = b.add_element({.kind = Kind::switch_chip, .name = "b[" + std::to_string(n) + "]"});
        Link l;
        l.profile = prof;
        l.route = route_index;
        l.port_a = "a[" + std::to_string(n) + "].p";
        l.port_b = "b[" + std::to_string(n) + "].p";
        ++n;
        b.add_link(x, y, l, {{spec_index, 0, 1, -1}});
    }
};

sg::ComParams ck_kr() { return sg::resolve_com_params(sg::load_com_config("ck_kr")); }

}  // namespace

TEST_CASE("a text-list parameter splits into its items") {
    CHECK(split_text_list("").empty());
    CHECK(split_text_list("a.s4p") == std::vector<std::string>{"a.s4p"});
    CHECK(split_text_list("a.s4p\nb c.s4p\nd.s4p") == std::vector<std::string>{"a.s4p", "b c.s4p", "d.s4p"});
}

TEST_CASE("the COM of a measured link equals compute_com on the same file") {
    Builder nb(kShared);
    const uint32_t s = nb.spec({txt("file", "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p"), txt("com", "ck_kr")}, 8);
    nb.link(s, nb.route);
    Model m = std::move(nb.b).finish();
    ComAnalysis r = analyze_com(m);
    INFO(r.message);
    REQUIRE(r.status == ComAnalysisStatus::ok);
    REQUIRE(r.links.size() == 1);
    REQUIRE(r.channels.size() == 1);
    const sg::ComResult direct =
        sg::compute_com(ck_kr(), sg::read_touchstone(kShared + "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p"), {}, {});
    REQUIRE(direct.ok());
    const ComChannel& ch = r.channels[0];
    REQUIRE(ch.cases.size() == direct.cases.size());
    for (std::size_t k = 0; k < ch.cases.size(); ++k) {
        CHECK(ch.cases[k].com_db == direct.cases[k].com_db);
        CHECK(ch.cases[k].fom_db == direct.cases[k].fom_db);
        CHECK(ch.cases[k].as_mv == direct.cases[k].as_mv);
        CHECK(ch.cases[k].ani_mv == direct.cases[k].ani_mv);
        CHECK(ch.cases[k].pass == direct.cases[k].pass);
    }
    CHECK(r.links[0].com_db == direct.min_com_db());
    CHECK(r.worst_com_db == direct.min_com_db());
    // `racklink com ck_kr TEC_..._4in.s4p` gives 7.102 dB (case 1) and 7.128 dB (case 2) (official 802.3ck KR sheet).
    CHECK(r.links[0].com_db == Approx(7.102).margin(5e-4));
    CHECK(ch.pass);
    CHECK(ch.threshold_db == 3.0);
    CHECK(r.classes.size() == 1);
    CHECK(r.classes[0].route_where == m.files()[0] + ":3:1");
    CHECK(ch.where == m.files()[0] + ":8:3");
}

TEST_CASE("NEXT and FEXT aggressors reach compute_com in their order, and the profile's com applies") {
    Builder nb(kExample, {txt("com", "ck_kr")});
    const uint32_t s = nb.spec({txt("file", "bp_long_thru.s4p"), txt("next", "card_next.s4p"),
                                txt("fext", "bp_long_fext.s4p\nbp_short_fext.s4p")},
                               8);
    nb.link(s, nb.route);
    Model m = std::move(nb.b).finish();
    ComAnalysis r = analyze_com(m);
    INFO(r.message);
    REQUIRE(r.status != ComAnalysisStatus::error);
    const sg::ComResult direct = sg::compute_com_files(ck_kr(), kExample + "bp_long_thru.s4p",
                                                       {kExample + "bp_long_fext.s4p", kExample + "bp_short_fext.s4p"},
                                                       {kExample + "card_next.s4p"});
    REQUIRE(direct.ok());
    REQUIRE(r.channels.size() == 1);
    CHECK(r.channels[0].next.size() == 1);
    CHECK(r.channels[0].fext.size() == 2);
    CHECK(r.channels[0].icn_mv == direct.icn_mv);
    CHECK(r.channels[0].icn_mv > 0.5);  // the aggressors count
    CHECK(r.links[0].com_db == direct.min_com_db());
    CHECK(r.links[0].pass == (direct.min_com_db() >= 3.0));
}

TEST_CASE("links sharing one measured channel evaluate COM once") {
    Builder nb(kExample, {txt("com", "ck_kr")});
    const uint32_t near = nb.spec({txt("file", "bp_short_thru.s4p")}, 8);
    // A second spec naming the same files (another part, same channel) shares the evaluation.
    const uint32_t near2 = nb.spec({txt("file", "bp_short_thru.s4p"), txt("source", "copy")}, 9);
    const uint32_t far = nb.spec({txt("file", "bp_long_thru.s4p")}, 10);
    const uint32_t route_far = nb.b.add_route({"far", {nb.file, 4, 1}});
    for (int i = 0; i < 10; ++i) nb.link(i % 2 ? near : near2, nb.route);
    for (int i = 0; i < 5; ++i) nb.link(far, route_far);
    Model m = std::move(nb.b).finish();
    ComAnalysis r = analyze_com(m);
    INFO(r.message);
    REQUIRE(r.status != ComAnalysisStatus::error);
    CHECK(r.links.size() == 15);
    CHECK(r.evaluations == 2);
    REQUIRE(r.channels.size() == 2);
    CHECK(r.channels[0].links == 10);
    CHECK(r.channels[1].links == 5);
    // Worst class first: the long channel has more loss and less COM.
    REQUIRE(r.classes.size() == 2);
    CHECK(r.classes[0].route == "far");
    CHECK(r.classes[0].links == 5);
    CHECK(r.classes[1].links == 10);
    CHECK(r.classes[0].worst.com_db < r.classes[1].worst.com_db);
    CHECK(r.worst_com_db == r.classes[0].worst.com_db);
}

TEST_CASE("COM over two threads equals COM over one") {
    Builder nb(kExample, {txt("com", "ck_kr")});
    const std::vector<uint32_t> specs = {
        nb.spec({txt("file", "bp_short_thru.s4p"), txt("fext", "bp_short_fext.s4p")}, 8),
        nb.spec({txt("file", "bp_long_thru.s4p"), txt("next", "card_next.s4p")}, 9),
        nb.spec({txt("file", "bp_long_thru.s4p")}, 10),
    };
    for (int i = 0; i < 9; ++i) nb.link(specs[static_cast<std::size_t>(i) % 3], nb.route);
    Model m = std::move(nb.b).finish();
    ComAnalysisOptions one, two;
    one.threads = 1;
    two.threads = 2;
    ComAnalysis a = analyze_com(m, one), b = analyze_com(m, two);
    REQUIRE(a.status != ComAnalysisStatus::error);
    REQUIRE(a.channels.size() == 3);
    REQUIRE(b.channels.size() == 3);
    for (std::size_t c = 0; c < 3; ++c) {
        CHECK(a.channels[c].thru == b.channels[c].thru);
        REQUIRE(a.channels[c].cases.size() == b.channels[c].cases.size());
        for (std::size_t k = 0; k < a.channels[c].cases.size(); ++k) {
            CHECK(a.channels[c].cases[k].com_db == b.channels[c].cases[k].com_db);
            CHECK(a.channels[c].cases[k].ani_mv == b.channels[c].cases[k].ani_mv);
        }
    }
    REQUIRE(a.links.size() == b.links.size());
    for (std::size_t i = 0; i < a.links.size(); ++i) {
        CHECK(a.links[i].channel == b.links[i].channel);
        CHECK(a.links[i].com_db == b.links[i].com_db);
    }
    CHECK(a.message == b.message);
}

TEST_CASE("links without COM data are counted and skipped") {
    Builder nb(kExample);
    const uint32_t plain = nb.spec({txt("file", "bp_short_thru.s4p")}, 8);  // no com, next, fext
    const uint32_t trace = nb.b.add_segment_spec({SegKind::pcb_trace, "T", nb.b.add_params({}), {nb.file, 9, 3}});
    nb.link(plain, nb.route);
    nb.link(trace, nb.route);
    Model m = std::move(nb.b).finish();
    ComAnalysis r = analyze_com(m);
    CHECK(r.status == ComAnalysisStatus::ok);
    CHECK(r.skipped == 2);
    CHECK(r.links.empty());
    CHECK(r.evaluations == 0);
    // A configuration on the command line makes every touchstone channel a COM channel.
    ComAnalysisOptions o;
    o.config = "ck_kr";
    ComAnalysis with = analyze_com(m, o);
    INFO(with.message);
    CHECK(with.skipped == 1);
    CHECK(with.links.size() == 1);
    CHECK(with.evaluations == 1);
}

TEST_CASE("missing files, wrong port counts and unknown configurations are errors with locations") {
    Builder nb(kShared);
    const std::string where = nb.b.peek().files()[0];
    nb.link(nb.spec({txt("file", "missing.s4p"), txt("com", "ck_kr")}, 8), nb.route);
    nb.link(nb.spec({txt("file", "cable.s2p"), txt("com", "ck_kr")}, 9), nb.route);
    nb.link(nb.spec({txt("file", "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p"), txt("com", "ck_kr"),
                     txt("next", "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p\nnope.s4p")},
                    10),
            nb.route);
    nb.link(nb.spec({txt("file", "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p"), txt("com", "ck_krr")}, 11), nb.route);
    nb.link(nb.spec({txt("file", "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p"), txt("fext", "cable.s2p")}, 12), nb.route);
    Model m = std::move(nb.b).finish();
    ComAnalysis r = analyze_com(m);
    INFO(r.message);
    REQUIRE(r.status == ComAnalysisStatus::error);
    CHECK(r.message.find(where + ":8:7: cannot find Touchstone file 'missing.s4p' (file)") != std::string::npos);
    CHECK(r.message.find(where + ":9:7: Touchstone file '" + kShared +
                         "cable.s2p' has 2 ports; COM needs a single-ended 4-port (.s4p)") != std::string::npos);
    CHECK(r.message.find(where + ":10:7: cannot find Touchstone file 'nope.s4p' (next)") != std::string::npos);
    CHECK(r.message.find(where + ":11:7: COM configuration 'ck_krr'") != std::string::npos);
    CHECK(r.message.find("presets: ck_kr") != std::string::npos);
    CHECK(r.message.find(where + ":12:3: no COM configuration for this measured channel") != std::string::npos);
    CHECK(r.links.empty());
}

TEST_CASE("invalid options are reported, not thrown") {
    Model m = ModelBuilder().finish();
    ComAnalysisOptions o;
    o.config_set = {{"", "1"}};
    ComAnalysis r = analyze_com(m, o);
    CHECK(r.status == ComAnalysisStatus::error);
    CHECK(r.message.find("invalid options") == 0);
    o = {};
    o.config = "no_such_preset";
    r = analyze_com(m, o);
    CHECK(r.status == ComAnalysisStatus::ok);  // no touchstone channels: nothing to configure
}

TEST_CASE("a receiver-calibration configuration is refused over a system, at the link that names it") {
    // RX_CALIBRATION needs a test channel and a noise path (racklink com --noise-path); over a
    // system's links it would fail per link with "exactly one noise-path channel"
    Builder nb(kShared);
    const std::string where = nb.b.peek().files()[0];
    nb.link(nb.spec({txt("file", "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p"), txt("com", "kr4_c93")}, 8), nb.route);
    Model m = std::move(nb.b).finish();
    ComAnalysisOptions o;
    o.config_set = {{"RX_CALIBRATION", "1"}};
    ComAnalysis r = analyze_com(m, o);
    REQUIRE(r.status == ComAnalysisStatus::error);
    CHECK(r.message.find(where + ":8:7: COM configuration 'kr4_c93'") != std::string::npos);
    CHECK(r.message.find("RX_CALIBRATION = 1 calibrates a receiver test's noise source") != std::string::npos);
    CHECK(r.links.empty());
    // TDMODE reads pulse-response CSV files, which a system's Touchstone links are not
    o.config_set = {{"TDMODE", "1"}};
    r = analyze_com(m, o);
    REQUIRE(r.status == ComAnalysisStatus::error);
    CHECK(r.message.find("TDMODE = 1 reads pulse-response CSV files; a system's links are Touchstone channels") !=
          std::string::npos);
}
