/**
 * What the simulator serves but does not act on, as the field inventory (field-inventory.ts)
 * classifies it. A manifest using such a field would be accepted and then behave as if the field
 * were absent — a verdict on behaviour no cluster has — so the runner refuses such a scenario
 * before it runs, naming the field (runner/capabilities.ts).
 *
 * A field counts from the release whose API server keeps it (before that its feature gate is off
 * and upstream drops it on write, which the simulator's ignoring matches). The pod spec's fields
 * are classified once, so they are found in pods and in every pod template alike.
 */
import type { Unimplemented } from '../kube/unimplemented';
import type { KObject } from '../kube/object';
import { atLeast, minorOf, type KubeVersion } from '../kube/version';
import { dottedPath, presentPaths, valueAt } from '../kube/field-pattern';
import { classifiedPaths, classify, isPrefix, type Classified } from './field-classification';

type Gap = Classified & { is: 'unimplemented' };

interface GapAt {
  /** field pattern: '*' walks a list, '{}' a map's values */
  pattern: string[];
  gap: Gap;
}

export function unimplementedIn(obj: KObject, v: KubeVersion): Unimplemented[] {
  const kindKey = `${obj.apiVersion} ${obj.kind}`;
  const whole = classify(kindKey, '');
  if (whole?.is === 'unimplemented' && atLeast(v, whole.servedFrom)) return [{ path: [], field: obj.kind, feature: whole.feature }];
  return gapsOf(kindKey, v)
    .filter(({ gap }) => atLeast(v, gap.servedFrom))
    .flatMap(({ pattern, gap }) => presentPaths(obj, pattern)
      .filter((path) => !gap.when || gap.when.accepts(valueAt(obj, path), valueAt(obj, path.slice(0, -1)) as Record<string, unknown>))
      .map((path) => ({ path, field: dottedPath(path), feature: gap.feature })));
}

const cache = new Map<string, GapAt[]>();

/** The unimplemented fields of a kind in a release's table: the topmost path of each rule. */
function gapsOf(kindKey: string, v: KubeVersion): GapAt[] {
  const cacheKey = `${kindKey}@${minorOf(v)}`;
  let found = cache.get(cacheKey);
  if (!found) {
    const gaps = classifiedPaths(kindKey, v).filter((p): p is { path: string; rule: Gap } => p.rule?.is === 'unimplemented');
    const topmost = gaps.filter((p) => !gaps.some((q) => q !== p && sameRule(q.rule, p.rule) && isPrefix(q.path, p.path)));
    found = topmost.map((p) => ({ pattern: patternOf(p.path), gap: p.rule }));
    cache.set(cacheKey, found);
  }
  return found;
}

const sameRule = (a: Gap, b: Gap) => a.scope === b.scope && a.key === b.key;

/** `spec.containers[*].ports` -> ['spec', 'containers', '*', 'ports']. */
function patternOf(path: string): string[] {
  return path.replace(/\[\*\]/g, '.*').replace(/\{\*\}/g, '.{}').split('.');
}
