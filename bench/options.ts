/** What `pnpm bench` hands every benchmark. */
export interface BenchOptions {
  /** Repetitions to take the median of. */
  runs: number;
  /** A git-ignored folder (.bench/) where benchmarks keep generated corpora between runs. */
  corpusDir: string;
}
