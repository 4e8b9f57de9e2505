/**
 * Image references as the container runtime sees them: normalized names (docker/distribution
 * reference rules, which containerd reports in containerStatuses[].image), digests (imageID) and
 * sizes. The simulated registry serves every image; digests and sizes are stable hashes of the
 * name, so the same image has the same id on every node and every run.
 */
import type { Container } from 'kubernetes-types/core/v1';
import { hex64 } from './ids';

export interface ImageName {
  /** `docker.io/library/nginx` */
  repository: string;
  /** `1.16.1`, or undefined for a digest reference */
  tag?: string;
  digest?: string;
}

/** reference.ParseNormalizedNamed: Docker Hub default domain, `library/` for official images, tag `latest`. */
export function parseImage(ref: string): ImageName {
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
  const n = parseImage(ref);
  return n.digest ? `${n.repository}@${n.digest}` : `${n.repository}:${n.tag}`;
}

/** containerStatuses[].imageID: `docker.io/library/nginx@sha256:<digest>`. */
export function imageId(ref: string): string {
  const n = parseImage(ref);
  return `${n.repository}@${n.digest ?? `sha256:${hex64('image', normalizeImage(ref))}`}`;
}

/** Bytes the Pulled event reports: a stable size between 5 MB and 200 MB. */
export function imageSize(ref: string): number {
  return 5_000_000 + (parseInt(hex64('size', normalizeImage(ref)).slice(0, 8), 16) % 195_000_000);
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
