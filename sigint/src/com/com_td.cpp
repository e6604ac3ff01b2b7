// TDMODE input: pulse responses from CSV files (the IEEE COM reference's get_TD_files /
// read_PR_files read them with MATLAB `load`: numeric columns, time then voltage).
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "sigint/com.hpp"

namespace racklink::sigint {

namespace {
bool is_separator(char c) { return c == ',' || c == ';' || c == ' ' || c == '\t' || c == '\r'; }
}  // namespace

PulseResponse read_pulse_csv(const std::string& path) {
    {  // a Touchstone file given by mistake: say so rather than fail on its numbers
        const std::size_t dot = path.find_last_of('.');
        std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
        for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (ext.size() >= 3 && ext.front() == 's' && ext.back() == 'p' &&
            ext.find_first_not_of("0123456789", 1) == ext.size() - 1)
            throw std::invalid_argument(path + ": TDMODE = 1 reads pulse-response CSV files (time s, voltage V), not "
                                               "Touchstone files; set TDMODE = 0 for S-parameters");
    }
    std::ifstream in(path);
    if (!in) throw std::invalid_argument(path + ": cannot open the pulse-response file");
    PulseResponse pr;
    pr.name = path;
    std::string line;
    long line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        std::size_t i = 0;
        while (i < line.size() && is_separator(line[i])) ++i;
        if (i == line.size() || line[i] == '%' || line[i] == '#' || line[i] == '!') continue;
        double col[2] = {0, 0};
        int ncol = 0;
        while (i < line.size() && ncol < 2) {
            const char* start = line.c_str() + i;
            char* end = nullptr;
            errno = 0;
            const double v = std::strtod(start, &end);
            if (end == start || !std::isfinite(v) || errno == ERANGE)
                throw std::invalid_argument(path + ":" + std::to_string(line_no) + ":" +
                                            std::to_string(i + 1) + ": expected a number (time in s, voltage in V), got `" +
                                            line.substr(i, 20) + "`");
            col[ncol++] = v;
            i += static_cast<std::size_t>(end - start);
            if (i < line.size() && !is_separator(line[i]))
                throw std::invalid_argument(path + ":" + std::to_string(line_no) + ":" + std::to_string(i + 1) +
                                            ": expected a comma or a blank after the number");
            while (i < line.size() && is_separator(line[i])) ++i;
        }
        if (ncol < 2)
            throw std::invalid_argument(path + ":" + std::to_string(line_no) +
                                        ": a sample needs two columns, time (s) and voltage (V)");
        if (!pr.t_s.empty() && !(col[0] > pr.t_s.back()))
            throw std::invalid_argument(path + ":" + std::to_string(line_no) + ": the time (" + std::to_string(col[0]) +
                                        " s) does not increase");
        pr.t_s.push_back(col[0]);
        pr.v.push_back(col[1]);
    }
    if (pr.v.size() < 3)
        throw std::invalid_argument(path + ": a pulse response needs at least 3 samples, the file has " +
                                    std::to_string(pr.v.size()));
    pr.dt_s = pr.t_s[1] - pr.t_s[0];  // read_PR_files: dt = vt(2,1) - vt(1,1)
    return pr;
}

}  // namespace racklink::sigint
