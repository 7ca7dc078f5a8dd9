/**
 * Bytes a piece of code allocates on the JavaScript heap, garbage included: V8's sampling heap
 * profiler with the objects the garbage collector already freed kept in the profile. Unlike CPU
 * time it does not move with the machine's speed, so two builds compare to within a percent.
 */
import { Session } from 'inspector';

/** One sample per this many bytes allocated on average (V8's default is 32 KiB). */
const SAMPLING_INTERVAL = 128;

interface ProfileNode {
  selfSize: number;
  children: ProfileNode[];
}

function totalBytes(node: ProfileNode): number {
  return node.children.reduce((sum, child) => sum + totalBytes(child), node.selfSize);
}

/** Bytes allocated while `run` runs (everything in this process meanwhile, timers included). */
export async function allocatedBytes(run: () => Promise<void>): Promise<number> {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object): Promise<T> =>
    new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
  try {
    await post('HeapProfiler.startSampling', {
      samplingInterval: SAMPLING_INTERVAL,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    await run();
    const { profile } = await post<{ profile: { head: ProfileNode } }>('HeapProfiler.stopSampling');
    return totalBytes(profile.head);
  } finally {
    session.disconnect();
  }
}
