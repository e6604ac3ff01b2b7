#pragma once
/// Touchstone reader and writer.
///
/// Reads Touchstone 1.x (`.sNp`, port count from the extension) and 2.0/2.1 (`[Version] 2.0`)
/// files: any port count; RI, MA and DB formats; Hz/kHz/MHz/GHz/THz; option-line tokens in any
/// order (`# MHz MA S R 50` is legal); comments and port-name comments (`! Port[1] = name`);
/// `[Number of Ports]`, `[Two-Port Data Order]`, `[Number of Frequencies]`, `[Reference]` (may
/// span lines), `[Matrix Format]` Full/Upper/Lower, `[Mixed-Mode Order]`, `[Network Data]`,
/// `[Noise Data]` and 1.x two-port noise blocks (skipped), `[Begin/End Information]` (skipped),
/// `[End]`. Y, Z, H and G data are converted to S (1.x values normalized to R, 2.0 values in
/// ohms/siemens, as the specification says).
///
/// Reference: IBIS Open Forum, "Touchstone File Format Specification", Version 2.0 (2009) and
/// 2.1 (2024); Version 1.1 (2002) for the 1.x rules.
///
/// Malformed input raises TouchstoneError with the file, the 1-based line and what was expected;
/// the reader never crashes on any input (it is fuzzed: fuzz/touchstone_fuzz.cpp).

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "sigint/network.hpp"

namespace racklink::sigint {

/// A malformed Touchstone file: `what()` is "file:line: message".
class TouchstoneError : public std::runtime_error {
public:
    TouchstoneError(std::string file, int line, std::string message);
    const std::string& file() const { return file_; }
    int line() const { return line_; }  ///< 1-based; 0 when the error is not tied to a line
    const std::string& message() const { return message_; }

private:
    std::string file_;
    int line_ = 0;
    std::string message_;
};

/// How a Touchstone file is read.
struct TouchstoneReadOptions {
    /// Threads for the network data of large files (at least `min_chunk_bytes` of data per
    /// thread; smaller files are read on the calling thread): 0 = sigint::available_cpus() (the
    /// CPUs this process may run on), 1 = serial. The result does not depend on it (same scanner
    /// and conversion on every path).
    unsigned threads = 0;
    /// Least data per thread: below ~128 KiB starting a thread costs more than it saves (tests
    /// and the fuzzer set 1 to force the parallel path on small inputs).
    std::size_t min_chunk_bytes = 128 * 1024;
    /// When set, receives the number of threads the network data were read with (1 = serial,
    /// also when the parallel path handed the file back to the serial parser).
    unsigned* threads_used = nullptr;
};

/// Reads a Touchstone file. Throws TouchstoneError (also when the file cannot be opened).
Network read_touchstone(const std::string& path, const TouchstoneReadOptions& options = {});

/// Parses Touchstone text. `name` is used in errors and as the network name; `ports_hint` is
/// the port count of a 1.x file (from its `.sNp` extension); when 0 it is taken from `name`'s
/// extension, and 2.0 files carry `[Number of Ports]`.
Network parse_touchstone(std::string_view text, const std::string& name, int ports_hint = 0,
                         const TouchstoneReadOptions& options = {});

/// The port count a `.sNp` / `.SNP` file name implies, or 0 (e.g. `.ts`).
int ports_from_extension(std::string_view path);

enum class TouchstoneVersion { v1, v2 };
enum class DataFormat { ri, ma, db };

struct TouchstoneWriteOptions {
    TouchstoneVersion version = TouchstoneVersion::v1;
    DataFormat format = DataFormat::ri;
    double freq_unit_hz = 1e9;  ///< 1, 1e3, 1e6 or 1e9 (written as Hz, kHz, MHz, GHz); Hz when some frequency would not survive the scaling exactly (f / unit * unit != f), so a written file reads back bit for bit
    int significant_digits = 0; ///< 0: shortest round-trip form; else that many digits (%.Ng)
};

/// Touchstone text for a network. Version 1 needs one reference impedance for all ports
/// (throws std::invalid_argument otherwise); version 2 writes `[Reference]` per port.
/// Values are written with round-trip precision unless `significant_digits` is set.
std::string format_touchstone(const Network& net, const TouchstoneWriteOptions& opt = {});

/// Writes `format_touchstone` to `path` via a temporary file and a rename (never a half-written
/// file). Throws TouchstoneError (line 0) when the file cannot be written.
void write_touchstone(const Network& net, const std::string& path,
                      const TouchstoneWriteOptions& opt = {});

}  // namespace racklink::sigint
