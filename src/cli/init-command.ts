/**
 * `kscenario init [dir]`: starts a project's scenarios. Writes a starter scenario (with the
 * `$schema` line editors read) and its manifest under scenarios/, a GitHub Actions workflow that
 * runs scenarios/ on the simulator and keeps the JUnit report, and — only where there is none —
 * a package.json with kscenario as a devDependency and a .gitignore; then prints the next
 * commands and a README snippet with the workflow's badge.
 *
 * The files are the templates in templates/init/ of the package, filled in here. Nothing is
 * written over an existing file unless `--force` (then the scenario files and the workflow are
 * replaced; a package.json or .gitignore that exists is the user's and always kept). Every
 * conflict is found before anything is written, so a refused init writes nothing.
 */
import { execFile } from 'node:child_process';
import { lstat, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { quote } from 'shell-quote';
import { KscenarioError } from '../errors';
import { DEFAULT_VERSION, isSupportedVersion, SUPPORTED_VERSIONS, supportedVersionsHint } from '../kube/version';
import { INIT_TEMPLATES_DIR, PACKAGE_VERSION } from '../paths';
import type { Io } from './io';
import { makeDirectory, reasonOf } from './output-paths';

export interface InitOptions {
  force?: boolean;
  dryRun?: boolean;
  /** the minors of the workflow's matrix (default: the simulator's default) */
  kubernetesVersion?: string[];
}

/** One file init writes: where (relative to the project, `/`-separated), what, and why. */
export interface InitFile {
  path: string;
  text: string;
  about: string;
  /** the user's own file when it exists: never replaced, not even with --force */
  keepExisting?: boolean;
}

/** What stands at a path before init writes there. */
type Existing = 'absent' | 'file' | 'not a file';

/** The minors the simulator emulates, as the workflow's comment and --help name them. */
const SUPPORTED_RANGE = `${SUPPORTED_VERSIONS[0]} … ${SUPPORTED_VERSIONS.at(-1)}`;

/** The README placeholder for the repository when its GitHub owner/name is not known. */
export const UNKNOWN_REPOSITORY = 'OWNER/REPO';

export function registerInitCommand(program: Command, io: Io, exit: (code: number) => void): void {
  program
    .command('init')
    .description('start a project: a starter scenario, a GitHub Actions workflow that runs it, and a README snippet')
    .argument('[dir]', 'the project directory (made if missing)', '.')
    .option('--force', 'replace the scenario files and the workflow where they exist (an existing package.json or .gitignore is always kept)')
    .option('--dry-run', 'print every file init would write, and write nothing')
    .option('--kubernetes-version <version>', `a Kubernetes version (${SUPPORTED_RANGE}) the workflow runs the scenarios at; repeatable: one job each (default ${DEFAULT_VERSION})`, collectVersion)
    .action(async (dir: string, o: InitOptions) => exit(await initCommand(dir, o, io)));
}

function collectVersion(text: string, previous: string[] | undefined): string[] {
  const version = text.replace(/^v/, '');
  if (!isSupportedVersion(version)) throw new InvalidArgumentError(`not a version the simulator emulates; ${supportedVersionsHint()}`);
  return previous?.includes(version) ? previous : [...(previous ?? []), version];
}

export async function initCommand(dir: string, opts: InitOptions, io: Io): Promise<number> {
  const root = resolve(dir);
  await checkProjectDirectory(dir, root);
  const templates = await readTemplates();
  const files = initFiles(templates, { kubernetesVersions: opts.kubernetesVersion ?? [DEFAULT_VERSION] });
  const existing = new Map(await Promise.all(files.map(async (f) => [f.path, await existingAt(join(root, f.path))] as const)));
  refuseConflicts(dir, files, existing, !!opts.force);
  const written = files.filter((f) => !(f.keepExisting && existing.get(f.path) !== 'absent'));
  const kept = files.filter((f) => !written.includes(f));
  const snippet = readmeSnippet(templates, await githubRepository(root));
  if (opts.dryRun) {
    io.out(dryRunReport(dir, written, kept, existing) + '\n' + snippetReport(snippet));
    return 0;
  }
  for (const f of written) await writeProjectFile(dir, root, f);
  io.out(writtenReport(dir, written, kept, existing) + '\n' + nextSteps(dir, written, await declaresKscenario(join(root, 'package.json'))) + '\n' + snippetReport(snippet));
  return 0;
}

/** The files made from templates/init/: the template's name there, the file's place in the project. */
const TEMPLATED_FILES: ReadonlyArray<{ template: string } & Omit<InitFile, 'text'>> = [
  { template: 'scenarios/web-rollout.yaml', path: 'scenarios/web-rollout.yaml', about: 'the starter scenario: a Deployment rolls out a new image' },
  { template: 'scenarios/manifests/web.yaml', path: 'scenarios/manifests/web.yaml', about: 'the Deployment it sets up' },
  { template: 'github-workflow.yml', path: '.github/workflows/kscenario.yml', about: 'GitHub Actions: runs scenarios/ on the simulator, keeps the JUnit report' },
  // npm leaves a file named .gitignore out of a package: the template has another name
  { template: 'gitignore', path: '.gitignore', about: 'node_modules/ and the reports', keepExisting: true },
];

const README_TEMPLATE = 'README-snippet.md';

/**
 * The files for a project, from the template texts (by template name). Pure: the same templates
 * and settings give the same files.
 */
export function initFiles(templates: ReadonlyMap<string, string>, settings: { kubernetesVersions: readonly string[] }): InitFile[] {
  // quoted: a bare 1.30 in YAML is the number 1.3
  const values = { kubernetesVersions: settings.kubernetesVersions.map((v) => `'${v}'`).join(', '), supportedVersions: SUPPORTED_RANGE };
  return [
    ...TEMPLATED_FILES.map(({ template, ...file }) => ({ ...file, text: fillTemplate(templateText(templates, template), values) })),
    { path: 'package.json', text: starterPackageJson(), about: 'kscenario as a devDependency', keepExisting: true },
  ];
}

/** The README snippet: the badge of the repository's kscenario workflow, when the repository is known. */
export function readmeSnippet(templates: ReadonlyMap<string, string>, repository: string | undefined): string {
  return fillTemplate(templateText(templates, README_TEMPLATE), { repository: repository ?? UNKNOWN_REPOSITORY });
}

function templateText(templates: ReadonlyMap<string, string>, name: string): string {
  const text = templates.get(name);
  if (text === undefined) throw new Error(`init template ${name} is missing from ${INIT_TEMPLATES_DIR}`);
  return text;
}

/** Every template of templates/init/, by name. */
export async function readTemplates(): Promise<Map<string, string>> {
  const names = [...TEMPLATED_FILES.map((f) => f.template), README_TEMPLATE];
  return new Map(await Promise.all(names.map(async (name) => [name, await readFile(join(INIT_TEMPLATES_DIR, name), 'utf8')] as const)));
}

/** `{{name}}` replaced by its value; a placeholder without a value is a bug in the templates. */
export function fillTemplate(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    if (!Object.hasOwn(values, name)) throw new Error(`init template placeholder {{${name}}} has no value`);
    return values[name]!;
  });
}

/** A package.json for a project that has none: private, kscenario from the release that wrote it. */
function starterPackageJson(): string {
  return JSON.stringify({ private: true, devDependencies: { kscenario: `^${PACKAGE_VERSION}` } }, null, 2) + '\n';
}

/**
 * `owner/name` of a GitHub remote URL (https, ssh or scp-like `git@github.com:owner/name.git`);
 * undefined for any other host.
 */
export function githubRepositoryOf(url: string): string | undefined {
  const m = /^(?:https?:\/\/(?:[^@/]+@)?|ssh:\/\/git@|git@)github\.com[:/]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(url.trim());
  return m ? `${m[1]}/${m[2]}` : undefined;
}

/** The GitHub repository of the project's `origin` remote, if git knows one. */
function githubRepository(root: string): Promise<string | undefined> {
  return new Promise((done) => {
    execFile('git', ['-C', root, 'remote', 'get-url', 'origin'], { timeout: 5000 }, (err, stdout) => done(err ? undefined : githubRepositoryOf(stdout)));
  });
}

async function checkProjectDirectory(dir: string, root: string): Promise<void> {
  const found = await stat(root).catch(() => undefined); // missing: made when the files are written
  if (found && !found.isDirectory()) throw new KscenarioError('USAGE', `kscenario init ${dir}: it is a file, not a directory`, undefined, 'give the directory of the project (it is made if missing)');
}

async function existingAt(path: string): Promise<Existing> {
  try {
    const s = await lstat(path);
    return s.isFile() || s.isSymbolicLink() ? 'file' : 'not a file';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return 'absent';
    throw new KscenarioError('USAGE', `cannot look at ${path}: ${reasonOf(err)}`);
  }
}

/** Refuses (exit 2, nothing written) when a file init would write exists, naming each one. */
function refuseConflicts(dir: string, files: readonly InitFile[], existing: ReadonlyMap<string, Existing>, force: boolean): void {
  const blocked = files.filter((f) => existing.get(f.path) === 'not a file');
  if (blocked.length) {
    throw new KscenarioError('USAGE', `kscenario init: ${listed(blocked.map((f) => shown(dir, f.path)))} ${blocked.length === 1 ? 'is' : 'are'} not a file, where init writes one; nothing was written`,
      undefined, 'move it away, or init another directory');
  }
  const conflicts = files.filter((f) => !f.keepExisting && existing.get(f.path) === 'file');
  if (conflicts.length && !force) {
    throw new KscenarioError('USAGE', `kscenario init: ${conflicts.length === 1 ? 'this file exists' : 'these files exist'}; nothing was written:\n${conflicts.map((f) => `  ${shown(dir, f.path)}`).join('\n')}`,
      undefined, 'move or rename them, or run kscenario init --force to replace them');
  }
}

async function writeProjectFile(dir: string, root: string, file: InitFile): Promise<void> {
  const target = join(root, file.path);
  try {
    await makeDirectory(dirname(target));
    await writeFile(target, file.text);
  } catch (err) {
    throw new KscenarioError('USAGE', `kscenario init: cannot write ${shown(dir, file.path)}: ${reasonOf(err)}`, undefined, 'init a directory you may write to');
  }
}

/** Whether the project's package.json names kscenario as a dependency (a missing or unreadable one does not). */
async function declaresKscenario(packageJson: string): Promise<boolean> {
  try {
    const pkg = JSON.parse(await readFile(packageJson, 'utf8')) as Record<string, unknown>;
    return ['dependencies', 'devDependencies'].some((field) => Object.hasOwn((pkg[field] ?? {}) as object, 'kscenario'));
  } catch {
    return false;
  }
}

/** A path as the user would type it from where they ran init. */
function shown(dir: string, path: string): string {
  return join(dir, path);
}

function listed(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function fileLines(dir: string, files: readonly InitFile[]): string[] {
  const width = Math.max(...files.map((f) => shown(dir, f.path).length));
  return files.map((f) => `  ${shown(dir, f.path).padEnd(width)}  ${f.about}`);
}

function keptLines(dir: string, kept: readonly InitFile[]): string[] {
  return kept.map((f) => `kept ${shown(dir, f.path)}: it exists (init writes one only where there is none)`);
}

function replacedNote(files: readonly InitFile[], existing: ReadonlyMap<string, Existing>): string {
  const replaced = files.filter((f) => existing.get(f.path) === 'file').map((f) => f.path);
  return replaced.length ? ` (--force: replacing ${listed(replaced)})` : '';
}

function writtenReport(dir: string, written: readonly InitFile[], kept: readonly InitFile[], existing: ReadonlyMap<string, Existing>): string {
  return [`wrote ${written.length} files${replacedNote(written, existing)}:`, ...fileLines(dir, written), ...keptLines(dir, kept)].join('\n') + '\n';
}

function dryRunReport(dir: string, written: readonly InitFile[], kept: readonly InitFile[], existing: ReadonlyMap<string, Existing>): string {
  const bodies = written.map((f) => `--- ${shown(dir, f.path)} ---\n${f.text}`);
  return [`--dry-run: would write ${written.length} files${replacedNote(written, existing)} (nothing written):`, ...fileLines(dir, written), ...keptLines(dir, kept), '', ...bodies].join('\n');
}

function nextSteps(dir: string, written: readonly InitFile[], declared: boolean): string {
  const install = declared ? 'npm install                        # installs kscenario (package.json names it)' : 'npm install --save-dev kscenario   # adds kscenario to your package.json';
  // package.json too when it was kept: npm install --save-dev changes it
  const committed = [...new Set([...written.map((f) => f.path), 'package.json', 'package-lock.json'])];
  return [
    'next:',
    ...(resolve(dir) === process.cwd() ? [] : [`  cd ${quote([dir])}`]),
    `  ${install}`,
    '  npx kscenario run scenarios/       # runs the starter scenario on the simulator',
    `  git add ${committed.join(' ')}`,
    '  git commit -m "kscenario scenarios" && git push   # the kscenario workflow runs them on GitHub',
  ].join('\n') + '\n';
}

function snippetReport(snippet: string): string {
  const note = snippet.includes(UNKNOWN_REPOSITORY) ? ` (the badge: replace ${UNKNOWN_REPOSITORY} with the GitHub repository's owner and name)` : '';
  return `for your README.md${note}:\n\n${snippet}`;
}
