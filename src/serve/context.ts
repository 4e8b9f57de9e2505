/** What request handlers share: the simulated cluster, its change log, the time driver. */
import type { KubeVersion } from '../kube/version';
import type { SimulatedCluster } from '../sim/cluster';
import type { WatchCache } from '../sim/apiserver/watch-cache';
import type { PrintContext } from './tables';
import type { TimeDriver } from './time';
import type { TimestampMapper } from './timestamps';
import type { WatchStream } from './watch';

export interface ServeContext {
  readonly cluster: SimulatedCluster;
  readonly version: KubeVersion;
  readonly log: WatchCache;
  readonly time: TimeDriver;
  /** open watch streams, ended when the server closes */
  readonly watches: Set<WatchStream>;
  /** virtual timestamps as stored, or shifted to the wall clock (timestamps.ts) */
  readonly timestamps: TimestampMapper;
  printContext(): PrintContext;
}
