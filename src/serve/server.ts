/**
 * `startServer`: the simulated cluster behind a real HTTP endpoint (node:http, plain HTTP on
 * the loopback address). Every request first runs what is due at the current virtual instant;
 * the time driver decides how virtual time moves between requests (time/).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { EPOCH_MS } from '../sim/apiserver/store';
import type { SimulatedCluster } from '../sim/cluster';
import { negotiate } from './accept';
import type { ServeContext } from './context';
import { aggregatedDiscovery, AGGREGATED_V2, AGGREGATED_V2BETA1, apiGroup, groupList, legacyVersions, resourceList, versionInfo } from './discovery';
import { WatchCache } from '../sim/apiserver/watch-cache';
import { handleUpgrade } from './exec/session';
import { handleExtension } from './extension';
import { sendJson, sendStatus } from './http-io';
import { kubeconfigYaml } from './kubeconfig';
import { openApiForPath } from './openapi';
import { dispatchResource, resourceCall } from './resource-dispatch';
import { parseRoute, type Route } from './route';
import { pathNotFound, statusFromError } from './status';
import { createTimeDriver, type Speed, type TimeControl, type TimeDriver } from './time';
import { VIRTUAL_TIMESTAMPS, wallTimestamps, type TimestampMode } from './timestamps';
import type { WatchStream } from './watch';

export interface ServeOptions {
  /** 0 (default): any free port */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** virtual time at `speed` × wall time, or 'on-demand' (see time/) */
  speed: Speed;
  /** on-demand (and real time): virtual time never passes this instant (virtual ms) */
  limitMs?: number;
  /** how many changes the watch log keeps for resuming watches (default 100000) */
  eventLogSize?: number;
  /**
   * 'virtual' (default): timestamps as the simulator stores them (virtual time from
   * 2025-01-01T00:00:00Z, deterministic); 'wall': shifted so the virtual now is the wall-clock
   * now, which makes the ages kubectl computes itself (describe, events) right. See timestamps.ts.
   */
  timestamps?: TimestampMode;
  /** called with one line per request answered: method, path, status, content type */
  log?: (line: string) => void;
}

export interface ServedCluster {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  readonly cluster: SimulatedCluster;
  /** the virtual clock: now, the on-demand bound, explicit advances */
  readonly time: TimeControl;
  /** kubeconfig YAML with cluster, user and context named `kscenario` */
  kubeconfig(): string;
  writeKubeconfig(path: string): Promise<void>;
  /** Ends watches and exec sessions, stops the clock driver and the HTTP server. */
  close(): Promise<void>;
}

function discoveryAnswer(ctx: ServeContext, req: IncomingMessage, res: ServerResponse, route: Route, serverAddress: string): boolean {
  const accept = negotiate(req.headers.accept);
  switch (route.kind) {
    case 'version':
      sendJson(res, 200, versionInfo(ctx.version));
      return true;
    case 'health':
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return true;
    case 'legacyRoot':
    case 'groupsRoot': {
      const legacy = route.kind === 'legacyRoot';
      if (accept.as === 'aggregated') {
        sendJson(res, 200, aggregatedDiscovery(ctx.version, legacy, accept.version), accept.version === 'v2' ? AGGREGATED_V2 : AGGREGATED_V2BETA1);
      } else sendJson(res, 200, legacy ? legacyVersions(serverAddress) : groupList(ctx.version));
      return true;
    }
    case 'group': {
      const g = apiGroup(ctx.version, route.group);
      if (g) sendJson(res, 200, g);
      else sendStatus(res, pathNotFound());
      return true;
    }
    case 'openapi': {
      const doc = openApiForPath(ctx.version, route.path);
      if (doc) sendJson(res, 200, doc);
      else sendStatus(res, pathNotFound());
      return true;
    }
    case 'groupVersion': {
      const list = resourceList(ctx.version, route.group, route.version);
      if (list) sendJson(res, 200, list);
      else sendStatus(res, pathNotFound());
      return true;
    }
    default:
      return false;
  }
}

async function handle(ctx: ServeContext, req: IncomingMessage, res: ServerResponse, serverAddress: string): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  try {
    ctx.time.requestStarted();
    const route = parseRoute(url.pathname);
    if (discoveryAnswer(ctx, req, res, route, serverAddress)) return;
    if (route.kind === 'resource') return await dispatchResource(resourceCall(ctx, req, res, route, url));
    if (route.kind === 'extension') return await handleExtension(ctx, req, res, route.parts);
    sendStatus(res, pathNotFound());
  } catch (err) {
    if (process.env.KSCENARIO_DEBUG) process.stderr.write(`kscenario serve: ${req.method} ${req.url}: ${err instanceof Error ? err.stack : String(err)}\n`);
    sendStatus(res, statusFromError(err));
  } finally {
    ctx.time.requestEnded();
  }
}

export async function startServer(cluster: SimulatedCluster, opts: ServeOptions): Promise<ServedCluster> {
  const host = opts.host ?? '127.0.0.1';
  const { sim } = cluster;
  const log = new WatchCache(sim.api, opts.eventLogSize);
  const time: TimeDriver = createTimeDriver(sim, log, opts.speed, opts.limitMs, (err) => {
    (opts.log ?? ((line: string) => process.stderr.write(`${line}\n`)))(`kscenario serve: the simulation stopped: ${err.message}`);
  });
  const watches = new Set<WatchStream>();
  const ctx: ServeContext = {
    cluster,
    version: sim.config.version,
    log,
    time,
    watches,
    timestamps: opts.timestamps === 'wall' ? wallTimestamps(() => Date.now() - (EPOCH_MS + sim.clock.now())) : VIRTUAL_TIMESTAMPS,
    printContext: () => ({ nowMs: EPOCH_MS + sim.clock.now(), version: sim.config.version }),
  };

  const sockets = new Set<Socket>();
  let address = `${host}:0`;
  const server: Server = createServer((req, res) => {
    if (opts.log) {
      const log = opts.log;
      const started = Date.now();
      res.on('finish', () => log(`${req.method} ${req.url} ${res.statusCode} ${req.headers['content-type'] ?? '-'} ${Date.now() - started}ms`));
    }
    void handle(ctx, req, res, address);
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    handleUpgrade(ctx, req, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  address = `${host}:${port}`;
  const url = `http://${address}`;

  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    cluster,
    time,
    kubeconfig: () => kubeconfigYaml(url),
    writeKubeconfig: (path: string) => writeFile(path, kubeconfigYaml(url), { mode: 0o600 }),
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        time.stop();
        for (const w of [...watches]) w.close();
        log.close();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return closed;
    },
  };
}
