/**
 * The contents of volumes: the "disks" behind PersistentVolumes, hostPath directories and NFS
 * exports. Data lives with the storage, not with the pod or the PV object, so it survives a pod
 * being replaced, a StatefulSet being re-created, or a Retain PV being released — and is lost
 * only when the storage itself is scrubbed (Recycle) or deleted (Delete reclaim).
 *
 * Each node has ONE host file system and each NFS server one tree of exports: a volume is a
 * directory in it, so a hostPath of /mnt sees as data/x what a PV of /mnt/data wrote as x
 * (local-path volumes under /var/local-path-provisioner included). Other PVs are one disk each.
 */
import type { PersistentVolume } from 'kubernetes-types/core/v1';
import { FileTree, normalizePath, pathInside } from './file-tree';

export type Files = Map<string, string>;

/**
 * Where a PV's bytes live: `hostPath:<node>:<path>`, `nfs:<server>:<path>` or `pv:<name>`. Two PV
 * objects that point at the same (or a nested) hostPath on the same node, or into the same NFS
 * server, share data, as they do on a real cluster.
 */
export function storageKeyOfPv(pv: PersistentVolume, nodeName?: string): string {
  const spec = pv.spec ?? {};
  if (spec.nfs) return `nfs:${spec.nfs.server}:${normalizePath(spec.nfs.path)}`;
  const node = nodeName ?? pinnedNode(pv) ?? '';
  if (spec.hostPath) return storageKeyOfHostPath(node, spec.hostPath.path);
  if (spec.local) return storageKeyOfHostPath(node, spec.local.path);
  return `pv:${pv.metadata?.name}`;
}

export function storageKeyOfHostPath(nodeName: string, path: string): string {
  return `hostPath:${nodeName}:${normalizePath(path)}`;
}

/** The node a PV is pinned to by required node affinity on kubernetes.io/hostname, if any. */
function pinnedNode(pv: PersistentVolume): string | undefined {
  for (const term of pv.spec?.nodeAffinity?.required?.nodeSelectorTerms ?? []) {
    for (const e of term.matchExpressions ?? []) {
      if (e.key === 'kubernetes.io/hostname' && e.operator === 'In' && e.values?.length === 1) return e.values[0];
    }
  }
  return undefined;
}

/**
 * A storage key as the file system it names and the directory in it. Node names have no ':'; an
 * NFS server may (IPv6), so its path starts at the first ":/".
 */
function locate(key: string): { tree: string; path: string } {
  const m = /^(hostPath:[^:]*|nfs:.*?):(\/.*)$/.exec(key);
  return m ? { tree: m[1]!, path: m[2]! } : { tree: key, path: '/' };
}

/** All storage of the simulated cluster. */
export class VolumeData {
  private readonly trees = new Map<string, FileTree>();

  /**
   * The files of a storage location, keyed by their path inside it ("/index.html"); the
   * directory is created on first use, as the runtime does for a missing bind-mount source.
   */
  files(key: string): Files {
    const { tree, path } = locate(key);
    this.tree(tree).makeDirectory(path);
    return new DirectoryFiles(() => this.tree(tree), path);
  }

  /** Removes every file under the location, which stays (the recycler's `rm -rf /scrub/*`). */
  scrub(key: string): void {
    const { tree, path } = locate(key);
    this.trees.get(tree)?.emptyDirectory(path);
  }

  /** The storage is gone (a provisioner's `rm -rf` of the volume's directory, or the disk deleted). */
  destroy(key: string): void {
    const { tree, path } = locate(key);
    if (path === '/') this.trees.delete(tree);
    else this.trees.get(tree)?.removeDirectory(path);
  }

  private tree(name: string): FileTree {
    let t = this.trees.get(name);
    if (!t) this.trees.set(name, (t = new FileTree()));
    return t;
  }
}

/**
 * A directory of a file tree seen as a Map from paths inside it to file contents. It is a Map
 * so code written for a volume's files as a plain Map (an emptyDir is one) works unchanged; every
 * operation goes to the tree, so all views of overlapping directories agree.
 */
class DirectoryFiles extends Map<string, string> {
  constructor(
    private readonly fs: () => FileTree,
    private readonly dir: string,
  ) {
    super();
  }

  override get(path: string): string | undefined {
    return this.fs().read(pathInside(this.dir, path));
  }

  override has(path: string): boolean {
    return this.get(path) !== undefined;
  }

  /** Throws FileSystemError where a real write would fail (over a directory, below a file). */
  override set(path: string, content: string): this {
    this.fs().write(pathInside(this.dir, path), content);
    return this;
  }

  override delete(path: string): boolean {
    return this.fs().removeFile(pathInside(this.dir, path));
  }

  override clear(): void {
    this.fs().emptyDirectory(this.dir);
  }

  override get size(): number {
    let n = 0;
    for (const _ of this.fs().filesUnder(this.dir)) n++;
    return n;
  }

  override entries(): MapIterator<[string, string]> {
    return iterate(this.fs().filesUnder(this.dir));
  }

  override keys(): MapIterator<string> {
    return iterate(mapped(this.fs().filesUnder(this.dir), ([k]) => k));
  }

  override values(): MapIterator<string> {
    return iterate(mapped(this.fs().filesUnder(this.dir), ([, v]) => v));
  }

  override [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  override forEach(fn: (value: string, key: string, map: Map<string, string>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.fs().filesUnder(this.dir)) fn.call(thisArg, v, k, this);
  }
}

function* mapped<T, U>(items: Iterable<T>, fn: (t: T) => U): Generator<U> {
  for (const t of items) yield fn(t);
}

/** A generator as the iterator type Map's methods return. */
function iterate<T>(items: Generator<T>): MapIterator<T> {
  return items as unknown as MapIterator<T>;
}
