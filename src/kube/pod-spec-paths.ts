/**
 * Where each kind keeps a pod spec: the pod itself and every pod template (upstream's
 * DropDisabledTemplateFields and the template validation reach the same places).
 */
export const POD_SPEC_AT: Readonly<Partial<Record<string, readonly string[]>>> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** The object's pod spec, when its kind has one and it is an object. */
export function podSpecAt(o: unknown, kind: string): Record<string, unknown> | undefined {
  const path = POD_SPEC_AT[kind];
  if (!path) return undefined;
  let at: unknown = o;
  for (const key of path) {
    if (at === null || typeof at !== 'object' || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at !== null && typeof at === 'object' && !Array.isArray(at) ? (at as Record<string, unknown>) : undefined;
}
