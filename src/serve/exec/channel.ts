/**
 * The channel.k8s.io stream protocol of pods/exec over WebSocket (apimachinery
 * pkg/util/httpstream/wsstream, client-go tools/remotecommand websocket executor): every binary
 * message starts with a stream number — 0 stdin, 1 stdout, 2 stderr, 3 error (a metav1.Status
 * when the command ends), 4 resize — and v5.channel.k8s.io adds 255, "close stream <n>", which
 * is how a client says its stdin ended.
 */

export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
export const ERROR = 3;
export const RESIZE = 4;
export const CLOSE = 255;

/** Subprotocols served, in preference order (kubectl 1.30+ and @kubernetes/client-node offer v5 first). */
export const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;

export function chooseProtocol(offered: Iterable<string>): string | false {
  const set = new Set(offered);
  return PROTOCOLS.find((p) => set.has(p)) ?? false;
}

export function frame(stream: number, data: Buffer | string): Buffer {
  return Buffer.concat([Buffer.from([stream]), typeof data === 'string' ? Buffer.from(data, 'utf8') : data]);
}

export type Incoming = { kind: 'data'; stream: number; data: Buffer } | { kind: 'close'; stream: number };

export function parseFrame(message: Buffer): Incoming | undefined {
  if (message.length < 1) return undefined;
  const stream = message[0]!;
  if (stream === CLOSE) return message.length >= 2 ? { kind: 'close', stream: message[1]! } : undefined;
  return { kind: 'data', stream, data: message.subarray(1) };
}

/**
 * The error channel's final Status (the kubelet's remotecommand exit status): Success, or a
 * NonZeroExitCode failure whose ExitCode cause kubectl turns into its own exit code.
 */
export function exitStatus(code: number, command: string[]): object {
  if (code === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

/** A failure that is not an exit code (the node cannot be reached, ...): kubectl prints the message. */
export function errorStatus(message: string): object {
  return { metadata: {}, status: 'Failure', message, reason: 'InternalError', code: 500 };
}
