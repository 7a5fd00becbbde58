import manifest from '../package.json' with { type: 'json' };

/** Who produced a report: SARIF's tool.driver, the JSON summary, the CLI's --version. */
export const tool = {
  name: 'fleetops',
  version: manifest.version,
  informationUri: 'https://github.com/fleetops/fleetops',
} as const;
