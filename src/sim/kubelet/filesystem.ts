/**
 * A container's file system as `kubectl exec` would see it: a path under a volume mount lands on
 * that volume (subPath, expanded subPathExpr and readOnly respected), the kubelet-managed /etc/hosts, /etc/hostname and
 * /etc/resolv.conf are generated for the pod, and anything else is the container's writable
 * layer, which a restart or a new pod starts empty. Volume files are keyed by their path inside
 * the volume, with a leading slash ("/index.html").
 */
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { KscenarioError } from '../../errors';
import type { ApiServer } from '../apiserver/store';
import { CLUSTER_DOMAIN, KUBE_DNS_IP, podSearchPath, POD_NDOTS } from '../network/network-config';
import { FileSystemError, normalizePath } from '../storage/file-tree';
import type { Files, VolumeData } from '../storage/volume-data';
import type { ContainerMount } from './volume-mounts';
import { volumeStorage } from './volumes';

export interface ContainerFs {
  api: ApiServer;
  volumeData: VolumeData;
  pod: Pod;
  container: Container;
  /** its volume mounts as resolved when it was created (subPathExpr expanded, volume-mounts.ts) */
  mounts: readonly ContainerMount[];
  node: string;
  podIP: string | undefined;
  /** files of the pod's own volumes (emptyDir...), by volume name */
  podVolume(name: string): Files;
  /** the running container's writable layer (made on first use, as the next one: most stay empty) */
  layer(): Files;
  /** the files of a configMap or secret volume: as now, or for a subPath mount as at container start */
  projected(volume: string, subPath: boolean): ReadonlyMap<string, string> | undefined;
  /** writes over the kubelet-managed files, kept for the pod's lifetime */
  managedWrites(): Files;
}

const MANAGED = ['/etc/hosts', '/etc/hostname', '/etc/resolv.conf'];

export function readContainerFile(fs: ContainerFs, rawPath: string): string | undefined {
  const path = normalizePath(rawPath);
  const mount = findMount(fs, path);
  if (mount) return readFromMount(fs, mount, path);
  if (MANAGED.includes(path)) return fs.managedWrites().get(path) ?? managedFile(fs.pod, fs.podIP, path);
  return fs.layer().get(path);
}

export function writeContainerFile(fs: ContainerFs, rawPath: string, content: string): void {
  const path = normalizePath(rawPath);
  const mount = findMount(fs, path);
  if (!mount) {
    if (readOnlyOutsideMounts(fs.container, path)) throw fsError(rawPath, 'Read-only file system');
    if (MANAGED.includes(path)) fs.managedWrites().set(path, content);
    else fs.layer().set(path, content);
    return;
  }
  const target = locate(fs, mount, path);
  if (!target || target.readOnly) throw fsError(rawPath, 'Read-only file system');
  if (target.inner === '/') throw fsError(rawPath, 'Is a directory');
  try {
    target.files.set(target.inner, content);
  } catch (e) {
    // a hostPath or PV directory refuses a write over a directory or below a file
    if (e instanceof FileSystemError) throw fsError(rawPath, e.what);
    throw e;
  }
}

/** The volume mount with the longest mountPath containing `path` (its mountPath normalized). */
function findMount(fs: ContainerFs, path: string): ContainerMount | undefined {
  let best: ContainerMount | undefined;
  for (const m of fs.mounts) {
    const mp = normalizePath(m.mountPath);
    const inside = path === mp || path.startsWith(mp === '/' ? '/' : mp + '/');
    if (inside && (!best || mp.length > best.mountPath.length)) best = { ...m, mountPath: mp };
  }
  return best;
}

interface Located {
  files: Files;
  inner: string;
  readOnly: boolean;
}

function locate(fs: ContainerFs, mount: ContainerMount, path: string): Located | undefined {
  const volume = fs.pod.spec?.volumes?.find((v) => v.name === mount.volume);
  if (!volume) return undefined;
  const inner = innerPath(mount, path);
  const storage = volumeStorage(fs.api, fs.pod, volume, fs.node);
  if (!storage) return undefined;
  if (storage.kind === 'projected') return { files: new Map(fs.projected(volume.name, !!mount.subPath)), inner, readOnly: true };
  const files = storage.kind === 'storage' ? fs.volumeData.files(storage.key) : fs.podVolume(volume.name);
  return { files, inner, readOnly: mount.readOnly || storage.readOnly };
}

function readFromMount(fs: ContainerFs, mount: ContainerMount, path: string): string | undefined {
  const target = locate(fs, mount, path);
  return target?.files.get(target.inner);
}

/** Path inside the volume: the subPath, then what follows the mount point. */
function innerPath(mount: ContainerMount, path: string): string {
  const rest = path.slice(mount.mountPath.length);
  return normalizePath(`/${mount.subPath ?? ''}/${rest}`);
}

/**
 * readOnlyRootFilesystem: the runtime mounts the container's root read-only, and with it the
 * /etc/hostname and /etc/resolv.conf it provides (containerd's CRI plugin marks those mounts
 * Readonly from the security context). /etc/hosts stays writable: the kubelet passes it as a
 * mount of its own with ReadOnly false (kubelet_pods.go makeHostsMount), which the runtime keeps.
 */
function readOnlyOutsideMounts(container: Container, path: string): boolean {
  return container.securityContext?.readOnlyRootFilesystem === true && path !== '/etc/hosts';
}

function fsError(path: string, what: string): KscenarioError {
  return new KscenarioError('BACKEND', `cannot write ${path}: ${what}`);
}

/** The kubelet-managed files of a pod (kubelet_pods.go makeEtcHostsFile, GeneratePodHostNameAndDomain). */
function managedFile(pod: Pod, podIP: string | undefined, path: string): string | undefined {
  const { hostname, domain } = podHostnameAndDomain(pod);
  if (path === '/etc/hostname') return `${kernelHostname(pod)}\n`;
  if (path === '/etc/hosts') return pod.spec?.hostNetwork || !podIP ? undefined : managedHosts(pod, podIP, hostname, domain);
  return resolvConf(pod);
}

/**
 * The pod's hostname (spec.hostname or its name, cut to 63 characters without a trailing '-' or
 * '.') and, with a subdomain, its domain `<subdomain>.<namespace>.svc.<cluster domain>`.
 */
export function podHostnameAndDomain(pod: Pod): { hostname: string; domain: string } {
  let hostname = pod.spec?.hostname || pod.metadata?.name || '';
  if (hostname.length > 63) hostname = hostname.slice(0, 63).replace(/[-.]+$/, '');
  const sub = pod.spec?.subdomain;
  return { hostname, domain: sub ? `${sub}.${pod.metadata?.namespace ?? 'default'}.svc.${CLUSTER_DOMAIN}` : '' };
}

/**
 * The hostname the pod's sandbox gets (kuberuntime_sandbox.go generatePodSandboxConfig,
 * util.GetNodenameForKernel): the pod's hostname, or its FQDN with setHostnameAsFQDN.
 */
export function kernelHostname(pod: Pod): string {
  const { hostname, domain } = podHostnameAndDomain(pod);
  return pod.spec?.setHostnameAsFQDN && domain ? `${hostname}.${domain}` : hostname;
}

function managedHosts(pod: Pod, ip: string, hostname: string, domain: string): string {
  let text = '# Kubernetes-managed hosts file.\n' +
    '127.0.0.1\tlocalhost\n' +
    '::1\tlocalhost ip6-localhost ip6-loopback\n' +
    'fe00::0\tip6-localnet\n' +
    'fe00::0\tip6-mcastprefix\n' +
    'fe00::1\tip6-allnodes\n' +
    'fe00::2\tip6-allrouters\n' +
    (domain ? `${ip}\t${hostname}.${domain}\t${hostname}\n` : `${ip}\t${hostname}\n`);
  const aliases = pod.spec?.hostAliases ?? [];
  if (aliases.length) {
    text += '\n# Entries added by HostAliases.\n';
    for (const a of aliases) text += `${a.ip}\t${(a.hostnames ?? []).join('\t')}\n`;
  }
  return text;
}

/**
 * resolv.conf of a ClusterFirst pod as containerd writes it (search, nameserver, options). kind
 * also appends the host's search domains, which are not simulated (unverified for other policies).
 */
function resolvConf(pod: Pod): string | undefined {
  const policy = pod.spec?.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'Default' || (policy === 'ClusterFirst' && pod.spec?.hostNetwork)) return undefined;
  const cfg = pod.spec?.dnsConfig;
  const servers = policy === 'None' ? [] : [KUBE_DNS_IP];
  const searches = policy === 'None' ? [] : podSearchPath(pod.metadata?.namespace ?? 'default');
  const options = policy === 'None' ? [] : [`ndots:${POD_NDOTS}`];
  servers.push(...(cfg?.nameservers ?? []));
  searches.push(...(cfg?.searches ?? []));
  for (const o of cfg?.options ?? []) options.push(o.value === undefined ? o.name! : `${o.name}:${o.value}`);
  let text = '';
  if (searches.length) text += `search ${searches.join(' ')}\n`;
  if (servers.length) text += `nameserver ${servers.join('\nnameserver ')}\n`;
  if (options.length) text += `options ${options.join(' ')}\n`;
  return text;
}
