/**
 * Files refused when they were loaded (YAML, schema, references, manifests): they did not run, so
 * they are neither passed nor failed, but every report counts and lists them as invalid, so that
 * a run whose every file was refused does not read "0 passed, 0 failed".
 */
import type { KscenarioError } from '../errors';

export interface InvalidFile {
  /** the scenario file, or what was named on the command line when no file was read */
  file: string;
  /** each problem as `file:line:col: message` with its hint, as printed to stderr */
  problems: string[];
}

/** The load errors grouped by file, in the order first seen. */
export function invalidFiles(errors: readonly KscenarioError[]): InvalidFile[] {
  const byFile = new Map<string, string[]>();
  for (const e of errors) {
    const file = e.location?.file ?? '(command line)';
    byFile.set(file, [...(byFile.get(file) ?? []), e.describe()]);
  }
  return [...byFile].map(([file, problems]) => ({ file, problems }));
}
