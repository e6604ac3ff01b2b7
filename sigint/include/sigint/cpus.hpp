#pragma once
/// How many CPUs this process may run on: the size of its CPU affinity mask
/// (sched_getaffinity(2), so `taskset`, cpusets and container CPU pinning are respected),
/// falling back to std::thread::hardware_concurrency() where the mask is unavailable; never 0.
/// Every "0 threads = all cores" default in RackLink resolves through this function, so a
/// run pinned to one core does not start threads that can only queue for it.

namespace racklink::sigint {

unsigned available_cpus();

}  // namespace racklink::sigint
