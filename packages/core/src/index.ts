export * from './finding.ts';
export * from './reporters/report.ts';
