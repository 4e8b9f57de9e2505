/** Results crossing threads by structured clone keep their Matchers (the console diff shows them as tags). */
import { describe, expect, test } from '@jest/globals';
import { Matcher } from '../../src/check/matchers';
import { fromWire, toWire } from '../../src/cli/result-wire';

describe('result wire format', () => {
  const result = {
    name: 'x',
    steps: [{ failures: [{ expected: { status: { ready: new Matcher('gte', 2), phase: new Matcher('not', new Matcher('oneOf', ['A'])) } }, observed: { n: undefined } }] }],
  };

  test('a structured clone of the wire form gives back Matchers, nested ones too, and undefined values', () => {
    const back = fromWire(structuredClone(toWire(result)));
    expect(back).toEqual(result);
    const expected = back.steps[0]!.failures[0]!.expected.status;
    expect(expected.ready).toBeInstanceOf(Matcher);
    expect(expected.phase.arg).toBeInstanceOf(Matcher);
    expect('n' in back.steps[0]!.failures[0]!.observed).toBe(true);
  });

  test('a !same compared with a captured value keeps that value, so the diff can show it', () => {
    const same = new Matcher('same', '$(pv)', { file: 'x.yaml', line: 3, column: 9 }, { value: { name: 'pv-0' } });
    const back = fromWire(structuredClone(toWire({ expected: { volume: same } })));
    expect(back.expected.volume).toBeInstanceOf(Matcher);
    expect(back.expected.volume.resolved).toEqual({ value: { name: 'pv-0' } });
    expect(back.expected.volume.toString()).toBe('!same $(pv) (= {"name":"pv-0"})');
  });

  test('without it, a clone loses the Matcher', () => {
    expect(structuredClone(result).steps[0]!.failures[0]!.expected.status.ready).not.toBeInstanceOf(Matcher);
  });
});
