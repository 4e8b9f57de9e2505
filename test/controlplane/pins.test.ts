/**
 * The Go modules that pin the control plane: versions read from go.mod, the staging replace
 * lines k8s.io/kubernetes needs from outside its repository, version arguments, the build's
 * flags and the cache's keys.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CONTROL_PLANE_MINORS, DEFAULT_CONTROL_PLANE_MINOR, GO_MODULES_DIR, goModReplaces, goModRequires, kubernetesRelease, kwokRelease,
  parseVersionArg, stagingReplaceProblems,
} from '../../src/controlplane/versions';
import { DEFAULT_VERSION, releaseOf } from '../../src/kube/version';
import {
  goBuildArgs, goBuildEnv, goModKey, kubernetesBuildPlan, kubernetesLdflags, kwokBuildPlan, readBuildRecord,
} from '../../src/controlplane/build';
import { KscenarioError } from '../../src/errors';

const temps: string[] = [];
function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

function errorOf(f: () => unknown): KscenarioError {
  try {
    f();
  } catch (e) {
    if (e instanceof KscenarioError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('the simulator and the control plane emulate one release', () => {
  // A bare minor on the simulator is its newest emulated patch release (version.ts LATEST_PATCH):
  // it must be the release the control plane of that minor is built from, or the differential run
  // would compare two patch releases.
  test.each([...CONTROL_PLANE_MINORS])('%s', (minor) => {
    expect(`v${releaseOf(minor)}`).toBe(kubernetesRelease(minor).kubernetes);
  });
});

describe('go.mod parsing', () => {
  const text = `module x

go 1.25.0

require k8s.io/kubernetes v1.35.4

require (
\tgo.etcd.io/etcd/server/v3 v3.6.5 // indirect
\tgithub.com/a/b v1.0.0
)

replace k8s.io/api => k8s.io/api v0.35.4

replace (
\tk8s.io/client-go => k8s.io/client-go v0.35.4 // pinned
\tk8s.io/local => ../local
)
`;

  test('requires, one-line and block, comments dropped', () => {
    expect([...goModRequires(text)]).toEqual([
      ['k8s.io/kubernetes', 'v1.35.4'],
      ['go.etcd.io/etcd/server/v3', 'v3.6.5'],
      ['github.com/a/b', 'v1.0.0'],
    ]);
  });

  test('replaces, one-line and block', () => {
    expect([...goModReplaces(text)]).toEqual([
      ['k8s.io/api', 'k8s.io/api v0.35.4'],
      ['k8s.io/client-go', 'k8s.io/client-go v0.35.4'],
      ['k8s.io/local', '../local'],
    ]);
  });

  test('a staging module replaced by a directory or another version is a problem', () => {
    expect(stagingReplaceProblems({ goMod: text, kubernetes: 'v1.35.4' })).toEqual(['k8s.io/local => ../local (want k8s.io/local v0.35.4)']);
    expect(stagingReplaceProblems({ goMod: text, kubernetes: 'v1.35.5' })).toHaveLength(3);
  });
});

describe('the pinned releases', () => {
  test('1.35 builds Kubernetes v1.35.4 with the etcd its go.mod requires', () => {
    const r = kubernetesRelease('1.35');
    expect(r).toMatchObject({ minor: '1.35', kubernetes: 'v1.35.4', etcd: 'v3.6.5' });
    expect(r.dir).toBe(join(GO_MODULES_DIR, 'v1.35'));
  });

  test.each(CONTROL_PLANE_MINORS.map((m) => [m]))('%s: every k8s.io staging module replaced by its v0.x release', (minor) => {
    const r = kubernetesRelease(minor);
    expect(r.kubernetes.startsWith(`v${minor}.`)).toBe(true);
    expect(stagingReplaceProblems(r)).toEqual([]);
    // the four binaries are the module's tools, and a go.sum pins their dependencies
    expect(r.goMod).toMatch(/k8s\.io\/kubernetes\/cmd\/kube-apiserver/);
    expect(r.goMod).toMatch(/go\.etcd\.io\/etcd\/server\/v3\n/);
    expect(readFileSync(join(r.dir, 'go.sum'), 'utf8')).toContain(`k8s.io/kubernetes ${r.kubernetes} h1:`);
  });

  test('the default is the simulator default', () => {
    expect(kubernetesRelease().minor).toBe(DEFAULT_CONTROL_PLANE_MINOR);
    expect(DEFAULT_CONTROL_PLANE_MINOR).toBe(DEFAULT_VERSION);
  });

  test('KWOK has a module of its own', () => {
    const k = kwokRelease();
    expect(k.kwok).toBe('v0.8.0');
    expect(k.goMod).toMatch(/tool sigs\.k8s\.io\/kwok\/cmd\/kwok/);
  });

  test('version arguments: minor or the pinned release, with or without v', () => {
    expect(parseVersionArg('1.35')).toEqual({ minor: '1.35' });
    expect(parseVersionArg('v1.35.4')).toEqual({ minor: '1.35', patch: 'v1.35.4' });
    expect(kubernetesRelease('v1.35.4').kubernetes).toBe('v1.35.4');
    expect(kubernetesRelease('1.35.4').kubernetes).toBe('v1.35.4');
    expect(errorOf(() => parseVersionArg('latest')).code).toBe('USAGE');
    const other = errorOf(() => kubernetesRelease('1.35.1'));
    expect(other.code).toBe('UNSUPPORTED');
    expect(other.message).toContain('1.35 builds v1.35.4');
    expect(errorOf(() => kubernetesRelease('1.29')).message).toContain('no control-plane module');
  });

  test('a missing module directory says where the modules are', () => {
    const empty = tempDir('kscenario-mods-');
    const e = errorOf(() => kubernetesRelease('1.35', empty));
    expect(e.code).toBe('FILE_NOT_FOUND');
    expect(e.hint).toContain('src/controlplane/go');
  });
});

describe('the build', () => {
  test('the version is stamped as hack/lib/version.sh does, symbols stripped', () => {
    const ld = kubernetesLdflags('v1.35.4');
    expect(ld.split(' ').slice(0, 2)).toEqual(['-s', '-w']);
    for (const pkg of ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']) {
      expect(ld).toContain(`-X ${pkg}.gitVersion=v1.35.4`);
      expect(ld).toContain(`-X ${pkg}.gitMajor=1`);
      expect(ld).toContain(`-X ${pkg}.gitMinor=35`);
    }
  });

  test('one go build per binary, API server first; KWOK on its own', () => {
    const plan = kubernetesBuildPlan(kubernetesRelease('1.35'), '/cache/v1.35.4');
    expect(plan.targets.map((t) => t.name)).toEqual(['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd']);
    expect(plan.targets.find((t) => t.name === 'etcd')!.pkg).toBe('go.etcd.io/etcd/server/v3');
    expect(goBuildArgs(plan.targets[0]!, '/out/kube-apiserver', '-s -w')).toEqual(
      ['build', '-trimpath', '-ldflags=-s -w', '-o', '/out/kube-apiserver', 'k8s.io/kubernetes/cmd/kube-apiserver']);
    const kwok = kwokBuildPlan(kwokRelease(), '/cache/kwok');
    expect(kwok.targets).toEqual([{ name: 'kwok', pkg: 'sigs.k8s.io/kwok/cmd/kwok' }]);
    expect(kwok.ldflags).toContain('sigs.k8s.io/kwok/pkg/consts.Version=v0.8.0');
  });

  test('go build runs with -mod=mod, no cgo and no go.work, keeping the user flags', () => {
    const env = goBuildEnv({ PATH: '/bin', GOFLAGS: '-buildvcs=false', UNSET: undefined });
    expect(env).toEqual({ PATH: '/bin', GOFLAGS: '-buildvcs=false -mod=mod', CGO_ENABLED: '0', GOWORK: 'off' });
  });

  test('a cached build counts only when complete and made from the same go.mod', () => {
    const dir = tempDir('kscenario-build-');
    const plan = kwokBuildPlan({ dir: '/nowhere', goMod: 'module a\n', kwok: 'v0.8.0' }, dir);
    expect(readBuildRecord(plan)).toBeUndefined();
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin', 'kwok'), '');
    const record = { goModSha256: goModKey('module a\n'), go: 'go1.26', builtAt: '', binaries: {}, seconds: 1 };
    writeFileSync(join(dir, 'build.json'), JSON.stringify(record));
    expect(readBuildRecord(plan)).toEqual(record);
    expect(readBuildRecord({ ...plan, module: { dir: '/nowhere', goMod: 'module b\n' } })).toBeUndefined();
    // comments and blank lines are not part of the key
    expect(readBuildRecord({ ...plan, module: { dir: '/nowhere', goMod: '// pins\nmodule a // the module\n\n' } })).toEqual(record);
    expect(readBuildRecord({ ...plan, targets: [...plan.targets, { name: 'etcd', pkg: 'x' }] })).toBeUndefined();
  });
});
