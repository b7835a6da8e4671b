#!/usr/bin/python3
"""The benchmark's M/M/1 (utilization 0.9, mean service 1 s) in SimPy, for comparison.

Debian's python3-simpy is SimPy 2.3, whose classic API this uses: a source process creates
customers at exponential intervals; each requests the server, holds it for an exponential
service time and releases it; its response time goes into running statistics (count, mean,
variance, min, max: what capsim's Tally keeps). Prints one JSON line like capsim_bench's
children: wall_s (the simulation alone), events (two per customer, arrival and departure,
counted as capsim counts them), customers; cpu_s, the process's CPU time over it.
Usage: mm1_simpy.py [--customers N]
"""
import argparse
import json
import random
import time

from SimPy.Simulation import Process, Resource, activate, hold, initialize, now, release
from SimPy.Simulation import request, simulate

RHO = 0.9
MEAN_SERVICE_S = 1.0


class ResponseTimes:
    """Welford running statistics of the response times."""

    def __init__(self):
        self.count = 0
        self.mean = 0.0
        self.m2 = 0.0
        self.min = float("inf")
        self.max = 0.0

    def add(self, x):
        self.count += 1
        delta = x - self.mean
        self.mean += delta / self.count
        self.m2 += delta * (x - self.mean)
        self.min = min(self.min, x)
        self.max = max(self.max, x)


class Customer(Process):
    def visit(self, server, rng, stats):
        arrived = now()
        yield request, self, server
        yield hold, self, rng.expovariate(1.0 / MEAN_SERVICE_S)
        yield release, self, server
        stats.add(now() - arrived)


class Source(Process):
    def generate(self, customers, server, rng, stats):
        for _ in range(customers):
            customer = Customer()
            activate(customer, customer.visit(server, rng, stats))
            yield hold, self, rng.expovariate(RHO / MEAN_SERVICE_S)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=50_000)
    args = parser.parse_args()
    rng = random.Random(1)
    stats = ResponseTimes()
    start = time.perf_counter()
    cpu_start = time.process_time()
    initialize()
    server = Resource(capacity=1)
    source = Source()
    activate(source, source.generate(args.customers, server, rng, stats))
    simulate(until=1e18)
    wall_s = time.perf_counter() - start
    cpu_s = time.process_time() - cpu_start
    print(json.dumps({"wall_s": wall_s, "cpu_s": cpu_s, "events": 2 * stats.count,
                      "customers": stats.count, "digest": "%.6f" % stats.mean}))


if __name__ == "__main__":
    main()
