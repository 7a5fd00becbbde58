import { tool } from '@fleetops/core';

export const version: string = tool.version;
