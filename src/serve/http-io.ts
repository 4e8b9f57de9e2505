/** Reading request bodies and writing JSON answers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ApiError } from '../errors';
import { decodeProtobufBody, isProtobuf } from './protobuf/decode';
import type { Status } from './status';

/** 3 MiB, the API server's limit for a request body (maxRequestBodyBytes). */
const MAX_BODY = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new ApiError(413, 'RequestEntityTooLarge', 'the request body is too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Decodes a JSON body (or YAML, which the API server also accepts as application/yaml, or the
 * protobuf kubectl's typed clients send for the kinds protobuf/ decodes). An undecodable body
 * is a 400 BadRequest as the serializer reports it; CBOR is a 415.
 */
export function decodeBody(raw: Buffer, contentType: string | undefined): unknown {
  if (isProtobuf(contentType)) return decodeProtobufBody(raw);
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (media.includes('cbor') || media.includes('protobuf')) {
    throw new ApiError(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf');
  }
  const text = raw.toString('utf8');
  if (text.trim() === '') return undefined;
  const yaml = /yaml/.test(contentType ?? '');
  try {
    return yaml ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new ApiError(400, 'BadRequest', `the body of the request could not be decoded: ${(e as Error).message}`);
  }
}

export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json', headers: Record<string, string | string[]> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private', ...headers });
  res.end(text);
}

export function sendStatus(res: ServerResponse, status: Status, headers: Record<string, string | string[]> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, status.code, status, 'application/json', headers);
}

/** RFC 7234 Warning headers, as the API server sends admission and validation warnings (kubectl prints "Warning: ..."). */
export function warningHeaders(warnings: string[]): Record<string, string[]> {
  if (!warnings.length) return {};
  return { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`) };
}
