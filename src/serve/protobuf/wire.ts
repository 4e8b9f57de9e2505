/**
 * Protocol buffers wire format, read without a schema: a message is a list of (field number,
 * wire type, value) records — varints, 64-bit and 32-bit fixed values, and length-delimited
 * bytes (strings, bytes, nested messages, map entries).
 */

export interface WireField {
  field: number;
  /** 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32 */
  wireType: number;
  /** varints as bigint (int64 needs 64 bits); fixed values as bigint; bytes as a Buffer */
  value: bigint | Buffer;
}

export class WireError extends Error {}

function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos >= buf.length) throw new WireError('truncated varint');
    const b = buf[pos++]!;
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7n;
    if (shift > 63n) throw new WireError('varint too long');
  }
}

export function readMessage(buf: Buffer): WireField[] {
  const out: WireField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [key, next] = readVarint(buf, pos);
    pos = next;
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (field === 0) throw new WireError('field number 0');
    switch (wireType) {
      case 0: {
        const [v, p] = readVarint(buf, pos);
        out.push({ field, wireType, value: v });
        pos = p;
        break;
      }
      case 1:
        if (pos + 8 > buf.length) throw new WireError('truncated fixed64');
        out.push({ field, wireType, value: buf.readBigUInt64LE(pos) });
        pos += 8;
        break;
      case 2: {
        const [len, p] = readVarint(buf, pos);
        const end = p + Number(len);
        if (end > buf.length) throw new WireError('truncated bytes');
        out.push({ field, wireType, value: buf.subarray(p, end) });
        pos = end;
        break;
      }
      case 5:
        if (pos + 4 > buf.length) throw new WireError('truncated fixed32');
        out.push({ field, wireType, value: BigInt(buf.readUInt32LE(pos)) });
        pos += 4;
        break;
      default:
        throw new WireError(`unsupported wire type ${wireType}`);
    }
  }
  return out;
}

/** Two's complement int32/int64 from a varint (negative numbers arrive as 64-bit varints). */
export function signed(v: bigint): number {
  return Number(BigInt.asIntN(64, v));
}
