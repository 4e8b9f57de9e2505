/**
 * `kscenario compare` on real simulator runs made by the CLI in-process: one scenario on two
 * Kubernetes versions (StatefulSet maxUnavailable is on by default in 1.35.0-1.35.3), one on two seeds
 * (a scheduling tie-break), a scenario only one run has, and a hand-made pair of runs.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, HistoryBuilder, tempDir } from './support';

const STS = `apiVersion: v1
kind: Service
metadata: {name: nginx}
spec:
  clusterIP: None
  selector: {app: nginx}
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: nginx
  replicas: 3
  podManagementPolicy: Parallel
  updateStrategy:
    type: RollingUpdate
    rollingUpdate: {maxUnavailable: 2}
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec:
      containers:
        - {name: nginx, image: "nginx:1.14.2"}
`;

/** The same scenario (same name) written for one Kubernetes version. */
function rollingUpdate(version: string): string {
  return `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: sts-max-unavailable, claims: ["x-1"]}
spec:
  cluster: {kubernetesVersion: "${version}"}
  setup:
    - apply: web.yaml
    - expect: {within: 2m, resources: [{kind: Pod, selector: {app: nginx}, count: 3, each: {ready: true}}]}
  steps:
    - name: update the image
      setImage: {target: statefulset/web, container: nginx, image: "nginx:1.16.1"}
    - name: all updated
      expect:
        within: 5m
        resources:
          - {kind: StatefulSet, name: web, match: {status: {updatedReplicas: 3, readyReplicas: 3}}}
    - name: one pod at a time
      expectHistory:
        window: {from: update the image, to: all updated}
        never:
          - {kind: Pod, selector: {app: nginx}, readyCountBelow: 2}
`;
}

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: nginx, image: "nginx:1.25"}
`;

/** Two identical workers: which one the pod lands on is the scheduler's seeded tie-break. */
const TIE_BREAK = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: tie-break, claims: ["x-2"]}
spec:
  steps:
    - name: create
      apply: deploy.yaml
    - name: on worker-1
      expect:
        within: 1m
        resources:
          - {kind: Pod, selector: {app: web}, count: 1, each: {spec: {nodeName: worker-1}, ready: true}}
`;

const ALWAYS = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: always-holds, claims: ["x-3"]}
spec:
  steps:
    - name: create
      apply: deploy.yaml
    - name: ready
      expect: {within: 1m, resources: [{kind: Pod, selector: {app: web}, count: 1, each: {ready: true}}]}
`;

describe('kscenario compare: one scenario on Kubernetes 1.34 and 1.35 (run directories)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = tempDir({ 'web.yaml': STS, 'sts-1.34.yaml': rollingUpdate('1.34'), 'sts-1.35.yaml': rollingUpdate('1.35.0') });
    for (const [version, out] of [['1.34', 'v134'], ['1.35', 'v135']] as const) {
      mkdirSync(join(dir, out));
      const r = await cli(dir, ['run', `sts-${version}.yaml`, '--reporter', 'json', '--output', `${out}/report.json`, '--history', out]);
      expect(r.code).toBe(version === '1.34' ? 0 : 1);
    }
  });

  test('exit 1; the table, the first step that differs with its mismatch, and where the stories diverge', async () => {
    const r = await cli(dir, ['compare', 'v134', 'v135', '--names', '1.34,1.35']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      '1.34: v134/report.json (simulator, seed 1, 1 scenario), histories v134',
      '1.35: v135/report.json (simulator, seed 1, 1 scenario), histories v135',
      '',
      'scenario             claims  1.34    1.35',
      'sts-max-unavailable  x-1     passed  failed  ≠',
    ]);
    expect(r.stdout).toContain("sts-max-unavailable: passed on 1.34, failed on 1.35\n  first step that differs: 'one pod at a time' (sts-1.34.yaml:17:7)\n    1.34: passed\n");
    expect(r.stdout).toMatch(/^ {4}1\.35: failed: never\[0\]: Pods selected by app=nginx: readyCountBelow 2 held at .*readyCount 1$/m);
    expect(r.stdout).toContain(
      "    in step 'all updated': on 1.34 Pod web-2 became Ready before Pod web-1 started terminating; on 1.35 Pod web-1 started terminating before Pod web-2 became Ready\n",
    );
    expect(r.stdout).toMatch(/\n1 scenario: 0 agree, 1 differs\n$/);
  });

  test('--json gives the same comparison as data; the output is the same every time', async () => {
    const r = await cli(dir, ['compare', 'v134', 'v135', '--json']);
    expect(r.code).toBe(1);
    const c = JSON.parse(r.stdout);
    expect(c.summary).toEqual({ scenarios: 1, agree: 0, differ: 1, onlyA: 0, onlyB: 0, stepsDiffer: 0, divergent: 1 });
    const s = c.scenarios[0];
    expect(s).toMatchObject({ name: 'sts-max-unavailable', claims: ['x-1'], a: 'passed', b: 'failed', verdicts: 'differ' });
    expect(s.firstStepDifference).toMatchObject({ step: 'one pod at a time', section: 'steps', index: 2, a: { status: 'passed' }, b: { status: 'failed' } });
    expect(s.history.divergences).toContainEqual(expect.objectContaining({
      type: 'order', step: 'all updated', a: ['Pod web-2 Ready', 'Pod web-1 Terminating'], b: ['Pod web-1 Terminating', 'Pod web-2 Ready'],
    }));
    expect((await cli(dir, ['compare', 'v134', 'v135', '--json'])).stdout).toBe(r.stdout);
  });

  test('B against A tells the same divergence the other way round', async () => {
    const r = await cli(dir, ['compare', 'v135', 'v134']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("sts-max-unavailable: failed on A, passed on B");
    // A's order is the reference: the pair told is the one closest together on A
    expect(r.stdout).toContain("in step 'all updated': on A Pod web-1 started terminating before Pod web-2 was deleted; on B Pod web-2 was deleted before Pod web-1 started terminating\n");
  });
});

describe('kscenario compare: one scenario on two seeds (report files and --histories)', () => {
  let dir: string;
  /** seed → the run's verdict code */
  const verdicts = new Map<number, number>();
  beforeAll(async () => {
    dir = tempDir({ 'deploy.yaml': DEPLOY, 'tie.yaml': TIE_BREAK, 'always.yaml': ALWAYS });
    // Which worker wins the tie is the seed's business: run seeds until both outcomes were seen.
    for (let seed = 1; seed <= 12 && new Set(verdicts.values()).size < 2; seed++) {
      const r = await cli(dir, ['run', 'tie.yaml', '--seed', String(seed), '--reporter', 'json', '--output', `r${seed}.json`, '--history', `h${seed}`]);
      verdicts.set(seed, r.code);
    }
  });

  const seedWith = (code: number, not?: number) => [...verdicts].find(([s, c]) => c === code && s !== not)?.[0];

  test('two seeds whose verdicts differ: exit 1, the node names in the mismatch, and the same story on both (nodes are compared by role)', async () => {
    expect(new Set(verdicts.values())).toEqual(new Set([0, 1]));
    const pass = seedWith(0)!;
    const fail = seedWith(1)!;
    const r = await cli(dir, ['compare', `r${fail}.json`, `r${pass}.json`, '--histories', `h${fail}`, `h${pass}`]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual([
      `A: r${fail}.json (simulator, seed ${fail}, 1 scenario), histories h${fail}`,
      `B: r${pass}.json (simulator, seed ${pass}, 1 scenario), histories h${pass}`,
    ]);
    // --histories before the runs means the same
    expect((await cli(dir, ['compare', '--histories', `h${fail}`, `h${pass}`, `r${fail}.json`, `r${pass}.json`])).stdout).toBe(r.stdout);
    expect(r.stdout).toMatch(/^tie-break {2}x-2 {5}failed {2}passed {2}≠$/m);
    expect(r.stdout).toMatch(/^ {4}A: failed: Pods selected by app=web: Pod web-[a-z0-9]+-[a-z0-9]{5}: spec\.nodeName: expected worker-1, observed worker-2$/m);
    expect(r.stdout).toContain('    B: passed\n');
    expect(r.stdout).toContain('  history: every object has the same story on both\n');
    // the pods had different generated names on the two seeds: web-*#1 on both
    const podNames = (seed: number) => new Set(readFileSync(join(dir, `h${seed}`, 'tie-break.history.jsonl'), 'utf8').trim().split('\n')
      .map((l) => JSON.parse(l)).filter((e) => e.kind === 'Pod' && e.namespace === 'default').map((e) => e.name));
    expect([...podNames(fail)].some((n) => podNames(pass).has(n))).toBe(false);
  });

  test('two seeds with the same verdict: exit 0; --all compares their histories too', async () => {
    const fail = seedWith(1)!;
    const other = seedWith(1, fail) ?? fail;
    const r = await cli(dir, ['compare', `r${fail}.json`, `r${other}.json`, '--histories', `h${fail}`, `h${other}`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^tie-break {2}x-2 {5}failed {2}failed$/m);
    expect(r.stdout).toMatch(/\n1 scenario: 1 agree, 0 differ\n$/);
    const all = JSON.parse((await cli(dir, ['compare', `r${fail}.json`, `r${other}.json`, '--histories', `h${fail}`, `h${other}`, '--all', '--json'])).stdout);
    expect(all.scenarios[0].history).toEqual({ compared: true, divergences: [] });
    const none = JSON.parse((await cli(dir, ['compare', `r${fail}.json`, `r${other}.json`, '--json'])).stdout);
    expect(none.scenarios[0].history).toBeUndefined();
  });

  test('a scenario only one run has is listed, and does not count as a difference', async () => {
    const r1 = await cli(dir, ['run', 'tie.yaml', 'always.yaml', '--seed', String(seedWith(1)), '--reporter', 'json', '--output', 'both.json']);
    expect(r1.code).toBe(1);
    const r = await cli(dir, ['compare', 'both.json', `r${seedWith(1)}.json`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^always-holds {2}x-3 {5}passed {2}— {7}only in A$/m);
    expect(r.stdout).toMatch(/\n2 scenarios: 1 agree, 0 differ, 1 only in A\n$/);
  });
});

describe('kscenario compare: hand-made runs', () => {
  test("a divergence in the order of two pods' changes is told with its step, with --all where the verdicts agree", async () => {
    const report = (status: string) => JSON.stringify({
      summary: {}, scenarios: [{
        name: 'ordered', file: 'ordered.yaml', claims: ['002-1'], backend: 'simulator', seed: 1, status,
        steps: ['create', 'scale to 5'].map((title, index) => ({ section: 'steps', index, title, status, location: { file: 'ordered.yaml', line: 9 + index, column: 7 } })),
      }],
    });
    const history = (ordered: boolean) => {
      const h = new HistoryBuilder().step('create').podUp('web-0').step('scale to 5').pod('web-3').pod('web-3', { node: 'worker-1', phase: 'Running' });
      if (ordered) h.pod('web-3', { node: 'worker-1', phase: 'Running', ready: true });
      h.podUp('web-4', 'worker-2');
      if (!ordered) h.pod('web-3', { node: 'worker-1', phase: 'Running', ready: true });
      return h.jsonl();
    };
    const dir = tempDir({
      'sim/report.json': report('passed'), 'sim/ordered.history.jsonl': history(true),
      'kind/report.json': report('passed'), 'kind/ordered.history.jsonl': history(false),
    });
    const plain = await cli(dir, ['compare', 'sim', 'kind', '--names', 'sim,kind']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toContain('history');
    const r = await cli(dir, ['compare', 'sim', 'kind', '--names', 'sim,kind', '--all']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain([
      'ordered: passed on both',
      '  history: 1 divergence',
      "    in step 'scale to 5': on sim Pod web-3 became Ready before Pod web-4 was created; on kind Pod web-4 was created before Pod web-3 became Ready",
    ].join('\n'));
  });

  test('a history file missing from a run directory is said in the output, not an error', async () => {
    const dir = tempDir({
      'a/report.json': JSON.stringify({ scenarios: [{ name: 'x', status: 'passed', steps: [] }] }),
      'b/report.json': JSON.stringify({ scenarios: [{ name: 'x', status: 'failed', steps: [] }] }),
      'b/x.history.jsonl': '',
    });
    writeFileSync(join(dir, 'a', 'other.history.jsonl'), '');
    const r = await cli(dir, ['compare', 'a', 'b']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("  history: not compared: no x.history.jsonl in A's history directory a\n");
  });
});
