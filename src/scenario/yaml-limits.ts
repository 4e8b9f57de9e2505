/**
 * Bounds on the shape of YAML a scenario may have, so that hostile or broken text ends in a
 * positioned error within milliseconds instead of a stack overflow or an exponential expansion:
 * - nesting: collections (maps and lists, block or flow) at most MAX_NESTING deep. Kubernetes
 *   reads deeper YAML (go-yaml stops at 10000 levels), but the composer and every walk over a
 *   scenario recurse, and no real scenario or manifest comes near 100 levels.
 * - aliases: expanding `*name` references may build at most MAX_ALIAS_NODES values in a
 *   document ("billion laughs": nine aliases of nine aliases of … double in a few bytes).
 */
import { CST } from 'yaml';

export const MAX_NESTING = 100;
export const MAX_ALIAS_NODES = 10_000;

export const NESTING_HINT = `scenarios and manifests need far fewer than ${MAX_NESTING} levels: look for an unclosed [ or { or indentation that runs away`;
export const ALIAS_HINT = 'each *alias copies the whole value of its anchor, and aliases inside it are copied again: write the value out, or alias smaller pieces';

/**
 * The offset of the first collection nested deeper than MAX_NESTING in the parsed token tree, or
 * undefined when it is within bounds. Iterative, so it cannot overflow the stack itself.
 */
export function tooDeepAt(tokens: readonly CST.Token[]): number | undefined {
  // two parallel stacks rather than an object per token: every token of every file passes here
  const pending: Array<CST.Token | null | undefined> = [...tokens];
  const depths: number[] = tokens.map(() => 0);
  while (pending.length > 0) {
    const token = pending.pop();
    const depth = depths.pop()!;
    if (!token) continue;
    if (token.type === 'document') {
      pending.push(token.value);
      depths.push(depth);
      continue;
    }
    if (!CST.isCollection(token)) continue;
    if (depth + 1 > MAX_NESTING) return token.offset;
    for (const item of token.items) {
      pending.push(item.key, item.value);
      depths.push(depth + 1, depth + 1);
    }
  }
  return undefined;
}
