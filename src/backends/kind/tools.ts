/**
 * Before a kind run: is `kind` installed (and which release: it picks the node images), and does a
 * Docker engine answer? Each missing piece is one error with an install hint, before anything runs.
 */
import { KscenarioError } from '../../errors';
import { INSTALL_HINT, isNotFound, ProcessError, type Command, type ProcessRunner } from './process';


export const KIND_VERSION: Command = { program: 'kind', args: ['version'], timeoutMs: 30_000 };
export const DOCKER_INFO: Command = { program: 'docker', args: ['info', '--format', '{{json .}}'], timeoutMs: 60_000 };

export interface Tools {
  /** e.g. "v0.33.0" */
  kindRelease: string;
  dockerVersion: string;
  /** "1" or "2" when Docker says */
  cgroupVersion?: string;
}

/** "kind v0.33.0 go1.25.1 linux/amd64" → "v0.33.0" */
export function parseKindVersion(stdout: string): string | undefined {
  return /\bv(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)\b/.exec(stdout)?.[0];
}

export async function checkTools(runner: ProcessRunner): Promise<Tools> {
  const [kind, docker] = await Promise.all([runner.run(KIND_VERSION), runner.run(DOCKER_INFO)]);
  const problems: KscenarioError[] = [];
  let kindRelease: string | undefined;
  if (kind.exitCode !== 0) {
    problems.push(isNotFound(kind)
      ? new KscenarioError('BACKEND', '`kind` is not installed (or not on PATH): the kind backend creates its clusters with it', undefined, INSTALL_HINT.kind)
      : new ProcessError(KIND_VERSION, kind, 'kind does not work'));
  } else {
    kindRelease = parseKindVersion(kind.stdout);
    if (!kindRelease) problems.push(new KscenarioError('BACKEND', `cannot read kind's release from \`kind version\`: ${kind.stdout.trim()}`));
  }
  let info: { ServerVersion?: string; CgroupVersion?: string; ServerErrors?: string[] } = {};
  try {
    info = JSON.parse(docker.stdout) as typeof info;
  } catch {
    info = {};
  }
  if (docker.exitCode !== 0 && isNotFound(docker)) {
    problems.push(new KscenarioError('BACKEND', '`docker` is not installed (or not on PATH): kind runs its nodes as Docker containers', undefined, INSTALL_HINT.docker));
  } else if (docker.exitCode !== 0 || !info.ServerVersion) {
    // the client answers even without an engine: its JSON then carries ServerErrors
    const why = info.ServerErrors?.join('; ') || docker.stderr.trim() || 'the Docker client printed no server version';
    problems.push(new KscenarioError('BACKEND', `no Docker engine answers \`docker info\`: ${why}`, undefined,
      'start the Docker engine (or Docker Desktop); `docker info` must work for this user without sudo. No engine yet: https://docs.docker.com/engine/install/'));
  }
  if (problems.length) {
    throw new KscenarioError('BACKEND', problems.map((p) => p.describe()).join('\n'));
  }
  return { kindRelease: kindRelease!, dockerVersion: info.ServerVersion!, ...(info.CgroupVersion ? { cgroupVersion: info.CgroupVersion } : {}) };
}
