#include <catch2/catch.hpp>

#include <cmath>
#include <memory>

#include "sigint/ber.hpp"
#include "sigint/channel.hpp"
#include "sigint/touchstone.hpp"

using namespace racklink::sigint;

namespace {
Segment lumped(SegmentKind k, double db, double count = 1) {
    Segment s;
    s.kind = k;
    s.loss_db = db;
    s.count = count;
    return s;
}
Segment twinax(double m) {
    Segment s;
    s.kind = SegmentKind::twinax;
    s.length_m = m;
    s.twinax = {26, *find_twinax_dielectric("foam_pe")};
    return s;
}
}  // namespace

TEST_CASE("PAM4 symbol and bit error ratios match the closed form") {
    // SER = 1.5 Q(sqrt(SNR/5)); golden values from Python math.erfc.
    CHECK(pam_ber(15.0) == Approx(0.004465400360833999).epsilon(1e-9));
    CHECK(pam_ber(18.0) == Approx(0.00014318083055699486).epsilon(1e-9));
    CHECK(pam_ber(20.0) == Approx(2.904081161641536e-06).epsilon(1e-9));
    CHECK(pam_ser(18.0) == Approx(2 * pam_ber(18.0)));
    CHECK(pam_ber(snr_for_ber_db(kKp4PreFecBerThreshold)) == Approx(kKp4PreFecBerThreshold).epsilon(1e-6));
}

TEST_CASE("RS(544,514) frame loss and post-FEC BER match the binomial tail") {
    // Golden: Python math.comb sum over i = 16..544 with p_s = 1 - (1 - BER)^10.
    CHECK(rs_frame_loss_ratio(2.4e-4) == Approx(8.151573399341547e-13).epsilon(1e-6));
    CHECK(rs_frame_loss_ratio(1e-4) == Approx(1.3598110647617593e-18).epsilon(1e-6));
    CHECK(rs_post_fec_ber(2.4e-4) == Approx(2.409490494697588e-15).epsilon(1e-6));
    CHECK(rs_frame_loss_ratio(0) == 0.0);
    CHECK(rs_frame_loss_ratio(0.5) == Approx(1.0));
}

TEST_CASE("the SNR model puts a channel at its budget near BER 1e-5 and worsens with loss") {
    const double at_budget = pam_ber(channel_snr_db(40, 40));
    CHECK(at_budget > 3e-6);
    CHECK(at_budget < 3e-5);
    CHECK(pam_ber(channel_snr_db(45, 40)) > kKp4PreFecBerThreshold);
    CHECK(pam_ber(channel_snr_db(30, 40)) < at_budget);
}

TEST_CASE("a channel's IL is the sum of its segments and margin is budget minus IL") {
    std::vector<Segment> ch = {lumped(SegmentKind::package, 4.0), twinax(1.0), lumped(SegmentKind::connector, 1.5, 2),
                               lumped(SegmentKind::package, 4.0)};
    ChannelResult r = evaluate_channel(ch, {.nyquist_hz = 53.125e9, .budget_db = 40});
    const double cable = twinax_loss_db_per_m(ch[1].twinax, 53.125e9);
    REQUIRE(r.runs.size() == 1);
    CHECK(r.runs[0].il_db == Approx(8.0 + 3.0 + cable));
    CHECK(r.worst_margin_db == Approx(40 - 11 - cable));
    CHECK(r.pass);
    auto il = channel_il_db(ch, {26.5625e9, 53.125e9}, 53.125e9);
    CHECK(il[1] == Approx(r.runs[0].il_db));
    CHECK(il[0] < il[1]);
}

TEST_CASE("a retimer splits a channel into two runs, each with its own budget, and adds power and latency") {
    Segment rt;
    rt.kind = SegmentKind::retimer;
    rt.power_w = 0.2;
    rt.latency_s = 5e-9;
    std::vector<Segment> ch = {lumped(SegmentKind::package, 20.0), rt, lumped(SegmentKind::package, 30.0)};
    ChannelResult r = evaluate_channel(ch, {.nyquist_hz = 53.125e9, .budget_db = 32});
    REQUIRE(r.runs.size() == 2);
    CHECK(r.runs[0].margin_db == Approx(12));
    CHECK(r.runs[1].margin_db == Approx(2));
    CHECK(r.worst_run == 1);
    CHECK(r.pass);
    CHECK(r.latency_s == Approx(5e-9));
    CHECK(r.power_w == Approx(0.2));
    // Without the retimer the same 50 dB fails a 32 dB budget by 18 dB.
    ChannelResult bare = evaluate_channel({ch[0], ch[2]}, {.nyquist_hz = 53.125e9, .budget_db = 32});
    CHECK(bare.worst_margin_db == Approx(-18));
    CHECK_FALSE(bare.pass);
}

TEST_CASE("an optical run between two engines gets an optical margin") {
    Segment oe;
    oe.kind = SegmentKind::optical_engine;
    oe.energy_j_per_bit = 3e-12;
    Segment fib;
    fib.kind = SegmentKind::fiber;
    fib.length_m = 100;
    std::vector<Segment> ch = {lumped(SegmentKind::package, 2.0), oe, fib, oe, lumped(SegmentKind::package, 2.0)};
    ChannelResult r = evaluate_channel(ch, {.nyquist_hz = 53.125e9, .budget_db = 40});
    REQUIRE(r.runs.size() == 3);
    CHECK(r.runs[1].optical);
    CHECK(r.runs[1].fiber_m == 100);
    OpticalBudget b = optical_budget(oe.optical, oe.optical, fib.fiber, 100);
    CHECK(r.runs[1].margin_db == Approx(b.margin_db));
    CHECK(b.margin_db == Approx(16 - 10 * std::log10(8.0) - 1.5 - 5 - 1 - 0.05 - 1.5 - 2 + 6));
    CHECK(r.energy_j_per_bit == Approx(6e-12));
}

TEST_CASE("a Touchstone segment contributes its SDD21 loss") {
    Network se = read_touchstone(std::string(RACKLINK_SHARED_DIR) + "/data/touchstone/TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p");
    Segment s;
    s.kind = SegmentKind::touchstone;
    s.sdd = std::make_shared<Network>(to_mixed_mode(se).sdd_network());
    // scikit-rf: SDD21 = -8.459807 dB at 26.5625 GHz (tests/sigint/test_network.cpp).
    CHECK(segment_il_db(s, 26.5625e9, 26.5625e9) == Approx(8.459807).margin(1e-3));
    CHECK(segment_il_db(s, 60e9, 26.5625e9) == Approx(segment_il_db(s, 42e9, 26.5625e9)));  // held at the edge
}
