#pragma once
/// Atomic output files: every RackLink output is written to a temporary file in the same
/// directory and renamed over the destination only when it is complete, so a failed or
/// interrupted run never leaves a partial file (POSIX rename(2) is atomic within one file
/// system). These are I/O boundaries: failures throw `std::runtime_error` naming the path.

#include <functional>
#include <string>
#include <string_view>

namespace racklink::reports {

/// A temporary file `<dir>/.<name>.tmp-<pid>-<n>` next to `path`. `commit()` fsyncs and renames
/// it to `path`; destroying it without `commit()` removes the temporary file.
class AtomicFile {
public:
    explicit AtomicFile(std::string path);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    /// The destination path.
    const std::string& path() const { return path_; }
    /// The temporary path to write (by any means: stream, HDF5, gnuplot).
    const std::string& temp_path() const { return temp_path_; }
    /// Makes the temporary file the destination. Throws if the file is missing or the rename
    /// fails (the temporary file is then removed).
    void commit();
    /// Removes the temporary file now (idempotent).
    void abandon();

private:
    std::string path_;
    std::string temp_path_;
    bool done_ = false;
};

/// Writes `content` to `path` atomically.
void write_file_atomic(const std::string& path, std::string_view content);

/// Calls `write(temp_path)` and then commits; if `write` throws, the temporary file is removed
/// and the exception propagates, leaving `path` untouched.
void write_atomic(const std::string& path, const std::function<void(const std::string&)>& write);

/// Reads a whole file (throws `std::runtime_error` naming the path on failure).
std::string read_file(const std::string& path);

}  // namespace racklink::reports
