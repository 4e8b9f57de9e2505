/**
 * Plain HTTP requests to the API server with client-node's KubeConfig doing the authentication
 * (client certificates, bearer tokens, exec and auth-provider plugins, basic auth, impersonation,
 * proxies). Requests are made here rather than through client-node's generated APIs because the
 * backend needs what those do not give back: the `Warning` response headers, every patch content
 * type on every resource and subresource, and the raw metav1.Status of a failure.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type * as K8s from '@kubernetes/client-node';
import { KscenarioError } from '../../errors';
import { apiErrorFrom, parseWarnings } from './api-errors';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  /** wall-clock bound of the whole request (default 60 s) */
  timeoutMs?: number;
}

export interface JsonAnswer<T> {
  object: T;
  warnings: string[];
}

const DEFAULT_TIMEOUT_MS = 60_000;

export class KubeHttp {
  private agent: http.Agent | undefined;

  constructor(
    readonly kc: K8s.KubeConfig,
    /** rewrites cluster namespace names in error texts back to the scenario's */
    private readonly mapText: () => (s: string) => string = () => (s) => s,
  ) {}

  get server(): string {
    const cluster = this.kc.getCurrentCluster();
    if (!cluster) throw new KscenarioError('BACKEND', 'the kubeconfig has no current cluster', undefined, 'pick one with --context');
    return cluster.server.replace(/\/+$/, '');
  }

  /** Any answer, error or not. Throws only when the server cannot be reached. */
  async request(method: string, path: string, opts: RequestOptions = {}): Promise<HttpAnswer> {
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { Accept: 'application/json' };
    let payload: string | undefined;
    if (opts.body !== undefined) {
      payload = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['Content-Type'] = opts.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const options: https.RequestOptions = { method, headers };
    await this.kc.applyToHTTPSOptions(options);
    options.agent = this.sharedAgent(options, url);
    const transport = url.protocol === 'http:' ? http : https;
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return new Promise<HttpAnswer>((resolve, reject) => {
      const req = transport.request(url, options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs / 1000}s`)));
      req.on('error', (err) => reject(unreachable(this.server, method, path, err)));
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** A JSON answer; a non-2xx answer throws the server's Status as ApiError. */
  async json<T>(method: string, path: string, opts: RequestOptions = {}): Promise<JsonAnswer<T>> {
    const a = await this.request(method, path, opts);
    if (a.status < 200 || a.status >= 300) throw apiErrorFrom(a.status, a.body, this.mapText());
    return { object: (a.body ? JSON.parse(a.body) : {}) as T, warnings: parseWarnings(a.headers.warning) };
  }

  close(): void {
    this.agent?.destroy();
    this.agent = undefined;
  }

  /**
   * One keep-alive agent for the backend's requests (client-node makes a new one per call). Its
   * TLS settings are those KubeConfig put on the first request; a proxy agent is kept as made.
   */
  private sharedAgent(options: https.RequestOptions, url: URL): http.Agent {
    if (this.agent) return this.agent;
    if (this.kc.getCurrentCluster()?.proxyUrl && options.agent) {
      this.agent = options.agent as http.Agent;
    } else if (url.protocol === 'http:') {
      this.agent = new http.Agent({ keepAlive: true });
    } else {
      const { ca, cert, key, pfx, passphrase, rejectUnauthorized, servername } = options as https.RequestOptions & { servername?: string };
      this.agent = new https.Agent({ keepAlive: true, ca, cert, key, pfx, passphrase, servername, ...(rejectUnauthorized !== undefined ? { rejectUnauthorized } : {}) });
    }
    return this.agent;
  }
}

function unreachable(server: string, method: string, path: string, err: Error): KscenarioError {
  return new KscenarioError('BACKEND', `${method} ${server}${path}: ${err.message}`, undefined,
    'check that the cluster is up and that the kubeconfig (--kubeconfig, --context) points at it');
}
