import { describe, expect, it } from '@jest/globals';
import { FileSystemError, FileTree, normalizePath, pathInside } from '../../../src/sim/storage/file-tree';

describe('FileTree', () => {
  it('reads back what was written, creating parent directories', () => {
    const t = new FileTree();
    t.write('/mnt/data/index.html', 'hello');
    expect(t.read('/mnt/data/index.html')).toBe('hello');
    expect(t.read('//mnt/./data/../data/index.html')).toBe('hello');
    expect(t.isDirectory('/mnt/data')).toBe(true);
    expect(t.read('/mnt/data')).toBeUndefined();
    expect(t.read('/mnt/other')).toBeUndefined();
  });

  it('lists the files under a directory by their path relative to it', () => {
    const t = new FileTree();
    t.write('/mnt/a', '1');
    t.write('/mnt/data/b', '2');
    t.write('/srv/c', '3');
    expect([...t.filesUnder('/mnt')]).toEqual([['/a', '1'], ['/data/b', '2']]);
    expect([...t.filesUnder('/mnt/data')]).toEqual([['/b', '2']]);
    expect([...t.filesUnder('/missing')]).toEqual([]);
  });

  it('refuses a write over a directory or below a file', () => {
    const t = new FileTree();
    t.write('/mnt/data/x', '1');
    expect(() => t.write('/mnt/data', 'f')).toThrow(new FileSystemError('Is a directory'));
    expect(() => t.write('/mnt/data/x/y', 'f')).toThrow(new FileSystemError('Not a directory'));
    expect(() => t.write('/', 'f')).toThrow(FileSystemError);
    expect(t.makeDirectory('/mnt/data/x/sub')).toBe(false);
    expect(t.read('/mnt/data/x')).toBe('1');
  });

  it('empties a directory and keeps it; removes one with everything in it', () => {
    const t = new FileTree();
    t.write('/mnt/data/x', '1');
    t.write('/mnt/keep', '2');
    t.emptyDirectory('/mnt/data');
    expect(t.isDirectory('/mnt/data')).toBe(true);
    expect(t.read('/mnt/data/x')).toBeUndefined();
    t.write('/mnt/data/y', '3');
    t.removeDirectory('/mnt/data');
    expect(t.isDirectory('/mnt/data')).toBe(false);
    expect(t.read('/mnt/keep')).toBe('2');
  });

  it('removes single files only', () => {
    const t = new FileTree();
    t.write('/a/b', '1');
    expect(t.removeFile('/a')).toBe(false);
    expect(t.removeFile('/a/b')).toBe(true);
    expect(t.removeFile('/a/b')).toBe(false);
    expect(t.isDirectory('/a')).toBe(true);
  });
});

describe('paths', () => {
  it('normalizes', () => {
    expect(normalizePath('')).toBe('/');
    expect(normalizePath('a//b/./c/../d/')).toBe('/a/b/d');
  });

  it('keeps a path inside its base even with ..', () => {
    expect(pathInside('/mnt/data', '/x')).toBe('/mnt/data/x');
    expect(pathInside('/mnt/data', 'x')).toBe('/mnt/data/x');
    expect(pathInside('/mnt/data', '../../etc/passwd')).toBe('/mnt/data/etc/passwd');
    expect(pathInside('/', '/')).toBe('/');
  });
});
