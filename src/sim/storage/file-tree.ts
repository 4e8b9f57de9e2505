/**
 * One file system as a tree of directories: a node's host file system, an NFS server's exports,
 * or one provisioned disk. Every volume that points into it (a hostPath of /mnt, a PV of
 * /mnt/data, a local-path directory) is a view of a subtree, so what one writes the others see
 * at the matching path, as bind mounts of the same host directory do on a real node.
 *
 * Paths are absolute ("/mnt/data/index.html"); "." and ".." are resolved, repeated slashes
 * ignored. Only regular files hold content; directories exist to keep files and to give the
 * errors a real file system gives (writing over a directory, or below a file).
 */
import { KscenarioError } from '../../errors';

interface Directory {
  /** name → sub-directory or file content, in creation order */
  readonly entries: Map<string, Directory | string>;
}

/** A write the file system refuses, with the strerror text a shell would print. */
export class FileSystemError extends KscenarioError {
  constructor(readonly what: 'Is a directory' | 'Not a directory') {
    super('BACKEND', what);
  }
}

export class FileTree {
  private readonly root: Directory = newDirectory();

  read(path: string): string | undefined {
    const found = this.lookup(path);
    return typeof found === 'string' ? found : undefined;
  }

  isDirectory(path: string): boolean {
    const found = this.lookup(path);
    return found !== undefined && typeof found !== 'string';
  }

  /** Writes a regular file, creating missing parent directories (`mkdir -p`, then the write). */
  write(path: string, content: string): void {
    const parts = split(path);
    const name = parts.pop();
    if (name === undefined) throw new FileSystemError('Is a directory');
    const dir = this.makeDirectories(parts);
    if (typeof dir.entries.get(name) === 'object') throw new FileSystemError('Is a directory');
    dir.entries.set(name, content);
  }

  /** Removes a regular file; true if there was one. */
  removeFile(path: string): boolean {
    const parts = split(path);
    const name = parts.pop();
    const dir = this.directoryAt(parts);
    if (name === undefined || !dir || typeof dir.entries.get(name) !== 'string') return false;
    return dir.entries.delete(name);
  }

  /** `mkdir -p`; false when a file is in the way. */
  makeDirectory(path: string): boolean {
    try {
      this.makeDirectories(split(path));
      return true;
    } catch (e) {
      if (e instanceof FileSystemError) return false;
      throw e;
    }
  }

  /** Empties a directory and keeps it (`rm -rf <dir>/*`). */
  emptyDirectory(path: string): void {
    const dir = this.directoryAt(split(path));
    dir?.entries.clear();
  }

  /** Removes a directory with everything in it (`rm -rf <dir>`); the root is only emptied. */
  removeDirectory(path: string): void {
    const parts = split(path);
    const name = parts.pop();
    if (name === undefined) return this.root.entries.clear();
    const parent = this.directoryAt(parts);
    if (parent && typeof parent.entries.get(name) === 'object') parent.entries.delete(name);
  }

  /** The regular files under a directory, by their path relative to it ("/sub/file"), depth first. */
  *filesUnder(path: string): Generator<[string, string]> {
    const dir = this.directoryAt(split(path));
    if (dir) yield* walk(dir, '');
  }

  private lookup(path: string): Directory | string | undefined {
    let node: Directory | string = this.root;
    for (const part of split(path)) {
      if (typeof node === 'string') return undefined;
      const next: Directory | string | undefined = node.entries.get(part);
      if (next === undefined) return undefined;
      node = next;
    }
    return node;
  }

  private directoryAt(parts: readonly string[]): Directory | undefined {
    const found = this.lookup('/' + parts.join('/'));
    return typeof found === 'object' ? found : undefined;
  }

  private makeDirectories(parts: readonly string[]): Directory {
    let dir = this.root;
    for (const part of parts) {
      const next = dir.entries.get(part);
      if (typeof next === 'string') throw new FileSystemError('Not a directory');
      if (next) dir = next;
      else dir.entries.set(part, (dir = newDirectory()));
    }
    return dir;
  }
}

function newDirectory(): Directory {
  return { entries: new Map() };
}

function* walk(dir: Directory, prefix: string): Generator<[string, string]> {
  for (const [name, entry] of dir.entries) {
    const path = `${prefix}/${name}`;
    if (typeof entry === 'string') yield [path, entry];
    else yield* walk(entry, path);
  }
}

/** The names along an absolute or relative path, with "." and ".." resolved. */
function split(path: string): string[] {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out;
}

/** The canonical absolute form of a path: "/a/b", "/" for the root. */
export function normalizePath(path: string): string {
  return '/' + split(path).join('/');
}

/**
 * `path` inside the directory `base`: resolved on its own first, so ".." never climbs out of
 * `base` (a container cannot leave its mount that way).
 */
export function pathInside(base: string, path: string): string {
  return '/' + [...split(base), ...split(path)].join('/');
}
