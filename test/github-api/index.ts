export { ApiError } from './exchange.ts';
export type { Fault, FaultRule } from './faults.ts';
export { githubContract, OpenApiContract } from './openapi.ts';
export {
  type PullRequestSeed,
  pushToPullRequest,
  seedIssueComment,
  seedPullRequest,
} from './seed.ts';
export {
  type DoubleOptions,
  GitHubDouble,
  type Permission,
  type RecordedRequest,
  type Scope,
  startGitHubDouble,
} from './server.ts';
export * from './state.ts';
