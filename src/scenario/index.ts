/** The scenario format: loading, validation, defaults. */
export { loadScenarioFile, loadScenarioPaths, loadScenarioText, type LoadResult } from './load';
export { parseDuration, isDuration, DURATION_HINT } from './duration';
export {
  resolveCluster,
  DEFAULT_NODES,
  DEFAULT_STORAGE_CLASSES,
  DEFAULT_SCENARIO_TIMEOUT,
  DEFAULT_EXPECT_WITHIN,
  DEFAULT_SEED,
  type ResolvedCluster,
  type ResolvedNode,
  type NodeRole,
} from './defaults';
export type { LoadedScenario, LoadedStep, ResolvedManifest, Section, YamlPath } from './loaded';
export { STEP_VERBS, STEP_COMMON_FIELDS, type StepVerb } from '../../generated/scenario';
