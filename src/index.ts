/**
 * kscenario's public API (`import { runScenario } from 'kscenario'`): load scenario files, run
 * them on the simulator or a real cluster, and report the results as the CLI does. The jest
 * integration is `kscenario/jest` (src/jest.ts). What is not exported here is internal.
 */
export { loadScenario, loadScenarios, runScenario, type ApiBackendName, type LoadOptions, type RunScenarioOptions } from './api';
export type { LoadedScenario, LoadedStep, Section } from './scenario/loaded';
export type { Scenario, Step } from '../generated/scenario';
export { exitCodeFor, type CheckFailure, type ScenarioResult, type Status, type StepResult } from './runner/result';
export type { HistoryEntry } from './history/entry';
export type { Backend } from './backend/contract';
export { SimulatorBackend, type SimulatorOptions } from './backends/simulator';
export { ConsoleReporter, renderScenarioResult } from './report/console';
export { JUnitReporter } from './report/junit';
export { JsonReporter } from './report/json';
export { HtmlReporter } from './report/html';
export type { Reporter } from './report/reporter';
export type { InvalidFile } from './report/invalid';
export { KscenarioError, InputError, InputErrors, type SourceLocation } from './errors';
export { PACKAGE_VERSION as version, SCHEMA_FILE } from './paths';
