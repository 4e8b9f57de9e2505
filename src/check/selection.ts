/**
 * Which objects a check is about: kind (and apiVersion), namespace, then a name or a label
 * selector. Shared by state checks and history predicates.
 */
import { InputError } from '../errors';
import { matches as labelsMatch, selectorFromSpec, selectorToString, type Selector } from '../kube/labels';
import type { KObject } from '../kube/object';
import { kindMatches } from './target';
import type { SelectorSpec } from './types';

export interface SelectionSpec {
  kind: string;
  apiVersion?: string;
  name?: string;
  namespace?: string;
  selector?: SelectorSpec;
}

export interface SelectionOptions {
  /**
   * Namespace of namespaced objects when the check names none (the scenario's default
   * namespace, `default`). Cluster-scoped objects (no metadata.namespace) always pass.
   */
  defaultNamespace?: string;
}

export interface Selection {
  selects(obj: KObject): boolean;
  /** `Pod web-0`, `Pods selected by app=nginx`, `all Pods` */
  description: string;
}

export function compileSelection(spec: SelectionSpec, options: SelectionOptions = {}): Selection {
  const namespace = spec.namespace ?? options.defaultNamespace ?? 'default';
  const labels = spec.selector === undefined ? undefined : parseSelector(spec.selector);
  const selects = (obj: KObject): boolean =>
    kindMatches(spec.kind, obj.kind) &&
    (spec.apiVersion === undefined || spec.apiVersion === obj.apiVersion) &&
    (obj.metadata.namespace === undefined || obj.metadata.namespace === namespace) &&
    (spec.name === undefined || obj.metadata.name === spec.name) &&
    (labels === undefined || labelsMatch(labels, obj.metadata.labels));
  return { selects, description: describeSelection(spec) };
}

export function describeSelection(spec: SelectionSpec): string {
  if (spec.name !== undefined) return `${spec.kind} ${spec.name}`;
  // an empty selector (`selector: {}`) selects everything: say so rather than "selected by "
  if (spec.selector !== undefined && selectorText(spec.selector) !== '') return `${spec.kind}s selected by ${selectorText(spec.selector)}`;
  return `all ${spec.kind}s`;
}

export function selectorText(selector: SelectorSpec): string {
  return typeof selector === 'string' ? selector : selectorToString(selectorFromSpec(selector));
}

function parseSelector(selector: SelectorSpec): Selector {
  try {
    return selectorFromSpec(selector);
  } catch (e) {
    // unverified: which ErrorCode the loader uses for a bad selector; the schema cannot catch it.
    throw new InputError('SCHEMA', (e as Error).message, undefined, 'write a selector like "app=nginx,tier!=db" or a map {app: nginx}');
  }
}
