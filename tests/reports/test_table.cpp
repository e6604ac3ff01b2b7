#include <catch2/catch.hpp>

#include "golden.hpp"
#include "reports/table.hpp"

using namespace racklink::reports;

namespace {

Table sample() {
    Table t;
    t.title = "Interconnect options for nvl72.rack";
    t.key = "compare";
    t.columns = {"copper", "backplane", "cpo"};
    t.add("lanes", "", {5184, 5184, 5184}, Better::none);
    t.add("total cable length", "m", {3210.0, 410.0, 2950.0}, Better::lower);
    t.add("worst link-loss margin", "dB", {1.2, 3.4, 7.9}, Better::higher);
    t.add("interconnect power", "W", {8.2e3, 9.1e3, 14.5e3}, Better::lower);
    t.add("availability", "%", {0.9991, 0.9993, 0.9993}, Better::higher);
    t.add("cost per million tokens", "USD", {4.19, 4.21, kMissing}, Better::lower,
          "copper, by 0.5 %; cpo needs the throughput study");
    Row& r = t.add("name with | pipe, \"quotes\"", "degC", {318.15, 330.0, 300.0}, Better::lower);
    r.note = "junction";
    return t;
}

}  // namespace

TEST_CASE("the best value of a row follows its better direction and ignores ties", "[table]") {
    Table t = sample();
    CHECK_FALSE(best_column(t.rows[0]).has_value());   // better: none
    CHECK(best_column(t.rows[1]) == std::optional<std::size_t>(1));
    CHECK(best_column(t.rows[2]) == std::optional<std::size_t>(2));
    CHECK_FALSE(best_column(t.rows[4]).has_value());   // 99.93 % tied
    CHECK(best_column(t.rows[5]) == std::optional<std::size_t>(0));  // missing value skipped
    CHECK(auto_verdict(t.rows[1], t.columns) ==
          "backplane is lowest: 410 m vs 2.95 km for cpo (-86.1 %)");
    CHECK(auto_verdict(t.rows[4], t.columns) == "tie");
    CHECK(t.validate().empty());
    t.rows[0].values.pop_back();
    CHECK(t.validate() == "table 'Interconnect options for nvl72.rack': row 'lanes' has 2 values "
                          "for 3 columns");
}

TEST_CASE("the Markdown table matches the golden file and is identical on rerun", "[table]") {
    std::string a = to_markdown(sample());
    CHECK(a == to_markdown(sample()));
    check_golden("compare_table.md", a);
}

TEST_CASE("the plain-text table aligns columns and marks the best value", "[table]") {
    check_golden("compare_table.txt", to_text(sample()));
}

TEST_CASE("CSV quotes fields per RFC 4180 and keeps full precision", "[table]") {
    CHECK(csv_field("plain") == "plain");
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\nlines") == "\"two\nlines\"");
    std::string csv = to_csv(sample());
    CHECK(csv.substr(0, csv.find("\r\n")) == "figure,unit,copper,backplane,cpo,better,best,verdict");
    CHECK(csv.find("\r\ntotal cable length,m,3210,410,2950,lower,backplane,") != std::string::npos);
    CHECK(csv.find("\r\ncost per million tokens,USD,4.1900000000000004,4.21,,lower,copper,"
                   "\"copper, by 0.5 %; cpo needs the throughput study\"\r\n") !=
          std::string::npos);
    CHECK(csv.find("\"name with | pipe, \"\"quotes\"\"\",degC,318.14999999999998") !=
          std::string::npos);
    check_golden("compare_table.csv", csv);
}

TEST_CASE("JSON carries SI values, formatted text, best index and verdict", "[table]") {
    nlohmann::json j = to_json(sample());
    CHECK(j["columns"].size() == 3);
    const auto& row = j["rows"][1];
    CHECK(row["name"] == "total cable length");
    CHECK(row["values"][0].get<double>() == 3210.0);
    CHECK(row["text"][0] == "3.21 km");
    CHECK(row["best"] == 1);
    CHECK(row["better"] == "lower");
    CHECK(j["rows"][5]["values"][2].is_null());
    CHECK(j["rows"][5]["text"][2] == "n/a");
    CHECK(j["rows"][0]["best"].is_null());
}
