// libFuzzer target: the TDMODE pulse-response CSV reader (sigint::read_pulse_csv). Any input must
// either give a pulse whose times increase and whose values are finite, with at least 3 samples,
// or throw std::invalid_argument (naming the file); nothing else (scripts/fuzz.sh pulse_csv).
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "sigint/com.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path =
        (std::filesystem::temp_directory_path() / ("racklink_pulse_fuzz_" + std::to_string(getpid()) + ".csv")).string();
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try {
        const racklink::sigint::PulseResponse pr = racklink::sigint::read_pulse_csv(path);
        if (pr.v.size() < 3 || pr.t_s.size() != pr.v.size()) std::abort();
        for (std::size_t i = 0; i < pr.v.size(); ++i) {
            if (!std::isfinite(pr.v[i]) || !std::isfinite(pr.t_s[i])) std::abort();
            if (i > 0 && !(pr.t_s[i] > pr.t_s[i - 1])) std::abort();
        }
        if (!(pr.dt_s > 0)) std::abort();
    } catch (const std::invalid_argument& e) {
        if (std::string(e.what()).rfind(path, 0) != 0) std::abort();  // errors name the file first
    }
    return 0;
}
