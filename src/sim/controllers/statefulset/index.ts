/** The StatefulSet controller component; see controller.ts. */
export { StatefulSetController, type StatefulSetControllerOptions } from './controller';
export type { StatefulSetFeatureGates } from './features';
