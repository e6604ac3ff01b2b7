#include "reports/version.hpp"
#include <cstdio>
int main() { std::printf("racklink %s\n", racklink::reports::version()); }
