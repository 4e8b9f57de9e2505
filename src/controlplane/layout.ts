/**
 * The data directory of one running control plane, and the command lines of its components.
 * Pure: paths and argument lists only, so that tests can read exactly what is started.
 *
 * The flags follow what kubeadm (and kind on top of it) gives each component, with the
 * differences a throwaway cluster on 127.0.0.1 needs: every listener on 127.0.0.1 with a port of
 * its own, bearer tokens from a static token file instead of client certificates, the API
 * server's self-signed serving certificate, no leader election (one instance of each), etcd
 * without fsync (its data dies with the cluster).
 */
import { join } from 'node:path';

export interface Layout {
  dir: string;
  state: string;
  logs: string;
  /** the API server's --cert-dir: it writes apiserver.crt (leaf + its CA) and apiserver.key there */
  pki: string;
  servingCert: string;
  tokenFile: string;
  saKey: string;
  saPub: string;
  etcdData: string;
  /** the kubeconfig for users (`export KUBECONFIG=...`) */
  kubeconfig: string;
  controllerManagerKubeconfig: string;
  schedulerKubeconfig: string;
  kwokConfig: string;
  /** the stages of the KWOK that plays the local-path provisioner */
  kwokStorageConfig: string;
}

export function layout(dir: string): Layout {
  const pki = join(dir, 'pki');
  return {
    dir,
    state: join(dir, 'state.json'),
    logs: join(dir, 'logs'),
    pki,
    servingCert: join(pki, 'apiserver.crt'),
    tokenFile: join(pki, 'tokens.csv'),
    saKey: join(pki, 'sa.key'),
    saPub: join(pki, 'sa.pub'),
    etcdData: join(dir, 'etcd'),
    kubeconfig: join(dir, 'kubeconfig'),
    controllerManagerKubeconfig: join(dir, 'kube-controller-manager.kubeconfig'),
    schedulerKubeconfig: join(dir, 'kube-scheduler.kubeconfig'),
    kwokConfig: join(dir, 'kwok.yaml'),
    kwokStorageConfig: join(dir, 'kwok-storage.yaml'),
  };
}

export function kwokKubeconfig(l: Layout, node: string): string {
  return join(l.dir, 'kwok', `${node}.kubeconfig`);
}

export function logFile(l: Layout, component: string): string {
  return join(l.logs, `${component}.log`);
}

export interface Ports {
  etcdClient: number;
  etcdPeer: number;
  apiserver: number;
  controllerManager: number;
  scheduler: number;
}

/** The networks kind uses: pods 10.244.0.0/16 (a /24 per node), services 10.96.0.0/16. */
export const CLUSTER_CIDR = '10.244.0.0/16';
export const SERVICE_CIDR = '10.96.0.0/16';
export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
export const CLUSTER_NAME = 'kscenario';

export function etcdArgs(l: Layout, p: Ports): string[] {
  const client = `http://127.0.0.1:${p.etcdClient}`;
  const peer = `http://127.0.0.1:${p.etcdPeer}`;
  return [
    '--name=kscenario',
    `--data-dir=${l.etcdData}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=kscenario=${peer}`,
    // throwaway data: fsync would only make a small CI machine slower
    '--unsafe-no-fsync=true',
    // as kubeadm's etcd: compact history hourly, not every revision forever
    '--auto-compaction-retention=1',
    '--snapshot-count=10000',
    '--log-level=warn',
  ];
}

/**
 * The name clients ask the API server's certificate for (kubeconfig tls-server-name): the API
 * server's self-signed certificate is made for its advertise address and for kubernetes,
 * kubernetes.default and kubernetes.default.svc, not for 127.0.0.1.
 */
export const API_SERVER_NAME = 'kubernetes';

/**
 * The API server listens on 127.0.0.1 but advertises `advertiseAddress`: the address of the
 * kubernetes Service's endpoint, which may not be a loopback address. As on kind, it is the
 * control-plane node's address (nothing listens there; no pod runs to reach it).
 */
export function apiserverArgs(l: Layout, p: Ports, advertiseAddress: string): string[] {
  return [
    `--advertise-address=${advertiseAddress}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${p.apiserver}`,
    // no --tls-cert-file: the API server makes a self-signed pair in --cert-dir
    `--cert-dir=${l.pki}`,
    `--etcd-servers=http://127.0.0.1:${p.etcdClient}`,
    `--token-auth-file=${l.tokenFile}`,
    // kubeadm's authorization and admission
    '--authorization-mode=Node,RBAC',
    '--enable-admission-plugins=NodeRestriction',
    '--allow-privileged=true',
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
    `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`,
    `--service-account-key-file=${l.saPub}`,
    `--service-account-signing-key-file=${l.saKey}`,
    '--profiling=false',
  ];
}

/** `podSubnet`: the cluster's (kind's networking.podSubnet), which kubeadm passes as --cluster-cidr. */
export function controllerManagerArgs(l: Layout, p: Ports, podSubnet: string = CLUSTER_CIDR): string[] {
  return [
    `--kubeconfig=${l.controllerManagerKubeconfig}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${p.controllerManager}`,
    '--leader-elect=false',
    // kubeadm's: every controller with a service account of its own, plus the token signers
    '--use-service-account-credentials=true',
    '--controllers=*,bootstrapsigner,tokencleaner',
    `--service-account-private-key-file=${l.saKey}`,
    `--root-ca-file=${l.servingCert}`,
    `--cluster-name=${CLUSTER_NAME}`,
    // kubeadm's for kind: a /24 of the pod subnet per node (kcm's default IPv4 node mask)
    '--allocate-node-cidrs=true',
    `--cluster-cidr=${podSubnet}`,
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
    '--profiling=false',
  ];
}

export function schedulerArgs(l: Layout, p: Ports): string[] {
  return [
    `--kubeconfig=${l.schedulerKubeconfig}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${p.scheduler}`,
    '--leader-elect=false',
    '--profiling=false',
  ];
}

/**
 * One KWOK process per node (--manage-single-node), so that a node can be stopped, frozen or
 * removed on its own, as a kubelet can. It runs as the node's own identity (system:node:<name>),
 * so the Node authorizer and NodeRestriction treat it as the API server treats a kubelet. No
 * server: nothing answers logs, exec or port-forward.
 */
export function kwokArgs(l: Layout, node: string, nodeIP: string, leaseSeconds = KUBELET_LEASE_SECONDS): string[] {
  return [
    `--kubeconfig=${kwokKubeconfig(l, node)}`,
    `--config=${l.kwokConfig}`,
    `--manage-single-node=${node}`,
    `--node-name=${node}`,
    `--node-ip=${nodeIP}`,
    `--node-lease-duration-seconds=${leaseSeconds}`,
  ];
}

/** The component name of the KWOK that plays kind's local-path provisioner. */
export const STORAGE_KWOK = 'local-path-provisioner';

/**
 * The KWOK that plays the local-path provisioner: storage stages only (no node or pod stages, so
 * it runs no node controller); KWOK insists on a node to manage, so it is given a name no node has.
 */
export function kwokStorageArgs(l: Layout): string[] {
  return [
    `--kubeconfig=${kwokKubeconfig(l, STORAGE_KWOK)}`,
    `--config=${l.kwokStorageConfig}`,
    `--manage-single-node=${STORAGE_KWOK}.invalid`,
  ];
}

/** The kubelet's nodeLeaseDurationSeconds default. */
export const KUBELET_LEASE_SECONDS = 40;
