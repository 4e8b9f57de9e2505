/**
 * The inputs of the check engine, written structurally after the scenario format ("Checking
 * state", "Checking history"). The generated scenario types are assignable to these; the engine
 * does not import them so that it stays usable on its own.
 */
import type { Matcher } from './matchers';

/** A value the user wrote in an expectation: plain YAML data that may hold Matchers anywhere. */
export type Expected = unknown;

/** metav1 matchLabels map, or kubectl's selector string ("app=nginx,tier!=db"). */
import type { SelectorSpec } from '../kube/labels';
export type { SelectorSpec };

/** One entry of `expect.resources`. */
export interface ResourceExpectation {
  kind: string;
  apiVersion?: string;
  name?: string;
  namespace?: string;
  selector?: SelectorSpec;
  /** subset match; with `name` the one object, with a selector every selected object (at least one) */
  match?: Record<string, Expected>;
  /** every selected object matches (true when none is selected; pair it with `count`) */
  each?: Record<string, Expected>;
  count?: number | Matcher;
  absent?: boolean;
}

/** One entry of `expectHistory.never` / `.always`: a predicate over one state of the cluster. */
export interface HistoryPredicate {
  kind: string;
  name?: string;
  namespace?: string;
  selector?: SelectorSpec;
  match?: Record<string, Expected>;
  count?: number | Matcher;
  readyCount?: number | Matcher;
  readyCountBelow?: number;
}

export const LIFECYCLE_WORDS = [
  'Created',
  'Scheduled',
  'Running',
  'Ready',
  'NotReady',
  'Terminating',
  'Deleted',
  'Succeeded',
  'Failed',
  'Bound',
  'Released',
  'Available',
] as const;
export type LifecycleWord = (typeof LIFECYCLE_WORDS)[number];

/** One entry of `expectHistory.order`: names an object and the change it goes through. */
export interface OrderItem {
  /** shorthand for `target: pod/<name>` */
  pod?: string;
  /** `kind/name`, e.g. `statefulset/web`, `pvc/www-web-0` */
  target?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  becomes?: LifecycleWord;
  /** the object starts to match this map (with `becomes`: both hold) */
  match?: Record<string, Expected>;
}

export interface HistorySpec {
  order?: OrderItem[];
  never?: HistoryPredicate[];
  always?: HistoryPredicate[];
}

/** Entry index range [from, to) the runner resolved from `window: {from: step, to: step}`. */
export interface HistoryWindow {
  from: number;
  to: number;
}
