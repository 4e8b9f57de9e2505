/**
 * `kscenario fault [--kubeconfig FILE] [--context NAME] <verb> <node>`: a node fault on a cluster
 * served by `kscenario serve`, through its kscenario.dev/v1alpha1 extension endpoint (a real
 * cluster has no such endpoint and answers 404).
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { parse } from 'yaml';
import { KscenarioError } from '../errors';
import { GROUP_VERSION as EXTENSION_GROUP_VERSION, NODE_FAULTS } from '../serve/extension';
import type { Io } from './io';

interface KubeconfigFile {
  'current-context'?: string;
  contexts?: Array<{ name: string; context?: { cluster?: string } }>;
  clusters?: Array<{ name: string; cluster?: { server?: string } }>;
}

/** The API server URL of a kubeconfig's context (default: its current context). */
export function serverOf(kubeconfigPath: string, context?: string): string {
  let text: string;
  try {
    text = readFileSync(kubeconfigPath, 'utf8');
  } catch {
    throw new KscenarioError('FILE_NOT_FOUND', `cannot read the kubeconfig ${kubeconfigPath}`, undefined, 'kscenario serve prints the path of the kubeconfig it wrote');
  }
  const kc = (parse(text) ?? {}) as KubeconfigFile;
  const name = context ?? kc['current-context'];
  const ctx = kc.contexts?.find((c) => c.name === name);
  if (!ctx) throw new KscenarioError('USAGE', `context "${name ?? ''}" not found in ${kubeconfigPath}`);
  const server = kc.clusters?.find((c) => c.name === ctx.context?.cluster)?.cluster?.server;
  if (!server) throw new KscenarioError('USAGE', `the context "${name}" of ${kubeconfigPath} names no cluster server`);
  return server.replace(/\/+$/, '');
}

export async function faultCommand(verb: string, node: string, o: { kubeconfig?: string; context?: string }, io: Io): Promise<number> {
  const path = o.kubeconfig ?? process.env.KUBECONFIG?.split(':')[0] ?? join(homedir(), '.kube', 'config');
  const server = serverOf(path, o.context);
  let res: Response;
  try {
    res = await fetch(`${server}/apis/${EXTENSION_GROUP_VERSION}/faults`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ verb, node }),
    });
  } catch (e) {
    throw new KscenarioError('BACKEND', `cannot reach ${server}: ${(e as Error).message}`, undefined, 'is kscenario serve running?');
  }
  if (res.status === 404) {
    throw new KscenarioError('BACKEND', `${server} is not a cluster served by kscenario serve (no ${EXTENSION_GROUP_VERSION} endpoint)`);
  }
  if (!res.ok) {
    const status = (await res.json().catch(() => ({}))) as { message?: string };
    throw new KscenarioError('BACKEND', `${verb} ${node}: ${status.message ?? `HTTP ${res.status}`}`);
  }
  io.out(`node/${node}: ${verb}\n`);
  return 0;
}

function parseVerb(text: string): string {
  if (!(NODE_FAULTS as readonly string[]).includes(text)) throw new InvalidArgumentError(`one of ${NODE_FAULTS.join(', ')}`);
  return text;
}

export function registerFaultCommand(program: Command, io: Io, exit: (code: number) => void): void {
  program
    .command('fault')
    .description(`a node fault on a cluster served by kscenario serve (${NODE_FAULTS.join(', ')})`)
    .argument('<verb>', NODE_FAULTS.join(' | '), parseVerb)
    .argument('<node>', 'node name')
    .option('--kubeconfig <file>', 'the kubeconfig kscenario serve wrote (default: KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'the kubeconfig context (default: its current context)')
    .action(async (verb: string, node: string, o: { kubeconfig?: string; context?: string }) => {
      exit(await faultCommand(verb, node, o, io));
    });
}
