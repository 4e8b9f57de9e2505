import { describe, expect, it } from '@jest/globals';
import { parseScript } from '../../../src/sim/kubelet/shell-words';

describe('parseScript', () => {
  it('splits pipelines on ; newline && || and marks background jobs', () => {
    expect(parseScript('a 1; b && c || d &\ne')).toEqual([
      { joiner: ';', background: false, commands: [['a', '1']] },
      { joiner: ';', background: false, commands: [['b']] },
      { joiner: '&&', background: false, commands: [['c']] },
      { joiner: '||', background: true, commands: [['d']] },
      { joiner: ';', background: false, commands: [['e']] },
    ]);
  });

  it('keeps quoted separators as text, removes the quotes, and joins commands of a pipeline', () => {
    expect(parseScript(`echo "a; b" 'c && d' | tee x`)).toEqual([{ joiner: ';', background: false, commands: [['echo', 'a; b', 'c && d'], ['tee', 'x']] }]);
  });

  it('leaves the ampersands of redirections in their words', () => {
    expect(parseScript('cmd 2>&1 >&2 &>log')).toEqual([{ joiner: ';', background: false, commands: [['cmd', '2>&1', '>&2', '&>log']] }]);
  });
});
