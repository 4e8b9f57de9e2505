/**
 * Pod I/O on a cluster: what a process in a pod sees, by exec into pods with a small fixed set of
 * commands (the set `kscenario serve` answers too):
 *
 *   cat <path>                      read a file (missing: "No such file or directory")
 *   tee <path>                      write a file from stdin (stdout is not collected)
 *   cat /etc/resolv.conf            the DNS helper's search path, ndots and cluster domain
 *   nslookup -type=A <fqdn.>        one query for an absolute name, no search list
 *   nslookup -type=SRV <fqdn.>
 *
 * DNS lookups run in a helper pod (busybox) of the run's own internal namespace, never in the
 * scenario's namespaces (it would show up in what the scenario counts). A pod in namespace N
 * resolves a name through its resolv.conf search list (N.svc.<zone>, svc.<zone>, <zone>, then
 * the node's domains) with ndots 5; the helper walks that list itself for N, one absolute query
 * per candidate, and stops at the first answer with records — what glibc's res_search does and
 * what the simulator's DNS implements (NODATA lets the search go on).
 */
import type { DnsAnswer } from '../../backend/contract';

export const DNS_HELPER_IMAGE = 'busybox:1.36';
export const DNS_HELPER_POD = 'kscenario-dns';

export interface ResolvConf {
  search: string[];
  ndots: number;
  /** the cluster domain, from the first search entry <namespace>.svc.<zone> */
  zone: string;
}

export function parseResolvConf(text: string): ResolvConf {
  let search: string[] = [];
  let ndots = 1;
  for (const line of text.split('\n')) {
    const [word, ...rest] = line.trim().split(/\s+/);
    if (word === 'search' || word === 'domain') search = rest;
    if (word === 'options') {
      for (const o of rest) {
        const m = /^ndots:(\d+)$/.exec(o);
        if (m) ndots = Number(m[1]);
      }
    }
  }
  const svc = search.find((d) => /^[^.]+\.svc\./.test(d));
  const zone = svc ? svc.replace(/^[^.]+\.svc\./, '') : 'cluster.local';
  return { search, ndots, zone };
}

/**
 * The names a ClusterFirst pod of `namespace` tries for `name`, in order: the helper's search list
 * with its own namespace replaced by `namespace`.
 */
export function searchCandidates(name: string, namespace: string, conf: ResolvConf): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const search = conf.search.map((d) => (/^[^.]+\.svc\./.test(d) ? `${namespace}.svc.${conf.zone}` : d));
  const withSearch = search.map((d) => `${name}.${d}`);
  const dots = name.split('.').length - 1;
  return dots >= conf.ndots ? [name, ...withSearch] : [...withSearch, name];
}

/** The command for one query. */
export function nslookupCommand(fqdn: string, type: 'A' | 'SRV'): string[] {
  return ['nslookup', `-type=${type}`, fqdn.endsWith('.') ? fqdn : `${fqdn}.`];
}

export type LookupOutcome = DnsAnswer | { error: string };

/**
 * nslookup's output (busybox 1.28, busybox 1.30+ and bind differ in details): a header naming the server, then
 * `Address: <ip>` lines (A) or `<name> service = <priority> <weight> <port> <target>` lines (SRV);
 * `NXDOMAIN` when the name does not exist; "No answer" (NODATA) when it has no such records.
 */
export function parseNslookup(stdout: string, stderr: string, exitCode: number): LookupOutcome {
  const text = `${stdout}\n${stderr}`;
  // bind and busybox 1.30+ say NXDOMAIN; busybox 1.28 says "can't resolve" for any failed lookup
  if (/NXDOMAIN|can't resolve/.test(text)) return { found: false, addresses: [], srv: [] };
  // everything after the header block ("Server:" / "Address:" of the server, then a blank line)
  const blocks = stdout.split(/\n\s*\n/);
  const body = /^\s*Server:/m.test(blocks[0] ?? '') ? blocks.slice(1).join('\n') : stdout;
  const addresses: string[] = [];
  const srv: DnsAnswer['srv'] = [];
  for (const line of body.split('\n')) {
    // `Address: 10.0.0.1` (bind, busybox 1.30+), `Address 1: 10.0.0.1 web-0.nginx...` (busybox 1.28)
    const a = /^Address(?:\s+\d+)?:\s*(\d+\.\d+\.\d+\.\d+)(?:\s+\S+)?\s*$/.exec(line.trim());
    if (a) addresses.push(a[1]!);
    const s = /service\s*=\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)/.exec(line);
    if (s) srv.push({ priority: Number(s[1]), weight: Number(s[2]), port: Number(s[3]), target: s[4]!.replace(/\.$/, '') });
  }
  if (addresses.length || srv.length || /No answer|can't find .*: No answer/i.test(text)) return { found: true, addresses, srv };
  if (exitCode === 0) return { found: true, addresses, srv };
  return { error: (stderr || stdout).trim() || `nslookup exited with ${exitCode}` };
}

const NXDOMAIN: DnsAnswer = { found: false, addresses: [], srv: [] };

/**
 * Resolves through the search candidates with `query` (one absolute name each): the first answer
 * with records wins; a NODATA answer is kept in case nothing better comes.
 */
export async function resolveThroughSearch(candidates: string[], query: (fqdn: string) => Promise<DnsAnswer>): Promise<DnsAnswer> {
  let nodata: DnsAnswer | undefined;
  for (const c of candidates) {
    const answer = await query(c);
    if (!answer.found) continue;
    if (answer.addresses.length || answer.srv.length) return answer;
    nodata = nodata ?? answer;
  }
  return nodata ?? NXDOMAIN;
}

export function sortAnswer(a: DnsAnswer): DnsAnswer {
  const ipKey = (ip: string) => ip.split('.').map((n) => n.padStart(3, '0')).join('.');
  return {
    found: a.found,
    addresses: [...new Set(a.addresses)].sort((x, y) => (ipKey(x) < ipKey(y) ? -1 : ipKey(x) > ipKey(y) ? 1 : 0)),
    srv: [...a.srv].sort((x, y) => (x.target < y.target ? -1 : x.target > y.target ? 1 : x.port - y.port)),
  };
}
