/**
 * What the loader hands the runner: the typed scenario (tagged YAML values already turned into
 * Matchers), every step in run order with its source position, and the manifests of apply/create
 * steps resolved from files or inline text.
 */
import type { SourceLocation } from '../errors';
import type { KObject } from '../kube/object';
import type { Scenario, Step } from '../../generated/scenario';
import type { ResolvedCluster } from './defaults';
import type { VersionRange } from '../kube/version-range';

export type Section = 'setup' | 'steps' | 'cleanup';
export type YamlPath = ReadonlyArray<string | number>;

export interface ResolvedManifest {
  object: KObject;
  /** where the document (or list item) starts */
  location: SourceLocation;
  /** position of a field inside this manifest, e.g. ['spec', 'replicas']; falls back to `location` */
  locate(path: YamlPath): SourceLocation;
  /** position of the key of that field (an unknown field is the key's fault, not its value's) */
  locateKey?(path: YamlPath): SourceLocation;
}

export interface LoadedStep {
  section: Section;
  /** index within its section */
  index: number;
  step: Step;
  /** the step's map in the scenario file */
  location: SourceLocation;
  /** path of the step inside the scenario document, e.g. ['spec', 'steps', 3] */
  path: YamlPath;
  /** for apply / create steps: the objects, in document order */
  manifests?: ResolvedManifest[];
}

export interface LoadedScenario {
  file: string;
  scenario: Scenario;
  /** setup, then steps, then cleanup */
  steps: LoadedStep[];
  /** spec.cluster with every default filled in (nodes, storage classes, version) */
  cluster: ResolvedCluster;
  /** spec.requires.kubernetesVersion, parsed: the minors the scenario's verdicts hold on */
  versionRange?: VersionRange;
  /** why it is not run at all (--kubernetes-version outside versionRange): reported as skipped */
  skip?: string;
  /** position of any node of the scenario document; falls back to the nearest ancestor that exists */
  locate(path: YamlPath): SourceLocation;
}
