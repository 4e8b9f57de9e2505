/**
 * Loading @kubernetes/client-node, which is ESM-only, from this CommonJS code base.
 *
 * The module is loaded with Node's own `require`, obtained through `process.getBuiltinModule`:
 * Node 20.19+ can `require()` an ES module whose graph has no top-level await (client-node's has
 * none). Going through getBuiltinModule rather than the `require` in scope matters under jest,
 * whose module loader replaces `require` (and `module.createRequire`) with one that cannot load
 * ES modules; the real Node loader can, so the same line works in `node bin/kscenario.js` and in
 * the tests without `--experimental-vm-modules` or a change of tsconfig `module`. The cost, under
 * jest only: client-node lives outside jest's module registry (it cannot be mocked, and values it
 * creates come from the outer realm, so this code never uses `instanceof` on them).
 * docs/backends.md compares this with the `import()` alternative.
 */
import type * as K8s from '@kubernetes/client-node';
import { KscenarioError } from '../../errors';

export type ClientNode = typeof K8s;

let loaded: ClientNode | undefined;

export function clientNode(): ClientNode {
  if (loaded) return loaded;
  const builtin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const nodeModule = (builtin ? builtin('node:module') : require('node:module')) as typeof import('node:module');
  try {
    loaded = nodeModule.createRequire(__filename)('@kubernetes/client-node') as ClientNode;
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new KscenarioError('BACKEND',
      `cannot load @kubernetes/client-node: ${(err as Error).message}`,
      undefined,
      code === 'ERR_REQUIRE_ESM'
        ? `the cluster backend needs Node.js 20.19 or newer (this is ${process.version}), which can require() ES modules`
        : 'run `npm ci` to install the dependencies');
  }
  return loaded;
}
