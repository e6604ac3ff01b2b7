#include "sigint/cpus.hpp"

#include <sched.h>

#include <catch2/catch.hpp>

using racklink::sigint::available_cpus;

TEST_CASE("available_cpus is the size of the affinity mask, so a pinned process counts one CPU", "[cpus]") {
    cpu_set_t saved;
    CPU_ZERO(&saved);
    REQUIRE(sched_getaffinity(0, sizeof(saved), &saved) == 0);
    CHECK(available_cpus() == static_cast<unsigned>(CPU_COUNT(&saved)));

    int first = -1;
    for (int c = 0; c < CPU_SETSIZE && first < 0; ++c)
        if (CPU_ISSET(c, &saved)) first = c;
    REQUIRE(first >= 0);
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(first, &one);
    REQUIRE(sched_setaffinity(0, sizeof(one), &one) == 0);
    const unsigned pinned = available_cpus();
    REQUIRE(sched_setaffinity(0, sizeof(saved), &saved) == 0);  // restore before asserting
    CHECK(pinned == 1u);
    CHECK(available_cpus() == static_cast<unsigned>(CPU_COUNT(&saved)));
}
