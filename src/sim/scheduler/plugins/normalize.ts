/**
 * helper.DefaultNormalizeScore: scale to 0..MaxNodeScore by the highest score (integer division);
 * `reverse` turns "more is worse" counts into scores. All-zero input stays 0 (or becomes 100 when
 * reversed).
 */
import { MAX_NODE_SCORE } from '../constants';

export function defaultNormalize(scores: number[], reverse: boolean): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  if (max === 0) {
    if (reverse) scores.fill(MAX_NODE_SCORE);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    const s = Math.trunc((MAX_NODE_SCORE * scores[i]!) / max);
    scores[i] = reverse ? MAX_NODE_SCORE - s : s;
  }
}
