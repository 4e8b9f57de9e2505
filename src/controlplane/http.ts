/**
 * The few HTTP requests the control plane makes itself: health checks of its components and
 * the Node objects it creates. Anything richer goes through a real client (kubectl, the
 * cluster backend).
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpResponse {
  status: number;
  body: string;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** PEM of the CA to trust; without it (https) the peer is not verified: health checks of a 127.0.0.1 listener only */
  ca?: string;
  /** the name the server's certificate must carry (default: the URL's host) */
  servername?: string;
  token?: string;
  timeoutMs?: number;
}

export function httpCall(url: string, o: RequestOptions = {}): Promise<HttpResponse> {
  const u = new URL(url);
  const body = o.body === undefined ? undefined : JSON.stringify(o.body);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (o.token) headers.Authorization = `Bearer ${o.token}`;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(body));
  }
  return new Promise((resolve, reject) => {
    const opts = { method: o.method ?? 'GET', headers, timeout: o.timeoutMs ?? 10_000 };
    const req = u.protocol === 'https:'
      ? httpsRequest(u, { ...opts, ...(o.ca ? { ca: o.ca, ...(o.servername ? { servername: o.servername } : {}) } : { rejectUnauthorized: false }) })
      : httpRequest(u, opts);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${o.timeoutMs ?? 10_000} ms: ${url}`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** true when the URL answers 200 (any error: false). */
export async function answersOk(url: string, o: RequestOptions = {}): Promise<boolean> {
  try {
    return (await httpCall(url, { timeoutMs: 3000, ...o })).status === 200;
  } catch {
    return false;
  }
}
