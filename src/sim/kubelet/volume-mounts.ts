/**
 * A container's volume mounts as the kubelet resolves them when it creates the container
 * (pkg/kubelet/kubelet_pods.go makeMounts, container/helpers.go ExpandContainerVolumeMounts; same
 * in 1.35–1.37):
 *
 * - `subPathExpr` is expanded with the container's variables (the kubelet's: its env, envFrom and
 *   the service variables, not the runtime's HOSTNAME). Only the `$(NAME)` form is read; a name
 *   with no value or an empty one is an error naming every such name, sorted
 *   (`missing value for A, B`).
 * - The sub-path, written or expanded, must be relative (`error SubPath `/x` must not be an
 *   absolute path`) and have no `..` element (`unable to provision SubPath `a/../b`: must not
 *   contain '..'`). Validation already refuses both in a written subPath, so only an expansion
 *   can reach these checks.
 * - The first failing mount, in the container's order, fails the container's creation: the
 *   pod worker reports it as CreateContainerConfigError with this message, as a missing
 *   ConfigMap is (kuberuntime startContainer: generateContainerConfig's error), and retries.
 *
 * The sub-path's directory is made in the volume when missing (SafeMakeDir); the simulated
 * volumes hold files by path, so a directory exists as soon as a file is written under it.
 */
import type { Container } from 'kubernetes-types/core/v1';
import { expandReferences } from './var-expansion';

export interface ContainerMount {
  volume: string;
  mountPath: string;
  /** the sub-path inside the volume (subPath, or subPathExpr expanded); undefined: the whole volume */
  subPath?: string;
  readOnly: boolean;
}

export type ContainerMounts =
  | { ok: true; mounts: ContainerMount[] }
  /** `message`: the container's CreateContainerConfigError message */
  | { ok: false; message: string };

export function containerMounts(c: Container, vars: ReadonlyMap<string, string>): ContainerMounts {
  const mounts: ContainerMount[] = [];
  for (const m of c.volumeMounts ?? []) {
    const subPath = m.subPathExpr ? expandSubPath(m.subPathExpr, vars) : { ok: true as const, path: m.subPath ?? '' };
    if (!subPath.ok) return subPath;
    const problem = subPathProblem(subPath.path);
    if (problem) return { ok: false, message: problem };
    mounts.push({ volume: m.name, mountPath: m.mountPath, subPath: subPath.path || undefined, readOnly: !!m.readOnly });
  }
  return { ok: true, mounts };
}

type Expanded = { ok: true; path: string } | { ok: false; message: string };

/** ExpandContainerVolumeMounts: an unknown or empty variable expands to nothing and is reported. */
function expandSubPath(expr: string, vars: ReadonlyMap<string, string>): Expanded {
  const missing = new Set<string>();
  const path = expandReferences(expr, (name) => {
    const value = vars.get(name) ?? '';
    if (!value) missing.add(name);
    return value;
  });
  if (missing.size) return { ok: false, message: `missing value for ${[...missing].sort().join(', ')}` };
  return { ok: true, path };
}

/** makeMounts' checks of a sub-path (utilfs.IsAbs, volume/validation ValidatePathNoBacksteps). */
function subPathProblem(path: string): string | undefined {
  if (!path) return undefined;
  if (path.startsWith('/')) return `error SubPath \`${path}\` must not be an absolute path`;
  if (path.split('/').includes('..')) return `unable to provision SubPath \`${path}\`: must not contain '..'`;
  return undefined;
}
