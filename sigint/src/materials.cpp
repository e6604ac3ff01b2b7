#include "sigint/materials.hpp"

#include <array>
#include <cmath>

namespace racklink::sigint {

namespace {

// Laminates. Dk/Df per the manufacturer's datasheet class at the stated frequency.
constexpr std::array<Laminate, 7> kLaminates{{
    {"fr4", 4.0, 0.022, 10e9,
     "generic FR-4 (IPC-4101/21 class); Isola 370HR datasheet: Dk 3.92, Df 0.025 at 10 GHz"},
    {"megtron6", 3.40, 0.0040, 12e9, "Panasonic MEGTRON 6 R-5775 datasheet: Dk 3.4, Df 0.004 at 12 GHz"},
    {"megtron7", 3.35, 0.0020, 12e9, "Panasonic MEGTRON 7 R-5785 datasheet: Dk 3.35, Df 0.002 at 12 GHz"},
    {"megtron8", 3.08, 0.0012, 14e9, "Panasonic MEGTRON 8 R-5795 datasheet: Dk 3.08, Df 0.0012 at 14 GHz"},
    {"tachyon100g", 3.02, 0.0021, 10e9, "Isola Tachyon 100G datasheet: Dk 3.02, Df 0.0021 at 10 GHz"},
    {"m9", 3.00, 0.0011, 10e9,
     "M9-class ultra-low-loss grade, representative of EMC EM-892K2 / TUC TU-993 datasheets: Df ~0.001 at 10 GHz"},
    {"abf_gl102", 3.30, 0.0044, 5.8e9, "Ajinomoto ABF GL102 package build-up film datasheet: Dk 3.3, Df 0.0044 at 5.8 GHz"},
}};

// Copper foil classes (IPC-4562A profile classes). Rq for Hammerstad; Huray snowball radius
// and surface ratio chosen so the high-frequency limit 1 + 1.5 SR matches the measured
// roughness factors reported for each class (Huray et al., "Impact of copper surface texture on
// loss: a model that works", DesignCon 2010; foil Rz from Mitsui/Furukawa HVLP datasheets).
constexpr std::array<Foil, 7> kFoils{{
    {"std", 1.8e-6, 1.0e-6, 1.33, "standard ED foil, Rz ~8 um"},
    {"rtf", 1.2e-6, 0.8e-6, 0.80, "reverse-treated foil, Rz ~5 um"},
    {"hvlp", 0.6e-6, 0.5e-6, 0.40, "HVLP, Rz ~3 um"},
    {"hvlp2", 0.4e-6, 0.4e-6, 0.30, "HVLP2, Rz ~2 um"},
    {"hvlp3", 0.3e-6, 0.35e-6, 0.20, "HVLP3, Rz ~1.5 um"},
    {"hvlp4", 0.2e-6, 0.3e-6, 0.13, "HVLP4, Rz ~1 um"},
    {"hvlp5", 0.1e-6, 0.25e-6, 0.08, "HVLP5, Rz ~0.6 um"},
}};

// Twinax insulation. Polyethylene and PTFE values: A. von Hippel, "Dielectric Materials and
// Applications", 1954, tables at 3-10 GHz; FEP: DuPont Teflon FEP datasheet.
constexpr std::array<TwinaxDielectric, 4> kTwinaxDielectrics{{
    {"foam_pe", 1.60, 0.00020, "foamed PE (~50% expansion); solid PE Df 2e-4 (von Hippel)"},
    {"solid_pe", 2.26, 0.00030, "polyethylene (von Hippel)"},
    {"fep", 2.05, 0.00070, "DuPont Teflon FEP datasheet"},
    {"ptfe", 2.10, 0.00020, "PTFE (von Hippel; DuPont Teflon PTFE datasheet)"},
}};

template <class T, std::size_t N>
std::optional<T> find_in(const std::array<T, N>& table, std::string_view name) {
    for (const T& t : table)
        if (t.name == name) return t;
    return std::nullopt;
}

}  // namespace

std::span<const Laminate> laminates() { return kLaminates; }
std::optional<Laminate> find_laminate(std::string_view name) { return find_in(kLaminates, name); }
std::span<const Foil> foils() { return kFoils; }
std::optional<Foil> find_foil(std::string_view name) { return find_in(kFoils, name); }
std::span<const TwinaxDielectric> twinax_dielectrics() { return kTwinaxDielectrics; }
std::optional<TwinaxDielectric> find_twinax_dielectric(std::string_view name) {
    return find_in(kTwinaxDielectrics, name);
}

double awg_diameter_m(double awg) { return 0.127e-3 * std::pow(92.0, (36.0 - awg) / 39.0); }

}  // namespace racklink::sigint
