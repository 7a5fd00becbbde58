export interface ActionInput {
  description?: string;
  required?: boolean;
  default?: string;
}

export interface ActionManifest {
  name: string;
  description?: string;
  inputs?: Record<string, ActionInput>;
  outputs?: Record<string, { description?: string }>;
  runs: { using: string; main: string };
}

export function readActionManifest(name: string): ActionManifest;
