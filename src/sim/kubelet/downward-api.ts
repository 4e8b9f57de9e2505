/**
 * The files of downwardAPI volumes and of projected volumes' sources (pkg/volume/downwardapi
 * CollectData, pkg/volume/projected collectData), as the kubelet writes them from the pod it holds.
 *
 * - fieldRef: pkg/fieldpath ExtractFieldPathAsString — metadata.labels / metadata.annotations as
 *   FormatMap (one `key="value"` line per key, keys sorted, values Go-quoted, no final newline),
 *   a subscripted key (`metadata.labels['app']`) as the bare value, metadata.name, .namespace, .uid.
 * - resourceFieldRef: pkg/api/v1/resource ExtractContainerResourceValue over the container's
 *   limits merged with the node's allocatable (MergeContainerResourceLimits), divided by the
 *   divisor (default 1) and rounded up.
 * Not modelled (documented in docs/simulator.md): serviceAccountToken, clusterTrustBundle and
 * podCertificate sources of projected volumes (their files are absent).
 */
import type { Container, DownwardAPIVolumeFile, Pod, ProjectedVolumeSource } from 'kubernetes-types/core/v1';
import { parseQuantity } from '../../kube/quantity';

type Files = Map<string, string>;

/** Go's strconv.Quote for the printable text scenarios use: backslash, quote and control escapes. */
function goQuote(s: string): string {
  const escaped = s.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!);
  return `"${escaped}"`;
}

/** fieldpath.FormatMap: sorted `key="value"` lines. */
export function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${goQuote(m![k]!)}`)
    .join('\n');
}

/** fieldpath.ExtractFieldPathAsString for the paths a downwardAPI volume accepts. */
export function fieldValue(pod: Pod, fieldPath: string): string | undefined {
  const meta = pod.metadata ?? {};
  const sub = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(fieldPath);
  if (sub) return (sub[1] === 'metadata.labels' ? meta.labels : meta.annotations)?.[sub[2]!] ?? '';
  switch (fieldPath) {
    case 'metadata.labels': return formatMap(meta.labels);
    case 'metadata.annotations': return formatMap(meta.annotations);
    case 'metadata.name': return meta.name ?? '';
    case 'metadata.namespace': return meta.namespace ?? 'default';
    case 'metadata.uid': return meta.uid ?? '';
    default: return undefined; // refused by validation (validateDownwardAPIVolumeFile)
  }
}

/** ExtractContainerResourceValue with limits merged with the node's allocatable. */
export function resourceValue(container: Container | undefined, resource: string, divisorText: string | number | undefined, allocatable: Record<string, string>): string | undefined {
  if (!container) return undefined;
  const [kind, name] = resource.split('.', 2) as [string, string | undefined];
  if (!name || (kind !== 'limits' && kind !== 'requests')) return undefined;
  const own = (kind === 'limits' ? container.resources?.limits : container.resources?.requests)?.[name];
  const merged = own ?? (kind === 'limits' && ['cpu', 'memory', 'ephemeral-storage'].includes(name) ? allocatable[name] : undefined);
  const value = parseQuantity(merged ?? 0) ?? 0;
  const divisor = parseQuantity(divisorText ?? 1) || 1;
  // convertResourceCPUToString works in milli-units, the others in whole units (Quantity.Value rounds up)
  const scaled = name === 'cpu' ? Math.ceil(Math.ceil(value * 1000) / Math.ceil(divisor * 1000)) : Math.ceil(Math.ceil(value) / Math.ceil(divisor));
  return String(scaled);
}

/** The files of a downwardAPI volume (or projected downwardAPI source). */
export function downwardApiFiles(pod: Pod, items: readonly DownwardAPIVolumeFile[] | undefined, allocatable: Record<string, string>): Files {
  const files: Files = new Map();
  for (const item of items ?? []) {
    const value = item.fieldRef
      ? fieldValue(pod, item.fieldRef.fieldPath)
      : item.resourceFieldRef
        ? resourceValue(pod.spec?.containers.find((c) => c.name === item.resourceFieldRef!.containerName), item.resourceFieldRef.resource, item.resourceFieldRef.divisor, allocatable)
        : undefined;
    if (value !== undefined) files.set(`/${item.path}`, value);
  }
  return files;
}

/** Sources of data a projected volume combines (configMap, secret and downwardAPI files by path). */
export interface ProjectionSources {
  configMap(name: string, items: Array<{ key: string; path: string }> | undefined): Files;
  secret(name: string, items: Array<{ key: string; path: string }> | undefined): Files;
  downwardAPI(items: readonly DownwardAPIVolumeFile[] | undefined): Files;
}

/** pkg/volume/projected collectData: every source's files in one tree (validation keeps paths distinct). */
export function projectedFiles(sources: readonly NonNullable<ProjectedVolumeSource['sources']>[number][] | undefined, from: ProjectionSources): Files {
  const files: Files = new Map();
  for (const s of sources ?? []) {
    const part = s.configMap ? from.configMap(s.configMap.name ?? '', s.configMap.items)
      : s.secret ? from.secret(s.secret.name ?? '', s.secret.items)
        : s.downwardAPI ? from.downwardAPI(s.downwardAPI.items)
          : new Map<string, string>();
    for (const [path, content] of part) files.set(path, content);
  }
  return files;
}
