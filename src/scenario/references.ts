/**
 * Checks that need more than one place of the document: unique names, names that refer to
 * steps or nodes, selectors that must parse, fields that make no sense together.
 */
import { STEP_VERBS } from '../../generated/scenario';
import { hasReference } from '../check/bindings';
import { parseSelectorString } from '../kube/labels';
import type { YamlPath } from './loaded';
import type { Problem } from './problem';
import { isMap, stepLabel, verbsOf, type StepRef } from './step-shape';
import { didYouMean } from '../kube/suggest';
import { DEFAULT_NODES } from './defaults';
import { podSubnetProblem } from '../kube/pod-cidrs';
import { statusPatchProblems } from './status-patches';
import { resizePatchProblems } from './resize-patches';

export function referenceProblems(doc: unknown, steps: StepRef[]): Problem[] {
  return [
    ...duplicateStepNames(steps),
    ...clusterDuplicates(doc),
    ...podSubnet(doc),
    ...nodeReferences(doc, steps),
    ...historyWindows(steps),
    ...misplacedExpectError(steps),
    ...selectorStrings(steps),
    ...partitionTargets(steps),
    ...statusPatchProblems(steps),
    ...resizePatchProblems(steps),
  ];
}

function stringAt(o: unknown, key: string): string | undefined {
  return isMap(o) && typeof o[key] === 'string' ? (o[key] as string) : undefined;
}

function duplicateStepNames(steps: StepRef[]): Problem[] {
  const first = new Map<string, StepRef>();
  const problems: Problem[] = [];
  for (const ref of steps) {
    const name = stringAt(ref.step, 'name');
    if (name === undefined) continue;
    const earlier = first.get(name);
    if (earlier) {
      problems.push({
        code: 'DUPLICATE_NAME',
        path: [...ref.path, 'name'],
        message: `step name '${name}' is used twice (${stepLabel(earlier)} and ${stepLabel(ref)})`,
        hint: 'step names must be unique: history windows and reports refer to them',
      });
    } else first.set(name, ref);
  }
  return problems;
}

function duplicatesIn(list: unknown, listPath: YamlPath, what: string): Problem[] {
  if (!Array.isArray(list)) return [];
  const seen = new Set<string>();
  const problems: Problem[] = [];
  list.forEach((item, i) => {
    const name = stringAt(item, 'name');
    if (name === undefined) return;
    if (seen.has(name)) problems.push({ code: 'DUPLICATE_NAME', path: [...listPath, i, 'name'], message: `${what} '${name}' is declared twice` });
    seen.add(name);
  });
  return problems;
}

function clusterOf(doc: unknown): Record<string, unknown> | undefined {
  const spec = isMap(doc) ? doc['spec'] : undefined;
  const cluster = isMap(spec) ? spec['cluster'] : undefined;
  return isMap(cluster) ? cluster : undefined;
}

function clusterDuplicates(doc: unknown): Problem[] {
  const cluster = clusterOf(doc);
  if (!cluster) return [];
  return [
    ...duplicatesIn(cluster['nodes'], ['spec', 'cluster', 'nodes'], 'node'),
    ...duplicatesIn(cluster['storageClasses'], ['spec', 'cluster', 'storageClasses'], 'storage class'),
  ];
}

/**
 * spec.cluster.podSubnet: what kind (validateSubnets) and kubeadm (ValidatePodSubnetNodeMask)
 * would refuse at `kind create cluster`, refused when the scenario loads, on every backend.
 */
function podSubnet(doc: unknown): Problem[] {
  const value = clusterOf(doc)?.['podSubnet'];
  if (typeof value !== 'string') return [];
  const problem = podSubnetProblem(value);
  return problem ? [{
    code: 'SCHEMA',
    path: ['spec', 'cluster', 'podSubnet'],
    message: `spec.cluster.podSubnet: ${problem}`,
    hint: 'an IPv4 CIDR from /8 to /24, e.g. 10.244.0.0/16 (kind\'s default, 256 nodes) or 10.0.0.0/12 (4,096 nodes)',
  }] : [];
}

const NODE_NAME_VERBS = ['killNode', 'restartNode', 'disconnectNode', 'reconnectNode', 'cordon', 'uncordon', 'removeNode'] as const;
const NODE_FIELD_VERBS = ['drain', 'taint', 'untaint'] as const;

/** Node names a step refers to, with their paths. */
function nodeRefs(ref: StepRef): Array<{ name: string; path: YamlPath }> {
  if (!isMap(ref.step)) return [];
  const out: Array<{ name: string; path: YamlPath }> = [];
  for (const verb of NODE_NAME_VERBS) {
    const v = ref.step[verb];
    if (typeof v === 'string') out.push({ name: v, path: [...ref.path, verb] });
  }
  for (const verb of NODE_FIELD_VERBS) {
    const node = stringAt(ref.step[verb], 'node');
    if (node !== undefined) out.push({ name: node, path: [...ref.path, verb, 'node'] });
  }
  return out;
}

/** Steps may only name nodes of the cluster or nodes an earlier addNode step added. */
function nodeReferences(doc: unknown, steps: StepRef[]): Problem[] {
  const declared = clusterOf(doc)?.['nodes'];
  const names = new Set<string>(
    Array.isArray(declared) ? declared.map((n) => stringAt(n, 'name')).filter((n): n is string => !!n) : DEFAULT_NODES.map((n) => n.name),
  );
  const problems: Problem[] = [];
  for (const ref of steps) {
    for (const { name, path } of nodeRefs(ref)) {
      if (names.has(name) || hasReference(name)) continue; // a captured node name is known when the step runs
      problems.push({
        code: 'BAD_REFERENCE',
        path,
        message: `${stepLabel(ref)} refers to node '${name}', which the cluster does not have${didYouMean(name, [...names])}`,
        hint: `nodes at this point: ${[...names].join(', ')}${Array.isArray(declared) ? '' : ' (the default cluster)'}`,
      });
    }
    const added = isMap(ref.step) ? stringAt(ref.step['addNode'], 'name') : undefined;
    if (added === undefined) continue;
    if (names.has(added)) {
      problems.push({ code: 'DUPLICATE_NAME', path: [...ref.path, 'addNode', 'name'], message: `${stepLabel(ref)} adds node '${added}', which already exists` });
    }
    names.add(added);
  }
  return problems;
}

/** A history window refers to steps that ran before the check (or to "start" / "end"). */
function historyWindows(steps: StepRef[]): Problem[] {
  const order = new Map<string, number>();
  steps.forEach((ref, i) => {
    const name = stringAt(ref.step, 'name');
    if (name !== undefined && !order.has(name)) order.set(name, i);
  });
  const problems: Problem[] = [];
  steps.forEach((ref, i) => {
    const window = isMap(ref.step) && isMap(ref.step['expectHistory']) ? ref.step['expectHistory']['window'] : undefined;
    if (!isMap(window)) return;
    const bound = (key: 'from' | 'to', special: string): number | undefined => {
      const name = stringAt(window, key);
      if (name === undefined || name === special) return undefined;
      const path = [...ref.path, 'expectHistory', 'window', key];
      const at = order.get(name);
      if (at === undefined) {
        const known = [...order.keys()];
        problems.push({
          code: 'BAD_REFERENCE',
          path,
          message: `window.${key} of ${stepLabel(ref)} refers to step '${name}', which does not exist${didYouMean(name, known)}`,
          hint: `use a step name or "${special}"${known.length ? `; step names: ${known.join(', ')}` : ''}`,
        });
      } else if (at >= i) {
        problems.push({ code: 'BAD_REFERENCE', path, message: `window.${key} of ${stepLabel(ref)} refers to step '${name}', which has not run yet when this check runs` });
      }
      return at;
    };
    const from = bound('from', 'start');
    const to = bound('to', 'end');
    if (from !== undefined && to !== undefined && from > to) {
      problems.push({ code: 'BAD_REFERENCE', path: [...ref.path, 'expectHistory', 'window'], message: `the window of ${stepLabel(ref)} starts after it ends (from runs after to)` });
    }
  });
  return problems;
}

/** expectError asserts that an action is refused; waiting and checking steps cannot be refused. */
const CANNOT_FAIL: readonly string[] = ['sleep', 'expect', 'expectHistory'];

function misplacedExpectError(steps: StepRef[]): Problem[] {
  return steps.flatMap((ref) => {
    if (!isMap(ref.step) || !('expectError' in ref.step)) return [];
    const verb = verbsOf(ref.step)[0];
    if (!verb || !CANNOT_FAIL.includes(verb)) return [];
    return [{
      code: 'SCHEMA' as const,
      path: [...ref.path, 'expectError'],
      atKey: true,
      message: `expectError has no meaning on a ${verb} step (${stepLabel(ref)})`,
      hint: `expectError asserts that an action is refused: ${STEP_VERBS.filter((v) => !CANNOT_FAIL.includes(v)).slice(0, 12).join(', ')}, ...`,
    }];
  });
}

/** Places where a selector may be written as a string, relative to a step. */
function selectorPaths(ref: StepRef): YamlPath[] {
  if (!isMap(ref.step)) return [];
  const paths: YamlPath[] = [['delete', 'selector']];
  const expect = ref.step['expect'];
  for (const list of ['resources', 'events']) {
    if (isMap(expect) && Array.isArray(expect[list])) (expect[list] as unknown[]).forEach((_, i) => paths.push(['expect', list, i, 'selector']));
  }
  const history = ref.step['expectHistory'];
  for (const list of ['never', 'always']) {
    if (isMap(history) && Array.isArray(history[list])) (history[list] as unknown[]).forEach((_, i) => paths.push(['expectHistory', list, i, 'selector']));
  }
  return paths;
}

function valueAt(v: unknown, path: YamlPath): unknown {
  return path.reduce<unknown>((cur, seg) => (cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[String(seg)] : undefined), v);
}

function selectorStrings(steps: StepRef[]): Problem[] {
  const problems: Problem[] = [];
  for (const ref of steps) {
    for (const rel of selectorPaths(ref)) {
      const selector = valueAt(ref.step, rel);
      if (typeof selector !== 'string' || hasReference(selector)) continue; // parsed once its bindings are filled in
      try {
        parseSelectorString(selector);
      } catch (e) {
        problems.push({ code: 'SCHEMA', path: [...ref.path, ...rel], message: (e as Error).message, hint: 'write a selector like kubectl -l: app=nginx,tier!=db or env in (a,b)' });
      }
    }
  }
  return problems;
}

const STATEFULSET_KINDS = ['statefulset', 'statefulsets', 'sts', 'statefulset.apps', 'statefulsets.apps'];

function partitionTargets(steps: StepRef[]): Problem[] {
  return steps.flatMap((ref) => {
    const target = isMap(ref.step) ? stringAt(ref.step['setPartition'], 'target') : undefined;
    const kind = target?.split('/')[0]?.toLowerCase();
    if (kind === undefined || !target?.includes('/') || STATEFULSET_KINDS.includes(kind)) return [];
    return [{ code: 'SCHEMA' as const, path: [...ref.path, 'setPartition', 'target'], message: `setPartition works on a StatefulSet, not on '${target}'`, hint: 'write target: statefulset/<name>' }];
  });
}
