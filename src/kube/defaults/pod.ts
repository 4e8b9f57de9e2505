/**
 * Pod and pod-template defaults (pkg/apis/core/v1/defaults.go SetDefaults_PodSpec, SetDefaults_Pod,
 * SetDefaults_Container, SetDefaults_Probe, SetDefaults_Volume..., and the `+default` markers on
 * ports that zz_generated.defaults.go applies). These functions mutate the copy they are given;
 * applyDefaults() makes that copy, so the module's API stays pure.
 */
import { isObj, type Obj } from '../validation/access';

type Mutable = Record<string, unknown>;

const setIfAbsent = (o: Mutable, key: string, value: unknown): void => {
  if (o[key] === undefined || o[key] === null) o[key] = value;
};

const each = (list: unknown, fn: (o: Mutable) => void): void => {
  if (Array.isArray(list)) for (const x of list) if (isObj(x)) fn(x);
};

/**
 * The tag part of an image reference (pkg/util/parsers ParseImageName): "latest" when the
 * reference has neither tag nor digest, "" when it has only a digest.
 */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const lastPart = name.slice(name.lastIndexOf('/') + 1);
  const colon = lastPart.lastIndexOf(':');
  if (colon >= 0) return lastPart.slice(colon + 1);
  return at >= 0 ? '' : 'latest';
}

/** Always for `:latest` (or no tag), IfNotPresent otherwise (SetDefaults_Container). */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  return imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(probe: unknown): void {
  if (!isObj(probe)) return;
  setIfAbsent(probe, 'timeoutSeconds', 1);
  setIfAbsent(probe, 'periodSeconds', 10);
  setIfAbsent(probe, 'successThreshold', 1);
  setIfAbsent(probe, 'failureThreshold', 3);
  defaultHandler(probe);
}

/** HTTPGetAction path "/" and scheme HTTP (SetDefaults_HTTPGetAction). */
function defaultHandler(handler: unknown): void {
  if (!isObj(handler) || !isObj(handler.httpGet)) return;
  if (!handler.httpGet.path) handler.httpGet.path = '/';
  if (!handler.httpGet.scheme) handler.httpGet.scheme = 'HTTP';
}

function defaultContainer(c: Mutable): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = defaultPullPolicy(typeof c.image === 'string' ? c.image : '');
  if (!c.terminationMessagePath) c.terminationMessagePath = '/dev/termination-log';
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = 'File';
  each(c.ports, (p) => {
    if (!p.protocol) p.protocol = 'TCP';
  });
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(c[probe]);
  if (isObj(c.lifecycle)) {
    defaultHandler(c.lifecycle.postStart);
    defaultHandler(c.lifecycle.preStop);
  }
  each(c.env, (e) => {
    if (isObj(e.valueFrom) && isObj(e.valueFrom.fieldRef)) setIfAbsent(e.valueFrom.fieldRef, 'apiVersion', 'v1');
  });
}

const SOURCE_FIELDS = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile',
  'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume',
  'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
];

/** Volumes: no source means emptyDir; file modes default to 0644 (420); hostPath type "". */
function defaultVolume(vol: Mutable): void {
  if (!SOURCE_FIELDS.some((f) => vol[f] !== undefined && vol[f] !== null)) vol.emptyDir = {};
  for (const f of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    if (isObj(vol[f])) setIfAbsent(vol[f] as Mutable, 'defaultMode', 420);
  }
  if (isObj(vol.hostPath)) setIfAbsent(vol.hostPath, 'type', '');
  if (isObj(vol.projected)) {
    each(vol.projected.sources, (s) => {
      if (isObj(s.serviceAccountToken)) setIfAbsent(s.serviceAccountToken, 'expirationSeconds', 3600);
    });
  }
  if (isObj(vol.ephemeral) && isObj(vol.ephemeral.volumeClaimTemplate)) {
    const spec = vol.ephemeral.volumeClaimTemplate.spec;
    if (isObj(spec)) setIfAbsent(spec, 'volumeMode', 'Filesystem');
  }
}

/** SetDefaults_PodSpec plus what the generated defaulters do to a spec's members. */
export function defaultPodSpec(spec: Obj): void {
  if (!spec.dnsPolicy) spec.dnsPolicy = 'ClusterFirst';
  if (!spec.restartPolicy) spec.restartPolicy = 'Always';
  setIfAbsent(spec, 'securityContext', {});
  setIfAbsent(spec, 'terminationGracePeriodSeconds', 30);
  if (!spec.schedulerName) spec.schedulerName = 'default-scheduler';
  each(spec.volumes, defaultVolume);
  each(spec.initContainers, defaultContainer);
  each(spec.containers, defaultContainer);
  each(spec.ephemeralContainers, defaultContainer);
}

/** Requests default to limits where only limits are set (SetDefaults_Pod, pods only). */
function requestsFromLimits(c: Mutable): void {
  const resources = c.resources;
  if (!isObj(resources) || !isObj(resources.limits)) return;
  const requests: Mutable = isObj(resources.requests) ? resources.requests : {};
  for (const [k, v] of Object.entries(resources.limits)) setIfAbsent(requests, k, v);
  resources.requests = requests;
}

/** With hostNetwork every container port is also a host port (defaultHostNetworkPorts). */
function hostNetworkPorts(c: Mutable): void {
  each(c.ports, (p) => {
    if (!p.hostPort) p.hostPort = p.containerPort;
  });
}

/** SetDefaults_Pod: only for Pod objects, not templates (upstream issue #69445). */
export function defaultPod(pod: Obj): void {
  if (!isObj(pod.spec)) pod.spec = {};
  const spec = pod.spec as Obj;
  defaultPodSpec(spec);
  each(spec.containers, requestsFromLimits);
  each(spec.initContainers, requestsFromLimits);
  setIfAbsent(spec, 'enableServiceLinks', true);
  if (spec.hostNetwork === true) {
    each(spec.containers, hostNetworkPorts);
    each(spec.initContainers, hostNetworkPorts);
  }
}

/** A workload's `spec.template.spec` gets SetDefaults_PodSpec (not SetDefaults_Pod). */
export function defaultTemplate(template: unknown): void {
  if (!isObj(template)) return;
  if (!isObj(template.spec)) template.spec = {};
  defaultPodSpec(template.spec as Obj);
}
