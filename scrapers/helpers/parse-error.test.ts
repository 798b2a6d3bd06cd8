import { describe, expect, it } from 'vitest';
import { MissingValueError, ParseError } from './parse-error';

describe('ParseError', () => {
  it('keeps what was expected and the offending text, and says both', () => {
    const error = new ParseError('montant', '12,x4 €');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ParseError');
    expect(error.expected).toBe('montant');
    expect(error.text).toBe('12,x4 €');
    expect(error.message).toBe('montant illisible : « 12,x4 € »');
  });
});

describe('MissingValueError', () => {
  it('is a ParseError that says the value is missing', () => {
    const error = new MissingValueError('date du document');
    expect(error).toBeInstanceOf(ParseError);
    expect(error.text).toBe('');
    expect(error.message).toBe('date du document : valeur absente');
  });
});
