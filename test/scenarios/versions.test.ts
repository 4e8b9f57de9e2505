/**
 * The scenario suite across Kubernetes versions: a scenario holds on every minor it does not
 * exclude. One that pins no kubernetesVersion runs at the minors of its spec.requires range (all
 * of 1.29–1.37 without one); one that pins a version and declares a range runs at the other minors
 * of the range too (the pin only says which one the suite shows). suite.test.ts runs each at its
 * own version; this adds the oldest minor of the range, one in the middle and the newest, or every
 * minor with KSCENARIO_EVERY_MINOR=1 (about 200 runs and 20 s on 2 cores; every minor: about 670 runs, 70-120 s).
 */
import { expectScenarioPasses } from '../support/scenario-passes';
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEFAULT_VERSION, SUPPORTED_VERSIONS, type KubeVersion } from '../../src/kube/version';
import { parseVersionRange, supportedIn } from '../../src/kube/version-range';
import { loadScenarioText, type LoadedScenario } from '../../src/scenario';
import { scenarioFiles } from './scenario-names';

const SCENARIOS = join(__dirname, '..', '..', 'scenarios');
const EVERY = process.env.KSCENARIO_EVERY_MINOR === '1';
/** spec.cluster.kubernetesVersion (a minor or a patch release), as the scenarios write it (two-space indents) */
const PIN = /(\n {2}cluster:\n(?: {4}.*\n)*? {4}kubernetesVersion:\s*)"(1\.\d+(?:\.\d+)?)"/;

async function loadAt(file: string, version?: KubeVersion): Promise<LoadedScenario> {
  let text = readFileSync(file, 'utf8');
  // a pinned scenario is moved by rewriting its pin (the command line moves only unpinned ones)
  if (version && PIN.test(text)) text = text.replace(PIN, `$1"${version}"`);
  const { scenario, errors } = await loadScenarioText(file, text, undefined, version ? { kubernetesVersion: version } : {});
  if (!scenario) throw new Error(errors.map((e) => e.describe()).join('\n'));
  return scenario;
}

const RANGE = /\n {2}requires:\n {4}kubernetesVersion: "([^"]+)"/;

/**
 * The minors besides its own that a scenario runs at here. jest needs the list up front, so pin
 * and range are read from the text; the first test checks the loader reads the same.
 */
function extraMinors(text: string): KubeVersion[] {
  const pin = PIN.exec(text)?.[2];
  const written = RANGE.exec(text)?.[1];
  if (pin && !written) return [];
  const parsed = written === undefined ? undefined : parseVersionRange(written);
  if (typeof parsed === 'string') throw new Error(parsed);
  const range = parsed ? supportedIn(parsed) : [...SUPPORTED_VERSIONS];
  const chosen = EVERY ? range : [range[0]!, range[Math.floor((range.length - 1) / 2)]!, range.at(-1)!];
  return [...new Set(chosen)].filter((v) => v !== (pin ?? DEFAULT_VERSION));
}

const files = scenarioFiles(SCENARIOS);
const cases: Array<[string, KubeVersion]> = files.flatMap((file) =>
  extraMinors(readFileSync(file, 'utf8')).map((v) => [relative(SCENARIOS, file), v] as [string, KubeVersion]));

describe('scenarios across the minors they hold on', () => {
  test('pins and ranges read from the text are what the loader reads', async () => {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const s = await loadAt(file);
      expect([relative(SCENARIOS, file), RANGE.exec(text)?.[1]]).toEqual([relative(SCENARIOS, file), s.versionRange?.text]);
      expect([relative(SCENARIOS, file), PIN.exec(text)?.[2]]).toEqual([relative(SCENARIOS, file), s.scenario.spec.cluster?.kubernetesVersion]);
    }
    expect(cases.length).toBeGreaterThan(100);
    // it loads every scenario file: about 3 s of CPU, over jest's 5 s default on a loaded machine
  }, 60_000);

  test.each(cases)('%s at %s', async (file, version) => {
    const s = await loadAt(join(SCENARIOS, file), version);
    expect(s.cluster.kubernetesVersion).toBe(version);
    await expectScenarioPasses(s);
  }, 60_000);
});
