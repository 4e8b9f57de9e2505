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

describe('parameter expansion with the container\'s variables', () => {
  const vars = new Map([['DELAY', '5'], ['TWO', 'a  b'], ['EMPTY', '']]);
  const words = (script: string) => parseScript(script, vars)[0]!.commands[0];

  it('replaces $NAME and ${NAME}, an unset one by nothing, and leaves other $ forms alone', () => {
    expect(words('sleep $DELAY ${DELAY}0 x$UNSET')).toEqual(['sleep', '5', '50', 'x']);
    expect(words('echo $? $$ $(date) $1')).toEqual(['echo', '$?', '$$', '$(date)', '$1']);
  });

  it('splits an unquoted value at blanks, not a double-quoted one, and expands nothing in single quotes', () => {
    expect(words('echo $TWO "$TWO" \'$TWO\'')).toEqual(['echo', 'a', 'b', 'a  b', '$TWO']);
    expect(words('echo $UNSET end')).toEqual(['echo', 'end']);
  });

  it('uses the word of ${NAME-word} when unset and of ${NAME:-word} also when empty', () => {
    expect(words('sleep ${UNSET-7} ${EMPTY-7} ${EMPTY:-8} ${DELAY:-9}')).toEqual(['sleep', '7', '8', '5']);
  });

  it('expands nothing without variables', () => {
    expect(parseScript('sleep $DELAY')[0]!.commands[0]).toEqual(['sleep', '$DELAY']);
  });
});
