#include "reports/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace racklink::reports {

namespace {

std::string temp_name_for(const std::string& path) {
    // A process-wide counter keeps names unique across threads; the pid across processes.
    static std::atomic<unsigned> counter{0};
    auto slash = path.find_last_of('/');
    std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
    std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    return dir + "." + base + ".tmp-" + std::to_string(::getpid()) + "-" +
           std::to_string(counter.fetch_add(1));
}

std::string errno_text() { return std::strerror(errno); }

}  // namespace

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)), temp_path_(temp_name_for(path_)) {
    if (path_.empty()) throw std::runtime_error("output path is empty");
}

AtomicFile::~AtomicFile() { abandon(); }

void AtomicFile::abandon() {
    if (!done_) {
        std::remove(temp_path_.c_str());
        done_ = true;
    }
}

void AtomicFile::commit() {
    if (done_) throw std::runtime_error(path_ + ": atomic file already committed or abandoned");
    int fd = ::open(temp_path_.c_str(), O_RDONLY);
    if (fd < 0) {
        std::string e = errno_text();
        abandon();
        throw std::runtime_error(path_ + ": temporary output " + temp_path_ + " missing: " + e);
    }
    ::fsync(fd);
    ::close(fd);
    if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
        std::string e = errno_text();
        abandon();
        throw std::runtime_error(path_ + ": cannot rename temporary output into place: " + e);
    }
    done_ = true;
}

void write_atomic(const std::string& path, const std::function<void(const std::string&)>& write) {
    AtomicFile f(path);
    write(f.temp_path());  // on throw, ~AtomicFile removes the temporary file
    f.commit();
}

void write_file_atomic(const std::string& path, std::string_view content) {
    write_atomic(path, [&](const std::string& tmp) {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw std::runtime_error(path + ": cannot create output file: " + errno_text());
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        out.flush();
        if (!out) throw std::runtime_error(path + ": write failed: " + errno_text());
    });
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open: " + errno_text());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace racklink::reports
