/**
 * The kscenario command line. Exit codes: 0 every claim holds, 1 a check failed, 2 invalid input
 * or an error (also for usage errors).
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { BACKENDS } from '../backends/names';
import { KIND_MINORS } from '../backends/kind/images';
import { registerControlPlaneCommands } from '../controlplane/cli';
import { KscenarioError } from '../errors';
import { DEFAULT_SIZE_LIMITS } from '../kube/size-limits';
import { REPORTERS } from '../report/reporter';
import { collectReport, collectReporter, type ReporterSpec } from './reporter-options';
import { PACKAGE_VERSION, SCHEMA_FILE } from '../paths';
import { DEFAULT_DIR, loadScenarioPaths } from '../scenario/load';
import { processIo, type Io } from './io';
import { invalidFiles } from '../report/invalid';
import { registerServeCommand } from './serve-command';
import { registerFaultCommand } from './fault-command';
import { registerCompareCommand } from './compare-command';
import { registerReportCommand } from './report-command';
import { registerInitCommand } from './init-command';


export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof KscenarioError) {
      io.err(err.describe() + '\n');
      return 2;
    }
    io.err(`internal error: ${err instanceof Error ? (process.env.KSCENARIO_DEBUG ? err.stack : err.message) : String(err)}\n`);
    return 2;
  }
  return code;
}

function buildProgram(io: Io, exit: (code: number) => void): Command {
  const program = new Command('kscenario')
    .description('Run declarative Kubernetes scenarios and check what a cluster really does')
    .addHelpText('after', '\nNew here? `kscenario init` writes a starter scenario and a GitHub Actions workflow that runs it.')
    .version(PACKAGE_VERSION, '-V, --version', 'print the version of kscenario')
    // options after a command are that command's: `serve --version 1.36` is serve's Kubernetes version
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  registerInitCommand(program, io, exit);

  program
    .command('run')
    .description('run scenarios (files or directories; default: ./scenarios)')
    .argument('[paths...]', 'scenario files or directories', [DEFAULT_DIR])
    .addOption(new Option('--backend <name>', 'where to run').choices([...BACKENDS]).default('simulator'))
    .option('--seed <n>', 'seed for the simulator (overrides spec.seed)', parseSeed)
    .option('--reporter <name[=file]>', `a report: ${REPORTERS.join(', ')}; junit and json to stdout or, as NAME=FILE, to a file; html=DIR writes DIR/report.html; repeatable (default: console)`, collectReporter)
    .option('--report <html=dir>', 'the HTML timeline report: html=DIR writes DIR/report.html (the same as --reporter html=DIR)', collectReport)
    .option('--output <file>', 'write the one junit/json report named without a file there (the console report still prints)')
    .option('--history <dir>', 'write <scenario>.history.jsonl for each scenario into this directory')
    .option('--filter <text>', 'only scenarios whose name, title, file, claim ids or tags contain this text')
    .option('--workers <n>', 'simulator: scenarios run at once on worker threads (default: one per core but one; 1: one after another in this process)', parseWorkers)
    .option('--kubeconfig <file>', 'cluster backend: the kubeconfig (default: KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', "cluster backend: the kubeconfig context (default: its current context)")
    .option('--dry-run', 'kind backend: print each scenario\'s kind config and every command the run would execute; run nothing')
    .option('--reuse', 'kind backend: run consecutive scenarios with the same cluster shape on one cluster')
    .option('--keep', 'kind backend: keep the clusters at the end (default: delete every cluster the run created)')
    .option('--kind-image <image>', 'kind backend: node image of every cluster (default: the kindest/node of the Kubernetes version, pinned by digest)')
    .option('--kubernetes-version <version>', `simulator, kwok: the Kubernetes minor or patch release of every scenario that pins none; kind: of every cluster, overriding the scenarios' (${KIND_MINORS[0]}–${KIND_MINORS.at(-1)}, or a patch release kind has an image of); a scenario whose spec.requires.kubernetesVersion excludes it is skipped`, parseKubernetesVersion)
    .option('--max-objects <n>', `simulator: objects one scenario may have at once, every kind (default ${DEFAULT_SIZE_LIMITS.maxObjects})`, parseLimit)
    .option('--max-pods <n>', `simulator: pods one scenario may have at once, and the largest replicas it may ask for (default ${DEFAULT_SIZE_LIMITS.maxPods})`, parseLimit)
    .option('--max-nodes <n>', `simulator: nodes one scenario may have (default ${DEFAULT_SIZE_LIMITS.maxNodes})`, parseLimit)
    .action(async (paths: string[], o: { backend: string; seed?: number; reporter?: ReporterSpec[]; report?: ReporterSpec[]; output?: string; history?: string; filter?: string; workers?: number; kubeconfig?: string; context?: string; dryRun?: boolean; reuse?: boolean; keep?: boolean; kindImage?: string; kubernetesVersion?: string; maxObjects?: number; maxPods?: number; maxNodes?: number }) => {
      const { maxObjects, maxPods, maxNodes, report, ...rest } = o;
      if (report) rest.reporter = [...(rest.reporter ?? []), ...report];
      const limits = { maxObjects: maxObjects ?? DEFAULT_SIZE_LIMITS.maxObjects, maxPods: maxPods ?? DEFAULT_SIZE_LIMITS.maxPods, maxNodes: maxNodes ?? DEFAULT_SIZE_LIMITS.maxNodes };
      // loaded when a run needs it: the backends behind it are most of the code, which the other
      // commands (validate, schema, --help) do without
      const { runCommand } = await import('./run-command');
      exit(await runCommand(paths, { ...rest, limits }, io));
    });

  program
    .command('validate')
    .description('check scenario files without running them (default: ./scenarios)')
    .argument('[paths...]', 'scenario files or directories', [DEFAULT_DIR])
    .action(async (paths: string[]) => {
      const { scenarios, errors } = await loadScenarioPaths(paths);
      for (const e of errors) io.err(e.describe() + '\n');
      const invalid = invalidFiles(errors).length;
      io.out(`${scenarios.length} valid, ${invalid ? `${invalid} invalid (errors above)` : 'no errors'}\n`);
      exit(errors.length ? 2 : 0);
    });

  program
    .command('schema')
    .description('print the JSON Schema of the scenario format')
    .action(() => io.out(readFileSync(SCHEMA_FILE, 'utf8')));

  registerControlPlaneCommands(program, io, exit);
  registerServeCommand(program, io, exit);
  registerFaultCommand(program, io, exit);
  registerCompareCommand(program, io, exit);
  registerReportCommand(program, io, exit);

  return program;
}

/** A minor or a patch release; which ones a backend runs is checked with the backend (run-command). */
function parseKubernetesVersion(text: string): string {
  const version = text.replace(/^v/, '');
  if (!/^1\.\d+(\.\d+)?$/.test(version)) throw new InvalidArgumentError('write a Kubernetes minor (1.35) or patch release (1.35.0)');
  return version;
}

function parseWorkers(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('the number of workers must be a whole number from 1');
  return n;
}

function parseLimit(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('a limit is a whole number from 1');
  return n;
}

function parseSeed(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 32 - 1) throw new InvalidArgumentError('the seed must be an integer from 0 to 4294967295');
  return n;
}
