/**
 * The pure parts of a control plane's setup: where binaries come from, the components' command
 * lines, tokens and kubeconfigs, the Node objects made from cluster.nodes, KWOK's stages and
 * which node faults KWOK can stand for.
 */
import { describe, expect, test } from '@jest/globals';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { cacheRoot, kubernetesCacheDir, kwokCacheDir, lookupBinaries, userBinaryDirs } from '../../src/controlplane/binaries';
import { advertiseAddress } from '../../src/controlplane/control-plane';
import {
  ADMIN, CONTROLLER_MANAGER, KWOK, SCHEDULER, caFromServingBundle, kubeconfigText, newToken, servingBundleCa, serviceAccountKeyPair, tokenFileLine,
} from '../../src/controlplane/credentials';
import { HELPER_POD_MS, POD_START_MS, POD_STOP_MS, STAGES, kwokConfigText, kwokStorageConfigText, storageStages } from '../../src/controlplane/kwok-config';
import {
  API_SERVER_NAME, apiserverArgs, controllerManagerArgs, etcdArgs, kwokArgs, layout, schedulerArgs, type Ports,
} from '../../src/controlplane/layout';
import { NODE_FAULT_SUPPORT, kwokNodeFaults, nodeFaultRefusal } from '../../src/controlplane/node-faults';
import { defaultNodes, nodeAddressing, nodeObject } from '../../src/controlplane/nodes';
import { commandLine } from '../../src/controlplane/processes';
import type { ControlPlane } from '../../src/controlplane/control-plane';

describe('binaries', () => {
  test('the cache honours KSCENARIO_CACHE_DIR, then an absolute XDG_CACHE_HOME, then ~/.cache', () => {
    expect(cacheRoot({ KSCENARIO_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' }, '/home/u')).toBe('/c');
    expect(cacheRoot({ XDG_CACHE_HOME: '/x' }, '/home/u')).toBe('/x/kscenario');
    expect(cacheRoot({ XDG_CACHE_HOME: 'relative' }, '/home/u')).toBe('/home/u/.cache/kscenario');
    expect(cacheRoot({}, '/home/u')).toBe('/home/u/.cache/kscenario');
    expect(kubernetesCacheDir({ kubernetes: 'v1.35.4' }, { KSCENARIO_CACHE_DIR: '/c' })).toBe('/c/control-plane/v1.35.4');
    expect(kwokCacheDir({ kwok: 'v0.8.0' }, { KSCENARIO_CACHE_DIR: '/c' })).toBe('/c/control-plane/kwok-v0.8.0');
  });

  test('user directories first (flags, then KSCENARIO_CONTROL_PLANE_BIN), the cache for the rest', () => {
    expect(userBinaryDirs(['/flag'], { KSCENARIO_CONTROL_PLANE_BIN: '/a:/b' })).toEqual(['/flag', '/a', '/b']);
    const present = new Set(['/kwokctl/bin/kube-apiserver', '/kwokctl/bin/kwok-controller', '/kwokctl/bin/etcd', '/cache/k/kube-apiserver',
      '/cache/k/kube-controller-manager', '/cache/k/kube-scheduler', '/cache/k/etcd']);
    const found = lookupBinaries(['/kwokctl/bin'], { kubernetes: '/cache/k', kwok: '/cache/w' }, (p) => present.has(p));
    expect(found.missing).toEqual([]);
    expect(found.found['kube-apiserver']).toEqual({ path: '/kwokctl/bin/kube-apiserver', source: 'user' });
    // kwokctl's binary runtime calls KWOK kwok-controller
    expect(found.found.kwok).toEqual({ path: '/kwokctl/bin/kwok-controller', source: 'user' });
    expect(found.found['kube-scheduler']).toEqual({ path: '/cache/k/kube-scheduler', source: 'cache' });
    const none = lookupBinaries([], { kubernetes: '/cache/k', kwok: '/cache/w' }, () => false);
    expect(none.missing).toEqual(['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok']);
  });
});

describe('command lines', () => {
  const l = layout('/data');
  const ports: Ports = { etcdClient: 2001, etcdPeer: 2002, apiserver: 2003, controllerManager: 2004, scheduler: 2005 };
  const all = [etcdArgs(l, ports), apiserverArgs(l, ports, '172.18.0.2'), controllerManagerArgs(l, ports), schedulerArgs(l, ports), kwokArgs(l, 'worker-1', '172.18.0.3')];

  test('every listener on 127.0.0.1, each on its own port', () => {
    const text = all.flat().join(' ');
    expect(text).not.toMatch(/0\.0\.0\.0|localhost/);
    expect(etcdArgs(l, ports)).toEqual(expect.arrayContaining([
      '--listen-client-urls=http://127.0.0.1:2001', '--listen-peer-urls=http://127.0.0.1:2002', '--initial-cluster=kscenario=http://127.0.0.1:2002',
      '--data-dir=/data/etcd']));
    expect(apiserverArgs(l, ports, '172.18.0.2')).toEqual(expect.arrayContaining([
      '--bind-address=127.0.0.1', '--secure-port=2003', '--etcd-servers=http://127.0.0.1:2001', '--advertise-address=172.18.0.2']));
    expect(controllerManagerArgs(l, ports)).toEqual(expect.arrayContaining(['--bind-address=127.0.0.1', '--secure-port=2004']));
    expect(schedulerArgs(l, ports)).toEqual(expect.arrayContaining(['--bind-address=127.0.0.1', '--secure-port=2005']));
  });

  test("kubeadm's authorization, admission and service-account setup", () => {
    const api = apiserverArgs(l, ports, '172.18.0.2');
    expect(api).toEqual(expect.arrayContaining([
      '--authorization-mode=Node,RBAC', '--enable-admission-plugins=NodeRestriction', '--token-auth-file=/data/pki/tokens.csv',
      '--service-account-key-file=/data/pki/sa.pub', '--service-account-signing-key-file=/data/pki/sa.key', '--cert-dir=/data/pki']));
    // no serving certificate given: the API server generates one in --cert-dir
    expect(api.some((a) => a.startsWith('--tls-cert-file'))).toBe(false);
    expect(controllerManagerArgs(l, ports)).toEqual(expect.arrayContaining([
      '--use-service-account-credentials=true', '--service-account-private-key-file=/data/pki/sa.key', '--root-ca-file=/data/pki/apiserver.crt',
      '--allocate-node-cidrs=true', '--cluster-cidr=10.244.0.0/16', '--kubeconfig=/data/kube-controller-manager.kubeconfig']));
    expect(controllerManagerArgs(l, ports, '10.0.0.0/12')).toContain('--cluster-cidr=10.0.0.0/12');
  });

  test('one KWOK per node, managing that node only, with the kubelet lease duration', () => {
    expect(kwokArgs(l, 'worker-1', '172.18.0.3')).toEqual([
      '--kubeconfig=/data/kwok/worker-1.kubeconfig', '--config=/data/kwok.yaml', '--manage-single-node=worker-1', '--node-name=worker-1',
      '--node-ip=172.18.0.3', '--node-lease-duration-seconds=40']);
  });

  test('the API server advertises the first control-plane node, as on kind', () => {
    expect(advertiseAddress(defaultNodes(3))).toBe('172.18.0.2');
    expect(advertiseAddress([{ name: 'a' }, { name: 'b', role: 'control-plane' }])).toBe('172.18.0.3');
    expect(advertiseAddress([{ name: 'a' }])).toBe('172.18.0.1');
  });

  test('a component that must die with its parent runs under setpriv --pdeathsig', () => {
    const spec = { name: 'x', bin: '/bin/etcd', args: ['--a'], log: '/l' };
    expect(commandLine(spec, '/usr/bin/setpriv')).toEqual({ file: '/bin/etcd', args: ['--a'] });
    expect(commandLine({ ...spec, dieWithParent: true }, '/usr/bin/setpriv')).toEqual({ file: '/usr/bin/setpriv', args: ['--pdeathsig', 'KILL', '--', '/bin/etcd', '--a'] });
    expect(commandLine({ ...spec, dieWithParent: true }, null)).toEqual({ file: '/bin/etcd', args: ['--a'] });
  });
});

describe('credentials', () => {
  test("token file lines: token, user, uid and the quoted groups", () => {
    expect(tokenFileLine('ab12', ADMIN)).toBe('ab12,kscenario-admin,kscenario-admin,"system:masters"');
    expect(tokenFileLine('ab12', CONTROLLER_MANAGER)).toBe('ab12,system:kube-controller-manager,system:kube-controller-manager');
    expect(tokenFileLine('ab12', SCHEDULER)).toBe('ab12,system:kube-scheduler,system:kube-scheduler');
    expect(tokenFileLine('ab12', KWOK)).toBe('ab12,kscenario-kwok,kscenario-kwok,"system:masters"');
    expect(() => tokenFileLine('ab,12', ADMIN)).toThrow();
    expect(() => tokenFileLine('ab12', { user: 'a,b', groups: [] })).toThrow();
    expect(newToken()).toMatch(/^[0-9a-f]{48}$/);
    expect(newToken()).not.toBe(newToken());
  });

  test('a kubeconfig with the CA, the token and the name on the certificate', () => {
    const ca = '-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n';
    const k = parse(kubeconfigText({ server: 'https://127.0.0.1:2003', caPem: ca, token: 't0k', user: 'kscenario-admin' })) as Record<string, any>;
    expect(k['current-context']).toBe('kscenario');
    expect(k.clusters[0].cluster.server).toBe('https://127.0.0.1:2003');
    expect(Buffer.from(k.clusters[0].cluster['certificate-authority-data'], 'base64').toString()).toBe(ca);
    expect(k.clusters[0].cluster['tls-server-name']).toBe(API_SERVER_NAME);
    expect(k.users[0]).toEqual({ name: 'kscenario-admin', user: { token: 't0k' } });
    expect(k.contexts[0]).toEqual({ name: 'kscenario', context: { cluster: 'kscenario', user: 'kscenario-admin' } });
  });

  test('the CA is the last certificate of the generated serving bundle', () => {
    const leaf = '-----BEGIN CERTIFICATE-----\nTEFG\n-----END CERTIFICATE-----\n';
    const ca = '-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n';
    expect(caFromServingBundle(leaf + ca)).toBe(ca);
    expect(() => caFromServingBundle(leaf)).toThrow(/no CA/);
    // half written: kube-apiserver has written its serving certificate and not yet the CA
    expect(servingBundleCa(leaf)).toBeUndefined();
    expect(servingBundleCa(leaf + ca)).toBe(ca);
  });

  test('the service-account keys are a matching RSA pair in PEM', () => {
    const { privateKeyPem, publicKeyPem } = serviceAccountKeyPair();
    expect(privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const derived = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' });
    expect(derived).toBe(publicKeyPem);
    expect(createPrivateKey(privateKeyPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
    // a new pair each time
    expect(serviceAccountKeyPair().publicKeyPem).not.toBe(publicKeyPem);
  });
});

describe('nodes', () => {
  const facts = { kubernetes: 'v1.35.4', kwok: 'v0.8.0' };

  test('--nodes N: control-plane then workers', () => {
    expect(defaultNodes(3)).toEqual([{ name: 'control-plane', role: 'control-plane' }, { name: 'worker-1', role: 'worker' }, { name: 'worker-2', role: 'worker' }]);
    expect(defaultNodes(1)).toHaveLength(1);
    expect(() => defaultNodes(0)).toThrow();
  });

  test("addresses: kind's network and a /24 of 10.244.0.0/16 each", () => {
    expect(nodeAddressing(0)).toEqual({ internalIP: '172.18.0.2', podCIDR: '10.244.0.0/24' });
    expect(nodeAddressing(7)).toEqual({ internalIP: '172.18.0.9', podCIDR: '10.244.7.0/24' });
    expect(nodeAddressing(255)).toEqual({ internalIP: '172.18.1.1', podCIDR: '10.244.255.0/24' });
    // the 257th node: the pod subnet is full; kcm records CIDRNotAvailable for its Node
    expect(nodeAddressing(256)).toEqual({ internalIP: '172.18.1.2' });
    expect(() => nodeAddressing(65_533)).toThrow(RangeError);
  });

  test("addresses in a larger pod subnet: 5,000 nodes, distinct, kcm's service range skipped", () => {
    const addrs = Array.from({ length: 5000 }, (_, i) => nodeAddressing(i, '10.0.0.0/8'));
    expect(new Set(addrs.map((a) => a.podCIDR)).size).toBe(5000);
    expect(new Set(addrs.map((a) => a.internalIP)).size).toBe(5000);
    expect(addrs[4999]).toEqual({ internalIP: '172.18.19.137', podCIDR: '10.19.135.0/24' });
    // 10.96.0.0/16 (the service range) lies in 10.0.0.0/8: kcm never hands out its /24s
    expect(nodeAddressing(96 * 256, '10.0.0.0/8').podCIDR).toBe('10.97.0.0/24');
  });

  test('without a podCIDR, the Node has none', () => {
    const n = nodeObject({ name: 'w' }, { internalIP: '172.18.1.2' }, facts) as Record<string, any>;
    expect(n.spec.podCIDR).toBeUndefined();
    expect(n.spec.podCIDRs).toBeUndefined();
  });

  test('a control-plane node: role label, exclusion label and the NoSchedule taint', () => {
    const n = nodeObject({ name: 'control-plane', role: 'control-plane' }, nodeAddressing(0), facts) as Record<string, any>;
    expect(n.metadata.labels).toMatchObject({ 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/hostname': 'control-plane', 'kubernetes.io/os': 'linux' });
    expect(n.spec.taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    expect(n.metadata.annotations['kwok.x-k8s.io/node']).toBe('fake');
    expect(n.status.nodeInfo.kubeletVersion).toBe('v1.35.4');
    // conditions are KWOK's to report, as they are the kubelet's
    expect(n.status.conditions).toBeUndefined();
  });

  test("a worker with the scenario's labels, annotations, taints and capacity", () => {
    const n = nodeObject({
      name: 'db-1', labels: { zone: 'b' }, annotations: { a: '1' }, taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }, { key: 'x', effect: 'NoExecute' }],
      capacity: { cpu: '2', 'example.com/gpu': '1' },
    }, nodeAddressing(3), facts) as Record<string, any>;
    expect(n.metadata.labels.zone).toBe('b');
    expect(n.metadata.labels['node-role.kubernetes.io/control-plane']).toBeUndefined();
    expect(n.metadata.annotations).toMatchObject({ a: '1', 'kwok.x-k8s.io/node': 'fake' });
    expect(n.spec.taints).toEqual([{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }, { key: 'x', effect: 'NoExecute' }]);
    expect(n.status.capacity).toMatchObject({ cpu: '2', memory: '16Gi', pods: '110', 'ephemeral-storage': '100Gi', 'example.com/gpu': '1' });
    expect(n.status.allocatable).toEqual(n.status.capacity);
    expect(n.spec.podCIDR).toBe('10.244.3.0/24');
    expect(n.status.addresses).toEqual([{ type: 'InternalIP', address: '172.18.0.5' }, { type: 'Hostname', address: 'db-1' }]);
  });
});

describe("KWOK's stages", () => {
  const docs = parseAllDocuments(kwokConfigText()).map((d) => d.toJS() as Record<string, any>);

  test('one Stage document per stage, Node and Pod stages, jq selectors', () => {
    expect(docs.map((d) => d.metadata.name)).toEqual(STAGES.map((s) => `kscenario-${s.name}`));
    for (const d of docs) {
      expect(d).toMatchObject({ apiVersion: 'kwok.x-k8s.io/v1alpha1', kind: 'Stage' });
      expect(['Node', 'Pod']).toContain(d.spec.resourceRef.kind);
      for (const e of d.spec.selector.matchExpressions) {
        expect(Object.keys(e)).toEqual(['jq']);
        expect(['In', 'NotIn', 'Exists', 'DoesNotExist']).toContain(e.jq.operator);
        if (e.jq.operator === 'In' || e.jq.operator === 'NotIn') expect(e.jq.values.length).toBeGreaterThan(0);
        else expect(e.jq.values).toBeUndefined();
      }
      expect(Boolean(d.spec.next.delete) !== Boolean(d.spec.next.statusTemplate)).toBe(true);
    }
  });

  test("the node's conditions are the kubelet's four, with its reasons", () => {
    const ready = docs.find((d) => d.metadata.name === 'kscenario-node-ready')!;
    const tpl: string = ready.spec.next.statusTemplate;
    for (const reason of ['KubeletHasSufficientMemory', 'KubeletHasNoDiskPressure', 'KubeletHasSufficientPID', 'KubeletReady']) expect(tpl).toContain(reason);
    expect(tpl).not.toContain('NetworkUnavailable');
    const heartbeat = docs.find((d) => d.metadata.name === 'kscenario-node-heartbeat')!;
    expect(heartbeat.spec.delay).toEqual({ durationMilliseconds: 300000 });
  });

  test('deleted pods go after the container stop time; Job pods succeed; Ready honours readiness gates', () => {
    const del = docs.find((d) => d.metadata.name === 'kscenario-pod-delete')!;
    expect(del.spec.next).toEqual({ delete: true });
    expect(del.spec.delay).toEqual({ durationMilliseconds: POD_STOP_MS });
    // KWOK's own final delete (grace 0) must not queue another, which v0.8.0 would retry by name
    expect(del.spec.selector.matchExpressions.map((e: any) => e.jq.key)).toContain('.metadata.deletionGracePeriodSeconds > 0');
    const succeeded = docs.find((d) => d.metadata.name === 'kscenario-pod-succeeded')!;
    expect(succeeded.spec.next.statusTemplate).toContain('phase: Succeeded');
    const running = docs.find((d) => d.metadata.name === 'kscenario-pod-running')!;
    expect(running.spec.next.statusTemplate).toContain('ReadinessGatesNotReady');
    expect(running.spec.delay).toEqual({ durationMilliseconds: POD_START_MS });
    // two stages never match the same pod: running needs Pending, ready-again and succeeded split Running pods by Job ownership
    const again = docs.find((d) => d.metadata.name === 'kscenario-pod-ready-again')!;
    const job = (d: Record<string, any>) => d.spec.selector.matchExpressions.find((e: any) => e.jq.key.includes('"Job"')).jq.values;
    expect(job(again)).toEqual(['false']);
    expect(job(succeeded)).toEqual(['true']);
  });
});

describe("kind's local-path provisioner, played by KWOK", () => {
  test('one provisioning stage per local-path class, with its reclaim policy; none without such a class', () => {
    const stages = storageStages([
      { name: 'standard', provisioner: 'rancher.io/local-path', reclaimPolicy: 'Delete' },
      { name: 'keep', provisioner: 'rancher.io/local-path', reclaimPolicy: 'Retain' },
      { name: 'nfs', provisioner: 'example.com/nfs' },
    ]);
    expect(stages.map((s) => s.name)).toEqual([
      'local-path-provision-standard', 'local-path-block-standard', 'local-path-selector-standard', 'local-path-access-modes-standard',
      'local-path-provision-keep', 'local-path-block-keep', 'local-path-selector-keep', 'local-path-access-modes-keep', 'local-path-delete']);
    expect(storageStages([{ name: 'nfs', provisioner: 'example.com/nfs' }])).toEqual([]);
    expect(kwokStorageConfigText([])).toBeUndefined();
    const docs = parseAllDocuments(kwokStorageConfigText([{ name: 'keep', reclaimPolicy: 'Retain' }])!).map((d) => d.toJS() as Record<string, any>);
    const provision = docs[0]!;
    expect(provision.spec.resourceRef).toEqual({ apiGroup: 'v1', kind: 'PersistentVolumeClaim' });
    expect(provision.spec.delay).toEqual({ durationMilliseconds: HELPER_POD_MS });
    const keys = provision.spec.selector.matchExpressions.map((e: any) => `${e.jq.key} ${e.jq.operator} ${(e.jq.values ?? []).join(',')}`);
    expect(keys).toEqual(expect.arrayContaining([
      '.spec.storageClassName In keep',
      '.metadata.annotations["volume.kubernetes.io/storage-provisioner"] In rancher.io/local-path',
      '.metadata.annotations["volume.kubernetes.io/selected-node"] Exists ',
      '.spec.volumeName DoesNotExist ',
    ]));
    const steps = provision.spec.steps as Array<{ apply: { template: string } }>;
    // the provisioner's events around the volume, then the volume
    expect(steps[0]!.apply.template).toContain('reason: Provisioning\n');
    expect(steps[2]!.apply.template).toContain('reason: ProvisioningSucceeded\nmessage: "Successfully provisioned volume pvc-{{ .metadata.uid }}"');
    const template: string = steps[1]!.apply.template;
    // the PV as local-path-provisioner makes it: named after the claim, pinned to the node, bound by claimRef
    expect(template).toContain('name: {{ printf "pvc-%s" .metadata.uid | Quote }}');
    expect(template).toContain('persistentVolumeReclaimPolicy: Retain');
    expect(template).toContain('pv.kubernetes.io/provisioned-by: rancher.io/local-path');
    expect(template).toContain('key: kubernetes.io/hostname');
    expect(template).toContain('/var/local-path-provisioner/pvc-%s_%s_%s');
    const modes = docs[3]!;
    expect(modes.spec.steps[1]).toEqual({ event: { type: 'Warning', reason: 'ProvisioningFailed', message: 'failed to provision volume with StorageClass "keep": NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes' } });
    const del = docs[4]!;
    expect(del.spec.resourceRef.kind).toBe('PersistentVolume');
    expect(del.spec.next).toEqual({ delete: true });
  });
});

describe('node faults on KWOK nodes', () => {
  test('restartNode is refused with its reason; the others are offered', () => {
    expect(Object.keys(NODE_FAULT_SUPPORT).sort()).toEqual(['addNode', 'disconnectNode', 'killNode', 'reconnectNode', 'removeNode', 'restartNode']);
    expect(nodeFaultRefusal('restartNode')).toMatch(/containers/);
    for (const verb of ['killNode', 'disconnectNode', 'reconnectNode', 'addNode', 'removeNode']) expect(nodeFaultRefusal(verb)).toBeUndefined();
  });

  test('the NodeFaults of a control plane refuse restartNode and pass the rest on', async () => {
    const calls: string[] = [];
    const fake = {
      killNode: async (n: string) => void calls.push(`kill ${n}`),
      disconnectNode: async (n: string) => void calls.push(`disconnect ${n}`),
      reconnectNode: async (n: string) => void calls.push(`reconnect ${n}`),
      addNode: async (n: { name: string }) => void calls.push(`add ${n.name}`),
      removeNode: async (n: string) => void calls.push(`remove ${n}`),
    } as unknown as ControlPlane;
    const faults = kwokNodeFaults(fake);
    await faults.killNode('a');
    await faults.disconnectNode('b');
    await faults.reconnectNode('b');
    await faults.addNode({ name: 'c' });
    await faults.removeNode('c');
    expect(calls).toEqual(['kill a', 'disconnect b', 'reconnect b', 'add c', 'remove c']);
    await expect(faults.restartNode('a')).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });
});

test('layout: everything of a control plane lives in its directory', () => {
  const l = layout('/d');
  for (const p of Object.values(l)) expect(String(p).startsWith('/d')).toBe(true);
  expect(l.kubeconfig).toBe(join('/d', 'kubeconfig'));
});
