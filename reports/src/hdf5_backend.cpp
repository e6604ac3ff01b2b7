// The loadable HDF5 module `racklink-hdf5`: every HDF5 C API call RackLink makes (see
// hdf5_backend.hpp for why this is a separate, lazily loaded module). File conventions are
// documented in docs/hdf5.md and reports/include/reports/hdf5_writer.hpp.

#include "hdf5_backend.hpp"

#include <hdf5.h>

#include <memory>
#include <stdexcept>

namespace racklink::reports::h5 {

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

class Writer final : public FileWriter {
public:
    Writer(const std::string& file_path, std::string display_name) : name_(std::move(display_name)) {
        quiet_errors();
        fid_ = H5Fcreate(file_path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        if (fid_ < 0) fail(name_, "cannot create file (directory missing or read-only?)");
    }
    ~Writer() override {
        if (fid_ >= 0) H5Fclose(fid_);
    }

    void create_group(const std::string& path) override {
        if (path == "/" || path.empty()) return;
        create_group(parent_of(path));
        if (H5Lexists(fid_, path.c_str(), H5P_DEFAULT) > 0) return;
        hid_t g = H5Gcreate2(fid_, path.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        if (g < 0) fail(name_, "cannot create group " + path);
        H5Gclose(g);
    }
    void write_doubles(const std::string& path, const double* data, std::size_t n,
                       const std::vector<std::size_t>& dims) override {
        write_data(path, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, data, dims, n);
    }
    void write_u8(const std::string& path, const std::uint8_t* data, std::size_t n,
                  const std::vector<std::size_t>& dims) override {
        write_data(path, H5T_STD_U8LE, H5T_NATIVE_UINT8, data, dims, n);
    }
    void write_strings(const std::string& path, const std::vector<std::string>& values) override {
        std::vector<const char*> ptrs;
        ptrs.reserve(values.size());
        for (const auto& v : values) ptrs.push_back(v.c_str());
        Handle t = string_type();
        write_data(path, t.get(), t.get(), ptrs.data(), {}, ptrs.size());
    }
    void set_text(const std::string& object, const std::string& name, const std::string& value) override {
        const char* p = value.c_str();
        Handle t = string_type();
        write_attr(object, name, t.get(), &p);
    }
    void set_double(const std::string& object, const std::string& name, double value) override {
        write_attr(object, name, H5T_NATIVE_DOUBLE, &value);
    }
    void set_int64(const std::string& object, const std::string& name, std::int64_t value) override {
        write_attr(object, name, H5T_NATIVE_INT64, &value);
    }
    void close() override {
        if (fid_ < 0) return;
        H5Fflush(fid_, H5F_SCOPE_GLOBAL);
        const herr_t e = H5Fclose(fid_);
        fid_ = -1;
        if (e < 0) fail(name_, "cannot close file");
    }

private:
    std::string name_;
    hid_t fid_ = -1;

    Handle open_object(const std::string& path) {
        hid_t o = H5Oopen(fid_, path.c_str(), H5P_DEFAULT);
        if (o < 0) fail(name_, "no object " + path);
        return Handle(o, H5Oclose);
    }

    void write_attr(const std::string& object, const std::string& attr, hid_t type, const void* buf) {
        Handle o = open_object(object);
        if (H5Aexists(o.get(), attr.c_str()) > 0) H5Adelete(o.get(), attr.c_str());
        Handle space(H5Screate(H5S_SCALAR), H5Sclose);
        Handle a(H5Acreate2(o.get(), attr.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
        if (!a.ok() || H5Awrite(a.get(), type, buf) < 0)
            fail(name_, "cannot write attribute " + attr + " on " + object);
    }

    void write_data(const std::string& path, hid_t file_type, hid_t mem_type, const void* buf,
                    const std::vector<std::size_t>& dims, std::size_t n) {
        std::vector<hsize_t> d;
        if (dims.empty()) d.push_back(n);
        for (auto x : dims) d.push_back(x);
        hsize_t prod = 1;
        for (auto x : d) prod *= x;
        if (prod != n) fail(name_, path + ": shape does not match " + std::to_string(n) + " values");
        create_group(parent_of(path));
        Handle space(H5Screate_simple(static_cast<int>(d.size()), d.data(), nullptr), H5Sclose);
        Handle ds(H5Dcreate2(fid_, path.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                  H5Dclose);
        if (!ds.ok()) fail(name_, "cannot create dataset " + path);
        if (n > 0 && H5Dwrite(ds.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0)
            fail(name_, "cannot write dataset " + path);
    }
};

class Reader final : public FileReader {
public:
    explicit Reader(const std::string& path) : name_(path) {
        quiet_errors();
        fid_ = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
        if (fid_ < 0) fail(path, "cannot open (missing or not an HDF5 file)");
    }
    ~Reader() override {
        if (fid_ >= 0) H5Fclose(fid_);
    }

    bool exists(const std::string& path) const override {
        if (path == "/") return true;
        // Check each prefix: H5Lexists fails on a missing intermediate group.
        std::size_t pos = 1;
        while (true) {
            pos = path.find('/', pos);
            std::string prefix = path.substr(0, pos);
            if (H5Lexists(fid_, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
            if (pos == std::string::npos) return true;
            ++pos;
        }
    }

    std::vector<double> read_doubles(const std::string& path, std::vector<std::size_t>* dims) const override {
        Handle ds(H5Dopen2(fid_, path.c_str(), H5P_DEFAULT), H5Dclose);
        if (!ds.ok()) fail(name_, "no dataset " + path);
        Handle space(H5Dget_space(ds.get()), H5Sclose);
        int rank = H5Sget_simple_extent_ndims(space.get());
        std::vector<hsize_t> d(rank > 0 ? rank : 0);
        if (rank > 0) H5Sget_simple_extent_dims(space.get(), d.data(), nullptr);
        std::size_t n = 1;
        for (auto x : d) n *= x;
        if (dims) dims->assign(d.begin(), d.end());
        std::vector<double> out(n);
        if (n > 0 && H5Dread(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
            fail(name_, "cannot read " + path + " as numbers");
        return out;
    }

    std::vector<std::string> read_strings(const std::string& path) const override {
        Handle ds(H5Dopen2(fid_, path.c_str(), H5P_DEFAULT), H5Dclose);
        if (!ds.ok()) fail(name_, "no dataset " + path);
        Handle space(H5Dget_space(ds.get()), H5Sclose);
        hssize_t n = H5Sget_simple_extent_npoints(space.get());
        std::vector<char*> ptrs(static_cast<std::size_t>(n), nullptr);
        Handle t = string_type();
        if (n > 0 && H5Dread(ds.get(), t.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()) < 0)
            fail(name_, "cannot read " + path + " as strings");
        std::vector<std::string> out;
        for (char* p : ptrs) out.emplace_back(p ? p : "");
        if (n > 0) H5Dvlen_reclaim(t.get(), space.get(), H5P_DEFAULT, ptrs.data());
        return out;
    }

    std::string string_attribute(const std::string& object, const std::string& name) const override {
        Handle a(H5Aopen_by_name(fid_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
        if (!a.ok()) fail(name_, "no attribute " + name + " on " + object);
        Handle t = string_type();
        char* p = nullptr;
        if (H5Aread(a.get(), t.get(), &p) < 0) fail(name_, "attribute " + name + " is not text");
        std::string s = p ? p : "";
        H5free_memory(p);
        return s;
    }

    double number_attribute(const std::string& object, const std::string& name) const override {
        Handle a(H5Aopen_by_name(fid_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
        if (!a.ok()) fail(name_, "no attribute " + name + " on " + object);
        double v = 0;
        if (H5Aread(a.get(), H5T_NATIVE_DOUBLE, &v) < 0) fail(name_, "attribute " + name + " is not a number");
        return v;
    }

private:
    std::string name_;
    hid_t fid_ = -1;
};

FileWriter* open_writer(const std::string& file_path, const std::string& display_name) {
    return new Writer(file_path, display_name);
}

FileReader* open_reader(const std::string& path) { return new Reader(path); }

constexpr Api kApi{kAbiVersion, &open_writer, &open_reader};

}  // namespace

}  // namespace racklink::reports::h5

extern "C" __attribute__((visibility("default"))) const racklink::reports::h5::Api* racklink_hdf5_api() {
    return &racklink::reports::h5::kApi;
}
