/**
 * Test support for `kscenario serve`: a simulated cluster served in-process on a free port, a
 * kubeconfig in a temp dir, and the real kubectl binary driven against it.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { buildCluster } from '../../src/sim/cluster';
import { resolveCluster } from '../../src/scenario/defaults';
import { clusterRequest } from '../../src/runner/cluster-request';
import { startServer, type ServedCluster, type ServeOptions } from '../../src/serve';

export const KUBECTL = process.env.KUBECTL ?? 'kubectl';

export interface Served {
  served: ServedCluster;
  dir: string;
  kubeconfig: string;
  kubectl(args: string[], opts?: { input?: string; timeoutMs?: number }): Promise<KubectlResult>;
  spawnKubectl(args: string[]): ChildProcess;
  close(): Promise<void>;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function serve(opts: Partial<ServeOptions> & { seed?: number; cluster?: Parameters<typeof resolveCluster>[0] } = {}): Promise<Served> {
  const cluster = buildCluster(clusterRequest(resolveCluster(opts.cluster)), opts.seed ?? 1);
  const served = await startServer(cluster, { speed: 50, ...opts });
  const dir = mkdtempSync(join(tmpdir(), 'kscenario-serve-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await served.writeKubeconfig(kubeconfig);
  // HOME in the temp dir: kubectl's discovery cache starts empty and is thrown away after
  const env = { ...process.env, KUBECONFIG: kubeconfig, HOME: dir, KUBECTL_EXTERNAL_DIFF: '' };
  return {
    served,
    dir,
    kubeconfig,
    kubectl: (args, o = {}) =>
      new Promise((resolve) => {
        const child = execFile(KUBECTL, args, { env, cwd: dir, timeout: o.timeoutMs ?? 30_000 }, (err, stdout, stderr) => {
          const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
          resolve({ code, stdout, stderr });
        });
        if (o.input !== undefined) child.stdin!.end(o.input);
      }),
    spawnKubectl: (args) => spawn(KUBECTL, args, { env, cwd: dir }),
    close: async () => {
      await served.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function writeFile(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json<T = any>(): T;
}

/** One HTTP request against the served cluster. */
export function http(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const req = request(`${base}${path}`, {
      method,
      headers: { ...(text !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) } : {}), ...headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const out = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: out, json: () => JSON.parse(out) });
      });
    });
    req.on('error', reject);
    if (text !== undefined) req.write(text);
    req.end();
  });
}

/**
 * Opens a watch and collects its events until `until` holds for the events so far (or the
 * timeout passes); then closes it.
 */
export function watchEvents(base: string, path: string, until: (events: any[]) => boolean, timeoutMs = 10_000, headers: Record<string, string> = {}): Promise<any[]> {
  return new Promise((resolve, reject) => {
    const events: any[] = [];
    let buffer = '';
    const req = request(`${base}${path}`, { headers }, (res) => {
      res.on('data', (c: Buffer) => {
        buffer += c.toString('utf8');
        let i: number;
        while ((i = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, i);
          buffer = buffer.slice(i + 1);
          if (line.trim()) events.push(JSON.parse(line));
        }
        if (until(events)) finish();
      });
      res.on('end', finish);
    });
    const timer = setTimeout(finish, timeoutMs);
    function finish() {
      clearTimeout(timer);
      req.destroy();
      resolve(events);
    }
    req.on('error', (e) => (events.length ? resolve(events) : reject(e)));
    req.end();
  });
}

export const WEB = `apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels: {app: nginx}
spec:
  clusterIP: None
  selector: {app: nginx}
  ports: [{port: 80, name: web}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 3
  selector:
    matchLabels: {app: nginx}
  template:
    metadata:
      labels: {app: nginx}
    spec:
      containers:
      - name: nginx
        image: nginx:1.16.1
        ports: [{containerPort: 80, name: web}]
`;

/** Rows of kubectl's table output as objects keyed by header. */
export function tableRows(text: string): Array<Record<string, string>> {
  const lines = text.split('\n').filter((l) => l.trim());
  const header = lines.shift() ?? '';
  const starts: number[] = [];
  const names: string[] = [];
  const re = /\S+(?: \S+)*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(header))) {
    starts.push(m.index);
    names.push(m[0]);
  }
  return lines.map((line) => {
    const row: Record<string, string> = {};
    names.forEach((n, i) => {
      row[n] = line.slice(starts[i], i + 1 < starts.length ? starts[i + 1] : undefined).trim();
    });
    return row;
  });
}
