/**
 * The backends a user can choose with --backend, by name only: the command line lists them
 * without loading any backend (the simulator alone is most of kscenario's code).
 */
export const BACKENDS = ['simulator', 'cluster', 'kind', 'kwok'] as const;
export type BackendName = (typeof BACKENDS)[number];
