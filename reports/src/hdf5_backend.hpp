#pragma once
// The HDF5 backend interface (private to the reports library). All HDF5 C API calls live in
// the loadable module `racklink-hdf5` (hdf5_backend.cpp), which hdf5_writer.cpp opens with
// dlopen(3) the first time a command writes or reads an HDF5 file. Commands that never touch
// HDF5 (check, com, sigint, ...) therefore do not load libhdf5 and the ~35 libraries it pulls
// in (curl, gnutls, krb5, ldap, ...): that loading was ~5.5 ms of every process start (racklink --version: 9.0 -> 3.4 ms CPU).
// Errors cross the boundary as std::runtime_error (one libstdc++ for both sides).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace racklink::reports::h5 {

/// Bumped whenever the interface below changes; the loader refuses a module of another version.
inline constexpr int kAbiVersion = 1;

/// An open HDF5 file being written (at a temporary path; the front end renames it).
class FileWriter {
public:
    virtual ~FileWriter() = default;
    virtual void create_group(const std::string& path) = 0;
    /// `dims` empty = 1-D of n values; the product of dims must equal n.
    virtual void write_doubles(const std::string& path, const double* data, std::size_t n,
                               const std::vector<std::size_t>& dims) = 0;
    virtual void write_u8(const std::string& path, const std::uint8_t* data, std::size_t n,
                          const std::vector<std::size_t>& dims) = 0;
    virtual void write_strings(const std::string& path, const std::vector<std::string>& values) = 0;
    virtual void set_text(const std::string& object, const std::string& name, const std::string& value) = 0;
    virtual void set_double(const std::string& object, const std::string& name, double value) = 0;
    virtual void set_int64(const std::string& object, const std::string& name, std::int64_t value) = 0;
    /// Flushes and closes the file; throws if HDF5 reports an error.
    virtual void close() = 0;
};

/// An HDF5 file open for reading.
class FileReader {
public:
    virtual ~FileReader() = default;
    virtual bool exists(const std::string& path) const = 0;
    virtual std::vector<double> read_doubles(const std::string& path, std::vector<std::size_t>* dims) const = 0;
    virtual std::vector<std::string> read_strings(const std::string& path) const = 0;
    virtual std::string string_attribute(const std::string& object, const std::string& name) const = 0;
    virtual double number_attribute(const std::string& object, const std::string& name) const = 0;
};

/// What the module exports (by the C symbol `racklink_hdf5_api`).
struct Api {
    int abi_version;
    /// Creates `file_path` (truncating); `display_name` names the file in error messages.
    FileWriter* (*open_writer)(const std::string& file_path, const std::string& display_name);
    FileReader* (*open_reader)(const std::string& path);
};

}  // namespace racklink::reports::h5

extern "C" const racklink::reports::h5::Api* racklink_hdf5_api();
