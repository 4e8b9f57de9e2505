/**
 * pods/exec over WebSocket: the upgrade of `GET|POST .../pods/<name>/exec?command=...` is
 * checked like the API server checks it (the pod exists, has a node, the container exists and
 * runs), then the command runs against the simulated pod (commands.ts) at the current virtual
 * instant: stdout and stderr go out on their channels, the exit status on the error channel,
 * and the connection closes. Commands that write a file wait for stdin to end (the v5 close
 * signal, or the client closing the connection).
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Pod, Service } from 'kubernetes-types/core/v1';
import { WebSocketServer, type WebSocket } from 'ws';
import { searchCandidates } from '../../sim/network/dns-name';
import type { ServeContext } from '../context';
import { parseRoute } from '../route';
import { failure, statusFromError, type Status } from '../status';
import { NOT_SIMULATED } from '../subresources';
import { chooseProtocol, ERROR, errorStatus, exitStatus, frame, parseFrame, STDERR, STDIN, STDOUT } from './channel';
import { needsStdin, planFor, runPlan, type DnsLookup, type PodIo } from './commands';

/**
 * Wall time between the upgrade and the first frame of a command that reads no stdin. client-go's
 * WebSocket executor (tools/remotecommand/websocket.go) starts reading frames before it has made
 * its stdout and stderr streams, and drops a frame for a stream it has not made yet ("Unknown
 * stream id 2, discarding message"): answered at once, a loaded machine lost kubectl's stderr.
 * Through a real API server the command starts only after the kubelet's connection is set up,
 * which takes longer than this. Chosen: 100 ms.
 */
const CLIENT_STREAMS_MS = 100;

const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => chooseProtocol(protocols) });

function reject(socket: Socket, status: Status): void {
  const body = JSON.stringify(status);
  const reason = { 400: 'Bad Request', 404: 'Not Found', 500: 'Internal Server Error' }[status.code] ?? 'Error';
  socket.end(`HTTP/1.1 ${status.code} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

interface ExecTarget {
  pod: Pod;
  namespace: string;
  container: string;
  command: string[];
}

/** The API server's checks before it connects to the kubelet (pkg/registry/core/pod/strategy.go ExecLocation). */
function target(ctx: ServeContext, url: URL): ExecTarget | Status {
  const route = parseRoute(url.pathname);
  if (route.kind === 'resource' && route.resource === 'pods' && route.subresource && NOT_SIMULATED[route.subresource]) {
    return failure(400, 'BadRequest', NOT_SIMULATED[route.subresource]!);
  }
  if (route.kind !== 'resource' || route.group !== '' || route.resource !== 'pods' || route.subresource !== 'exec' || !route.name || !route.namespace) {
    return failure(404, 'NotFound', 'the server could not find the requested resource');
  }
  const pod = ctx.cluster.sim.api.get<Pod>('Pod', route.namespace, route.name);
  if (!pod) return failure(404, 'NotFound', `pods "${route.name}" not found`, { name: route.name, kind: 'pods' });
  const command = url.searchParams.getAll('command');
  if (!command.length) return failure(400, 'BadRequest', 'you must specify at least 1 command');
  const containers = pod.spec?.containers ?? [];
  const name = url.searchParams.get('container') ?? (containers.length === 1 ? containers[0]!.name : '');
  if (!name) {
    return failure(400, 'BadRequest', `a container name must be specified for pod ${route.name}, choose one of: [${containers.map((c) => c.name).join(' ')}]`);
  }
  const known = [...containers, ...(pod.spec?.initContainers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].some((c) => c.name === name);
  if (!known) return failure(400, 'BadRequest', `container ${name} is not valid for pod ${route.name}`);
  if (!pod.spec?.nodeName) return failure(400, 'BadRequest', `pod ${route.name} does not have a host assigned`);
  const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  if (!statuses.find((s) => s.name === name)?.state?.running) {
    return failure(400, 'BadRequest', `unable to upgrade connection: container not found ("${name}")`);
  }
  return { pod, namespace: route.namespace, container: name, command };
}

function dnsServer(ctx: ServeContext): string {
  return ctx.cluster.sim.api.get<Service>('Service', 'kube-system', 'kube-dns')?.spec?.clusterIP ?? '10.96.0.10';
}

function podIo(ctx: ServeContext, t: ExecTarget): PodIo {
  const { kubelets, dns, sim } = ctx.cluster;
  const name = t.pod.metadata!.name!;
  return {
    readFile: (path) => kubelets.readFile(t.namespace, name, t.container, path),
    writeFile: (path, content) => {
      sim.act('writeFile', { namespace: t.namespace, pod: name, container: t.container, path, content });
      sim.settle();
    },
    resolve: (query, type): DnsLookup => {
      const answer = dns.resolve(query, type, t.namespace);
      // the name that answered: the first search-path candidate with records
      const fqdn = answer.found ? searchCandidates(query.toLowerCase(), t.namespace).find((c) => {
        const a = dns.query(c, type);
        return a.found && (a.addresses.length > 0 || a.srv.length > 0);
      }) : undefined;
      return { ...answer, ...(fqdn ? { fqdn } : {}) };
    },
    hostname: t.pod.spec?.hostname ?? name,
    dnsServer: dnsServer(ctx),
  };
}

/** Handles an HTTP upgrade request; anything but pods/exec is refused. */
export function handleUpgrade(ctx: ServeContext, req: IncomingMessage, socket: Socket, head: Buffer): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  let t: ExecTarget | Status;
  try {
    ctx.time.requestStarted();
    t = target(ctx, url);
  } catch (err) {
    t = statusFromError(err);
  } finally {
    ctx.time.requestEnded();
  }
  if (!('pod' in t)) return reject(socket, t);
  if (!chooseProtocol(String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()))) {
    return reject(socket, failure(400, 'BadRequest', 'kscenario serve: exec needs a WebSocket with the v5.channel.k8s.io or v4.channel.k8s.io subprotocol (SPDY is not supported)'));
  }
  const exec = t;
  wss.handleUpgrade(req, socket, head, (ws) => session(ctx, ws, exec));
}

function session(ctx: ServeContext, ws: WebSocket, t: ExecTarget): void {
  const plan = planFor(t.command);
  const stdin: Buffer[] = [];
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    try {
      ctx.time.requestStarted();
      const result = runPlan(plan, t.command, podIo(ctx, t), Buffer.concat(stdin).toString('utf8'));
      if (result.stdout) ws.send(frame(STDOUT, result.stdout));
      if (result.stderr) ws.send(frame(STDERR, result.stderr));
      ws.send(frame(ERROR, JSON.stringify(exitStatus(result.exitCode, t.command))));
    } catch (err) {
      ws.send(frame(ERROR, JSON.stringify(errorStatus(statusFromError(err).message ?? String(err)))));
    } finally {
      ctx.time.requestEnded();
      ws.close(1000);
    }
  };
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) return;
    const f = parseFrame(data);
    if (!f) return;
    if (f.kind === 'data' && f.stream === STDIN) stdin.push(Buffer.from(f.data));
    if (f.kind === 'close' && f.stream === STDIN && needsStdin(plan)) run();
  });
  ws.on('close', () => {
    // a client without the v5 close signal ends stdin by closing; nothing can be sent back then
    if (!done && needsStdin(plan)) {
      done = true;
      try {
        runPlan(plan, t.command, podIo(ctx, t), Buffer.concat(stdin).toString('utf8'));
      } catch {
        // the client is gone: nobody to tell
      }
    }
  });
  if (needsStdin(plan)) return;
  // a command without stdin starts once the client can take its output (CLIENT_STREAMS_MS); the
  // request holds the served clock meanwhile, so it still runs at the instant it was asked for
  try {
    ctx.time.requestStarted();
  } catch {
    // the simulation has failed: run() answers with that error at once
    ctx.time.requestEnded();
    return run();
  }
  setTimeout(() => {
    ctx.time.requestEnded();
    if (ws.readyState === ws.OPEN) run();
  }, CLIENT_STREAMS_MS);
}


