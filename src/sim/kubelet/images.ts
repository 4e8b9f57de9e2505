/**
 * Image references as the container runtime sees them: normalized names (docker/distribution
 * reference rules, which containerd reports in containerStatuses[].image), digests (imageID) and
 * sizes. The simulated registry serves every image; digests and sizes are stable hashes of the
 * name, so the same image has the same id on every node and every run.
 */
import type { Container } from 'kubernetes-types/core/v1';
import { RecentValues } from '../../kube/recent-values';
import { hex64 } from './ids';

export interface ImageName {
  /** `docker.io/library/nginx` */
  repository: string;
  /** `1.16.1`, or undefined for a digest reference */
  tag?: string;
  digest?: string;
}

/**
 * What a reference resolves to, worked out once per distinct reference: every pull, container start,
 * status and node status asks again about the same few images. Bounded, in case a run names images
 * without end.
 */
interface Resolved {
  name: Readonly<ImageName>;
  normalized: string;
  id?: string;
  size?: number;
}
const resolved = new RecentValues<string, Resolved>(4096);

function resolve(ref: string): Resolved {
  return resolved.get(ref, () => {
    const name = Object.freeze(parseReference(ref));
    return { name, normalized: name.digest ? `${name.repository}@${name.digest}` : `${name.repository}:${name.tag}` };
  });
}

/** reference.ParseNormalizedNamed: Docker Hub default domain, `library/` for official images, tag `latest`. */
export function parseImage(ref: string): Readonly<ImageName> {
  return resolve(ref).name;
}

function parseReference(ref: string): ImageName {
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  const first = slash < 0 ? '' : rest.slice(0, slash);
  const hasDomain = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let repository = hasDomain ? rest : `docker.io/${rest}`;
  if (!hasDomain && slash < 0) repository = `docker.io/library/${rest}`;
  if (!tag && !digest) tag = 'latest';
  return { repository, tag, digest };
}

/** `nginx:1.16.1` → `docker.io/library/nginx:1.16.1` (what containerStatuses[].image shows). */
export function normalizeImage(ref: string): string {
  return resolve(ref).normalized;
}

/** containerStatuses[].imageID: `docker.io/library/nginx@sha256:<digest>`. */
export function imageId(ref: string): string {
  const r = resolve(ref);
  return (r.id ??= `${r.name.repository}@${r.name.digest ?? `sha256:${hex64('image', r.normalized)}`}`);
}

/** Bytes the Pulled event reports: a stable size between 5 MB and 200 MB. */
export function imageSize(ref: string): number {
  const r = resolve(ref);
  return (r.size ??= 5_000_000 + (parseInt(hex64('size', r.normalized).slice(0, 8), 16) % 195_000_000));
}

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/**
 * The container's imagePullPolicy, defaulted as the API server does (pkg/apis/core/v1/defaults.go
 * SetDefaults_Container: Always for `:latest` or no tag, else IfNotPresent).
 */
export function pullPolicy(c: Container): PullPolicy {
  if (c.imagePullPolicy) return c.imagePullPolicy as PullPolicy;
  const n = parseImage(c.image ?? '');
  return n.tag === 'latest' && !n.digest ? 'Always' : 'IfNotPresent';
}
