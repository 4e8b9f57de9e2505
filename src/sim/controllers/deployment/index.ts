/** The Deployment controller; wire with `new DeploymentController()` next to the ReplicaSetController. */
export { DeploymentController } from './controller';
export { computeHash } from './hash';
