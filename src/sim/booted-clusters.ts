/**
 * Booted clusters kept for the process, one per distinct request: a scenario gets a fork of the
 * cluster it asks for (sim/fork.ts) instead of booting it again. Most scenarios ask for kind's
 * default cluster; booting it writes about 130 objects and runs every component, which was about a
 * fifth of the seed suite's CPU (docs/performance.md).
 *
 * The kept clusters are never run themselves: each use gets its own fork. A cluster that cannot
 * be forked (UnforkableError: a closure or generator left by the boot) is booted afresh for every
 * use, which is always correct, only slower; `stats()` tells how often that happened.
 */
import type { ClusterRequest } from '../kube/cluster-request';
import { buildCluster, constructCluster, type BuildOptions, type SimulatedCluster } from './cluster';
import { forkCluster, UnforkableError } from './fork';
import { RecentValues } from '../kube/recent-values';

/** distinct clusters kept: the seed suite asks for 31 */
const KEPT = 32;

export interface BootStats {
  /** clusters booted (the first use of each request, and every use of an unforkable one) */
  boots: number;
  forks: number;
  /** requests whose cluster could not be forked, with why */
  unforkable: Map<string, string>;
}

export class BootedClusters {
  private readonly kept: RecentValues<string, SimulatedCluster>;
  private readonly counts: BootStats = { boots: 0, forks: 0, unforkable: new Map() };

  constructor(capacity = KEPT) {
    this.kept = new RecentValues(capacity);
  }

  /** A cluster as `buildCluster(request, seed, options)` would boot it, its own to run. */
  cluster(request: ClusterRequest, seed: number, options: BuildOptions = {}): SimulatedCluster {
    const key = JSON.stringify([request, seed, options.limits ?? null, !!options.checkInvariants]);
    if (this.counts.unforkable.has(key)) return this.boot(request, seed, options);
    const booted = this.kept.get(key, () => this.boot(request, seed, options));
    try {
      const fork = forkCluster(booted, constructCluster(request, seed, options));
      this.counts.forks++;
      return fork;
    } catch (err) {
      if (!(err instanceof UnforkableError)) throw err;
      this.counts.unforkable.set(key, err.message);
      return this.boot(request, seed, options);
    }
  }

  stats(): Readonly<BootStats> {
    return this.counts;
  }

  private boot(request: ClusterRequest, seed: number, options: BuildOptions): SimulatedCluster {
    this.counts.boots++;
    return buildCluster(request, seed, options);
  }
}

/** The process's (each worker thread has its own). */
export const bootedClusters = new BootedClusters();
