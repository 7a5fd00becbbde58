import { describe, expect, it } from 'vitest';
import { ARGOCD_REMOVED, functionSet, NON_DETERMINISTIC } from '../src/index.ts';
import { params, run } from './helpers.ts';

const argocd = (text: string, data: unknown = params) => run(text, data, { funcs: 'argocd' });

// The helpers Argo CD's ApplicationSet controller adds to Sprig.
const helpers: Array<[string, string]> = [
  ['{{normalize "My_Cluster.Name-"}}', 'my-cluster.name'],
  ['{{normalize "--Prod/EU West 1.."}}', 'prod-eu-west-1'],
  ['{{"UPPER case" | normalize}}', 'upper-case'],
  ['{{slugify "Hello World!"}}', 'hello-world'],
  ['{{slugify "a.b_c  d"}}', 'a-b-c-d'],
  ['{{slugify 10 true "Hello World Foo"}}', 'hello'],
  ['{{slugify 10 false "Hello World Foo"}}', 'hello-worl'],
  ['{{slugify 20 "x"}}', 'x'],
  ['{{toYaml (dict "b" (list 1 2) "a" "x")}}', 'a: x\nb:\n- 1\n- 2'],
  ['{{toYaml .nested}}', 'a:\n  b: deep'],
  ['{{toYaml "true"}}', '"true"'],
  ['{{toYaml .nil}}', 'null'],
  ['{{(fromYaml "a: 1\\nb: [x, y]").b}}', '[x y]'],
  ['{{(fromYaml "a: 1").a | printf "%T"}}', 'float64'],
  ['{{fromYaml ""}}', 'map[]'],
  ['{{fromYamlArray "- a\\n- 2"}}', '[a 2]'],
  ['{{range fromYamlArray "[1, 2]"}}{{.}};{{end}}', '1;2;'],
  ['{{.name | upper | normalize}}', 'world'],
];

describe('argocd helpers', () => {
  it.each(helpers)('%j', (text, out) => {
    expect(argocd(text)).toBe(out);
  });

  it('fails fromYaml on a list, as decoding into a map does', () => {
    expect(argocd('{{fromYaml "- a"}}')).toBe(
      'ERR: template: t:1:2: executing "t" at <fromYaml "- a">: error calling fromYaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
  });

  it('fails slugify when the name is not a string', () => {
    expect(argocd('{{slugify 5}}')).toBe(
      'ERR: template: t:1:2: executing "t" at <slugify 5>: error calling slugify: interface conversion: interface {} is int, not string',
    );
  });
});

describe('function sets', () => {
  it('removes exactly env, expandenv and getHostByName for argocd', () => {
    expect(ARGOCD_REMOVED).toEqual(['env', 'expandenv', 'getHostByName']);
    for (const name of ARGOCD_REMOVED) {
      expect(argocd(`{{${name}}}`)).toBe(`ERR: template: t:1: function "${name}" not defined`);
    }
  });

  it('keeps Sprig clock and random functions for argocd, as Argo CD does', () => {
    expect(argocd('{{now | typeOf}}')).toBe('time.Time');
    expect(argocd('{{randAlphaNum 12 | len}}')).toBe('12');
    expect(argocd('{{uuidv4 | len}}')).toBe('36');
    expect(argocd('{{randInt 3 4}}')).toBe('3');
  });

  it('leaves clock, random and environment functions out of sprig', () => {
    for (const name of ['now', 'ago', 'randAlpha', 'uuidv4', 'env', 'bcrypt', 'genCA']) {
      expect(NON_DETERMINISTIC.has(name)).toBe(true);
      expect(run(`{{${name}}}`, {}, { funcs: 'sprig' })).toBe(
        `ERR: template: t:1: function "${name}" not defined`,
      );
    }
  });

  it('has no Sprig or Argo CD function in the go set', () => {
    expect(functionSet('go').size).toBe(0);
    expect(run('{{upper "x"}}', {}, { funcs: 'go' })).toBe(
      'ERR: template: t:1: function "upper" not defined',
    );
    expect(run('{{normalize "x"}}', {}, { funcs: 'sprig' })).toBe(
      'ERR: template: t:1: function "normalize" not defined',
    );
  });

  it('gives argocd every Sprig function but the removed ones, plus the helpers', () => {
    const sprig = functionSet('sprig');
    const argo = functionSet('argocd');
    for (const name of sprig.keys()) expect(argo.has(name)).toBe(true);
    for (const name of ['normalize', 'slugify', 'toYaml', 'fromYaml', 'fromYamlArray']) {
      expect(argo.has(name)).toBe(true);
    }
    // Sprig v3 defines 200+ names; Argo CD keeps all but three and adds five.
    expect(argo.size).toBeGreaterThan(200);
  });

  it('lets Sprig slice replace the builtin, as a FuncMap entry does in Go', () => {
    expect(run('{{slice "abc" 1}}', {}, { funcs: 'go' })).toBe('bc');
    expect(argocd('{{slice (list 1 2 3) 1}}')).toBe('[2 3]');
  });
});

describe('date formatting', () => {
  it('formats with Go reference-time layouts, in UTC', () => {
    expect(argocd('{{date "2006-01-02T15:04:05Z07:00" 0}}')).toBe('1970-01-01T00:00:00Z');
    expect(argocd('{{date "Mon Jan _2 3:04PM 2006" 1700000000}}')).toBe('Tue Nov 14 10:13PM 2023');
    expect(argocd('{{unixEpoch (now) | len}}')).toBe('10');
    // Sprig's duration reads a string or an int64; any other type (an int constant) is 0.
    expect(argocd('{{duration "3725"}} {{duration (int64 45)}} {{duration 45}}')).toBe(
      '1h2m5s 45s 0s',
    );
  });
});
