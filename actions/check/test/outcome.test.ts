import { ConfigError, type Finding, type Severity } from '@fleetops/core';
import { describe, expect, it } from 'vitest';
import { annotationOverflow, countOutputs, errorMessage, failureReason } from '../src/outcome.ts';

function finding(severity: Severity, suppressed = false): Finding {
  const location = { file: 'clusters/prod/app.yaml', line: 3 };
  return {
    ruleId: 'fleet/duplicate-name',
    severity,
    message: 'duplicate name',
    location,
    ...(suppressed && { suppressed: { reason: 'accepted', location } }),
  };
}

describe('countOutputs', () => {
  it('counts the findings in force, and the suppressed ones beside them', () => {
    const findings = [
      finding('error'),
      finding('warning'),
      finding('warning'),
      finding('error', true),
      finding('note', true),
    ];
    expect(countOutputs(findings)).toEqual({
      findings: 3,
      errors: 1,
      warnings: 2,
      notes: 0,
      suppressed: 2,
    });
  });

  it('gives 0 findings when every finding is suppressed', () => {
    expect(countOutputs([finding('error', true)])).toEqual({
      findings: 0,
      errors: 0,
      warnings: 0,
      notes: 0,
      suppressed: 1,
    });
  });
});

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
