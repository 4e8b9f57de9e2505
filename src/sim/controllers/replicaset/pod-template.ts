/**
 * The pod a ReplicaSet creates (controller_utils.go GetPodFromTemplate and getPodsPrefix):
 * generateName `<rs>-` (the API server adds 5 random characters), labels, annotations and
 * finalizers from the template, the template's spec, and the RS as controller owner.
 */
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { clone } from '../../../kube/object';
import type { PodObj, ReplicaSetObj } from './types';

export function podFromTemplate(rs: ReplicaSetObj, ref: OwnerReference): PodObj {
  const template = rs.spec.template;
  const meta = template?.metadata ?? {};
  const pod: PodObj = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: '',
      generateName: `${rs.metadata.name}-`,
      namespace: rs.metadata.namespace,
      ownerReferences: [ref],
    },
    spec: clone(template?.spec) as PodObj['spec'],
  };
  if (meta.labels) pod.metadata.labels = { ...meta.labels };
  if (meta.annotations) pod.metadata.annotations = { ...meta.annotations };
  if (meta.finalizers) pod.metadata.finalizers = [...meta.finalizers];
  return pod;
}
