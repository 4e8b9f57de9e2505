/**
 * apps/v1 validation (pkg/apis/apps/validation/validation.go): StatefulSet, Deployment,
 * ReplicaSet, DaemonSet, ControllerRevision, on create and update.
 */
import { deepEqual } from '../equal';
import { labelSelectorMatches } from '../labels';
import { atLeast, type KubeVersion } from '../version';
import { has, isObj, obj, objs, optNum, str, strMap, type Obj } from './access';
import { FieldPath, forbidden, invalid, notSupported, required, type FieldError } from './field-error';
import { goIntOrString, goLabelSelector, goStringMap, goStruct, GoValue } from './go-value';
import { immutable, nonNegative, validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { isDNS1123Label, isValidPercent } from './names';
import { validatePVCSpec } from './pvc-spec';
import { validatePodSpec, validatePodTemplateSpec } from './pod';
import { validateAnnotations, validateLabels } from './meta';

const SPEC = FieldPath.of('spec');

// ---- int-or-percent helpers (ValidatePositiveIntOrPercent, IsNotMoreThan100Percent) ----------

type IntOrString = number | string;

function asIntOrString(x: unknown): IntOrString | undefined {
  return typeof x === 'number' || typeof x === 'string' ? x : undefined;
}

/** A percent string's number, or undefined when not a valid percent. */
function percentValue(v: IntOrString): number | undefined {
  return typeof v === 'string' && !isValidPercent(v).length ? Number(v.slice(0, -1)) : undefined;
}

/** getIntOrPercentValue: the percent's number, or the int (a non-numeric string counts as 0). */
export function intOrPercentValue(v: IntOrString): number {
  const pct = percentValue(v);
  if (pct !== undefined) return pct;
  return typeof v === 'number' ? v : 0;
}

export function positiveIntOrPercent(v: IntOrString, p: FieldPath): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((m) => invalid(p, goIntOrString(v), m));
  return v < 0 ? [invalid(p, v, 'must be greater than or equal to 0')] : [];
}

export function notMoreThan100Percent(v: IntOrString, p: FieldPath): FieldError[] {
  const pct = percentValue(v);
  return pct !== undefined && pct > 100 ? [invalid(p, goIntOrString(v), 'must not be greater than 100%')] : [];
}

// ---- selector + template (shared by the controllers) ----------------------------------------

/**
 * selector required, valid, non-empty, and matching the template labels. A missing selector
 * converts to labels.Nothing(), which matches no labels at all, so upstream reports the template
 * mismatch too (`spec.selector: Required value` and `... does not match template labels`).
 */
function selectorAndTemplate(spec: Obj, v: KubeVersion, emptyMessage: string): FieldError[] {
  const errs: FieldError[] = [];
  const sel = spec.selector;
  if (!isObj(sel)) return [required(SPEC.child('selector')), ...templateMatchesSelector(undefined, spec.template)];
  errs.push(...validateLabelSelector(sel, SPEC.child('selector'), v));
  if (Object.keys(obj(sel.matchLabels)).length + objs(sel.matchExpressions).length === 0) {
    errs.push(invalid(SPEC.child('selector'), goLabelSelector(sel), emptyMessage));
  }
  errs.push(...templateMatchesSelector(sel, spec.template));
  return errs;
}

/** `undefined` is a nil selector (matches nothing); an empty one matches everything. */
function templateMatchesSelector(sel: Obj | undefined, template: unknown): FieldError[] {
  const labels = strMap(obj(obj(template).metadata).labels);
  if (sel) {
    const empty = Object.keys(obj(sel.matchLabels)).length + objs(sel.matchExpressions).length === 0;
    if (empty || labelSelectorMatches(sel as never, labels)) return [];
  }
  return [invalid(SPEC.child('template', 'metadata', 'labels'), goStringMap(labels), '`selector` does not match template `labels`')];
}

function restartAlways(template: unknown, kind: string, p: FieldPath): FieldError[] {
  const spec = obj(obj(template).spec);
  const errs: FieldError[] = [];
  if (str(spec.restartPolicy) !== 'Always') errs.push(notSupported(p.child('spec', 'restartPolicy'), str(spec.restartPolicy), ['Always']));
  if (has(spec, 'activeDeadlineSeconds')) errs.push(forbidden(p.child('spec', 'activeDeadlineSeconds'), `activeDeadlineSeconds in ${kind} is not Supported`));
  return errs;
}

// ---- StatefulSet ---------------------------------------------------------------------------

const RETENTION = ['Retain', 'Delete'];

function rollingUpdateStatefulSet(ru: Obj, p: FieldPath): FieldError[] {
  const errs = nonNegative(optNum(ru.partition) ?? 0, p.child('partition'));
  const mu = asIntOrString(ru.maxUnavailable);
  if (mu !== undefined) {
    const mp = p.child('maxUnavailable');
    errs.push(...positiveIntOrPercent(mu, mp));
    if (intOrPercentValue(mu) === 0) errs.push(invalid(mp, goIntOrString(mu), 'cannot be 0'));
    errs.push(...notMoreThan100Percent(mu, mp));
  }
  return errs;
}

/** The internal apps.RollingUpdateStatefulSetStrategy as validation prints it. */
function goRollingUpdate(ru: Obj): unknown {
  const mu = asIntOrString(ru.maxUnavailable);
  return goStruct('apps.RollingUpdateStatefulSetStrategy', [
    ['Partition', optNum(ru.partition) ?? 0],
    ['MaxUnavailable', mu === undefined ? null : goIntOrString(mu), '*intstr.IntOrString'],
  ]);
}

function updateStrategyStatefulSet(spec: Obj): FieldError[] {
  const us = obj(spec.updateStrategy);
  const p = SPEC.child('updateStrategy');
  switch (str(us.type)) {
    case '':
      return [required(p)];
    case 'OnDelete':
      return isObj(us.rollingUpdate) ? [invalid(p.child('rollingUpdate'), goRollingUpdate(us.rollingUpdate), "only allowed for updateStrategy 'RollingUpdate'")] : [];
    case 'RollingUpdate':
      return isObj(us.rollingUpdate) ? rollingUpdateStatefulSet(us.rollingUpdate, p.child('rollingUpdate')) : [];
    default: {
      const ru = isObj(us.rollingUpdate) ? us.rollingUpdate : undefined;
      const shown = goStruct('apps.StatefulSetUpdateStrategy', [
        ['Type', str(us.type)],
        ['RollingUpdate', ru ? goRollingUpdate(ru) : null, '*apps.RollingUpdateStatefulSetStrategy'],
      ]);
      return [invalid(p, shown, "must be 'RollingUpdate' or 'OnDelete'")];
    }
  }
}

/**
 * StatefulSetValidationOptions: what ValidateStatefulSetUpdate tolerates in objects stored before a
 * rule existed (the claim templates and service name are immutable; a template the old object
 * already failed is not held against the update).
 */
interface StatefulSetOptions {
  update?: boolean;
  skipPodSpec?: boolean;
}

function statefulSetSpec(spec: Obj, v: KubeVersion, opts: StatefulSetOptions = {}): FieldError[] {
  const errs: FieldError[] = [];
  const pmp = str(spec.podManagementPolicy);
  if (!pmp) errs.push(required(SPEC.child('podManagementPolicy')));
  else if (!['OrderedReady', 'Parallel'].includes(pmp)) errs.push(invalid(SPEC.child('podManagementPolicy'), pmp, "must be 'OrderedReady' or 'Parallel'"));
  errs.push(...updateStrategyStatefulSet(spec));
  if (isObj(spec.persistentVolumeClaimRetentionPolicy)) {
    const policy = spec.persistentVolumeClaimRetentionPolicy;
    for (const f of ['whenDeleted', 'whenScaled']) {
      if (!RETENTION.includes(str(policy[f]))) errs.push(notSupported(SPEC.child('persistentVolumeClaimRetentionPolicy', f), str(policy[f]), RETENTION));
    }
  }
  if (!opts.update) errs.push(...volumeClaimTemplates(spec, v));
  errs.push(...nonNegative(optNum(spec.replicas) ?? 0, SPEC.child('replicas')));
  errs.push(...nonNegative(optNum(spec.minReadySeconds) ?? 0, SPEC.child('minReadySeconds')));
  // A negative revisionHistoryLimit is not refused: kubernetes#129017 settled on a warning
  // (warnings.ts; v1.35.4–v1.37.2 statefulset strategy WarningsOnCreate/Update).
  if (isObj(spec.ordinals)) {
    // Upstream names the path "ordinals.start" as one child (sic), which prints the same.
    errs.push(...nonNegative(optNum(spec.ordinals.start) ?? 0, SPEC.child('ordinals.start').at(['spec', 'ordinals', 'start'])));
  }
  if (!opts.update) errs.push(...serviceName(spec, v));
  if (!isObj(spec.selector)) errs.push(required(SPEC.child('selector')));
  else {
    errs.push(...validateLabelSelector(spec.selector, SPEC.child('selector'), v));
    if (Object.keys(obj(spec.selector.matchLabels)).length + objs(spec.selector.matchExpressions).length === 0) {
      errs.push(invalid(SPEC.child('selector'), goLabelSelector(spec.selector), 'empty selector is invalid for statefulset'));
    }
  }
  errs.push(...statefulSetTemplate(spec, v, opts));
  return errs;
}

/**
 * ValidatePodTemplateSpecForStatefulSet: the template's metadata against the selector, then — from
 * 1.34 (kubernetes#131790, "Add podSpec validation for create StatefulSet", CHANGELOG v1.34.0-beta.0)
 * — its pod spec, as the controller will create it: hostname and subdomain are the controller's,
 * and each claim template stands for a persistentVolumeClaim volume of its name (volumesToAddForTemplates;
 * upstream adds them from a map, in no fixed order, then the template's other volumes). Before
 * 1.34 a bad pod spec surfaced only when the controller's pod create failed. spec.serviceName
 * and restartPolicy are checked on their own.
 */
function statefulSetTemplate(spec: Obj, v: KubeVersion, opts: StatefulSetOptions): FieldError[] {
  const tp = SPEC.child('template');
  const t = obj(spec.template);
  const meta = obj(t.metadata);
  const errs: FieldError[] = [];
  errs.push(...templateMatchesSelector(isObj(spec.selector) ? spec.selector : undefined, spec.template));
  errs.push(...validateLabels(meta.labels, tp.child('labels').at(['spec', 'template', 'metadata', 'labels']), v));
  errs.push(...validateAnnotations(meta.annotations, tp.child('annotations').at(['spec', 'template', 'metadata', 'annotations']), v));
  if (atLeast(v, '1.34') && !opts.skipPodSpec) errs.push(...validatePodSpec(podSpecAsCreated(spec), tp.child('spec'), v));
  errs.push(...restartAlways(t, 'StatefulSet', tp));
  return errs;
}

/** The template's pod spec without hostname and subdomain, with a claim volume per claim template. */
function podSpecAsCreated(spec: Obj): Obj {
  const podSpec: Obj = { ...obj(obj(spec.template).spec) };
  delete podSpec.hostname;
  delete podSpec.subdomain;
  const claims = objs(spec.volumeClaimTemplates).map((c) => str(obj(c.metadata).name));
  if (!claims.length) return podSpec;
  const own = objs(podSpec.volumes).filter((vol) => !claims.includes(str(vol.name)));
  podSpec.volumes = [...claims.map((name) => ({ name, persistentVolumeClaim: { claimName: name } })), ...own];
  return podSpec;
}

/**
 * validateVolumeClaimTemplates: each claim template's spec as a new claim's (kubernetes#132212, in
 * the v1.35.4 source; unverified: whether 1.34 has it — no release note names it). Only on create:
 * the templates are immutable, so an update tolerates what was stored before the rule.
 */
function volumeClaimTemplates(spec: Obj, v: KubeVersion): FieldError[] {
  if (!atLeast(v, '1.35')) return [];
  return objs(spec.volumeClaimTemplates).flatMap((c, i) =>
    validatePVCSpec(obj(c.spec), SPEC.child('volumeClaimTemplates').index(i).child('spec'), v));
}

/**
 * A new set's serviceName must be a DNS-1123 label (AllowInvalidServiceName false on create; in
 * the v1.35.4 source, unverified before 1.35). Updates tolerate an invalid stored name.
 */
function serviceName(spec: Obj, v: KubeVersion): FieldError[] {
  const name = str(spec.serviceName);
  if (!atLeast(v, '1.35') || !name) return [];
  return isDNS1123Label(name).map((m) => invalid(SPEC.child('serviceName'), name, m));
}

function validateStatefulSet(o: Obj, v: KubeVersion): FieldError[] {
  return [...validateObjectMeta(o.metadata, { name: 'label', namespaced: true }, v), ...statefulSetSpec(obj(o.spec), v)];
}

/** Spec fields a StatefulSet update may change (the rest is immutable). */
function mutableStatefulSetFields(v: KubeVersion): string[] {
  const fields = ['replicas', 'template', 'updateStrategy', 'minReadySeconds', 'ordinals', 'persistentVolumeClaimRetentionPolicy'];
  return atLeast(v, '1.33') ? [...fields, 'revisionHistoryLimit'] : fields;
}

function statefulSetForbiddenMessage(v: KubeVersion): string {
  const list = atLeast(v, '1.33')
    ? "'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds'"
    : "'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds'";
  return `updates to statefulset spec for fields other than ${list} are forbidden`;
}

function validateStatefulSetUpdate(o: Obj, old: Obj, v: KubeVersion): FieldError[] {
  // Names are not re-validated on update (they used to be DNS subdomains).
  // An old object that fails the spec rules does not have its pod template held against it.
  const skipPodSpec = statefulSetSpec(obj(old.spec), v, { update: true }).length > 0;
  const errs = [...validateObjectMetaUpdate(o.metadata, old.metadata, v), ...statefulSetSpec(obj(o.spec), v, { update: true, skipPodSpec })];
  if (atLeast(v, '1.37')) return [...errs, ...statefulSetImmutableFields(obj(o.spec), obj(old.spec))];
  const strip = (spec: Obj) => Object.fromEntries(Object.entries(spec).filter(([k]) => !mutableStatefulSetFields(v).includes(k)));
  if (!deepEqual(strip(obj(o.spec)), strip(obj(old.spec)))) errs.push(forbidden(SPEC, statefulSetForbiddenMessage(v)));
  return errs;
}

/**
 * 1.37 (v1.37.2 pkg/apis/apps/validation ValidateStatefulSetUpdate; not in the changelog, part of
 * the declarative-validation work whose apps/v1 tags are alpha, so these handwritten errors are
 * what clients see): the single "spec: Forbidden: updates to statefulset spec for fields other
 * than ..." error is replaced by one "field is immutable" error per immutable field, in this
 * order: selector, volumeClaimTemplates, serviceName, podManagementPolicy (every other spec field
 * may change). unverified: the volumeClaimTemplates value is rendered from the stored external
 * objects, not Go's internal []core.PersistentVolumeClaim.
 */
function statefulSetImmutableFields(spec: Obj, before: Obj): FieldError[] {
  const sel = spec.selector;
  return [
    ...immutable(sel, before.selector, SPEC.child('selector'), isObj(sel) ? goLabelSelector(sel) : null),
    ...immutable(spec.volumeClaimTemplates, before.volumeClaimTemplates, SPEC.child('volumeClaimTemplates'),
      new GoValue('[]core.PersistentVolumeClaim{...}', spec.volumeClaimTemplates ?? null)),
    ...immutable(spec.serviceName ?? '', before.serviceName ?? '', SPEC.child('serviceName')),
    ...immutable(spec.podManagementPolicy ?? '', before.podManagementPolicy ?? '', SPEC.child('podManagementPolicy')),
  ];
}

// ---- Deployment / ReplicaSet / DaemonSet -----------------------------------------------------

/** ValidatePodTemplateSpecForReplicaSet: template spec validated, restartPolicy Always. */
function replicaSetTemplate(spec: Obj, kind: string, v: KubeVersion): FieldError[] {
  const tp = SPEC.child('template');
  return [...validatePodTemplateSpec(spec.template, tp, v), ...restartAlways(spec.template, kind, tp)];
}

function rollingUpdateDeployment(ru: Obj, p: FieldPath): FieldError[] {
  const mu = asIntOrString(ru.maxUnavailable) ?? 0;
  const ms = asIntOrString(ru.maxSurge) ?? 0;
  const errs = [...positiveIntOrPercent(mu, p.child('maxUnavailable')), ...positiveIntOrPercent(ms, p.child('maxSurge'))];
  if (intOrPercentValue(mu) === 0 && intOrPercentValue(ms) === 0) {
    errs.push(invalid(p.child('maxUnavailable'), goIntOrString(mu), 'may not be 0 when `maxSurge` is 0'));
  }
  errs.push(...notMoreThan100Percent(mu, p.child('maxUnavailable')));
  return errs;
}

function deploymentStrategy(strategy: Obj): FieldError[] {
  const p = SPEC.child('strategy');
  switch (str(strategy.type)) {
    case 'Recreate':
      return isObj(strategy.rollingUpdate) ? [forbidden(p.child('rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'")] : [];
    case 'RollingUpdate':
      return isObj(strategy.rollingUpdate)
        ? rollingUpdateDeployment(strategy.rollingUpdate, p.child('rollingUpdate'))
        : [required(p.child('rollingUpdate'), 'this should be defaulted and never be nil')];
    default:
      return [notSupported(p, goStruct('apps.DeploymentStrategy', [['Type', str(strategy.type)], ['RollingUpdate', null, '*apps.RollingUpdateDeployment']]), ['Recreate', 'RollingUpdate'])];
  }
}

function deploymentSpec(spec: Obj, v: KubeVersion): FieldError[] {
  const errs = nonNegative(optNum(spec.replicas) ?? 0, SPEC.child('replicas'));
  errs.push(...selectorAndTemplate(spec, v, 'empty selector is invalid for deployment'));
  errs.push(...replicaSetTemplate(spec, 'ReplicaSet', v));
  errs.push(...deploymentStrategy(obj(spec.strategy)));
  errs.push(...nonNegative(optNum(spec.minReadySeconds) ?? 0, SPEC.child('minReadySeconds')));
  errs.push(...nonNegative(optNum(spec.revisionHistoryLimit), SPEC.child('revisionHistoryLimit')));
  const pds = optNum(spec.progressDeadlineSeconds);
  if (pds !== undefined) {
    errs.push(...nonNegative(pds, SPEC.child('progressDeadlineSeconds')));
    if (pds <= (optNum(spec.minReadySeconds) ?? 0)) errs.push(invalid(SPEC.child('progressDeadlineSeconds'), pds, 'must be greater than minReadySeconds'));
  }
  return errs;
}

function replicaSetSpec(spec: Obj, v: KubeVersion): FieldError[] {
  return [
    ...nonNegative(optNum(spec.replicas) ?? 0, SPEC.child('replicas')),
    ...nonNegative(optNum(spec.minReadySeconds) ?? 0, SPEC.child('minReadySeconds')),
    // Upstream's ReplicaSet message says "deployment" (copied code).
    ...selectorAndTemplate(spec, v, 'empty selector is invalid for deployment'),
    ...replicaSetTemplate(spec, 'ReplicaSet', v),
  ];
}

function daemonSetUpdateStrategy(strategy: Obj): FieldError[] {
  const p = SPEC.child('updateStrategy');
  switch (str(strategy.type)) {
    case 'OnDelete':
      return [];
    case 'RollingUpdate': {
      if (!isObj(strategy.rollingUpdate)) return [required(p.child('rollingUpdate'))];
      const rp = p.child('rollingUpdate');
      const mu = asIntOrString(strategy.rollingUpdate.maxUnavailable) ?? 0;
      const ms = asIntOrString(strategy.rollingUpdate.maxSurge) ?? 0;
      const errs = [...positiveIntOrPercent(mu, rp.child('maxUnavailable')), ...positiveIntOrPercent(ms, rp.child('maxSurge'))];
      errs.push(...notMoreThan100Percent(mu, rp.child('maxUnavailable')), ...notMoreThan100Percent(ms, rp.child('maxSurge')));
      const hasUnavailable = intOrPercentValue(mu) !== 0;
      const hasSurge = intOrPercentValue(ms) !== 0;
      if (hasUnavailable && hasSurge) errs.push(invalid(rp.child('maxSurge'), goIntOrString(ms), 'may not be set when maxUnavailable is non-zero'));
      if (!hasUnavailable && !hasSurge) errs.push(required(rp.child('maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
      return errs;
    }
    default:
      return [notSupported(p, goStruct('apps.DaemonSetUpdateStrategy', [['Type', str(strategy.type)], ['RollingUpdate', null, '*apps.RollingUpdateDaemonSet']]), ['RollingUpdate', 'OnDelete'])];
  }
}

function daemonSetSpec(spec: Obj, v: KubeVersion): FieldError[] {
  const errs = validateLabelSelector(spec.selector, SPEC.child('selector'), v);
  errs.push(...templateMatchesSelector(isObj(spec.selector) ? spec.selector : undefined, spec.template));
  if (isObj(spec.selector) && Object.keys(obj(spec.selector.matchLabels)).length + objs(spec.selector.matchExpressions).length === 0) {
    errs.push(invalid(SPEC.child('selector'), goLabelSelector(spec.selector), 'empty selector is invalid for daemonset'));
  }
  errs.push(...validatePodTemplateSpec(spec.template, SPEC.child('template'), v));
  errs.push(...restartAlways(spec.template, 'DaemonSet', SPEC.child('template')));
  errs.push(...nonNegative(optNum(spec.minReadySeconds) ?? 0, SPEC.child('minReadySeconds')));
  errs.push(...nonNegative(optNum(spec.templateGeneration) ?? 0, SPEC.child('templateGeneration')));
  errs.push(...daemonSetUpdateStrategy(obj(spec.updateStrategy)));
  errs.push(...nonNegative(optNum(spec.revisionHistoryLimit), SPEC.child('revisionHistoryLimit')));
  return errs;
}

/** Deployment, ReplicaSet and DaemonSet selectors are immutable in apps/v1 (strategy ValidateUpdate). */
function selectorImmutable(o: Obj, old: Obj): FieldError[] {
  const now = obj(o.spec).selector;
  const before = obj(old.spec).selector;
  return immutable(now, before, SPEC.child('selector'), isObj(now) ? goLabelSelector(now) : null);
}

// ---- ControllerRevision --------------------------------------------------------------------

function validateControllerRevision(o: Obj, v: KubeVersion): FieldError[] {
  const errs = validateObjectMeta(o.metadata, { name: 'subdomain', namespaced: true }, v);
  if (!has(o, 'data')) errs.push(required(FieldPath.of('data'), 'data is mandatory'));
  errs.push(...nonNegative(optNum(o.revision) ?? 0, FieldPath.of('revision')));
  return errs;
}

// ---- entry points --------------------------------------------------------------------------

export function validateAppsCreate(o: Obj, v: KubeVersion): FieldError[] | undefined {
  const meta = (name: 'subdomain' | 'label') => validateObjectMeta(o.metadata, { name, namespaced: true }, v);
  switch (o.kind) {
    case 'StatefulSet':
      return validateStatefulSet(o, v);
    case 'Deployment':
      return [...meta('subdomain'), ...deploymentSpec(obj(o.spec), v)];
    case 'ReplicaSet':
      return [...meta('subdomain'), ...replicaSetSpec(obj(o.spec), v)];
    case 'DaemonSet':
      return [...meta('subdomain'), ...daemonSetSpec(obj(o.spec), v)];
    case 'ControllerRevision':
      return validateControllerRevision(o, v);
    default:
      return undefined;
  }
}

export function validateAppsUpdate(o: Obj, old: Obj, v: KubeVersion): FieldError[] | undefined {
  const metaUpdate = () => validateObjectMetaUpdate(o.metadata, old.metadata, v);
  switch (o.kind) {
    case 'StatefulSet':
      return validateStatefulSetUpdate(o, old, v);
    case 'Deployment':
      return [...metaUpdate(), ...deploymentSpec(obj(o.spec), v), ...selectorImmutable(o, old)];
    case 'ReplicaSet':
      return [...metaUpdate(), ...replicaSetSpec(obj(o.spec), v), ...selectorImmutable(o, old)];
    case 'DaemonSet':
      return [...metaUpdate(), ...daemonSetSpec(obj(o.spec), v), ...selectorImmutable(o, old)];
    case 'ControllerRevision':
      return [...metaUpdate(), ...validateControllerRevision(o, v), ...immutable(o.data, old.data, FieldPath.of('data'))];
    default:
      return undefined;
  }
}
