/**
 * Runs the real CLI in-process on files written to a fresh temp directory, the way a user would
 * run it: `runInline({'a.yaml': '...'}, ['run', 'a.yaml'])` → exit code and output.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../src/cli/main';

export interface InlineRun {
  code: number;
  stdout: string;
  stderr: string;
  dir: string;
}

export function writeFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kscenario-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

export async function runInline(files: Record<string, string>, args: string[]): Promise<InlineRun> {
  return runIn(writeFiles(files), args);
}

/** The real CLI in-process with `dir` as the working directory (restored afterwards). */
export async function runIn(dir: string, args: string[]): Promise<InlineRun> {
  const cwd = process.cwd();
  let stdout = '';
  let stderr = '';
  process.chdir(dir);
  try {
    const code = await main(args, { out: (t) => void (stdout += t), err: (t) => void (stderr += t), color: false });
    return { code, stdout, stderr, dir };
  } finally {
    process.chdir(cwd);
  }
}

/**
 * The Deployment `web` (pods labelled app=web) as YAML text, unindented: `replicas` and the pod
 * spec's flow mapping are written as given (by default one container `c` running nginx:1.25).
 */
export function webDeployment(replicas: number | string, podSpec = 'containers: [{name: c, image: "nginx:1.25"}]'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {${podSpec}}`;
}

/** `text` with every line indented by `spaces`. */
export function indented(text: string, spaces: number): string {
  return text.split('\n').map((l) => `${' '.repeat(spaces)}${l}`).join('\n');
}

/**
 * A scenario whose setup applies the Deployment `web` (webDeployment), then the further setup
 * steps given, then `steps` (each indented as an item of `steps:`).
 */
export function webDeploymentScenario(name: string, replicas: number, steps: string, setup = ''): string {
  return `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: ${name}}
spec:
  setup:
    - apply: |
${indented(webDeployment(replicas), 8)}
${setup}  steps:
${steps}
`;
}
