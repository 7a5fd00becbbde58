import { describe, expect, it } from 'vitest';
import { headersFor, parseSchemaHeader, redact } from '../src/schema-header.ts';

describe('parseSchemaHeader', () => {
  it('reads Host: Header: value, with a port and with colons in the value', () => {
    expect(parseSchemaHeader('Schemas.Example.com: X-Api-Key: a:b:c', {})).toEqual({
      host: 'schemas.example.com',
      name: 'X-Api-Key',
      value: 'a:b:c',
    });
    expect(parseSchemaHeader('localhost:8443: Authorization: Basic eDp5', {})).toEqual({
      host: 'localhost:8443',
      name: 'Authorization',
      value: 'Basic eDp5',
    });
  });

  it('takes the value from environment variables', () => {
    const header = parseSchemaHeader(`ghcr.io: Authorization: Bearer \${GH_TOKEN}`, {
      GH_TOKEN: 'tok123',
    });
    expect(header.value).toBe('Bearer tok123');
  });

  it('names a missing variable or a malformed spec without showing the value', () => {
    expect(() => parseSchemaHeader(`ghcr.io: Authorization: Bearer \${GH_TOKEN}`, {})).toThrow(
      '"ghcr.io: Authorization: …" uses the environment variable GH_TOKEN, which is not set',
    );
    const error = (() => {
      try {
        parseSchemaHeader('just-a-secret-value', {});
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(/not of the form 'Host: Header: value'/);
    expect(error?.message).not.toContain('just-a-secret-value');
    expect(() => parseSchemaHeader('h.test: Bad Name: x', {})).toThrow();
  });
});

describe('headersFor and redact', () => {
  const headers = [
    parseSchemaHeader('a.test: X-One: 1111', {}),
    parseSchemaHeader('a.test:8080: X-Two: 2222', {}),
  ];

  it('matches by host, with or without the port', () => {
    expect(headersFor(new URL('https://A.test/x.json'), headers)).toEqual({ 'X-One': '1111' });
    expect(headersFor(new URL('http://a.test:8080/x.json'), headers)).toEqual({
      'X-One': '1111',
      'X-Two': '2222',
    });
    expect(headersFor(new URL('https://b.test/x.json'), headers)).toEqual({});
  });

  it('masks every value in a message', () => {
    expect(redact('sent 1111 and 2222', headers)).toBe('sent *** and ***');
  });
});
