import { ConfigError } from '@fleetops/core';
import { describe, expect, it } from 'vitest';
import { annotationOverflow, errorMessage, failureReason } from '../src/outcome.ts';

describe('failureReason', () => {
  const counts = { error: 0, warning: 2, note: 1 };

  it('passes warnings and notes under fail-on: error', () => {
    expect(failureReason(counts, 'error')).toBeUndefined();
  });

  it('fails on warnings under fail-on: warning, naming what was found', () => {
    expect(failureReason(counts, 'warning')).toBe(
      'fleetops check found 2 warnings (fail-on: warning).',
    );
  });

  it('counts every severity at or above fail-on: note', () => {
    expect(failureReason({ error: 1, warning: 2, note: 1 }, 'note')).toBe(
      'fleetops check found 1 error, 2 warnings, 1 note (fail-on: note).',
    );
  });

  it('never fails under fail-on: never', () => {
    expect(failureReason({ error: 3, warning: 0, note: 0 }, 'never')).toBeUndefined();
  });
});

describe('errorMessage', () => {
  it('puts the file and line of a configuration error first', () => {
    const error = new ConfigError('unknown key "stages"', {
      file: '.fleetops.yaml',
      line: 3,
      column: 1,
    });
    expect(errorMessage(error)).toBe('.fleetops.yaml:3:1: unknown key "stages"');
  });

  it('keeps other errors as they are', () => {
    expect(errorMessage(new Error('EACCES: permission denied'))).toBe('EACCES: permission denied');
    expect(errorMessage('plain')).toBe('plain');
  });
});

describe('annotationOverflow', () => {
  it('stays quiet while GitHub shows every annotation', () => {
    expect(annotationOverflow({ error: 10, warning: 10, note: 40 })).toBeUndefined();
  });

  it('names the severities GitHub cuts and where the rest are', () => {
    expect(annotationOverflow({ error: 11, warning: 3, note: 0 })).toBe(
      'GitHub shows the first 10 annotations of each severity per step; all 11 errors are in the job summary (and the SARIF file, if you asked for one).',
    );
  });
});
