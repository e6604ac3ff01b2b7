#include "sigint/profiles.hpp"

#include <array>
#include <cctype>
#include <string>

namespace racklink::sigint {

namespace {
// Budgets (bump to bump, at Nyquist):
//  112G-class: IEEE 802.3ck-2022 100GBASE-KR1 (Annex 163A: 28 dB ball to ball at 26.5625 GHz) plus
//    the COM reference packages (~2 dB per end) -> 32 dB; OIF CEI-112G-LR-PAM4 is the same class.
//  224G-class: IEEE P802.3dj 200GBASE-KR1 / OIF CEI-224G-LR objective of ~40 dB bump to bump at
//    53.125 GHz (task-force baseline channels).
//  448G what-if: 212.5 GBd PAM4, the same 40 dB equalization capability assumed (no standard yet).
// Reference host ends (RackLink assumptions, stated so reach tables can be reproduced):
//  package 2.5 / 4.0 / 6.0 dB per end (~25 mm substrate trace + bump/ball transitions),
//  3 in (76.2 mm) Megtron 7 HVLP4 host trace, connector + paddle card 1.75 dB at 26.5625 GHz
//  (2.99 dB at 53.125 GHz, 5.4 dB at 106.25 GHz by lumped_loss_db scaling).
// Energy per bit: published LR SerDes of each class, ~5 pJ/bit (ISSCC 2022-2024 112G/224G LR).
constexpr std::array<SerdesProfile, 3> kProfiles{{
    {"112G", 53.125e9, 2, 100e9, 26.5625e9, 32.0, 5.0e-12, "rs544", 2.5, 0.0762, 1.75,
     "IEEE 802.3ck-2022 Annex 163A (100GBASE-KR1) + reference packages; OIF CEI-112G-LR-PAM4"},
    {"224G", 106.25e9, 2, 200e9, 53.125e9, 40.0, 5.5e-12, "rs544", 4.0, 0.0762, 2.99,
     "IEEE P802.3dj 200GBASE-KR1 / OIF CEI-224G-LR objective (~40 dB bump to bump)"},
    {"448G", 212.5e9, 2, 400e9, 106.25e9, 40.0, 6.0e-12, "rs544", 6.0, 0.0762, 5.4,
     "what-if: 448G PAM4 at 212.5 GBd with a 224G-class equalizer budget"},
}};
}  // namespace

std::span<const SerdesProfile> serdes_profiles() { return kProfiles; }

std::optional<SerdesProfile> find_profile(std::string_view name) {
    std::string n;
    for (char c : name) n += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (n.size() > 6 && n.substr(n.size() - 6) == "-CLASS") n.resize(n.size() - 6);
    for (const auto& p : kProfiles)
        if (p.name == n) return p;
    return std::nullopt;
}

}  // namespace racklink::sigint
