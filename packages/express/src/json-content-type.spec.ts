import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import { assertJsonBody } from './json-content-type.js';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('assertJsonBody', () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON; Charset="UTF-8"',
    'application/cloudevents+json',
  ])('accepts %s', (type) => {
    expect(() => assertJsonBody(request({ 'content-type': type }))).not.toThrow();
  });

  it.each([
    ['none', {}],
    ['text/plain', { 'content-type': 'text/plain' }],
    ['form data', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['latin-1 JSON', { 'content-type': 'application/json; charset=iso-8859-1' }],
    ['gzip JSON', { 'content-type': 'application/json', 'content-encoding': 'gzip' }],
  ])('refuses %s with 415', (_name, headers) => {
    expect(() => assertJsonBody(request(headers))).toThrow(
      expect.objectContaining({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' }),
    );
  });

  it('names what it got', () => {
    expect(() => assertJsonBody(request({ 'content-type': 'text/csv' }))).toThrow('got "text/csv"');
  });
});
