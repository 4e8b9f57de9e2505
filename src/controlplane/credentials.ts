/**
 * Who is who in the control plane: bearer tokens in the API server's static token file (one per
 * component, plus an admin for users), the service-account signing key pair, and the kubeconfig
 * files each client reads. The identities are the ones kubeadm's certificates carry, so that the
 * bootstrap RBAC roles and the Node authorizer apply unchanged:
 *
 *   admin                    kscenario-admin, group system:masters
 *   kube-controller-manager  system:kube-controller-manager
 *   kube-scheduler           system:kube-scheduler
 *   KWOK                     kscenario-kwok, group system:masters
 *
 * KWOK cannot act as the nodes it plays (system:node:N): it lists all nodes, which the Node
 * authorizer refuses a node (it may read only its own Node object). So KWOK's writes are not
 * checked by the Node authorizer and NodeRestriction as a kubelet's are; it writes only what a
 * kubelet writes (its node's status and Lease, its pods' status, their final deletion).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { API_SERVER_NAME, CLUSTER_NAME } from './layout';

export interface Identity {
  user: string;
  groups: string[];
}

export const ADMIN: Identity = { user: 'kscenario-admin', groups: ['system:masters'] };
export const CONTROLLER_MANAGER: Identity = { user: 'system:kube-controller-manager', groups: [] };
export const SCHEDULER: Identity = { user: 'system:kube-scheduler', groups: [] };
export const KWOK: Identity = { user: 'kscenario-kwok', groups: ['system:masters'] };

export function newToken(): string {
  return randomBytes(24).toString('hex');
}

/**
 * The --token-auth-file format: `token,user,uid` and an optional quoted, comma-separated group
 * list (a CSV file).
 */
export function tokenFileLine(token: string, id: Identity): string {
  if (!/^[0-9a-f]+$/.test(token)) throw new Error('a token must be hex');
  for (const s of [id.user, ...id.groups]) if (/[",\n]/.test(s)) throw new Error(`not allowed in a token file: ${s}`);
  const base = `${token},${id.user},${id.user}`;
  return id.groups.length ? `${base},"${id.groups.join(',')}"` : base;
}

export interface KubeconfigInput {
  server: string;
  /** PEM of the certificate authority that signed the serving certificate */
  caPem: string;
  token: string;
  user: string;
  /** the context's namespace (omitted: default) */
  namespace?: string;
}

/** A kubeconfig with one cluster, one user (a bearer token) and one context, all named kscenario. */
export function kubeconfigText(k: KubeconfigInput): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{
      name: CLUSTER_NAME,
      cluster: { server: k.server, 'certificate-authority-data': Buffer.from(k.caPem).toString('base64'), 'tls-server-name': API_SERVER_NAME },
    }],
    users: [{ name: k.user, user: { token: k.token } }],
    contexts: [{ name: CLUSTER_NAME, context: { cluster: CLUSTER_NAME, user: k.user, ...(k.namespace ? { namespace: k.namespace } : {}) } }],
    'current-context': CLUSTER_NAME,
    preferences: {},
  });
}

/** The service-account token signing pair (RSA 2048, PEM), as kubeadm's sa.key / sa.pub. */
export function serviceAccountKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/**
 * The certificate authority in the API server's generated apiserver.crt: the file holds the
 * serving certificate followed by the CA that signed it (client-go's
 * GenerateSelfSignedCertKeyWithFixtures). Clients trust the CA only.
 */
export function caFromServingBundle(bundlePem: string): string {
  const ca = servingBundleCa(bundlePem);
  if (!ca) throw new Error('the serving certificate bundle holds no CA certificate');
  return ca;
}

/**
 * The bundle's CA, or undefined while the file holds fewer than two certificates — as it does
 * for a moment while kube-apiserver is still writing it (a differential run once read it then).
 */
export function servingBundleCa(bundlePem: string): string | undefined {
  const blocks = bundlePem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g) ?? [];
  if (blocks.length < 2) return undefined;
  const ca = blocks[blocks.length - 1]!;
  return ca.endsWith('\n') ? ca : ca + '\n';
}
