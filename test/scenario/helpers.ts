/** Helpers for loader tests: scenario text from an indented template, errors as `CODE line:col message`. */
import { loadScenarioText } from '../../src/scenario';
import type { InputError } from '../../src/errors';

/** Removes the indentation common to all non-empty lines (and a leading newline). */
export function yaml(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** A scenario around the given steps (indented as the items of `steps:`), for error tests. */
export function withSteps(steps: string): string {
  return yaml(`
    apiVersion: kscenario.dev/v1alpha1
    kind: Scenario
    metadata: {name: t}
    spec:
      steps:
  `) + yaml(steps).split('\n').map((l) => (l ? `    ${l}` : l)).join('\n');
}

export function line(e: InputError): string {
  return `${e.code} ${e.location?.line}:${e.location?.column} ${e.message}`;
}

export async function errorsOf(text: string, file = 'x.yaml', readFile?: (f: string) => Promise<string | undefined>): Promise<InputError[]> {
  const result = await loadScenarioText(file, text, readFile);
  return result.errors;
}

export async function linesOf(text: string, file = 'x.yaml', readFile?: (f: string) => Promise<string | undefined>): Promise<string[]> {
  return (await errorsOf(text, file, readFile)).map(line);
}

/** `line:col` where `needle` is written in `text` (its nth occurrence, from 0): where an error must point. */
export function at(text: string, needle: string, nth = 0): string {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`'${needle}' is not in the text`);
  }
  const before = text.slice(0, i).split('\n');
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}
