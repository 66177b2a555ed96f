/**
 * Worker threads that run one exported async function of a module, a task at a time each: a
 * tinypool pool (the library vitest itself runs on). Property runs of the toolkit
 * (`runAclModelTest({ workers })`) and the seeds of a `nomad-sim campaign` go through it.
 *
 * The module may be TypeScript (this repository runs its sources without a build) or the built
 * JavaScript (the package as installed). Node neither hands the main thread's module hooks to a
 * worker thread nor honours `--import` in a worker's `execArgv`, so when anything the thread loads
 * is TypeScript, each thread starts from a small module, given to the pool as a `data:` URL, that
 * registers tsx's loader in that thread (`register()` from `tsx/esm/api`, found from this file, so
 * it works from any working folder, under vitest, and from an installed package) and then imports
 * the module by its URL. Starting a thread costs about half a second of compiling then, once per
 * thread; built JavaScript loads at once.
 *
 * This module is a real-I/O edge (listed in the tidy test): it starts threads.
 */
import Tinypool from 'tinypool';

export interface WorkerPoolOptions {
  /** The file: URL of the module each thread loads. */
  readonly module: string;
  /** The exported async function that runs a task. */
  readonly exportName: string;
  readonly threads: number;
  /** Other modules the task may import (a model, shapes): TypeScript ones need tsx in the thread too. */
  readonly alsoLoads?: readonly string[];
}

export interface WorkerPool<Task, Result> {
  readonly threads: number;
  run: (task: Task) => Promise<Result>;
  /** Stops the threads; tasks still running are abandoned (their promises reject). */
  destroy: () => Promise<void>;
}

/** Whether a module URL or path names TypeScript, which plain node cannot load. */
export function isTypeScript(url: string): boolean {
  return /\.[cm]?tsx?$/.test(new URL(url, 'file:///').pathname);
}

/** The module each thread starts from: register tsx if needed, then load the module. */
function bootstrapUrl(options: WorkerPoolOptions): string {
  const typeScript = [options.module, ...(options.alsoLoads ?? [])].some(isTypeScript);
  const source = [
    ...(typeScript
      ? [
          `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};`,
          'register();',
        ]
      : []),
    `const loaded = await import(${JSON.stringify(options.module)});`,
    `export default loaded[${JSON.stringify(options.exportName)}];`,
  ].join('\n');
  return `data:text/javascript,${encodeURIComponent(source)}`;
}

export function openWorkerPool<Task, Result>(options: WorkerPoolOptions): WorkerPool<Task, Result> {
  const pool = new Tinypool({
    filename: bootstrapUrl(options),
    minThreads: options.threads,
    maxThreads: options.threads,
    // Tasks hold their thread for a while (a simulated run): no point in spinning on Atomics between them.
    useAtomics: false,
  });
  return {
    threads: options.threads,
    run: (task) => pool.run(task) as Promise<Result>,
    destroy: () => pool.destroy(),
  };
}

/** A sibling module of `base` (an `import.meta.url`) by name, with the extension `base` has (`.ts` sources, `.js` built). */
export function siblingModule(base: string, name: string): string {
  return new URL(`./${name}${isTypeScript(base) ? '.ts' : '.js'}`, base).href;
}
