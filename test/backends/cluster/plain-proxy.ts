/**
 * A served cluster seen as a plain Kubernetes API server: a loopback proxy that forwards every
 * request (watches and exec upgrades included) except the kscenario.dev extension group, which
 * it answers 404 as a cluster without it would. The cluster backend then has no served clock and
 * no node faults.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface PlainProxy {
  url: string;
  close(): Promise<void>;
}

/** `hide`: more path prefixes answered 404 (API groups the "cluster" does not serve). */
export async function plainProxy(target: string, hide: string[] = []): Promise<PlainProxy> {
  const t = new URL(target);
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    if (['/apis/kscenario.dev', ...hide].some((p) => (req.url ?? '').startsWith(p))) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', code: 404 }));
      return;
    }
    const up = request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers }, (answer: IncomingMessage) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      // a watch's headers go out at once, as the API server sends them
      res.flushHeaders();
      answer.pipe(res);
    });
    up.on('error', () => res.destroy());
    res.on('close', () => up.destroy());
    req.pipe(up);
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // exec: pass the upgrade through as bytes
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const up = connect(Number(t.port), t.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`, ...Object.entries(req.headers).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`)];
      up.write(lines.join('\r\n') + '\r\n\r\n');
      if (head.length) up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    sockets.add(up);
    up.on('close', () => sockets.delete(up));
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }),
  };
}
