/**
 * String format checks with upstream's messages (k8s.io/apimachinery/pkg/util/validation
 * validation.go and api/validate/content). Each returns the list of problems, empty when valid.
 */
import { atLeast, DEFAULT_VERSION, type KubeVersion } from '../version';

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QNAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE_FMT = `(${QNAME_FMT})?`;
const PERCENT_FMT = '[0-9]+%';
const ENV_VAR_FMT = '[-._a-zA-Z][-._a-zA-Z0-9]*';
const CONFIG_KEY_FMT = '[-._a-zA-Z0-9]+';
const HTTP_HEADER_FMT = '[-A-Za-z0-9]+';

const whole = (fmt: string): RegExp => new RegExp(`^${fmt}$`);
const DNS1123_LABEL = whole(DNS1123_LABEL_FMT);
const DNS1123_SUBDOMAIN = whole(DNS1123_SUBDOMAIN_FMT);
const DNS1035_LABEL = whole(DNS1035_LABEL_FMT);
const QNAME = whole(QNAME_FMT);
const LABEL_VALUE = whole(LABEL_VALUE_FMT);

export const maxLenError = (n: number): string => `must be no more than ${n} characters`;
export const inclusiveRangeError = (lo: number, hi: number): string => `must be between ${lo} and ${hi}, inclusive`;
const emptyError = 'must be non-empty';

/** validation.RegexError: `<msg> (e.g. 'a' or 'b', regex used for validation is '<fmt>')`. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (!examples.length) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

// Go strings count bytes; names are ASCII in practice, but count bytes to be exact.
const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');

export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!DNS1123_LABEL.test(value)) {
    if (DNS1123_SUBDOMAIN.test(value)) errs.push('must not contain dots');
    else
      errs.push(
        regexError(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
          DNS1123_LABEL_FMT,
          'my-name',
          '123-abc',
        ),
      );
  }
  return errs;
}

export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 253) errs.push(maxLenError(253));
  if (!DNS1123_SUBDOMAIN.test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN_FMT,
        'example.com',
      ),
    );
  }
  return errs;
}

const DNS1123_LABEL_WITH_UNDERSCORE_FMT = '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_WITH_UNDERSCORE_FMT = `${DNS1123_LABEL_WITH_UNDERSCORE_FMT}(\\.${DNS1123_LABEL_WITH_UNDERSCORE_FMT})*`;

/** validation.IsDNS1123SubdomainWithUnderscore: a subdomain whose labels may hold '_' (and start with one). */
export function isDNS1123SubdomainWithUnderscore(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 253) errs.push(maxLenError(253));
  if (!whole(DNS1123_SUBDOMAIN_WITH_UNDERSCORE_FMT).test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN_WITH_UNDERSCORE_FMT,
        'example.com',
      ),
    );
  }
  return errs;
}

export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!DNS1035_LABEL.test(value)) {
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_LABEL_FMT,
        'my-name',
        'abc-123',
      ),
    );
  }
  return errs;
}

const QNAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/**
 * Strings a check found valid. Label and annotation keys and label values repeat on nearly every
 * object written, and a valid verdict depends on the string alone (the version only changes the
 * wording of an error), so it is remembered; errors are always computed afresh. Bounded: the set
 * starts over when full, which costs only the checks again.
 */
class ValidStrings {
  private readonly valid = new Set<string>();

  constructor(private readonly check: (value: string, v: KubeVersion) => string[]) {}

  problems(value: string, v: KubeVersion): string[] {
    if (this.valid.has(value)) return [];
    const errs = this.check(value, v);
    if (!errs.length) {
      if (this.valid.size >= 4096) this.valid.clear();
      this.valid.add(value);
    }
    return errs;
  }
}

const qualifiedNames = new ValidStrings(qualifiedNameProblems);

/** IsQualifiedName / content.IsLabelKey: `[prefix/]name` (label keys, annotation keys, finalizers). */
export function isQualifiedName(value: string, v: KubeVersion = DEFAULT_VERSION): string[] {
  return qualifiedNames.problems(value, v);
}

function qualifiedNameProblems(value: string, v: KubeVersion): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (!prefix) errs.push(`prefix part ${emptyError}`);
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    // 1.35 renamed the concept "qualified name" to "label key" in this message (content/kube.go).
    const what = atLeast(v, '1.35') ? 'a valid label key' : 'a qualified name';
    return [
      `${what} ${regexError(QNAME_MSG, QNAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (!name) errs.push(`name part ${emptyError}`);
  else if (byteLength(name) > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!QNAME.test(name)) errs.push(`name part ${regexError(QNAME_MSG, QNAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

const labelValues = new ValidStrings(labelValueProblems);

export function isValidLabelValue(value: string): string[] {
  return labelValues.problems(value, DEFAULT_VERSION);
}

function labelValueProblems(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!LABEL_VALUE.test(value)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE_FMT,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errs;
}

export function isValidPortNum(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (byteLength(port) > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.startsWith('-') || port.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

export function isValidPercent(percent: string): string[] {
  return whole(PERCENT_FMT).test(percent)
    ? []
    : [regexError("a valid percent string must be a numeric string followed by an ending '%'", PERCENT_FMT, '1%', '93%')];
}

function chDirPrefix(value: string): string[] {
  if (value === '.') return ["must not be '.'"];
  if (value === '..') return ["must not be '..'"];
  if (value.startsWith('..')) return ["must not start with '..'"];
  return [];
}

export function isEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (!whole(ENV_VAR_FMT).test(value)) {
    errs.push(
      regexError(
        "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
        ENV_VAR_FMT,
        'my.env-name',
        'MY_ENV.NAME',
        'MyEnvName1',
      ),
    );
  }
  return [...errs, ...chDirPrefix(value)];
}

/** RelaxedEnvironmentVariableValidation (beta, default on from 1.32; GA 1.34): printable ASCII but '='. */
export function isRelaxedEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (!value) errs.push(`environment variable name ${emptyError}`);
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (c > 0x7e || c < 0x20 || ch === '=') {
      errs.push("a valid environment variable name must consist only of printable ASCII characters other than '='");
      break;
    }
  }
  return errs;
}

export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 253) errs.push(maxLenError(253));
  if (!whole(CONFIG_KEY_FMT).test(value)) {
    errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", CONFIG_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'));
  }
  return [...errs, ...chDirPrefix(value)];
}

export function isHTTPHeaderName(value: string): string[] {
  return whole(HTTP_HEADER_FMT).test(value)
    ? []
    : [regexError("a valid HTTP header must consist of alphanumeric characters or '-'", HTTP_HEADER_FMT, 'X-Header-Name')];
}

/** validation.IsValidIP (strict parsing, as apimachinery uses from 1.33; unverified before). */
export function isValidIP(value: string): boolean {
  const v4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
  if (v4.test(value)) return true;
  if (!value.includes(':')) return false;
  // IPv6: at most one '::', 1-4 hex digit groups, an optional embedded IPv4 tail.
  const parts = value.split('::');
  if (parts.length > 2) return false;
  const groups = parts.flatMap((p) => (p ? p.split(':') : []));
  const tail = groups[groups.length - 1];
  let count = groups.length;
  if (tail && tail.includes('.')) {
    if (!v4.test(tail)) return false;
    groups.pop();
    count += 1;
  }
  if (!groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return parts.length === 2 ? count < 8 : count === 8;
}

/** Name-validation functions as the registries pick them (NameIsDNSSubdomain, NameIsDNSLabel...). */
export type NameRule = 'subdomain' | 'label' | 'dns1035' | 'pathSegment';

/** ValidateNameFunc: `prefix` is true for generateName, where a trailing dash is allowed. */
export function nameProblems(rule: NameRule, name: string, prefix = false): string[] {
  const n = prefix && name.length > 1 && name.endsWith('-') ? name.slice(0, -2) + 'a' : name;
  switch (rule) {
    case 'subdomain':
      return isDNS1123Subdomain(n);
    case 'label':
      return isDNS1123Label(n);
    case 'dns1035':
      return isDNS1035Label(n);
    case 'pathSegment':
      return pathSegmentProblems(name, prefix);
  }
}

/** path.ValidatePathSegmentName (apiserver/pkg/registry/rest): what every object name must pass. */
export function pathSegmentProblems(name: string, prefix: boolean): string[] {
  const errs: string[] = [];
  if (!prefix) {
    if (name === '.' || name === '..') errs.push(`may not be '${name}'`);
  }
  for (const bad of ['/', '%']) if (name.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}
