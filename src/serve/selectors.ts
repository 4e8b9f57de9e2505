/**
 * Label and field selectors of list and watch requests. Label selectors use the kubectl string
 * syntax (kube/labels.ts). Field selectors (apimachinery pkg/fields/selector.go): terms joined by
 * `,`, each `field=value`, `field==value` or `field!=value`, with `\,` `\=` `\\` escapes. Each kind
 * supports only the fields its registry exposes (GetAttrs / the field label conversion functions
 * in pkg/apis/<group>/<version>/conversion.go); anything else is a 400 "field label not supported".
 */
import { ApiError } from '../errors';
import { matches, parseSelectorString, type Selector } from '../kube/labels';
import type { KObject } from '../kube/object';

export interface FieldTerm {
  field: string;
  op: '=' | '!=';
  value: string;
}

type Getter = (o: KObject) => string;

const get = (o: unknown, path: string[]): unknown => path.reduce<unknown>((cur, k) => (cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined), o);
const text = (path: string): Getter => (o) => {
  const v = get(o, path.split('.'));
  return v === undefined || v === null ? '' : String(v);
};
/** Go's strconv.FormatBool of an optional bool field: absent is false. */
const flag = (path: string): Getter => (o) => String(get(o, path.split('.')) === true);
const count = (path: string): Getter => (o) => String(get(o, path.split('.')) ?? 0);

const META: Record<string, Getter> = { 'metadata.name': text('metadata.name'), 'metadata.namespace': text('metadata.namespace') };

/** Selectable fields by kind, beyond metadata.name and metadata.namespace. */
const FIELDS: Record<string, Record<string, Getter>> = {
  // pkg/registry/core/pod/strategy.go ToSelectableFields
  Pod: {
    'spec.nodeName': text('spec.nodeName'),
    'spec.restartPolicy': text('spec.restartPolicy'),
    'spec.schedulerName': text('spec.schedulerName'),
    'spec.serviceAccountName': text('spec.serviceAccountName'),
    'spec.hostNetwork': flag('spec.hostNetwork'),
    'status.phase': text('status.phase'),
    // the first (primary) address, as podIP
    'status.podIP': text('status.podIP'),
    'status.nominatedNodeName': text('status.nominatedNodeName'),
  },
  Node: { 'spec.unschedulable': flag('spec.unschedulable') },
  Namespace: { 'status.phase': text('status.phase') },
  Secret: { type: text('type') },
  ReplicationController: { 'status.replicas': count('status.replicas') },
  ReplicaSet: { 'status.replicas': count('status.replicas') },
  Job: { 'status.successful': count('status.succeeded') },
  Event: {
    'involvedObject.kind': text('involvedObject.kind'),
    'involvedObject.namespace': text('involvedObject.namespace'),
    'involvedObject.name': text('involvedObject.name'),
    'involvedObject.uid': text('involvedObject.uid'),
    'involvedObject.apiVersion': text('involvedObject.apiVersion'),
    'involvedObject.resourceVersion': text('involvedObject.resourceVersion'),
    'involvedObject.fieldPath': text('involvedObject.fieldPath'),
    reason: text('reason'),
    reportingComponent: text('reportingComponent'),
    source: text('source.component'),
    type: text('type'),
  },
};

/** Cluster-scoped kinds other than Namespace and Node only select on metadata.name. */
function gettersFor(kind: string, namespaced: boolean): Record<string, Getter> {
  const base = namespaced ? META : { 'metadata.name': META['metadata.name']! };
  return { ...base, ...(FIELDS[kind] ?? {}) };
}

/** Splits on unescaped `sep` and unescapes `\x`. */
function splitEscaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[++i];
      continue;
    }
    if (c === sep) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

export function parseFieldSelector(text: string): FieldTerm[] {
  const terms: FieldTerm[] = [];
  for (const raw of splitEscaped(text, ',')) {
    if (raw === '') continue;
    const m = /^((?:[^=!\\]|\\.)*)(!=|==|=)(.*)$/.exec(raw);
    if (!m) throw new ApiError(400, 'BadRequest', `invalid selector: '${text}'; can't understand '${raw}'`);
    terms.push({ field: unescape(m[1]!.trim()), op: m[2] === '!=' ? '!=' : '=', value: unescape(m[3]!) });
  }
  return terms;
}

/** A predicate for the request's selectors; throws 400 for a bad selector or an unsupported field. */
export function selectorPredicate(kind: string, namespaced: boolean, labelSelector?: string, fieldSelector?: string): (o: KObject) => boolean {
  let labels: Selector = [];
  try {
    labels = labelSelector ? parseSelectorString(labelSelector) : [];
  } catch (e) {
    throw new ApiError(400, 'BadRequest', `unable to parse requirement: ${(e as Error).message}`);
  }
  const getters = gettersFor(kind, namespaced);
  const fields = fieldSelector ? parseFieldSelector(fieldSelector) : [];
  for (const t of fields) {
    if (!getters[t.field]) throw new ApiError(400, 'BadRequest', `field label not supported: ${t.field}`);
  }
  return (o) =>
    matches(labels, o.metadata.labels) &&
    fields.every((t) => (getters[t.field]!(o) === t.value) === (t.op === '='));
}
