#include "reports/hdf5_writer.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <mutex>
#include <stdexcept>

#include "hdf5_backend.hpp"
#include "reports/atomic_file.hpp"
#include "reports/table.hpp"

namespace racklink::reports {

namespace {

// The HDF5 module is opened on first use (see hdf5_backend.hpp). Where it is looked for, in order:
//   1. $RACKLINK_HDF5_MODULE (a path to the module file): if set, only there;
//   2. otherwise racklink-hdf5.so next to the running executable (a copied or installed build),
//      then the module of this build tree (RACKLINK_HDF5_MODULE_PATH, set by reports/CMakeLists.txt).
// It is never closed: the backend's objects and code stay valid for the life of the process.
const h5::Api& hdf5_api() {
    static const h5::Api* api = nullptr;
    static std::string error;
    static std::once_flag once;
    std::call_once(once, [] {
        std::vector<std::string> candidates;
        if (const char* env = std::getenv("RACKLINK_HDF5_MODULE"); env && *env) {
            candidates.emplace_back(env);
        } else {
            std::string exe(4096, '\0');
            const ssize_t len = ::readlink("/proc/self/exe", exe.data(), exe.size() - 1);
            if (len > 0) {
                exe.resize(static_cast<std::size_t>(len));
                candidates.push_back(exe.substr(0, exe.find_last_of('/') + 1) + "racklink-hdf5.so");
            }
            candidates.emplace_back(RACKLINK_HDF5_MODULE_PATH);
        }
        for (const auto& path : candidates) {
            void* lib = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
            if (!lib) {
                const char* why = ::dlerror();
                error += "\n  " + (why ? std::string(why) : path + ": cannot open");  // dlerror names the path
                continue;
            }
            auto entry = reinterpret_cast<const h5::Api* (*)()>(::dlsym(lib, "racklink_hdf5_api"));
            const h5::Api* found = entry ? entry() : nullptr;
            if (!found || found->abi_version != h5::kAbiVersion) {
                error += "\n  " + path + ": not a RackLink HDF5 module of this version (rebuild RackLink)";
                continue;
            }
            api = found;
            return;
        }
    });
    if (!api) throw std::runtime_error("HDF5 files need the RackLink module racklink-hdf5.so, which could not be loaded:" + error);
    return *api;
}

}  // namespace

struct H5Writer::Impl {
    AtomicFile file;
    std::unique_ptr<h5::FileWriter> h5;
    explicit Impl(std::string path) : file(std::move(path)) {}
    ~Impl() { h5.reset(); }  // close the file before AtomicFile removes an uncommitted temporary
    const std::string& name() const { return file.path(); }
};

H5Writer::H5Writer(std::string path, std::string_view schema, std::int64_t schema_version)
    : impl_(std::make_unique<Impl>(std::move(path))) {
    impl_->h5.reset(hdf5_api().open_writer(impl_->file.temp_path(), impl_->name()));
    set_attribute("/", "schema", schema);
    set_attribute("/", "schema_version", schema_version);
}

H5Writer::~H5Writer() = default;

const std::string& H5Writer::path() const { return impl_->name(); }

void H5Writer::create_group(const std::string& path) { impl_->h5->create_group(path); }

void H5Writer::write_dataset(const std::string& path, const std::vector<double>& data,
                             const std::vector<std::size_t>& dims, std::string_view units) {
    impl_->h5->write_doubles(path, data.data(), data.size(), dims);
    set_attribute(path, "units", units.empty() ? std::string_view("1") : units);
}

void H5Writer::write_mask(const std::string& path, const std::vector<std::uint8_t>& data,
                          const std::vector<std::size_t>& dims) {
    impl_->h5->write_u8(path, data.data(), data.size(), dims);
    set_attribute(path, "units", std::string_view("1"));
}

void H5Writer::write_strings(const std::string& path, const std::vector<std::string>& values) {
    impl_->h5->write_strings(path, values);
}

void H5Writer::set_attribute(const std::string& object, const std::string& name,
                             std::string_view value) {
    impl_->h5->set_text(object, name, std::string(value));
}

void H5Writer::set_attribute(const std::string& object, const std::string& name, double value) {
    impl_->h5->set_double(object, name, value);
}

void H5Writer::set_attribute(const std::string& object, const std::string& name,
                             std::int64_t value) {
    impl_->h5->set_int64(object, name, value);
}

void H5Writer::commit() {
    impl_->h5->close();
    impl_->file.commit();
}

std::string h5_name(std::string_view text) {
    std::string s;
    for (char c : text) {
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
        s += keep ? c : '_';
    }
    if (s.empty() || s == "." || s == "..") s = "_" + s;
    return s;
}

void write_table(H5Writer& w, const std::string& group, const Table& t) {
    w.create_group(group);
    w.set_attribute(group, "title", t.title);
    w.write_strings(group + "/columns", t.columns);
    std::vector<std::string> names;
    for (const auto& r : t.rows) names.push_back(r.name);
    w.write_strings(group + "/rows", names);
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const Row& r = t.rows[i];
        // Row index prefix keeps names unique and in table order.
        std::string p = group + "/" + std::to_string(i) + "_" + h5_name(r.name);
        std::vector<double> v = r.values;
        v.resize(t.columns.size(), kMissing);
        w.write_dataset(p, v, {}, r.unit);
        w.set_attribute(p, "name", r.name);
        w.set_attribute(p, "better", to_string(r.better));
        w.set_attribute(p, "verdict", r.verdict.empty() ? auto_verdict(r, t.columns) : r.verdict);
    }
}

struct H5Reader::Impl {
    std::unique_ptr<h5::FileReader> h5;
};

H5Reader::H5Reader(const std::string& path) : impl_(std::make_unique<Impl>()) {
    impl_->h5.reset(hdf5_api().open_reader(path));
}

H5Reader::~H5Reader() = default;

bool H5Reader::exists(const std::string& path) const { return impl_->h5->exists(path); }

std::vector<double> H5Reader::read_doubles(const std::string& path,
                                           std::vector<std::size_t>* dims) const {
    return impl_->h5->read_doubles(path, dims);
}

std::vector<std::string> H5Reader::read_strings(const std::string& path) const {
    return impl_->h5->read_strings(path);
}

std::string H5Reader::string_attribute(const std::string& object, const std::string& name) const {
    return impl_->h5->string_attribute(object, name);
}

double H5Reader::number_attribute(const std::string& object, const std::string& name) const {
    return impl_->h5->number_attribute(object, name);
}

}  // namespace racklink::reports
