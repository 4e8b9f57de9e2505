/**
 * Kubernetes protobuf request bodies (apimachinery runtime/serializer/protobuf): the magic
 * "k8s\0", then a runtime.Unknown with the TypeMeta and the object's bytes. Decoded into the
 * JSON the same object would have been sent as, for the kinds in schema.ts; anything else is a
 * 415 telling the client to send JSON.
 */
import { ApiError } from '../../errors';
import { ANY_VERSION_KINDS, KINDS, MESSAGES, type FieldDef, type FieldType } from './schema';
import { readMessage, signed, WireError, type WireField } from './wire';

export const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

const NOT_DECODED = 'kscenario serve: the simulated API server decodes protobuf bodies only for what kubectl create makes ' +
  '(namespace, configmap, secret, serviceaccount, service, deployment, job, cronjob, poddisruptionbudget, resourcequota, roles and ' +
  'role bindings, priorityclass, horizontalpodautoscaler) and DeleteOptions';

function unsupported(why: string): ApiError {
  return new ApiError(415, 'UnsupportedMediaType', `${NOT_DECODED}: ${why}; send JSON instead (kubectl create -f / kubectl apply -f)`);
}

type Json = unknown;

function bytesOf(v: WireField['value']): Buffer {
  if (!Buffer.isBuffer(v)) throw new WireError('expected length-delimited bytes');
  return v;
}

function varintOf(v: WireField['value']): bigint {
  if (Buffer.isBuffer(v)) throw new WireError('expected a varint');
  return v;
}

function time(buf: Buffer): string | undefined {
  let seconds = 0;
  let nanos = 0;
  for (const w of readMessage(buf)) {
    if (w.field === 1) seconds = signed(varintOf(w.value));
    else if (w.field === 2) nanos = signed(varintOf(w.value));
  }
  if (seconds === 0 && nanos === 0) return undefined;
  return new Date(seconds * 1000 + Math.floor(nanos / 1e6)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** IntOrString: type 0 is the int, 1 the string. */
function intOrString(buf: Buffer): number | string {
  let type = 0;
  let intVal = 0;
  let strVal = '';
  for (const w of readMessage(buf)) {
    if (w.field === 1) type = signed(varintOf(w.value));
    else if (w.field === 2) intVal = signed(varintOf(w.value));
    else if (w.field === 3) strVal = bytesOf(w.value).toString('utf8');
  }
  return type === 1 ? strVal : intVal;
}

function quantity(buf: Buffer): string {
  const s = readMessage(buf).find((w) => w.field === 1);
  return s ? bytesOf(s.value).toString('utf8') : '0';
}

function mapEntry(buf: Buffer, valueType: 'string' | 'bytes' | 'quantity'): [string, Json] {
  let key = '';
  let value: Json = valueType === 'quantity' ? '0' : '';
  for (const w of readMessage(buf)) {
    if (w.field === 1) key = bytesOf(w.value).toString('utf8');
    else if (w.field === 2) {
      const b = bytesOf(w.value);
      value = valueType === 'string' ? b.toString('utf8') : valueType === 'bytes' ? b.toString('base64') : quantity(b);
    }
  }
  return [key, value];
}

/** A scalar or nested value; undefined when JSON would leave it out (a zero non-pointer field). */
function value(def: FieldDef, w: WireField, path: string): Json {
  const t: FieldType = def.type;
  if (typeof t === 'object' && 'message' in t) return decodeMessage(t.message, bytesOf(w.value), path);
  switch (t) {
    case 'string': {
      const s = bytesOf(w.value).toString('utf8');
      return s === '' && !def.ptr && !def.repeated ? undefined : s;
    }
    case 'bytes':
      return bytesOf(w.value).toString('base64');
    case 'int32':
    case 'int64': {
      const n = signed(varintOf(w.value));
      return n === 0 && !def.ptr ? undefined : n;
    }
    case 'bool': {
      const b = varintOf(w.value) !== 0n;
      return !b && !def.ptr ? undefined : b;
    }
    case 'time':
      return time(bytesOf(w.value));
    case 'intOrString': {
      const v = intOrString(bytesOf(w.value));
      return v === 0 && !def.ptr ? undefined : v;
    }
    case 'quantity':
      return quantity(bytesOf(w.value));
    default:
      throw unsupported(`field ${path} has an unexpected type`);
  }
}

function decodeMessage(name: string, buf: Buffer, path: string): Record<string, Json> {
  const fields = MESSAGES[name];
  if (!fields) throw unsupported(`no decoder for ${name}`);
  const out: Record<string, Json> = {};
  for (const w of readMessage(buf)) {
    const def = fields[w.field];
    if (!def) throw unsupported(`${name} field ${w.field} (at ${path || 'the top'}) is not decoded`);
    const at = path ? `${path}.${def.name}` : def.name;
    if (def.type === 'ignore') continue;
    if (typeof def.type === 'object' && 'map' in def.type) {
      const [k, v] = mapEntry(bytesOf(w.value), def.type.map);
      out[def.name] = { ...((out[def.name] as object | undefined) ?? {}), [k]: v };
      continue;
    }
    const v = value(def, w, at);
    if (def.repeated) out[def.name] = [...((out[def.name] as Json[] | undefined) ?? []), v];
    else if (v !== undefined) out[def.name] = v;
  }
  return out;
}

export function isProtobuf(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/vnd.kubernetes.protobuf';
}

/** The JSON object a protobuf body stands for; 415 when it is not one of the decoded kinds. */
export function decodeProtobufBody(body: Buffer): Record<string, Json> {
  if (body.length < 4 || !body.subarray(0, 4).equals(PROTOBUF_MAGIC)) throw unsupported('the body lacks the protobuf envelope');
  try {
    const unknown = decodeMessage('Unknown', body.subarray(4), '');
    const typeMeta = (unknown.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
    const key = `${typeMeta.apiVersion ?? ''}/${typeMeta.kind ?? ''}`;
    const message = KINDS[key] ?? ANY_VERSION_KINDS[typeMeta.kind ?? ''];
    if (!message) throw unsupported(`${typeMeta.kind ?? 'an object'} (${typeMeta.apiVersion ?? ''}) is not decoded`);
    if (unknown.contentEncoding) throw unsupported(`content encoding ${String(unknown.contentEncoding)}`);
    const raw = Buffer.from(String(unknown.raw ?? ''), 'base64');
    return { apiVersion: typeMeta.apiVersion, kind: typeMeta.kind, ...decodeMessage(message, raw, '') };
  } catch (e) {
    if (e instanceof WireError) throw new ApiError(400, 'BadRequest', `the body of the request could not be decoded: ${e.message}`);
    throw e;
  }
}
