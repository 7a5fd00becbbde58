import { describe, expect, it } from 'vitest';
import {
  jsonNumbersAsFloat64,
  missingKeyOption,
  render,
  Template,
  TemplateError,
} from '../src/index.ts';

describe('Template', () => {
  it('parses once and executes many times with different data', () => {
    const t = Template.parse('{{.cluster}}-{{.env | upper}}', { name: 'app' });
    const out = ['a', 'b', 'c'].map((cluster) => t.execute({ cluster, env: 'prod' }));
    expect(out).toEqual(['a-PROD', 'b-PROD', 'c-PROD']);
  });

  it('keeps executions independent: variables do not leak between runs', () => {
    const t = Template.parse('{{$x := .v}}{{range .l}}{{$x = .}}{{end}}{{$x}}');
    expect(t.execute({ v: 'first', l: ['a', 'z'] })).toBe('z');
    expect(t.execute({ v: 'second', l: [] })).toBe('second');
  });

  it('executes a named {{define}} and lists the templates', () => {
    const t = Template.parse('main{{define "part"}}[{{.}}]{{end}}', { name: 'root' });
    expect(t.templates.sort()).toEqual(['part', 'root']);
    expect(t.execute('x')).toBe('main');
    expect(t.execute(7, 'part')).toBe('[7]');
    expect(() => t.execute(1, 'nope')).toThrow(
      'template: no template "nope" associated with template "root"',
    );
  });

  it('names the template "" by default, as Argo CD does', () => {
    expect(() => render('{{fail "x"}}', {})).toThrow(
      'template: :1:2: executing "" at <fail "x">: error calling fail: x',
    );
  });

  it('throws TemplateError and tells parse from execution failures', () => {
    const parseError = catchError(() => Template.parse('{{if}}'));
    expect(parseError).toBeInstanceOf(TemplateError);
    expect((parseError as TemplateError).phase).toBe('parse');
    expect(parseError.message).toBe('template: :1: missing value for if');
    const execError = catchError(() => render('{{.a.b}}', { a: 1 }));
    expect((execError as TemplateError).phase).toBe('exec');
  });

  it('render reuses a parse per text and options, never an output', () => {
    expect(render('{{.v}}', { v: 1 })).toBe('1');
    expect(render('{{.v}}', { v: 2 })).toBe('2');
    expect(render('{{.v}}', {})).toBe('<no value>');
    expect(() => render('{{.v}}', {}, { missingKey: 'error' })).toThrow(
      'map has no entry for key "v"',
    );
  });

  it('uses the argocd function set unless told otherwise', () => {
    expect(render('{{normalize .n}}', { n: 'A_B' })).toBe('a-b');
  });
});

describe('missingKeyOption', () => {
  it('reads goTemplateOptions as Go Template.Option does', () => {
    expect(missingKeyOption([])).toBe('default');
    expect(missingKeyOption(['missingkey=error'])).toBe('error');
    expect(missingKeyOption(['missingkey=zero'])).toBe('zero');
    expect(missingKeyOption(['missingkey=invalid'])).toBe('default');
    expect(missingKeyOption(['missingkey=error', 'missingkey=default'])).toBe('default');
  });

  it('rejects what Go rejects', () => {
    expect(() => missingKeyOption(['missingkey=bogus'])).toThrow(
      'unrecognized option: missingkey=bogus',
    );
    expect(() => missingKeyOption(['nokey'])).toThrow('unrecognized option: nokey');
  });
});

describe('jsonNumbersAsFloat64', () => {
  // Argo CD decodes generator parameters with encoding/json, so every number is a float64.
  const data = jsonNumbersAsFloat64({ replicas: 3, big: 1000000, list: [1.5, 2] });

  it('prints float64 the way Go does', () => {
    expect(render('{{.replicas}} {{.big}} {{.list}}', data)).toBe('3 1e+06 [1.5 2]');
    expect(render('{{printf "%T %d" .replicas .replicas}}', data)).toBe('float64 %!d(float64=3)');
  });

  it('makes eq with an int literal fail, the classic ApplicationSet surprise', () => {
    expect(() => render('{{eq .replicas 3}}', data)).toThrow('incompatible types for comparison');
    expect(render('{{eq .replicas 3.0}}', data)).toBe('true');
  });
});

function catchError(f: () => unknown): Error {
  try {
    f();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
