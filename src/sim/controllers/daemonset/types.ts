/**
 * The shapes the DaemonSet controller reads and writes, and the names upstream uses for them
 * (k8s.io/api apps/v1 types.go, extensions/v1beta1 types.go, pkg/controller/daemon).
 */
import type { DaemonSetSpec, DaemonSetStatus } from 'kubernetes-types/apps/v1';
import type { NodeSpec, NodeStatus } from 'kubernetes-types/core/v1';
import type { Gvk, KObject } from '../../../kube/object';
export type { PodObj } from '../../../kube/pod-state';

export type DaemonSetObj = KObject & { spec: DaemonSetSpec; status?: DaemonSetStatus };
export type NodeObj = KObject & { spec?: NodeSpec; status?: NodeStatus };
export type RevisionObj = KObject & { data?: unknown; revision: number };

/** controllerKind in daemon_controller.go */
export const DAEMONSET_GVK: Gvk = { apiVersion: 'apps/v1', kind: 'DaemonSet' };

/** The event source of the controller's recorders (NewDaemonSetsController). */
export const COMPONENT = 'daemonset-controller';

/** apps.DefaultDaemonSetUniqueLabelKey = apps.ControllerRevisionHashLabelKey */
export const REVISION_HASH_LABEL = 'controller-revision-hash';
/** extensions.DaemonSetTemplateGenerationKey: the pre-hash way of telling pod versions apart */
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
/**
 * apps.DeprecatedTemplateGeneration: apps/v1 has no spec.templateGeneration; the API server keeps
 * the internal field in this annotation (conversion of apps.DaemonSet to v1).
 */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

export { newControllerRef, type Gvk } from '../../../kube/object';
