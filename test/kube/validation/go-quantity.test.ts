import { describe, expect, it } from '@jest/globals';
import { goQuantityValue, isWholeQuantity, milliValue } from '../../../src/kube/validation/go-quantity';

describe('resource.Quantity internals (ParseQuantity, MilliValue)', () => {
  it('gives MilliValue exactly, rounded away from zero', () => {
    expect(milliValue('2')).toBe(2000n);
    expect(milliValue('1500u')).toBe(2n);
    expect(milliValue('1n')).toBe(1n);
    expect(milliValue('-0.0001')).toBe(-1n);
    expect(milliValue('1Ki')).toBe(1024000n);
    expect(milliValue('1e3')).toBe(1000000n);
    expect(milliValue('1.G')).toBe(1000000000000n);
    expect(milliValue('nonsense')).toBeUndefined();
  });

  it('tells whole values', () => {
    expect(isWholeQuantity('3')).toBe(true);
    expect(isWholeQuantity('2k')).toBe(true);
    expect(isWholeQuantity('0.5Ki')).toBe(true);
    expect(isWholeQuantity('2500m')).toBe(false);
    expect(isWholeQuantity('1.9999')).toBe(true);
  });

  it('prints the int64 form with the cached text only when it is canonical', () => {
    const syntax = (t: string) => goQuantityValue(t).goSyntax;
    expect(syntax('1500m')).toBe('resource.Quantity{i:resource.int64Amount{value:1500, scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"1500m", Format:"DecimalSI"}');
    expect(syntax('2000m')).toBe('resource.Quantity{i:resource.int64Amount{value:2000, scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"", Format:"DecimalSI"}');
    expect(syntax('1.5')).toBe('resource.Quantity{i:resource.int64Amount{value:15, scale:-1}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"", Format:"DecimalSI"}');
    expect(syntax('3Ki')).toBe('resource.Quantity{i:resource.int64Amount{value:3072, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"3Ki", Format:"BinarySI"}');
    expect(syntax('8Ki')).toBe('resource.Quantity{i:resource.int64Amount{value:8192, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"", Format:"BinarySI"}');
    // a fraction with a binary suffix takes the inf.Dec path
    expect(syntax('0.5Ki')).toMatch(/^resource\.Quantity\{i:resource\.int64Amount\{value:0, scale:0\}, d:resource\.infDecAmount\{Dec:\(\*inf\.Dec\)\(0x[0-9a-f]+\)\}, s:"", Format:"BinarySI"\}$/);
    expect(goQuantityValue('1500m').json).toBe('1500m');
    expect(goQuantityValue('0.5').json).toBe('500m');
  });
});
