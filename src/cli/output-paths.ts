/**
 * The files a run writes (`--output FILE`, `--history DIR`, `--report html=DIR`), checked before anything runs: a
 * path that cannot be written is a usage error (exit 2) naming the option, the path and why,
 * instead of an `internal error: ENOENT` after the whole run.
 */
import { constants } from 'node:fs';
import { access, mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { KscenarioError } from '../errors';

/** Why a file system call failed, in words (the errno names users do not read). */
const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  EISDIR: 'it is a directory',
  EEXIST: 'it exists and is not a directory',
  ENOSPC: 'no space left on the device',
  ENAMETOOLONG: 'the name is too long',
};

export function reasonOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return (code && Object.hasOwn(REASONS, code) ? REASONS[code] : undefined) ?? (err instanceof Error ? err.message : String(err));
}

function unwritable(option: string, path: string, what: string, err: unknown, hint: string): KscenarioError {
  // `--reporter junit=` reads as written: `--reporter junit=out.xml`
  const named = option.endsWith('=') ? `${option}${path}` : `${option} ${path}`;
  return new KscenarioError('USAGE', `${named}: cannot ${what}: ${reasonOf(err)}`, undefined, hint);
}

const OUTPUT_HINT = 'give a file in an existing directory you may write to';
const HISTORY_HINT = 'give a directory you may write to (it is created if missing)';

/**
 * `--output FILE` (or `--reporter junit=FILE`, named by `option`): an existing file may be
 * replaced; a new one needs a writable directory.
 */
export async function checkOutputFile(file: string, option = '--output'): Promise<void> {
  try {
    const existing = await stat(file).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (existing?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (existing) await access(file, constants.W_OK);
    else await writableDirectory(dirname(resolve(file)));
  } catch (err) {
    throw unwritable(option, file, 'write the report there', err, OUTPUT_HINT);
  }
}

/**
 * `--history DIR`: made now, one level at a time. (A recursive mkdir of a path under /proc
 * never returns in Node 20: libuv retries it for ever.)
 */
export async function prepareHistoryDirectory(dir: string): Promise<void> {
  await prepareDirectory('--history', dir, 'write history files there');
}

/**
 * `--reporter html=DIR` (named by `option`): the directory is made now as --history's is, and the
 * page's file in it checked as `--output`'s.
 */
export async function prepareReportDirectory(option: string, dir: string, page: string): Promise<void> {
  await prepareDirectory(option, dir, 'write the report there');
  await checkOutputFile(page, option);
}

async function prepareDirectory(option: string, dir: string, what: string): Promise<void> {
  try {
    await makeDirectory(resolve(dir));
  } catch (err) {
    throw unwritable(option, dir, what, err, HISTORY_HINT);
  }
}

/** Makes `dir` and its missing parents, one level at a time; an existing one must be writable. */
export async function makeDirectory(dir: string): Promise<void> {
  const existing = await stat(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (existing) return writableDirectory(dir);
  const parent = dirname(dir);
  if (parent !== dir) await makeDirectory(parent);
  await mkdir(dir);
}

async function writableDirectory(dir: string): Promise<void> {
  if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  await access(dir, constants.W_OK);
}

/** Writes a file the user named with an option; a failure says which option, file and why. */
export async function writeOutput(option: string, file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (err) {
    throw unwritable(option, file, 'write it', err, option === '--history' ? HISTORY_HINT : OUTPUT_HINT);
  }
}
