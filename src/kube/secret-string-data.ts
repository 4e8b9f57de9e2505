/**
 * A Secret's `stringData` is write-only: converting the v1 object to the API server's internal one
 * (pkg/apis/core/v1/conversion.go Convert_v1_Secret_To_core_Secret) writes each entry into `data`
 * as bytes, over a `data` key of the same name, and the field is never stored, so a read never
 * shows it. Validation then sees only the merged `data`.
 */
import type { KObject } from './object';

export function mergeStringData(obj: KObject): KObject {
  if (obj.kind !== 'Secret' || obj.stringData === undefined) return obj;
  const { stringData, ...rest } = obj as KObject & { stringData: unknown; data?: Record<string, string> };
  if (stringData === null || typeof stringData !== 'object') return rest;
  const data: Record<string, string> = { ...(rest.data ?? {}) };
  for (const [key, text] of Object.entries(stringData as Record<string, unknown>)) data[key] = Buffer.from(String(text), 'utf8').toString('base64');
  return { ...rest, data };
}
