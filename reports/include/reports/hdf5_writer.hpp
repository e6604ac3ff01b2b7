#pragma once
/// One HDF5 writer for every RackLink result file (sweeps, report `results.h5`), over the HDF5
/// C API (kept private to the reports library). Conventions (docs/hdf5.md):
///  - the root group carries `schema_version` (integer) and `schema` (text, e.g.
///    "racklink.sweep") attributes;
///  - every numeric dataset carries a `units` string attribute (SI unit text, "1" for pure
///    numbers);
///  - datasets are little-endian IEEE doubles (or uint8 masks), C (row-major) order;
///  - the file is written to a temporary file next to the destination and renamed on
///    `commit()`; an abandoned writer leaves nothing behind.
/// These are I/O boundaries: failures throw `std::runtime_error` naming the file and object.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace racklink::reports {

struct Table;

/// Creates an HDF5 file atomically; objects are addressed by absolute paths ("/a/b/c").
class H5Writer {
public:
    /// Creates the temporary file and writes the root attributes `schema` and `schema_version`.
    H5Writer(std::string path, std::string_view schema, std::int64_t schema_version);
    ~H5Writer();
    H5Writer(const H5Writer&) = delete;
    H5Writer& operator=(const H5Writer&) = delete;

    /// Creates a group and any missing parents (no-op if it exists).
    void create_group(const std::string& path);
    /// A double dataset of shape `dims` (product must equal data.size(); empty dims = 1-D) with
    /// its `units` attribute. Missing parent groups are created.
    void write_dataset(const std::string& path, const std::vector<double>& data,
                       const std::vector<std::size_t>& dims, std::string_view units);
    /// A uint8 dataset (masks, flags); units "1".
    void write_mask(const std::string& path, const std::vector<std::uint8_t>& data,
                    const std::vector<std::size_t>& dims);
    /// A 1-D dataset of variable-length UTF-8 strings (names, labels).
    void write_strings(const std::string& path, const std::vector<std::string>& values);
    /// Attributes on an existing object ("/" for the root).
    void set_attribute(const std::string& object, const std::string& name, std::string_view value);
    void set_attribute(const std::string& object, const std::string& name, double value);
    void set_attribute(const std::string& object, const std::string& name, std::int64_t value);

    /// Closes the file and renames it into place.
    void commit();
    const std::string& path() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Writes a `Table` under `group`: string datasets `columns` and `rows`, a 2-D dataset
/// `values` [rows x columns] is NOT used because rows have different units; instead one 1-D
/// dataset per row (`group/<row name sanitized>`, values per column, `units` attribute,
/// `name`/`better`/`verdict` attributes). Missing values are NaN.
void write_table(H5Writer& w, const std::string& group, const Table& t);

/// Dataset/group name from free text: [A-Za-z0-9_.-] kept, others become `_`.
std::string h5_name(std::string_view text);

/// Minimal reader for tests, `--resume` checks and goldens.
class H5Reader {
public:
    explicit H5Reader(const std::string& path);
    ~H5Reader();
    H5Reader(const H5Reader&) = delete;
    H5Reader& operator=(const H5Reader&) = delete;

    bool exists(const std::string& path) const;
    /// Doubles of a dataset (any numeric type converted) and its shape.
    std::vector<double> read_doubles(const std::string& path,
                                     std::vector<std::size_t>* dims = nullptr) const;
    std::vector<std::string> read_strings(const std::string& path) const;
    std::string string_attribute(const std::string& object, const std::string& name) const;
    double number_attribute(const std::string& object, const std::string& name) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace racklink::reports
