#include "reports/hdf5_writer.hpp"

#include <hdf5.h>

#include <stdexcept>

#include "reports/atomic_file.hpp"
#include "reports/table.hpp"

namespace racklink::reports {

namespace {

// Closes an HDF5 identifier with the matching close function.
class Handle {
public:
    using Closer = herr_t (*)(hid_t);
    Handle(hid_t id, Closer close) : id_(id), close_(close) {}
    ~Handle() {
        if (id_ >= 0) close_(id_);
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    hid_t get() const { return id_; }
    bool ok() const { return id_ >= 0; }

private:
    hid_t id_;
    Closer close_;
};

void quiet_errors() {
    // HDF5 prints its error stack to stderr by default; our messages replace it.
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

[[noreturn]] void fail(const std::string& file, const std::string& what) {
    throw std::runtime_error(file + ": HDF5: " + what);
}

std::string parent_of(const std::string& path) {
    auto p = path.find_last_of('/');
    if (p == std::string::npos || p == 0) return "/";
    return path.substr(0, p);
}

Handle string_type() {
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    return Handle(t, H5Tclose);
}

}  // namespace

struct H5Writer::Impl {
    AtomicFile file;
    hid_t fid = -1;
    explicit Impl(std::string path) : file(std::move(path)) {}
    ~Impl() {
        if (fid >= 0) H5Fclose(fid);
    }
    const std::string& name() const { return file.path(); }

    void ensure_group(const std::string& path) {
        if (path == "/" || path.empty()) return;
        ensure_group(parent_of(path));
        htri_t e = H5Lexists(fid, path.c_str(), H5P_DEFAULT);
        if (e > 0) return;
        hid_t g = H5Gcreate2(fid, path.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        if (g < 0) fail(name(), "cannot create group " + path);
        H5Gclose(g);
    }

    Handle open_object(const std::string& path) {
        hid_t o = H5Oopen(fid, path.c_str(), H5P_DEFAULT);
        if (o < 0) fail(name(), "no object " + path);
        return Handle(o, H5Oclose);
    }

    void write_attr(const std::string& object, const std::string& attr, hid_t type,
                    const void* buf) {
        Handle o = open_object(object);
        if (H5Aexists(o.get(), attr.c_str()) > 0) H5Adelete(o.get(), attr.c_str());
        Handle space(H5Screate(H5S_SCALAR), H5Sclose);
        Handle a(H5Acreate2(o.get(), attr.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                 H5Aclose);
        if (!a.ok() || H5Awrite(a.get(), type, buf) < 0)
            fail(name(), "cannot write attribute " + attr + " on " + object);
    }

    void write_data(const std::string& path, hid_t file_type, hid_t mem_type, const void* buf,
                    const std::vector<std::size_t>& dims, std::size_t n) {
        std::vector<hsize_t> d;
        if (dims.empty()) d.push_back(n);
        for (auto x : dims) d.push_back(x);
        hsize_t prod = 1;
        for (auto x : d) prod *= x;
        if (prod != n)
            fail(name(), path + ": shape does not match " + std::to_string(n) + " values");
        ensure_group(parent_of(path));
        Handle space(H5Screate_simple(static_cast<int>(d.size()), d.data(), nullptr), H5Sclose);
        Handle ds(H5Dcreate2(fid, path.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT,
                             H5P_DEFAULT),
                  H5Dclose);
        if (!ds.ok()) fail(name(), "cannot create dataset " + path);
        if (n > 0 && H5Dwrite(ds.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0)
            fail(name(), "cannot write dataset " + path);
    }
};

H5Writer::H5Writer(std::string path, std::string_view schema, std::int64_t schema_version)
    : impl_(std::make_unique<Impl>(std::move(path))) {
    quiet_errors();
    impl_->fid =
        H5Fcreate(impl_->file.temp_path().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (impl_->fid < 0) fail(impl_->name(), "cannot create file (directory missing or read-only?)");
    set_attribute("/", "schema", schema);
    set_attribute("/", "schema_version", schema_version);
}

H5Writer::~H5Writer() = default;

const std::string& H5Writer::path() const { return impl_->name(); }

void H5Writer::create_group(const std::string& path) { impl_->ensure_group(path); }

void H5Writer::write_dataset(const std::string& path, const std::vector<double>& data,
                             const std::vector<std::size_t>& dims, std::string_view units) {
    impl_->write_data(path, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, data.data(), dims, data.size());
    set_attribute(path, "units", units.empty() ? std::string_view("1") : units);
}

void H5Writer::write_mask(const std::string& path, const std::vector<std::uint8_t>& data,
                          const std::vector<std::size_t>& dims) {
    impl_->write_data(path, H5T_STD_U8LE, H5T_NATIVE_UINT8, data.data(), dims, data.size());
    set_attribute(path, "units", std::string_view("1"));
}

void H5Writer::write_strings(const std::string& path, const std::vector<std::string>& values) {
    std::vector<const char*> ptrs;
    for (const auto& v : values) ptrs.push_back(v.c_str());
    Handle t = string_type();
    impl_->write_data(path, t.get(), t.get(), ptrs.data(), {}, ptrs.size());
}

void H5Writer::set_attribute(const std::string& object, const std::string& name,
                             std::string_view value) {
    std::string s(value);
    const char* p = s.c_str();
    Handle t = string_type();
    impl_->write_attr(object, name, t.get(), &p);
}

void H5Writer::set_attribute(const std::string& object, const std::string& name, double value) {
    impl_->write_attr(object, name, H5T_NATIVE_DOUBLE, &value);
}

void H5Writer::set_attribute(const std::string& object, const std::string& name,
                             std::int64_t value) {
    impl_->write_attr(object, name, H5T_NATIVE_INT64, &value);
}

void H5Writer::commit() {
    if (impl_->fid >= 0) {
        H5Fflush(impl_->fid, H5F_SCOPE_GLOBAL);
        herr_t e = H5Fclose(impl_->fid);
        impl_->fid = -1;
        if (e < 0) fail(impl_->name(), "cannot close file");
    }
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
    std::string name;
    hid_t fid = -1;
    ~Impl() {
        if (fid >= 0) H5Fclose(fid);
    }
};

H5Reader::H5Reader(const std::string& path) : impl_(std::make_unique<Impl>()) {
    quiet_errors();
    impl_->name = path;
    impl_->fid = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (impl_->fid < 0) fail(path, "cannot open (missing or not an HDF5 file)");
}

H5Reader::~H5Reader() = default;

bool H5Reader::exists(const std::string& path) const {
    if (path == "/") return true;
    // Check each prefix: H5Lexists fails on a missing intermediate group.
    std::size_t pos = 1;
    while (true) {
        pos = path.find('/', pos);
        std::string prefix = path.substr(0, pos);
        if (H5Lexists(impl_->fid, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
        if (pos == std::string::npos) return true;
        ++pos;
    }
}

std::vector<double> H5Reader::read_doubles(const std::string& path,
                                           std::vector<std::size_t>* dims) const {
    Handle ds(H5Dopen2(impl_->fid, path.c_str(), H5P_DEFAULT), H5Dclose);
    if (!ds.ok()) fail(impl_->name, "no dataset " + path);
    Handle space(H5Dget_space(ds.get()), H5Sclose);
    int rank = H5Sget_simple_extent_ndims(space.get());
    std::vector<hsize_t> d(rank > 0 ? rank : 0);
    if (rank > 0) H5Sget_simple_extent_dims(space.get(), d.data(), nullptr);
    std::size_t n = 1;
    for (auto x : d) n *= x;
    if (dims) dims->assign(d.begin(), d.end());
    std::vector<double> out(n);
    if (n > 0 && H5Dread(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
        fail(impl_->name, "cannot read " + path + " as numbers");
    return out;
}

std::vector<std::string> H5Reader::read_strings(const std::string& path) const {
    Handle ds(H5Dopen2(impl_->fid, path.c_str(), H5P_DEFAULT), H5Dclose);
    if (!ds.ok()) fail(impl_->name, "no dataset " + path);
    Handle space(H5Dget_space(ds.get()), H5Sclose);
    hssize_t n = H5Sget_simple_extent_npoints(space.get());
    std::vector<char*> ptrs(static_cast<std::size_t>(n), nullptr);
    Handle t = string_type();
    if (n > 0 && H5Dread(ds.get(), t.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()) < 0)
        fail(impl_->name, "cannot read " + path + " as strings");
    std::vector<std::string> out;
    for (char* p : ptrs) out.emplace_back(p ? p : "");
    if (n > 0) H5Dvlen_reclaim(t.get(), space.get(), H5P_DEFAULT, ptrs.data());
    return out;
}

std::string H5Reader::string_attribute(const std::string& object, const std::string& name) const {
    Handle a(H5Aopen_by_name(impl_->fid, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
             H5Aclose);
    if (!a.ok()) fail(impl_->name, "no attribute " + name + " on " + object);
    Handle t = string_type();
    char* p = nullptr;
    if (H5Aread(a.get(), t.get(), &p) < 0) fail(impl_->name, "attribute " + name + " is not text");
    std::string s = p ? p : "";
    H5free_memory(p);
    return s;
}

double H5Reader::number_attribute(const std::string& object, const std::string& name) const {
    Handle a(H5Aopen_by_name(impl_->fid, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
             H5Aclose);
    if (!a.ok()) fail(impl_->name, "no attribute " + name + " on " + object);
    double v = 0;
    if (H5Aread(a.get(), H5T_NATIVE_DOUBLE, &v) < 0)
        fail(impl_->name, "attribute " + name + " is not a number");
    return v;
}

}  // namespace racklink::reports
