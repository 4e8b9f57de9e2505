/** The Kubernetes minor versions whose behaviour and served APIs kscenario emulates. */

export const SUPPORTED_VERSIONS = ['1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36', '1.37'] as const;
export type KubeVersion = (typeof SUPPORTED_VERSIONS)[number];
export const DEFAULT_VERSION: KubeVersion = '1.37';

function minor(v: string): number {
  const m = /^1\.(\d+)$/.exec(v);
  if (!m) throw new Error(`not a Kubernetes minor version: ${v}`);
  return Number(m[1]);
}

/** true when `v` is the same as or newer than `than` ("1.32" >= "1.29"). */
export function atLeast(v: KubeVersion, than: string): boolean {
  return minor(v) >= minor(than);
}

export function isSupportedVersion(v: string): v is KubeVersion {
  return (SUPPORTED_VERSIONS as readonly string[]).includes(v);
}
