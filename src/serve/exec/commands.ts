/**
 * The commands `kubectl exec` can run in a simulated pod. The simulator has no processes, only
 * what the kubelet model knows, so a small fixed set is interpreted:
 * - `cat <path>...`: the file as the container sees it (a mounted volume's data);
 * - `sh -c 'cat > <path>'` (or `>>`), `tee [-a] <path>`: stdin written to the file;
 * - `sh -c 'echo <words> > <path>'` (or `>>`): the words written, `$(hostname)` and `$HOSTNAME`
 *   replaced by the pod's hostname (the StatefulSet Basics tutorial's
 *   `echo "$(hostname)" > /usr/share/nginx/html/index.html`);
 * - `nslookup [-type=srv] <name>`, `getent hosts <name>`: cluster DNS as the pod resolves it;
 * - `hostname`;
 * - `sh -c '<one of these>'`.
 * Anything else exits 126 with "kscenario serve: command not supported by the simulator".
 */
import { parse as shellParse } from 'shell-quote';

export type ExecPlan =
  | { kind: 'read'; paths: string[] }
  /** `text`: what echo writes (else stdin) */
  | { kind: 'write'; path: string; append: boolean; echo: boolean; text?: string }
  | { kind: 'dns'; name: string; type: 'A' | 'SRV'; style: 'nslookup' | 'getent' }
  | { kind: 'hostname' }
  | { kind: 'unsupported'; why?: string };

export const NOT_SUPPORTED_EXIT = 126;

/** What a command line asks for. */
export function planFor(argv: string[]): ExecPlan {
  const [cmd, ...args] = argv;
  switch (cmd) {
    case 'cat':
      if (args.length && args.every((a) => !a.startsWith('-') || a === '-')) return { kind: 'read', paths: args };
      return { kind: 'unsupported' };
    case 'tee': {
      const append = args[0] === '-a';
      const rest = append ? args.slice(1) : args;
      return rest.length === 1 && rest[0]!.startsWith('/') ? { kind: 'write', path: rest[0]!, append, echo: true } : { kind: 'unsupported' };
    }
    case 'hostname':
      return args.length ? { kind: 'unsupported' } : { kind: 'hostname' };
    case 'nslookup': {
      let type: 'A' | 'SRV' = 'A';
      const names: string[] = [];
      for (const a of args) {
        const m = /^-(?:type|q|query|querytype)=(\w+)$/i.exec(a);
        if (m) {
          const t = m[1]!.toUpperCase();
          if (t !== 'A' && t !== 'SRV') return { kind: 'unsupported', why: `query type ${m[1]}` };
          type = t;
        } else if (a.startsWith('-')) return { kind: 'unsupported' };
        else names.push(a);
      }
      // a second argument would name the DNS server to ask: there is only the cluster's
      return names.length >= 1 && names.length <= 2 ? { kind: 'dns', name: names[0]!, type, style: 'nslookup' } : { kind: 'unsupported' };
    }
    case 'getent':
      return args.length === 2 && (args[0] === 'hosts' || args[0] === 'ahosts') ? { kind: 'dns', name: args[1]!, type: 'A', style: 'getent' } : { kind: 'unsupported' };
    case 'sh':
    case 'bash':
    case '/bin/sh':
    case '/bin/bash':
      return args[0] === '-c' && args.length === 2 ? planForScript(args[1]!) : { kind: 'unsupported' };
    default:
      return { kind: 'unsupported' };
  }
}

/** `sh -c` scripts: `cat > file`, `echo ... > file` (or `>>`), or one plain supported command. */
function planForScript(script: string): ExecPlan {
  // $HOSTNAME stays literal here; runPlan substitutes it
  const tokens = shellParse(script, (name) => `$${name}`);
  const words = tokens.filter((t): t is string => typeof t === 'string');
  const ops = tokens.filter((t) => typeof t !== 'string') as Array<{ op?: string }>;
  const redirect = ops.length === 1 && (ops[0]!.op === '>' || ops[0]!.op === '>>') && tokens[tokens.length - 2] === ops[0];
  const target = tokens[tokens.length - 1];
  if (redirect && typeof target === 'string' && target.startsWith('/')) {
    const append = ops[0]!.op === '>>';
    const command = tokens.slice(0, -2) as string[];
    if (command.length === 1 && command[0] === 'cat') return { kind: 'write', path: target, append, echo: false };
    if (command[0] === 'echo') return { kind: 'write', path: target, append, echo: false, text: `${command.slice(1).join(' ')}\n` };
    return { kind: 'unsupported' };
  }
  if (ops.length === 0 && words.length > 0 && words[0] !== 'sh' && words[0] !== 'bash') return planFor(words);
  return { kind: 'unsupported' };
}

export function needsStdin(plan: ExecPlan): boolean {
  return plan.kind === 'write' && plan.text === undefined;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface DnsLookup {
  found: boolean;
  addresses: string[];
  srv: Array<{ target: string; port: number; priority: number; weight: number }>;
  /** the fully qualified name that answered, when known */
  fqdn?: string;
}

export interface PodIo {
  readFile(path: string): string | undefined;
  writeFile(path: string, content: string): void;
  resolve(name: string, type: 'A' | 'SRV'): DnsLookup;
  hostname: string;
  /** the cluster DNS Service address (kube-system/kube-dns) */
  dnsServer: string;
}

const DNS_SERVICE = 'kube-dns.kube-system.svc.cluster.local';

function nslookup(name: string, type: 'A' | 'SRV', io: PodIo): ExecResult {
  const answer = io.resolve(name, type);
  // busybox 1.28's nslookup, the image the kubernetes.io DNS examples use
  const head = `Server:    ${io.dnsServer}\nAddress 1: ${io.dnsServer} ${DNS_SERVICE}\n\n`;
  if (!answer.found || (type === 'A' ? !answer.addresses.length : !answer.srv.length)) {
    return { stdout: head, stderr: `nslookup: can't resolve '${name}'\n`, exitCode: 1 };
  }
  if (type === 'SRV') {
    const lines = answer.srv.map((r) => `${answer.fqdn ?? name}\tservice = ${r.priority} ${r.weight} ${r.port} ${r.target}.\n`);
    return { stdout: head + lines.join(''), stderr: '', exitCode: 0 };
  }
  const lines = answer.addresses.map((a, i) => `Address ${i + 1}: ${a}\n`);
  return { stdout: `${head}Name:      ${name}\n${lines.join('')}`, stderr: '', exitCode: 0 };
}

function getent(name: string, io: PodIo): ExecResult {
  const answer = io.resolve(name, 'A');
  if (!answer.found || !answer.addresses.length) return { stdout: '', stderr: '', exitCode: 2 };
  const shown = answer.fqdn ?? name;
  return { stdout: answer.addresses.map((a) => `${a.padEnd(15)} ${shown}\n`).join(''), stderr: '', exitCode: 0 };
}

/** Runs a plan against the pod; `stdin` is what the client sent (for writes). */
export function runPlan(plan: ExecPlan, argv: string[], io: PodIo, stdin: string): ExecResult {
  switch (plan.kind) {
    case 'read': {
      let stdout = '';
      let stderr = '';
      let exitCode = 0;
      for (const p of plan.paths) {
        const content = p === '-' ? stdin : io.readFile(p);
        if (content === undefined) {
          stderr += `cat: ${p}: No such file or directory\n`;
          exitCode = 1;
        } else stdout += content;
      }
      return { stdout, stderr, exitCode };
    }
    case 'write': {
      const before = plan.append ? io.readFile(plan.path) ?? '' : '';
      const content = plan.text === undefined ? stdin : plan.text.replace(/\$\(hostname\)|\$\{?HOSTNAME\}?/g, io.hostname);
      io.writeFile(plan.path, before + content);
      return { stdout: plan.echo ? content : '', stderr: '', exitCode: 0 };
    }
    case 'dns':
      return plan.style === 'nslookup' ? nslookup(plan.name, plan.type, io) : getent(plan.name, io);
    case 'hostname':
      return { stdout: `${io.hostname}\n`, stderr: '', exitCode: 0 };
    case 'unsupported':
      return {
        stdout: '',
        stderr: `kscenario serve: command not supported by the simulator: ${argv.join(' ')}${plan.why ? ` (${plan.why})` : ''}\n` +
          "  supported: cat <path>, sh -c 'cat > <path>' (stdin), sh -c 'echo <words> > <path>', tee [-a] <path>, nslookup [-type=srv] <name>, getent hosts <name>, hostname\n",
        exitCode: NOT_SUPPORTED_EXIT,
      };
  }
}
