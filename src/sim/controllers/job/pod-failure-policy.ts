/**
 * spec.podFailurePolicy (pod_failure_policy.go matchPodFailurePolicy): the first rule that
 * matches a failed pod decides. onExitCodes matches a terminated container (regular first, then
 * init) with a non-zero exit code In / NotIn the values; onPodConditions matches a pod condition
 * of that type and status. Actions: FailJob (with upstream's message), Ignore (not counted
 * towards backoffLimit, nor backoffLimitPerIndex), Count, and FailIndex (the pod's index fails
 * at once; validation allows it only with backoffLimitPerIndex, see per-index.ts).
 */
import type { ContainerStatus } from 'kubernetes-types/core/v1';
import type { JobObj, PodObj } from './types';

export interface PolicyMatch {
  /** the message of the Job's failure when a FailJob rule matched */
  failJobMessage?: string;
  /** false when an Ignore rule matched */
  countFailed: boolean;
  action?: string;
}

export function matchPodFailurePolicy(job: JobObj, pod: PodObj): PolicyMatch {
  const rules = job.spec.podFailurePolicy?.rules ?? [];
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index]!;
    let matched: PolicyMatch | undefined;
    if (rule.onExitCodes) {
      const container = matchOnExitCodes(pod, rule.onExitCodes);
      matched = container && outcome(rule.action, () =>
        `Container ${container.name} for pod ${pod.metadata.namespace}/${pod.metadata.name} failed with exit code ${container.state!.terminated!.exitCode} matching ${rule.action} rule at index ${index}`);
    } else if (rule.onPodConditions) {
      const condition = (pod.status?.conditions ?? []).find((c) =>
        rule.onPodConditions!.some((p) => p.type === c.type && (p.status ?? 'True') === c.status));
      matched = condition && outcome(rule.action, () =>
        `Pod ${pod.metadata.namespace}/${pod.metadata.name} has condition ${condition.type} matching ${rule.action} rule at index ${index}`);
    }
    if (matched) return matched;
  }
  return { countFailed: true };
}

function outcome(action: string, message: () => string): PolicyMatch | undefined {
  switch (action) {
    case 'Ignore':
      return { countFailed: false, action };
    case 'Count':
      return { countFailed: true, action };
    case 'FailJob':
      return { failJobMessage: message(), countFailed: true, action };
    case 'FailIndex':
      return { countFailed: true, action };
    default:
      // validation admits no other action; upstream's switch falls through to the next rule
      return undefined;
  }
}

type ExitCodes = NonNullable<NonNullable<JobObj['spec']['podFailurePolicy']>['rules'][number]['onExitCodes']>;

function matchOnExitCodes(pod: PodObj, req: ExitCodes): ContainerStatus | undefined {
  return firstMatching(pod.status?.containerStatuses ?? [], req) ?? firstMatching(pod.status?.initContainerStatuses ?? [], req);
}

function firstMatching(statuses: readonly ContainerStatus[], req: ExitCodes): ContainerStatus | undefined {
  return statuses.find((s) => {
    const code = s.state?.terminated?.exitCode;
    if (code === undefined || code === 0) return false;
    if (req.containerName && req.containerName !== s.name) return false;
    if (req.operator === 'In') return req.values.includes(code);
    if (req.operator === 'NotIn') return !req.values.includes(code);
    return false;
  });
}

/** getFailJobMessage: the FailJob message of the first failed pod that matches such a rule. */
export function failJobMessage(job: JobObj, pods: readonly PodObj[], isFailed: (p: PodObj) => boolean): string | undefined {
  if (!job.spec.podFailurePolicy) return undefined;
  for (const p of pods) {
    if (!isFailed(p)) continue;
    const m = matchPodFailurePolicy(job, p).failJobMessage;
    if (m) return m;
  }
  return undefined;
}
