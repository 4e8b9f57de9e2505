import { describe, expect, it } from '@jest/globals';
import { FieldPath, formatFieldError, invalid, notSupported, renderValue, required, tooLong, tooMany } from '../../../src/kube/validation/field-error';
import { goIntOrString, goQuote, goStringMap, goStringSlice } from '../../../src/kube/validation/go-value';
import { isDNS1123Subdomain, isQualifiedName, nameProblems, regexError } from '../../../src/kube/validation/names';
import { canonicalQuantity } from '../../../src/kube/validation/quantity-text';

describe('FieldPath', () => {
  it('prints children, indexes and keys like field.Path', () => {
    const p = FieldPath.of('spec').child('containers').index(0).child('resources', 'limits').key('cpu');
    expect(p.text).toBe('spec.containers[0].resources.limits[cpu]');
    expect(p.segments).toEqual(['spec', 'containers', 0, 'resources', 'limits', 'cpu']);
  });
});

describe('formatFieldError', () => {
  const p = FieldPath.of('spec', 'x');

  it('prints each error type', () => {
    expect(formatFieldError(required(p))).toBe('spec.x: Required value');
    expect(formatFieldError(required(p, 'why'))).toBe('spec.x: Required value: why');
    expect(formatFieldError(invalid(p, 'a"b', 'bad'))).toBe('spec.x: Invalid value: "a\\"b": bad');
    expect(formatFieldError(notSupported(p, 'c', ['a', 'b']))).toBe('spec.x: Unsupported value: "c": supported values: "a", "b"');
  });

  it('words TooLong and TooMany per version', () => {
    expect(formatFieldError(tooLong(p, 63), '1.31')).toBe('spec.x: Too long: must have at most 63 bytes');
    expect(formatFieldError(tooLong(p, 63), '1.35')).toBe('spec.x: Too long: may not be more than 63 bytes');
    expect(formatFieldError(tooLong(p, 1), '1.34')).toBe('spec.x: Too long: may not be more than 1 byte');
    expect(formatFieldError(tooMany(p, 5, 1), '1.33')).toBe('spec.x: Too many: 5: must have at most 1 items');
    expect(formatFieldError(tooMany(p, 5, 1), '1.34')).toBe('spec.x: Too many: 5: must have at most 1 item');
  });

  it('renders composite values as Go syntax before 1.34 and JSON after', () => {
    expect(renderValue(goStringMap({ b: '2', a: '1' }), '1.33')).toBe('map[string]string{"a":"1", "b":"2"}');
    expect(renderValue(goStringMap({ b: '2', a: '1' }), '1.34')).toBe('{"a":"1","b":"2"}');
    expect(renderValue(goStringSlice(['x', 'y']), '1.29')).toBe('[]string{"x", "y"}');
    expect(renderValue(goIntOrString('25%'), '1.33')).toBe('25%');
    expect(renderValue(goIntOrString('25%'), '1.35')).toBe('"25%"');
    expect(renderValue(null, '1.33')).toBe('"null"');
    expect(renderValue(null, '1.35')).toBe('null');
    expect(renderValue({ html: '<a&b>' }, '1.35')).toBe('{"html":"\\u003ca\\u0026b\\u003e"}');
  });

  it('quotes like strconv.Quote', () => {
    expect(goQuote('tab\there\n')).toBe('"tab\\there\\n"');
    expect(goQuote('ü')).toBe('"ü"');
  });
});

describe('name rules', () => {
  it('builds regex errors with upstream punctuation', () => {
    expect(regexError('msg', 'fmt')).toBe("msg (regex used for validation is 'fmt')");
    expect(regexError('msg', 'fmt', 'a', 'b')).toBe("msg (e.g. 'a',  or 'b', regex used for validation is 'fmt')");
  });

  it('checks subdomains, lengths and prefixes', () => {
    expect(isDNS1123Subdomain('web.example.com')).toEqual([]);
    expect(isDNS1123Subdomain('a'.repeat(254))[0]).toBe('must be no more than 253 characters');
    expect(nameProblems('subdomain', 'web-', true)).toEqual([]);
    expect(nameProblems('subdomain', 'web-', false)).toHaveLength(1);
  });

  it('checks qualified names, with the 1.35 wording for too many slashes', () => {
    expect(isQualifiedName('example.com/app')).toEqual([]);
    expect(isQualifiedName('a/b/c', '1.34')[0]).toMatch(/^a qualified name must consist of/);
    expect(isQualifiedName('a/b/c', '1.35')[0]).toMatch(/^a valid label key must consist of/);
    expect(isQualifiedName('Bad_Prefix/x')[0]).toMatch(/^prefix part a lowercase RFC 1123 subdomain/);
  });
});

describe('canonicalQuantity', () => {
  it.each([
    ['1024Mi', '1Gi'], ['1536Mi', '1536Mi'], ['2000m', '2'], ['0.5', '500m'], ['2000', '2k'], ['1500', '1500'], ['1Gi', '1Gi'], ['100m', '100m'],
  ])('%s prints as %s', (input, out) => {
    expect(canonicalQuantity(input)).toBe(out);
  });
});
