import { describe, expect, it } from '@jest/globals';
import { warningsOnCreate } from '../../../src/kube/validation';
import { createErrors, deployment, merge, statefulSet, updateErrors } from '../../sim/apiserver/helpers';

const DNS_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

describe('StatefulSet create', () => {
  it('accepts a well-formed StatefulSet on every version', () => {
    for (const v of ['1.29', '1.32', '1.35'] as const) expect(createErrors(statefulSet(), v)).toEqual([]);
  });

  it('requires a selector and, since a nil selector matches nothing, reports the template labels too', () => {
    expect(createErrors(statefulSet({ spec: { selector: undefined } }), '1.29')).toEqual([
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
  });

  it('prints mismatching template labels as Go syntax up to 1.33 and as JSON from 1.34', () => {
    const sts = statefulSet({ spec: { selector: { matchLabels: { app: 'db' } } } });
    expect(createErrors(sts, '1.33')).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
    expect(createErrors(sts, '1.35')).toEqual(['spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`']);
  });

  it('rejects an empty selector with the StatefulSet wording (Go syntax up to 1.33)', () => {
    const sts = statefulSet();
    (sts.spec as Record<string, unknown>).selector = {};
    expect(createErrors(sts, '1.29')).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset',
    ]);
    (sts.spec as Record<string, unknown>).selector = { matchLabels: {} };
    expect(createErrors(sts, '1.35')).toEqual(['spec.selector: Invalid value: {}: empty selector is invalid for statefulset']);
  });

  it('names must be DNS labels (no dots, lower case)', () => {
    expect(createErrors(statefulSet({ metadata: { name: 'Web' } }))).toEqual([`metadata.name: Invalid value: "Web": ${DNS_LABEL}`]);
    expect(createErrors(statefulSet({ metadata: { name: 'web.v1' } }))).toEqual(['metadata.name: Invalid value: "web.v1": must not contain dots']);
  });

  it('rejects unknown podManagementPolicy and updateStrategy values', () => {
    expect(createErrors(statefulSet({ spec: { podManagementPolicy: 'Fast' } }))).toEqual([
      `spec.podManagementPolicy: Invalid value: "Fast": must be 'OrderedReady' or 'Parallel'`,
    ]);
    expect(createErrors(statefulSet({ spec: { updateStrategy: { type: 'Rolling' } } }), '1.35')).toEqual([
      `spec.updateStrategy: Invalid value: {"Type":"Rolling","RollingUpdate":null}: must be 'RollingUpdate' or 'OnDelete'`,
    ]);
  });

  it('forbids rollingUpdate with OnDelete', () => {
    const errs = createErrors(statefulSet({ spec: { updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 1 } } } }), '1.34');
    expect(errs).toEqual([`spec.updateStrategy.rollingUpdate: Invalid value: {"Partition":1,"MaxUnavailable":null}: only allowed for updateStrategy 'RollingUpdate'`]);
  });

  it('rejects a negative partition, replicas and ordinals.start', () => {
    const errs = createErrors(statefulSet({ spec: { replicas: -1, ordinals: { start: -2 }, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: -1 } } } }));
    expect(errs).toEqual([
      'spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0',
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.ordinals.start: Invalid value: -2: must be greater than or equal to 0',
    ]);
  });

  it('maxUnavailable 0 is dropped silently while MaxUnavailableStatefulSet is off (1.29-1.34)', () => {
    const sts = statefulSet({ spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } } } });
    expect(createErrors(sts, '1.34')).toEqual([]);
  });

  it('maxUnavailable 0 is rejected in 1.35.0-1.35.3 where the gate is on', () => {
    const sts = statefulSet({ spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } } } });
    expect(createErrors(sts, '1.35.0')).toEqual(['spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0']);
    const pct = statefulSet({ spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '150%' } } } });
    expect(createErrors(pct, '1.35.0')).toEqual(['spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%']);
  });

  it('requires restartPolicy Always in the template; validates the pod spec only from 1.34 (kubernetes#131790)', () => {
    const noImage = statefulSet({ spec: { template: { spec: { containers: [{ name: 'c' }] } } } });
    expect(createErrors(noImage, '1.33')).toEqual([]);
    for (const v of ['1.34', '1.37'] as const) expect(createErrors(noImage, v)).toEqual(['spec.template.spec.containers[0].image: Required value']);
    const never = statefulSet({ spec: { template: { spec: { restartPolicy: 'Never' } } } });
    expect(createErrors(never)).toEqual(['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']);
  });

  it('validates the pod spec with a claim volume per claim template, and without hostname or subdomain', () => {
    const sts = statefulSet({
      spec: {
        volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
        template: { spec: { hostname: 'Not_A_Label', subdomain: 'Not_A_Label', containers: [{ name: 'c', image: 'nginx', volumeMounts: [{ name: 'www', mountPath: '/w' }] }] } },
      },
    });
    expect(createErrors(sts, '1.35')).toEqual([]);
    const unknownMount = merge(sts, { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx', volumeMounts: [{ name: 'nope', mountPath: '/w' }] }] } } } });
    expect(createErrors(unknownMount, '1.35')).toEqual(['spec.template.spec.containers[0].volumeMounts[0].name: Not found: "nope"']);
  });

  it('validates volumeClaimTemplates as new claims from 1.35 (kubernetes#132212), not before (the claim create fails later)', () => {
    const sts = statefulSet({ spec: { volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: [] } }] } });
    expect(createErrors(sts, '1.34')).toEqual([]);
    expect(createErrors(sts, '1.35')).toEqual([
      'spec.volumeClaimTemplates[0].spec.accessModes: Required value: at least 1 access mode is required',
      'spec.volumeClaimTemplates[0].spec.resources[storage]: Required value',
    ]);
  });

  it('requires a DNS-1123 label as serviceName of a new set from 1.35', () => {
    const sts = statefulSet({ spec: { serviceName: 'Bad_Name' } });
    expect(createErrors(sts, '1.34')).toEqual([]);
    expect(createErrors(sts, '1.35')).toEqual([`spec.serviceName: Invalid value: "Bad_Name": ${DNS_LABEL}`]);
  });

  it('accepts a negative revisionHistoryLimit (kubernetes#129017 warns instead)', () => {
    for (const v of ['1.32', '1.33', '1.37'] as const) expect(createErrors(statefulSet({ spec: { revisionHistoryLimit: -1 } }), v)).toEqual([]);
    expect(warningsOnCreate(statefulSet({ spec: { revisionHistoryLimit: -1 } }), '1.35')).toEqual([
      'spec.revisionHistoryLimit: a negative value retains all historical revisions; a value >= 0 is recommended',
    ]);
    expect(warningsOnCreate(statefulSet({ spec: { revisionHistoryLimit: 0 } }), '1.35')).toEqual([]);
  });

  it('rejects unknown retention policies', () => {
    const sts = statefulSet({ spec: { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Keep' } } });
    expect(createErrors(sts)).toEqual(['spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"']);
  });
});

describe('StatefulSet update', () => {
  it('does not hold an invalid stored pod template, claim template or serviceName against an update', () => {
    const stored = statefulSet({ spec: { serviceName: 'Bad_Name', volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: [] } }], template: { spec: { containers: [{ name: 'c' }] } } } });
    expect(updateErrors(stored, merge(stored, { spec: { replicas: 3 } }), '1.35')).toEqual([]);
    const valid = statefulSet();
    expect(updateErrors(valid, merge(valid, { spec: { template: { spec: { containers: [{ name: 'c', image: '' }] } } } }), '1.35')).toEqual(['spec.template.spec.containers[0].image: Required value']);
  });

  const base = statefulSet({ spec: { volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] } });

  it('allows replicas, template, updateStrategy, ordinals, minReadySeconds and retention policy', () => {
    const next = merge(base, {
      spec: {
        replicas: 5,
        minReadySeconds: 10,
        ordinals: { start: 1 },
        template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' },
      },
    });
    expect(updateErrors(base, next)).toEqual([]);
  });

  it('forbids other spec changes with the version-specific message', () => {
    const next = merge(base, { spec: { serviceName: 'other' } });
    expect(updateErrors(base, next, '1.32')).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
    expect(updateErrors(base, next, '1.35')).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });

  it('from 1.37 reports each immutable field instead (v1.37.2 ValidateStatefulSetUpdate)', () => {
    const next = merge(base, { spec: { serviceName: 'other', podManagementPolicy: 'Parallel' } });
    const forbidden = "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
    expect(updateErrors(base, next, '1.36')).toEqual([forbidden]);
    expect(updateErrors(base, next, '1.37')).toEqual([
      'spec.serviceName: Invalid value: "other": field is immutable',
      'spec.podManagementPolicy: Invalid value: "Parallel": field is immutable',
    ]);
    expect(updateErrors(base, merge(base, { spec: { revisionHistoryLimit: 3, minReadySeconds: 5 } }), '1.37')).toEqual([]);
  });

  it('treats volumeClaimTemplates as immutable and revisionHistoryLimit as mutable from 1.33', () => {
    const vct = merge(base, { spec: { volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } } }] } });
    expect(updateErrors(base, vct)).toHaveLength(1);
    const history = merge(base, { spec: { revisionHistoryLimit: 3 } });
    expect(updateErrors(base, history, '1.35')).toEqual([]);
    expect(updateErrors(base, history, '1.31')).toHaveLength(1);
  });

  it('a patch setting maxUnavailable 0 (seed 002-11) is rejected in 1.35.0 and ignored before and from 1.35.4', () => {
    const next = merge(base, { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 0 } } } });
    expect(updateErrors(base, next, '1.35.0')).toEqual(['spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0']);
    expect(updateErrors(base, next, '1.35')).toEqual([]);
    expect(updateErrors(base, next, '1.30')).toEqual([]);
  });

  it('keeps metadata.name immutable', () => {
    expect(updateErrors(base, merge(base, { metadata: { name: 'web2' } }))).toEqual(['metadata.name: Invalid value: "web2": field is immutable']);
  });
});

describe('Deployment', () => {
  it('accepts a well-formed Deployment', () => {
    expect(createErrors(deployment())).toEqual([]);
  });

  it('validates the pod template, unlike StatefulSet', () => {
    const errs = createErrors(deployment({ spec: { template: { spec: { containers: [{ name: 'nginx' }] } } } }));
    expect(errs).toEqual(['spec.template.spec.containers[0].image: Required value']);
  });

  it('rejects maxUnavailable 0 with maxSurge 0', () => {
    const d = deployment({ spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } } });
    expect(createErrors(d)).toEqual(['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0']);
  });

  it('rejects a rollingUpdate block with Recreate', () => {
    const d = deployment({ spec: { strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } } });
    expect(createErrors(d)).toEqual(["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"]);
  });

  it('requires progressDeadlineSeconds above minReadySeconds', () => {
    const d = deployment({ spec: { minReadySeconds: 700 } });
    expect(createErrors(d)).toEqual(['spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds']);
  });

  it('keeps the selector immutable, printed per version', () => {
    const d = deployment();
    const next = deployment({ spec: { selector: { matchLabels: { app: 'web', tier: 'x' } }, template: { metadata: { labels: { app: 'web', tier: 'x' } } } } });
    expect(updateErrors(d, next, '1.33')).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
    expect(updateErrors(d, next, '1.34')).toEqual(['spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"x"}}: field is immutable']);
  });
});

describe('ReplicaSet and DaemonSet', () => {
  it('ReplicaSet requires restartPolicy Always', () => {
    const rs = merge(deployment({ spec: { template: { spec: { restartPolicy: 'OnFailure' } } } }), { kind: 'ReplicaSet' });
    expect(createErrors(rs)).toEqual(['spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"']);
  });

  it('DaemonSet rolling update needs exactly one of maxSurge and maxUnavailable', () => {
    const ds = merge(deployment({ spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } } } }), { kind: 'DaemonSet' });
    delete (ds.spec as Record<string, unknown>).replicas;
    expect(createErrors(ds)).toEqual(['spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero']);
  });
});

describe('selector missing on a Deployment', () => {
  it('reports both the required selector and the template mismatch, like upstream', () => {
    expect(createErrors(deployment({ spec: { selector: undefined } }), '1.35')).toEqual([
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    ]);
  });
});
